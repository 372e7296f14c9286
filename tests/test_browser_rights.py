"""Rights that end when an admin says so, in Chromium against a real ``streamlit run app.py``.

The AppTest versions are in ``test_ui_rights.py``; here the browser session stays open (one
websocket, no page load) while an admin changes the account in the store, and the next click
in that same session must already be refused. One server serves both tests (a module fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assess.content.bank import Bank
from assess.store import accounts
from assess.store.db import Store
from tests.browser_helpers import (
    EDITOR,
    PASSWORD,
    SLOW,
    app_env,
    nav,
    no_exception,
    seed_interview,
    sign_in,
    wait_idle,
)

pytestmark = [pytest.mark.server, pytest.mark.browser]

SETUP_TITLE = "New interview"


@pytest.fixture(scope="module")
def server(
    module_app_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
    real_bank_snapshot: Path,
    real_bank: Bank,
) -> Iterator[Any]:
    """One server for the module; two interviewers (one per test) and an interview to set up."""
    env = app_env(tmp_path_factory.mktemp("rights-db"), real_bank_snapshot)
    seed_interview(
        env["ASSESS_DATABASE_URL"], real_bank, users={"ivan": "interviewer", "ivy": "interviewer"}
    )
    yield module_app_server(env=env)


def _admin_updates(server: Any, username: str, **change: Any) -> None:
    """What the Users page does when an admin saves a change: through the store, as ada."""
    store = Store.open(server.env["ASSESS_DATABASE_URL"])
    try:
        with store.transaction() as s:
            accounts.update_user(s, username, "ada", **change)
    finally:
        store.dispose()


def _setup_page_open(page: Any, name: str) -> None:
    """Signed in as ``name`` with the New interview page and its pickers on screen."""
    from playwright.sync_api import expect

    nav(page, SETUP_TITLE)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=SETUP_TITLE)).to_be_visible(timeout=SLOW)
    expect(main.get_by_text("1. Requisition", exact=True)).to_be_visible()
    expect(main.get_by_text("Hand-pick", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in: {name} · interviewer")
    no_exception(page)


def _click_on_the_page(page: Any) -> None:
    """A click on the open page (a widget: a rerun in the same session, no page load)."""
    page.get_by_test_id("stMain").get_by_text("Hand-pick", exact=True).click()
    wait_idle(page)


def _no_setup_content(page: Any) -> None:
    """None of the page's pickers or lists (a refused page may keep its title)."""
    from playwright.sync_api import expect

    main = page.get_by_test_id("stMain")
    for words in ("1. Requisition", "2. Candidate", "3. Questions", "Your interviews"):
        expect(main.get_by_text(words)).to_have_count(0)
    expect(main.get_by_role("combobox")).to_have_count(0)  # no requisition or candidate picker


def _nav_links(page: Any) -> Any:
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=SETUP_TITLE, exact=True)


def test_deactivation_refuses_the_next_click_in_the_open_browser_session(
    server: Any, page: Any
) -> None:
    from playwright.sync_api import expect

    sign_in(page, server.url, "ivy")
    _setup_page_open(page, "Ivy")
    url_before = page.url

    _admin_updates(server, "ivy", active=False)
    _click_on_the_page(page)

    assert page.url == url_before  # the same page in the same session: no reload happened
    expect(page.get_by_text("An admin deactivated your account.")).to_be_visible()
    _no_setup_content(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=SETUP_TITLE)).to_have_count(0)  # the page never ran
    expect(page.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")
    expect(page.get_by_label("Password", exact=True)).to_be_visible()  # sign in again
    expect(_nav_links(page)).to_have_count(0)
    no_exception(page)

    # It stays ended: a reload (the sign-in cookie) and the right password both get nowhere.
    page.reload()
    wait_idle(page)
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    _no_setup_content(page)
    page.get_by_label("Username", exact=True).fill("ivy")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")
    _no_setup_content(page)


def test_demotion_refuses_the_page_at_the_next_click_and_the_sidebar_drops_it(
    server: Any, page: Any
) -> None:
    from playwright.sync_api import expect

    sign_in(page, server.url, "ivan")
    _setup_page_open(page, "Ivan")
    expect(_nav_links(page)).to_have_count(1)

    _admin_updates(server, "ivan", role="panel")  # panel may not run interviews
    _click_on_the_page(page)

    main = page.get_by_test_id("stMain")
    expect(
        main.get_by_text("An admin changed your role from interviewer to panel.")
    ).to_be_visible()
    expect(
        main.get_by_text("Your role (panel) does not allow this: run interview.")
    ).to_be_visible()
    _no_setup_content(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in: Ivan · panel")
    expect(_nav_links(page)).to_have_count(0)
    expect(
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Panel", exact=True)
    ).to_have_count(1)  # the navigation is the panel member's now
    no_exception(page)

    # The interview console (the same right) is refused too, even from its URL.
    page.goto(f"{server.url}/interview_console")
    wait_idle(page)
    expect(
        main.get_by_text("Your role (panel) does not allow this: run interview.")
    ).to_be_visible()
    expect(page.locator(EDITOR)).to_have_count(0)
