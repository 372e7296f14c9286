"""Role fit: where an answer is pitched between the plant bar and the enterprise bar.

Unit tests use the one-hot fake encoder, where every position is computable by hand; the
model tests use the packaged model on answers written for this test, and a floor on the bank's
score-3 exemplars held out of the bars.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from assess.content.bank import Bank, load_bank
from assess.embedding import load_default_encoder
from assess.scoring import Scorer, ScoringConfig, ScoringRubric, calibration
from assess.scoring import altitude as alt
from assess.scoring.evaluation import held_out_role_fit, role_fit_separation
from assess.scoring.spec import PointSpec
from assess.scoring.suggest import suggest
from tests.conftest import REAL_BANK, REAL_RUBRICS
from tests.fakes import FakeEncoder

# Both levels share "MES" (an answer that matches nothing in a rubric is not scored at all).
PLANT_WORDS = "MES operator line shift"
ENTERPRISE_WORDS = "MES sites template governance"


def _rubric(level: str, words: str, other_words: str, scores=(5, 3, 1)) -> ScoringRubric:
    """A toy rubric whose reference and key point are ``words``; its good exemplars repeat
    them, and its score-1 exemplar speaks the other level's words (it must not set the bar)."""
    exemplars = tuple((s, words if s >= 3 else other_words) for s in scores)
    return ScoringRubric(
        question_id="T1",
        question="Where does the work happen?",
        level=level,
        version=f"T1/{level}/v1",
        key_points=(PointSpec("p1", words, 1.0, "Say more?"),),
        reference=words,
        exemplars=exemplars,
    )


@pytest.fixture(scope="module")
def untilted() -> Scorer:
    """The question's own axis only, so each position is computable by hand."""
    return Scorer(FakeEncoder(), calibration.load(), ScoringConfig(role_fit_tilt=0.0))


@pytest.fixture(scope="module")
def pair() -> tuple[ScoringRubric, ScoringRubric]:
    return (
        _rubric("plant", PLANT_WORDS, ENTERPRISE_WORDS),
        _rubric("enterprise", ENTERPRISE_WORDS, PLANT_WORDS),
    )


# With one-hot words, c_plant = (m + o + l + s)/2 and c_enterprise = (m + s' + t + g)/2, the
# axis is their difference, and the bars (the good exemplars = the centroids) sit at -3/4 and
# +3/4 on it, so the position is the projection / 0.75.
@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (PLANT_WORDS, -1.0),
        (ENTERPRISE_WORDS, 1.0),
        ("MES operator line sites template", 0.0),
        # (m + o + l + s + g)/sqrt5 on the axis: (1 - 3) / (2 sqrt5) = -0.447, / 0.75
        ("MES operator line shift governance", round(-2 / (2 * math.sqrt(5)) / 0.75, 2)),
    ],
)
def test_position_is_the_answers_altitude_between_the_bars(
    untilted: Scorer, pair, answer: str, expected: float
) -> None:
    plant, enterprise = pair
    fit = untilted.score(answer, plant, enterprise).role_fit
    assert fit is not None
    assert fit.position == pytest.approx(expected, abs=0.005)
    assert fit.leaning == (
        "plant" if expected < -0.2 else "enterprise" if expected > 0.2 else "balanced"
    )


@pytest.mark.parametrize(
    "answer", [PLANT_WORDS, ENTERPRISE_WORDS, "MES operator line shift governance"]
)
def test_position_does_not_depend_on_the_level_asked(untilted: Scorer, pair, answer: str) -> None:
    plant, enterprise = pair
    asked_plant = untilted.score(answer, plant, enterprise).role_fit
    asked_enterprise = untilted.score(answer, enterprise, plant).role_fit
    assert asked_plant is not None and asked_enterprise is not None
    assert asked_plant.position == asked_enterprise.position
    # The two scores are each level's, whichever level was asked.
    assert (asked_plant.plant, asked_plant.enterprise) == (
        asked_enterprise.plant,
        asked_enterprise.enterprise,
    )


def test_without_good_exemplars_the_scores_difference_decides(untilted: Scorer) -> None:
    plant = _rubric("plant", PLANT_WORDS, ENTERPRISE_WORDS, scores=(2, 1))
    enterprise = _rubric("enterprise", ENTERPRISE_WORDS, PLANT_WORDS, scores=(2, 1))
    fit = untilted.score(PLANT_WORDS, plant, enterprise).role_fit
    assert fit is not None
    expected = max(-1.0, min(1.0, (fit.enterprise - fit.plant) / 2.5))
    assert fit.position == pytest.approx(round(expected, 2))


def test_no_role_fit_without_the_other_level(untilted: Scorer, pair) -> None:
    assert untilted.score(PLANT_WORDS, pair[0]).role_fit is None


def test_position_scale_bars_floor_and_clipping() -> None:
    assert alt.position(0.0, -0.2, 0.2, 0.05) == 0.0
    assert alt.position(-0.2, -0.2, 0.2, 0.05) == pytest.approx(-1.0)
    assert alt.position(0.1, -0.2, 0.2, 0.05) == pytest.approx(0.5)
    assert alt.position(0.9, -0.2, 0.2, 0.05) == 1.0  # beyond a bar: clipped
    # Bars the model barely tells apart: the gap floor keeps a tiny difference from swinging
    # the position to an end.
    assert alt.position(0.0125, -0.01, 0.01, 0.05) == pytest.approx(0.5)


def test_question_axis_tilts_towards_the_generic_axis_in_proportion() -> None:
    plant, enterprise = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    generic = np.array([0.0, 0.0, 1.0])
    assert np.allclose(alt.question_axis(plant, enterprise, generic, 0.0), [-1, 1, 0])
    tilted = alt.question_axis(plant, enterprise, generic, 0.5)
    assert np.allclose(tilted, [-1, 1, 0.5 * math.sqrt(2)])


def test_generic_axis_points_from_the_plant_voice_to_the_enterprise_voice() -> None:
    encoder = FakeEncoder()
    axis = alt.generic_axis(encoder)
    assert np.linalg.norm(axis) == pytest.approx(1.0, abs=1e-6)
    for voice, sign in ((alt.PLANT_VOICE, -1), (alt.ENTERPRISE_VOICE, 1)):
        for sentence in voice:
            assert sign * float(encoder.embed([sentence])[0].vector @ axis) > 0, sentence


def test_tilt_moves_an_answer_that_speaks_only_the_generic_voice(pair) -> None:
    """The toy rubrics' words say nothing of altitude, so only the tilt can place this answer."""
    plant, enterprise = pair
    answer = "MES operator line shift, across all our sites, with a roadmap for every plant"
    flat = Scorer(FakeEncoder(), calibration.load(), ScoringConfig(role_fit_tilt=0.0))
    tilted = Scorer(FakeEncoder(), calibration.load(), ScoringConfig(role_fit_tilt=0.5))
    before = flat.score(answer, plant, enterprise).role_fit
    after = tilted.score(answer, plant, enterprise).role_fit
    assert before is not None and after is not None
    assert after.position > before.position


def test_separation_metrics_by_hand() -> None:
    m = role_fit_separation([-0.5, 0.1, 0.6, -0.3], [False, False, True, True])
    # enterprise {0.6, -0.3} vs plant {-0.5, 0.1}: 0.6 wins twice, -0.3 wins once -> 3/4
    assert m["auc"] == pytest.approx(0.75)
    assert m["sign_accuracy"] == pytest.approx(0.5)  # -0.5 and 0.6 right; 0.1 and -0.3 wrong
    assert m["leaning_accuracy"] == pytest.approx(0.5)  # -0.5 < -0.2 and 0.6 > 0.2
    assert (m["mean_enterprise"], m["mean_plant"]) == pytest.approx((0.15, -0.2))
    with pytest.raises(ValueError):
        role_fit_separation([0.1], [True])


# --- the packaged model --------------------------------------------------------------------

# Written for this test: the same substance, once as a plant engineer tells it and once as an
# enterprise architect does.
PITCHED = {
    "Q001": (
        "At our plant the MES runs the production orders on the two packing lines: operators "
        "scan materials, the system dispatches work to each line, records genealogy per lot and "
        "collects downtime from the PLCs. That is Level 3 for us. MOM is the wider Level 3 "
        "picture, with quality in the lab system and maintenance in the CMMS next to our MES.",
        "MOM is the whole ISA-95 Level 3 domain, production, quality, maintenance and inventory "
        "operations, and MES is one system that covers production execution within it. Across "
        "our twelve sites I decide which MOM capabilities come from a common template, how the "
        "MES, LIMS and CMMS share master data, and how each site integrates with the corporate "
        "ERP at Level 4, so the architecture stays consistent across the business.",
    ),
    "Q044": (
        "On our line each raw-material lot gets a label at receipt; when operators split it "
        "across orders the MES records the consumed quantity per order and per sublot. Rework is "
        "booked as a new order consuming the rejected batch, so the blend shows in the tree. For "
        "a recall I trace forward from the raw lot to every finished batch, and backward from a "
        "complaint batch to all its inputs, right from the MES screens on the shop floor.",
        "I would standardise one genealogy data model across all sites, with lot, sublot, "
        "material, order and equipment, so a raw-material lot received at one plant and used at "
        "another can be traced end to end. Split, rework and blend are modelled as the same "
        "consumption and production events everywhere, and genealogy from every site feeds a "
        "central traceability service, so a recall spanning several plants and suppliers is "
        "answered in minutes, with governance over who may change the model.",
    ),
    "Q025": (
        "On our filling line the PLC already runs the PackML state machine, so the MES "
        "subscribes to the state and stop reason tags through the OPC UA server. Every change "
        "to Execute, Held or Stopped becomes a timestamped event against the running order. The "
        "MES still adds the order and product context, the shift calendar, the operator's "
        "comment on unplanned stops and the OEE calculation the shift supervisor reviews each "
        "morning.",
        "I would make PackML states and a common stop-reason catalogue a standard for every "
        "site's machine builders, so that state data arrive the same way at all plants. Each "
        "site's MES adds the order, product and shift context, and we compute OEE by one ISO "
        "22400 definition across the network, so plants can be compared and the central "
        "engineering team can see which machine types lose the most time company-wide.",
    ),
}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(REAL_BANK, REAL_RUBRICS)


@pytest.fixture(scope="module")
def model_encoder():
    # The configured rubric cache: the model tests share it, so the bank's rubric texts are
    # embedded once per test run, not once per module (it cut this module by minutes in CI).
    return load_default_encoder()


@pytest.fixture(scope="module")
def real_scorer(model_encoder) -> Scorer:
    return Scorer(model_encoder, calibration.load())


@pytest.mark.model
@pytest.mark.parametrize("question_id", sorted(PITCHED))
def test_plant_and_enterprise_pitched_answers_land_on_their_sides(
    real_scorer: Scorer, bank: Bank, question_id: str
) -> None:
    plant_answer, enterprise_answer = PITCHED[question_id]
    for level in ("plant", "enterprise"):
        at_plant = suggest(real_scorer, bank, question_id, level, plant_answer).role_fit
        at_enterprise = suggest(real_scorer, bank, question_id, level, enterprise_answer).role_fit
        assert at_plant is not None and at_enterprise is not None
        assert at_plant.leaning == "plant", (level, at_plant)
        assert at_enterprise.position > 0.1, (level, at_enterprise)
        assert at_enterprise.position - at_plant.position >= 0.5, (level, at_plant, at_enterprise)


@pytest.mark.model
def test_held_out_exemplars_role_fit_floor(model_encoder, bank: Bank) -> None:
    """The bars from the score-5 exemplars only; the score-3 exemplars are the test set.

    ``benchmarks/role_fit.py`` measures AUC 0.899 and sign accuracy 0.838 (n=68); the floor
    leaves room for a content edit, not for a regression to the score difference (0.655).
    """
    scorer = Scorer(model_encoder, calibration.load(), ScoringConfig(bar_min_exemplar_score=5))
    positions, _, enterprise = held_out_role_fit(bank, scorer)
    assert len(positions) >= 60
    metrics = role_fit_separation(positions, enterprise)
    assert metrics["auc"] >= 0.85, metrics
    assert metrics["sign_accuracy"] >= 0.75, metrics
