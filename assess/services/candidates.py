"""Who may see which candidates, and the candidate list as the Candidates page shows it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assess.analytics.credibility import credibility
from assess.analytics.profile import competency_profile
from assess.analytics.role_fit import role_fit
from assess.auth.roles import User, can_see_candidate
from assess.content.bank import Bank
from assess.store import people
from assess.store.db import Store
from assess.store.record_types import CandidateRecord
from assess.store.records import candidate_records_for
from assess.store.schema import Candidate


def visible_candidates(session: Session, user: User) -> list[Candidate]:
    """The candidates ``user`` may see: all for recruiters and admins, a panel member's
    requisitions' shortlisted candidates for a panel member (two queries whatever the count).
    """
    mine = people.panel_requisitions(session, user.username)
    return [
        c
        for c in people.candidates(session)
        if can_see_candidate(user, c.requisition_id, mine, bool(c.shortlisted))
    ]


@dataclass(frozen=True)
class Row:
    """One candidate as the list shows them (plain data, no ORM object)."""

    id: int
    name: str
    requisition_id: int
    requisition: str
    level: str
    status: str
    shortlisted: bool
    is_sample: bool
    overall: float | None
    n_rated: int
    credibility: float | None
    role_fit: str
    role_fit_position: float | None
    role_mismatch: bool
    red_flags: int

    @property
    def label(self) -> str:
        return f"{self.name} (id {self.id}, {self.requisition})"


def _row(candidate: Candidate, record: CandidateRecord, bank: Bank) -> Row:
    profile = competency_profile(record, bank)
    fit = role_fit(record)
    index = credibility(record)
    return Row(
        id=candidate.id,
        name=candidate.name,
        requisition_id=candidate.requisition_id,
        requisition=candidate.requisition.title,
        level=candidate.requisition.level,
        status=candidate.status,
        shortlisted=bool(candidate.shortlisted),
        is_sample=bool(candidate.is_sample),
        overall=profile.overall,
        n_rated=profile.n_rated,
        credibility=index.index,
        role_fit=fit.leaning,
        role_fit_position=fit.position,
        role_mismatch=fit.mismatch,
        red_flags=len(index.red_flags),
    )


def candidate_rows(store: Store, bank: Bank, user: User) -> list[Row]:
    """Every candidate ``user`` may see, with the numbers the list shows (a fixed number of
    queries, whatever the number of candidates)."""
    with store.transaction() as s:
        shown = visible_candidates(s, user)
        records = candidate_records_for(s, bank, shown)
        return [_row(c, records[c.id], bank) for c in shown]


def set_shortlisted(store: Store, user: User, candidate_id: int, shortlisted: bool) -> None:
    """Put a candidate on the shortlist or take them off (audited with ``user``)."""
    with store.transaction() as s:
        people.set_shortlisted(s, candidate_id, shortlisted, actor=user.username)
