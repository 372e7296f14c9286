"""The live interview: AppTest flows for the setup and console pages (fake encoder, tmp SQLite)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.errors import ModelUnavailableError, StoreError
from assess.scoring import calibration
from assess.scoring.result import KeyPointResult, confidence_label
from assess.scoring.scorer import Scorer
from assess.store import interviews, people
from assess.store.db import Store
from assess.ui import CONSOLE, SETUP, markdown, resources, timefmt
from tests.apptest import open_page, sign_in, unescape
from tests.fakes import FakeEncoder

IVAN = User("ivan", "Ivan I.", "interviewer")
OLGA = User("olga", "Olga O.", "interviewer")
ADA = User("ada", "Ada A.", "admin")
# The score-5 exemplar of the tiny bank's Q002 plant rubric: covers every key point.
GOOD_ANSWER = (
    "ERP releases the order with its BOM and routing, the MES checks that material, equipment "
    "and operators are ready, dispatches it to the line, tracks the execution states and at the "
    "end reports actual quantities and consumption back to ERP as a production performance."
)


def _errors(at: AppTest) -> list[str]:
    """Error boxes other than red flags (those are shown as errors too)."""
    return [unescape(e.value) for e in at.error if e.icon != ":material/report:"]


def _shown(at: AppTest) -> str:
    """Every text element's value, unescaped, one per line."""
    parts = [
        *(m.value for m in at.markdown),
        *(c.value for c in at.caption),
        *(e.value for e in at.error),
        *(w.value for w in at.warning),
        *(i.value for i in at.info),
        *(s.value for s in at.success),
    ]
    return "\n".join(unescape(str(p)) for p in parts)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_bank_dir: Path):
    url = f"sqlite:///{tmp_path / 'console.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    monkeypatch.setenv("ASSESS_BANK_DIR", str(tiny_bank_dir / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(tiny_bank_dir / "rubrics"))
    monkeypatch.setenv("ASSESS_CACHE_DIR", str(tmp_path / "cache"))
    resources._store.clear()
    scorer = Scorer(FakeEncoder(), calibration.load())
    monkeypatch.setattr(resources, "get_scorer", lambda calibration_json=None: scorer)
    opened = Store.open(url)
    yield opened
    opened.dispose()
    resources._store.clear()


@pytest.fixture
def bank(tiny_bank: Bank) -> Bank:
    return tiny_bank


def _seed_interview(store: Store, bank: Bank, interviewer: str = "ivan") -> int:
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec")
        cand = people.create_candidate(s, "Grace Hopper", req.id, "rec")
        started = interviews.start_interview(
            s, bank, cand.id, "plant", ["Q002", "Q001"], interviewer
        )
        return started.id


def _items(store: Store, interview_id: int) -> list[tuple[int, str | None, str]]:
    with store.transaction() as s:
        return [
            (q.id, q.question_id, q.kind)
            for q in interviews.get_interview(s, interview_id).questions
        ]


def _type_answer(at: AppTest, item_id: int, text: str) -> AppTest:
    if not at.toggle(key="con_plain_editor").value:
        at.toggle(key="con_plain_editor").set_value(True).run()
    at.text_area(key=f"con_answer_{item_id}").input(text).run()
    assert not at.exception, at.exception
    return at


# --- the whole interview ---------------------------------------------------------------------


def test_whole_interview_from_new_candidate_to_summary(store: Store, bank: Bank) -> None:
    # An admin opens the requisition and adds the candidate (interviewers may not).
    at = open_page(ADA, SETUP.path)
    assert at.title[0].value == "New interview"
    at.text_input(key="setup_req_title").input("MES Engineer, Plant A")
    at.radio(key="setup_req_level").set_value("plant")
    at.button(key="FormSubmitter:setup_new_requisition-Create requisition").click().run()
    assert not at.exception and not at.error
    at.text_input(key="setup_cand_name").input("Grace Hopper")
    at.button(key="FormSubmitter:setup_new_candidate-Add candidate").click().run()
    assert not at.exception and not at.error
    with store.transaction() as s:
        (candidate,) = people.candidates(s)
        assert candidate.name == "Grace Hopper" and candidate.requisition.level == "plant"

    # The interviewer picks them, builds a kit and starts.
    sign_in(at, IVAN).run()
    assert at.selectbox(key="setup_requisition").value == candidate.requisition_id
    assert at.selectbox(key="setup_candidate").value == candidate.id
    preview = at.dataframe[0].value
    assert set(preview["id"]) == {"Q001", "Q002"}
    at.button(key="setup_start").click().run()
    assert not at.exception
    interview_id = int(at.query_params["interview"])
    assert at.query_params["q"] == "1"
    assert at.title[0].value == "Interview"
    with store.transaction() as s:
        started = interviews.get_interview(s, interview_id)
        assert started.interviewer == "ivan" and started.candidate_id == candidate.id
        order = [q.question_id for q in started.questions]
    assert order == list(preview["id"])
    items = _items(store, interview_id)

    # Go to Q002 (it has the rubric GOOD_ANSWER is written for) and type the answer.
    q002 = order.index("Q002") + 1
    at.query_params["q"] = str(q002)
    at.switch_page(CONSOLE.path).run()  # AppTest keeps the page it was switched to last
    item_id = items[q002 - 1][0]
    assert bank.question("Q002").text in _shown(at)
    _type_answer(at, item_id, GOOD_ANSWER)
    with store.transaction() as s:
        saved = interviews.current_answer(s, item_id)
        assert saved is not None and saved.text == GOOD_ANSWER and saved.version == 1
    assert "Saved · version 1" in _shown(at)

    # Score: the suggestion with highlighted evidence and the stored row.
    at.button(key=f"con_score_{item_id}").click().run()
    assert not at.exception
    with store.transaction() as s:
        row = interviews.latest_score(s, item_id)
        assert row is not None and row.score is not None
        suggested = row.score
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Suggested score"] == f"{suggested:.1f} / 5"
    # A heuristic, so in words and never as a percentage.
    assert metrics["Confidence"] == confidence_label(row.confidence)
    highlighted = [m.value for m in at.markdown if ":orange-background[" in m.value]
    assert len(highlighted) == 1
    assert "Key points shown" in _shown(at)

    # A rating far from the suggestion without a reason is refused, then saved with one.
    far = 0 if suggested >= 2.5 else 5
    at.radio(key=f"con_rating_{item_id}").set_value(far)
    at.button(key=f"con_rate_{item_id}").click().run()
    assert not at.exception
    assert any("give a short reason" in e for e in _errors(at))
    with store.transaction() as s:
        assert interviews.latest_rating(s, item_id) is None
    at.text_input(key=f"con_reason_{item_id}").input("Recited, could not explain on probing")
    at.button(key=f"con_rate_{item_id}").click().run()
    assert not _errors(at)
    with store.transaction() as s:
        rating = interviews.latest_rating(s, item_id)
        assert rating is not None and rating.rating == far and rating.reason.startswith("Recited")

    # Add a follow-up after this question: it becomes the next one and has no rubric.
    at.text_input(key=f"con_follow_up_{item_id}").input("Which states does an order go through?")
    at.button(key=f"con_add_follow_up_{item_id}").click().run()
    assert at.query_params["q"] == str(q002 + 1)
    items = _items(store, interview_id)
    follow_id, follow_qid, kind = items[q002]
    assert follow_qid is None and kind == "follow_up"
    assert "rate it yourself" in _shown(at)
    assert f"con_score_{follow_id}" not in [b.key for b in at.button]
    at.radio(key=f"con_rating_{follow_id}").set_value(3)
    at.button(key=f"con_rate_{follow_id}").click().run()
    assert not _errors(at)

    # Back to the question before, then skip the other kit question.
    at.button(key="con_prev").click().run()
    assert at.query_params["q"] == str(q002)
    assert at.radio(key=f"con_rating_{item_id}").value == far
    other = next(pos for pos, (_, qid, _) in enumerate(items, 1) if qid == "Q001")
    at.query_params["q"] = str(other)
    at.run()
    at.button(key="con_skip").click().run()
    assert not at.exception
    with store.transaction() as s:
        assert interviews.get_question(s, items[other - 1][0]).status == "skipped"

    # Finish: the summary lists every question with its rating.
    at.button(key="con_finish").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["position"]) == [1, 2, 3]
    by_question = dict(
        zip(table["question"].str.split(":").str[0], table["final rating"], strict=True)
    )
    assert by_question["Q002"] == far and by_question["follow-up"] == 3
    assert table["status"][other - 1] == "skipped"
    overall = (far + 3) / 2
    assert {m.label: m.value for m in at.metric}["Overall rating"] == f"{overall:.1f} / 5"

    # Reopen brings the questions back.
    at.button(key="con_reopen").click().run()
    assert not at.exception
    assert "Overall rating" not in [m.label for m in at.metric]  # the summary is gone
    assert [list(d.value.columns) for d in at.dataframe] == [["state", "area", "asked"]]
    with store.transaction() as s:
        assert interviews.get_interview(s, interview_id).status == "in_progress"


# --- nothing lost ---------------------------------------------------------------------------


def test_reopening_the_url_in_a_new_session_restores_answer_and_rating(
    store: Store, bank: Bank
) -> None:
    interview_id = _seed_interview(store, bank)
    item_id = _items(store, interview_id)[0][0]
    first = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    _type_answer(first, item_id, GOOD_ANSWER)
    first.radio(key=f"con_rating_{item_id}").set_value(4)
    first.text_input(key=f"con_reason_{item_id}").input("solid")
    first.button(key=f"con_rate_{item_id}").click().run()
    assert not _errors(first)

    again = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    again.toggle(key="con_plain_editor").set_value(True).run()
    assert again.text_area(key=f"con_answer_{item_id}").value == GOOD_ANSWER
    assert again.radio(key=f"con_rating_{item_id}").value == 4
    assert "Saved rating: **4** by ivan · reason: solid" in _shown(again)
    assert "Saved · version 1" in _shown(again)


def test_a_second_tab_saving_without_seeing_the_first_shows_a_conflict(
    store: Store, bank: Bank
) -> None:
    interview_id = _seed_interview(store, bank)
    item_id = _items(store, interview_id)[0][0]
    tab_a = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    tab_b = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    _type_answer(tab_b, item_id, "placeholder")  # B opened its editor before A typed
    _type_answer(tab_a, item_id, "Version from tab A.")
    tab_b.text_area(key=f"con_answer_{item_id}").input("Version from tab B.").run()
    with store.transaction() as s:
        history = [v.text for v in interviews.answer_history(s, item_id)]
    assert history == ["placeholder", "Version from tab A.", "Version from tab B."]
    warnings = " ".join(unescape(w.value) for w in tab_b.warning)
    assert "Edit conflict" in warnings and "version 2" in warnings
    assert [t.value for t in tab_b.text] == ["Version from tab A.", "Version from tab B."]


def test_store_error_on_save_keeps_the_text_and_shows_unsaved(
    store: Store, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id = _seed_interview(store, bank)
    item_id = _items(store, interview_id)[0][0]
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")

    def locked(*args: object, **kwargs: object) -> None:
        raise StoreError("the database is busy (locked by another writer)")

    real_save = interviews.save_answer
    monkeypatch.setattr(interviews, "save_answer", locked)
    _type_answer(at, item_id, "Typed while the disk was locked.")
    assert not at.exception
    assert any("Unsaved — retrying" in w.value for w in at.warning)
    assert at.text_area(key=f"con_answer_{item_id}").value == "Typed while the disk was locked."
    with store.transaction() as s:
        assert interviews.current_answer(s, item_id) is None

    # The database is back: the retry saves the kept text.
    monkeypatch.setattr(interviews, "save_answer", real_save)
    at.button(key=f"con_retry_{item_id}").click().run()
    assert not any("Unsaved" in w.value for w in at.warning)
    with store.transaction() as s:
        saved = interviews.current_answer(s, item_id)
        assert saved is not None and saved.text == "Typed while the disk was locked."


def test_scoring_unavailable_still_saves_the_answer(
    store: Store, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(calibration_json: object = None) -> None:
        raise ModelUnavailableError("the packaged model folder is missing")

    monkeypatch.setattr(resources, "get_scorer", no_model)
    interview_id = _seed_interview(store, bank)
    item_id = _items(store, interview_id)[0][0]
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    _type_answer(at, item_id, GOOD_ANSWER)
    at.button(key=f"con_score_{item_id}").click().run()
    assert not at.exception
    assert any("Scoring unavailable" in w.value for w in at.warning)
    with store.transaction() as s:
        assert interviews.current_answer(s, item_id).text == GOOD_ANSWER
        assert interviews.latest_score(s, item_id) is None


def test_machine_scoring_off_hides_the_score_button(store: Store, bank: Bank) -> None:
    from assess.store import settings

    with store.transaction() as s:
        settings.set_machine_scoring(s, False, "admin")
    interview_id = _seed_interview(store, bank)
    item_id = _items(store, interview_id)[0][0]
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    assert "Machine scoring is turned off" in _shown(at)
    assert not [b for b in at.button if b.key == f"con_score_{item_id}"]


# --- access and safety ----------------------------------------------------------------------


def test_another_interviewers_interview_is_refused(store: Store, bank: Bank) -> None:
    interview_id = _seed_interview(store, bank, interviewer="olga")
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id))
    assert any("belongs to another interviewer" in e.value for e in at.error)
    assert not at.text_area and not at.radio
    # An admin may open any interview.
    admin = open_page(ADA, CONSOLE.path, interview=str(interview_id))
    assert not _errors(admin)
    assert admin.radio


def test_missing_or_unknown_interview_explains_and_links_back(store: Store) -> None:
    at = open_page(IVAN, CONSOLE.path)
    assert "No interview is open" in at.info[0].value
    assert "New interview" in [link.label for link in at.page_link]
    unknown = open_page(IVAN, CONSOLE.path, interview="999")
    assert "no interview with id 999" in _shown(unknown)
    assert not unknown.exception


def test_setup_lists_only_my_interviews_with_resume_links(store: Store, bank: Bank) -> None:
    mine = _seed_interview(store, bank, interviewer="ivan")
    _seed_interview(store, bank, interviewer="olga")
    at = open_page(IVAN, SETUP.path)
    links = [link for link in at.page_link if "Grace" in unescape(link.label)]
    assert len(links) == 1
    assert unescape(links[0].label).startswith(f"#{mine} ")
    # Interviewers may pick, not create, requisitions and candidates.
    assert "Create a new requisition..." not in at.selectbox(key="setup_requisition").options


def test_html_in_an_answer_is_shown_escaped(store: Store, bank: Bank) -> None:
    interview_id = _seed_interview(store, bank)
    item_id = _items(store, interview_id)[0][0]
    at = open_page(IVAN, CONSOLE.path, interview=str(interview_id), q="1")
    nasty = (
        "ERP releases the order <script>alert(1)</script> and the MES dispatches it "
        "**now** [x](javascript:alert(1)) :red[boom]"
    )
    _type_answer(at, item_id, nasty)
    at.button(key=f"con_score_{item_id}").click().run()
    assert not at.exception
    rendered = [m.value for m in at.markdown if "script" in m.value]
    assert rendered, "the answer is shown"
    for value in rendered:
        assert "<script>" not in value and "\\<script\\>" in value
        assert not re.search(r"(?<!\\)\*\*now", value)
        assert not re.search(r"(?<!\\)\[x\]", value)
    assert not any(m.allow_html for m in at.markdown if "script" in m.value)


# --- plain helpers ---------------------------------------------------------------------------


def _point(evidence: str, span: tuple[int, int] | None) -> KeyPointResult:
    return KeyPointResult("p", "Point", 1.0, 0.9, True, evidence, span, "Probe?")


def test_evidence_spans_use_the_span_or_find_the_clause() -> None:
    text = "First clause. Second clause here."
    assert markdown.evidence_spans(text, [_point("First clause.", (0, 13))]) == [(0, 13)]
    # A span that no longer lines up falls back to finding the clause text.
    assert markdown.evidence_spans(text, [_point("Second clause here.", (0, 5))]) == [(14, 33)]
    assert markdown.evidence_spans(text, [_point("not in it", (0, 3))]) == []


def test_highlight_escapes_every_segment_and_marks_the_evidence() -> None:
    text = "a <b>x</b> then *the evidence* end"
    start = text.index("*the")
    marked = markdown.highlight(text, [(start, start + len("*the evidence*"))])
    assert marked.startswith("a \\<b\\>x\\</b\\> then ")
    assert ":orange-background[\\*the evidence\\*]" in marked
    assert marked.endswith(" end")
    assert unescape(marked.replace(":orange-background[", "").replace("]", "", 1)) == text


def test_clock_formats() -> None:
    assert timefmt.clock(5) == "0:05"
    assert timefmt.clock(3725) == "1:02:05"
    assert timefmt.clock(-3) == "0:00"


# --- the live editor in a real browser ------------------------------------------------------

_HARNESS = """
import streamlit as st
from assess.ui.answer_editor import live_editor

st.session_state.setdefault("runs", 0)
st.session_state["runs"] += 1
result = live_editor(
    key="ed", data={"text": "hello", "rev": 0, "label": "Answer"},
    default={"text": "hello"}, on_text_change=lambda: None,
)
st.text(f"STATE={result.get('text')}|RUNS={st.session_state['runs']}")
"""


@pytest.mark.browser
def test_live_editor_sends_text_after_a_pause_in_typing(page, tmp_path: Path) -> None:
    """The components v2 textarea: value set with .value, one rerun per burst of typing."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from playwright.sync_api import expect

    from tests.plugins.services import free_port

    script = tmp_path / "harness.py"
    script.write_text(_HARNESS, encoding="utf-8")
    port = free_port()
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # polling a process we started
        page.goto(f"http://127.0.0.1:{port}/")
        box = page.get_by_test_id("con-answer-editor")
        expect(box).to_have_value("hello", timeout=30_000)
        box.click()
        box.press("End")
        box.type(" world <b>x</b>")
        expect(page.get_by_text("STATE=hello world <b>x</b>|RUNS=2")).to_be_visible()
        expect(box).to_have_value("hello world <b>x</b>")  # the rerun kept what was typed
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
