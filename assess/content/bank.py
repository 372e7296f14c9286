"""Load and validate the question bank and its rubrics as one immutable ``Bank``.

Loading collects every problem before failing, so a maintainer sees them all at once, and it
never returns a half-loaded bank: either everything validates or ``BankError`` is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assess import config
from assess.content.models import Competency, Misconception, Question, Rubric
from assess.content.vocabulary import ROLE_LEVELS, RoleLevel
from assess.content.yamlio import read_yaml
from assess.errors import BankError, Problem, UnknownItemError

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Bank:
    """Validated questions, rubrics and vocabularies. Read-only."""

    questions: Mapping[str, Question]
    rubrics: Mapping[tuple[str, RoleLevel], Rubric]
    competencies: Mapping[str, Competency]
    misconceptions: Mapping[str, Misconception]

    def question(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise UnknownItemError(f"no question with id {question_id!r}") from None

    def rubric(self, question_id: str, level: str) -> Rubric:
        question = self.question(question_id)
        rubric = self.rubrics.get((question_id, level))  # type: ignore[arg-type]
        if rubric is None:
            raise UnknownItemError(
                f"question {question_id} has no {level!r} rubric "
                f"(it has: {', '.join(question.levels)})"
            )
        return rubric

    def active_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.retired]


def load_bank(bank_dir: Path | None = None, rubrics_dir: Path | None = None) -> Bank:
    """Read and cross-check every content file.

    Args:
        bank_dir: folder with ``competencies.yaml``, ``misconceptions.yaml`` and ``questions/``.
        rubrics_dir: folder with ``plant/`` and ``enterprise/`` rubric files.

    Raises:
        BankError: with every problem found, each naming its file and field.
    """
    bank_dir = bank_dir or config.bank_dir()
    rubrics_dir = rubrics_dir or config.rubrics_dir()
    problems: list[Problem] = []

    competencies = _load_list(bank_dir / "competencies.yaml", Competency, problems)
    misconceptions = _load_list(bank_dir / "misconceptions.yaml", Misconception, problems)
    questions = _load_questions(bank_dir / "questions", problems)
    rubrics = _load_rubrics(rubrics_dir, problems)

    problems.extend(
        _cross_check(questions, rubrics, competencies, misconceptions, bank_dir, rubrics_dir)
    )
    if problems:
        raise BankError(problems)
    return Bank(
        questions=MappingProxyType(dict(sorted(questions.items()))),
        rubrics=MappingProxyType(dict(sorted(rubrics.items()))),
        competencies=MappingProxyType(competencies),
        misconceptions=MappingProxyType(misconceptions),
    )


# What ``_read`` returns for a file it could not parse (already reported), unlike an empty
# file, which parses to None and is reported by the caller.
_UNREADABLE: Any = object()


def _read(path: Path, problems: list[Problem]) -> Any:
    try:
        return read_yaml(path)
    except FileNotFoundError:
        problems.append(Problem(str(path), "", "file is missing"))
    except OSError as exc:
        problems.append(Problem(str(path), "", f"cannot be read: {exc.strerror}"))
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        problems.append(Problem(str(path), "", f"is not valid YAML: {reason}"))
    return _UNREADABLE


def _validate(
    data: Any, model: type[ModelT], path: Path, prefix: str, problems: list[Problem]
) -> ModelT | None:
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        problems.append(Problem(str(path), prefix, f"expected a mapping of fields, got {kind}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field = ".".join(str(part) for part in (prefix, *error["loc"]) if part != "")
            problems.append(Problem(str(path), field, _readable(error)))
        return None


def _readable(error: Any) -> str:
    """A pydantic error as a short sentence saying what was expected."""
    if error["type"] == "extra_forbidden":
        return "unknown field (not part of the schema)"
    if error["type"] == "missing":
        return "required field is missing"
    if isinstance(error.get("input"), dict | list):
        # A whole mapping or list (e.g. a rubric for a model-level check) is not worth
        # repeating: it would turn one problem into a line of thousands of characters.
        return str(error["msg"])
    return f"{error['msg']} (got {error.get('input')!r})"


def _load_list(path: Path, model: type[ModelT], problems: list[Problem]) -> dict[str, ModelT]:
    data = _read(path, problems)
    if data is _UNREADABLE:
        return {}
    if not isinstance(data, list):
        problems.append(Problem(str(path), "", "expected a list of entries"))
        return {}
    items: dict[str, ModelT] = {}
    for index, entry in enumerate(data):
        item = _validate(entry, model, path, f"[{index}]", problems)
        if item is None:
            continue
        item_id = item.id  # type: ignore[attr-defined]
        if item_id in items:
            problems.append(Problem(str(path), f"[{index}].id", f"duplicate id {item_id!r}"))
        items[item_id] = item
    return items


def _yaml_files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def _load_questions(folder: Path, problems: list[Problem]) -> dict[str, Question]:
    if not folder.is_dir():
        problems.append(Problem(str(folder), "", "question folder is missing"))
        return {}
    questions: dict[str, Question] = {}
    where: dict[str, Path] = {}
    for path in _yaml_files(folder):
        data = _read(path, problems)
        if data is _UNREADABLE:
            continue
        question = _validate(data, Question, path, "", problems)
        if question is None:
            continue
        if question.id in questions:
            problems.append(
                Problem(
                    str(path),
                    "id",
                    f"duplicate id {question.id!r}, also in {where[question.id]}",
                )
            )
            continue
        if question.id != path.stem:
            problems.append(
                Problem(str(path), "id", f"id {question.id!r} must match the file name")
            )
        questions[question.id] = question
        where[question.id] = path
    return questions


def _load_rubrics(folder: Path, problems: list[Problem]) -> dict[tuple[str, RoleLevel], Rubric]:
    rubrics: dict[tuple[str, RoleLevel], Rubric] = {}
    for level in ROLE_LEVELS:
        level_dir = folder / level
        if not level_dir.is_dir():
            problems.append(Problem(str(level_dir), "", "rubric folder is missing"))
            continue
        for path in _yaml_files(level_dir):
            data = _read(path, problems)
            if data is _UNREADABLE:
                continue
            rubric = _validate(data, Rubric, path, "", problems)
            if rubric is None:
                continue
            if rubric.level != level:
                problems.append(
                    Problem(
                        str(path),
                        "level",
                        f"says {rubric.level!r} but sits in {level}/",
                    )
                )
                continue
            if rubric.question != path.stem:
                problems.append(
                    Problem(
                        str(path),
                        "question",
                        f"{rubric.question!r} must match the file name",
                    )
                )
                continue
            rubrics[(rubric.question, level)] = rubric
    return rubrics


def _cross_check(
    questions: Mapping[str, Question],
    rubrics: Mapping[tuple[str, RoleLevel], Rubric],
    competencies: Mapping[str, Competency],
    misconceptions: Mapping[str, Misconception],
    bank_dir: Path,
    rubrics_dir: Path,
) -> list[Problem]:
    problems: list[Problem] = []
    for question in questions.values():
        path = str(bank_dir / "questions" / f"{question.id}.yaml")
        competency = competencies.get(question.competency)
        if competency is None and competencies:
            problems.append(
                Problem(path, "competency", f"unknown competency {question.competency!r}")
            )
        elif competency is not None:
            for level in question.levels:
                if level not in competency.levels:
                    problems.append(
                        Problem(
                            path,
                            "levels",
                            f"competency {competency.id!r} is not assessed at {level!r}",
                        )
                    )
        for level in question.levels:
            if (question.id, level) not in rubrics:
                problems.append(
                    Problem(
                        path,
                        "levels",
                        f"claims {level!r} but rubrics/{level}/{question.id}.yaml is missing",
                    )
                )
    for (question_id, level), rubric in rubrics.items():
        path = str(rubrics_dir / level / f"{question_id}.yaml")
        question = questions.get(question_id)
        if question is None:
            problems.append(Problem(path, "question", f"no question with id {question_id!r}"))
        elif level not in question.levels:
            problems.append(
                Problem(
                    path,
                    "level",
                    f"question {question_id} does not claim level {level!r}",
                )
            )
        for index, flag in enumerate(rubric.red_flags):
            if misconceptions and flag.misconception not in misconceptions:
                problems.append(
                    Problem(
                        path,
                        f"red_flags.{index}.misconception",
                        f"unknown misconception {flag.misconception!r}",
                    )
                )
    return problems
