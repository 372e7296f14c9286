"""The loader: one broken fixture per failure mode, each problem naming its file and field."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml

from assess.content.bank import Bank, load_bank
from assess.errors import BankError, Problem


def _load(root: Path) -> Bank:
    return load_bank(root / "question_bank", root / "rubrics")


def _problems(root: Path) -> tuple[Problem, ...]:
    with pytest.raises(BankError) as info:
        _load(root)
    assert info.value.problems, "BankError without problems"
    return info.value.problems


def _question(root: Path, question_id: str) -> Path:
    return root / "question_bank" / "questions" / f"{question_id}.yaml"


def _rubric(root: Path, level: str, question_id: str) -> Path:
    return root / "rubrics" / level / f"{question_id}.yaml"


def _edit(path: Path, **changes: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _find(problems: tuple[Problem, ...], path: Path, field: str, *words: str) -> Problem:
    """The problem about ``path`` whose field is ``field`` (or inside it) and says ``words``."""
    for problem in problems:
        if (
            Path(problem.file) == path
            and (problem.field == field or problem.field.startswith(field + "."))
            and all(word.lower() in problem.message.lower() for word in words)
        ):
            return problem
    listing = "\n".join(f"  {p.file} | {p.field!r} | {p.message}" for p in problems)
    raise AssertionError(f"no problem for {path} field {field!r} saying {words}; got:\n{listing}")


def test_tiny_bank_is_valid(tiny_bank: Bank) -> None:
    assert sorted(tiny_bank.questions) == ["Q001", "Q002", "Q003"]
    assert sorted(tiny_bank.rubrics) == [
        ("Q001", "enterprise"),
        ("Q001", "plant"),
        ("Q002", "plant"),
        ("Q003", "enterprise"),
    ]


def test_malformed_yaml(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    path.write_text("id: Q002\ntext: [an unclosed list\nlevels: [plant\n", encoding="utf-8")
    problems = _problems(tiny_bank_dir)
    problem = _find(problems, path, "", "not valid YAML")
    # A syntax error has no field; the message points at the line instead.
    assert problem.field == ""
    assert "line" in problem.message
    # Reported once, not again as "an empty file".
    assert [p for p in problems if Path(p.file) == path] == [problem]


def test_empty_question_file(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    path.write_text("# nothing here yet\n", encoding="utf-8")
    _find(_problems(tiny_bank_dir), path, "", "expected a mapping", "empty")


def test_empty_competencies_file(tiny_bank_dir: Path) -> None:
    path = tiny_bank_dir / "question_bank" / "competencies.yaml"
    path.write_text("", encoding="utf-8")
    _find(_problems(tiny_bank_dir), path, "", "expected a list")


def test_unsafe_tag_is_rejected_and_not_run(tiny_bank_dir: Path, capfd: Any) -> None:
    marker = tiny_bank_dir / "executed"
    path = _question(tiny_bank_dir, "Q002")
    path.write_text(
        f'id: !!python/object/apply:os.system ["echo hi > {marker}"]\n'
        + _question(tiny_bank_dir, "Q002").read_text(encoding="utf-8").split("\n", 1)[1],
        encoding="utf-8",
    )
    problem = _find(_problems(tiny_bank_dir), path, "", "not valid YAML")
    assert "python/object/apply" in problem.message
    assert not marker.exists(), "the !!python tag was executed"
    assert "hi" not in capfd.readouterr().out


def test_key_given_twice(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "difficulty: 3\n", encoding="utf-8")
    problem = _find(_problems(tiny_bank_dir), path, "", "given twice")
    # The duplicate key is named in the message (PyYAML reports it before any field exists).
    assert "'difficulty'" in problem.message


def test_unknown_field(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    _edit(path, dificulty=2)
    _find(_problems(tiny_bank_dir), path, "dificulty", "unknown field")


def test_unknown_nested_field(tiny_bank_dir: Path) -> None:
    path = _rubric(tiny_bank_dir, "plant", "Q002")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["key_points"][1]["wieght"] = 1
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _find(_problems(tiny_bank_dir), path, "key_points.1.wieght", "unknown field")


def test_duplicate_question_id(tiny_bank_dir: Path) -> None:
    original = _question(tiny_bank_dir, "Q002")
    copy = _question(tiny_bank_dir, "Q004")
    shutil.copy(original, copy)
    problem = _find(_problems(tiny_bank_dir), copy, "id", "duplicate id 'Q002'")
    assert str(original) in problem.message


def test_rubric_for_missing_question(tiny_bank_dir: Path) -> None:
    path = _rubric(tiny_bank_dir, "plant", "Q099")
    shutil.copy(_rubric(tiny_bank_dir, "plant", "Q002"), path)
    _edit(path, question="Q099")
    _find(_problems(tiny_bank_dir), path, "question", "Q099")


def test_claimed_level_without_rubric(tiny_bank_dir: Path) -> None:
    _rubric(tiny_bank_dir, "enterprise", "Q001").unlink()
    problem = _find(
        _problems(tiny_bank_dir), _question(tiny_bank_dir, "Q001"), "levels", "enterprise"
    )
    assert "rubrics/enterprise/Q001.yaml" in problem.message


def test_rubric_in_wrong_level_folder(tiny_bank_dir: Path) -> None:
    # A plant rubric (level: plant) saved under enterprise/.
    path = _rubric(tiny_bank_dir, "enterprise", "Q002")
    shutil.move(_rubric(tiny_bank_dir, "plant", "Q002"), path)
    problem = _find(_problems(tiny_bank_dir), path, "level", "plant")
    assert "enterprise" in problem.message


@pytest.mark.parametrize(
    ("field", "value", "expected_field"),
    [
        ("isa95.mom_categories", ["logistics"], "isa95.mom_categories.0"),
        ("isa95.parts", [9], "isa95.parts.0"),
        ("isa95.topics", ["isa-99"], "isa95.topics.0"),
        ("levels", ["corporate"], "levels.0"),
    ],
)
def test_unknown_vocabulary_value(
    tiny_bank_dir: Path, field: str, value: list[Any], expected_field: str
) -> None:
    path = _question(tiny_bank_dir, "Q002")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data
    *parents, last = field.split(".")
    for part in parents:
        target = target[part]
    target[last] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problem = _find(_problems(tiny_bank_dir), path, expected_field)
    assert repr(value[0]) in problem.message


def test_unknown_competency(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    _edit(path, competency="warehouse-robotics")
    _find(_problems(tiny_bank_dir), path, "competency", "warehouse-robotics")


def test_unknown_misconception(tiny_bank_dir: Path) -> None:
    path = _rubric(tiny_bank_dir, "enterprise", "Q003")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["red_flags"][0]["misconception"] = "M99"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _find(_problems(tiny_bank_dir), path, "red_flags.0.misconception", "M99")


@pytest.mark.parametrize(("count", "word"), [(2, "at least 3"), (7, "at most 6")])
def test_key_point_count(tiny_bank_dir: Path, count: int, word: str) -> None:
    path = _rubric(tiny_bank_dir, "plant", "Q002")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    template = data["key_points"][0]
    data["key_points"] = [dict(template, id=f"point-{n}") for n in range(count)]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _find(_problems(tiny_bank_dir), path, "key_points", word)


def test_exemplars_need_three_score_points(tiny_bank_dir: Path) -> None:
    path = _rubric(tiny_bank_dir, "plant", "Q002")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for exemplar in data["exemplars"]:
        exemplar["score"] = 1 if exemplar["score"] < 5 else 5
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problem = _find(_problems(tiny_bank_dir), path, "exemplars", "3 different score points")
    assert "[1, 5]" in problem.message


def test_new_fields_default_to_technical_and_prose(tiny_bank: Bank) -> None:
    # Q002 and Q003 of the tiny bank give neither field.
    assert tiny_bank.questions["Q002"].style == "technical"
    assert {e.form for e in tiny_bank.rubrics[("Q002", "plant")].exemplars} == {"prose"}


@pytest.mark.parametrize("style", ["technical", "scenario", "behavioural"])
def test_question_style_is_read(tiny_bank_dir: Path, style: str) -> None:
    _edit(_question(tiny_bank_dir, "Q002"), style=style)
    assert _load(tiny_bank_dir).questions["Q002"].style == style


def test_unknown_question_style(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    _edit(path, style="behavioral")
    problem = _find(_problems(tiny_bank_dir), path, "style", "'behavioural'")
    # Says what was given and what would have been accepted.
    assert "'behavioral'" in problem.message
    assert "'technical'" in problem.message


def _set_first_exemplar_form(path: Path, form: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["exemplars"][0]["form"] = form
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_exemplar_form_notes_is_read(tiny_bank_dir: Path) -> None:
    _set_first_exemplar_form(_rubric(tiny_bank_dir, "plant", "Q002"), "notes")
    exemplars = _load(tiny_bank_dir).rubrics[("Q002", "plant")].exemplars
    assert [e.form for e in exemplars] == ["notes", "prose", "prose"]


def test_unknown_exemplar_form(tiny_bank_dir: Path) -> None:
    path = _rubric(tiny_bank_dir, "plant", "Q002")
    _set_first_exemplar_form(path, "bullet")
    problem = _find(_problems(tiny_bank_dir), path, "exemplars.0.form", "'notes'")
    assert "'bullet'" in problem.message
    assert "'prose'" in problem.message


def test_question_id_must_match_file_name(tiny_bank_dir: Path) -> None:
    path = _question(tiny_bank_dir, "Q002")
    _edit(path, id="Q005")
    _find(_problems(tiny_bank_dir), path, "id", "file name")


def test_every_problem_is_reported_at_once(tiny_bank_dir: Path) -> None:
    question = _question(tiny_bank_dir, "Q002")
    _edit(question, competency="warehouse-robotics")
    rubric = _rubric(tiny_bank_dir, "enterprise", "Q003")
    data = yaml.safe_load(rubric.read_text(encoding="utf-8"))
    data["red_flags"][0]["misconception"] = "M99"
    rubric.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    problems = _problems(tiny_bank_dir)
    _find(problems, question, "competency", "warehouse-robotics")
    _find(problems, rubric, "red_flags.0.misconception", "M99")
    assert len(problems) == 2


def test_failed_load_raises_instead_of_returning_a_partial_bank(tiny_bank_dir: Path) -> None:
    # One broken file among valid ones: nothing is returned, not even the valid questions.
    _edit(_question(tiny_bank_dir, "Q003"), minutes=0)
    result: Bank | None = None
    with pytest.raises(BankError):
        result = _load(tiny_bank_dir)
    assert result is None


def test_missing_folders_are_problems_not_crashes(tmp_path: Path) -> None:
    problems = _problems(tmp_path)
    files = {Path(problem.file) for problem in problems}
    assert tmp_path / "question_bank" / "competencies.yaml" in files
    assert tmp_path / "question_bank" / "questions" in files
    assert tmp_path / "rubrics" / "plant" in files


def test_bank_mappings_are_read_only(tiny_bank: Bank) -> None:
    question = tiny_bank.questions["Q001"]
    rubric = tiny_bank.rubrics[("Q001", "plant")]
    with pytest.raises(TypeError):
        tiny_bank.questions["Q009"] = question  # type: ignore[index]
    with pytest.raises(TypeError):
        tiny_bank.rubrics[("Q009", "plant")] = rubric  # type: ignore[index]
    with pytest.raises(TypeError):
        del tiny_bank.competencies["order-execution"]  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        tiny_bank.misconceptions["M99"] = tiny_bank.misconceptions["M1"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tiny_bank.questions = {}  # type: ignore[misc]


def test_models_are_frozen(tiny_bank: Bank) -> None:
    question = tiny_bank.questions["Q001"]
    rubric = tiny_bank.rubrics[("Q001", "plant")]
    with pytest.raises(pydantic.ValidationError):
        question.text = "changed after loading, which must not happen"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        rubric.key_points[0].weight = 5  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        tiny_bank.competencies["order-execution"].name = "changed"  # type: ignore[misc]
    assert isinstance(question.levels, tuple)
    assert isinstance(rubric.red_flags, tuple)
