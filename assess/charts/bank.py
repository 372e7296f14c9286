"""Figures about the question bank itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import plotly.graph_objects as go

from assess.content.bank import Bank
from assess.content.vocabulary import ROLE_LEVELS, RoleLevel

NOT_ASSESSED = "n/a"
_ZERO_COLOUR = "#f4c7c3"  # a cell with no rubric yet stands out from the blue scale


@dataclass(frozen=True)
class Coverage:
    """Rubrics of active questions per competency (rows) and role level (columns).

    ``counts[i][j]`` is ``None`` where competency ``i`` is not assessed at level ``j``.
    """

    competency_ids: tuple[str, ...]
    competency_names: tuple[str, ...]
    levels: tuple[RoleLevel, ...]
    counts: tuple[tuple[int | None, ...], ...]


def coverage(bank: Bank) -> Coverage:
    """Count the rubrics of active questions per competency and level."""
    active = {q.id: q for q in bank.active_questions()}
    counted = Counter(
        (active[question_id].competency, level)
        for question_id, level in bank.rubrics
        if question_id in active
    )
    rows = [
        tuple(
            counted[(competency.id, level)] if level in competency.levels else None
            for level in ROLE_LEVELS
        )
        for competency in bank.competencies.values()
    ]
    return Coverage(
        competency_ids=tuple(bank.competencies),
        competency_names=tuple(c.name for c in bank.competencies.values()),
        levels=ROLE_LEVELS,
        counts=tuple(rows),
    )


def coverage_figure(bank: Bank) -> go.Figure:
    """A heatmap of rubrics per competency and level; empty cells show 0, others n/a.

    Args:
        bank: the loaded question bank.

    Returns:
        A figure with one ``go.Heatmap`` trace: ``x`` the role levels, ``y`` the competency
        names, ``z`` the number of rubrics (``None`` where the competency is not assessed).
    """
    cov = coverage(bank)
    z = [list(row) for row in cov.counts]
    text = [[NOT_ASSESSED if n is None else str(n) for n in row] for row in cov.counts]
    top = max((n for row in cov.counts for n in row if n is not None), default=0)
    top = max(top, 1)
    edge = 0.5 / top  # values below half a rubric, i.e. exactly 0, get the zero colour
    colorscale = [
        [0.0, _ZERO_COLOUR],
        [edge, _ZERO_COLOUR],
        [edge, "#deebf7"],
        [1.0, "#1f5f8b"],
    ]
    heatmap = go.Heatmap(
        x=list(cov.levels),
        y=list(cov.competency_names),
        z=z,
        zmin=0,
        zmax=top,
        text=text,
        texttemplate="%{text}",
        customdata=[[cid] * len(cov.levels) for cid in cov.competency_ids],
        hovertemplate="%{y} (%{customdata})<br>%{x}: %{text} rubrics<extra></extra>",
        hoverongaps=False,
        colorscale=colorscale,
        colorbar={"title": {"text": "rubrics"}},
        xgap=2,
        ygap=2,
    )
    figure = go.Figure(heatmap)
    figure.update_layout(
        title={"text": "Rubrics per competency and role level (active questions)"},
        xaxis={"title": {"text": "role level"}, "side": "top"},
        yaxis={"autorange": "reversed", "automargin": True},
        height=140 + 34 * max(len(cov.competency_ids), 1),
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
    )
    return figure
