"""The candidate profile's chart sections, each with the evidence behind it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.analytics.profile import ANSWERED
from assess.charts.candidate import (
    competency_radar,
    coverage_heatmap,
    credibility_parts,
    machine_vs_final,
    red_flag_table,
    role_fit_axis,
)
from assess.scoring.result import confidence_label
from assess.services.profile import Profile
from assess.store.record_types import QuestionRecord
from assess.ui.markdown import md

HONESTY = "It describes the evidence, not the person's honesty."


def credibility_section(p: Profile) -> None:
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


def competencies_section(p: Profile) -> None:
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


def coverage_section(p: Profile) -> None:
    st.subheader("ISA-95 coverage")
    st.caption(
        "Where the answered questions sit in ISA-95: shown (a final rating of 3 or more), "
        "missed, asked but not rated yet, or not probed at all."
    )
    for grid, key in ((p.coverage.by_activity, "activity"), (p.coverage.by_level, "level")):
        st.plotly_chart(coverage_heatmap(grid), key=f"prof_coverage_{key}")
        if grid.n_unplaced:
            st.caption(f"{grid.n_unplaced} answered questions lack a tag on this grid's axes.")


def role_fit_section(p: Profile) -> None:
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


def machine_vs_final_section(p: Profile) -> None:
    st.subheader("Machine suggestion and final rating, per question")
    if not p.ratings:
        st.info("No answered question yet.")
        return
    st.plotly_chart(machine_vs_final(p.ratings), key="prof_machine_vs_final")
    overridden = [r for r in p.ratings if r.override_reason]
    for r in overridden:
        st.markdown(f"- **{md(r.label)}**, the interviewer's reason: {md(r.override_reason)}")


def red_flags_section(p: Profile) -> None:
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


def evidence_section(p: Profile) -> None:
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
