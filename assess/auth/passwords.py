"""Salted scrypt password hashes for local accounts (used when OIDC login is not configured).

A stored hash reads ``scrypt$n$r$p$salt_b64$hash_b64``, so the cost parameters travel with
it and can be raised later without breaking old accounts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata
from typing import Final

from assess.errors import AuthError
from assess.limits import PASSWORD_CHARS

SCHEME: Final[str] = "scrypt"
N: Final[int] = 2**14
R: Final[int] = 8
P: Final[int] = 1
SALT_BYTES: Final[int] = 16
HASH_BYTES: Final[int] = 32
MIN_LENGTH: Final[int] = 10

# Bounds on parameters read back from a stored hash, so a tampered row cannot make one
# login attempt allocate gigabytes or run for minutes.
_MAX_N: Final[int] = 2**20
_MAX_R: Final[int] = 32
_MAX_P: Final[int] = 16
_MAX_MEMORY: Final[int] = 256 * 2**20


def check_password_policy(password: str, username: str | None = None) -> None:
    """Raise if a new password is not acceptable.

    Args:
        password: the proposed password.
        username: when given, the password may not be the username (in any case).

    Raises:
        AuthError: the password is shorter than 10 characters, longer than 1024, all
            whitespace, or the same as the username.
    """
    if not isinstance(password, str):
        raise AuthError("the password must be text")
    text = _normalise(password)
    if len(text) < MIN_LENGTH:
        raise AuthError(f"the password must have at least {MIN_LENGTH} characters")
    if len(text) > PASSWORD_CHARS:
        raise AuthError(f"the password may have at most {PASSWORD_CHARS} characters")
    if not text.strip():
        raise AuthError("the password may not be only spaces")
    if username is not None and text.casefold() == _normalise(username).casefold():
        raise AuthError("the password may not be the same as the username")


def hash_password(password: str) -> str:
    """Hash a new password with a random salt, after checking the password policy.

    Returns:
        The encoded hash ``scrypt$16384$8$1$<salt base64>$<hash base64>``.

    Raises:
        AuthError: the password fails ``check_password_policy``.
    """
    check_password_policy(password)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(_normalise(password), salt, N, R, P, HASH_BYTES)
    return "$".join((SCHEME, str(N), str(R), str(P), _b64(salt), _b64(digest)))


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches the stored hash; a malformed hash never matches.

    The comparison runs in constant time (``hmac.compare_digest``).
    """
    if not isinstance(password, str) or not isinstance(encoded, str):
        return False
    parsed = _parse(encoded)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    digest = _scrypt(_normalise(password), salt, n, r, p, len(expected))
    return hmac.compare_digest(digest, expected)


def _normalise(text: str) -> str:
    # The same password typed on two keyboards can differ in Unicode form; NFKC unifies them.
    return unicodedata.normalize("NFKC", text)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # OpenSSL needs about 128 * r * (n + p) bytes; leave a little headroom over that.
    maxmem = 128 * r * (n + p + 2) + 2**20
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=length
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes] | None:
    """The parameters, salt and hash of an encoded hash, or None if it is not one of ours."""
    fields = encoded.split("$")
    if len(fields) != 6 or fields[0] != SCHEME:
        return None
    try:
        n, r, p = (int(field) for field in fields[1:4] if field.isdigit())
        salt = base64.b64decode(fields[4], validate=True)
        expected = base64.b64decode(fields[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and n <= _MAX_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if 128 * r * n > _MAX_MEMORY or not salt or len(expected) < 16:
        return None
    return n, r, p, salt, expected
