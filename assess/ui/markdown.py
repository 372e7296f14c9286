"""Content text made safe for Streamlit markdown: escaping, and evidence highlighting.

One pattern for every page: CommonMark's escapable ASCII punctuation plus ":" (Streamlit's
``:color[]`` and ``:icon:`` syntax), so text typed by a candidate or an author shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assess.scoring.result import KeyPointResult

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md(text: object) -> str:
    """Escape ``text`` for one line of markdown (whitespace runs become one space)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def escape(text: str) -> str:
    """Escape ``text`` for markdown keeping its spacing and line breaks (``md`` collapses)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def evidence_spans(text: str, points: Sequence[KeyPointResult]) -> list[tuple[int, int]]:
    """Where each covered point's evidence sits in ``text`` (the scorer's normalised answer).

    Uses the stored span when it still matches the evidence, else finds the evidence text;
    evidence that cannot be found is left out rather than highlighted in the wrong place.
    """
    spans = []
    for point in points:
        if not point.evidence:
            continue
        span = point.evidence_span
        if (
            span
            and 0 <= span[0] < span[1] <= len(text)
            and text[span[0] : span[1]] == point.evidence
        ):
            spans.append((span[0], span[1]))
            continue
        found = text.find(point.evidence)
        if found >= 0:
            spans.append((found, found + len(point.evidence)))
    return spans


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Markdown of ``text`` with ``spans`` on an orange background; every segment escaped."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape(text[cursor:start]))
        marked = text[start:end].strip()
        if marked:
            # Lines inside a directive would end it early; evidence is one clause anyway.
            out.append(f":orange-background[{escape(' '.join(marked.split()))}]")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)
