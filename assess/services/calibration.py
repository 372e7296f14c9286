"""The calibration the team adopted, as kept in the store's settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assess.store import settings


def adopted_json(session: Session) -> dict[str, Any] | None:
    """The adopted calibration's JSON (stored under "json" in the setting), if any."""
    value = settings.get(session, settings.CALIBRATION)
    if not value:
        return None
    inner = value.get("json")
    return inner if isinstance(inner, dict) and inner else None
