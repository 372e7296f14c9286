"""One candidate's profile: everything the profile page draws, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass

from assess.analytics.coverage import Isa95Coverage, isa95_coverage
from assess.analytics.credibility import CredibilityIndex, credibility
from assess.analytics.profile import (
    CompetencyProfile,
    QuestionRating,
    competency_profile,
    question_ratings,
)
from assess.analytics.role_fit import RoleFitSummary, role_fit
from assess.auth.roles import User
from assess.content.bank import Bank
from assess.services.candidates import visible_candidates
from assess.store.db import Store
from assess.store.record_types import CandidateRecord
from assess.store.records import candidate_records_for


@dataclass(frozen=True)
class Choice:
    """A candidate the user may open."""

    id: int
    name: str
    requisition: str

    @property
    def label(self) -> str:
        return f"{self.name} (id {self.id}, {self.requisition})"


@dataclass(frozen=True)
class Profile:
    """Everything the profile page draws about one candidate."""

    record: CandidateRecord
    shortlisted: bool
    competencies: CompetencyProfile
    credibility: CredibilityIndex
    coverage: Isa95Coverage
    role_fit: RoleFitSummary
    ratings: tuple[QuestionRating, ...]


def choices(store: Store, user: User) -> list[Choice]:
    """The candidates ``user`` may open."""
    with store.transaction() as s:
        return [Choice(c.id, c.name, c.requisition.title) for c in visible_candidates(s, user)]


def load_profile(store: Store, bank: Bank, user: User, candidate_id: int) -> Profile | None:
    """The profile, or None when ``user`` may not see this candidate (scoping re-checked)."""
    with store.transaction() as s:
        candidate = next((c for c in visible_candidates(s, user) if c.id == candidate_id), None)
        if candidate is None:
            return None
        record = candidate_records_for(s, bank, [candidate])[candidate.id]
        shortlisted = bool(candidate.shortlisted)
    return Profile(
        record=record,
        shortlisted=shortlisted,
        competencies=competency_profile(record, bank),
        credibility=credibility(record),
        coverage=isa95_coverage(record),
        role_fit=role_fit(record),
        ratings=question_ratings(record),
    )
