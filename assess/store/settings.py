"""Team-wide settings kept in the database, each change logged."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assess.store import audit
from assess.store.schema import Setting, utcnow

MACHINE_SCORING = "machine_scoring"
CALIBRATION = "calibration"


def get(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(Setting, key)
    return dict(row.value) if row else None


def put(session: Session, key: str, value: dict[str, Any], actor: str) -> None:
    row = session.get(Setting, key) or Setting(key=key)
    row.value, row.updated_by, row.updated_at = value, actor, utcnow()
    session.add(row)
    audit.log(session, actor, f"setting.{key}", **{k: v for k, v in value.items() if k != "json"})


def machine_scoring_enabled(session: Session) -> bool:
    """On unless an admin turned it off; the console works either way."""
    value = get(session, MACHINE_SCORING)
    return True if value is None else bool(value.get("enabled", True))


def set_machine_scoring(session: Session, enabled: bool, actor: str) -> None:
    put(session, MACHINE_SCORING, {"enabled": enabled}, actor)
