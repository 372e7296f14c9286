"""`python -m assess bank ...` and `kit` as a user runs them: a subprocess, exit codes, output."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.content.bank import Bank, load_bank
from assess.errors import BankError
from tests.cli import run_cli


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=120)


def _dirs(root: Path) -> list[str | Path]:
    return ["--bank", root / "question_bank", "--rubrics", root / "rubrics"]


def _break_twice(root: Path) -> None:
    """Two independent errors: an unknown competency and an unknown misconception."""
    question = root / "question_bank" / "questions" / "Q002.yaml"
    data = yaml.safe_load(question.read_text(encoding="utf-8"))
    data["competency"] = "warehouse-robotics"
    question.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    rubric = root / "rubrics" / "enterprise" / "Q003.yaml"
    data = yaml.safe_load(rubric.read_text(encoding="utf-8"))
    data["red_flags"][0]["misconception"] = "M99"
    rubric.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_validate_real_bank() -> None:
    result = run("bank", "validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("ok:")
    assert "questions" in lines[0]


def test_validate_tiny_bank_summary(tiny_bank_dir: Path, tiny_bank: Bank) -> None:
    result = run("bank", "validate", *_dirs(tiny_bank_dir))
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith(f"ok: {len(tiny_bank.questions)} questions, ")
    assert f"{len(tiny_bank.rubrics)} rubrics" in line


def test_validate_lists_every_problem_one_per_line(tiny_bank_dir: Path) -> None:
    _break_twice(tiny_bank_dir)
    with pytest.raises(BankError) as info:
        load_bank(tiny_bank_dir / "question_bank", tiny_bank_dir / "rubrics")
    expected = [str(problem) for problem in info.value.problems]
    assert len(expected) == 2

    result = run("bank", "validate", *_dirs(tiny_bank_dir))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    for problem in expected:
        assert problem in lines, f"{problem!r} is not on a line of its own in:\n{result.stderr}"
    assert "warehouse-robotics" in result.stderr
    assert "M99" in result.stderr
    assert lines[-1] == "invalid: 2 problems"
    assert "Traceback" not in result.stderr


def test_stats_on_a_broken_bank_exits_2(tiny_bank_dir: Path) -> None:
    _break_twice(tiny_bank_dir)
    result = run("bank", "stats", "--json", *_dirs(tiny_bank_dir))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr


def _expected_stats(bank: Bank) -> dict[str, Any]:
    """The stats counted here, independently of assess.content.stats."""
    active = [q for q in bank.questions.values() if not q.retired]
    ids = {q.id for q in active}
    rubrics = [rubric for (qid, _), rubric in bank.rubrics.items() if qid in ids]
    parts = Counter(str(part) for q in active for part in q.isa95.parts)
    categories = Counter(cat for q in active for cat in q.isa95.mom_categories)
    return {
        "questions": len(active),
        "competencies": dict(Counter(bank.competencies[q.competency].name for q in active)),
        "levels": dict(Counter(rubric.level for rubric in rubrics)),
        "both_levels": sum(set(q.levels) == {"plant", "enterprise"} for q in active),
        "red_flags": len({f.misconception for rubric in rubrics for f in rubric.red_flags}),
        "active": len(active),
        "behavioural": sum(q.style == "behavioural" for q in active),
        "difficulty_1": sum(q.difficulty == 1 for q in active),
        "isa95_parts": dict(parts),
        "mom_categories": dict(categories),
    }


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {key: value for key, value in counts.items() if value}


@pytest.mark.parametrize("which", ["tiny", "real"])
def test_stats_json_agrees_with_the_bank(which: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(
        "tiny_bank_dir" if which == "tiny" else "real_bank_snapshot"
    )
    expected = _expected_stats(load_bank(root / "question_bank", root / "rubrics"))

    result = run("bank", "stats", "--json", *_dirs(root))
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)

    for key in ("questions", "both_levels", "red_flags", "active", "behavioural", "difficulty_1"):
        assert stats[key] == expected[key], key
    assert set(stats["levels"]) == {"plant", "enterprise"}
    for key in ("competencies", "levels", "isa95_parts", "mom_categories"):
        assert _nonzero(stats[key]) == _nonzero(expected[key]), key
    assert set(stats["mom_categories"]) == {"production", "maintenance", "quality", "inventory"}


def test_stats_json_counts_styles_retired_and_difficulty_1(tiny_bank_dir: Path) -> None:
    questions = tiny_bank_dir / "question_bank" / "questions"
    for question_id, change in (("Q002", {"style": "behavioural"}), ("Q003", {"retired": True})):
        path = questions / f"{question_id}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(change)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    bank = load_bank(tiny_bank_dir / "question_bank", tiny_bank_dir / "rubrics")
    active = [q for q in bank.questions.values() if not q.retired]

    result = run("bank", "stats", "--json", *_dirs(tiny_bank_dir))
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["behavioural"] == 1
    assert stats["active"] == stats["questions"] == 2
    assert stats["retired"] == 1
    assert stats["difficulty_1"] == sum(q.difficulty == 1 for q in active)
    assert stats["styles"] == {"technical": 1, "scenario": 0, "behavioural": 1}


@pytest.mark.parametrize(("choice", "expected"), [("exclude", ["Q001"]), ("only", ["Q002"])])
def test_kit_behavioural_choice(tiny_bank_dir: Path, choice: str, expected: list[str]) -> None:
    path = tiny_bank_dir / "question_bank" / "questions" / "Q002.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["style"] = "behavioural"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    args = ("kit", "--level", "plant", "--minutes", "100", "--behavioural", choice, "--json")
    result = run(*args, *_dirs(tiny_bank_dir))
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(result.stdout)["questions"]) == expected


def test_stats_table(tiny_bank_dir: Path) -> None:
    result = run("bank", "stats", *_dirs(tiny_bank_dir))
    assert result.returncode == 0, result.stderr
    assert "questions: 3" in result.stdout.splitlines()


def test_kit_json_is_deterministic_and_within_budget(real_bank_snapshot: Path) -> None:
    args = ("kit", "--level", "plant", "--minutes", "30", "--seed", "3", "--json")
    first = run(*args, *_dirs(real_bank_snapshot))
    second = run(*args, *_dirs(real_bank_snapshot))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout

    kit = json.loads(first.stdout)
    bank = load_bank(real_bank_snapshot / "question_bank", real_bank_snapshot / "rubrics")
    assert kit["level"] == "plant"
    assert kit["seed"] == 3
    assert kit["questions"]
    minutes = sum(bank.questions[qid].minutes for qid in kit["questions"])
    assert kit["minutes"] == minutes <= 30
    assert all("plant" in bank.questions[qid].levels for qid in kit["questions"])


def test_kit_hand_picked(tiny_bank_dir: Path) -> None:
    result = run(
        "kit", "--level", "plant", "--questions", "Q002", "Q001", "--json", *_dirs(tiny_bank_dir)
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["questions"] == ["Q002", "Q001"]


def test_kit_text_lists_the_questions(tiny_bank_dir: Path) -> None:
    result = run("kit", "--level", "enterprise", "--minutes", "100", *_dirs(tiny_bank_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("enterprise kit, 2 questions")
    assert "Q001" in result.stdout
    assert "Q003" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("bank",),
        ("bank", "validate"),
        ("bank", "stats"),
        ("kit",),
    ],
    ids=lambda args: " ".join(args) or "top",
)
def test_help(args: tuple[str, ...]) -> None:
    result = run(*args, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m assess")


@pytest.mark.parametrize(
    "args",
    [
        ("kit", "--level", "corporate"),
        ("kit", "--level", "plant", "--minutes", "0"),
        ("kit", "--level", "plant", "--questions", "Q099"),
        ("kit", "--level", "enterprise", "--questions", "Q002"),
        ("kit", "--level", "plant", "--questions", "Q001", "Q001"),
        ("kit", "--level", "plant", "--behavioural", "sometimes"),
        ("kit", "--level", "enterprise", "--behavioural", "only"),
    ],
    ids=[
        "unknown-level",
        "zero-budget",
        "unknown-question",
        "no-rubric",
        "picked-twice",
        "unknown-behavioural",
        "no-behavioural",
    ],
)
def test_bad_kit_input_exits_2(tiny_bank_dir: Path, args: tuple[str, ...]) -> None:
    result = run(*args, *_dirs(tiny_bank_dir))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr.strip().splitlines()[-1]


def test_unknown_command_exits_2() -> None:
    result = run("bank", "frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
