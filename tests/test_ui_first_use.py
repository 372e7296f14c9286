"""First use of the app (AppTest, tmp SQLite): creating the first admin lands on Start, and
loading the sample data draws a progress bar fed by the loader's progress callback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assess.auth.roles import User
from assess.demo import loader
from assess.errors import InputError
from assess.store import accounts
from assess.store.db import Store
from assess.ui import resources
from tests.apptest import APP, open_page

PASSWORD = "a long enough password"
ADMIN = User("ada", "Ada Admin", "admin")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'first.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    resources._store.clear()
    store = Store.open(url)
    yield store
    store.dispose()
    resources._store.clear()


def _subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_creating_the_first_admin_goes_to_start(db: Store) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    at.text_input(key="signin_admin_user").input("ada")
    at.text_input(key="signin_admin_name").input("Ada Admin")
    at.text_input(key="signin_admin_pw").input(PASSWORD)
    at.text_input(key="signin_admin_pw2").input(PASSWORD)
    at.button(key="FormSubmitter:signin_first_admin-Create admin and sign in").click().run()
    assert not at.exception and not at.error
    with db.transaction() as s:
        assert accounts.has_admin(s)
    # The Start page, not the sign-in page saying who is signed in.
    assert "What you can do here" in _subheaders(at)
    assert not [e for e in at.success if "Signed in as" in str(e.value)]
    assert [b.key for b in at.button if b.key == "home_load_sample"] == ["home_load_sample"]


def test_signing_in_on_the_sign_in_page_goes_to_start(db: Store) -> None:
    with db.transaction() as s:
        accounts.create_first_admin(s, "ada", "Ada Admin", PASSWORD)
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    at.text_input(key="signin_user").input("ada")
    at.text_input(key="signin_pw").input(PASSWORD)
    at.button(key="FormSubmitter:signin_form-Sign in").click().run()
    assert not at.exception and not at.error
    assert "What you can do here" in _subheaders(at)


def test_loading_the_sample_data_shows_a_progress_bar(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int, str]] = []

    def halfway(store, bank, scorer, path=loader.SAMPLE_FILE, progress=None):
        assert progress is not None, "the page passes a progress callback"
        for step in ((0, 4, "scoring the answers of 3 sample candidates"), (2, 4, "scored B")):
            progress(*step)
            calls.append(step)
        raise InputError("stopped halfway for the test")

    monkeypatch.setattr(loader, "load_demo", halfway)
    monkeypatch.setattr(resources, "get_scorer", lambda calibration_json=None: object())
    at = open_page(ADMIN, "assess/ui/home.py")
    at.button(key="home_load_sample").click().run()
    assert not at.exception
    assert len(calls) == 2
    (bar,) = at.get("progress")
    assert bar.proto.value == 50 and bar.proto.text == "Scored B (2 of 4)"
    assert any("stopped halfway" in str(e.value) for e in at.error)
