"""Roles, the actions they may take, and who may see which interview or candidate.

Every page and command checks ``require(user, action)`` on the server side; hiding a button
is only a courtesy. ``PERMISSIONS`` is the one table that says who may do what.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal, cast, get_args

from assess.errors import AuthError

Role = Literal["interviewer", "recruiter", "panel", "admin"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)

Action = Literal[
    "view_bank",
    "run_interview",
    "view_own_interviews",
    "view_all_interviews",
    "view_candidates",
    "view_profile",
    "view_panel",
    "record_panel_rating",
    "record_decision",
    "export_reports",
    "view_demographics",
    "edit_demographics",
    "view_audit_log",
    "run_fairness_audit",
    "manage_users",
    "toggle_machine_scoring",
    "adopt_calibration",
    "export_candidate_data",
    "delete_candidate",
    "purge",
    "load_demo",
    "manage_requisitions",
    "create_candidate",
]
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)

PERMISSIONS: Final[Mapping[Role, frozenset[Action]]] = MappingProxyType(
    {
        # Runs interviews from the bank and sees only the interviews they ran; may add the
        # candidate in front of them to an open requisition (recruiters own requisitions).
        "interviewer": frozenset(
            {"view_bank", "run_interview", "view_own_interviews", "create_candidate"}
        ),
        # Owns the pipeline: candidates, requisitions, profiles and the reports on them.
        "recruiter": frozenset(
            {
                "view_bank",
                "view_candidates",
                "view_profile",
                "export_reports",
                "create_candidate",
                "manage_requisitions",
            }
        ),
        # Sees its requisition's shortlist (scoped by can_see_candidate) and decides.
        "panel": frozenset(
            {"view_panel", "view_profile", "record_panel_rating", "record_decision"}
        ),
        # Everything, including the only access to demographics and the fairness audit.
        "admin": frozenset(ACTIONS),
    }
)


@dataclass(frozen=True)
class User:
    """A signed-in person: from ``st.login`` (OIDC) or a local account."""

    username: str
    display_name: str
    role: Role

    def __post_init__(self) -> None:
        if not self.username.strip():
            raise AuthError("a user needs a username")
        if self.role not in ROLES:
            raise AuthError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")


def allowed(role: str, action: Action) -> bool:
    """Whether ``role`` may take ``action``; an unknown role may do nothing.

    Raises:
        ValueError: ``action`` is not in the vocabulary (a typo in code, not a user error).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; add it to assess.auth.roles.Action")
    if role not in ROLES:
        return False
    return action in PERMISSIONS[cast(Role, role)]


def require(user: User | None, action: Action) -> User:
    """Return the user if they may take ``action``; otherwise raise.

    Raises:
        AuthError: nobody is signed in, or the user's role does not allow the action; the
            message names the role and the action.
    """
    if user is None:
        raise AuthError(f"sign in first: {action!r} needs a signed-in user")
    if not allowed(user.role, action):
        raise AuthError(f"role {user.role!r} is not allowed to {action!r} (user {user.username})")
    return user


def can_see_interview(user: User, interviewer_username: str) -> bool:
    """Whether the user may open an interview run by ``interviewer_username``.

    Roles with ``view_all_interviews`` see every interview; roles with
    ``view_own_interviews`` see the ones they ran.
    """
    if allowed(user.role, "view_all_interviews"):
        return True
    return allowed(user.role, "view_own_interviews") and user.username == interviewer_username


def can_see_candidate(
    user: User,
    candidate_requisition_id: int,
    panel_requisition_ids: Collection[int],
    shortlisted: bool,
) -> bool:
    """Whether the user may see a candidate's profile.

    Roles with ``view_candidates`` see every candidate. A panel member sees a candidate only
    when the candidate is shortlisted on a requisition whose panel the member sits on.

    Args:
        user: the signed-in user.
        candidate_requisition_id: the requisition the candidate applied to.
        panel_requisition_ids: the requisitions on whose panel this user sits.
        shortlisted: whether the candidate is on that requisition's shortlist.
    """
    if allowed(user.role, "view_candidates"):
        return True
    return (
        allowed(user.role, "view_panel")
        and allowed(user.role, "view_profile")
        and shortlisted
        and candidate_requisition_id in panel_requisition_ids
    )
