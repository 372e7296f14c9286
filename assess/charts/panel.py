"""Figures for the hiring panel: the shortlist side by side, ranked, and where members differ."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.colors import qualitative

from assess.analytics.panel import PanelRanking, RaterDisagreement
from assess.analytics.profile import CompetencyProfile
from assess.charts.candidate import (
    BAR_NAME,
    MAX_RATING,
    NOT_PROBED_NAME,
    bar_trace,
    plain_text,
    radar_layout,
    radar_traces,
    wrapped,
)
from assess.charts.gaps import gap_markers

NOT_RATED = "not rated"


def _colour(index: int) -> str:
    palette = qualitative.Plotly
    return palette[index % len(palette)]


def _competency_names(profiles: Sequence[CompetencyProfile]) -> list[str]:
    """Competencies with a bar or probed for anyone, in the bank's order."""
    keep = {s.name for p in profiles for s in p.scores if s.bar is not None or s.probed}
    names: list[str] = []
    for profile in profiles:
        names += [s.name for s in profile.scores if s.name in keep and s.name not in names]
    return names


def _shared_level(profiles: Sequence[CompetencyProfile]) -> bool:
    return len({p.level for p in profiles}) == 1


def overlaid_radars(profiles: Sequence[CompetencyProfile]) -> go.Figure:
    """Every shortlisted candidate's competency radar on one set of axes.

    Per candidate a rating trace (named after them) and a ``"<name>: not probed"`` trace of
    hollow markers; the requisition bar is drawn when the shortlist shares one level.
    """
    names = _competency_names(profiles)
    traces: list[go.Scatterpolar] = []
    if profiles and _shared_level(profiles):
        traces.append(bar_trace(profiles[0], names))
    for index, profile in enumerate(profiles):
        traces += radar_traces(profile, names, _colour(index))
    figure = go.Figure(traces)
    never = [n for n in names if all(_rating(p, n) is None for p in profiles)]
    radar_layout(figure, "Shortlist: final rating per competency", never)
    return figure


def _rating(profile: CompetencyProfile, name: str) -> float | None:
    for score in profile.scores:
        if score.name == name:
            return score.rating
    return None


def competency_bars(profiles: Sequence[CompetencyProfile]) -> go.Figure:
    """Grouped horizontal bars: one bar per candidate for each competency (rows).

    A competency a candidate was not probed on has no bar but a marker labelled
    "not probed" in that candidate's slot (trace ``"<name>: not probed"``); the requisition
    bar is a tick per competency when the shortlist shares one level.
    """
    names = _competency_names(profiles)
    labels = [plain_text(n) for n in names]
    traces: list[go.Bar | go.Scatter] = []
    for index, profile in enumerate(profiles):
        group = f"c{profile.candidate_id}"
        values = [_rating(profile, n) for n in names]
        traces.append(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=plain_text(profile.name),
                offsetgroup=group,
                legendgroup=group,
                marker_color=_colour(index),
                hovertemplate="%{y}: %{x:.1f}<extra>%{fullData.name}</extra>",
            )
        )
        gaps = gap_markers(
            labels,
            values,
            name=plain_text(profile.name),
            label=NOT_PROBED_NAME,
            colour=_colour(index),
            group=group,
            horizontal=True,
            size=7,
            hovertext=[f"{label}: not probed" for label in labels],
            legendgroup=group,
            showlegend=False,
            textfont={"size": 9, "color": _colour(index)},
        )
        if gaps:
            traces.append(gaps)
    if profiles and _shared_level(profiles):
        bars = {s.name: s.bar for s in profiles[0].scores}
        traces.append(
            go.Scatter(
                y=labels,
                x=[bars.get(n) for n in names],
                mode="markers",
                name=f"{BAR_NAME} ({profiles[0].level})",
                marker={"symbol": "line-ns-open", "size": 18, "color": "#555555"},
                hoverinfo="skip",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": "Shortlist: final rating per competency"},
        barmode="group",
        scattermode="group",
        yaxis={"title": {"text": "competency"}, "type": "category", "autorange": "reversed"},
        xaxis={"title": {"text": "mean final rating (0-5)"}, "range": [0, MAX_RATING + 0.3]},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        height=180 + len(names) * (10 + 12 * max(len(profiles), 1)),
        margin={"t": 140},
    )
    return figure


def ranking_labels(ranking: PanelRanking) -> list[str]:
    """Distinct y labels in rank order: ``"1. Name"``..., then unranked ``"- Name (id 7)"``."""
    return [
        f"{c.rank}. {plain_text(c.name)}"
        if c.rank is not None
        else f"- {plain_text(c.name)} (id {c.candidate_id})"
        for c in ranking.candidates
    ]


def ranking_chart(ranking: PanelRanking) -> go.Figure:
    """Ranked candidates' mean final rating with the bootstrap interval as error bars.

    Trace ``"mean final rating"`` has asymmetric ``error_x``; a candidate whose interval
    overlaps the next one's is labelled "overlaps next"; unrated candidates sit in a
    ``"not rated"`` trace at 0, labelled so.
    """
    labels = ranking_labels(ranking)
    ranked = [
        (label, c.mean, c.low, c.high, c)
        for c, label in zip(ranking.candidates, labels, strict=True)
        if c.mean is not None and c.low is not None and c.high is not None
    ]
    unrated = [label for c, label in zip(ranking.candidates, labels, strict=True) if c.rank is None]
    level = f"{ranking.confidence:.0%}"
    traces: list[go.Scatter] = [
        go.Scatter(
            x=[mean for _, mean, _, _, _ in ranked],
            y=[label for label, *_ in ranked],
            mode="markers+text",
            name="mean final rating",
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [high - mean for _, mean, _, high, _ in ranked],
                "arrayminus": [mean - low for _, mean, low, _, _ in ranked],
            },
            text=["overlaps next" if c.overlaps_next else "" for *_, c in ranked],
            textposition="top center",
            marker={"size": 12, "color": "#1f5f8b"},
            hovertext=[
                f"{label}: mean {mean:.2f}, {level} interval {low:.2f}-{high:.2f}, "
                f"{c.n} rated questions"
                + (
                    "<br>interval overlaps the next candidate's: not separated"
                    if c.overlaps_next
                    else ""
                )
                for label, mean, low, high, c in ranked
            ],
            hoverinfo="text",
        )
    ]
    if unrated:
        traces.append(
            go.Scatter(
                x=[0.0] * len(unrated),
                y=unrated,
                mode="markers+text",
                name=NOT_RATED,
                text=["no rated question"] * len(unrated),
                textposition="middle right",
                marker={"symbol": "x-open", "size": 10, "color": "#888888"},
                hoverinfo="skip",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        title={
            "text": f"Panel ranking: mean final rating with {level} bootstrap interval over "
            f"questions ({ranking.resamples} resamples)"
        },
        xaxis={"title": {"text": "mean final rating (0-5)"}, "range": [0, MAX_RATING + 0.2]},
        yaxis={
            "title": {"text": "candidate (rank order)"},
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
        },
        showlegend=bool(unrated),
    )
    return figure


def disagreement_heatmap(disagreement: RaterDisagreement) -> go.Figure:
    """Panel members x candidates: |member rating - panel mean|; "not rated" where absent.

    Cell text is the member's rating and signed difference, e.g. ``"4 (+1.3)"``.
    """
    names = [plain_text(n) for n in disagreement.candidate_names]
    if len(set(names)) != len(names):  # two candidates with one name still need two columns
        names = [f"{n} ({cid})" for n, cid in zip(names, disagreement.candidate_ids, strict=True)]
    text = []
    for member in disagreement.members:
        row = []
        for cid in disagreement.candidate_ids:
            d = disagreement.difference(member, cid)
            row.append(NOT_RATED if d is None else f"{d.rating} ({d.difference:+.1f})")
        text.append(row)
    top = max((v for row in disagreement.matrix for v in row if v is not None), default=0.0)
    heatmap = go.Heatmap(
        x=names,
        y=[plain_text(m) for m in disagreement.members],
        z=[list(row) for row in disagreement.matrix],
        zmin=0,
        zmax=max(top, 2.0),
        text=text,
        texttemplate="%{text}",
        hovertemplate="%{y} on %{x}: %{text}<extra></extra>",
        hoverongaps=False,
        colorscale=[[0.0, "#f7f7f7"], [1.0, "#b2182b"]],
        colorbar={"title": {"text": "|rating - panel mean|"}},
        xgap=2,
        ygap=2,
    )
    figure = go.Figure(heatmap)
    means = wrapped(
        [f"{n}: {m:.1f}" for n, m in zip(names, disagreement.panel_means, strict=True)], 110
    )
    figure.update_layout(
        title={
            "text": "Panel disagreement: each member's rating against the panel mean",
            "subtitle": {"text": "panel means: " + "<br>".join(means) if means else ""},
        },
        xaxis={"title": {"text": "candidate"}, "type": "category", "tickangle": -20},
        yaxis={"title": {"text": "panel member"}, "type": "category", "autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 80 + 16 * len(means), "b": 10},
    )
    return figure
