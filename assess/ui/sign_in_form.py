"""The sign-in form: OIDC through ``st.login`` when configured, else local accounts.

On a new database the first visitor creates the admin account; nothing else is reachable
until then. ``app.py`` shows the form in place of any page a signed-out user opens, so
signing in reruns that page's URL (an interview's deep link included).
"""

from __future__ import annotations

import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.store import accounts
from assess.ui import HOME, PageSpec, md
from assess.ui.access import current_user, sign_in
from assess.ui.resources import get_store


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, AssessError):
        return False
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def _sign_in_oidc(land: PageSpec | None) -> None:
    if not st.user.is_logged_in:
        st.button(
            "Sign in with your organisation account",
            on_click=st.login,
            key="signin_oidc",
            type="primary",
        )
        return
    try:
        with get_store().transaction() as session:
            user = accounts.oidc_user(session, str(st.user.get("email", "")))
    except AssessError as exc:
        _unavailable(exc)
        return
    if user is None:
        st.error(
            "Your account is signed in but has no role here yet: ask an admin to add "
            f"{md(st.user.get('email', 'your e-mail'))} as a user."
        )
        st.button("Sign out", on_click=st.logout, key="signin_oidc_out")
        return
    _open(user, land)


def _unavailable(exc: AssessError) -> None:
    st.error(
        f"The database cannot be used right now: {md(exc)}. Try again in a moment.",
        icon=":material/database:",
    )


def _open(user: User, land: PageSpec | None = None) -> None:
    """Open the sign-in in the store and rerun as the user, on ``land`` when given (else the
    same URL); a failure says so, and the form keeps what was typed."""
    try:
        sign_in(user)
    except AssessError as exc:
        _unavailable(exc)
        return
    if land is not None:
        st.switch_page(land.path)
    st.rerun()


def _first_admin() -> None:
    st.info(
        "**Welcome.** This is a new database: create the admin account first. "
        "The admin then adds interviewers, recruiters and panel members.",
        icon=":material/waving_hand:",
    )
    with st.form("signin_first_admin"):
        username = st.text_input("Admin username", key="signin_admin_user")
        name = st.text_input("Your name", key="signin_admin_name")
        password = st.text_input(
            "Password (10 characters or more)", type="password", key="signin_admin_pw"
        )
        again = st.text_input("Password again", type="password", key="signin_admin_pw2")
        submitted = st.form_submit_button("Create admin and sign in", type="primary")
    if not submitted:
        return
    if password != again:
        st.error("The two passwords differ.")
        return
    try:
        with get_store().transaction() as session:
            user = accounts.create_first_admin(session, username, name, password)
    except AssessError as exc:
        st.error(md(exc))
        return
    _open(user, HOME)  # a new database: nothing to return to, the Start page says what next


def _sign_in_local(land: PageSpec | None) -> None:
    with st.form("signin_form"):
        username = st.text_input("Username", key="signin_user")
        password = st.text_input("Password", type="password", key="signin_pw")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    try:
        with get_store().transaction() as session:
            user = accounts.authenticate(session, username, password)
    except AssessError as exc:
        st.error(md(exc))
        return
    if user is None:
        st.error("Wrong username or password.")
        return
    _open(user, land)


def show(land: PageSpec | None = None) -> None:
    """Sign the user in, or say who is signed in.

    Args:
        land: the page to go to once signed in (the Sign in page itself passes Start); None
            reruns the same URL, so a deep link shown with the form in its place lands there.
            Creating the first admin always goes to Start.
    """
    st.title("ISA-95 Interview Assessment")
    st.caption(
        "Question bank, live interview console and candidate credibility charts for "
        "MES Engineer (plant) and MOM Architect (enterprise) hiring. The machine suggests, "
        "with evidence; a named person decides."
    )
    signed_in = current_user()
    if signed_in is not None:
        st.success(f"Signed in as {md(signed_in.display_name)} ({signed_in.role}).")
    elif _oidc_configured():
        _sign_in_oidc(land)
    else:
        try:
            with get_store().transaction() as session:
                first_run = not accounts.has_admin(session)
        except AssessError as exc:
            _unavailable(exc)
            st.stop()
        _first_admin() if first_run else _sign_in_local(land)
