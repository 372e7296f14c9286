"""Plain records the store hands to analytics, charts and reports: no database objects.

``assess.store.records`` and ``assess.store.audit_data`` build these from the database; tests
build them by hand. They live at the store's level so that the store never imports the layers
above it; analytics takes them and returns frozen results.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FlagRecord:
    """A red flag the scorer raised on one answer, with the clause that raised it."""

    misconception: str  # e.g. "M3"
    claim: str
    correction: str
    clause: str


@dataclass(frozen=True)
class QuestionRecord:
    """One question asked in one interview, with the machine's and the interviewer's view.

    ``question_id`` is None for an ad hoc follow-up the interviewer typed; such rows have no
    bank tags and no rubric, so they carry a rating but no machine score.
    """

    interview_id: int
    candidate_id: int
    requisition_id: int
    level: str  # the rubric level the interview was run at: "plant" or "enterprise"
    interviewer: str
    question_id: str | None
    prompt: str
    status: str  # "answered", "skipped" or "pending"
    competency: str | None = None
    functional_levels: tuple[str, ...] = ()
    parts: tuple[int, ...] = ()
    mom_categories: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    difficulty: int | None = None
    answer_text: str = ""
    machine_score: float | None = None  # None when not scored or the scorer abstained
    abstained: bool = False
    abstain_reason: str = ""
    confidence: float | None = None
    covered_points: tuple[str, ...] = ()  # key-point texts the answer covered
    missed_points: tuple[str, ...] = ()
    red_flags: tuple[FlagRecord, ...] = ()
    integrity_flags: tuple[str, ...] = ()
    role_fit_position: float | None = None  # -1 plant ... +1 enterprise, when both rubrics exist
    features: dict[str, float] = field(default_factory=dict)
    final_rating: int | None = None  # the interviewer's 0-5 rating; None if not rated yet
    override_reason: str = ""


@dataclass(frozen=True)
class CandidateRecord:
    """A candidate as analytics sees it: no demographics, no contact details."""

    candidate_id: int
    name: str
    requisition_id: int
    requisition_title: str
    level: str  # the requisition's level
    status: str
    questions: tuple[QuestionRecord, ...] = ()


@dataclass(frozen=True)
class PanelRatingRecord:
    """One panel member's own overall rating (0-5) of one candidate."""

    candidate_id: int
    member: str
    rating: int
    comment: str = ""


@dataclass(frozen=True)
class AuditSubject:
    """One scored candidate with voluntary demographics.

    ``sex`` and ``race_ethnicity`` are unknown when None, empty or "declined" (any case).
    """

    candidate_id: int
    score: float
    sex: str | None
    race_ethnicity: str | None
