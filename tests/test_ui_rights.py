"""Rights are re-read from the store on every run: AppTest sessions that stay open while an
admin deactivates or demotes the account, the sign-in expires, or another window signs out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, update
from streamlit.testing.v1 import AppTest

from assess.auth.roles import User
from assess.store import accounts
from assess.store.db import Store
from assess.store.schema import SignIn
from assess.ui import CONSOLE, INSTRUCTIONS, SETUP, resources
from tests.apptest import APP, open_page, sign_in, unescape

ADA = User("ada", "Ada A.", "admin")
IVAN = User("ivan", "Ivan I.", "interviewer")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_bank_dir: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'rights.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    monkeypatch.setenv("ASSESS_BANK_DIR", str(tiny_bank_dir / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(tiny_bank_dir / "rubrics"))
    resources._store.clear()
    opened = Store.open(url)
    with opened.transaction() as s:
        accounts.create_user(s, ADA.username, ADA.display_name, "admin", "a-long-password", "t")
    yield opened
    opened.dispose()
    resources._store.clear()


def _shown(at: AppTest) -> str:
    parts = [
        *(t.value for t in at.title),
        *(m.value for m in at.markdown),
        *(e.value for e in at.error),
        *(w.value for w in at.warning),
        *(i.value for i in at.info),
    ]
    return "\n".join(unescape(str(p)) for p in parts)


def _setup_page_open(at: AppTest) -> bool:
    return any(t.value == "New interview" for t in at.title) and not at.error


def test_deactivation_ends_an_open_session_at_the_next_click(store: Store) -> None:
    at = open_page(IVAN, SETUP.path)
    assert _setup_page_open(at)
    with store.transaction() as s:
        accounts.update_user(s, IVAN.username, ADA.username, active=False)
    at.run()  # any click reruns the page
    assert not at.exception
    assert not _setup_page_open(at)
    assert "An admin deactivated your account." in _shown(at)
    assert "auth_user" not in at.session_state and "auth_token" not in at.session_state
    at.switch_page(SETUP.path).run()  # and it stays ended
    assert not _setup_page_open(at)


def test_demotion_applies_at_once_with_a_message(store: Store) -> None:
    at = open_page(IVAN, CONSOLE.path)
    assert not at.error
    with store.transaction() as s:
        accounts.update_user(s, IVAN.username, ADA.username, role="panel")
    at.run()
    shown = _shown(at)
    assert "An admin changed your role from interviewer to panel." in shown
    assert "Your role (panel) does not allow this: run interview." in shown
    assert at.session_state["auth_user"].role == "panel"


def test_an_expired_sign_in_ends_the_session(store: Store) -> None:
    at = open_page(IVAN, SETUP.path)
    with store.transaction() as s:
        past = datetime.now(UTC) - timedelta(minutes=1)
        s.execute(update(SignIn).where(SignIn.username == IVAN.username).values(expires_at=past))
    at.run()
    assert not _setup_page_open(at)
    assert "Your sign-in ended after 12 hours." in _shown(at)


def test_signing_out_in_one_window_ends_the_sign_in_in_the_other(store: Store) -> None:
    first = open_page(IVAN, SETUP.path)
    # A second window (or another app server) holding the same sign-in token.
    second = AppTest.from_file(str(APP), default_timeout=30)
    second.session_state["auth_user"] = IVAN
    second.session_state["auth_token"] = first.session_state["auth_token"]
    second.run()
    second.switch_page(SETUP.path).run()
    assert _setup_page_open(second)
    first.button(key="nav_sign_out").click().run()
    assert "auth_token" not in first.session_state
    second.run()
    assert not _setup_page_open(second)
    assert "You were signed out (in another window or on another device)." in _shown(second)
    with store.transaction() as s:
        (row,) = s.scalars(select(SignIn)).all()
        assert row.revoked_at is not None


def test_a_session_without_a_sign_in_is_not_signed_in(store: Store) -> None:
    """A user put in the session by hand (no sign-in in the store) gets no rights."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["auth_user"] = ADA
    at.run()
    at.switch_page(SETUP.path).run()
    assert not _setup_page_open(at)
    assert "auth_user" not in at.session_state


def test_the_check_is_one_statement_per_run(store: Store) -> None:
    at = sign_in(AppTest.from_file(str(APP), default_timeout=30), IVAN)
    at.run()
    at.switch_page(INSTRUCTIONS.path).run()  # a page that reads nothing else from the store
    statements: list[str] = []
    engine = resources._store(str(store.engine.url)).engine

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        at.run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert not at.exception
    assert len(statements) == 1, statements
    assert "sign_ins" in statements[0] and "users" in statements[0]
