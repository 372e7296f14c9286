"""The bank's content under the real packaged model (issue 12).

Two checks over every active question, one test case per question so a failure names it:

- red flags hold only the false claim: no correct text (an exemplar scored 3 or more, or a key
  point read as an answer) trips its own rubric's red flags;
- altitude: on a question with both rubrics, each level's own score-5 exemplar scores higher on
  its own rubric than the other level's score-5 exemplar does.

Only the scorer's public API is used (``default_scorer``, ``from_bank``, ``Scorer.score``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.content.bank import Bank
from assess.content.vocabulary import ROLE_LEVELS
from assess.content.yamlio import read_yaml
from assess.scoring import Scorer, ScoringRubric, from_bank
from assess.scoring.suggest import default_scorer
from tests.conftest import REAL_BANK, REAL_RUBRICS

pytestmark = pytest.mark.model

CORRECT_FROM = 3  # exemplars at this score and above are correct answers
TOP = 5


def _active_rubrics() -> list[tuple[str, str]]:
    """(question, level) of every rubric of an active question, read at collection time."""
    retired = set()
    for path in sorted((REAL_BANK / "questions").glob("*.yaml")):
        data = read_yaml(path)
        if isinstance(data, dict) and data.get("retired"):
            retired.add(path.stem)
    return [
        (path.stem, level)
        for level in ROLE_LEVELS
        for path in sorted((REAL_RUBRICS / level).glob("*.yaml"))
        if path.stem not in retired
    ]


RUBRICS = sorted(_active_rubrics())
SHARED = sorted({qid for qid, _ in RUBRICS if all((qid, lv) in RUBRICS for lv in ROLE_LEVELS)})


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return default_scorer()


def _rubric_or_skip(bank: Bank, question_id: str, level: str) -> ScoringRubric:
    if (question_id, level) not in bank.rubrics:
        pytest.skip(f"{question_id} {level} arrived after the bank snapshot was taken")
    return from_bank(bank, question_id, level)


@pytest.mark.parametrize(("question_id", "level"), RUBRICS, ids=lambda v: str(v))
def test_correct_texts_trip_no_red_flag(
    real_bank: Bank, scorer: Scorer, question_id: str, level: str
) -> None:
    rubric = _rubric_or_skip(real_bank, question_id, level)
    bank_rubric = real_bank.rubric(question_id, level)
    texts = [
        (f"exemplar {index} (score {e.score})", e.answer)
        for index, e in enumerate(bank_rubric.exemplars)
        if e.score >= CORRECT_FROM
    ] + [(f"key point {p.id}", p.text) for p in bank_rubric.key_points]
    tripped = []
    for name, text in texts:
        for hit in scorer.score(text, rubric).red_flags:
            tripped.append(f"{name} trips {hit.misconception} on {hit.clause!r}")
    assert not tripped, f"{question_id} {level}:\n" + "\n".join(tripped)


def _top_exemplars(bank: Bank, question_id: str, level: str) -> list[str]:
    return [e.answer for e in bank.rubric(question_id, level).exemplars if e.score == TOP]


@pytest.mark.parametrize("question_id", SHARED)
@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_own_top_exemplar_beats_the_other_levels(
    real_bank: Bank, scorer: Scorer, question_id: str, level: str
) -> None:
    rubric = _rubric_or_skip(real_bank, question_id, level)
    other_level = next(x for x in ROLE_LEVELS if x != level)
    _rubric_or_skip(real_bank, question_id, other_level)
    own = _top_exemplars(real_bank, question_id, level)
    other = _top_exemplars(real_bank, question_id, other_level)
    assert own and other, f"{question_id}: a level has no score-5 exemplar"

    def scored(text: str) -> float:
        result = scorer.score(text, rubric)
        assert result.score is not None, f"{question_id} {level}: abstained on {text[:60]!r}"
        return result.score

    own_scores = [scored(text) for text in own]
    other_scores = [scored(text) for text in other]
    assert min(own_scores) > max(other_scores), (
        f"{question_id} on the {level} rubric: own score-5 exemplars {own_scores}, "
        f"the {other_level} score-5 exemplars {other_scores}"
    )


def test_parametrization_found_the_bank() -> None:
    # Guards against a collection-time read that silently finds nothing (and tests nothing).
    assert len(RUBRICS) >= 60
    assert len(SHARED) >= 20
    assert Path(REAL_RUBRICS).is_dir()
