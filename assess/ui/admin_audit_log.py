"""Audit log page: read and filter the append-only event log, and download it as CSV.

Needs ``view_audit_log``. Events carry pseudonyms and ids, never names or answer text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.store import audit
from assess.store.csv_safe import to_csv
from assess.ui import md
from assess.ui.access import require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_store

COLUMNS = ("id", "at", "actor", "action", "subject", "detail")
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Filters:
    """What the user asked for; empty text means any."""

    actor: str
    action: str
    subject: str
    since: datetime | None
    until: datetime | None
    limit: int


def _filters() -> Filters:
    left, middle, right = st.columns(3)
    actor = left.text_input("Who (username)", key="log_actor")
    action = middle.text_input(
        "Action", key="log_action", placeholder="e.g. candidate.delete, rating.override"
    )
    subject = right.text_input("Candidate pseudonym", key="log_subject", placeholder="cand-...")
    today = datetime.now(UTC).date()
    dates = st.date_input(
        "Dates (UTC)",
        value=(today - timedelta(days=DEFAULT_DAYS), today),
        key="log_dates",
    )
    limit = st.number_input(
        "Show at most", min_value=10, max_value=100_000, value=1000, step=100, key="log_limit"
    )
    since, until = _range(dates)
    return Filters(actor.strip().lower(), action.strip(), subject.strip(), since, until, int(limit))


def _range(dates: object) -> tuple[datetime | None, datetime | None]:
    """The picked dates as an inclusive UTC range; a half-picked range is open at the end."""
    picked = [d for d in (dates if isinstance(dates, (tuple, list)) else (dates,)) if d]
    if not picked:
        return None, None
    first: date = picked[0]
    last: date = picked[-1] if len(picked) > 1 else first
    if len(picked) == 1:
        return datetime.combine(first, time.min, UTC), None
    return datetime.combine(first, time.min, UTC), datetime.combine(last, time.max, UTC)


def _rows(filters: Filters) -> list[dict[str, object]]:
    with get_store().transaction() as s:
        events = audit.events(
            s,
            actor=filters.actor or None,
            action=filters.action or None,
            subject=filters.subject or None,
            since=filters.since,
            until=filters.until,
            limit=filters.limit,
        )
        return [
            {
                "id": e.id,
                "at": e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "",
                "actor": e.actor,
                "action": e.action,
                "subject": e.subject,
                "detail": json.dumps(e.detail, sort_keys=True, default=str),
            }
            for e in events
        ]


def _log_export(user: User, count: int) -> None:
    try:
        with get_store().transaction() as s:
            audit.log(s, user.username, "audit_log.export", rows=count)
    except AssessError as exc:  # the file was downloaded; say the log entry is missing
        flash(f"The download was not recorded in the audit log: {exc}", "warning")


def main() -> None:
    """Render the page."""
    st.title("Audit log")
    user = require("view_audit_log")
    show_flash()
    st.caption(
        "Every sign-in, score, rating, override with its reason, decision, setting change, "
        "export, deletion and purge, newest first. Candidates appear only as pseudonyms; a "
        "deleted candidate's pseudonym no longer resolves to anyone."
    )
    filters = _filters()
    try:
        rows = _rows(filters)
    except AssessError as exc:  # a database that is locked or gone: say so, no traceback
        st.error(f"The database cannot be used right now: {md(exc)}")
        return
    if not rows:
        st.info("No event matches these filters.")
        return
    more = (
        " (the limit; narrow the filters to see older ones)" if len(rows) >= filters.limit else ""
    )
    st.caption(f"{len(rows)} events{more}.")
    st.dataframe(
        pd.DataFrame(rows, columns=list(COLUMNS)),
        hide_index=True,
        width="stretch",
        key="log_table",
    )
    st.download_button(
        "Download these events (CSV)",
        data=to_csv(rows, COLUMNS),
        file_name="audit-log.csv",
        mime="text/csv",
        key="log_download",
        on_click=_log_export,
        args=(user, len(rows)),
    )


if __name__ == "__main__":
    main()
