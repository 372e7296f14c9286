"""The role matrix (each role x each page, allowed or refused) and the admin pages' actions.

Expectations come from the table written out below, not from ``PERMISSIONS``: if someone
widens a role or a page's action, this test says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from assess.analytics.fairness import AuditSubject
from assess.auth.roles import ROLES, User
from assess.content.bank import Bank
from assess.store import accounts, audit, interviews, people, settings
from assess.store.audit_data import audit_subjects
from assess.store.db import Store
from assess.store.schema import Candidate, Event
from assess.store.schema import User as UserRow
from assess.ui import PAGES, SIGN_IN, navigation
from assess.ui import resources as ui_resources
from tests.apptest import sign_in

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
REFUSAL = "does not allow this"

ALL = frozenset(ROLES)
# Who may open each page: written out by hand on purpose.
EXPECTED: dict[str, frozenset[str]] = {
    "assess/ui/home.py": ALL,
    "assess/ui/bank_page.py": frozenset({"interviewer", "recruiter", "admin"}),
    "assess/ui/interview_setup.py": frozenset({"interviewer", "admin"}),
    "assess/ui/interview_console.py": frozenset({"interviewer", "admin"}),
    "assess/ui/candidates_page.py": frozenset({"recruiter", "admin"}),
    "assess/ui/candidate_profile.py": frozenset({"recruiter", "panel", "admin"}),
    "assess/ui/panel_page.py": frozenset({"panel", "admin"}),
    "assess/ui/team_page.py": frozenset({"recruiter", "admin"}),
    "assess/ui/admin_users.py": frozenset({"admin"}),
    "assess/ui/admin_oversight.py": frozenset({"admin"}),
    "assess/ui/admin_audit_log.py": frozenset({"admin"}),
    "assess/ui/admin_fairness.py": frozenset({"admin"}),
    "assess/ui/admin_candidate_data.py": frozenset({"admin"}),
    "assess/ui/instructions.py": ALL,
}
PUBLIC = frozenset({"assess/ui/sign_in.py", "assess/ui/instructions.py"})
USERS = {role: User(f"{role}1", f"{role.title()} One", role) for role in ROLES}
MATRIX_PAGES = [spec for spec in PAGES if spec != SIGN_IN]


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file per test, and no store cached from another test."""
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    ui_resources._store.clear()
    yield url
    ui_resources._store.clear()


@pytest.fixture
def db(db_url: str) -> Iterator[Store]:
    """The same database as the app's, opened by the test to seed and to check."""
    store = Store.open(db_url)
    yield store
    store.dispose()


def _app(role: str | None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    if role is not None:
        sign_in(at, USERS[role])
    return at.run()


def _page(path: str, role: str | None) -> AppTest:
    """One page script run on its own, as a forged URL or a stale navigation would reach it."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    if role is not None:
        sign_in(at, USERS[role])
    return at.run()


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _texts(at: AppTest, kind: str) -> list[str]:
    return [_unescape(str(e.value)) for e in getattr(at, kind)]


def _refused(at: AppTest) -> bool:
    return any(REFUSAL in text for text in _texts(at, "error"))


def _candidate(store: Store, name: str = "Ada Canary", retention: int | None = None) -> int:
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec", retention_days=retention)
        return people.create_candidate(s, name, req.id, "rec").id


def _rated(
    store: Store,
    bank: Bank,
    specs: Sequence[tuple[str, str | None, str | None, Sequence[int]]],
    sample: bool = False,
) -> list[int]:
    """Candidates (name, sex, race/ethnicity, final ratings); None skips the demographics."""
    qids = [q.id for q in bank.active_questions() if "plant" in q.levels]
    ids = []
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec")
        for name, sex, race, ratings in specs:
            cand = people.create_candidate(s, name, req.id, "rec", is_sample=sample)
            if sex is not None or race is not None:
                people.record_demographics(s, cand.id, sex or "", race or "", "admin1")
            if ratings:
                interview = interviews.start_interview(
                    s, bank, cand.id, "plant", qids[: len(ratings)], "ivan"
                )
                for question, rating in zip(interview.questions, ratings, strict=True):
                    interviews.rate(s, question.id, rating, "ivan")
            ids.append(cand.id)
    return ids


# --- the role matrix --------------------------------------------------------------------------


def test_the_table_names_every_page() -> None:
    assert {spec.path for spec in MATRIX_PAGES} == set(EXPECTED)
    assert {spec.path for spec in PAGES if spec.public} == PUBLIC


@pytest.mark.parametrize("role", [*ROLES, None])
def test_navigation_shows_exactly_the_allowed_pages(role: str | None) -> None:
    order = navigation(role)
    assert [spec for spec, _ in order].count(SIGN_IN) == 1
    assert {spec for spec, _ in order} == set(PAGES)  # every URL resolves
    shown = [spec.path for spec, visible in order if visible]
    if role is None:
        assert shown == [SIGN_IN.path, *sorted(PUBLIC - {SIGN_IN.path})]
    else:
        assert set(shown) == {path for path, roles in EXPECTED.items() if role in roles}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_url_resolves_for_a_signed_in_role(role: str) -> None:
    at = _app(role)
    assert not at.exception
    for spec in PAGES:
        at.switch_page(spec.path).run()  # registered (shown or hidden): no error
        assert not at.exception, spec.path
        assert _refused(at) == (role not in EXPECTED.get(spec.path, ALL)), spec.path


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("spec", MATRIX_PAGES, ids=lambda spec: spec.title)
def test_role_x_page(role: str, spec) -> None:
    if role in EXPECTED[spec.path]:
        at = _app(role)
        at.switch_page(spec.path).run()
        assert not at.exception, at.exception
        assert not _refused(at)
        assert len(at.title) == 1
    else:
        # Not in the navigation, and the page itself refuses when reached anyway.
        at = _page(spec.path, role)
        assert not at.exception, at.exception
        assert _refused(at)
        assert f"({role})" in _texts(at, "error")[0]
        assert not at.dataframe and not at.button and not at.text_input


def test_signed_out_gets_the_sign_in_form_in_place_of_every_other_page() -> None:
    at = _app(None)
    assert not at.exception
    for spec in PAGES:
        at.switch_page(spec.path).run()
        assert not at.exception, spec.path
        form = [w.label for w in at.text_input]
        if spec.path in PUBLIC and spec != SIGN_IN:
            assert "Password" not in form, spec.path
        else:
            # The first admin's form (a new database), never the page's own content.
            assert "Admin username" in form, spec.path
            assert len(at.title) == 1 and at.title[0].value == "ISA-95 Interview Assessment"
            assert not at.dataframe and not at.tabs and not at.selectbox, spec.path

    # A page reached without app.py (a stale run) refuses on its own.
    for spec in MATRIX_PAGES:
        if spec.path not in PUBLIC and spec.path != "assess/ui/home.py":
            page = _page(spec.path, None)
            assert not page.exception
            assert any("Sign in" in text for text in _texts(page, "warning")), spec.path


def test_instructions_are_public_and_cover_the_required_topics() -> None:
    at = _app(None)
    at.switch_page("assess/ui/instructions.py").run()
    assert not at.exception
    headings = _texts(at, "subheader")
    for heading in (
        "Intended purpose",
        "Accuracy",
        "Known limits",
        "How to contest a score",
        "Notice and explanation for candidates",
    ):
        assert heading in headings
    body = " ".join(_texts(at, "markdown"))
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    # The page states the figures the README's benchmarks report, and names how to reproduce them.
    # page figure -> the README's figure it rounds
    figures = {
        "98.0%": "98.0%",
        "in 90%": "90.0%",
        "r 0.65": "0.651",
        "RMSE 0.84": "0.840",
        "59%": "59.3%",
        "AUC 0.95": "0.951",
    }
    for on_page, in_readme in figures.items():
        assert on_page in body, on_page
        assert in_readme in readme, in_readme
    for fact in ("make bench", "accuracy_mohler.py", "properties.py"):
        assert fact in body, fact
    assert "0.630" not in body  # the withdrawn side-path figure
    assert "not an automated decision" in body and "English-only" in body
    assert "released" in body or "releases it" in body  # the explanation's review step


# --- action-level checks ----------------------------------------------------------------------


def test_interviewer_is_refused_candidate_data_and_nothing_is_deleted(db: Store) -> None:
    cid = _candidate(db)
    at = _page("assess/ui/admin_candidate_data.py", "interviewer")
    assert _refused(at)
    assert not at.selectbox and not at.button
    assert "Ada Canary" not in " ".join(_texts(at, "markdown"))
    with db.transaction() as s:
        assert s.get(Candidate, cid) is not None


def test_recruiter_cannot_toggle_scoring(db: Store) -> None:
    at = _page("assess/ui/admin_oversight.py", "recruiter")
    assert _refused(at)
    assert not at.button
    with db.transaction() as s:
        assert settings.machine_scoring_enabled(s)


def test_a_role_changed_mid_session_is_refused_on_the_click(db: Store) -> None:
    """The check is on the server at the moment of the action, not in the rendered button:
    an admin demoted in the store (by another admin) is refused on the next click."""
    at = _page("assess/ui/admin_oversight.py", "admin")
    button = at.button(key="adm_toggle_scoring")
    with db.transaction() as s:
        account = s.scalar(select(UserRow).where(UserRow.username == USERS["admin"].username))
        account.role = "recruiter"
    button.click().run()
    assert _refused(at)
    with db.transaction() as s:
        assert settings.machine_scoring_enabled(s)
        assert not audit.events(s, action="setting.machine_scoring")


def test_recruiter_cannot_open_the_audit_log_or_the_fairness_audit(db: Store) -> None:
    with db.transaction() as s:
        audit.log(s, "admin1", "candidate.delete", "cand-secret")
    for path in ("assess/ui/admin_audit_log.py", "assess/ui/admin_fairness.py"):
        at = _page(path, "recruiter")
        assert _refused(at)
        assert not at.dataframe
        assert "cand-secret" not in " ".join(_texts(at, "markdown"))


def test_panel_member_cannot_manage_users(db: Store) -> None:
    at = _page("assess/ui/admin_users.py", "panel")
    assert _refused(at)
    assert not at.text_input
    with db.transaction() as s:
        assert [u.username for u in accounts.users(s)] == ["panel1"]


# --- the admin pages' main actions --------------------------------------------------------------


def test_toggle_scoring_writes_the_setting_and_an_event(db: Store) -> None:
    at = _page("assess/ui/admin_oversight.py", "admin")
    assert "console still works" in " ".join(_texts(at, "markdown"))
    assert "on" in _texts(at, "success")[0]
    at.button(key="adm_toggle_scoring").click().run()
    assert not at.exception
    with db.transaction() as s:
        assert not settings.machine_scoring_enabled(s)
        events = audit.events(s, action="setting.machine_scoring")
        assert [(e.actor, e.detail) for e in events] == [("admin1", {"enabled": False})]
    assert any("off" in text for text in _texts(at, "warning"))
    at.button(key="adm_toggle_scoring").click().run()
    with db.transaction() as s:
        assert settings.machine_scoring_enabled(s)
        assert len(audit.events(s, action="setting.machine_scoring")) == 2


def test_oversight_shows_retention_and_purges_with_pseudonyms(db: Store) -> None:
    from datetime import UTC, datetime, timedelta

    old = _candidate(db, "Old Applicant", retention=30)
    keep = _candidate(db, "Kept Applicant", retention=None)
    with db.transaction() as s:
        candidate = s.get(Candidate, old)
        candidate.created_at = datetime.now(UTC) - timedelta(days=90)
        pseudonym = candidate.pseudonym
    at = _page("assess/ui/admin_oversight.py", "admin")
    retention = at.dataframe[0].value
    assert sorted(retention["retention"]) == ["30 days", "kept until deleted"]
    assert list(at.dataframe[1].value["pseudonym"]) == [pseudonym]
    assert at.button(key="adm_purge").disabled
    at.checkbox(key="adm_purge_confirm").check().run()
    at.button(key="adm_purge").click().run()
    assert not at.exception
    assert pseudonym in _texts(at, "success")[0]
    with db.transaction() as s:
        assert s.get(Candidate, old) is None and s.get(Candidate, keep) is not None
        (event,) = audit.events(s, action="purge")
        assert event.detail["purged"] == [pseudonym]


def test_delete_candidate_needs_the_typed_name_and_removes_it(db: Store) -> None:
    cid = _candidate(db)
    with db.transaction() as s:
        pseudonym = s.get(Candidate, cid).pseudonym
    at = _page("assess/ui/admin_candidate_data.py", "admin")
    assert pseudonym in " ".join(_texts(at, "markdown"))
    at.text_input(key=f"data_delete_name_{cid}").input("Ada Someone")
    at.text_area(key=f"data_delete_reason_{cid}").input("erasure request of 2026-11-02")
    at.button(key=f"FormSubmitter:data_delete_form_{cid}-Delete permanently").click().run()
    assert any("does not match" in text for text in _texts(at, "error"))
    with db.transaction() as s:
        assert s.get(Candidate, cid) is not None

    at.text_input(key=f"data_delete_name_{cid}").input("Ada Canary")
    at.button(key=f"FormSubmitter:data_delete_form_{cid}-Delete permanently").click().run()
    assert not at.exception
    assert any(pseudonym in text for text in _texts(at, "success"))
    assert "There are no candidates." in _texts(at, "info")
    with db.transaction() as s:
        assert s.get(Candidate, cid) is None
        (event,) = audit.events(s, action="candidate.delete")
        assert event.subject == pseudonym and event.actor == "admin1"
        assert "Ada" not in str(event.detail)


def test_export_is_prepared_once_and_logged(db: Store) -> None:
    cid = _candidate(db)
    at = _page("assess/ui/admin_candidate_data.py", "admin")
    assert not at.get("download_button")
    at.button(key="data_prepare_export").click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 2
    at.run()  # a rerun does not export again
    with db.transaction() as s:
        pseudonym = s.get(Candidate, cid).pseudonym
        assert [e.subject for e in audit.events(s, action="candidate.export")] == [pseudonym]


def test_demographics_form_saves(db: Store) -> None:
    cid = _candidate(db)
    at = _page("assess/ui/admin_candidate_data.py", "admin")
    at.selectbox(key=f"data_sex_{cid}").select("female")
    at.selectbox(key=f"data_race_{cid}").select("Asian")
    at.button(key=f"FormSubmitter:data_demo_form_{cid}-Save demographics").click().run()
    assert not at.exception
    with db.transaction() as s:
        (row,) = people.demographics(s)
        assert (row.candidate_id, row.sex, row.race_ethnicity) == (cid, "female", "Asian")


def test_fairness_page_shows_the_tables_for_seeded_data(db: Store, tiny_bank: Bank) -> None:
    _rated(
        db,
        tiny_bank,
        [
            ("A", "female", "Asian", [5, 5]),
            ("B", "female", "White", [4]),
            ("C", "male", "White", [1, 2]),
            ("D", "male", "Asian", [2]),
            ("E", None, None, [3]),
        ],
    )
    at = _page("assess/ui/admin_fairness.py", "admin")
    assert not at.exception
    assert [m.value for m in at.metric] == ["5", "3.00"]
    sex = at.dataframe[0].value
    assert list(sex["category"]) == ["female", "male"]
    assert list(sex["n"]) == [2, 2]
    # Median 3: both women above it, neither man; the men's ratio is 0, flagged.
    assert list(sex["n above median"]) == [2, 0]
    assert list(sex["impact ratio"]) == [1.0, 0.0]
    assert list(sex["flagged (< threshold)"]) == [False, True]
    assert len(at.dataframe) == 3
    captions = " ".join(_texts(at, "caption"))
    assert "Unknown (not given or declined): 1 (20%)" in captions
    assert any("male" in text and "Investigate" in text for text in _texts(at, "warning"))
    assert "not proof" in " ".join(_texts(at, "markdown"))
    assert len(at.get("download_button")) == 1


def test_fairness_page_with_nothing_rated_says_so(db: Store) -> None:
    _candidate(db)
    at = _page("assess/ui/admin_fairness.py", "admin")
    assert not at.exception
    assert not at.dataframe
    assert "Nothing to audit" in _texts(at, "info")[0]


def test_audit_log_filter_narrows_the_rows(db: Store) -> None:
    with db.transaction() as s:
        audit.log(s, "alice", "candidate.create", "cand-aaa")
        audit.log(s, "bob", "candidate.create", "cand-bbb")
        audit.log(s, "bob", "candidate.delete", "cand-bbb", reason="erasure request")
    at = _page("assess/ui/admin_audit_log.py", "admin")
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
    at.text_input(key="log_actor").input("bob").run()
    table = at.dataframe[0].value
    assert list(table["actor"]) == ["bob", "bob"]
    at.text_input(key="log_action").input("candidate.delete").run()
    table = at.dataframe[0].value
    assert list(table["subject"]) == ["cand-bbb"] and "erasure" in table["detail"][0]
    at.text_input(key="log_subject").input("cand-aaa").run()
    assert not at.dataframe
    assert "No event matches" in _texts(at, "info")[0]


def test_audit_log_date_range_excludes_older_events(db: Store) -> None:
    from datetime import UTC, datetime, timedelta

    with db.transaction() as s:
        audit.log(s, "alice", "login")
        # Events cannot be updated (append-only): write the old one with its time.
        s.add(Event(actor="alice", action="login.failed", at=datetime.now(UTC) - timedelta(90)))
    at = _page("assess/ui/admin_audit_log.py", "admin")
    assert list(at.dataframe[0].value["action"]) == ["login"]
    today = datetime.now(UTC).date()
    at.date_input(key="log_dates").set_value((today - timedelta(days=120), today)).run()
    assert sorted(at.dataframe[0].value["action"]) == ["login", "login.failed"]


def test_users_page_creates_changes_and_deactivates(db: Store) -> None:
    with db.transaction() as s:
        accounts.create_user(s, "admin1", "Admin One", "admin", "correct horse 1", "setup")
    at = _page("assess/ui/admin_users.py", "admin")
    at.text_input(key="adm_new_username").input("Ivan")
    at.text_input(key="adm_new_name").input("Ivan Interviewer")
    at.selectbox(key="adm_new_role").select("interviewer")
    at.text_input(key="adm_new_password").input("long enough pw")
    at.button(key="FormSubmitter:adm_create_user-Add user").click().run()
    assert not at.exception
    assert list(at.dataframe[0].value["username"]) == ["admin1", "ivan"]

    at.selectbox(key="adm_edit_user").select("ivan").run()
    at.selectbox(key="adm_edit_role_ivan").select("recruiter")
    at.checkbox(key="adm_edit_active_ivan").uncheck()
    at.button(key="FormSubmitter:adm_edit_form-Save changes").click().run()
    assert not at.exception
    with db.transaction() as s:
        row = next(u for u in accounts.users(s) if u.username == "ivan")
        assert (row.role, row.active) == ("recruiter", False)
        assert accounts.authenticate(s, "ivan", "long enough pw") is None  # deactivated
        assert {e.action for e in audit.events(s, actor="admin1")} >= {
            "user.create",
            "user.update",
        }


def test_users_page_shows_a_short_password_as_an_error(db: Store) -> None:
    at = _page("assess/ui/admin_users.py", "admin")
    at.text_input(key="adm_new_username").input("pat")
    at.text_input(key="adm_new_password").input("short")
    at.button(key="FormSubmitter:adm_create_user-Add user").click().run()
    assert not at.exception
    assert any("10 characters" in text for text in _texts(at, "error"))
    with db.transaction() as s:
        assert [u.username for u in accounts.users(s)] == ["admin1"]  # no "pat"


def test_last_admin_cannot_be_demoted_from_the_page(db: Store) -> None:
    with db.transaction() as s:
        accounts.create_user(s, "admin1", "Admin One", "admin", "correct horse 1", "setup")
    at = _page("assess/ui/admin_users.py", "admin")
    at.selectbox(key="adm_edit_role_admin1").select("panel")
    at.button(key="FormSubmitter:adm_edit_form-Save changes").click().run()
    assert any("last active admin" in text for text in _texts(at, "error"))
    with db.transaction() as s:
        assert accounts.has_admin(s)


# --- the fairness audit's input -----------------------------------------------------------------


def test_audit_subjects_use_the_latest_final_ratings(store: Store, tiny_bank: Bank) -> None:
    ids = _rated(
        store,
        tiny_bank,
        [
            ("Rated", "female", "Asian", [4, 1]),
            ("No demographics", None, None, [3]),
            ("Declined", "declined", "", [2]),
            ("Unrated", "male", "White", []),
        ],
    )
    with store.transaction() as s:
        # A re-rating replaces the first question's 4 with a 2: mean (2 + 1) / 2.
        first = interviews.interviews(s, candidate_id=ids[0])[0].questions[0]
        interviews.rate(s, first.id, 2, "ivan")
        subjects = audit_subjects(s)
    assert subjects == [
        AuditSubject(ids[0], 1.5, "female", "Asian"),
        AuditSubject(ids[1], 3.0, None, None),
        AuditSubject(ids[2], 2.0, "declined", ""),
    ]


def test_audit_subjects_average_over_every_interview(store: Store, tiny_bank: Bank) -> None:
    (cid,) = _rated(store, tiny_bank, [("Twice", "male", "White", [5])])
    with store.transaction() as s:
        again = interviews.start_interview(s, tiny_bank, cid, "plant", ["Q002"], "ivan")
        interviews.rate(s, again.questions[0].id, 2, "ivan")
        assert audit_subjects(s) == [AuditSubject(cid, 3.5, "male", "White")]


def test_audit_subjects_can_leave_out_samples(store: Store, tiny_bank: Bank) -> None:
    (real,) = _rated(store, tiny_bank, [("Real", "female", "White", [3])])
    _rated(store, tiny_bank, [("Sample", "male", "White", [4])], sample=True)
    with store.transaction() as s:
        assert len(audit_subjects(s)) == 2
        assert [x.candidate_id for x in audit_subjects(s, include_samples=False)] == [real]


def test_audit_subjects_empty_store(store: Store) -> None:
    with store.transaction() as s:
        assert audit_subjects(s) == []
        assert not s.query(Event).count()


# --- a real browser: sign in as each role ----------------------------------------------------

PASSWORD = "role matrix pw 1"


def _wait_for_run(page) -> None:
    """Until the script run has finished (the attribute Streamlit's own e2e tests wait on)."""
    from playwright.sync_api import expect

    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")


@pytest.mark.browser
@pytest.mark.server
def test_signing_in_as_each_role_in_a_browser(db: Store, db_url: str, app_server, page) -> None:
    from playwright.sync_api import expect

    with db.transaction() as s:
        for user in USERS.values():
            accounts.create_user(s, user.username, user.display_name, user.role, PASSWORD, "t")
    server = app_server(env={"ASSESS_DATABASE_URL": db_url, "ASSESS_FAKE_ENCODER": "1"})
    titles = {spec.path: spec.title for spec in MATRIX_PAGES}
    for role, user in USERS.items():
        page.goto(server.url)
        _wait_for_run(page)
        expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Instructions for use")
        expect(page.get_by_test_id("stSidebarNav")).not_to_contain_text("Audit log")
        page.get_by_label("Username", exact=True).fill(user.username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text(f"Signed in: {user.display_name} · {role}")
        expect(page.get_by_role("heading", name="ISA-95 Interview Assessment")).to_be_visible()
        _wait_for_run(page)
        nav = page.get_by_test_id("stSidebarNav")
        more = nav.get_by_test_id("stSidebarNavViewButton")
        if more.count() and "more" in more.inner_text():  # a long list starts collapsed
            more.click()
            expect(more).to_have_text("View less")
        for path, title in titles.items():
            link = nav.get_by_role("link", name=title, exact=True)
            expect(link).to_have_count(1 if role in EXPECTED[path] else 0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        sidebar.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_admin_sets_the_candidate_notice_text_and_resets_it(db: Store) -> None:
    from assess.reports.notice import DEFAULT_TEMPLATE, notice_settings
    from assess.services import documents

    at = _page("assess/ui/admin_oversight.py", "admin")
    assert not at.exception
    assert at.text_area(key="adm_notice_template").value == DEFAULT_TEMPLATE
    assert any("default text is in use" in text for text in _texts(at, "caption"))
    # An unknown variable is refused with the allowed ones named; nothing is stored.
    at.text_area(key="adm_notice_template").input("Hello ${name}, for ${role}.")
    at.button(key="FormSubmitter:adm_notice_form-Save the notice").click().run()
    assert any("${name}" in text and "${role}" in text for text in _texts(at, "error"))
    with db.transaction() as s:
        assert notice_settings(s).is_default
    text = (
        "What the tool does: ${company} uses a tool for the ${role} interview.\n\n"
        "People decide: a person gives every rating.\n\n"
        "What is kept: your answers. ${retention}\n\n"
        "Human review and correction: ask ${contact}."
    )
    at.text_area(key="adm_notice_template").input(text)
    at.text_input(key="adm_notice_company").input("Acme Foods")
    at.text_input(key="adm_notice_contact").input("hr@acme.example")
    at.button(key="FormSubmitter:adm_notice_form-Save the notice").click().run()
    assert not at.exception and not at.error
    with db.transaction() as s:
        team = notice_settings(s)
        assert (team.template, team.company, team.contact) == (
            text,
            "Acme Foods",
            "hr@acme.example",
        )
        (event,) = audit.events(s, action="setting.candidate_notice")
        assert event.actor == "admin1"
    # The next notice given uses it, with the variables filled in.
    cid = _candidate(db, retention=30)
    page = documents.notice(db, cid, "html", "admin1").decode("utf-8")
    assert "Acme Foods uses a tool for the MES Engineer interview" in page
    assert "ask hr@acme.example" in page and "kept for 30 days" in page

    at.button(key="adm_notice_reset").click().run()
    assert not at.exception
    with db.transaction() as s:
        assert notice_settings(s).is_default and notice_settings(s).company != "Acme Foods"
    assert at.text_area(key="adm_notice_template").value == DEFAULT_TEMPLATE
