"""Several instances (README, "Several instances"): two ``streamlit run app.py`` processes on
one PostgreSQL database, driven in Chromium.

Each browser keeps its websocket on one server (sticky sessions); what they share is the
database: answer versions and sign-ins. Two interviewers on two servers typing into the same
answer keep every acknowledged save and see the conflict named; a sign-out on one server ends
the sign-in on the other.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from assess.content.bank import Bank
from tests.browser_helpers import (
    SLOW,
    answer_versions,
    app_env,
    conflict_note,
    expect_saved,
    no_exception,
    open_interview,
    reopen,
    seed_interview,
    sign_in,
    wait_idle,
)

pytestmark = [pytest.mark.postgres, pytest.mark.server, pytest.mark.browser]

COOKIE = "assess_sign_in"


def _servers(app_server: Any, url: str, folder: Path, bank_root: Path) -> tuple[Any, Any]:
    """Servers A and B on the PostgreSQL database ``url``, each with its own cache folder;
    started side by side (each start is mostly waiting for Streamlit to come up)."""
    envs = []
    for name in ("a", "b"):
        env = app_env(folder / name, bank_root)
        env["ASSESS_DATABASE_URL"] = url
        envs.append(env)
    with ThreadPoolExecutor(max_workers=2) as pool:
        a, b = pool.map(lambda env: app_server(env=env), envs)
    return a, b


def test_two_servers_on_one_postgres_share_answers_conflicts_and_sign_outs(
    app_server: Any,
    browser: Any,
    page: Any,
    pg_fresh_url: str,
    tmp_path: Path,
    real_bank_snapshot: Path,
    real_bank: Bank,
) -> None:
    from playwright.sync_api import expect

    users = {"ivan": "interviewer", "rita": "recruiter"}
    seeded = seed_interview(pg_fresh_url, real_bank, users=users)
    item = seeded.item_ids[0]
    server_a, server_b = _servers(app_server, pg_fresh_url, tmp_path, real_bank_snapshot)
    assert server_a.port != server_b.port

    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in "bc"]
    for context in contexts:
        context.set_default_timeout(30_000)
    try:
        # --- Two interviewers, one on each server, on the same answer ----------------------
        # Ivan runs the interview on A; Ada (admin: may open every interview) joins it on B.
        # Both have question 1 open before either types.
        page_b = contexts[0].new_page()
        sign_in(page, server_a.url, "ivan")
        editor_a = open_interview(page, seeded.interview_id)
        sign_in(page_b, server_b.url, "ada")
        editor_b = open_interview(page_b, seeded.interview_id)

        text_1 = "Ivan on A: ERP releases the order and the MES dispatches it."
        text_2 = "Ada on B: the MES checks readiness of material before dispatch."
        text_3 = text_1 + " Ivan again: actual quantities go back to ERP."
        editor_a.fill(text_1)
        expect_saved(page, 1)
        editor_b.fill(text_2)  # B never showed version 1: typed on top of nothing
        expect_saved(page_b, 2)
        conflict_2 = conflict_note(2, "ada", 1, "ivan")
        expect(page_b.get_by_text(conflict_2)).to_be_visible()
        no_exception(page_b)

        # Ivan keeps typing on A without a reload: his text is based on version 1, so it is
        # a third version after Ada's, and A names that conflict.
        editor_a.fill(text_3)
        expect_saved(page, 3)
        conflict_3 = conflict_note(3, "ivan", 2, "ada")
        expect(page.get_by_text(conflict_3)).to_be_visible()
        no_exception(page)

        versions = answer_versions(pg_fresh_url, item)
        assert versions == [
            (1, text_1, "ivan", 0),
            (2, text_2, "ada", 0),
            (3, text_3, "ivan", 1),
        ]

        # Ada reloads on B: the current text is Ivan's from A, and both conflicts are named.
        reopen(page_b, server_b.url, "Ada Admin")
        editor_b = open_interview(page_b, seeded.interview_id)
        expect(editor_b).to_have_value(text_3)
        expect(page_b.get_by_text(re.compile(r"Saved · version 3 by ivan"))).to_be_visible()
        expect(page_b.get_by_text(conflict_2)).to_be_visible()
        expect(page_b.get_by_text(conflict_3)).to_be_visible()
        no_exception(page_b)

        # --- A third user: signed in on A, signed out on B ---------------------------------
        # One browser (one cookie jar: cookies do not tell ports apart), a tab on each server.
        rita = contexts[1]
        tab_a = rita.new_page()
        sign_in(tab_a, server_a.url, "rita")
        tab_a.wait_for_function(f"() => document.cookie.includes('{COOKIE}=')")
        (cookie,) = [c for c in rita.cookies() if c["name"] == COOKIE]
        tab_b = rita.new_page()
        reopen(tab_b, server_b.url, "Rita")  # B resumes A's sign-in from the shared cookie

        tab_b.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
        expect(tab_b.get_by_role("button", name="Sign in")).to_be_visible(timeout=SLOW)
        wait_idle(tab_b)
        expect(tab_b.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")

        # The tab still open on A: its next click is refused, with the reason.
        tab_a.get_by_test_id("stSidebarNav").get_by_role("link", name="Candidates").click()
        wait_idle(tab_a)
        signed_out = "You were signed out (in another window or on another device)."
        expect(tab_a.get_by_text(signed_out)).to_be_visible()
        expect(tab_a.get_by_label("Password", exact=True)).to_be_visible()
        expect(tab_a.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")

        # A reload on A asks for the password, even with the old token put back in the
        # browser (as a copy another device kept): the sign-in ended in the database.
        tab_a.wait_for_function(f"() => !document.cookie.includes('{COOKIE}=')")
        rita.add_cookies([cookie])
        tab_a.reload()
        wait_idle(tab_a)
        expect(tab_a.get_by_label("Password", exact=True)).to_be_visible()
        expect(tab_a.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")
        assert any(c["name"] == COOKIE for c in rita.cookies())  # the token was sent
        no_exception(tab_a)
    finally:
        for context in contexts:
            context.close()
