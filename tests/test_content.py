"""The real content: every file validates, cross-references hold, and the bank meets its targets.

Per-file and cross-reference checks read the YAML files themselves, independently of the
loader's own cross-checks; the targets count over the loaded bank.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from assess.content.bank import Bank
from assess.content.models import MIN_ANCHOR_POINTS, Misconception, Question, Rubric
from assess.content.vocabulary import ROLE_LEVELS
from assess.content.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_DIR = ROOT / "question_bank" / "questions"
RUBRICS_DIR = ROOT / "rubrics"

QUESTION_PATHS = sorted(QUESTIONS_DIR.glob("*.yaml"))
RUBRIC_PATHS = sorted(RUBRICS_DIR.glob("*/*.yaml"))

MIN_QUESTIONS = 60
MIN_COMPETENCIES_IN_USE = 12
MIN_BOTH_LEVELS = 20
REQUIRED_PARTS = (1, 2, 3, 4, 5, 6)
REQUIRED_MOM_CATEGORIES = ("production", "maintenance", "quality", "inventory")
REQUIRED_TOPICS = ("l3-l4-boundary", "l2-l3-boundary", "b2mml", "isa-88", "iec-62443", "iso-22400")


CONTENT_PATHS = [
    *QUESTION_PATHS,
    *RUBRIC_PATHS,
    ROOT / "question_bank" / "competencies.yaml",
    ROOT / "question_bank" / "misconceptions.yaml",
]
GOOD_FROM = 4
WEAK_UP_TO = 2
# Products named in content (issue 12), as whole words and case-sensitive, so "the ERP" and
# "information" pass but "SAP" and "Infor" do not.
VENDOR_NAMES = (
    "SAP",
    "S/4HANA",
    "HANA",
    "Maximo",
    "Siemens",
    "Opcenter",
    "SIMATIC",
    "Rockwell",
    "FactoryTalk",
    "Aveva",
    "AVEVA",
    "Wonderware",
    "OSIsoft",
    "Ignition",
    "Inductive Automation",
    "Apriso",
    "DELMIA",
    "Dassault",
    "Camstar",
    "Oracle",
    "Infor",
    "Werum",
    "PAS-X",
    "Plex",
    "Tulip",
    "Honeywell",
    "Emerson",
    "DeltaV",
    "Kepware",
    "Sepasoft",
    "LabWare",
    "MasterControl",
    "Veeva",
    "Critical Manufacturing",
    "Microsoft Dynamics",
)
VENDOR_PATTERN = re.compile(
    r"(?<![\w/-])(?:" + "|".join(re.escape(name) for name in VENDOR_NAMES) + r")(?![\w/-])"
)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _raw(paths: list[Path]) -> dict[Path, Mapping[str, Any]]:
    """Parsed YAML of each file that parses to a mapping (the per-file tests catch the rest)."""
    parsed: dict[Path, Mapping[str, Any]] = {}
    for path in paths:
        try:
            data = read_yaml(path)
        except Exception:  # reported by the per-file test
            continue
        if isinstance(data, dict):
            parsed[path] = data
    return parsed


@pytest.fixture(scope="module")
def raw_questions() -> dict[Path, Mapping[str, Any]]:
    return _raw(QUESTION_PATHS)


@pytest.fixture(scope="module")
def raw_rubrics() -> dict[Path, Mapping[str, Any]]:
    return _raw(RUBRIC_PATHS)


@pytest.fixture(scope="module")
def misconception_ids() -> set[str]:
    entries = read_yaml(ROOT / "question_bank" / "misconceptions.yaml")
    return {Misconception.model_validate(entry).id for entry in entries}


# --- every file on its own -------------------------------------------------------------------


@pytest.mark.parametrize("path", QUESTION_PATHS, ids=_rel)
def test_question_file_validates(path: Path) -> None:
    question = Question.model_validate(read_yaml(path))
    assert question.id == path.stem, f"{_rel(path)}: id {question.id} must match the file name"


@pytest.mark.parametrize("path", RUBRIC_PATHS, ids=_rel)
def test_rubric_file_validates(path: Path) -> None:
    rubric = Rubric.model_validate(read_yaml(path))
    assert rubric.question == path.stem, f"{_rel(path)}: question must match the file name"
    assert rubric.level == path.parent.name, f"{_rel(path)}: level must match its folder"


def _retired(rubric_path: Path) -> bool:
    question = read_yaml(QUESTIONS_DIR / f"{rubric_path.stem}.yaml")
    return isinstance(question, dict) and bool(question.get("retired"))


def _active_rubric(path: Path) -> Rubric:
    """The rubric in ``path``; skips a retired question's rubric (it scores no new answer)."""
    if _retired(path):
        pytest.skip(f"{path.stem} is retired")
    return Rubric.model_validate(read_yaml(path))


@pytest.mark.parametrize("path", RUBRIC_PATHS, ids=_rel)
def test_rubric_anchors_five_score_points_including_5(path: Path) -> None:
    # Issue 12: anchors on the whole scale (0 or 1 through 5), not only at 1, 3 and 5; the
    # score-5 anchor is what the altitude test compares across levels.
    rubric = _active_rubric(path)
    scores = sorted({exemplar.score for exemplar in rubric.exemplars})
    assert len(scores) >= MIN_ANCHOR_POINTS and 5 in scores, (
        f"{_rel(path)}: exemplars at {scores}; need {MIN_ANCHOR_POINTS} or more distinct "
        "score points, one of them 5"
    )


@pytest.mark.parametrize("path", RUBRIC_PATHS, ids=_rel)
def test_rubric_has_an_exemplar_written_as_notes(path: Path) -> None:
    # Interviewers type fragments, not prose; the scorer must be anchored on that form too.
    rubric = _active_rubric(path)
    assert any(e.form == "notes" for e in rubric.exemplars), (
        f"{_rel(path)}: no exemplar marked form: notes"
    )


@pytest.mark.parametrize("path", RUBRIC_PATHS, ids=_rel)
def test_exemplar_lengths_overlap_across_scores(path: Path) -> None:
    # Issue 12: length alone must not separate the anchors. Within a rubric (the scorer
    # anchors on one rubric's exemplars at a time) some good answer (4-5) is shorter than
    # some weak one (0-2): a short notes-form top answer, a long but shallow weak one.
    rubric = _active_rubric(path)
    good = [len(e.answer.split()) for e in rubric.exemplars if e.score >= GOOD_FROM]
    weak = [len(e.answer.split()) for e in rubric.exemplars if e.score <= WEAK_UP_TO]
    assert good and weak, f"{_rel(path)}: needs exemplars at 4-5 and at 0-2"
    assert min(good) < max(weak), (
        f"{_rel(path)}: every good exemplar ({sorted(good)} words) is longer than every weak "
        f"one ({sorted(weak)} words)"
    )


def _vendor_names(text: str) -> list[str]:
    return sorted({match.group(0) for match in VENDOR_PATTERN.finditer(text)})


@pytest.mark.parametrize("path", CONTENT_PATHS, ids=_rel)
def test_no_vendor_product_names(path: Path) -> None:
    # Exemplars anchor the scorer: a product name in them favours candidates who use it.
    # Products are named by their kind instead ("the ERP", "the CMMS", "the historian").
    found = _vendor_names(path.read_text(encoding="utf-8"))
    assert not found, f"{_rel(path)} names vendor products: {found}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We post goods issues to SAP at the end of the shift.", ["SAP"]),
        ("Work orders came from Maximo and FactoryTalk.", ["FactoryTalk", "Maximo"]),
        ("the CMMS, the ERP, the historian; sapping; Information; Oracles", []),
        ("an Ignition gateway and PAS-X", ["Ignition", "PAS-X"]),
    ],
)
def test_vendor_name_check_itself(text: str, expected: list[str]) -> None:
    assert _vendor_names(text) == expected


def test_content_files_exist() -> None:
    assert QUESTION_PATHS, f"no question files in {QUESTIONS_DIR}"
    assert RUBRIC_PATHS, f"no rubric files in {RUBRICS_DIR}"
    stray = sorted(_rel(path) for path in RUBRIC_PATHS if path.parent.name not in ROLE_LEVELS)
    assert not stray, f"rubrics outside plant/ and enterprise/: {stray}"


# --- the bank as a whole ---------------------------------------------------------------------


def test_whole_bank_loads(real_bank: Bank, real_bank_snapshot: Path) -> None:
    # Counted in the same snapshot the bank was loaded from: files keep arriving meanwhile.
    questions = list((real_bank_snapshot / "question_bank" / "questions").glob("*.yaml"))
    rubrics = list((real_bank_snapshot / "rubrics").glob("*/*.yaml"))
    assert len(real_bank.questions) == len(questions)
    assert len(real_bank.rubrics) == len(rubrics)


def test_question_ids_are_unique(raw_questions: dict[Path, Mapping[str, Any]]) -> None:
    seen: dict[object, Path] = {}
    repeats = []
    for path, data in raw_questions.items():
        question_id = data.get("id")
        if question_id in seen:
            repeats.append(f"{question_id} in {_rel(seen[question_id])} and {_rel(path)}")
        seen[question_id] = path
    assert not repeats, "question ids used twice: " + "; ".join(repeats)


def test_rubric_ids_are_unique(raw_rubrics: dict[Path, Mapping[str, Any]]) -> None:
    seen: dict[tuple[object, object], Path] = {}
    repeats = []
    for path, data in raw_rubrics.items():
        key = (data.get("question"), data.get("level"))
        if key in seen:
            repeats.append(f"{key} in {_rel(seen[key])} and {_rel(path)}")
        seen[key] = path
    assert not repeats, "rubrics given twice: " + "; ".join(repeats)


def test_every_rubric_has_its_question(
    raw_questions: dict[Path, Mapping[str, Any]], raw_rubrics: dict[Path, Mapping[str, Any]]
) -> None:
    levels = {data.get("id"): set(data.get("levels") or ()) for data in raw_questions.values()}
    orphans = []
    for path, data in raw_rubrics.items():
        question_id, level = data.get("question"), data.get("level")
        if question_id not in levels:
            orphans.append(f"{_rel(path)}: no question {question_id}")
        elif level not in levels[question_id]:
            orphans.append(f"{_rel(path)}: {question_id} does not claim {level}")
    assert not orphans, "\n".join(orphans)


def test_every_claimed_level_has_its_rubric(
    raw_questions: dict[Path, Mapping[str, Any]], raw_rubrics: dict[Path, Mapping[str, Any]]
) -> None:
    have = {(data.get("question"), data.get("level")) for data in raw_rubrics.values()}
    missing = [
        f"{_rel(path)}: claims {level} but rubrics/{level}/{data.get('id')}.yaml is missing"
        for path, data in raw_questions.items()
        for level in data.get("levels") or ()
        if (data.get("id"), level) not in have
    ]
    assert not missing, "\n".join(missing)


def test_every_red_flag_names_a_known_misconception(
    raw_rubrics: dict[Path, Mapping[str, Any]], misconception_ids: set[str]
) -> None:
    unknown = [
        f"{_rel(path)}: red_flags.{index}.misconception {flag.get('misconception')!r}"
        for path, data in raw_rubrics.items()
        for index, flag in enumerate(data.get("red_flags") or ())
        if isinstance(flag, dict) and flag.get("misconception") not in misconception_ids
    ]
    assert not unknown, "unknown misconceptions:\n" + "\n".join(unknown)


# --- content targets (acceptance checks for the bank) ----------------------------------------


def test_at_least_60_questions(real_bank: Bank) -> None:
    count = len(real_bank.active_questions())
    assert count >= MIN_QUESTIONS, f"{count} active questions, target {MIN_QUESTIONS}"


def test_at_least_12_competency_areas_in_use(real_bank: Bank) -> None:
    used = {question.competency for question in real_bank.active_questions()}
    assert len(used) >= MIN_COMPETENCIES_IN_USE, (
        f"{len(used)} competency areas in use ({sorted(used)}), target {MIN_COMPETENCIES_IN_USE}"
    )


def test_at_least_20_questions_with_both_levels(real_bank: Bank) -> None:
    both = [q.id for q in real_bank.active_questions() if set(q.levels) == set(ROLE_LEVELS)]
    assert len(both) >= MIN_BOTH_LEVELS, (
        f"{len(both)} questions with both levels, target {MIN_BOTH_LEVELS}"
    )


def test_red_flags_cover_every_misconception(real_bank: Bank) -> None:
    active = {question.id for question in real_bank.active_questions()}
    flagged = {
        flag.misconception
        for (question_id, _), rubric in real_bank.rubrics.items()
        if question_id in active
        for flag in rubric.red_flags
    }
    uncovered = sorted(set(real_bank.misconceptions) - flagged, key=lambda m: int(m[1:]))
    assert not uncovered, f"misconceptions no rubric flags: {uncovered}"


@pytest.mark.parametrize("part", REQUIRED_PARTS)
def test_isa95_part_is_covered(real_bank: Bank, part: int) -> None:
    tagged = [q.id for q in real_bank.active_questions() if part in q.isa95.parts]
    assert tagged, f"no question is tagged with ISA-95 Part {part}"


@pytest.mark.parametrize("category", REQUIRED_MOM_CATEGORIES)
def test_mom_category_is_covered(real_bank: Bank, category: str) -> None:
    tagged = [q.id for q in real_bank.active_questions() if category in q.isa95.mom_categories]
    assert tagged, f"no question is tagged with MOM category {category!r}"


@pytest.mark.parametrize("topic", REQUIRED_TOPICS)
def test_topic_is_covered(real_bank: Bank, topic: str) -> None:
    tagged = [q.id for q in real_bank.active_questions() if topic in q.isa95.topics]
    assert tagged, f"no question is tagged with topic {topic!r}"
