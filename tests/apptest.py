"""Helpers for AppTest flows: open a page as a signed-in user, read markdown as shown."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assess.auth.roles import User

APP = Path(__file__).resolve().parents[1] / "app.py"


def open_page(user: User, page: str, **params: str) -> AppTest:
    """The app as ``user`` sees it, switched to ``page`` with ``params`` in the URL."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["auth_user"] = user
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
