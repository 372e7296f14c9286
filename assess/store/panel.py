"""Panel members' own ratings and the decisions a named person records."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.errors import InputError
from assess.limits import DECISION_REASON_CHARS, PANEL_COMMENT_CHARS, check_length
from assess.store import audit
from assess.store.people import get_candidate
from assess.store.schema import Decision, PanelRating

DECISIONS = ("advance", "hold", "decline")


def rate_candidate(
    session: Session, candidate_id: int, member: str, rating: int, comment: str = ""
) -> PanelRating:
    """A panel member's own overall rating; the newest one per member counts."""
    if not isinstance(rating, int) or not 0 <= rating <= 5:
        raise InputError("a panel rating is a whole number from 0 to 5")
    if not member.strip():
        raise InputError("a panel rating needs the panel member's name")
    comment = check_length(
        comment.replace("\x00", "").strip(), "a panel comment", PANEL_COMMENT_CHARS
    )
    candidate = get_candidate(session, candidate_id)
    row = PanelRating(
        requisition_id=candidate.requisition_id,
        candidate_id=candidate_id,
        member=member,
        rating=rating,
        comment=comment,
    )
    session.add(row)
    session.flush()
    audit.log(session, member, "panel.rate", candidate.pseudonym, rating=rating)
    return row


def panel_ratings(session: Session, requisition_id: int) -> list[PanelRating]:
    """Each member's newest rating of each candidate of the requisition."""
    query = (
        select(PanelRating)
        .where(PanelRating.requisition_id == requisition_id)
        .order_by(PanelRating.id)
    )
    latest: dict[tuple[int, str], PanelRating] = {}
    for row in session.scalars(query):
        latest[(row.candidate_id, row.member)] = row
    return list(latest.values())


def rated_by(session: Session, member: str, candidate_ids: Collection[int]) -> set[int]:
    """Which of ``candidate_ids`` ``member`` has rated (one query, whatever the count)."""
    if not candidate_ids:
        return set()
    query = select(PanelRating.candidate_id).where(
        PanelRating.member == member, PanelRating.candidate_id.in_(list(candidate_ids))
    )
    return set(session.scalars(query))


def decisions_for(session: Session, candidate_ids: Collection[int]) -> Sequence[Decision]:
    """The decisions on ``candidate_ids``, oldest first (one query, whatever the count)."""
    if not candidate_ids:
        return []
    query = (
        select(Decision)
        .where(Decision.candidate_id.in_(list(candidate_ids)))
        .order_by(Decision.created_at, Decision.id)
    )
    return session.scalars(query).all()


def has_rated(session: Session, candidate_id: int, member: str) -> bool:
    query = select(PanelRating.id).where(
        PanelRating.candidate_id == candidate_id, PanelRating.member == member
    )
    return session.scalars(query).first() is not None


def decide(
    session: Session, candidate_id: int, decision: str, decided_by: str, reason: str
) -> Decision:
    """Record advance, hold or decline. The tool never decides: a name and a reason are required."""
    reason = reason.replace("\x00", "").strip()
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}")
    if not decided_by.strip():
        raise InputError("a decision needs the name of the person making it")
    if len(reason) < 5:
        raise InputError("a decision needs a reason (a sentence is enough)")
    check_length(reason, "the reason for a decision", DECISION_REASON_CHARS)
    candidate = get_candidate(session, candidate_id)
    row = Decision(
        requisition_id=candidate.requisition_id,
        candidate_id=candidate_id,
        decision=decision,
        decided_by=decided_by.strip(),
        reason=reason,
    )
    session.add(row)
    candidate.status = {"advance": "advanced", "hold": "held", "decline": "declined"}[decision]
    session.flush()
    audit.log(
        session,
        decided_by,
        "panel.decide",
        candidate.pseudonym,
        decision=decision,
        reason=reason,
    )
    return row


def decisions(session: Session, candidate_id: int) -> Sequence[Decision]:
    query = select(Decision).where(Decision.candidate_id == candidate_id).order_by(Decision.id)
    return session.scalars(query).all()
