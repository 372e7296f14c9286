"""Who is signed in, and the server-side check every page and action makes.

Pages call ``require(action)`` before they render anything or act: a user whose role lacks
the action gets a message and the page stops, whatever the browser sent.
"""

from __future__ import annotations

import streamlit as st

from assess.auth.roles import User, allowed
from assess.ui import md

USER_KEY = "auth_user"


def current_user() -> User | None:
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def can(action: str) -> bool:
    """Whether the signed-in user may perform ``action`` (for showing or hiding controls;
    the action itself still calls ``require``)."""
    user = current_user()
    return user is not None and allowed(user.role, action)


def require(action: str) -> User:
    """The signed-in user if their role allows ``action``; otherwise explain and stop."""
    user = current_user()
    if user is None:
        st.warning("Sign in to use this page.", icon=":material/login:")
        st.stop()
    if not allowed(user.role, action):
        st.error(
            f"Your role ({user.role}) does not allow this: {action.replace('_', ' ')}.",
            icon=":material/block:",
        )
        st.stop()
    return user


def _sign_out() -> None:
    st.session_state.pop(USER_KEY, None)
    if getattr(st.user, "is_logged_in", False):
        st.logout()


def sidebar_account() -> None:
    """Who is signed in, and a way out."""
    user = current_user()
    if user is None:
        return
    st.sidebar.caption(f"Signed in: **{md(user.display_name)}** · {user.role}")
    st.sidebar.button("Sign out", on_click=_sign_out, key="nav_sign_out")
