"""Sign-ins that outlive a page load: a refresh or a server restart keeps the user signed in.

The browser holds a random token (a cookie the app sets); the database holds only its SHA-256,
so a copy of the database signs nobody in. A sign-in ends after ``HOURS``, at sign-out (in any
browser or server), or when the account is deactivated. ``check`` runs on every page run: one
indexed query that reads the sign-in and its account, so a deactivation, a demotion, an expiry
or a sign-out elsewhere takes effect at the next click, in every open session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.auth.roles import User
from assess.store import audit
from assess.store.schema import SignIn, as_utc
from assess.store.schema import User as UserRow

HOURS = 12  # a working day

# Why a sign-in no longer signs anyone in (``Check.ended``); the UI words each one.
UNKNOWN = "unknown"
SIGNED_OUT = "signed_out"
EXPIRED = "expired"
DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class Check:
    """The outcome of ``check``: the user as the store has them now, or why not."""

    user: User | None
    ended: str = ""  # one of UNKNOWN, SIGNED_OUT, EXPIRED, DEACTIVATED when ``user`` is None


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


def check(session: Session, token: str, now: datetime | None = None) -> Check:
    """The account ``token`` signs in right now, read with its current role and state.

    One statement: the sign-in (by its unique token hash) joined to its account (by its unique
    username). Nothing is written, so it is cheap enough for every page run.
    """
    if not token:
        return Check(None, UNKNOWN)
    now = now or datetime.now(UTC)
    row = session.execute(
        select(
            SignIn.revoked_at,
            SignIn.expires_at,
            UserRow.username,
            UserRow.display_name,
            UserRow.role,
            UserRow.active,
        )
        .outerjoin(UserRow, UserRow.username == SignIn.username)
        .where(SignIn.token_hash == _digest(token))
    ).first()
    if row is None:
        return Check(None, UNKNOWN)
    if row.revoked_at is not None:
        return Check(None, SIGNED_OUT)
    if as_utc(row.expires_at) <= now:
        return Check(None, EXPIRED)
    if row.username is None or not row.active:
        return Check(None, DEACTIVATED)
    return Check(User(row.username, row.display_name, row.role))


def close_sign_in(session: Session, token: str, now: datetime | None = None) -> None:
    """End the sign-in behind ``token`` (sign-out); an unknown token is ignored."""
    row = session.scalar(select(SignIn).where(SignIn.token_hash == _digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or datetime.now(UTC)
