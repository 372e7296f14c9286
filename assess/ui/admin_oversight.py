"""Oversight page: the machine-scoring switch, retention per requisition, the candidate
notice's text (``notice_text``) and the purge.

The switch needs ``toggle_machine_scoring``, the purge ``purge``; both are checked again on
the server when the button is pressed, and both are written to the audit log by the store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.store import people, rights, settings
from assess.ui import md
from assess.ui.access import can, require
from assess.ui.flash import flash, show_flash
from assess.ui.notice_text import notice_section
from assess.ui.resources import get_store


@dataclass(frozen=True)
class Retention:
    """One requisition's retention, as the page shows it."""

    id: int
    title: str
    level: str
    retention_days: int | None
    candidates: int


def _done(message: str) -> None:
    flash(message, rerun=True)


def _scoring(user: User) -> None:
    st.subheader("Machine scoring")
    with get_store().transaction() as s:
        enabled = settings.machine_scoring_enabled(s)
    st.markdown(
        "When machine scoring is **off**, the interview console still works: interviewers "
        "type their notes, every answer version is saved, and they give the final 0-5 rating "
        "as usual. The console only stops computing a suggested score, its evidence and the "
        "probes for missed points. Scores already saved stay in the record. Turning it back "
        "on affects answers scored from then on. Every change is logged with your name."
    )
    if enabled:
        st.success("Machine scoring is **on**: the console suggests a score with evidence.")
    else:
        st.warning("Machine scoring is **off**: interviewers rate without a suggestion.")
    label = "Turn machine scoring off" if enabled else "Turn machine scoring on"
    if st.button(label, key="adm_toggle_scoring", type="primary" if enabled else "secondary"):
        require("toggle_machine_scoring")
        with get_store().transaction() as s:
            settings.set_machine_scoring(s, not enabled, actor=user.username)
        _done(f"Machine scoring is now {'off' if enabled else 'on'}.")


def _retention_rows() -> list[Retention]:
    with get_store().transaction() as s:
        counts = Counter(c.requisition_id for c in people.candidates(s))
        return [
            Retention(r.id, r.title, r.level, r.retention_days, counts.get(r.id, 0))
            for r in people.requisitions(s)
        ]


def _retention() -> None:
    st.subheader("Retention per requisition")
    rows = _retention_rows()
    if not rows:
        st.info("There are no requisitions yet.")
        return
    frame = pd.DataFrame(
        [
            {
                "id": r.id,
                "requisition": r.title,
                "level": r.level,
                "retention": (
                    f"{r.retention_days} days" if r.retention_days else "kept until deleted"
                ),
                "candidates": r.candidates,
            }
            for r in rows
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch", key="adm_retention_table")
    st.caption(
        "A candidate is due for purging when their requisition's retention period has passed "
        "since their last activity (created, interviewed or decided). Requisitions without a "
        "period keep their candidates until someone deletes them."
    )


def _purge(user: User) -> None:
    st.subheader("Purge candidates past retention")
    with get_store().transaction() as s:
        preview = rights.purge(s, user.username, dry_run=True)
    if not preview.purged:
        st.info(
            f"Nobody is past their retention period ({preview.checked} candidates on "
            "requisitions with a period checked)."
        )
        return
    st.warning(
        f"{len(preview.purged)} of {preview.checked} candidates on requisitions with a period "
        "are past it. Purging erases them completely; the log keeps only these pseudonyms."
    )
    st.dataframe(
        pd.DataFrame({"pseudonym": list(preview.purged)}),
        hide_index=True,
        key="adm_purge_preview",
    )
    confirmed = st.checkbox(
        "I understand the purge cannot be undone", key="adm_purge_confirm", value=False
    )
    if st.button("Purge now", key="adm_purge", type="primary", disabled=not confirmed):
        require("purge")
        with get_store().transaction() as s:
            result = rights.purge(s, user.username)
        names = ", ".join(result.purged) or "nobody"
        _done(f"Purged {len(result.purged)} candidates: {names}. The purge is in the audit log.")


def main() -> None:
    """Render the page."""
    st.title("Oversight")
    user = require("toggle_machine_scoring")
    show_flash()
    try:
        _scoring(user)
        st.divider()
        _retention()
        st.divider()
        notice_section(user)
        if can("purge"):
            st.divider()
            _purge(user)
    except AssessError as exc:  # a database that is locked or gone: say so, no traceback
        st.error(f"The database cannot be used right now: {md(exc)}")


if __name__ == "__main__":
    main()
