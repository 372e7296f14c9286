"""Team insights: how interviewers rate, how the questions perform, and the team's calibration.

Opening it needs ``view_candidates`` or ``adopt_calibration``. Running a refit and adopting
or reverting a calibration need ``adopt_calibration``, checked again when pressed; adopting
is logged with the admin's name (``settings.put``). A refit is only shown with its agreement
before and after on held-out ratings, so nobody adopts it blind.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from assess.analytics.records import QuestionRecord
from assess.analytics.team import (
    InterviewerCalibration,
    ItemStats,
    interviewer_calibration,
    item_analysis,
    weak_items,
)
from assess.auth.roles import User
from assess.charts.team import calibration_chart, item_analysis_chart
from assess.content.bank import Bank
from assess.errors import AssessError, CalibrationError, ModelUnavailableError
from assess.services import calibration
from assess.services.team_calibration import Refit
from assess.ui import md
from assess.ui.access import can, require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_bank, get_scorer, get_store

REFIT = "team_refit"  # the last refit run in this session, shown until adopted or discarded
METRICS = (
    ("pearson", "Pearson r (higher is better)"),
    ("spearman", "Spearman rho (higher is better)"),
    ("rmse", "RMSE (lower is better)"),
    ("qwk", "Quadratic weighted kappa (higher is better)"),
    ("abstain_rate", "Abstain rate"),
)


def _done(message: str) -> None:
    flash(message, rerun=True)


def _calibration_table(rows: tuple[InterviewerCalibration, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "interviewer": c.interviewer,
                "rated": c.n_rated,
                "with machine score": c.n_paired,
                "final - machine (mean)": c.bias,
                "spread (sd)": c.spread,
                "direction": c.direction,
                "comparable ratings": c.n_compared,
                "vs other interviewers": c.vs_others,
            }
            for c in rows
        ]
    )


def _interviewers(questions: list[QuestionRecord]) -> None:
    st.subheader("Interviewer calibration")
    st.caption(
        "How each interviewer's final ratings compare with the machine's suggestions (bias up "
        "or down, and its spread) and with other interviewers on the same questions. Other "
        "interviewers rated other candidates, so a difference shows leniency or severity, not "
        "an error. Empty cells mean no data, never zero."
    )
    rows = interviewer_calibration(questions)
    if not rows:
        st.info("No interview has been rated yet.")
        return
    three = st.column_config.NumberColumn(format="%+.2f")
    st.dataframe(
        _calibration_table(rows),
        hide_index=True,
        width="stretch",
        key="team_calibration_table",
        column_config={
            "final - machine (mean)": three,
            "vs other interviewers": three,
            "spread (sd)": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    st.plotly_chart(calibration_chart(rows), key="team_calibration_chart")
    for c in rows:
        with st.expander(f"{c.interviewer}: per question"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "question": q.question_id,
                            "rated": q.n_rated,
                            "mean rating": q.mean_rating,
                            "final - machine": q.bias,
                            "others' mean": q.others_mean,
                            "vs others": q.vs_others,
                        }
                        for q in c.per_question
                    ]
                ),
                hide_index=True,
                width="stretch",
                key=f"team_per_question_{c.interviewer}",
            )


def _items_table(items: tuple[ItemStats, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "question": i.question_id,
                "times asked": i.times_asked,
                "rated": i.n_rated,
                "mean rating": i.mean_rating,
                "machine mean": i.machine_mean,
                "discrimination": i.discrimination,
                "n (discrimination)": i.n_discrimination,
                "note": i.discrimination_note,
                "plant mean": i.plant_mean,
                "enterprise mean": i.enterprise_mean,
                "enterprise - plant": i.level_gap,
            }
            for i in items
        ]
    )


def _items(questions: list[QuestionRecord], bank: Bank) -> None:
    st.subheader("Item analysis")
    st.caption(
        "Per question: how often it was asked and rated, its mean rating, and its "
        "discrimination (the correlation between a candidate's rating on it and on the other "
        "questions: does it separate strong from weak candidates?)."
    )
    items = item_analysis(questions, bank)
    two = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(
        _items_table(items),
        hide_index=True,
        width="stretch",
        key="team_items_table",
        column_config={
            name: two
            for name in (
                "mean rating",
                "machine mean",
                "discrimination",
                "plant mean",
                "enterprise mean",
                "enterprise - plant",
            )
        },
    )
    st.plotly_chart(item_analysis_chart(items), key="team_items_chart")
    st.markdown("**Weak items for the bank maintainer**")
    weak = weak_items(items)
    if not weak:
        st.markdown("No weak item: every rated question separates candidates.")
        return
    st.dataframe(
        pd.DataFrame([{"question": w.question_id, "why": w.reason} for w in weak]),
        hide_index=True,
        width="stretch",
        key="team_weak_items",
    )


# --- refitting the scorer's calibration -------------------------------------------------------


def _shown(value: float | None) -> str:
    return "n/a" if value is None or not math.isfinite(value) else f"{value:.3f}"


def _result(user: User, result: Refit) -> None:
    st.markdown(
        f"Refitted on **{result.n}** rated answers; agreement measured on held-out questions "
        f"({result.folds} folds grouped by question), for the whole scorer."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "metric": label,
                    "current calibration": _shown(result.before.get(key)),
                    "refitted (held out)": _shown(result.after.get(key)),
                }
                for key, label in METRICS
            ]
        ),
        hide_index=True,
        width="stretch",
        key="team_refit_metrics",
    )
    if result.better:
        st.success("The refit agrees better with the team's held-out ratings.")
    else:
        st.warning(
            "The refit does not agree better with the team's held-out ratings (higher Pearson "
            "without a worse RMSE). Adopting it is not advised."
        )
    adopt, discard = st.columns(2)
    if adopt.button("Adopt this calibration", key="team_refit_adopt", type="primary"):
        require("adopt_calibration")
        calibration.adopt(get_store(), result, user.username)
        st.session_state.pop(REFIT, None)
        _done(f"Adopted calibration {result.calibration.id}; new scores use it.")
    if discard.button("Discard", key="team_refit_discard"):
        st.session_state.pop(REFIT, None)
        st.rerun()


def _run_refit(bank: Bank, adopted: dict[str, Any] | None) -> None:
    require("adopt_calibration")
    try:
        scorer = get_scorer(adopted["json"] if adopted else None)
        with st.spinner("Refitting on the team's ratings..."):
            st.session_state[REFIT] = calibration.refit_for_team(get_store(), bank, scorer)
    except (CalibrationError, ModelUnavailableError) as exc:
        st.session_state.pop(REFIT, None)
        st.error(f"Cannot refit: {md(exc)}")


def _refit(user: User, bank: Bank) -> None:
    st.subheader("Refit the scorer's calibration")
    st.caption(
        "The interviewers' final ratings are graded answers in this team's own wording. A "
        "refit maps the scorer's features to them; it is worth adopting only if it agrees "
        "better with ratings it was not fitted on, shown below before anything changes."
    )
    adopted = calibration.adopted(get_store())
    if adopted and not adopted["usable"]:
        st.warning(
            f"The team's calibration **{md(adopted.get('id', '?'))}** was fitted by an earlier "
            "version of the scorer, which read other features; the default calibration is in "
            "use until an admin refits.",
            icon=":material/update:",
        )
    elif adopted:
        after = adopted.get("after") or {}
        st.markdown(
            f"In use: the team's calibration **{md(adopted.get('id', '?'))}** (held-out "
            f"Pearson {_shown(after.get('pearson'))}, RMSE {_shown(after.get('rmse'))})."
        )
    else:
        st.markdown("In use: the default calibration that ships with the toolkit.")
    if not can("adopt_calibration"):
        st.caption("Only an admin can refit or adopt a calibration.")
        return
    run, revert = st.columns(2)
    if run.button("Refit calibration", key="team_refit_run"):
        _run_refit(bank, adopted)
    if adopted and revert.button("Revert to default", key="team_refit_revert"):
        require("adopt_calibration")
        calibration.revert(get_store(), user.username)
        st.session_state.pop(REFIT, None)
        _done("Reverted to the default calibration; new scores use it.")
    result = st.session_state.get(REFIT)
    if isinstance(result, Refit):
        _result(user, result)


def main() -> None:
    """Render the page."""
    st.title("Team insights")
    # Either action opens the page; require() explains a refusal and stops.
    user = require("adopt_calibration" if can("adopt_calibration") else "view_candidates")
    show_flash()
    bank = get_bank()
    try:
        questions = calibration.team_questions(get_store(), bank)
        _interviewers(questions)
        st.divider()
        _items(questions, bank)
        st.divider()
        _refit(user, bank)
    except AssessError as exc:  # a database that is locked or gone: say so, no traceback
        st.error(f"The team's data cannot be read right now: {md(exc)}")


if __name__ == "__main__":
    main()
