"""The candidate report: what a recruiter or panel reads about one candidate.

``build_candidate_report`` is pure (records and analytics in, a frozen model out);
``load_candidate_report`` reads the store. Renderers (``html``, ``pdf``) only draw the model.
Ratings shown are the interviewers' final ratings; the machine's suggestion sits beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from assess.analytics.coverage import Isa95Coverage, isa95_coverage
from assess.analytics.credibility import CredibilityIndex, credibility
from assess.analytics.profile import (
    ANSWERED,
    CompetencyProfile,
    QuestionRating,
    competency_profile,
    question_ratings,
)
from assess.analytics.records import CandidateRecord, FlagRecord
from assess.analytics.role_fit import RoleFitSummary, role_fit
from assess.content.bank import Bank
from assess.reports.footer import Footer, make_footer
from assess.store.panel import decisions as stored_decisions
from assess.store.people import get_candidate
from assess.store.records import candidate_record
from assess.store.schema import Candidate

PROMPT_CHARS = 90


def short(text: str, limit: int = PROMPT_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class DecisionLine:
    """A decision a named person recorded: who, what, why, when."""

    candidate_id: int
    candidate_name: str
    decision: str
    decided_by: str
    reason: str
    decided_at: datetime


@dataclass(frozen=True)
class QuestionLine:
    """One answered question: the ratings row, the answer notes and the flags raised on them."""

    rating: QuestionRating
    answer: str
    interviewer: str
    red_flags: tuple[FlagRecord, ...]

    @property
    def prompt_short(self) -> str:
        return short(self.rating.prompt)


@dataclass(frozen=True)
class CandidateReport:
    """Everything the candidate report shows, computed once; renderers add nothing."""

    candidate_id: int
    name: str
    requisition_id: int
    requisition_title: str
    level: str
    status: str
    profile: CompetencyProfile
    questions: tuple[QuestionLine, ...]
    credibility: CredibilityIndex
    role_fit: RoleFitSummary
    coverage: Isa95Coverage
    decisions: tuple[DecisionLine, ...]
    footer: Footer
    n_skipped: int = 0

    @property
    def overall(self) -> float | None:
        """Mean final rating over the rated questions; None when none is rated."""
        return self.profile.overall

    @property
    def ratings(self) -> tuple[QuestionRating, ...]:
        return tuple(line.rating for line in self.questions)


def build_candidate_report(
    record: CandidateRecord, bank: Bank, decisions: Sequence[DecisionLine], footer: Footer
) -> CandidateReport:
    """The report model of one candidate from their record.

    Raises:
        UnknownItemError: the candidate's requisition level is not a role level.
    """
    answered = [q for q in record.questions if q.status == ANSWERED]
    rows = question_ratings(record)  # one row per answered question, in the same order
    lines = tuple(
        QuestionLine(
            rating=row, answer=q.answer_text, interviewer=q.interviewer, red_flags=q.red_flags
        )
        for row, q in zip(rows, answered, strict=True)
    )
    return CandidateReport(
        candidate_id=record.candidate_id,
        name=record.name,
        requisition_id=record.requisition_id,
        requisition_title=record.requisition_title,
        level=record.level,
        status=record.status,
        profile=competency_profile(record, bank),
        questions=lines,
        credibility=credibility(record),
        role_fit=role_fit(record),
        coverage=isa95_coverage(record),
        decisions=tuple(d for d in decisions if d.candidate_id == record.candidate_id),
        footer=footer,
        n_skipped=sum(q.status == "skipped" for q in record.questions),
    )


def decision_lines(session: Session, candidates: Iterable[Candidate]) -> tuple[DecisionLine, ...]:
    """Every decision recorded on ``candidates``, oldest first per candidate."""
    return tuple(
        DecisionLine(c.id, c.name, d.decision, d.decided_by, d.reason, d.created_at)
        for c in candidates
        for d in stored_decisions(session, c.id)
    )


def load_candidate_report(
    session: Session, bank: Bank, candidate_id: int, now: datetime | None = None
) -> CandidateReport:
    """Read one candidate from the store and build their report.

    Raises:
        UnknownItemError: no candidate has this id.
    """
    candidate = get_candidate(session, candidate_id)
    record = candidate_record(session, bank, candidate)
    footer = make_footer(session, [candidate_id], now)
    return build_candidate_report(record, bank, decision_lines(session, [candidate]), footer)
