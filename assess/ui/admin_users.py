"""Users page: list accounts, create one, change a role, deactivate, reset a password.

Admin only (``manage_users``); every change is written to the audit log by the store.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from assess.auth.roles import ROLES, User
from assess.errors import AssessError
from assess.store import accounts
from assess.ui import md
from assess.ui.access import require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_store

ROLE_NAMES = {
    "interviewer": "Interviewer: runs interviews",
    "recruiter": "Recruiter: candidates, requisitions, reports",
    "panel": "Panel member: shortlist ratings and decisions",
    "admin": "Admin: accounts, oversight, audits, candidate data",
}


@dataclass(frozen=True)
class Account:
    """One account as the page shows it (plain data, no ORM object)."""

    username: str
    display_name: str
    role: str
    active: bool
    local: bool
    created: str


def _accounts() -> list[Account]:
    with get_store().transaction() as s:
        return [
            Account(
                u.username,
                u.display_name,
                u.role,
                bool(u.active),
                u.password_hash is not None,
                u.created_at.strftime("%Y-%m-%d") if u.created_at else "",
            )
            for u in accounts.users(s)
        ]


def _done(message: str) -> None:
    flash(message, rerun=True)


def _table(rows: list[Account]) -> None:
    frame = pd.DataFrame(
        [
            {
                "username": a.username,
                "name": a.display_name,
                "role": a.role,
                "active": a.active,
                "sign-in": "password" if a.local else "organisation (OIDC)",
                "created": a.created,
            }
            for a in rows
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch", key="adm_users_table")


def _create(user: User) -> None:
    st.subheader("Add a user")
    with st.form("adm_create_user", clear_on_submit=True):
        username = st.text_input(
            "Username (or the e-mail used for organisation sign-in)", key="adm_new_username"
        )
        name = st.text_input("Name", key="adm_new_name")
        role = st.selectbox(
            "Role", list(ROLES), format_func=lambda r: ROLE_NAMES[r], key="adm_new_role"
        )
        password = st.text_input(
            "Initial password (10 characters or more; leave empty for organisation sign-in)",
            type="password",
            key="adm_new_password",
        )
        submitted = st.form_submit_button("Add user", type="primary")
    if not submitted:
        return
    require("manage_users")
    try:
        with get_store().transaction() as s:
            created = accounts.create_user(
                s, username, name, role, password or None, actor=user.username
            )
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Added {created.username} as {created.role}.")


def _change(user: User, rows: list[Account]) -> None:
    st.subheader("Change a role or deactivate")
    names = [a.username for a in rows]
    picked = st.selectbox("User", names, key="adm_edit_user")
    account = next(a for a in rows if a.username == picked)
    with st.form("adm_edit_form"):
        role = st.selectbox(
            "Role",
            list(ROLES),
            index=list(ROLES).index(account.role) if account.role in ROLES else 0,
            format_func=lambda r: ROLE_NAMES[r],
            key=f"adm_edit_role_{picked}",
        )
        active = st.checkbox(
            "Active (may sign in)", value=account.active, key=f"adm_edit_active_{picked}"
        )
        submitted = st.form_submit_button("Save changes")
    if not submitted:
        return
    require("manage_users")
    try:
        with get_store().transaction() as s:
            accounts.update_user(s, picked, actor=user.username, role=role, active=active)
    except AssessError as exc:
        st.error(md(exc))
        return
    state = "active" if active else "deactivated"
    _done(f"Saved {picked}: {role}, {state}.")


def _reset(user: User, rows: list[Account]) -> None:
    st.subheader("Reset a password")
    local = [a.username for a in rows if a.local]
    if not local:
        st.caption("No account signs in with a password.")
        return
    with st.form("adm_reset_form", clear_on_submit=True):
        picked = st.selectbox("User", local, key="adm_reset_user")
        password = st.text_input("New password", type="password", key="adm_reset_pw")
        again = st.text_input("New password again", type="password", key="adm_reset_pw2")
        submitted = st.form_submit_button("Reset password")
    if not submitted:
        return
    require("manage_users")
    if password != again:
        st.error("The two passwords differ.")
        return
    try:
        with get_store().transaction() as s:
            accounts.set_password(s, picked, password, actor=user.username)
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Password reset for {picked}; tell them to sign in with it.")


def main() -> None:
    """Render the page."""
    st.title("Users")
    user = require("manage_users")
    show_flash()
    st.caption(
        "Each person gets one role; every page and action checks it on the server. "
        "Deactivating keeps the account's history in the audit log but stops sign-in."
    )
    try:
        rows = _accounts()
        _table(rows)
        _create(user)
        if rows:
            _change(user, rows)
            _reset(user, rows)
    except AssessError as exc:  # a database that is locked or gone: say so, no traceback
        st.error(f"The database cannot be used right now: {md(exc)}")


if __name__ == "__main__":
    main()
