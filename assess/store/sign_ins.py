"""Sign-ins that outlive a page load: a refresh or a server restart keeps the user signed in.

The browser holds a random token (a cookie the app sets); the database holds only its SHA-256,
so a copy of the database signs nobody in. A sign-in ends after ``HOURS``, at sign-out, or
when the account is deactivated; the role is read afresh each time, so a change an admin
makes applies at the next page load.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.auth.roles import User
from assess.store import audit
from assess.store.schema import SignIn, as_utc
from assess.store.schema import User as UserRow

HOURS = 12  # a working day


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_sign_in(session: Session, username: str, now: datetime | None = None) -> str:
    """A new token for ``username``, valid for ``HOURS``; ended sign-ins are cleared out."""
    now = now or datetime.now(UTC)
    session.execute(delete(SignIn).where(SignIn.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        SignIn(
            token_hash=_digest(token),
            username=username,
            created_at=now,
            expires_at=now + timedelta(hours=HOURS),
        )
    )
    session.flush()
    return token


def resume(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The user a token signs in, or None when it is unknown, ended or the account inactive."""
    if not token:
        return None
    now = now or datetime.now(UTC)
    row = session.scalar(select(SignIn).where(SignIn.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) <= now:
        return None
    account = session.scalar(select(UserRow).where(UserRow.username == row.username))
    if account is None or not account.active:
        return None
    audit.log(session, account.username, "login.resumed")
    return User(account.username, account.display_name, account.role)


def close_sign_in(session: Session, token: str, now: datetime | None = None) -> None:
    """End the sign-in behind ``token`` (sign-out); an unknown token is ignored."""
    row = session.scalar(select(SignIn).where(SignIn.token_hash == _digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or datetime.now(UTC)
