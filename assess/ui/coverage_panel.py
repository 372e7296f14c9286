"""The console's copilot panel: this interview's coverage map (competency areas by not
probed / probed / evidence shown / gap) and up to three suggestions of what to ask next,
each with its reason; one click adds a suggestion as a follow-up (logged).

The map and the suggestions come from ``assess.services.console.copilot`` (the same records
the recruiter's coverage chart reads); this module only renders them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.analytics.interview_plan import EVIDENCE, GAP, NOT_PROBED, PROBE, PROBED, Suggestion
from assess.auth.roles import User
from assess.content.bank import Bank
from assess.errors import AssessError
from assess.services import console
from assess.services.console import Header, Item
from assess.ui import resources
from assess.ui.console_nav import attempt, go
from assess.ui.flash import flash
from assess.ui.markdown import md

STATE_MARKS = {
    NOT_PROBED: "○ not probed",
    PROBED: "◐ probed",
    EVIDENCE: "● evidence shown",
    GAP: "✕ gap",
}


def _add(bank: Bank, item: Item, position: int, suggestion: Suggestion, actor: str) -> None:
    if attempt(
        console.add_suggestion,
        bank,
        item.id,
        suggestion,
        actor,
        failed="The suggestion was not added: ",
    ):
        what = suggestion.question_id if suggestion.kind != PROBE else "the probe"
        flash(f"Added {what} as question {position + 1}, a follow-up (logged).")
        go(position + 1)


def coverage_panel(bank: Bank, header: Header, item: Item, position: int, user: User) -> None:
    """The coverage map and the suggestions for the question on screen."""
    st.subheader("Coverage")
    try:
        plan = console.copilot(resources.get_store(), bank, header.id, item.id)
    except AssessError as exc:
        st.warning(f"The coverage map cannot be shown right now: {md(exc)}")
        return
    coverage = plan.coverage
    counts = " · ".join(f"{coverage.count(state)} {state}" for state in STATE_MARKS)
    st.caption(f"{len(coverage.areas)} areas at the {coverage.level} level: {counts}")
    table = pd.DataFrame(
        [
            {
                "state": STATE_MARKS.get(row.state, row.state),
                "area": row.name + ("" if row.assessed else " (not assessed at this level)"),
                "asked": ", ".join(row.question_ids),
            }
            for row in coverage.areas
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(36 + 35 * len(table), 420),
        key="con_coverage",
        column_config={
            "state": st.column_config.TextColumn("state", width=130),
            "area": st.column_config.TextColumn("area", width="medium"),
            "asked": st.column_config.TextColumn("asked", width="small"),
        },
    )
    st.caption(
        "Evidence shown: a rating of 3 or more, or before rating at least one key point found. "
        "Gap: judged, and no answer showed it."
    )
    st.subheader("What to ask next")
    if not plan.suggestions:
        st.caption("No suggestion: every area is probed and this answer misses no key point.")
    for number, suggestion in enumerate(plan.suggestions, start=1):
        with st.container(border=True, key=f"con_suggestion_{number}"):
            label = (
                "Ask next"
                if suggestion.kind == PROBE
                else f"Next question {suggestion.question_id}"
            )
            st.markdown(f"**{label}:** {md(suggestion.text)}")
            st.caption(md(suggestion.reason))
            st.button(
                "Add as a follow-up",
                key=f"con_add_suggestion_{item.id}_{number}",
                on_click=_add,
                args=(bank, item, position, suggestion, user.username),
                help="Adds it right after this question; the audit log records it.",
            )
