"""Render every page with Streamlit's AppTest; check the bank page's main behaviour."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assess.auth.roles import User
from assess.content.bank import Bank, load_bank
from assess.errors import BankError
from assess.ui import BANK, HOME, PAGES, md
from assess.ui.resources import _store
from tests.apptest import sign_in

APP = Path(__file__).resolve().parents[1] / "app.py"


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


ADMIN = User("smoke", "Smoke Tester", "admin")


@pytest.fixture(autouse=True)
def _tmp_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Pages that read the database use a fresh SQLite file, never the one under data/."""
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'smoke.db'}")
    _store.clear()
    yield
    _store.clear()


def _open(page_path: str, user: User | None = ADMIN) -> AppTest:
    """Open a page; signed in as an admin (every page allowed) unless ``user`` is None."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    if user is not None:
        sign_in(at, user)
    at.run()
    assert not at.exception
    at.switch_page(page_path).run()
    return at


def _texts(at: AppTest | object) -> list[str]:
    return [_unescape(m.value) for m in at.markdown]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.title)
def test_every_page_renders(page) -> None:
    at = _open(page.path, None if page.public else ADMIN)
    assert not at.exception
    assert not at.error
    assert len(at.title) == 1


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("admin", ["New interview", "Candidates", "Panel", "Team insights", "Question bank"]),
        ("interviewer", ["New interview", "Question bank"]),
        ("recruiter", ["Candidates", "Team insights", "Question bank"]),
        ("panel", ["Panel"]),
    ],
)
def test_start_page_explains_and_links_to_each_roles_jobs(role: str, titles: list[str]) -> None:
    at = _open(HOME.path, User("smoke", "Smoke Tester", role))
    assert at.title[0].value == "ISA-95 Interview Assessment"
    text = " ".join(m.value for m in at.markdown)
    assert "MES Engineer" in text and "MOM Architect" in text
    assert "named person decides" in " ".join(i.value for i in at.info)
    # A job's link shows only to a role whose pages include it (the sample-data link too).
    assert [link.label for link in at.page_link] == titles


def test_bank_page_lists_the_active_questions(bank: Bank) -> None:
    at = _open(BANK.path)
    table = at.dataframe[0].value
    assert list(table["id"]) == [q.id for q in bank.active_questions()]
    assert {"id", "competency", "levels", "difficulty", "minutes", "parts", "categories"} <= set(
        table.columns
    )
    assert at.selectbox(key="bank_question").options[0].startswith(table["id"][0])


def test_bank_page_shows_both_rubrics_side_by_side(bank: Bank) -> None:
    at = _open(BANK.path)
    at.selectbox(key="bank_question").select("Q001").run()
    assert not at.exception
    question = bank.question("Q001")
    assert any(question.text in text for text in _texts(at))
    assert any(follow_up in text for text in _texts(at) for follow_up in question.follow_ups)
    columns = [c for c in at.columns if len(c.subheader)]
    assert len(columns) == 2
    titles = [column.subheader[0].value for column in columns]
    assert titles[0].startswith("Plant") and titles[1].startswith("Enterprise")
    for column, level in zip(columns, ("plant", "enterprise"), strict=True):
        shown = "\n".join(_texts(column))
        rubric = bank.rubric("Q001", level)
        for point in rubric.key_points:
            assert point.text in shown
            assert point.probe in shown
        for flag in rubric.red_flags:
            title = bank.misconceptions[flag.misconception].title
            assert f"{flag.misconception}: {title}" in shown
            assert flag.claim in shown and flag.correction in shown
        for exemplar in rubric.exemplars:
            assert exemplar.answer in shown
    # Each level's key points appear in its own column only.
    plant_point = bank.rubric("Q001", "plant").key_points[0].text
    assert plant_point not in "\n".join(_texts(columns[1]))


def test_a_filter_narrows_the_table(bank: Bank) -> None:
    at = _open(BANK.path)
    before = list(at.dataframe[0].value["id"])
    at.multiselect(key="bank_levels").select("enterprise").run()
    after = list(at.dataframe[0].value["id"])
    expected = [q.id for q in bank.active_questions() if "enterprise" in q.levels]
    assert after == expected
    assert len(after) < len(before)
    options = at.selectbox(key="bank_question").options
    assert [option.split(":")[0] for option in options] == expected

    at.text_input(key="bank_text").input("zzqxj").run()
    assert not at.exception
    assert len(at.dataframe) == 0
    assert "No question matches" in at.info[0].value


def test_bank_page_summary_and_coverage_chart(bank: Bank) -> None:
    at = _open(BANK.path)
    assert len(at.get("plotly_chart")) == 1
    summary = _texts(at)[-1]
    active = len(bank.active_questions())
    assert summary.startswith(f"{active} active questions")


def test_invalid_bank_shows_every_problem_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank: Bank
) -> None:
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "question_bank", tmp_path / "question_bank")
    shutil.copytree(root / "rubrics", tmp_path / "rubrics")
    (tmp_path / "question_bank" / "questions" / "Q001.yaml").write_text(
        "id: Q001\ntext: too short\ncolour: blue\n", encoding="utf-8"
    )
    with pytest.raises(BankError) as caught:
        load_bank(tmp_path / "question_bank", tmp_path / "rubrics")
    assert len(caught.value.problems) > 1
    monkeypatch.setenv("ASSESS_BANK_DIR", str(tmp_path / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(tmp_path / "rubrics"))

    at = _open(BANK.path)
    assert not at.exception
    assert len(at.error) == 1
    shown = _unescape(at.error[0].value)
    for problem in caught.value.problems:
        assert str(problem) in shown
    assert len(at.dataframe) == 0


def test_content_text_is_escaped_for_markdown() -> None:
    raw = "**bold** <b>tag</b> :red[x] $x$ [link](http://x) # head"
    escaped = md(raw)
    assert _unescape(escaped) == raw
    assert not re.search(r"(?<!\\)[*<>\[\]$#:]", escaped)
