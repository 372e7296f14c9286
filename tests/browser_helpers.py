"""Helpers for the tests that drive the real app in Chromium: seeding, sign-in, the console.

A page load (refresh, ``goto``, a server restart) starts a new Streamlit session; the app's
sign-in cookie resumes the sign-in in it (``reopen``). Most tests open the interview the way
an interviewer does (New interview -> "Your interviews" link); one opens the interview's own
URL, with the cookie and without it (signing in on that URL lands on the interview).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from assess.content.bank import Bank
from assess.store import accounts, interviews, people
from assess.store.db import Store

PASSWORD = "browser test pw 1"
EDITOR = '[data-testid="con-answer-editor"]'
# A save can wait for the store's 5 s busy timeout; a page on two busy cores is slow too.
SLOW = 45_000


@dataclass(frozen=True)
class Seeded:
    """What ``seed_interview`` put in the database."""

    interview_id: int
    item_ids: tuple[int, ...]


def sqlite_path(url: str) -> Path:
    """The file behind a ``sqlite:///`` URL."""
    database = make_url(url).database
    assert database, url
    return Path(database)


def seed_interview(
    url: str,
    bank: Bank,
    users: dict[str, str] | None = None,
    interviewer: str = "ivan",
    level: str = "plant",
    questions: int = 2,
) -> Seeded:
    """An admin, the given users (username -> role), a requisition, a candidate and an
    interview run by ``interviewer`` on the first ``questions`` questions at ``level``."""
    store = Store.open(url)
    try:
        with store.transaction() as s:
            accounts.create_first_admin(s, "ada", "Ada Admin", PASSWORD)
            for username, role in (users or {"ivan": "interviewer"}).items():
                accounts.create_user(s, username, username.title(), role, PASSWORD, "ada")
            requisition = people.create_requisition(s, "MES Engineer, Plant A", level, "ada")
            candidate = people.create_candidate(s, "Grace Hopper", requisition.id, "ada")
            picked = [q.id for q in bank.active_questions() if level in q.levels][:questions]
            started = interviews.start_interview(s, bank, candidate.id, level, picked, interviewer)
            return Seeded(started.id, tuple(q.id for q in started.questions))
    finally:
        store.dispose()


def answer_versions(url: str, item_id: int) -> list[tuple[int, str, str, int]]:
    """Every stored version of one answer: (version, text, author, base_version)."""
    store = Store.open(url)
    try:
        with store.transaction() as s:
            return [
                (v.version, v.text, v.author, v.base_version)
                for v in interviews.answer_history(s, item_id)
            ]
    finally:
        store.dispose()


def wait_idle(page: Any) -> None:
    """Until the script run has finished (the attribute Streamlit's own e2e tests wait on)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=SLOW
    )


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Open the app in a new session and sign in with a local account."""
    from playwright.sync_api import expect

    page.goto(base_url)
    wait_idle(page)
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in:", timeout=SLOW)
    wait_idle(page)


def reopen(page: Any, url: str, name: str | None = None) -> None:
    """Load ``url`` in the same browser: the sign-in cookie keeps the user signed in."""
    from playwright.sync_api import expect

    page.goto(url)
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        f"Signed in: {name}" if name else "Signed in:", timeout=SLOW
    )
    expect(page.get_by_label("Password", exact=True)).to_have_count(0)


def nav(page: Any, title: str) -> None:
    """Follow a sidebar navigation link."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    wait_idle(page)


def open_interview(page: Any, interview_id: int) -> Any:
    """From a signed-in page, open the interview from "Your interviews"; returns the editor."""
    from playwright.sync_api import expect

    nav(page, "New interview")
    page.get_by_role("link", name=re.compile(rf"^#{interview_id} · ")).click()
    editor = page.locator(EDITOR)
    expect(editor).to_be_visible(timeout=SLOW)
    wait_idle(page)
    return editor


def saved_caption(version: int) -> re.Pattern[str]:
    """The console's acknowledgement of a save, for ``get_by_text``."""
    return re.compile(rf"Saved · version {version}\b")


def conflict_note(version: int, author: str, unseen: int, unseen_author: str) -> re.Pattern[str]:
    """The console's note of an edit conflict: ``version`` was typed without seeing ``unseen``."""
    return re.compile(
        rf"Edit conflict: version {version} by {author} was typed without seeing "
        rf"version {unseen} by {unseen_author}"
    )


def expect_saved(page: Any, version: int) -> None:
    """Until the console says version ``version`` is saved (the save's acknowledgement)."""
    from playwright.sync_api import expect

    expect(page.get_by_text(saved_caption(version))).to_be_visible(timeout=SLOW)


def no_exception(page: Any) -> None:
    """No Streamlit exception element on the page."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.get_by_test_id("stMain").inner_text()


def app_env(folder: Path, bank_root: Path) -> dict[str, str]:
    """Server environment: a new SQLite file in ``folder`` and the bank snapshot at
    ``bank_root`` (the one the test seeds from, so both see the same questions)."""
    return {
        "ASSESS_DATABASE_URL": f"sqlite:///{folder / 'assess.db'}",
        "ASSESS_BANK_DIR": str(bank_root / "question_bank"),
        "ASSESS_RUBRICS_DIR": str(bank_root / "rubrics"),
        "ASSESS_CACHE_DIR": str(folder / "cache"),
    }
