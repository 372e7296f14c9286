"""Role fit: where a candidate's answers sit between the plant bar and the enterprise bar.

Each answered question that has both rubrics carries the scorer's ``role_fit_position``
(-1 pitched at one plant ... +1 pitched at the enterprise). The summary is their mean, with
the answers that drove it, and a verdict against the requisition's level.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.analytics.profile import ANSWERED, check_level, mean_or_none
from assess.analytics.records import CandidateRecord

LEANING = 0.2  # |mean position| beyond this leans to one side; within it the answers sit between

PLANT_FOR_ENTERPRISE = "answers pitched at one site for an enterprise role"
ENTERPRISE_FOR_PLANT = "answers pitched at the enterprise for a plant role"
MATCHES_ENTERPRISE = "answers pitched at the enterprise, as the role asks"
MATCHES_PLANT = "answers pitched at one site, as the role asks"
BETWEEN = "answers sit between the plant bar and the enterprise bar"
NO_ROLE_FIT = "no role-fit evidence: no answered question has both a plant and an enterprise rubric"


@dataclass(frozen=True)
class RoleFitDriver:
    """One answer's position, with what it was about."""

    question_id: str | None
    prompt: str
    position: float
    final_rating: int | None


@dataclass(frozen=True)
class RoleFitSummary:
    """Where the answers sit, from the machine's role-fit positions.

    ``position`` is the mean over the ``n`` answers that have one (None when ``n`` is 0).
    ``drivers`` lists those answers, the strongest pull towards the side the answers lean to
    first (when they sit between the bars, the furthest from the middle first). ``mismatch``
    is True when the answers lean to the side opposite the requisition.
    """

    candidate_id: int
    requisition_level: str
    position: float | None
    n: int
    drivers: tuple[RoleFitDriver, ...]
    verdict: str
    mismatch: bool

    @property
    def leaning(self) -> str:
        """``"plant"``, ``"enterprise"``, ``"between"`` or ``"no evidence"``."""
        return _leaning(self.position)


def _leaning(position: float | None) -> str:
    if position is None:
        return "no evidence"
    if position < -LEANING:
        return "plant"
    if position > LEANING:
        return "enterprise"
    return "between"


_VERDICTS = {
    ("enterprise", "plant"): PLANT_FOR_ENTERPRISE,
    ("enterprise", "enterprise"): MATCHES_ENTERPRISE,
    ("plant", "enterprise"): ENTERPRISE_FOR_PLANT,
    ("plant", "plant"): MATCHES_PLANT,
}


def role_fit(candidate: CandidateRecord) -> RoleFitSummary:
    """Summarise the role-fit positions of a candidate's answers against the requisition.

    Raises:
        UnknownItemError: the candidate's (requisition's) level is not a role level.
    """
    level = candidate.level
    check_level(level)
    drivers = [
        RoleFitDriver(q.question_id, q.prompt, q.role_fit_position, q.final_rating)
        for q in candidate.questions
        if q.status == ANSWERED and q.role_fit_position is not None
    ]
    position = mean_or_none(d.position for d in drivers)
    leaning = _leaning(position)
    if leaning in ("plant", "enterprise"):
        side = -1.0 if leaning == "plant" else 1.0
        drivers.sort(key=lambda d: -side * d.position)  # stable: ties keep the asked order
    else:
        drivers.sort(key=lambda d: -abs(d.position))
    verdict = NO_ROLE_FIT if position is None else _VERDICTS.get((level, leaning), BETWEEN)
    return RoleFitSummary(
        candidate_id=candidate.candidate_id,
        requisition_level=level,
        position=position,
        n=len(drivers),
        drivers=tuple(drivers),
        verdict=verdict,
        mismatch=verdict in (PLANT_FOR_ENTERPRISE, ENTERPRISE_FOR_PLANT),
    )
