"""Figures for the team: interviewer calibration and item analysis for the bank maintainer."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from assess.analytics.team import WEAK_DISCRIMINATION, InterviewerCalibration, ItemStats
from assess.charts.candidate import plain_text
from assess.charts.gaps import gap_markers

VS_MACHINE = "final - machine"
VS_OTHERS = "rating - other interviewers"
NO_DATA = "no data"


def calibration_chart(calibrations: Sequence[InterviewerCalibration]) -> go.Figure:
    """Per interviewer: mean (final - machine) with its spread as error bars, beside the mean
    difference to other interviewers on the same questions. Missing values are labelled
    "no data" at 0 (trace ``"<name>: no data"``), never drawn as a zero bar."""
    names = [plain_text(c.interviewer) for c in calibrations]
    hover = [
        f"{name}: {c.direction}; {c.n_paired} answers with a machine score, "
        f"{c.n_compared} ratings comparable with colleagues"
        for name, c in zip(names, calibrations, strict=True)
    ]
    traces: list[go.Bar | go.Scatter] = []
    series = (
        (VS_MACHINE, [c.bias for c in calibrations], [c.spread for c in calibrations], "#1f5f8b"),
        (VS_OTHERS, [c.vs_others for c in calibrations], None, "#f4a582"),
    )
    for name, values, spread, colour in series:
        bar = go.Bar(
            x=names,
            y=values,
            name=name,
            offsetgroup=name,
            marker_color=colour,
            hovertext=hover,
            hoverinfo="text+y",
        )
        if spread is not None:
            # None leaves that bar without an error bar (spread unknown below 2 answers).
            bar.error_y = {"type": "data", "array": list(spread)}
        traces.append(bar)
        gaps = gap_markers(names, values, name=name, label=NO_DATA, colour=colour, group=name)
        if gaps:
            traces.append(gaps)
    figure = go.Figure(traces)
    figure.add_hline(y=0, line={"color": "#555555", "width": 1})
    figure.update_layout(
        title={"text": "Interviewer calibration: final ratings against the machine and colleagues"},
        barmode="group",
        scattermode="group",
        xaxis={"title": {"text": "interviewer"}, "type": "category"},
        yaxis={"title": {"text": "mean difference (rating points; + rates higher)"}},
        legend={"orientation": "h"},
    )
    return figure


def item_analysis_chart(items: Sequence[ItemStats]) -> go.Figure:
    """Each item's discrimination against its mean rating, with the weak-item threshold.

    Items without a discrimination (too few candidates, or no spread) are counted in an
    annotation, not plotted at an invented value.
    """
    points = [
        (item, item.mean_rating, item.discrimination)
        for item in items
        if item.discrimination is not None and item.mean_rating is not None
    ]
    scatter = go.Scatter(
        x=[mean for _, mean, _ in points],
        y=[r for _, _, r in points],
        mode="markers+text",
        name="question",
        text=[item.question_id for item, _, _ in points],
        textposition="top center",
        marker={
            "size": 10,
            "color": ["#b2182b" if r < WEAK_DISCRIMINATION else "#1f5f8b" for *_, r in points],
        },
        hovertext=[
            f"{item.question_id}: asked {item.times_asked}, mean {mean:.2f}, "
            f"discrimination {r:.2f} over {item.n_discrimination} candidates"
            for item, mean, r in points
        ],
        hoverinfo="text",
    )
    figure = go.Figure(scatter)
    figure.add_hline(
        y=WEAK_DISCRIMINATION,
        line={"dash": "dash", "color": "#b2182b"},
        annotation_text=f"weak below {WEAK_DISCRIMINATION:g}",
    )
    figure.update_layout(
        title={"text": "Item analysis: how well each question separates strong from weak"},
        xaxis={"title": {"text": "mean final rating (0-5)"}, "range": [0, 5.2]},
        yaxis={"title": {"text": "discrimination (corrected item-total r)"}, "range": [-1.05, 1.1]},
        showlegend=False,
    )
    missing = len(items) - len(points)
    if missing:
        figure.add_annotation(
            text=f"{missing} question(s) without a discrimination yet (not plotted)",
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0,
            y=-0.15,
            xanchor="left",
        )
    return figure
