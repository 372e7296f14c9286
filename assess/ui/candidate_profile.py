"""Candidate profile: the charts about one candidate, each with the evidence behind it.

Opening it needs ``view_profile``, and the candidate must be one the user may see
(``can_see_candidate``): a panel member sees only their requisitions' shortlist. The
candidate is in the URL (``?candidate=<id>``), so a profile can be linked and reloaded.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from assess.analytics.coverage import Isa95Coverage, isa95_coverage
from assess.analytics.credibility import CredibilityIndex, credibility
from assess.analytics.profile import (
    ANSWERED,
    CompetencyProfile,
    QuestionRating,
    competency_profile,
    question_ratings,
)
from assess.analytics.records import CandidateRecord, QuestionRecord
from assess.analytics.role_fit import RoleFitSummary, role_fit
from assess.auth.roles import User
from assess.charts.candidate import (
    competency_radar,
    coverage_heatmap,
    credibility_parts,
    machine_vs_final,
    red_flag_table,
    role_fit_axis,
)
from assess.content.bank import Bank
from assess.errors import AssessError
from assess.scoring.result import confidence_label
from assess.store import audit
from assess.store.db import Store
from assess.store.people import get_candidate
from assess.store.records import candidate_record
from assess.ui import CANDIDATES, md
from assess.ui.access import can, require
from assess.ui.candidates_page import visible_candidates
from assess.ui.resources import get_bank, get_store

PARAM = "candidate"
PICK = "prof_candidate"
HONESTY = "It describes the evidence, not the person's honesty."


@dataclass(frozen=True)
class Choice:
    """A candidate the user may open."""

    id: int
    name: str
    requisition: str

    @property
    def label(self) -> str:
        return f"{self.name} (id {self.id}, {self.requisition})"


@dataclass(frozen=True)
class Profile:
    """Everything the page draws about one candidate, computed once per run."""

    record: CandidateRecord
    shortlisted: bool
    competencies: CompetencyProfile
    credibility: CredibilityIndex
    coverage: Isa95Coverage
    role_fit: RoleFitSummary
    ratings: tuple[QuestionRating, ...]


def _choices(user: User) -> list[Choice]:
    with get_store().transaction() as s:
        return [Choice(c.id, c.name, c.requisition.title) for c in visible_candidates(s, user)]


def _load(user: User, bank: Bank, candidate_id: int) -> Profile | None:
    """The profile, or None when the user may not see this candidate (scoping re-checked)."""
    with get_store().transaction() as s:
        allowed = {c.id: c for c in visible_candidates(s, user)}
        candidate = allowed.get(candidate_id)
        if candidate is None:
            return None
        record = candidate_record(s, bank, candidate)
        shortlisted = bool(candidate.shortlisted)
    return Profile(
        record=record,
        shortlisted=shortlisted,
        competencies=competency_profile(record, bank),
        credibility=credibility(record),
        coverage=isa95_coverage(record),
        role_fit=role_fit(record),
        ratings=question_ratings(record),
    )


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


def _credibility(p: Profile) -> None:
    st.subheader("Credibility index")
    st.markdown(
        "The index is the mean of the parts below that have evidence (a part without evidence "
        f"is left out, never counted as zero). **{HONESTY}** No part of it decides anything."
    )
    st.plotly_chart(credibility_parts(p.credibility), key="prof_credibility_chart")
    for part in p.credibility.parts:
        with st.expander(f"{part.label}: {part.shown} (n={part.n})"):
            st.caption(md(part.method))
            if not part.evidence:
                st.markdown("No evidence yet.")
            for line in part.evidence:
                st.markdown(f"- {md(line)}")


def _competencies(p: Profile) -> None:
    st.subheader("Competencies against the requisition's bar")
    st.plotly_chart(competency_radar(p.competencies), key="prof_radar")
    frame = pd.DataFrame(
        [
            {
                "competency": s.name,
                "final rating": s.rating,
                "bar": s.bar,
                "gap": s.gap,
                "rated questions": s.n_questions,
                "machine mean": s.machine_mean,
            }
            for s in p.competencies.scores
            if s.probed or s.bar is not None
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch", key="prof_competency_table")
    missing = [s.name for s in p.competencies.not_probed]
    if missing:
        st.caption("Not probed at this level: " + md(", ".join(missing)) + ".")


def _coverage(p: Profile) -> None:
    st.subheader("ISA-95 coverage")
    st.caption(
        "Where the answered questions sit in ISA-95: shown (a final rating of 3 or more), "
        "missed, asked but not rated yet, or not probed at all."
    )
    for grid, key in ((p.coverage.by_activity, "activity"), (p.coverage.by_level, "level")):
        st.plotly_chart(coverage_heatmap(grid), key=f"prof_coverage_{key}")
        if grid.n_unplaced:
            st.caption(f"{grid.n_unplaced} answered questions lack a tag on this grid's axes.")


def _role_fit(p: Profile) -> None:
    st.subheader("Role fit")
    fit = p.role_fit
    st.plotly_chart(role_fit_axis(fit), key="prof_role_fit")
    message = f"{fit.verdict.capitalize()} ({fit.n} answers with both rubrics)."
    (st.warning if fit.mismatch else st.markdown)(md(message))
    if fit.drivers:
        st.caption("The answers that drive it, strongest pull first:")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "question": d.question_id or "ad hoc",
                        "position": d.position,
                        "final rating": d.final_rating,
                        "prompt": d.prompt,
                    }
                    for d in fit.drivers
                ]
            ),
            hide_index=True,
            width="stretch",
            key="prof_role_fit_drivers",
            column_config={"position": st.column_config.NumberColumn(format="%+.2f")},
        )


def _machine_vs_final(p: Profile) -> None:
    st.subheader("Machine suggestion and final rating, per question")
    if not p.ratings:
        st.info("No answered question yet.")
        return
    st.plotly_chart(machine_vs_final(p.ratings), key="prof_machine_vs_final")
    overridden = [r for r in p.ratings if r.override_reason]
    for r in overridden:
        st.markdown(f"- **{md(r.label)}**, the interviewer's reason: {md(r.override_reason)}")


def _red_flags(p: Profile) -> None:
    st.subheader("Red flags")
    flags = p.credibility.red_flags
    if not flags:
        st.markdown("No misconception was asserted in the answers the scorer judged.")
        return
    st.plotly_chart(red_flag_table(flags), key="prof_red_flags")
    for f in flags:
        st.markdown(
            f"- **{md(f.question_id or 'ad hoc question')} ({md(f.misconception)})**: "
            f"\u201c{md(f.clause)}\u201d — asserts: {md(f.claim)} Correction: {md(f.correction)}"
        )


def _machine_line(q: QuestionRecord) -> str:
    if q.abstained:
        return f"Not scored: {md(q.abstain_reason or 'the scorer abstained')}."
    if q.machine_score is None:
        return "No machine suggestion (not scored, or a typed follow-up)."
    confidence = "" if q.confidence is None else f", confidence {confidence_label(q.confidence)}"
    return f"Machine suggestion: **{q.machine_score:.1f} / 5**{confidence}."


def _evidence(p: Profile) -> None:
    st.subheader("Evidence per question")
    answered = [q for q in p.record.questions if q.status == ANSWERED]
    if not answered:
        st.info("No answered question yet.")
        return
    for number, q in enumerate(answered, start=1):
        final = "not rated" if q.final_rating is None else f"final {q.final_rating}/5"
        with st.expander(f"{number}. {q.question_id or 'ad hoc question'} · {final}"):
            st.markdown(f"**{md(q.prompt)}**")
            st.caption(
                f"Interview {q.interview_id} · {q.level} rubric · interviewer {md(q.interviewer)}"
            )
            st.markdown("Answer (interview notes):")
            st.text(q.answer_text or "(no text)")
            st.markdown(_machine_line(q))
            if q.covered_points:
                st.markdown("Key points shown:")
                for point in q.covered_points:
                    st.markdown(f"- {md(point)}")
            if q.missed_points:
                st.markdown("Key points missed:")
                for point in q.missed_points:
                    st.markdown(f"- {md(point)}")
            for flag in q.red_flags:
                st.markdown(
                    f"Red flag {md(flag.misconception)}: \u201c{md(flag.clause)}\u201d "
                    f"(correction: {md(flag.correction)})"
                )
            for flag in q.integrity_flags:
                st.markdown(f"Integrity flag: {md(flag)}")
            if q.final_rating is None:
                st.markdown("Final rating: not given yet.")
            else:
                reason = f" Reason: {md(q.override_reason)}" if q.override_reason else ""
                st.markdown(f"Final rating: **{q.final_rating} / 5**.{reason}")


FORMATS = (("html", "HTML", "text/html"), ("pdf", "PDF", "application/pdf"))


def report_bytes(store: Store, bank: Bank, candidate_id: int, fmt: str, actor: str) -> bytes:
    """The candidate report as HTML or PDF, logged like the CLI's (ids only, no names).

    Raises:
        UnknownItemError: no candidate has this id.
        ImportError: the reports package is not installed.
    """
    from assess.reports.candidate import load_candidate_report  # heavy: only on download
    from assess.reports.html import candidate_html
    from assess.reports.pdf import candidate_pdf

    with store.transaction() as s:
        candidate = get_candidate(s, candidate_id)
        report = load_candidate_report(s, bank, candidate_id)
        content = candidate_pdf(report) if fmt == "pdf" else candidate_html(report).encode()
        audit.log(
            s, actor, "report.export", candidate.pseudonym, kind="candidate report", format=fmt
        )
    return content


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
                partial(report_bytes, store, bank, cid, fmt, user.username),
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
        choices = _choices(user)
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
        profile = _load(user, bank, chosen)
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
    _credibility(profile)
    _competencies(profile)
    _coverage(profile)
    _role_fit(profile)
    _machine_vs_final(profile)
    _red_flags(profile)
    _evidence(profile)
    _reports(user, bank, profile)


if __name__ == "__main__":
    main()
