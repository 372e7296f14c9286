"""The Streamlit pages. Only this package and ``app.py`` import streamlit.

``PAGES`` lists every page once; ``app.py`` turns it into the navigation and the smoke test
renders each entry, so a new page is added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.auth.roles import allowed
from assess.ui.markdown import md

__all__ = ["PAGES", "PageSpec", "md", "navigation"]


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script (relative to the repo root), title and icon.

    ``action`` is what a role must be allowed to see the page in the navigation (None: any
    signed-in user). Hiding is a convenience; each page still checks with ``access.require``.
    ``public`` pages are shown before sign-in too.
    """

    path: str
    title: str
    icon: str
    default: bool = False
    action: str | None = None
    public: bool = False


HOME = PageSpec("assess/ui/home.py", "Start", ":material/home:", default=True)
BANK = PageSpec(
    "assess/ui/bank_page.py", "Question bank", ":material/menu_book:", action="view_bank"
)
SETUP = PageSpec(
    "assess/ui/interview_setup.py",
    "New interview",
    ":material/add_circle:",
    action="run_interview",
)
CONSOLE = PageSpec(
    "assess/ui/interview_console.py",
    "Interview",
    ":material/record_voice_over:",
    action="run_interview",
)

# Recruiter, panel and team pages: each checks its action (and scoping) again itself.
CANDIDATES = PageSpec(
    "assess/ui/candidates_page.py", "Candidates", ":material/group:", action="view_candidates"
)
PROFILE = PageSpec(
    "assess/ui/candidate_profile.py",
    "Candidate profile",
    ":material/person_search:",
    action="view_profile",
)
PANEL = PageSpec("assess/ui/panel_page.py", "Panel", ":material/groups:", action="view_panel")
TEAM = PageSpec(
    "assess/ui/team_page.py", "Team insights", ":material/insights:", action="view_candidates"
)

SIGN_IN = PageSpec("assess/ui/sign_in.py", "Sign in", ":material/login:", public=True)

# Admin and trust pages: each checks its action again itself (access.require).
USERS = PageSpec(
    "assess/ui/admin_users.py", "Users", ":material/manage_accounts:", action="manage_users"
)
OVERSIGHT = PageSpec(
    "assess/ui/admin_oversight.py",
    "Oversight",
    ":material/toggle_on:",
    action="toggle_machine_scoring",
)
AUDIT_LOG = PageSpec(
    "assess/ui/admin_audit_log.py", "Audit log", ":material/history:", action="view_audit_log"
)
FAIRNESS = PageSpec(
    "assess/ui/admin_fairness.py",
    "Adverse-impact audit",
    ":material/balance:",
    action="run_fairness_audit",
)
CANDIDATE_DATA = PageSpec(
    "assess/ui/admin_candidate_data.py",
    "Candidate data",
    ":material/folder_shared:",
    action="export_candidate_data",
)
INSTRUCTIONS = PageSpec(
    "assess/ui/instructions.py", "Instructions for use", ":material/help:", public=True
)

PAGES: tuple[PageSpec, ...] = (
    HOME,
    BANK,
    SETUP,
    CONSOLE,
    CANDIDATES,
    PROFILE,
    PANEL,
    TEAM,
    USERS,
    OVERSIGHT,
    AUDIT_LOG,
    FAIRNESS,
    CANDIDATE_DATA,
    INSTRUCTIONS,
    SIGN_IN,
)


def navigation(role: str | None) -> tuple[tuple[PageSpec, bool], ...]:
    """Every page, in navigation order, with whether the navigation shows it to ``role``.

    Every page is registered (hidden or shown) so that every URL resolves; ``role`` None is
    signed out: the public pages are shown, the sign-in page first. Signed in, the pages the
    role's actions allow are shown, and the sign-in page is hidden.
    """
    if role is None:
        return tuple(
            (spec, spec.public) for spec in sorted(PAGES, key=lambda spec: spec != SIGN_IN)
        )
    return tuple(
        (spec, spec != SIGN_IN and (spec.action is None or allowed(role, spec.action)))
        for spec in PAGES
    )
