"""Who is signed in, and the server-side check every page and action makes.

Pages call ``require(action)`` before they render anything or act: a user whose role lacks
the action gets a message and the page stops, whatever the browser sent.

A sign-in outlives a page load: ``sign_in`` opens a sign-in in the store and has the browser
keep its token in a cookie; a new session (a refresh, a reopened link, a server restart)
resumes from that cookie once, and signing out ends it on both sides.
"""

from __future__ import annotations

import streamlit as st

from assess.auth.roles import User, allowed
from assess.errors import AssessError
from assess.store import sign_ins
from assess.ui import md
from assess.ui.resources import get_store

USER_KEY = "auth_user"
TOKEN_KEY = "auth_token"
RESUMED_KEY = "auth_resume_tried"
COOKIE_KEY = "auth_cookie"  # what the cookie component writes on this run: a token, or "" (clear)
COOKIE = "assess_sign_in"

# Writes or clears the sign-in cookie from the page (Streamlit has no server-side cookie API).
# SameSite=Strict keeps it off cross-site requests; Secure whenever the app is served on https.
_COOKIE_JS = """
export default function(component) {
  const { data } = component;
  const tail = '; path=/; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');
  const value = data.token ? `${data.token}; max-age=${data.max_age}` : '; max-age=0';
  document.cookie = `${data.name}=${value}${tail}`;
}
"""
_cookie_writer = st.components.v2.component("assess_sign_in_cookie", html="", js=_COOKIE_JS)


def _resume() -> User | None:
    """Once per session: the user the browser's sign-in cookie still signs in, if any."""
    if st.session_state.get(RESUMED_KEY):
        return None
    st.session_state[RESUMED_KEY] = True
    token = st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not token:  # none, or no real request (AppTest)
        return None
    try:
        with get_store().transaction() as session:
            user = sign_ins.resume(session, token)
    except AssessError:  # the database is unreachable: sign in again, nothing is lost
        return None
    if user is not None:
        st.session_state[USER_KEY] = user
        st.session_state[TOKEN_KEY] = token
    return user


def current_user() -> User | None:
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else _resume()


def sign_in(user: User) -> None:
    """Sign ``user`` in for this session and, through the cookie, for the next ones."""
    with get_store().transaction() as session:
        token = sign_ins.open_sign_in(session, user.username)
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_KEY] = token


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
    token = st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(USER_KEY, None)
    st.session_state[COOKIE_KEY] = ""
    if token:
        try:
            with get_store().transaction() as session:
                sign_ins.close_sign_in(session, token)
        except AssessError:
            pass  # the cookie is cleared anyway, and the sign-in ends by itself
    if getattr(st.user, "is_logged_in", False):
        st.logout()


def sidebar_account() -> None:
    """Who is signed in, and a way out; writes the sign-in cookie when it changed."""
    if COOKIE_KEY in st.session_state:
        with st.sidebar:
            _cookie_writer(
                data={
                    "name": COOKIE,
                    "token": st.session_state.pop(COOKIE_KEY),
                    "max_age": sign_ins.HOURS * 3600,
                },
                key="auth_cookie_writer",
            )
    user = current_user()
    if user is None:
        return
    st.sidebar.caption(f"Signed in: **{md(user.display_name)}** · {user.role}")
    st.sidebar.button("Sign out", on_click=_sign_out, key="nav_sign_out")
