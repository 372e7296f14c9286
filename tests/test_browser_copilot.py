"""The console's copilot in a real browser (Debian's Chromium, the real server and model):
an interview of four questions on the sample bank, the coverage map moving after each scored
answer, and a suggested question added, found in the interview and in the audit log.

Screenshots go to ``test-artifacts/`` (``browser-copilot-*.png``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assess.content.bank import Bank, load_bank
from assess.store import accounts, audit, interviews, people
from assess.store.db import Store
from tests.browser_helpers import (
    EDITOR,
    PASSWORD,
    SLOW,
    app_env,
    expect_saved,
    no_exception,
    open_interview,
    sign_in,
    wait_idle,
)

pytestmark = [pytest.mark.server, pytest.mark.browser]

MODEL_LOAD = 180_000  # the real model loads on the server's first "Score"
COPILOT = ".st-key-con_copilot"


def _seed(url: str, bank: Bank) -> tuple[int, list[str]]:
    """An interviewer and an interview of four plant questions, one per competency area."""
    chosen: dict[str, str] = {}
    for question in sorted(bank.active_questions(), key=lambda q: q.id):
        if (question.id, "plant") in bank.rubrics and question.competency not in chosen:
            chosen[question.competency] = question.id
    picked = list(chosen.values())[:4]
    store = Store.open(url)
    try:
        with store.transaction() as s:
            accounts.create_first_admin(s, "ada", "Ada Admin", PASSWORD)
            accounts.create_user(s, "ivan", "Ivan Petrov", "interviewer", PASSWORD, "ada")
            req = people.create_requisition(s, "MES Engineer, Plant A", "plant", "ada")
            cand = people.create_candidate(s, "Grace Hopper", req.id, "ada")
            started = interviews.start_interview(s, bank, cand.id, "plant", picked, "ivan")
            return started.id, picked
    finally:
        store.dispose()


def _counts(page: Any) -> str:
    """The map's summary line: "<n> areas at the plant level: <a> not probed · ..."."""
    return page.locator(COPILOT).get_by_text(re.compile(r"areas at the plant level")).inner_text()


def test_copilot_map_moves_with_each_scored_answer_and_a_suggestion_is_added(
    app_server: Any,
    page: Any,
    tmp_path: Path,
    real_bank_snapshot: Path,
    screenshot_dir: Path,
) -> None:
    from playwright.sync_api import expect

    env = app_env(tmp_path, real_bank_snapshot)
    url = env["ASSESS_DATABASE_URL"]
    bank = load_bank(real_bank_snapshot / "question_bank", real_bank_snapshot / "rubrics")
    interview_id, picked = _seed(url, bank)
    areas = sum("plant" in c.levels for c in bank.competencies.values())
    server = app_server(env=env)
    sign_in(page, server.url, "ivan")
    open_interview(page, interview_id)
    copilot = page.locator(COPILOT)
    expect(copilot.get_by_text(f"{areas} not probed")).to_be_visible(timeout=SLOW)

    for number, qid in enumerate(picked, start=1):
        expect(page.get_by_text(re.compile(rf"^Question {number} of 4 · {qid}"))).to_be_visible(
            timeout=SLOW
        )
        wait_idle(page)
        editor = page.locator(EDITOR)
        expect(editor).to_have_count(1, timeout=SLOW)  # the last question's editor is gone
        answer = max(bank.rubric(qid, "plant").exemplars, key=lambda e: e.score).answer
        editor.fill(answer)
        expect_saved(page, 1)
        # Saved, not judged yet: the area is probed.
        expect(copilot.get_by_text(re.compile(r"· 1 probed ·"))).to_be_visible(timeout=SLOW)
        before = _counts(page)
        page.get_by_role("button", name="Score this answer").click()
        scored = page.get_by_test_id("stMetric").filter(has_text="Suggested score")
        expect(scored.or_(page.get_by_text("Not scored:")).first).to_be_visible(timeout=MODEL_LOAD)
        wait_idle(page)
        expect(copilot.get_by_text(f"{areas - number} not probed")).to_be_visible(timeout=SLOW)
        if scored.count():  # judged: evidence shown or a gap, no longer only probed
            expect(copilot.get_by_text(re.compile(r"· 0 probed ·"))).to_be_visible()
            assert _counts(page) != before
        page.screenshot(path=str(screenshot_dir / f"browser-copilot-{number}.png"), full_page=True)
        no_exception(page)
        if number < 4:
            page.get_by_role("button", name="Next →").click()

    # The next-question suggestion, with its reason; one click adds it after question 4.
    suggestion = copilot.locator('[class*="st-key-con_suggestion_"]').filter(
        has_text="Next question"
    )
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text("not probed yet in this interview")
    label = suggestion.get_by_text(re.compile(r"Next question Q\d+")).first.inner_text()
    added_qid = re.search(r"Q\d+", label).group(0)
    assert added_qid not in picked
    suggestion.get_by_role("button", name="Add as a follow-up").click()
    expect(page.get_by_text(re.compile(rf"^Question 5 of 5 · {added_qid}"))).to_be_visible(
        timeout=SLOW
    )
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name=re.compile(rf"^5\. .* {added_qid}"))).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "browser-copilot-added.png"), full_page=True)
    no_exception(page)

    store = Store.open(url)
    try:
        with store.transaction() as s:
            rows = interviews.get_interview(s, interview_id).questions
            assert [r.question_id for r in rows] == [*picked, added_qid]
            assert rows[-1].kind == "follow_up"
            (event,) = audit.events(s, action="interview.follow_up")
            assert event.actor == "ivan"
            assert event.detail == {
                "interview": interview_id,
                "question": added_qid,
                "suggested": True,
            }
    finally:
        store.dispose()
