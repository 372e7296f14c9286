"""The PDF radar's axis labels: every competency name whole (wrapped, never cut), no two labels
overlapping and none off the drawing, with all of the bank's competencies on the axes (the
most crowded radar a report can draw) and some of them not probed."""

from __future__ import annotations

from itertools import combinations

import pytest
from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import stringWidth

from assess.analytics.profile import CompetencyProfile, CompetencyScore
from assess.content.bank import Bank
from assess.reports import pdf


def every_competency(bank: Bank, probed_every: int) -> CompetencyProfile:
    scores = tuple(
        CompetencyScore(cid, c.name, 3.0 if i % probed_every == 0 else None, 1, None, 3.0)
        for i, (cid, c) in enumerate(bank.competencies.items())
    )
    return CompetencyProfile(1, "Sample Candidate - Long Name", "plant", scores, 3.0, 1, 0)


def label_boxes(drawing) -> list[tuple[float, float, float, float, str]]:
    boxes = []
    for item in drawing.contents:
        if isinstance(item, String) and item.fontSize == pdf.LABEL_SIZE:
            width = stringWidth(item.text, item.fontName, item.fontSize)
            left = {"start": item.x, "end": item.x - width}.get(item.textAnchor, item.x - width / 2)
            boxes.append((left, item.y, left + width, item.y + item.fontSize, item.text))
    return boxes


@pytest.mark.parametrize("probed_every", [1, 2, 5])
def test_labels_whole_apart_and_on_the_drawing(real_bank: Bank, probed_every: int) -> None:
    pdf._register_fonts()
    drawing = pdf.radar([every_competency(real_bank, probed_every)])
    boxes = label_boxes(drawing)
    text = " ".join(b[4] for b in boxes)
    for competency in real_bank.competencies.values():
        assert all(word in text for word in competency.name.split()), competency.name
    for a, b in combinations(boxes, 2):
        overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        assert not overlap, (a[4], b[4])
    for left, bottom, right, top, label in boxes:
        assert left >= 0 and right <= drawing.width, label
        assert bottom >= 0 and top <= drawing.height, label
