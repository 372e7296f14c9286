"""Markers for missing values in grouped bar charts: a missing rating is never a zero bar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go


def gap_markers(
    categories: Sequence[str],
    values: Sequence[float | None],
    *,
    name: str,
    label: str,
    colour: str,
    group: str,
    horizontal: bool = False,
    size: int = 9,
    hovertext: Sequence[str] | None = None,
    **extra: Any,
) -> go.Scatter | None:
    """An open marker labelled ``label`` at 0 in the bar slot of each missing value.

    The trace is named ``"<name>: <label>"`` and shares the bars' ``group``, so it sits in
    that series' slot. ``hovertext`` is per category (only the gaps' are used); ``extra``
    goes to the trace as is. None when no value is missing.
    """
    gaps = [i for i, value in enumerate(values) if value is None]
    if not gaps:
        return None
    where = [categories[i] for i in gaps]
    zeros = [0.0] * len(gaps)
    return go.Scatter(
        x=zeros if horizontal else where,
        y=where if horizontal else zeros,
        orientation="h" if horizontal else "v",  # grouped along the bars' category axis
        mode="markers+text",
        name=f"{name}: {label}",
        offsetgroup=group,
        text=[label] * len(gaps),
        textposition="middle right" if horizontal else "top center",
        marker={"symbol": "x-open", "size": size, "color": colour},
        cliponaxis=False,  # a marker at 0 is otherwise cut in half by the axis
        hovertext=[hovertext[i] for i in gaps] if hovertext is not None else None,
        hoverinfo="text" if hovertext is not None else "skip",
        **extra,
    )
