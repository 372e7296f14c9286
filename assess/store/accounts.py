"""Accounts: local users with salted password hashes, or identities from an OIDC login."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.auth.passwords import hash_password, verify_password
from assess.auth.roles import ROLES, User
from assess.errors import AuthError, InputError
from assess.limits import NAME_CHARS, USERNAME_CHARS, check_length
from assess.store import audit
from assess.store.schema import User as UserRow


def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not name or len(name) > USERNAME_CHARS or any(c.isspace() for c in name):
        raise InputError(f"a username is 1-{USERNAME_CHARS} characters with no spaces")
    return name


def _as_user(row: UserRow) -> User:
    return User(row.username, row.display_name, row.role)


def has_admin(session: Session) -> bool:
    query = (
        select(func.count())
        .select_from(UserRow)
        .where(UserRow.role == "admin", UserRow.active.is_(True))
    )
    return bool(session.scalar(query))


def create_user(
    session: Session,
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    actor: str,
) -> User:
    """A local account (with ``password``) or an OIDC identity (``password`` None)."""
    name = normalise_username(username)
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    if session.scalar(select(UserRow).where(UserRow.username == name)) is not None:
        raise InputError(f"the username {name!r} is taken")
    row = UserRow(
        username=name,
        display_name=check_length(" ".join(display_name.split()), "the display name", NAME_CHARS)
        or name,
        role=role,
        password_hash=hash_password(password) if password is not None else None,
    )
    session.add(row)
    session.flush()
    audit.log(session, actor, "user.create", username=name, role=role)
    return _as_user(row)


def create_first_admin(session: Session, username: str, display_name: str, password: str) -> User:
    """The first run's admin; refused once any admin exists."""
    if has_admin(session):
        raise AuthError("an admin already exists: sign in instead")
    return create_user(session, username, display_name, "admin", password, actor=username)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user if the password matches an active local account, else None (and the failed
    attempt is logged; returning rather than raising lets that log entry commit). Callers
    show one message for every failure, so it does not tell which usernames exist."""
    try:
        name = normalise_username(username)
    except InputError:
        name = ""
    row = session.scalar(select(UserRow).where(UserRow.username == name)) if name else None
    ok = (
        row is not None
        and row.active
        and row.password_hash is not None
        and verify_password(password, row.password_hash)
    )
    if not ok or row is None:
        audit.log(session, name or "unknown", "login.failed")
        return None
    audit.log(session, row.username, "login")
    return _as_user(row)


def oidc_user(session: Session, email: str) -> User | None:
    """The account an OIDC identity maps to (by e-mail as username), if an admin created it."""
    try:
        name = normalise_username(email)
    except InputError:
        return None
    row = session.scalar(select(UserRow).where(UserRow.username == name))
    if row is None or not row.active:
        return None
    audit.log(session, row.username, "login.oidc")
    return _as_user(row)


def users(session: Session) -> Sequence[UserRow]:
    return session.scalars(select(UserRow).order_by(UserRow.username)).all()


def update_user(
    session: Session,
    username: str,
    actor: str,
    role: str | None = None,
    active: bool | None = None,
) -> None:
    row = session.scalar(select(UserRow).where(UserRow.username == normalise_username(username)))
    if row is None:
        raise InputError(f"no user {username!r}")
    if role is not None and role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    demoting = row.role == "admin" and (role not in (None, "admin") or active is False)
    if demoting:
        others = (
            select(func.count())
            .select_from(UserRow)
            .where(UserRow.role == "admin", UserRow.active.is_(True), UserRow.id != row.id)
        )
        if not session.scalar(others):
            raise InputError("this is the last active admin; make another admin first")
    if role is not None:
        row.role = role
    if active is not None:
        row.active = active
    audit.log(
        session, actor, "user.update", username=row.username, role=row.role, active=row.active
    )


def set_password(session: Session, username: str, password: str, actor: str) -> None:
    row = session.scalar(select(UserRow).where(UserRow.username == normalise_username(username)))
    if row is None:
        raise InputError(f"no user {username!r}")
    row.password_hash = hash_password(password)
    audit.log(session, actor, "user.password", username=row.username)
