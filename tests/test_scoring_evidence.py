"""Scorer v2's evidence logic with the one-hot fake encoder: computable by hand, no model.

Each test is one promise of issue 11: more evidence never lowers a score, nothing shown holds
it at 1, a misconception caps it, a point may be shown across two clauses, an answer to
another question is held low with a note naming it, and the calibration learns its
shown-threshold from the grades.
"""

from __future__ import annotations

import numpy as np
import pytest

from assess.scoring import Scorer, ScoringRubric, ad_hoc, calibration
from assess.scoring.evidence import BEST_POINT, FEATURES
from assess.scoring.keypoints import shipped_matcher
from assess.scoring.result import DIFFERENT_QUESTION, NO_KEY_POINT
from assess.scoring.spec import PointSpec
from tests.fakes import FakeEncoder, synthetic_rows

QUESTION = "How do plant systems divide the work at a factory?"
POINTS = [
    "MES runs production orders",
    "LIMS stores quality results",
    "CMMS schedules maintenance work",
]


def _bank_like(question_id: str, question: str, points: list[str]) -> ScoringRubric:
    specs = tuple(PointSpec(f"kp{i + 1}", t, 1.0, f"Ask about {t}") for i, t in enumerate(points))
    return ScoringRubric(
        question_id=question_id,
        question=question,
        level="plant",
        version=f"{question_id}/plant/v1",
        key_points=specs,
        reference=" ".join(points),
    )


PLANT = _bank_like("Q901", QUESTION, POINTS)
OEE = _bank_like(
    "Q902",
    "What does overall equipment effectiveness measure on a packaging line?",
    [
        "OEE multiplies availability performance and quality",
        "availability compares run time with planned time",
        "performance compares counted output with the ideal rate",
    ],
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(FakeEncoder(), calibration.load(), context=[PLANT, OEE])


BASES = [
    "Systems at a factory matter a great deal for everyone involved.",
    "MES runs production orders on every line.",
    "MES runs production orders. Our team also reviews shift handovers daily.",
]
ADDED = [
    "LIMS stores quality results.",
    "CMMS schedules maintenance work for the technicians.",
    "Every system also needs an owner at the factory.",
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("added", ADDED)
def test_a_further_clause_never_lowers_a_feature_or_the_score(
    scorer: Scorer, base: str, added: str
) -> None:
    before, after = scorer.features_many([(base, PLANT), (f"{base} {added}", PLANT)])
    assert before is not None and after is not None
    for name in (*FEATURES, BEST_POINT):
        assert after[name] >= before[name] - 1e-6, name
    low, high = scorer.score_many([(base, PLANT, None), (f"{base} {added}", PLANT, None)])
    assert (high.score or 0.0) >= (low.score or 0.0)


def test_stating_a_missed_point_raises_the_score(scorer: Scorer) -> None:
    low, high = scorer.score_many(
        [
            ("MES runs production orders.", PLANT, None),
            ("MES runs production orders. LIMS stores quality results.", PLANT, None),
        ]
    )
    assert low.score is not None and high.score is not None
    assert high.score > low.score
    assert {p.id for p in high.covered} == {"kp1", "kp2"}


def test_the_calibration_is_monotone_in_every_feature() -> None:
    rows, ys = synthetic_rows(n=80, seed=3)
    for model in (calibration.fit(rows, ys), calibration.load()):
        rng = np.random.default_rng(0)
        base = rng.uniform(0, 1, size=(50, len(model.features)))
        for j in range(len(model.features)):
            more = base.copy()
            more[:, j] += rng.uniform(0, 1, size=50)
            assert (model.predict(more) >= model.predict(base) - 1e-9).all(), model.features[j]
        assert all(c >= 0 for c in model.coef)


def test_an_answer_that_shows_nothing_is_held_at_one(scorer: Scorer) -> None:
    result = scorer.score("Systems at a factory matter a great deal for everyone involved.", PLANT)
    assert not result.abstained
    assert NO_KEY_POINT in result.integrity_flags
    assert result.score == 1.0
    assert result.covered == ()


def test_a_point_stated_across_two_clauses_quotes_both(scorer: Scorer) -> None:
    rubric = ad_hoc(QUESTION, key_points=["MES runs production orders and LIMS stores results"])
    answer = "MES runs production orders. LIMS stores results."
    result = scorer.score(answer, rubric)
    assert [p.id for p in result.covered] == ["kp1"]
    assert result.covered[0].evidence == answer


def test_an_asserted_misconception_caps_the_score(scorer: Scorer) -> None:
    rubric = ad_hoc(QUESTION, key_points=POINTS, red_flags=["MES and ERP are the same thing"])
    answer = (
        "MES and ERP are the same thing. MES runs production orders. LIMS stores quality "
        "results. CMMS schedules maintenance work."
    )
    result = scorer.score(answer, rubric)
    assert [hit.misconception for hit in result.red_flags] == ["F1"]
    assert result.red_flags[0].clause == "MES and ERP are the same thing."
    assert result.score is not None and result.score <= 1.5
    clean = scorer.score(answer.split(". ", 1)[1], rubric)
    assert clean.red_flags == () and clean.score is not None and clean.score > result.score


def test_a_rejected_misconception_is_no_red_flag(scorer: Scorer) -> None:
    rubric = ad_hoc(QUESTION, key_points=POINTS, red_flags=["MES and ERP are the same thing"])
    result = scorer.score("People wrongly say MES and ERP are the same thing.", rubric)
    assert result.red_flags == ()


def test_an_answer_to_another_question_is_held_with_a_note(scorer: Scorer) -> None:
    answer = (
        "At the factory the plant systems track OEE. OEE multiplies availability performance "
        "and quality. Availability compares run time with planned time."
    )
    result = scorer.score(answer, PLANT)
    assert not result.abstained
    assert DIFFERENT_QUESTION in result.integrity_flags
    assert result.score is not None and result.score <= 1.0
    assert "Q902" in result.note
    own = scorer.score(answer, OEE)
    assert own.score is not None and own.score > result.score and own.note == ""


def test_off_topic_text_abstains(scorer: Scorer) -> None:
    result = scorer.score("I like hiking and cooking pasta on weekends with friends.", PLANT)
    assert result.abstained and result.abstain_reason.startswith("off-topic")


def _rows(best: list[float]) -> tuple[list[dict[str, float]], list[float]]:
    rows, ys = synthetic_rows(n=len(best), seed=5)
    return [{**row, BEST_POINT: b} for row, b in zip(rows, best, strict=True)], ys


def test_the_shown_threshold_is_the_weakest_match_among_passing_answers() -> None:
    best = list(np.linspace(0.05, 0.95, 40))
    rows, ys = _rows(best)
    ys = [4.0 if b >= 0.2 else 1.0 for b in best]  # graders passed everything from 0.2 up
    model = calibration.fit(rows, ys)
    passing = min(b for b, y in zip(best, ys, strict=True) if y >= calibration.PASSING)
    assert model.shown_threshold == pytest.approx(passing, abs=1e-4)
    assert model.samples == len(best)


def test_the_shown_threshold_is_never_stricter_than_the_matcher() -> None:
    rows, ys = _rows([0.9] * 30)
    ys = [4.0] * 30
    assert calibration.fit(rows, ys).shown_threshold == shipped_matcher().threshold
    assert calibration.fit(rows, ys, shown_threshold=0.3).shown_threshold == 0.3


def test_too_few_answers_that_show_a_point_is_a_clear_error() -> None:
    rows, _ = _rows([0.01] * 30)
    with pytest.raises(calibration.CalibrationError, match="show a key point"):
        calibration.fit(rows, [1.0] * 30, shown_threshold=0.5)
