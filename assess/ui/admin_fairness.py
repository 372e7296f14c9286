"""Adverse-impact audit page: scoring rates and impact ratios by sex, race/ethnicity and both.

Needs ``run_fairness_audit``. The input is each rated candidate's overall final rating with
their voluntary demographics (``assess.store.audit_data``); the method is NYC Local Law 144's
scoring-rate method (``assess.analytics.fairness``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.analytics.fairness import ROW_COLUMNS, AuditReport, DimensionTable, audit, report_rows
from assess.auth.roles import User
from assess.errors import AssessError
from assess.store import audit as audit_log
from assess.store.audit_data import audit_subjects
from assess.store.csv_safe import to_csv
from assess.ui import md
from assess.ui.access import require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_store

TITLES = {
    "sex": "By sex",
    "race_ethnicity": "By race/ethnicity",
    "intersection": "By sex and race/ethnicity (intersection)",
}
MEANING = """\
**What these numbers mean.** Each candidate's score is the mean of the final ratings the
interviewers gave (not the machine's suggestions). The *scoring rate* of a category is the share
of its candidates who score above the median of everyone audited. The *impact ratio* is that
rate divided by the highest rate of any category. A ratio under {threshold:g} is flagged, the
"four-fifths" rule of thumb used by NYC Local Law 144 bias audits. Categories under
{small:.0%} of the sample are shown but take no part in the ratios, and candidates who gave no
answer or declined are counted as unknown.

**What they do not mean.** A flag is a prompt to investigate, not proof of bias: with few
candidates one person more or less above the median moves a rate a lot, and a difference can
come from who applied to which requisition rather than from how answers were rated. Nor does
an unflagged table prove fairness. Look at the questions, the rubrics and the raters' reasons
in the audit log before drawing a conclusion. Demographics are voluntary, used only here, and
never reach scoring or the interviewers.
"""


def _frame(table: DimensionTable) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "category": row.category,
                "n": row.n,
                "share of sample": row.share_of_sample,
                "n above median": row.n_above_median,
                "scoring rate": row.scoring_rate,
                "impact ratio": row.impact_ratio,
                "flagged (< threshold)": row.flagged,
                "small (excluded)": row.small,
            }
            for row in table.rows
        ]
    )


def _show_table(table: DimensionTable, report: AuditReport) -> None:
    st.subheader(TITLES[table.dimension])
    if table.rows:
        st.dataframe(
            _frame(table),
            hide_index=True,
            width="stretch",
            key=f"fair_table_{table.dimension}",
            column_config={
                "share of sample": st.column_config.NumberColumn(format="percent"),
                "scoring rate": st.column_config.NumberColumn(format="percent"),
                "impact ratio": st.column_config.NumberColumn(format="%.2f"),
            },
        )
    unknown_share = table.unknown / report.n if report.n else 0.0
    st.caption(f"Unknown (not given or declined): {table.unknown} ({unknown_share:.0%}).")
    if table.note:
        st.info(md(table.note))
    for row in table.flagged:
        st.warning(
            f"{md(row.category)}: impact ratio {row.impact_ratio:.2f}, under "
            f"{report.threshold:g}. Investigate before drawing a conclusion."
        )


def _log_export(user: User, n: int) -> None:
    try:
        with get_store().transaction() as s:
            audit_log.log(s, user.username, "fairness.export", candidates=n)
    except AssessError as exc:  # the file was downloaded; say the log entry is missing
        flash(f"The download was not recorded in the audit log: {exc}", "warning")


def main() -> None:
    """Render the page."""
    st.title("Adverse-impact audit")
    user = require("run_fairness_audit")
    show_flash()
    include = st.checkbox(
        "Include sample (demo) candidates", value=True, key="fair_include_samples"
    )
    try:
        with get_store().transaction() as s:
            subjects = audit_subjects(s, include_samples=include)
        report = audit(subjects)
    except AssessError as exc:
        st.error(md(exc))
        return
    if report.n == 0:
        st.info(md(report.message or "Nothing to audit: no candidate has a final rating yet."))
        st.markdown(MEANING.format(threshold=report.threshold, small=report.small_share))
        return
    left, right = st.columns(2)
    left.metric("Candidates audited (with a final rating)", report.n)
    right.metric("Median overall score (0-5)", f"{report.median:.2f}")
    flagged = sum(len(t.flagged) for t in report.tables)
    if flagged:
        st.warning(f"{flagged} categories have an impact ratio under {report.threshold:g}.")
    for table in report.tables:
        _show_table(table, report)
    st.download_button(
        "Download the audit (CSV)",
        data=to_csv(report_rows(report), ROW_COLUMNS),
        file_name="adverse-impact-audit.csv",
        mime="text/csv",
        key="fair_download",
        on_click=_log_export,
        args=(user, report.n),
    )
    st.divider()
    st.markdown(MEANING.format(threshold=report.threshold, small=report.small_share))


if __name__ == "__main__":
    main()
