"""Helpers for AppTest flows: sign a user in for real, open a page, read markdown as shown."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from assess import config
from assess.auth.roles import User
from assess.store import sign_ins
from assess.store.db import Store
from assess.store.schema import User as UserRow

APP = Path(__file__).resolve().parents[1] / "app.py"


def sign_in(at: AppTest, user: User) -> AppTest:
    """Sign ``user`` in on ``at`` as the sign-in form does: an active account with that role
    (created or updated in the app's database) and an open sign-in whose token the session
    holds. The app re-checks both on every run, so a session without them is signed out."""
    store = Store.open(config.database_url())
    try:
        with store.transaction() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == user.username))
            if row is None:
                s.add(
                    UserRow(
                        username=user.username,
                        display_name=user.display_name,
                        role=user.role,
                        password_hash=None,
                    )
                )
            else:
                row.role, row.active, row.display_name = user.role, True, user.display_name
            s.flush()
            token = sign_ins.open_sign_in(s, user.username)
    finally:
        store.dispose()
    at.session_state["auth_user"] = user
    at.session_state["auth_token"] = token
    return at


def open_page(user: User, page: str, **params: str) -> AppTest:
    """The app as ``user`` sees it, switched to ``page`` with ``params`` in the URL."""
    at = sign_in(AppTest.from_file(str(APP), default_timeout=30), user)
    at.run()
    assert not at.exception
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def unescape(markdown: str) -> str:
    """Markdown text as the reader sees it (``assess.ui.md`` escapes punctuation)."""
    return re.sub(r"\\(.)", r"\1", markdown)
