"""Candidates page: every candidate the user may see, with rating, role fit and red flags.

Opening it needs ``view_candidates``; the shortlist toggle needs ``manage_requisitions``,
checked again when pressed. Rows are scoped by ``assess.services.candidates``, the same rule
the profile and panel pages use.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.services import candidates
from assess.services.candidates import Row
from assess.store import people
from assess.ui import PROFILE, md
from assess.ui.access import can, require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_bank, get_store

ALL = "all"
# Sortable columns: label shown -> column of the table.
SORTS = {
    "name": "name",
    "overall rating": "overall rating",
    "credibility": "credibility",
    "red flags": "red flags",
    "role fit position": "role fit position",
    "status": "status",
    "id": "id",
}


def _frame(rows: list[Row]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "name": r.name,
                "requisition": r.requisition,
                "level": r.level,
                "status": r.status,
                "overall rating": r.overall,
                "rated questions": r.n_rated,
                "credibility": r.credibility,
                "role fit": r.role_fit + (" (level mismatch)" if r.role_mismatch else ""),
                "role fit position": r.role_fit_position,
                "red flags": r.red_flags,
                "shortlisted": r.shortlisted,
            }
            for r in rows
        ],
        columns=[
            "id",
            "name",
            "requisition",
            "level",
            "status",
            "overall rating",
            "rated questions",
            "credibility",
            "role fit",
            "role fit position",
            "red flags",
            "shortlisted",
        ],
    )


def _filters(rows: list[Row]) -> list[Row]:
    requisitions = {r.requisition_id: r.requisition for r in rows}
    levels = sorted({r.level for r in rows})
    statuses = [s for s in people.CANDIDATE_STATUSES if any(r.status == s for r in rows)]
    first, second, third, fourth = st.columns([3, 2, 3, 3])
    requisition = first.selectbox(
        "Requisition",
        [ALL, *requisitions],
        format_func=lambda rid: "All requisitions" if rid == ALL else requisitions[rid],
        key="cand_requisition",
    )
    level = second.selectbox("Level", [ALL, *levels], key="cand_level")
    status = third.multiselect("Status", statuses, key="cand_status", placeholder="Any status")
    text = fourth.text_input("Search names", key="cand_text", placeholder="part of a name")
    only_shortlist = st.toggle("Shortlisted only", key="cand_shortlisted", value=False)
    needle = text.strip().casefold()
    return [
        r
        for r in rows
        if (requisition == ALL or r.requisition_id == requisition)
        and (level == ALL or r.level == level)
        and (not status or r.status in status)
        and (not needle or needle in r.name.casefold())
        and (not only_shortlist or r.shortlisted)
    ]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    left, right = st.columns([3, 2])
    by = left.selectbox("Sort by", list(SORTS), key="cand_sort")
    # One toggle per column, so numbers start highest first and names A-Z.
    descending = right.toggle(
        "Highest first", key=f"cand_descending_{by}", value=by not in ("name", "status", "id")
    )
    # Missing values (not rated, no evidence) go last whichever way, never as zeros.
    return frame.sort_values(
        SORTS[by], ascending=not descending, na_position="last", kind="stable"
    ).reset_index(drop=True)


def _shortlist(user: User, row: Row) -> None:
    label = "Remove from shortlist" if row.shortlisted else "Add to shortlist"
    if st.button(label, key=f"cand_shortlist_{row.id}"):
        require("manage_requisitions")
        try:
            candidates.set_shortlisted(get_store(), user, row.id, not row.shortlisted)
        except AssessError as exc:  # locked, read-only or gone: say so, the page stays
            st.error(f"The shortlist was not changed: {md(exc)}", icon=":material/error:")
            return
        verb = "removed from" if row.shortlisted else "added to"
        flash(f"{row.name} {verb} the shortlist.", rerun=True)


def _open_one(user: User, rows: list[Row]) -> None:
    st.subheader("Open a candidate")
    by_id = {r.id: r for r in rows}
    chosen = st.selectbox(
        "Candidate", list(by_id), format_func=lambda cid: by_id[cid].label, key="cand_pick"
    )
    row = by_id[chosen]
    left, right = st.columns([3, 2])
    with left:
        st.page_link(
            PROFILE.path,
            label=f"Open the profile of {row.name}",
            icon=PROFILE.icon,
            query_params={"candidate": str(row.id)},
        )
    with right:
        if can("manage_requisitions"):
            _shortlist(user, row)


def main() -> None:
    """Render the page."""
    st.title("Candidates")
    user = require("view_candidates")
    show_flash()
    st.caption(
        "Overall rating is the mean of the interviewers' final 0-5 ratings; credibility "
        "(0-100) describes the interview's evidence, not the person's honesty; role fit says "
        "where the answers sit between the plant and the enterprise bar. Nothing here decides: "
        "a named person does, on the Panel page."
    )
    bank = get_bank()
    try:
        rows = candidates.candidate_rows(get_store(), bank, user)
    except AssessError as exc:
        st.error(f"The candidates cannot be read right now: {md(exc)}")
        return
    if not rows:
        st.info("There are no candidates yet. An admin can load the sample data on the Start page.")
        return
    shown = _filters(rows)
    if not shown:
        st.info("No candidate matches these filters.")
        return
    frame = _sorted(_frame(shown))
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="cand_table",
        column_config={
            "overall rating": st.column_config.NumberColumn(format="%.1f"),
            "credibility": st.column_config.NumberColumn(format="%.0f"),
            "role fit position": st.column_config.NumberColumn(
                format="%+.2f", help="-1 pitched at one plant ... +1 pitched at the enterprise"
            ),
        },
    )
    st.caption(f"{len(shown)} of {len(rows)} candidates. Empty cells mean no evidence yet.")
    by_id = {r.id: r for r in shown}
    _open_one(user, [by_id[int(cid)] for cid in frame["id"]])


if __name__ == "__main__":
    main()
