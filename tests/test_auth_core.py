"""Accounts and roles core: the full role x action matrix, password hashing and scoping."""

from __future__ import annotations

import base64
import hashlib

import pytest

from assess.auth import (
    ACTIONS,
    PERMISSIONS,
    ROLES,
    User,
    allowed,
    can_see_candidate,
    can_see_interview,
    check_password_policy,
    hash_password,
    require,
    verify_password,
)
from assess.errors import AssessError, AuthError

# ---- the role x action matrix, written out: a change to PERMISSIONS must change this -----

#                         interviewer recruiter panel admin
MATRIX: dict[str, tuple[bool, bool, bool, bool]] = {
    "view_bank": (True, True, False, True),
    "run_interview": (True, False, False, True),
    "view_own_interviews": (True, False, False, True),
    "view_all_interviews": (False, False, False, True),
    "view_candidates": (False, True, False, True),
    "view_profile": (False, True, True, True),
    "view_panel": (False, False, True, True),
    "record_panel_rating": (False, False, True, True),
    "record_decision": (False, False, True, True),
    "export_reports": (False, True, False, True),
    "view_demographics": (False, False, False, True),
    "edit_demographics": (False, False, False, True),
    "view_audit_log": (False, False, False, True),
    "run_fairness_audit": (False, False, False, True),
    "manage_users": (False, False, False, True),
    "toggle_machine_scoring": (False, False, False, True),
    "adopt_calibration": (False, False, False, True),
    "export_candidate_data": (False, False, False, True),
    "delete_candidate": (False, False, False, True),
    "purge": (False, False, False, True),
    "load_demo": (False, False, False, True),
    "manage_requisitions": (False, True, False, True),
    "create_candidate": (True, True, False, True),
}
ROLE_ORDER = ("interviewer", "recruiter", "panel", "admin")
CASES = [
    (role, action, expected)
    for action, row in MATRIX.items()
    for role, expected in zip(ROLE_ORDER, row, strict=True)
]


def test_matrix_covers_the_whole_vocabulary() -> None:
    assert set(MATRIX) == set(ACTIONS)
    assert len(ACTIONS) == len(set(ACTIONS)) == 23
    assert set(ROLE_ORDER) == set(ROLES) == set(PERMISSIONS)


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_role_action_matrix(role: str, action: str, expected: bool) -> None:
    assert allowed(role, action) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_require_follows_the_matrix(role: str, action: str, expected: bool) -> None:
    user = User("u1", "User One", role)  # type: ignore[arg-type]
    if expected:
        assert require(user, action) is user  # type: ignore[arg-type]
    else:
        with pytest.raises(AuthError) as info:
            require(user, action)  # type: ignore[arg-type]
        assert role in str(info.value)
        assert action in str(info.value)


def test_only_admin_sees_demographics() -> None:
    assert [r for r in ROLES if allowed(r, "view_demographics")] == ["admin"]
    assert [r for r in ROLES if allowed(r, "edit_demographics")] == ["admin"]


def test_require_without_a_user_asks_to_sign_in() -> None:
    with pytest.raises(AuthError, match="sign in"):
        require(None, "view_bank")


def test_unknown_role_may_do_nothing() -> None:
    assert not any(allowed("superuser", action) for action in ACTIONS)


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        allowed("admin", "launch_rockets")  # type: ignore[arg-type]


def test_permissions_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        PERMISSIONS["interviewer"] = frozenset(ACTIONS)  # type: ignore[index]


def test_user_rejects_unknown_role_and_empty_name() -> None:
    with pytest.raises(AuthError, match="unknown role"):
        User("x", "X", "owner")  # type: ignore[arg-type]
    with pytest.raises(AuthError, match="username"):
        User("  ", "X", "admin")
    assert issubclass(AuthError, AssessError)


# ---- scoping -----------------------------------------------------------------------------

ANA = User("ana", "Ana", "interviewer")
REX = User("rex", "Rex", "recruiter")
PAM = User("pam", "Pam", "panel")
ADA = User("ada", "Ada", "admin")


@pytest.mark.parametrize(
    ("user", "interviewer", "expected"),
    [
        (ANA, "ana", True),
        (ANA, "bob", False),
        (ANA, "Ana", False),  # usernames match exactly
        (REX, "ana", False),
        (PAM, "ana", False),
        (ADA, "ana", True),
        (ADA, "bob", True),
    ],
)
def test_can_see_interview(user: User, interviewer: str, expected: bool) -> None:
    assert can_see_interview(user, interviewer) is expected


@pytest.mark.parametrize(
    ("user", "requisition", "panels", "shortlisted", "expected"),
    [
        (PAM, 7, {7, 9}, True, True),
        (PAM, 7, {7, 9}, False, False),  # not on the shortlist
        (PAM, 8, {7, 9}, True, False),  # another requisition's shortlist
        (PAM, 7, set(), True, False),  # sits on no panel
        (REX, 8, set(), False, True),
        (ADA, 8, set(), False, True),
        (ANA, 7, {7}, True, False),
    ],
)
def test_can_see_candidate(
    user: User, requisition: int, panels: set[int], shortlisted: bool, expected: bool
) -> None:
    assert can_see_candidate(user, requisition, panels, shortlisted) is expected


# ---- passwords ---------------------------------------------------------------------------

GOOD = "correct horse battery"


@pytest.fixture(scope="module")
def encoded() -> str:
    return hash_password(GOOD)


def test_hash_format(encoded: str) -> None:
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16
    raw = hashlib.scrypt(GOOD.encode(), salt=base64.b64decode(salt), n=16384, r=8, p=1, dklen=32)
    assert base64.b64decode(digest) == raw
    assert GOOD not in encoded


def test_round_trip_and_wrong_password(encoded: str) -> None:
    assert verify_password(GOOD, encoded) is True
    assert verify_password("correct horse battery!", encoded) is False
    assert verify_password("Correct horse battery", encoded) is False
    assert verify_password("", encoded) is False


def test_salts_differ() -> None:
    first, second = hash_password(GOOD), hash_password(GOOD)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_password(GOOD, first) and verify_password(GOOD, second)


def _swap_field(encoded: str, index: int, value: str) -> str:
    fields = encoded.split("$")
    fields[index] = value
    return "$".join(fields)


def _flip_first_byte(b64: str) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[0] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: _swap_field(e, 5, _flip_first_byte(e.split("$")[5])),  # hash changed
        lambda e: _swap_field(e, 4, _flip_first_byte(e.split("$")[4])),  # salt changed
        lambda e: _swap_field(e, 1, "8192"),  # cost lowered
        lambda e: _swap_field(e, 1, str(2**30)),  # absurd cost: refused, not computed
        lambda e: _swap_field(e, 1, "1000"),  # not a power of two
        lambda e: _swap_field(e, 2, "0"),
        lambda e: _swap_field(e, 3, "-1"),
        lambda e: _swap_field(e, 0, "bcrypt"),
        lambda e: _swap_field(e, 5, "not base64!"),
        lambda e: _swap_field(e, 4, ""),
        lambda e: e.rsplit("$", 1)[0],  # a field missing
        lambda e: e + "$extra",
        lambda e: "",
    ],
)
def test_tampered_hash_fails(encoded: str, tamper) -> None:  # type: ignore[no-untyped-def]
    assert verify_password(GOOD, tamper(encoded)) is False


def test_verify_rejects_non_text(encoded: str) -> None:
    assert verify_password(None, encoded) is False  # type: ignore[arg-type]
    assert verify_password(GOOD, None) is False  # type: ignore[arg-type]


def test_unicode_forms_of_one_password_match() -> None:
    composed, decomposed = "caf\u00e9 au lait!", "cafe\u0301 au lait!"
    assert composed != decomposed
    assert verify_password(decomposed, hash_password(composed))


@pytest.mark.parametrize(
    ("password", "username", "message"),
    [
        ("short", None, "at least 10"),
        ("123456789", None, "at least 10"),
        ("x" * 1025, None, "at most 1024"),
        (" " * 12, None, "only spaces"),
        ("Administrator", "administrator", "username"),
        (12345678901, None, "text"),
    ],
)
def test_policy_errors(password: object, username: str | None, message: str) -> None:
    with pytest.raises(AuthError, match=message):
        check_password_policy(password, username)  # type: ignore[arg-type]


def test_policy_accepts_ten_characters_and_hash_enforces_it() -> None:
    check_password_policy("0123456789")
    check_password_policy("a long passphrase", username="ana")
    with pytest.raises(AuthError, match="at least 10"):
        hash_password("short")
