"""Accounts and roles: password hashing and the role/action table (no Streamlit, no database)."""

from __future__ import annotations

from assess.auth.passwords import check_password_policy, hash_password, verify_password
from assess.auth.roles import (
    ACTIONS,
    PERMISSIONS,
    ROLES,
    Action,
    Role,
    User,
    allowed,
    can_see_candidate,
    can_see_interview,
    require,
)

__all__ = [
    "ACTIONS",
    "PERMISSIONS",
    "ROLES",
    "Action",
    "Role",
    "User",
    "allowed",
    "can_see_candidate",
    "can_see_interview",
    "check_password_policy",
    "hash_password",
    "require",
    "verify_password",
]
