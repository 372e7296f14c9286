"""The audit trail: who did what, when, on which (pseudonymous) candidate.

Events hold ids, versions and reasons; never a candidate's name or answer text, so erasing a
candidate leaves a log that still reads but no longer identifies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.store.schema import Event

# Keys whose values could carry personal data or answer text; refused, not silently dropped.
_FORBIDDEN_KEYS = frozenset({"name", "email", "text", "answer", "notes", "note"})


def log(session: Session, actor: str, action: str, subject: str = "", **detail: Any) -> Event:
    """Append one event. ``subject`` is a candidate's pseudonym (or empty)."""
    leaked = _FORBIDDEN_KEYS.intersection(detail)
    if leaked:
        raise ValueError(f"event detail must not carry {sorted(leaked)}")  # a bug, not input
    event = Event(actor=actor or "unknown", action=action, subject=subject, detail=detail)
    session.add(event)
    session.flush()
    return event


def events(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> Sequence[Event]:
    """Events newest first, filtered by any of the given fields."""
    query = select(Event).order_by(Event.id.desc()).limit(limit)
    if actor:
        query = query.where(Event.actor == actor)
    if action:
        query = query.where(Event.action == action)
    if subject:
        query = query.where(Event.subject == subject)
    if since:
        query = query.where(Event.at >= since)
    if until:
        query = query.where(Event.at <= until)
    return session.scalars(query).all()
