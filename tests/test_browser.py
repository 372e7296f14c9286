"""The app in a real browser (Debian's Chromium): a whole interview, signing in per role, and
a candidate profile and the panel page on the sample data.

Screenshots of the key steps go to ``test-artifacts/`` (``browser-*.png``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assess.auth.roles import ROLES, allowed
from assess.store import accounts
from assess.store.db import Store
from assess.ui import PAGES, SIGN_IN
from tests.browser_helpers import (
    EDITOR,
    PASSWORD,
    SLOW,
    app_env,
    expect_saved,
    nav,
    no_exception,
    reopen,
    wait_idle,
)

pytestmark = [pytest.mark.server, pytest.mark.browser]

ANSWER = (
    "MES is the plant-level system that executes production orders at one site: dispatching, "
    "tracking, genealogy and data collection. MOM is the whole ISA-95 Level 3 domain across "
    "production, quality, maintenance and inventory; MES is a subset of it, sitting between "
    "the Level 4 ERP and the Level 2 control systems."
)
# The real model loads on the first "Score" of a server: allow for it on two busy cores.
MODEL_LOAD = 180_000


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"browser-{name}.png"), full_page=True)


def _sign_out(page: Any) -> None:
    expect = _expect()
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=SLOW)
    wait_idle(page)


def test_a_whole_interview_from_first_run_to_summary(
    app_server: Any,
    page: Any,
    tmp_path: Path,
    real_bank_snapshot: Path,
    screenshot_dir: Path,
) -> None:
    expect = _expect()
    server = app_server(env=app_env(tmp_path, real_bank_snapshot))

    # First run: the empty database asks for the admin account.
    page.goto(server.url)
    wait_idle(page)
    expect(page.get_by_text("This is a new database")).to_be_visible()
    page.get_by_label("Admin username", exact=True).fill("ada")
    page.get_by_label("Your name", exact=True).fill("Ada Admin")
    page.get_by_label("Password (10 characters or more)", exact=True).fill(PASSWORD)
    page.get_by_label("Password again", exact=True).fill(PASSWORD)
    _shot(page, screenshot_dir, "01-first-run-admin")
    page.get_by_role("button", name="Create admin and sign in").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Signed in: Ada Admin · admin", timeout=SLOW)
    wait_idle(page)

    # The admin adds the interviewer, then a requisition and a candidate.
    nav(page, "Users")
    page.get_by_label("Username (or the e-mail used for organisation sign-in)").fill("ivan")
    page.get_by_label("Name", exact=True).fill("Ivan Petrov")
    page.get_by_label(re.compile(r"^Initial password")).fill(PASSWORD)
    role = page.get_by_test_id("stForm").filter(has_text="Add user")
    expect(role.get_by_role("combobox", name="Role")).to_have_value(re.compile("^Interviewer"))
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text("Added ivan as interviewer.")).to_be_visible(timeout=SLOW)
    _shot(page, screenshot_dir, "02-admin-adds-interviewer")

    nav(page, "New interview")
    page.get_by_label("Title", exact=True).fill("MES Engineer, Plant A")
    page.get_by_role("button", name="Create requisition").click()
    expect(page.get_by_role("combobox", name="Requisition")).to_have_value(
        "MES Engineer, Plant A (plant)", timeout=SLOW
    )
    wait_idle(page)
    page.get_by_label("Name", exact=True).fill("Grace Hopper")
    page.get_by_role("button", name="Add candidate").click()
    expect(page.get_by_role("combobox", name="Candidate")).to_have_value(
        re.compile("^Grace Hopper"), timeout=SLOW
    )
    wait_idle(page)
    _sign_out(page)

    # The interviewer builds a kit and starts.
    page.get_by_label("Username", exact=True).fill("ivan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(sidebar).to_contain_text("Signed in: Ivan Petrov · interviewer", timeout=SLOW)
    wait_idle(page)
    nav(page, "New interview")
    expect(page.get_by_role("combobox", name="Candidate")).to_have_value(
        re.compile("^Grace Hopper")
    )
    expect(page.get_by_text(re.compile(r"^\d+ questions, \d+ of 45 minutes"))).to_be_visible()
    _shot(page, screenshot_dir, "03-kit-preview")
    page.get_by_role("button", name="Start interview").click()
    editor = page.locator(EDITOR)
    expect(editor).to_be_visible(timeout=SLOW)
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"^Question 1 of \d+"))).to_be_visible()

    # Type, see it saved, score it with the real model, rate it.
    editor.fill(ANSWER)
    expect_saved(page, 1)
    page.get_by_role("button", name="Score this answer").click()
    suggestion = page.get_by_test_id("stMetric").filter(has_text="Suggested score")
    not_scored = page.get_by_text("Not scored:")
    expect(suggestion.or_(not_scored).first).to_be_visible(timeout=MODEL_LOAD)
    wait_idle(page)
    _shot(page, screenshot_dir, "04-scored")
    page.get_by_test_id("stRadio").get_by_text("3", exact=True).click()
    wait_idle(page)
    page.get_by_label("Reason for your rating", exact=True).fill(
        "Places MES inside MOM and names the levels; no word on integration."
    )
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Rating 3 saved.")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"Saved rating: 3 by ivan"))).to_be_visible()
    no_exception(page)

    # Finish: the summary shows the rating.
    sidebar.get_by_role("button", name="Finish interview").click()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible(timeout=SLOW)
    overall = page.get_by_test_id("stMetric").filter(has_text="Overall rating")
    expect(overall).to_contain_text("3.0 / 5")
    wait_idle(page)
    _shot(page, screenshot_dir, "05-summary")
    no_exception(page)


def _show_all_links(page: Any) -> None:
    """Streamlit folds a long navigation after 10 links behind "View N more"."""
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and re.search(r"more", more.inner_text()):
        more.click()


def _titles(titles: list[str]) -> list[re.Pattern[str]]:
    """Navigation links by title (a link's text starts with its icon's name)."""
    return [re.compile(rf"(^|[a-z_]){re.escape(title)}$") for title in titles]


def _seed_roles(url: str) -> dict[str, tuple[str, str]]:
    """One local account per role: role -> (username, display name)."""
    people = {
        "admin": ("ada", "Ada Admin"),
        "interviewer": ("ivan", "Ivan Petrov"),
        "recruiter": ("rita", "Rita Recruiter"),
        "panel": ("paul", "Paul Panel"),
    }
    assert set(people) == set(ROLES)
    store = Store.open(url)
    try:
        with store.transaction() as s:
            accounts.create_first_admin(s, *people["admin"], PASSWORD)
            for role, (username, name) in people.items():
                if role != "admin":
                    accounts.create_user(s, username, name, role, PASSWORD, "ada")
    finally:
        store.dispose()
    return people


def test_signing_in_as_each_role_shows_only_its_pages(
    app_server: Any,
    page: Any,
    tmp_path: Path,
    real_bank_snapshot: Path,
    screenshot_dir: Path,
) -> None:
    expect = _expect()
    env = app_env(tmp_path, real_bank_snapshot)
    people = _seed_roles(env["ASSESS_DATABASE_URL"])
    server = app_server(env=env)
    # Signed out: the sign-in page first, then the other public pages.
    public = [SIGN_IN.title, *(spec.title for spec in PAGES if spec.public and spec != SIGN_IN)]
    for role, (username, name) in people.items():
        page.goto(server.url)
        wait_idle(page)
        links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        expect(links).to_have_text(_titles(public))

        page.get_by_label("Username", exact=True).fill(username)
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Wrong username or password.")).to_be_visible(timeout=SLOW)
        expect(page.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")

        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("stSidebar")).to_contain_text(
            f"Signed in: {name} · {role}", timeout=SLOW
        )
        wait_idle(page)
        shown = [
            spec.title
            for spec in PAGES
            if spec != SIGN_IN and (spec.action is None or allowed(role, spec.action))
        ]
        _show_all_links(page)
        expect(links).to_have_text(_titles(shown))
        no_exception(page)
        _shot(page, screenshot_dir, f"role-{role}")

        reopen(page, page.url, name)  # a refresh keeps the sign-in (the cookie)
        _sign_out(page)
        expect(page.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")
        expect(links).to_have_text(_titles(public))
        page.reload()  # signed out for good: the cookie is cleared and the sign-in ended
        wait_idle(page)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.get_by_test_id("stSidebar")).not_to_contain_text("Signed in:")


def _seed_sample(url: str, bank_root: Path) -> dict[str, int]:
    """The sample data (scored with the fake encoder: this test is about the pages), an
    admin, a recruiter and an account for one of the sample panel members; returns candidate
    ids by name."""
    from assess.content.bank import load_bank
    from assess.demo.loader import load_demo
    from assess.scoring import calibration
    from assess.scoring.scorer import Scorer
    from assess.store import people
    from tests.fakes import FakeEncoder

    store = Store.open(url)
    try:
        bank = load_bank(bank_root / "question_bank", bank_root / "rubrics")
        load_demo(store, bank, Scorer(FakeEncoder(), calibration.load()))
        with store.transaction() as s:
            accounts.create_first_admin(s, "ada", "Ada Admin", PASSWORD)
            accounts.create_user(s, "rita", "Rita Recruiter", "recruiter", PASSWORD, "ada")
            accounts.create_user(s, "sample.panel.a", "Pat Panel", "panel", PASSWORD, "ada")
            return {c.name: c.id for c in people.candidates(s)}
    finally:
        store.dispose()


def test_candidate_profile_and_panel_pages_in_a_browser(
    app_server: Any,
    page: Any,
    tmp_path: Path,
    real_bank_snapshot: Path,
    screenshot_dir: Path,
) -> None:
    expect = _expect()
    env = app_env(tmp_path, real_bank_snapshot)
    ids = _seed_sample(env["ASSESS_DATABASE_URL"], real_bank_snapshot)
    name, candidate_id = next(iter(ids.items()))
    server = app_server(env=env)
    charts = page.get_by_test_id("stPlotlyChart")

    # A shared profile link, opened signed out: sign in on it and land on that profile.
    page.goto(f"{server.url}/candidate_profile?candidate={candidate_id}")
    wait_idle(page)
    page.get_by_label("Username", exact=True).fill("rita")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Candidate profile")).to_be_visible(timeout=SLOW)
    wait_idle(page)
    assert f"candidate={candidate_id}" in page.url
    for heading in ("Credibility index", "ISA-95 coverage", "Role fit", "Red flags"):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main).to_contain_text(name)
    # credibility, radar, coverage x2, role fit, machine vs final: at least six, drawn in turn
    expect(charts.nth(5)).to_be_attached(timeout=SLOW)
    no_exception(page)
    _shot(page, screenshot_dir, "profile")
    main.get_by_role("heading", name="ISA-95 coverage").scroll_into_view_if_needed()
    _shot(page, screenshot_dir, "profile-coverage")
    _sign_out(page)

    # A panel member of the plant requisition: the comparison of the ratings they gave.
    page.get_by_label("Username", exact=True).fill("sample.panel.a")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in: Pat Panel", timeout=SLOW)
    nav(page, "Panel")
    for heading in (
        "Your ratings",
        "Side by side",
        "Ranking with uncertainty",
        "Record a decision",
    ):
        expect(main.get_by_role("heading", name=heading)).to_be_visible(timeout=SLOW)
    expect(charts.nth(2)).to_be_attached(timeout=SLOW)  # radars, bars, ranking at least
    no_exception(page)
    _shot(page, screenshot_dir, "panel")
    main.get_by_role("heading", name="Ranking with uncertainty").scroll_into_view_if_needed()
    _shot(page, screenshot_dir, "panel-ranking")
