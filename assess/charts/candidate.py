"""Figures about one candidate, for the recruiter: built from analytics results, not records.

Text that came from an answer or a prompt goes through ``plain_text`` before it reaches a
figure: plotly renders a subset of HTML (and ``$...$`` as LaTeX) in hover text, annotations
and table cells, and a candidate's words must show as they were typed.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TypeVar

import plotly.graph_objects as go

from assess.analytics.coverage import NOT_PROBED, STATES, CoverageGrid
from assess.analytics.credibility import CredibilityIndex, FlagEvidence
from assess.analytics.profile import CompetencyProfile, CompetencyScore, QuestionRating
from assess.analytics.role_fit import LEANING, RoleFitSummary
from assess.charts.gaps import gap_markers

T = TypeVar("T")
MAX_RATING = 5
BAR_NAME = "requisition bar"
NOT_PROBED_NAME = "not probed"
STATE_COLOURS = {
    "not probed": "#e0e0e0",
    "not rated": "#fde9a9",
    "missed": "#f4a582",
    "shown": "#5aae61",
}
MACHINE_NAME = "machine suggestion"
FINAL_NAME = "interviewer's final rating"


def plain_text(text: str) -> str:
    """Text as plotly should show it, not interpret it: HTML escaped, ``$`` defused."""
    # Plotly decodes these entities back to the characters when it draws the text.
    return html.escape(text, quote=False).replace("$", "&#36;")


def _shown_scores(profile: CompetencyProfile) -> list[CompetencyScore]:
    """Competencies worth an axis: those with a bar at this level, or probed anyway."""
    return [s for s in profile.scores if s.bar is not None or s.probed]


def _closed(values: list[T]) -> list[T]:
    """Repeat the first point so a radar's outline closes."""
    return values + values[:1]


def _score_hover(score: CompetencyScore) -> str:
    if not score.probed:
        return f"{plain_text(score.name)}: not probed"
    machine = "" if score.machine_mean is None else f", machine mean {score.machine_mean:.1f}"
    noun = "question" if score.n_questions == 1 else "questions"
    return f"{plain_text(score.name)}: {score.rating:.1f} from {score.n_questions} {noun}{machine}"


def radar_traces(
    profile: CompetencyProfile, names: list[str], colour: str | None = None
) -> list[go.Scatterpolar]:
    """A candidate's rating trace and "not probed" marker trace on the competency axes
    ``names`` (competency names; a competency missing from the profile counts as not probed)."""
    by_name = {s.name: s for s in profile.scores}
    scores = [by_name.get(name) for name in names]
    r = [s.rating if s is not None else None for s in scores]
    hover = [
        _score_hover(s) if s is not None else f"{plain_text(name)}: not probed"
        for s, name in zip(scores, names, strict=True)
    ]
    missing = [name for name, value in zip(names, r, strict=True) if value is None]
    line = {} if colour is None else {"color": colour}
    rating = go.Scatterpolar(
        r=_closed(r),
        theta=_closed([plain_text(n) for n in names]),
        mode="lines+markers",
        name=plain_text(profile.name),
        legendgroup=str(profile.candidate_id),
        hovertext=_closed(hover),
        hoverinfo="text",
        connectgaps=False,
        line=line,
        marker=line,
    )
    gaps = go.Scatterpolar(
        r=[0] * len(missing),
        theta=[plain_text(n) for n in missing],
        mode="markers",
        name=f"{plain_text(profile.name)}: {NOT_PROBED_NAME}",
        legendgroup=str(profile.candidate_id),
        hovertext=[f"{plain_text(n)}: not probed" for n in missing],
        hoverinfo="text",
        marker={"symbol": "circle-open", "size": 11, **line},
    )
    return [rating, gaps]


def bar_trace(profile: CompetencyProfile, names: list[str]) -> go.Scatterpolar:
    """The requisition's bar on the competency axes ``names`` (gaps where there is none)."""
    by_name = {s.name: s for s in profile.scores}
    bar = [by_name[n].bar if n in by_name else None for n in names]
    return go.Scatterpolar(
        r=_closed(bar),
        theta=_closed([plain_text(n) for n in names]),
        mode="lines",
        name=f"{BAR_NAME} ({profile.level})",
        line={"dash": "dash", "color": "#555555"},
        connectgaps=False,
        hoverinfo="skip",
    )


def wrapped(names: Sequence[str], width: int = 90) -> list[str]:
    """Comma-separated names broken into lines of about ``width`` characters."""
    lines: list[str] = []
    for name in names:
        if lines and len(lines[-1]) + len(name) + 2 <= width:
            lines[-1] += f", {name}"
        else:
            lines.append(name)
    return lines


# A competency name wraps at about this many characters per line: narrow near the top and
# bottom of the radar, where neighbours sit side by side; wide at the sides, where they stack.
NARROW_LABEL, WIDE_LABEL = 12, 26
RADAR_HEIGHT = 640
LABEL_ROOM = 80  # pixels under the circle for the labels of the bottom axes


def axis_label(name: str, index: int, n_axes: int) -> str:
    """Axis ``index`` of ``n_axes`` (clockwise from the top) as lines of ``<br>``-joined words,
    narrow where the radar's labels sit side by side and wide where they stack."""
    side = abs(math.sin(2 * math.pi * (index - 0.5) / max(n_axes, 1)))
    width = round(NARROW_LABEL + (WIDE_LABEL - NARROW_LABEL) * side)
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def radar_layout(figure: go.Figure, title: str, not_probed: list[str]) -> None:
    """Shared layout of the competency radars: 0-5 radial axis with a small hole, so the
    hollow "not probed" markers at 0 sit on a ring, and a "not probed" note below.

    Readable at 1280x800 with the bank's longest names (18 axes, names of 52 characters):
    axis labels wrap onto short lines, the circle is centred with room on both sides for
    them, and the legend and the note sit under the chart instead of beside it.
    """
    lines = wrapped([plain_text(n) for n in not_probed])
    theta = next((list(t.theta)[:-1] for t in figure.data if t.theta and len(t.theta) > 1), [])
    legend_rows = max(1, len(figure.data) // 2)
    # Under the circle: room for the bottom labels, then the "not probed" note, then the legend.
    note_at = LABEL_ROOM
    below = LABEL_ROOM + 18 * len(lines) + 22 * legend_rows + 20
    figure.update_layout(
        title={"text": title},
        height=RADAR_HEIGHT + below,
        polar={
            "radialaxis": {"range": [0, MAX_RATING], "angle": 90, "tickangle": 90},
            "angularaxis": {
                "tickmode": "array",
                "tickvals": theta,
                "ticktext": [axis_label(t, i, len(theta)) for i, t in enumerate(theta)],
                # Clockwise from half a step before the top, so no label sits on the
                # vertical there (and the radial axis's numbers have a clear line to sit on).
                "rotation": 90 + 180 / max(len(theta), 1),
                "direction": "clockwise",
                "tickfont": {"size": 11},
            },
            "hole": 0.12,
            "domain": {"x": [0.2, 0.8], "y": [0.0, 1.0]},
        },
        legend={
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0,
            "yanchor": "bottom",
            "yref": "container",
        },
        margin={"l": 40, "r": 40, "t": 110, "b": below},
    )
    if lines:
        figure.add_annotation(
            text="Not probed: " + "<br>".join(lines),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0,
            yshift=-note_at,
            yanchor="top",
        )


def competency_radar(profile: CompetencyProfile) -> go.Figure:
    """The candidate's final rating per competency against the requisition's bar.

    Axes are the competencies assessed at the requisition's level plus any probed anyway.
    Not-probed competencies get a gap in the rating line, a hollow marker at 0 in a trace
    named ``"<candidate>: not probed"`` and are listed in an annotation.
    """
    names = [s.name for s in _shown_scores(profile)]
    figure = go.Figure([bar_trace(profile, names), *radar_traces(profile, names)])
    overall = "no rated question" if profile.overall is None else f"overall {profile.overall:.1f}"
    radar_layout(
        figure,
        f"Competencies of {plain_text(profile.name)} against the {profile.level} bar "
        f"(final rating 0-5; {overall})",
        [s.name for s in _shown_scores(profile) if not s.probed],
    )
    return figure


def _cell_text(state: str, n_asked: int, n_rated: int, n_shown: int) -> str:
    if state == NOT_PROBED:
        return NOT_PROBED
    if n_rated == 0:
        return f"{state} ({n_asked} asked)"
    return f"{state} {n_shown}/{n_rated}"


def coverage_heatmap(grid: CoverageGrid) -> go.Figure:
    """One coverage grid as a heat map with one discrete colour per cell state.

    ``z`` holds the state's index in ``STATES``; ``text`` says the state ("not probed" in
    those cells) and, where rated, how many rated questions showed the ground.
    """
    z = [[STATES.index(cell.state) for cell in row] for row in grid.cells]
    text = [
        [_cell_text(c.state, c.n_asked, c.n_rated, c.n_shown) for c in row] for row in grid.cells
    ]
    hover = [
        [
            f"{c.row} x {c.column}: {_cell_text(c.state, c.n_asked, c.n_rated, c.n_shown)}"
            + (f"<br>questions: {', '.join(c.question_ids)}" if c.question_ids else "")
            for c in row
        ]
        for row in grid.cells
    ]
    n = len(STATES)
    colorscale = []
    for index, state in enumerate(STATES):  # one flat band per state
        colorscale += [[index / n, STATE_COLOURS[state]], [(index + 1) / n, STATE_COLOURS[state]]]
    heatmap = go.Heatmap(
        x=list(grid.columns),
        y=list(grid.rows),
        z=z,
        zmin=-0.5,
        zmax=n - 0.5,
        text=text,
        texttemplate="%{text}",
        hovertext=hover,
        hoverinfo="text",
        colorscale=colorscale,
        colorbar={"tickvals": list(range(n)), "ticktext": list(STATES), "title": {"text": "state"}},
        xgap=2,
        ygap=2,
    )
    figure = go.Figure(heatmap)
    unplaced = (
        f"{grid.n_unplaced} answered question(s) lack a tag on one of these axes"
        if grid.n_unplaced
        else ""
    )
    figure.update_layout(
        title={"text": grid.title, "subtitle": {"text": unplaced}},
        xaxis={"title": {"text": grid.column_label}, "tickangle": -30},
        yaxis={"title": {"text": grid.row_label}, "autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
    )
    return figure


def role_fit_axis(summary: RoleFitSummary) -> go.Figure:
    """The candidate's mean role-fit position on a -1 (plant) ... +1 (enterprise) axis.

    Traces: the requisition's target side as a shaded band (``"target: <level> side"``), one
    marker per answer (``"answers"``) and the mean (``"mean position"``, absent without
    evidence).
    """
    low, high = (LEANING, 1.0) if summary.requisition_level == "enterprise" else (-1.0, -LEANING)
    traces: list[go.Scatter] = [
        go.Scatter(
            x=[low, high, high, low, low],
            y=[-1, -1, 1, 1, -1],
            fill="toself",
            mode="none",
            fillcolor="rgba(90, 174, 97, 0.2)",
            name=f"target: {summary.requisition_level} side",
            hoverinfo="skip",
        )
    ]
    if summary.drivers:
        traces.append(
            go.Scatter(
                x=[d.position for d in summary.drivers],
                y=[0.0] * len(summary.drivers),
                mode="markers",
                name="answers",
                marker={"size": 10, "opacity": 0.6, "color": "#1f5f8b"},
                hovertext=[
                    f"{plain_text(d.question_id or 'ad hoc question')}: {d.position:+.2f}<br>"
                    f"{plain_text(d.prompt)}"
                    for d in summary.drivers
                ],
                hoverinfo="text",
            )
        )
    if summary.position is not None:
        traces.append(
            go.Scatter(
                x=[summary.position],
                y=[0.0],
                mode="markers",
                name="mean position",
                marker={"size": 20, "symbol": "diamond", "color": "#b2182b"},
                hovertext=[f"mean {summary.position:+.2f} over {summary.n} answers"],
                hoverinfo="text",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": f"Role fit: {summary.verdict}"},
        xaxis={
            "title": {"text": "where the answers sit (-1 one plant ... +1 the enterprise)"},
            "range": [-1.1, 1.1],
            "tickvals": [-1, 0, 1],
            "ticktext": ["plant (one site)", "between", "enterprise (many sites)"],
            "zeroline": True,
        },
        yaxis={"visible": False, "range": [-1, 1]},
        height=260,
        margin={"l": 20, "r": 20, "t": 60, "b": 60},
    )
    return figure


def _bar_text(value: float | None, missing: str) -> str:
    return missing if value is None else f"{value:.1f}"


def machine_vs_final(rows: Sequence[QuestionRating]) -> go.Figure:
    """Per question: the machine's suggestion beside the interviewer's final rating.

    Two bar traces (``MACHINE_NAME``, ``FINAL_NAME``) over the question labels; a missing value
    has no bar but a marker labelled "not scored" or "not rated" in its slot.
    """
    labels = [row.label for row in rows]
    machine = [row.machine_score for row in rows]
    final = [None if row.final_rating is None else float(row.final_rating) for row in rows]
    hover = [
        f"{plain_text(row.label)}: {plain_text(row.prompt)}"
        + (f"<br>override: {plain_text(row.override_reason)}" if row.override_reason else "")
        for row in rows
    ]
    traces: list[go.Bar | go.Scatter] = []
    for name, values, missing, colour in (
        (MACHINE_NAME, machine, "not scored", "#9ecae1"),
        (FINAL_NAME, final, "not rated", "#08519c"),
    ):
        traces.append(
            go.Bar(
                x=labels,
                y=values,
                name=name,
                offsetgroup=name,
                marker_color=colour,
                text=[_bar_text(v, "") for v in values],
                textposition="outside",
                hovertext=hover,
                hoverinfo="text+y",
            )
        )
        gaps = gap_markers(
            labels,
            values,
            name=name,
            label=missing,
            colour=colour,
            group=name,
            size=10,
            hovertext=hover,
        )
        if gaps:
            traces.append(gaps)
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": "Machine suggestion and final rating per question"},
        barmode="group",
        scattermode="group",
        xaxis={"title": {"text": "question"}, "type": "category"},
        yaxis={"title": {"text": "rating (0-5)"}, "range": [0, MAX_RATING + 0.6]},
        legend={"orientation": "h"},
    )
    return figure


FLAG_HEADERS = ("question", "misconception", "claim", "quoted clause", "correction")


def red_flag_table(flags: Sequence[FlagEvidence]) -> go.Figure:
    """A table of the misconceptions asserted, each with the answer's own clause."""
    columns = [
        [plain_text(f.question_id or "ad hoc question") for f in flags],
        [plain_text(f.misconception) for f in flags],
        [plain_text(f.claim) for f in flags],
        [plain_text(f"\u201c{f.clause}\u201d") for f in flags],
        [plain_text(f.correction) for f in flags],
    ]
    table = go.Table(
        header={"values": list(FLAG_HEADERS), "align": "left", "font": {"size": 13}},
        cells={"values": columns, "align": "left"},
        columnwidth=[1, 1, 3, 3, 3],
    )
    figure = go.Figure(table)
    title = f"Red flags ({len(flags)})" if flags else "Red flags: none raised"
    figure.update_layout(title={"text": title}, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return figure


def credibility_parts(index: CredibilityIndex) -> go.Figure:
    """The credibility index's parts as bars (0-1), "no evidence" marked, index in the title.

    The index describes the evidence, not the candidate's honesty; the title says so.
    """
    labels = [p.label for p in index.parts]
    values = [p.value for p in index.parts]
    texts = [f"{p.shown} (n={p.n})" if p.has_evidence else p.shown for p in index.parts]
    hover = [
        f"{p.label}: {p.shown}<br>{plain_text(p.method)}"
        + "".join(f"<br>{plain_text(line)}" for line in p.evidence[:8])
        for p in index.parts
    ]
    traces: list[go.Bar | go.Scatter] = [
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            name="part value",
            text=texts,
            textposition="outside",
            hovertext=hover,
            hoverinfo="text",
            marker_color="#1f5f8b",
        )
    ]
    missing = [p for p in index.parts if not p.has_evidence]
    if missing:
        traces.append(
            go.Scatter(
                y=[p.label for p in missing],
                x=[0.0] * len(missing),
                mode="markers+text",
                name="no evidence",
                text=["no evidence"] * len(missing),
                textposition="middle right",
                marker={"symbol": "x-open", "size": 10, "color": "#888888"},
                hoverinfo="skip",
            )
        )
    shown = "no evidence" if index.index is None else f"{index.index:.0f}/100"
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": f"Credibility index {shown}: describes the evidence, not honesty"},
        xaxis={"title": {"text": "part value (0-1)"}, "range": [0, 1.25]},
        yaxis={"title": {"text": "part"}, "autorange": "reversed"},
        showlegend=False,
        height=300,
    )
    return figure
