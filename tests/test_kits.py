"""Interview kits: budget, level, determinism, spread, and hand-picked kits."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assess.content.bank import Bank, load_bank
from assess.content.kits import Kit, build_kit, hand_pick
from assess.content.vocabulary import ROLE_LEVELS
from assess.errors import KitError, UnknownItemError

SEEDS = range(10)
BUDGETS = (10, 20, 30, 45, 60, 90)
MIN_QUESTIONS_FOR_SPREAD = 30
MIN_COMPETENCIES_IN_45_MINUTES = 5


def _minutes(bank: Bank, kit: Kit) -> int:
    return sum(bank.questions[qid].minutes for qid in kit.question_ids)


# --- built kits on the tiny bank -------------------------------------------------------------


@pytest.mark.parametrize("level", ROLE_LEVELS)
@pytest.mark.parametrize("budget", [5, 14, 15, 25, 100])
def test_tiny_kit_within_budget_and_level(tiny_bank: Bank, level: str, budget: int) -> None:
    kit = build_kit(tiny_bank, level, budget, seed=1)
    assert kit.level == level
    assert kit.budget_minutes == budget
    assert kit.minutes == _minutes(tiny_bank, kit) <= budget
    assert all(level in tiny_bank.questions[qid].levels for qid in kit.question_ids)
    assert len(set(kit.question_ids)) == len(kit.question_ids)


def test_tiny_kit_uses_the_whole_bank_when_the_budget_allows(tiny_bank: Bank) -> None:
    assert sorted(build_kit(tiny_bank, "plant", 100).question_ids) == ["Q001", "Q002"]
    assert sorted(build_kit(tiny_bank, "enterprise", 100).question_ids) == ["Q001", "Q003"]


def test_competency_filter(tiny_bank: Bank) -> None:
    kit = build_kit(tiny_bank, "plant", 60, competencies=["order-execution"])
    assert kit.question_ids == ("Q002",)


def test_unknown_level_raises(tiny_bank: Bank) -> None:
    with pytest.raises(KitError, match="corporate"):
        build_kit(tiny_bank, "corporate", 45)


def test_unknown_competency_raises(tiny_bank: Bank) -> None:
    with pytest.raises(KitError, match="warehouse-robotics"):
        build_kit(tiny_bank, "plant", 45, competencies=["warehouse-robotics"])


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_budget_too_small_raises(tiny_bank: Bank, level: str) -> None:
    shortest = min(q.minutes for q in tiny_bank.questions.values() if level in q.levels)
    assert shortest > 1, "the tiny bank needs questions longer than a minute for this test"
    with pytest.raises(KitError):
        build_kit(tiny_bank, level, shortest - 1)
    with pytest.raises(KitError):
        build_kit(tiny_bank, level, 0)


def _with_behavioural_q002(root: Path) -> Bank:
    """The tiny bank with its plant-only Q002 marked as a behavioural question."""
    path = root / "question_bank" / "questions" / "Q002.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["style"] = "behavioural"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_bank(root / "question_bank", root / "rubrics")


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("include", ["Q001", "Q002"]), ("exclude", ["Q001"]), ("only", ["Q002"])],
)
def test_behavioural_choice(tiny_bank_dir: Path, choice: str, expected: list[str]) -> None:
    bank = _with_behavioural_q002(tiny_bank_dir)
    kit = build_kit(bank, "plant", 100, behavioural=choice)
    assert sorted(kit.question_ids) == expected


def test_behavioural_default_is_include(tiny_bank_dir: Path) -> None:
    bank = _with_behavioural_q002(tiny_bank_dir)
    assert build_kit(bank, "plant", 100) == build_kit(bank, "plant", 100, behavioural="include")
    assert "Q002" in build_kit(bank, "plant", 100).question_ids


def test_behavioural_only_without_any_raises(tiny_bank_dir: Path) -> None:
    bank = _with_behavioural_q002(tiny_bank_dir)
    with pytest.raises(KitError, match="no active enterprise questions"):
        build_kit(bank, "enterprise", 100, behavioural="only")


def test_unknown_behavioural_choice_raises(tiny_bank: Bank) -> None:
    with pytest.raises(KitError, match="'sometimes'"):
        build_kit(tiny_bank, "plant", 45, behavioural="sometimes")


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_real_kit_without_behavioural_questions(real_bank: Bank, level: str) -> None:
    for seed in SEEDS:
        kit = build_kit(real_bank, level, 45, seed, behavioural="exclude")
        styles = {real_bank.questions[qid].style for qid in kit.question_ids}
        assert "behavioural" not in styles, f"{level} kit, seed {seed}: {kit.question_ids}"


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_real_kit_of_behavioural_questions_only(real_bank: Bank, level: str) -> None:
    offered = [
        q.id for q in real_bank.active_questions() if q.style == "behavioural" and level in q.levels
    ]
    if not offered:
        pytest.skip(f"the bank has no behavioural {level} questions yet")
    kit = build_kit(real_bank, level, 60, seed=0, behavioural="only")
    assert kit.question_ids
    assert set(kit.question_ids) <= set(offered)


# --- built kits on the real bank -------------------------------------------------------------


@pytest.mark.parametrize("level", ROLE_LEVELS)
@pytest.mark.parametrize("budget", BUDGETS)
def test_kit_respects_budget_and_level(real_bank: Bank, level: str, budget: int) -> None:
    for seed in SEEDS:
        kit = build_kit(real_bank, level, budget, seed)
        assert kit.question_ids, f"empty {level} kit for {budget} minutes, seed {seed}"
        assert kit.minutes == _minutes(real_bank, kit) <= budget
        for qid in kit.question_ids:
            question = real_bank.questions[qid]
            assert level in question.levels, f"{qid} does not claim {level}"
            assert (qid, level) in real_bank.rubrics
            assert not question.retired


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_kit_is_deterministic_for_a_seed(real_bank: Bank, level: str) -> None:
    for seed in SEEDS:
        first = build_kit(real_bank, level, 45, seed)
        again = build_kit(real_bank, level, 45, seed)
        assert first == again


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_kits_differ_across_seeds(real_bank: Bank, level: str) -> None:
    kits = {build_kit(real_bank, level, 30, seed).question_ids for seed in range(20)}
    assert len(kits) > 1, f"20 seeds gave the same {level} kit: {kits}"


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_45_minute_kit_spreads_over_competencies(real_bank: Bank, level: str) -> None:
    available = [q for q in real_bank.active_questions() if level in q.levels]
    if len(available) < MIN_QUESTIONS_FOR_SPREAD:
        pytest.skip(
            f"the bank has {len(available)} active {level} questions; the spread target "
            f"needs at least {MIN_QUESTIONS_FOR_SPREAD}"
        )
    for seed in SEEDS:
        kit = build_kit(real_bank, level, 45, seed)
        areas = {real_bank.questions[qid].competency for qid in kit.question_ids}
        assert len(areas) >= MIN_COMPETENCIES_IN_45_MINUTES, (
            f"{level} kit, seed {seed}: only {len(areas)} competency areas {sorted(areas)}"
        )


@pytest.mark.parametrize("level", ROLE_LEVELS)
def test_45_minute_kit_mixes_difficulties(real_bank: Bank, level: str) -> None:
    offered = {q.difficulty for q in real_bank.active_questions() if level in q.levels}
    assert len(offered) > 1, f"every {level} question has the same difficulty {offered}"
    for seed in SEEDS:
        kit = build_kit(real_bank, level, 45, seed)
        difficulties = {real_bank.questions[qid].difficulty for qid in kit.question_ids}
        assert len(difficulties) > 1, f"{level} kit, seed {seed}: difficulties {difficulties}"


# --- hand-picked kits ------------------------------------------------------------------------


def test_hand_pick_keeps_order(tiny_bank: Bank) -> None:
    kit = hand_pick(tiny_bank, "plant", ["Q002", "Q001"])
    assert kit.question_ids == ("Q002", "Q001")
    assert kit.minutes == _minutes(tiny_bank, kit)
    assert kit.seed is None
    assert kit.budget_minutes is None
    assert hand_pick(tiny_bank, "plant", ["Q001", "Q002"]).question_ids == ("Q001", "Q002")


def test_hand_pick_rejects_unknown_id(tiny_bank: Bank) -> None:
    with pytest.raises(UnknownItemError, match="Q099"):
        hand_pick(tiny_bank, "plant", ["Q001", "Q099"])


def test_hand_pick_rejects_level_without_rubric(tiny_bank: Bank) -> None:
    with pytest.raises(UnknownItemError, match="Q002"):
        hand_pick(tiny_bank, "enterprise", ["Q001", "Q002"])


def test_hand_pick_rejects_duplicates(tiny_bank: Bank) -> None:
    with pytest.raises(KitError):
        hand_pick(tiny_bank, "plant", ["Q001", "Q002", "Q001"])


def test_hand_pick_rejects_empty_list(tiny_bank: Bank) -> None:
    with pytest.raises(KitError):
        hand_pick(tiny_bank, "plant", [])


def test_hand_pick_rejects_unknown_level(tiny_bank: Bank) -> None:
    with pytest.raises(KitError):
        hand_pick(tiny_bank, "corporate", ["Q001"])
