"""Candidate profile: the charts about one candidate, each with the evidence behind it.

Opening it needs ``view_profile``, and the candidate must be one the user may see
(``can_see_candidate``): a panel member sees only their requisitions' shortlist. The
candidate is in the URL (``?candidate=<id>``), so a profile can be linked and reloaded.
"""

from __future__ import annotations

import importlib.util
from functools import partial

import streamlit as st

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.errors import AssessError
from assess.services import profile as profiles
from assess.services.profile import Choice, Profile
from assess.services.reports import candidate_report
from assess.ui import CANDIDATES, md
from assess.ui.access import can, require
from assess.ui.candidate_documents import documents_section
from assess.ui.profile_sections import (
    HONESTY,
    competencies_section,
    coverage_section,
    credibility_section,
    evidence_section,
    machine_vs_final_section,
    red_flags_section,
    role_fit_section,
)
from assess.ui.resources import get_bank, get_store

PARAM = "candidate"
PICK = "prof_candidate"


def _param_id() -> int | None:
    raw = st.query_params.get(PARAM)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _sync_param() -> None:
    st.query_params[PARAM] = str(st.session_state[PICK])


def _pick(choices: list[Choice]) -> int:
    """The chosen candidate id: the URL's if it names one the user may see."""
    by_id = {c.id: c for c in choices}
    wanted = _param_id()
    if st.query_params.get(PARAM) is not None and wanted not in by_id:
        st.error(
            f"Candidate {md(st.query_params.get(PARAM))} is not one you may see, or does not "
            "exist. Pick one below.",
            icon=":material/block:",
        )
    elif wanted is not None and st.session_state.get(PICK) != wanted:
        st.session_state[PICK] = wanted  # the URL wins: a shared or reloaded link
    if st.session_state.get(PICK) not in by_id:
        st.session_state.pop(PICK, None)
    chosen = st.selectbox(
        "Candidate",
        list(by_id),
        format_func=lambda cid: by_id[cid].label,
        key=PICK,
        on_change=_sync_param,
    )
    if wanted in by_id and st.query_params.get(PARAM) != str(chosen):
        st.query_params[PARAM] = str(chosen)
    return int(chosen)


def _rating(value: float | None, unit: str = " / 5") -> str:
    return "not rated" if value is None else f"{value:.1f}{unit}"


def _headline(p: Profile) -> None:
    r, c = p.record, p.competencies
    st.header(md(r.name))
    st.caption(
        f"{md(r.requisition_title)} · {r.level} level · status {r.status}"
        + (" · shortlisted" if p.shortlisted else "")
    )
    overall, rated, credibility_metric, fit = st.columns(4)
    overall.metric("Overall rating", _rating(c.overall))
    rated.metric("Rated questions", str(c.n_rated), help=f"{c.n_unrated} answered, not yet rated")
    index = p.credibility.index
    credibility_metric.metric(
        "Credibility index",
        "no evidence" if index is None else f"{index:.0f} / 100",
        help=HONESTY,
    )
    fit.metric("Role fit", p.role_fit.leaning)
    if c.n_unrated:
        st.warning(f"{c.n_unrated} answered questions still await the interviewer's rating.")


FORMATS = (("html", "HTML", "text/html"), ("pdf", "PDF", "application/pdf"))


def _reports(user: User, bank: Bank, p: Profile) -> None:
    """Report downloads for users who may export; built only when a button is pressed."""
    if not can("export_reports") or importlib.util.find_spec("assess.reports.pdf") is None:
        return
    st.subheader("Reports")
    store = get_store()
    cid = p.record.candidate_id
    columns = st.columns(len(FORMATS))
    for column, (fmt, label, mime) in zip(columns, FORMATS, strict=True):
        with column:
            st.download_button(
                f"Download the report ({label})",
                partial(candidate_report, store, bank, cid, fmt, user.username),
                file_name=f"candidate-{cid}.{fmt}",
                mime=mime,
                key=f"prof_report_{fmt}",
                on_click="ignore",
            )
    st.caption("Each download is recorded in the audit log (the candidate's pseudonym only).")


def main() -> None:
    """Render the page."""
    st.title("Candidate profile")
    user = require("view_profile")
    try:
        choices = profiles.choices(get_store(), user)
    except AssessError as exc:
        st.error(f"The candidates cannot be read right now: {md(exc)}")
        return
    if not choices:
        st.info(
            "There is no candidate you may see yet. Panel members see the shortlisted "
            "candidates of the requisitions whose panel they sit on."
        )
        return
    chosen = _pick(choices)
    if can("view_candidates"):
        st.page_link(CANDIDATES.path, label="Back to the candidate list", icon=CANDIDATES.icon)
    bank = get_bank()
    try:
        profile = profiles.load_profile(get_store(), bank, user, chosen)
    except AssessError as exc:
        st.error(f"The profile cannot be built: {md(exc)}")
        return
    if profile is None:
        st.error("This candidate is not one you may see.", icon=":material/block:")
        return
    st.info(
        "The machine suggests and summarises the evidence; a named person decides. Every "
        "chart below comes with the answers behind it.",
        icon=":material/gavel:",
    )
    _headline(profile)
    credibility_section(profile)
    competencies_section(profile)
    coverage_section(profile)
    role_fit_section(profile)
    machine_vs_final_section(profile)
    red_flags_section(profile)
    evidence_section(profile)
    _reports(user, bank, profile)
    documents_section(user, bank, profile)


if __name__ == "__main__":
    main()
