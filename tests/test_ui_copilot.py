"""The console's copilot panel on the real bank (fake encoder, tmp SQLite): the coverage map
shows, moves after a scored answer and after a rating, and adding a suggestion creates the
follow-up and its audit entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assess.analytics.interview_plan import EVIDENCE, GAP, NOT_PROBED, PROBE, QUESTION
from assess.auth.roles import User
from assess.content.bank import Bank, load_bank
from assess.scoring import calibration
from assess.scoring.scorer import Scorer
from assess.services import console
from assess.store import audit, interviews, people
from assess.store.db import Store
from assess.ui import CONSOLE, resources
from assess.ui.coverage_panel import STATE_MARKS
from tests.apptest import open_page
from tests.fakes import FakeEncoder

IVAN = User("ivan", "Ivan I.", "interviewer")


@pytest.fixture
def bank(real_bank_snapshot: Path) -> Bank:
    return load_bank(real_bank_snapshot / "question_bank", real_bank_snapshot / "rubrics")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_bank_snapshot: Path):
    url = f"sqlite:///{tmp_path / 'copilot.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    monkeypatch.setenv("ASSESS_BANK_DIR", str(real_bank_snapshot / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(real_bank_snapshot / "rubrics"))
    monkeypatch.setenv("ASSESS_CACHE_DIR", str(tmp_path / "cache"))
    resources._store.clear()
    scorer = Scorer(FakeEncoder(), calibration.load())
    monkeypatch.setattr(resources, "get_scorer", lambda calibration_json=None: scorer)
    opened = Store.open(url)
    yield opened
    opened.dispose()
    resources._store.clear()


def _seed(store: Store, bank: Bank, question_ids: list[str]) -> tuple[int, list[int]]:
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec")
        cand = people.create_candidate(s, "Grace Hopper", req.id, "rec")
        started = interviews.start_interview(s, bank, cand.id, "plant", question_ids, "ivan")
        return started.id, [q.id for q in started.questions]


def _map(at: AppTest) -> dict[str, str]:
    """The coverage map as shown: area name -> state mark."""
    (table,) = [d.value for d in at.dataframe if "state" in d.value.columns]
    return dict(zip(table["area"], table["state"], strict=True))


def _answer(at: AppTest, item_id: int, text: str) -> None:
    if not at.toggle(key="con_plain_editor").value:
        at.toggle(key="con_plain_editor").set_value(True).run()
    at.text_area(key=f"con_answer_{item_id}").input(text).run()
    assert not at.exception, at.exception


def test_map_shows_and_moves_after_a_scored_answer_and_a_rating(store: Store, bank: Bank) -> None:
    interview_id, (first, _) = _seed(store, bank, ["Q001", "Q040"])
    area = bank.competencies[bank.question("Q001").competency].name
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    shown = _map(at)
    assumed = [c.name for c in bank.competencies.values() if "plant" in c.levels]
    assert list(shown) == assumed
    assert set(shown.values()) == {STATE_MARKS[NOT_PROBED]}

    # A strong answer, scored: the area shows evidence before any rating.
    strong = max(bank.rubric("Q001", "plant").exemplars, key=lambda e: e.score).answer
    _answer(at, first, strong)
    at.button(key=f"con_score_{first}").click().run()
    assert not at.exception
    after_score = _map(at)
    assert after_score[area] == STATE_MARKS[EVIDENCE]
    assert sum(v != STATE_MARKS[NOT_PROBED] for v in after_score.values()) == 1

    # The person's low rating wins: the area becomes a gap.
    at.radio(key=f"con_rating_{first}").set_value(1)
    at.text_input(key=f"con_reason_{first}").input("Recited the words, could not explain")
    at.button(key=f"con_rate_{first}").click().run()
    assert not at.exception
    assert _map(at)[area] == STATE_MARKS[GAP]


def test_adding_a_suggested_question_creates_the_follow_up_and_an_audit_entry(
    store: Store, bank: Bank
) -> None:
    interview_id, (first, _) = _seed(store, bank, ["Q001", "Q040"])
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    weak = min(bank.rubric("Q001", "plant").exemplars, key=lambda e: e.score).answer
    _answer(at, first, weak)
    at.button(key=f"con_score_{first}").click().run()
    assert not at.exception

    plan = console.copilot(store, bank, interview_id, first)
    assert 1 <= len(plan.suggestions) <= 3
    shown = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    kinds = [s.kind for s in plan.suggestions]
    assert kinds[-1] == QUESTION and "Next question" in shown and "Difficulty" in shown
    number = kinds.index(QUESTION) + 1
    pick = plan.suggestions[number - 1]

    at.button(key=f"con_add_suggestion_{first}_{number}").click().run()
    assert not at.exception
    assert at.query_params["q"] == "2"
    with store.transaction() as s:
        rows = interviews.get_interview(s, interview_id).questions
        added = rows[1]
        assert (added.question_id, added.kind, added.parent_id) == (
            pick.question_id,
            "follow_up",
            first,
        )
        assert added.prompt == bank.question(pick.question_id).text
        (event,) = audit.events(s, action="interview.follow_up")
        assert event.actor == "ivan"
        assert event.detail == {
            "interview": interview_id,
            "question": pick.question_id,
            "suggested": True,
        }
    # The added bank question is scored against its own rubric, not typed as free text.
    assert f"con_score_{added.id}" in [b.key for b in at.button]
    # It is not suggested again.
    again = console.copilot(store, bank, interview_id, first)
    assert pick.question_id not in [s.question_id for s in again.suggestions if s.kind == QUESTION]


def test_adding_a_probe_keeps_it_as_a_typed_follow_up(store: Store, bank: Bank) -> None:
    interview_id, (first, _) = _seed(store, bank, ["Q001", "Q040"])
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    weak = min(bank.rubric("Q001", "plant").exemplars, key=lambda e: e.score).answer
    _answer(at, first, weak)
    at.button(key=f"con_score_{first}").click().run()
    plan = console.copilot(store, bank, interview_id, first)
    probes = [n for n, s in enumerate(plan.suggestions, 1) if s.kind == PROBE]
    assert probes, "a weak answer misses key points"
    at.button(key=f"con_add_suggestion_{first}_{probes[0]}").click().run()
    assert not at.exception
    with store.transaction() as s:
        added = interviews.get_interview(s, interview_id).questions[1]
        assert added.question_id is None and added.prompt == plan.suggestions[probes[0] - 1].text
        (event,) = audit.events(s, action="interview.follow_up")
        assert event.detail == {"interview": interview_id, "suggested": True}
