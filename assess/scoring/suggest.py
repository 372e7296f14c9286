"""The console's scoring step: one typed answer -> a suggestion against the bank's rubric.

Kept apart from the UI so the app, the demo loader and the benchmarks score the same way.
"""

from __future__ import annotations

from assess import config
from assess.content.bank import Bank
from assess.content.vocabulary import ROLE_LEVELS
from assess.embedding import shared_encoder
from assess.errors import UnknownItemError
from assess.scoring import calibration as cal
from assess.scoring.result import Score
from assess.scoring.scorer import Scorer
from assess.scoring.spec import ScoringRubric, from_bank


def rubric_pair(
    bank: Bank, question_id: str, level: str
) -> tuple[ScoringRubric, ScoringRubric | None]:
    """The rubric at ``level`` and, for role fit, the same question's rubric at the other level."""
    rubric = from_bank(bank, question_id, level)
    other_level = next(x for x in ROLE_LEVELS if x != level)
    try:
        other = from_bank(bank, question_id, other_level)
    except UnknownItemError:
        other = None
    return rubric, other


def suggest(scorer: Scorer, bank: Bank, question_id: str | None, level: str, answer: str) -> Score:
    """Score ``answer``; raises UnknownItemError for a typed follow-up (it has no rubric)."""
    if not question_id:
        raise UnknownItemError("a typed follow-up has no rubric: rate it yourself")
    rubric, other = rubric_pair(bank, question_id, level)
    return scorer.score(answer, rubric, other)


def default_scorer(calibration_json: dict | None = None) -> Scorer:
    """The packaged model with the team's adopted calibration, else the configured default.

    Raises:
        ModelUnavailableError: the model folder is missing or unreadable.
        CalibrationError: the calibration is malformed.
    """
    if calibration_json:
        calibration = cal.from_json(calibration_json, "the adopted calibration")
    else:
        calibration = cal.load(config.calibration_path())
    return Scorer(shared_encoder(), calibration)
