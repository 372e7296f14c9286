"""Requisitions, candidates, panels and voluntary demographics."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.content.vocabulary import ROLE_LEVELS
from assess.errors import InputError, UnknownItemError
from assess.limits import NAME_CHARS, check_length
from assess.store import audit
from assess.store.schema import Candidate, Demographics, PanelMember, Requisition

CANDIDATE_STATUSES = ("new", "interviewing", "interviewed", "advanced", "held", "declined")
SEXES = ("female", "male", "declined")
RACES_ETHNICITIES = (
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Asian",
    "Native Hawaiian or Other Pacific Islander",
    "American Indian or Alaska Native",
    "Two or More Races",
    "declined",
)


def _required(value: str, what: str, limit: int = NAME_CHARS) -> str:
    value = " ".join((value or "").replace("\x00", "").split())
    if not value:
        raise InputError(f"{what} is required")
    return check_length(value, what, limit)


def create_requisition(
    session: Session,
    title: str,
    level: str,
    actor: str,
    site: str = "",
    retention_days: int | None = None,
    panel: Sequence[str] = (),
    is_sample: bool = False,
) -> Requisition:
    if level not in ROLE_LEVELS:
        raise InputError(f"level must be one of {', '.join(ROLE_LEVELS)}, not {level!r}")
    if retention_days is not None and retention_days < 1:
        raise InputError("retention period must be at least 1 day")
    requisition = Requisition(
        title=_required(title, "requisition title"),
        level=level,
        site=check_length(" ".join(site.split()), "the site", NAME_CHARS),
        retention_days=retention_days,
        is_sample=is_sample,
        created_by=actor,
    )
    requisition.panel = [PanelMember(username=u) for u in dict.fromkeys(panel) if u.strip()]
    session.add(requisition)
    session.flush()
    audit.log(session, actor, "requisition.create", requisition=requisition.id, level=level)
    return requisition


def set_panel(session: Session, requisition_id: int, members: Sequence[str], actor: str) -> None:
    requisition = get_requisition(session, requisition_id)
    requisition.panel = [PanelMember(username=u) for u in dict.fromkeys(members) if u.strip()]
    audit.log(session, actor, "requisition.panel", requisition=requisition_id, size=len(members))


def requisitions(session: Session) -> Sequence[Requisition]:
    return session.scalars(select(Requisition).order_by(Requisition.id)).all()


def get_requisition(session: Session, requisition_id: int) -> Requisition:
    requisition = session.get(Requisition, requisition_id)
    if requisition is None:
        raise UnknownItemError(f"no requisition with id {requisition_id}")
    return requisition


def panel_requisitions(session: Session, username: str) -> list[int]:
    """Ids of the requisitions whose panel lists ``username``."""
    query = select(PanelMember.requisition_id).where(PanelMember.username == username)
    return list(session.scalars(query))


def create_candidate(
    session: Session,
    name: str,
    requisition_id: int,
    actor: str,
    email: str = "",
    is_sample: bool = False,
) -> Candidate:
    name = _required(name, "candidate name")
    get_requisition(session, requisition_id)
    candidate = Candidate(
        name=name,
        email=check_length(" ".join(email.split()), "the e-mail address", NAME_CHARS),
        requisition_id=requisition_id,
        pseudonym=f"cand-{secrets.token_hex(6)}",
        is_sample=is_sample,
        created_by=actor,
    )
    session.add(candidate)
    session.flush()
    audit.log(session, actor, "candidate.create", candidate.pseudonym, requisition=requisition_id)
    return candidate


def candidates(session: Session, requisition_id: int | None = None) -> Sequence[Candidate]:
    """Candidates in id order, with their requisitions loaded in one more query."""
    query = select(Candidate).options(selectinload(Candidate.requisition)).order_by(Candidate.id)
    if requisition_id is not None:
        query = query.where(Candidate.requisition_id == requisition_id)
    return session.scalars(query).all()


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise UnknownItemError(f"no candidate with id {candidate_id}")
    return candidate


def set_status(session: Session, candidate_id: int, status: str, actor: str) -> None:
    if status not in CANDIDATE_STATUSES:
        raise InputError(f"status must be one of {', '.join(CANDIDATE_STATUSES)}")
    candidate = get_candidate(session, candidate_id)
    candidate.status = status
    audit.log(session, actor, "candidate.status", candidate.pseudonym, status=status)


def set_shortlisted(session: Session, candidate_id: int, shortlisted: bool, actor: str) -> None:
    candidate = get_candidate(session, candidate_id)
    candidate.shortlisted = shortlisted
    audit.log(session, actor, "candidate.shortlist", candidate.pseudonym, shortlisted=shortlisted)


def record_demographics(
    session: Session, candidate_id: int, sex: str, race_ethnicity: str, actor: str
) -> Demographics:
    """Store voluntary self-identification; empty means not given."""
    if sex and sex not in SEXES:
        raise InputError(f"sex must be one of {', '.join(SEXES)} or empty")
    if race_ethnicity and race_ethnicity not in RACES_ETHNICITIES:
        raise InputError(f"race/ethnicity must be one of {', '.join(RACES_ETHNICITIES)}")
    candidate = get_candidate(session, candidate_id)
    row = session.get(Demographics, candidate_id) or Demographics(candidate_id=candidate_id)
    row.sex, row.race_ethnicity = sex, race_ethnicity
    session.add(row)
    session.flush()
    audit.log(session, actor, "demographics.record", candidate.pseudonym)
    return row


def demographics(session: Session) -> Sequence[Demographics]:
    return session.scalars(select(Demographics)).all()
