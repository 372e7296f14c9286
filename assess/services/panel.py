"""The panel's use cases: what a member may see, their own rating, and a recorded decision.

The blind-rating rule lives here, not in the page: a panel member sees another member's
rating of a candidate (and any comparison that includes the candidate) only after
submitting their own, so each rating is independent. Roles that see every candidate (and
admins) see every rating at once. ``load_board`` hands the page only what the user may
see, so a page cannot show a hidden rating by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from assess.auth.roles import User, allowed
from assess.content.bank import Bank
from assess.services.candidates import visible_candidates
from assess.store import panel, people
from assess.store.db import Store
from assess.store.record_types import CandidateRecord, PanelRatingRecord
from assess.store.records import candidate_records, panel_rating_records

DECISIONS = panel.DECISIONS


@dataclass(frozen=True)
class Option:
    """A candidate of the requisition that the user may see."""

    id: int
    name: str
    shortlisted: bool

    @property
    def label(self) -> str:
        return self.name + ("" if self.shortlisted else " (not shortlisted)")


@dataclass(frozen=True)
class Recorded:
    """A decision already recorded, as the page lists it."""

    candidate: str
    decision: str
    decided_by: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class Board:
    """What the panel page shows for the chosen candidates, read in one transaction.

    ``ratings`` holds only the ratings the user may see: their own, and the others' of the
    candidates they have rated (all of them for a user who ``sees_all``).
    """

    records: tuple[CandidateRecord, ...]
    ratings: tuple[PanelRatingRecord, ...]
    rated_by_me: frozenset[int]
    decisions: tuple[Recorded, ...]
    sees_all: bool

    def sees_others(self, candidate_id: int) -> bool:
        """Whether the user may see the other members' ratings of this candidate."""
        return self.sees_all or candidate_id in self.rated_by_me

    def my_rating(self, candidate_id: int, member: str) -> PanelRatingRecord | None:
        mine = (r for r in self.ratings if r.candidate_id == candidate_id and r.member == member)
        return next(mine, None)

    @property
    def compared(self) -> list[CandidateRecord]:
        """The candidates the comparison may include (those whose ratings the user sees)."""
        return [r for r in self.records if self.sees_others(r.candidate_id)]


def sees_all(user: User) -> bool:
    """Admins (and any role that sees every candidate) see every rating at once."""
    return allowed(user.role, "view_candidates") or user.role == "admin"


def requisitions(store: Store, user: User) -> dict[int, str]:
    """The requisitions the user may open on the panel page, with their labels."""
    with store.transaction() as s:
        mine = set(people.panel_requisitions(s, user.username))
        return {
            r.id: f"{r.title} ({r.level})"
            for r in people.requisitions(s)
            if sees_all(user) or r.id in mine
        }


def options(store: Store, user: User, requisition_id: int) -> list[Option]:
    """The requisition's candidates that the user may see."""
    with store.transaction() as s:
        return [
            Option(c.id, c.name, bool(c.shortlisted))
            for c in visible_candidates(s, user)
            if c.requisition_id == requisition_id
        ]


def load_board(
    store: Store, bank: Bank, user: User, requisition_id: int, chosen: Sequence[int]
) -> Board:
    """The chosen candidates' records, the ratings the user may see and the decisions,
    in a fixed number of queries whatever the number of candidates."""
    everything = sees_all(user)
    with store.transaction() as s:
        records = candidate_records(s, bank, ids=chosen, requisition_id=requisition_id)
        order = {cid: i for i, cid in enumerate(chosen)}
        records.sort(key=lambda r: order[r.candidate_id])
        rated = frozenset(panel.rated_by(s, user.username, list(order)))
        ratings = [
            r
            for r in panel_rating_records(s, requisition_id)
            if r.candidate_id in order
            and (everything or r.candidate_id in rated or r.member == user.username)
        ]
        names = {r.candidate_id: r.name for r in records}
        decided = [
            Recorded(names[d.candidate_id], d.decision, d.decided_by, d.reason, d.created_at)
            for d in panel.decisions_for(s, list(names))
        ]
    decided.sort(key=lambda d: d.at)
    return Board(tuple(records), tuple(ratings), rated, tuple(decided), everything)


def rate(store: Store, user: User, candidate_id: int, rating: int, comment: str) -> None:
    """Keep the user's own overall rating of a candidate.

    Raises:
        InputError: the rating or the comment is not acceptable (says why).
        StoreError: the database cannot be written.
    """
    with store.transaction() as s:
        panel.rate_candidate(s, candidate_id, user.username, rating, comment)


def decide(store: Store, candidate_id: int, decision: str, decided_by: str, reason: str) -> None:
    """Record advance, hold or decline, by a named person with a reason.

    Raises:
        InputError: a missing name or reason, an unknown decision, a reason over the limit.
        StoreError: the database cannot be written.
    """
    with store.transaction() as s:
        panel.decide(s, candidate_id, decision, decided_by, reason)
