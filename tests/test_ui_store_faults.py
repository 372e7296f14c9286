"""Every page's store calls are covered: when the database becomes unreachable (or locked)
while a session is open, each page shows a message, never a traceback.

Each page is opened as an admin on a database holding the sample data; then the database's
folder is moved away (so no new connection can open the file: a real "unable to open
database file"), the app's pooled connections are closed, and the page is run again.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from assess.auth.roles import User
from assess.content.bank import load_bank
from assess.demo.loader import load_demo
from assess.scoring import calibration
from assess.scoring.scorer import Scorer
from assess.store.db import Store
from assess.store.schema import Candidate, Interview
from assess.ui import PAGES, SIGN_IN, resources
from tests.apptest import APP, open_page, unescape
from tests.fakes import FakeEncoder

ADMIN = User("ada", "Ada Admin", "admin")
KINDS = ("error", "warning", "info", "exception")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, real_bank_snapshot: Path) -> Path:
    """A database folder holding the sample data (loaded once for the module)."""
    folder = tmp_path_factory.mktemp("faults") / "db"
    bank = load_bank(real_bank_snapshot / "question_bank", real_bank_snapshot / "rubrics")
    store = Store.open(f"sqlite:///{folder / 'app.db'}")
    load_demo(store, bank, Scorer(FakeEncoder(), calibration.load()))
    store.dispose()
    return folder


@pytest.fixture
def folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: Path, real_bank_snapshot: Path
) -> Iterator[Path]:
    """A copy of the sample database, used by the app."""
    folder = tmp_path / "db"
    shutil.copytree(template, folder)
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{folder / 'app.db'}")
    monkeypatch.setenv("ASSESS_BANK_DIR", str(real_bank_snapshot / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(real_bank_snapshot / "rubrics"))
    monkeypatch.setenv("ASSESS_CACHE_DIR", str(tmp_path / "cache"))
    scorer = Scorer(FakeEncoder(), calibration.load())
    monkeypatch.setattr(resources, "get_scorer", lambda calibration_json=None: scorer)
    resources._store.clear()
    yield folder
    resources._store.clear()


def _params(folder: Path, page: str) -> dict[str, str]:
    """The URL a user would have open: an interview for the console, a profile's candidate."""
    store = Store.open(f"sqlite:///{folder / 'app.db'}")
    try:
        with store.transaction() as s:
            interview = s.scalar(select(Interview.id).order_by(Interview.id))
            candidate = s.scalar(select(Candidate.id).order_by(Candidate.id))
    finally:
        store.dispose()
    if page.endswith("interview_console.py"):
        return {"interview": str(interview), "q": "1"}
    if page.endswith("candidate_profile.py"):
        return {"candidate": str(candidate)}
    return {}


def _cut_off(folder: Path) -> None:
    """Make the database unreachable for the running app: move its folder away and close
    the app's pooled connections, so the next connection attempt fails."""
    folder.rename(folder.with_name("db-gone"))
    resources._store(str(resources.config.database_url())).engine.dispose()


def _messages(at: AppTest) -> list[str]:
    return [unescape(str(e.value)) for kind in KINDS for e in getattr(at, kind)]


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p != SIGN_IN], ids=lambda p: p.path.rsplit("/", 1)[-1]
)
def test_page_says_so_when_the_database_becomes_unreachable(folder: Path, page) -> None:
    at = open_page(ADMIN, page.path, **_params(folder, page.path))
    _cut_off(folder)
    at.run()
    assert not at.exception, f"{page.path}: {at.exception}"
    assert any("database" in m for m in _messages(at)), _messages(at)


def test_sign_in_form_says_so_when_the_database_becomes_unreachable(folder: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception and at.text_input  # the sign-in (or first-admin) form
    _cut_off(folder)
    at.run()
    assert not at.exception, at.exception
    assert any("database cannot be used right now" in m for m in _messages(at)), _messages(at)


def test_an_unreachable_database_url_shows_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A URL whose folder cannot exist (under a regular file): the app says why, no page
    runs against it, and nothing raises."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{blocker / 'app.db'}")
    resources._store.clear()
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert any("database cannot be opened" in m for m in _messages(at)), _messages(at)
    resources._store.clear()
