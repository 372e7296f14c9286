"""Who is signed in, and the server-side check every page and action makes.

Rights are checked against the store on every run, never remembered: ``app.py`` calls
``refresh()`` first thing, which re-reads the sign-in and its account in one indexed query
(``sign_ins.check``). A deactivated account, an expired sign-in or a sign-out in another
browser or on another server ends the session at the next click, with a message; a demotion
applies at once (the navigation and every ``require`` see the new role). Callbacks that
write call ``recheck(action)`` themselves, because they run before the page does.

Pages call ``require(action)`` before they render anything or act: a user whose role lacks
the action gets a message and the page stops, whatever the browser sent.

A sign-in outlives a page load: ``sign_in`` opens a sign-in in the store and has the browser
keep its token in a cookie; a new session (a refresh, a reopened link, a server restart)
resumes from that cookie once, and signing out ends it on both sides.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

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
CHECKED_KEY = "auth_checked"  # (this run's marker, user): the check is made once per run
NOTICE_KEY = "auth_notice"  # why the rights changed since the last run, shown once

ENDED = {
    sign_ins.SIGNED_OUT: "You were signed out (in another window or on another device).",
    sign_ins.EXPIRED: f"Your sign-in ended after {sign_ins.HOURS} hours.",
    sign_ins.DEACTIVATED: "An admin deactivated your account.",
    sign_ins.UNKNOWN: "Your sign-in is no longer valid.",
}

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


def _end(reason: str) -> None:
    """Forget this session's sign-in (and the browser's cookie) and say why once."""
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state[COOKIE_KEY] = ""
    st.session_state[RESUMED_KEY] = True  # the cookie held the same ended token
    st.session_state[NOTICE_KEY] = ("warning", ENDED.get(reason, ENDED[sign_ins.UNKNOWN]))


def _this_run() -> object | None:
    """An object that is new at every script run of this session (None outside a run).

    Streamlit replaces the run context's cursor map at the start of each run; keeping a
    reference to it (in session state) means a later run can never see the same object.
    """
    ctx = get_script_run_ctx()
    return ctx.cursors if ctx is not None else None


def refresh(force: bool = False) -> User | None:
    """Re-read the signed-in user from the store (one indexed query); None when signed out.

    Made once per run (later calls in the same run reuse the answer) unless ``force``.
    A sign-in that ended (signed out elsewhere, expired, account deactivated) ends this
    session too. If the database cannot be read right now, the session keeps its user for
    this run and says so: the page's own store calls then fail with a message, and nothing
    typed is dropped.
    """
    run = _this_run()
    checked = st.session_state.get(CHECKED_KEY)
    if not force and run is not None and isinstance(checked, tuple) and checked[0] is run:
        return checked[1]
    user = _check()
    st.session_state[CHECKED_KEY] = (run, user)
    return user


def _check() -> User | None:
    token = st.session_state.get(TOKEN_KEY)
    if not isinstance(token, str) or not token:
        st.session_state.pop(USER_KEY, None)  # no sign-in behind it: not signed in
        return _resume()
    try:
        with get_store().transaction() as session:
            found = sign_ins.check(session, token)
    except AssessError:
        st.session_state[NOTICE_KEY] = (
            "warning",
            "Your sign-in could not be checked (the database cannot be read right now).",
        )
        user = st.session_state.get(USER_KEY)
        return user if isinstance(user, User) else None
    if found.user is None:
        _end(found.ended)
        return None
    before = st.session_state.get(USER_KEY)
    if isinstance(before, User) and before.role != found.user.role:
        st.session_state[NOTICE_KEY] = (
            "info",
            f"An admin changed your role from {before.role} to {found.user.role}.",
        )
    st.session_state[USER_KEY] = found.user
    return found.user


def recheck(action: str) -> User | None:
    """For callbacks, which run before the page: the user re-read from the store if they
    may still take ``action``, else None (the page run that follows explains why)."""
    user = refresh(force=True)
    return user if user is not None and allowed(user.role, action) else None


def show_notice() -> None:
    """Why the rights changed since the last run (signed out, deactivated, demoted), once."""
    kind, message = st.session_state.pop(NOTICE_KEY, ("", ""))
    if kind == "warning":
        st.warning(message, icon=":material/lock_clock:")
    elif kind == "info":
        st.info(message, icon=":material/badge:")


def current_user() -> User | None:
    """The signed-in user, as the store has them in this run (see ``refresh``)."""
    return refresh()


def sign_in(user: User) -> None:
    """Sign ``user`` in for this session and, through the cookie, for the next ones."""
    with get_store().transaction() as session:
        token = sign_ins.open_sign_in(session, user.username)
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_KEY] = token
    st.session_state.pop(CHECKED_KEY, None)


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
    st.session_state.pop(CHECKED_KEY, None)
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
