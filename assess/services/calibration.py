"""The calibration the team adopted, as kept in the store's settings: read it, adopt a
refit, revert to the default, and the team's reads the Team insights page shows."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy.orm import Session

from assess.content.bank import Bank
from assess.errors import CalibrationError
from assess.scoring import calibration as cal
from assess.scoring.scorer import Scorer
from assess.services.team_calibration import Refit, refit, team_examples
from assess.store import settings
from assess.store.db import Store
from assess.store.record_types import QuestionRecord
from assess.store.records import candidate_records


def adopted_json(session: Session) -> dict[str, Any] | None:
    """The adopted calibration's JSON (stored under "json" in the setting), if any and if this
    version of the scorer can use it; else None, and the default is used."""
    value = settings.get(session, settings.CALIBRATION)
    if not value:
        return None
    inner = value.get("json")
    return inner if isinstance(inner, dict) and inner and _usable(inner) else None


def _usable(data: dict[str, Any]) -> bool:
    """Whether this version's scorer can read a stored calibration (one fitted by an earlier
    version has other features and must be refitted)."""
    try:
        cal.from_json(data)
    except CalibrationError:
        return False
    return True


def adopted(store: Store) -> dict[str, Any] | None:
    """The adopted setting (id, held-out metrics, JSON, and "usable": whether this version
    can use it) when a team calibration was adopted; None when the default is in use."""
    with store.transaction() as s:
        value = settings.get(s, settings.CALIBRATION)
    if not value or not value.get("json"):
        return None
    return {**value, "usable": _usable(value["json"])}


def _finite(metrics: dict[str, float]) -> dict[str, float | None]:
    """Metrics fit to store as JSON: NaN (undefined, e.g. no spread) becomes None."""
    return {
        k: (float(v) if isinstance(v, int | float) and math.isfinite(v) else None)
        for k, v in metrics.items()
    }


def adopt(store: Store, result: Refit, actor: str) -> None:
    """Make a refit the team's calibration, with its held-out agreement (logged by name)."""
    value = {
        "json": result.calibration.to_json(),
        "id": result.calibration.id,
        "before": _finite(result.before),
        "after": _finite(result.after),
        "n": result.n,
    }
    with store.transaction() as s:
        settings.put(s, settings.CALIBRATION, value, actor=actor)


def revert(store: Store, actor: str) -> None:
    """Go back to the default calibration (logged by name)."""
    with store.transaction() as s:
        settings.put(s, settings.CALIBRATION, {"json": None, "id": "default"}, actor=actor)


def refit_for_team(store: Store, bank: Bank, scorer: Scorer) -> Refit:
    """Refit ``scorer``'s calibration on the team's rated answers, with held-out agreement.

    Raises:
        CalibrationError: too few rated answers to fit one.
        StoreError: the database cannot be read.
    """
    with store.transaction() as s:
        examples = team_examples(s, bank)
    return refit(scorer.encoder, scorer.calibration, bank, examples)


def team_questions(store: Store, bank: Bank) -> list[QuestionRecord]:
    """Every question of every interview, as records, for the team's insights."""
    with store.transaction() as s:
        return [q for record in candidate_records(s, bank) for q in record.questions]
