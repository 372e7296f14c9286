"""The console's scoring section: the "Score" button, the suggestion with its evidence
highlighted, and what a good answer covers (interviewer only)."""

from __future__ import annotations

import streamlit as st

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.errors import CalibrationError, ModelUnavailableError, UnknownItemError
from assess.scoring.result import (
    ADDRESSES_GRADER,
    DIFFERENT_QUESTION,
    EVIDENCE_NOTES,
    KEYWORD_STUFFING,
    NO_KEY_POINT,
    OTHER_LEVEL,
    RESTATES_QUESTION,
    TRUNCATED,
    Score,
    confidence_label,
)
from assess.scoring.text import normalize
from assess.services import console
from assess.services.console import Header, Item, View
from assess.ui import resources
from assess.ui.answer_editor import has_unsaved, state_key
from assess.ui.markdown import evidence_spans, highlight, md

INTEGRITY_WORDS = {
    KEYWORD_STUFFING: "a list of keywords rather than an explanation",
    RESTATES_QUESTION: "mostly repeats the question",
    ADDRESSES_GRADER: "text addressed to the grader, not an answer",
    TRUNCATED: "very long; only the first part was scored",
    NO_KEY_POINT: "no key point of this rubric is shown, so the suggestion is held at 1 or below",
    DIFFERENT_QUESTION: "the answer is about another question of the bank more than this one, "
    "so the suggestion is held at 1 or below",
    OTHER_LEVEL: "the answer is pitched at this question's other role level (see role fit), so "
    "the suggestion at this level is held at 2 or below",
}


def _run_score(bank: Bank, header: Header, item: Item, view: View, user: User) -> None:
    """Score the saved answer and keep the suggestion; says why when it cannot."""
    if has_unsaved(item.id) or view.answer is None:
        st.error("Save the answer first: there is no saved text to score.")
        return
    try:
        scorer = resources.get_scorer(view.calibration)
    except (ModelUnavailableError, CalibrationError) as exc:
        st.warning(
            f"Scoring unavailable: {md(exc)}. The answer is saved; rate it yourself.",
            icon=":material/block:",
        )
        return
    outcome = console.score_answer(
        resources.get_store(), scorer, bank, header.level, item, view.answer, user.username
    )
    if outcome.message:
        st.warning(md(outcome.message))
    if outcome.score is not None and not outcome.stored:
        show_score(bank, outcome.score, view.answer.text)


def show_score(bank: Bank, score: Score, answer: str) -> None:
    """A suggestion: score, band, confidence, flags, highlighted evidence, missed points."""
    if score.abstained:
        st.warning(f"**Not scored:** {md(score.abstain_reason)}", icon=":material/help:")
    else:
        a, b, c = st.columns(3)
        a.metric("Suggested score", f"{score.score:.1f} / 5")
        b.metric("Band", score.band)
        c.metric(
            "Confidence",
            confidence_label(score.confidence),
            help="How far to trust the number: higher when each key point is clearly shown or "
            "clearly missed and the answer says enough to judge, lower with any flag. Not a "
            "probability; how often each level lands within 1 point of a human grade is in "
            "Instructions for use.",
        )
    notes = [INTEGRITY_WORDS[f] for f in score.integrity_flags if f in EVIDENCE_NOTES]
    if score.note:  # names the other question; it says what the generic words would
        notes = [n for n in notes if n != INTEGRITY_WORDS[DIFFERENT_QUESTION]]
        notes.insert(0, f"{score.note}, so the suggestion is held at 1 or below")
    for note in notes:
        st.info(md(note[0].upper() + note[1:] + "."), icon=":material/info:")
    integrity = [flag for flag in score.integrity_flags if flag not in EVIDENCE_NOTES]
    if integrity:
        words = [INTEGRITY_WORDS.get(flag, flag.replace("_", " ")) for flag in integrity]
        st.warning(
            "**Integrity flags:** " + "; ".join(md(w) for w in words), icon=":material/flag:"
        )
    for hit in score.red_flags:
        found = bank.misconceptions.get(hit.misconception)
        title = found.title if found is not None else ""
        st.error(
            f"**Red flag {md(hit.misconception)}{': ' + md(title) if title else ''}.** "
            f"The answer says: “{md(hit.clause)}”  \nCorrection: {md(hit.correction)}",
            icon=":material/report:",
        )
    text = normalize(answer)[0]
    st.markdown("**The answer, with the evidence highlighted**")
    with st.container(border=True):
        st.markdown(highlight(text, evidence_spans(text, score.covered)) or "_(empty)_")
    if score.covered:
        st.markdown("**Key points shown**")
        for point in score.covered:
            st.markdown(f"- :green[✔] {md(point.text)}  \n  _“{md(point.evidence)}”_")
    if score.missed:
        st.markdown("**Key points missed: ask next**")
        for point in sorted(score.missed, key=lambda p: -p.weight):
            st.markdown(f"- {md(point.text)}  \n  **Ask:** {md(point.probe)}")
    if score.role_fit is not None:
        fit = score.role_fit
        st.caption(
            f"Role fit: leans {md(fit.leaning)} (plant bar {fit.plant:.1f}, enterprise bar "
            f"{fit.enterprise:.1f}, position {fit.position:+.2f} from -1 plant to +1 enterprise)."
        )
    st.caption(
        f"Model {md(score.model_id)} · rubric {md(score.rubric_version)} · "
        f"calibration {md(score.calibration_id)}. A suggestion; you decide."
    )


def score_section(bank: Bank, header: Header, item: Item, view: View, user: User) -> View:
    """The "Score" subsection; returns the view, read again when a score was stored."""
    st.subheader("Score")
    if item.question_id is None:
        st.info("A typed follow-up has no rubric: rate it yourself.", icon=":material/edit:")
        return view
    if not view.scoring_enabled:
        st.info(
            "Machine scoring is turned off for this team: rate the answer yourself.",
            icon=":material/toggle_off:",
        )
        return view
    store = resources.get_store()
    if st.button("Score this answer", key=state_key("score", item.id), type="primary"):
        _run_score(bank, header, item, view, user)
        view = console.load_view(store, header.id, item.id)
    if view.score is None:
        st.caption("Not scored yet.")
        return view
    if view.answer is not None and view.score.answer_version_id != view.answer.id:
        st.caption("The answer changed since this suggestion; score again to update it.")
    show_score(bank, view.score.score, console.scored_text(store, view))
    return view


def good_answer(bank: Bank, header: Header, item: Item) -> None:
    """The rubric's key points and the question's follow-up probes, folded away."""
    if item.question_id is None:
        return
    with st.expander("What a good answer covers (interviewer only)"):
        try:
            rubric = bank.rubric(item.question_id, header.level)
        except UnknownItemError as exc:
            st.warning(md(exc))
            return
        for point in rubric.key_points:
            st.markdown(
                f"- **{md(point.text)}** (weight {point.weight:g})  \n  If missing, ask: "
                f"{md(point.probe)}"
            )
        try:
            follow_ups = bank.question(item.question_id).follow_ups
        except UnknownItemError:
            follow_ups = ()
        if follow_ups:
            st.markdown("**Follow-up probes**")
            for probe in follow_ups:
                st.markdown(f"- {md(probe)}")
