"""What a scorer returns: a suggested score with the evidence behind it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BANDS = (
    (1.5, "insufficient"),
    (2.5, "developing"),
    (3.5, "competent"),
    (4.5, "strong"),
    (5.01, "exemplary"),
)

# Integrity flags: text that must not earn a high score whatever it resembles.
KEYWORD_STUFFING = "keyword_stuffing"
RESTATES_QUESTION = "restates_question"
ADDRESSES_GRADER = "addresses_grader"
TRUNCATED = "truncated"
# Not an integrity problem but the same consequence: nothing on this rubric was shown.
NO_KEY_POINT = "no_key_point_shown"
# Nearer another question of the bank, whose key points it shows better: ``Score.note`` names it.
DIFFERENT_QUESTION = "different_question"
# Pitched past halfway towards the same question's other level (its role fit): held at 2.
OTHER_LEVEL = "pitched_at_other_level"
# Notes for the interviewer that hold the suggestion low, beside the number.
EVIDENCE_NOTES = (NO_KEY_POINT, DIFFERENT_QUESTION, OTHER_LEVEL)


def band_of(score: float) -> str:
    for upper, name in BANDS:
        if score < upper:
            return name
    return BANDS[-1][1]


def confidence_label(confidence: float) -> str:
    """The confidence in words. The figure is a heuristic (the answer's length, how evenly it
    covers the key points, integrity flags), not a probability, so it is never shown as one."""
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.6 else "low"


@dataclass(frozen=True)
class KeyPointResult:
    """How one key point fared. ``evidence`` is the answer's best-matching clause."""

    id: str
    text: str
    weight: float
    coverage: float
    covered: bool
    evidence: str
    evidence_span: tuple[int, int] | None
    probe: str


@dataclass(frozen=True)
class RedFlagHit:
    misconception: str
    claim: str
    correction: str
    clause: str
    span: tuple[int, int]
    similarity: float


@dataclass(frozen=True)
class RoleFit:
    """Where the answer sits between the plant bar and the enterprise bar.

    ``plant`` and ``enterprise`` are the answer's scores against each level's rubric.
    ``position`` is its altitude, not its quality: -1 where the plant rubric's good exemplars
    sit on average (pitched at one plant), +1 where the enterprise rubric's do (pitched at the
    enterprise), measured along the direction from one rubric's content to the other's.
    """

    plant: float
    enterprise: float
    position: float
    leaning: str


@dataclass(frozen=True)
class Score:
    """A suggestion for the interviewer, never a decision.

    ``score`` is None when the scorer abstains; ``abstain_reason`` then says why. ``note``
    says why a number is held low (the other question the answer is about), else "".
    """

    score: float | None
    band: str
    confidence: float
    abstained: bool
    abstain_reason: str
    covered: tuple[KeyPointResult, ...]
    missed: tuple[KeyPointResult, ...]
    red_flags: tuple[RedFlagHit, ...]
    integrity_flags: tuple[str, ...]
    role_fit: RoleFit | None
    model_id: str
    rubric_version: str
    calibration_id: str
    features: dict[str, float] = field(default_factory=dict)
    note: str = ""

    @property
    def next_probes(self) -> list[str]:
        """Follow-ups for the missed key points, heaviest first."""
        return [p.probe for p in sorted(self.missed, key=lambda p: -p.weight)]

    def as_dict(self) -> dict[str, Any]:
        """Plain data (tuples as lists once stored as JSON); ``from_dict`` reverses it."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Score:
        """Rebuild a stored score, e.g. from the database's JSON copy."""

        def point(p: dict[str, Any]) -> KeyPointResult:
            span = p.get("evidence_span")
            return KeyPointResult(**{**p, "evidence_span": tuple(span) if span else None})

        def flag(f: dict[str, Any]) -> RedFlagHit:
            return RedFlagHit(**{**f, "span": tuple(f["span"])})

        fit = data.get("role_fit")
        return cls(
            **{
                **data,
                "covered": tuple(point(p) for p in data["covered"]),
                "missed": tuple(point(p) for p in data["missed"]),
                "red_flags": tuple(flag(f) for f in data["red_flags"]),
                "integrity_flags": tuple(data["integrity_flags"]),
                "role_fit": RoleFit(**fit) if fit else None,
                "features": dict(data.get("features", {})),
            }
        )
