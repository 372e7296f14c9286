"""Panel page: compare 2-6 shortlisted candidates, rate each yourself, and record a decision.

Opening it needs ``view_panel``; rating needs ``record_panel_rating`` and deciding
``record_decision``, each checked again when the form is sent. A panel member sees only the
requisitions whose panel they sit on, and another member's rating of a candidate (and the
comparison that includes that candidate) only after submitting their own, so each rating is
independent. The tool ranks the evidence; a named person decides, with a reason.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.analytics.panel import member_comparison
from assess.analytics.records import CandidateRecord
from assess.auth.roles import User
from assess.errors import AssessError
from assess.limits import DECISION_REASON_CHARS, PANEL_COMMENT_CHARS
from assess.services import panel
from assess.services.panel import Board
from assess.ui import PROFILE, md
from assess.ui.access import can, require
from assess.ui.flash import flash, show_flash
from assess.ui.panel_comparison import comparison
from assess.ui.resources import get_bank, get_store

MIN_COMPARE, MAX_COMPARE = 2, 6
RATINGS = (0, 1, 2, 3, 4, 5)
STATEMENT = (
    "**The tool ranks the evidence; a named person decides.** Nothing on this page advances, "
    "holds or declines anyone until a panel member records that decision with their name and "
    "a reason."
)


def _done(message: str) -> None:
    flash(message, rerun=True)


# --- each member's own rating ----------------------------------------------------------------


def _others(board: Board, candidate_id: int, key: str) -> None:
    rows = member_comparison(board.ratings, candidate_id)
    if not rows:
        st.caption("No panel member has rated this candidate yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "panel member": d.member,
                    "rating": d.rating,
                    "vs panel mean": d.difference,
                    "differs by 1 or more": d.differs,
                    "comment": d.comment,
                }
                for d in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        key=key,
        column_config={"vs panel mean": st.column_config.NumberColumn(format="%+.1f")},
    )
    st.caption(f"Panel mean {rows[0].panel_mean:.1f} over {len(rows)} members.")


def _rate_form(user: User, record: CandidateRecord) -> None:
    cid = record.candidate_id
    with st.form(f"pan_rate_form_{cid}"):
        rating = st.radio(
            "Your overall rating (0-5)",
            RATINGS,
            index=None,  # no preselected value to anchor on
            horizontal=True,
            key=f"pan_rating_{cid}",
        )
        comment = st.text_area(
            "Your comment (optional)",
            key=f"pan_comment_{cid}",
            height=80,
            help=f"Up to {PANEL_COMMENT_CHARS:,} characters.",
        )
        sent = st.form_submit_button("Submit my rating")
    if not sent:
        return
    require("record_panel_rating")
    if rating is None:
        st.error("Pick a rating from 0 to 5 first.")
        return
    try:
        panel.rate(get_store(), user, cid, int(rating), comment)
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Your rating of {record.name} is saved. The other members' ratings are shown now.")


def _ratings(user: User, board: Board) -> None:
    st.subheader("Your ratings")
    st.caption(
        "Rate each candidate yourself before you see anyone else's rating: the other panel "
        "members' ratings of a candidate, and the comparison that includes them, appear once "
        "you have submitted yours. Your rating is then kept as given."
    )
    may_rate = can("record_panel_rating")
    for record in board.records:
        cid = record.candidate_id
        with st.container(border=True):
            st.markdown(f"#### {md(record.name)}")
            st.page_link(
                PROFILE.path,
                label="Open the profile (the evidence)",
                icon=PROFILE.icon,
                query_params={"candidate": str(cid)},
            )
            mine = board.my_rating(cid, user.username)
            if mine is not None:
                comment = f" ({md(mine.comment)})" if mine.comment else ""
                st.markdown(f"Your rating: **{mine.rating} / 5**{comment}")
            elif may_rate:
                _rate_form(user, record)
            if board.sees_others(cid):
                _others(board, cid, key=f"pan_members_{cid}")
            else:
                st.info(
                    "The other panel members' ratings are hidden until you submit your own.",
                    icon=":material/visibility_off:",
                )


# --- the decision -----------------------------------------------------------------------------


def _decide(user: User, board: Board) -> None:
    st.subheader("Record a decision")
    st.caption("The tool does not decide: you record who decided what, and why.")
    by_id = {r.candidate_id: r.name for r in board.records}
    with st.form("pan_decision_form"):
        candidate = st.selectbox(
            "Candidate", list(by_id), format_func=lambda cid: by_id[cid], key="pan_dec_candidate"
        )
        decision = st.radio(
            "Decision", panel.DECISIONS, index=None, horizontal=True, key="pan_dec_decision"
        )
        decided_by = st.text_input(
            "Decided by (the person taking the decision)",
            value=user.display_name,
            key="pan_dec_by",
        )
        # No max_chars: a browser cuts a long paste silently; the store refuses it with a
        # message instead, and the form keeps the text to shorten.
        reason = st.text_area(
            "Reason (required)",
            key="pan_dec_reason",
            help=f"Up to {DECISION_REASON_CHARS:,} characters.",
        )
        sent = st.form_submit_button("Record the decision")
    if not sent:
        return
    require("record_decision")
    if decision is None:
        st.error("Pick a decision: advance, hold or decline.")
        return
    try:
        panel.decide(get_store(), int(candidate), decision, decided_by, reason)
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Recorded: {decision} for {by_id[candidate]}, by {decided_by.strip()}.")


def _recorded(board: Board) -> None:
    st.subheader("Decisions recorded")
    if not board.decisions:
        st.caption("No decision recorded for these candidates yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "candidate": d.candidate,
                    "decision": d.decision,
                    "decided by": d.decided_by,
                    "reason": d.reason,
                    "recorded at": d.at,
                }
                for d in board.decisions
            ]
        ),
        hide_index=True,
        width="stretch",
        key="pan_decisions",
    )


def _choose(user: User) -> tuple[int, list[int]] | None:
    requisitions = panel.requisitions(get_store(), user)
    if not requisitions:
        st.info(
            "There are no requisitions yet."
            if panel.sees_all(user)
            else "You do not sit on any requisition's panel yet. An admin adds panel members."
        )
        return None
    requisition = st.selectbox(
        "Requisition",
        list(requisitions),
        format_func=lambda rid: requisitions[rid],
        key="pan_requisition",
    )
    options = panel.options(get_store(), user, requisition)
    if not options:
        st.info("This requisition has no shortlisted candidate yet.")
        return None
    by_id = {o.id: o for o in options}
    chosen = st.multiselect(
        f"Candidates to compare ({MIN_COMPARE}-{MAX_COMPARE})",
        list(by_id),
        default=[o.id for o in options if o.shortlisted][:MAX_COMPARE],
        format_func=lambda cid: by_id[cid].label,
        max_selections=MAX_COMPARE,
        key=f"pan_candidates_{requisition}",
    )
    if len(chosen) < MIN_COMPARE:
        st.warning(f"Pick at least {MIN_COMPARE} candidates to compare (up to {MAX_COMPARE}).")
    return requisition, [int(cid) for cid in chosen]


def main() -> None:
    """Render the page."""
    st.title("Panel")
    user = require("view_panel")
    st.info(STATEMENT, icon=":material/gavel:")
    show_flash()
    try:
        picked = _choose(user)
        if picked is None:
            return
        requisition, chosen = picked
        if not chosen:
            return
        bank = get_bank()
        board = panel.load_board(get_store(), bank, user, requisition, chosen)
    except AssessError as exc:
        st.error(f"The panel cannot be shown right now: {md(exc)}")
        return
    _ratings(user, board)
    shown = board.compared
    if len(chosen) >= MIN_COMPARE:
        if len(shown) >= MIN_COMPARE:
            if len(shown) < len(board.records):
                st.caption(
                    f"The comparison includes the {len(shown)} candidates you have rated; "
                    "rate the others to add them."
                )
            comparison(bank, board, shown)
        else:
            st.info(
                f"The comparison appears once you have rated at least {MIN_COMPARE} of the "
                f"chosen candidates (you have rated {len(shown)}).",
                icon=":material/visibility_off:",
            )
    if can("record_decision"):
        _decide(user, board)
    _recorded(board)


if __name__ == "__main__":
    main()
