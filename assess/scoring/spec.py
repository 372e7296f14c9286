"""The rubric as the scorer sees it: built from the bank or given ad hoc (e.g. from a CSV)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from assess.content.bank import Bank
from assess.errors import InputFileError
from assess.scoring.text import sentences

# The level of a rubric typed in for the occasion, with no bank question behind it.
AD_HOC_LEVEL = "ad-hoc"


@dataclass(frozen=True)
class PointSpec:
    id: str
    text: str
    weight: float
    probe: str


@dataclass(frozen=True)
class FlagSpec:
    misconception: str
    claim: str
    correction: str


@dataclass(frozen=True)
class ScoringRubric:
    """Everything scoring needs to judge answers to one question at one level.

    ``reference`` is the model answer compared with the whole answer: a given reference
    answer, else the key points read as one text. Exemplars (score, answer) anchor the scale.
    """

    question_id: str
    question: str
    level: str
    version: str
    key_points: tuple[PointSpec, ...]
    reference: str
    exemplars: tuple[tuple[int, str], ...] = ()
    red_flags: tuple[FlagSpec, ...] = ()
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.fingerprint:
            digest = hashlib.sha256(
                repr(
                    (self.question, self.key_points, self.reference, self.exemplars, self.red_flags)
                ).encode()
            )
            object.__setattr__(self, "fingerprint", digest.hexdigest()[:16])

    @property
    def total_weight(self) -> float:
        return sum(point.weight for point in self.key_points)


def from_bank(bank: Bank, question_id: str, level: str) -> ScoringRubric:
    """The bank's rubric for a question at a level. Raises UnknownItemError."""
    rubric = bank.rubric(question_id, level)
    question = bank.question(question_id)
    points = tuple(PointSpec(p.id, p.text, p.weight, p.probe) for p in rubric.key_points)
    return ScoringRubric(
        question_id=question_id,
        question=question.text,
        level=level,
        version=f"{question_id}/{level}/v{rubric.version}",
        key_points=points,
        reference=" ".join(p.text for p in points),
        exemplars=tuple((e.score, e.answer) for e in rubric.exemplars),
        red_flags=tuple(FlagSpec(f.misconception, f.claim, f.correction) for f in rubric.red_flags),
    )


def ad_hoc(
    question: str,
    reference_answer: str = "",
    key_points: Sequence[str] = (),
    red_flags: Sequence[str] = (),
    question_id: str = "",
) -> ScoringRubric:
    """A rubric from plain text: a reference answer and/or key points, and optional red flags.

    Without key points, each sentence of the reference answer is one key point. A red flag
    given as plain text is a wrong claim with no stated correction.

    Raises:
        InputFileError: when there is neither a reference answer nor a key point.
    """
    reference_answer = reference_answer.strip()
    points_text = [p.strip() for p in key_points if p.strip()]
    if not points_text and reference_answer:
        points_text = [reference_answer[a:b] for a, b in sentences(reference_answer)]
    if not points_text:
        raise InputFileError("an ad-hoc rubric needs a reference_answer or key_points")
    points = tuple(
        PointSpec(f"kp{i + 1}", text, 1.0, f"Can you say more about: {text}")
        for i, text in enumerate(points_text)
    )
    flags = tuple(
        FlagSpec(f"F{i + 1}", claim.strip(), "")
        for i, claim in enumerate(red_flags)
        if claim.strip()
    )
    digest = hashlib.sha256(f"{question}|{reference_answer}|{points_text}".encode()).hexdigest()
    return ScoringRubric(
        question_id=question_id or f"adhoc-{digest[:8]}",
        question=question.strip(),
        level=AD_HOC_LEVEL,
        version=f"adhoc-{digest[:12]}",
        key_points=points,
        reference=reference_answer or " ".join(points_text),
        red_flags=flags,
    )
