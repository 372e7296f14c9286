"""Interview page: one question at a time, answer notes that save as you type, the suggested
score with its evidence, the interviewer's final rating, and the summary at the end.

The interview (``?interview=<id>``) and the question (``&q=<n>``, 1-based) are in the URL, so a
refresh or a server restart reopens the same place with everything that was shown as saved.

Answer editor: by default a small ``st.components.v2`` component whose textarea sends its text
about 0.6 s after typing stops (and on leaving the box); every change becomes an append-only
answer version. The "Plain text box" toggle swaps in ``st.text_area`` (it sends on leaving the
box or Ctrl+Enter): for browsers that block the component, and the path AppTest can drive
(AppTest cannot type into a custom component). Both reach the same ``_autosave``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from assess.auth.roles import User, can_see_interview
from assess.content.bank import Bank
from assess.errors import (
    AssessError,
    CalibrationError,
    InputError,
    ModelUnavailableError,
    StoreError,
    UnknownItemError,
)
from assess.scoring.result import (
    ADDRESSES_GRADER,
    KEYWORD_STUFFING,
    RESTATES_QUESTION,
    TRUNCATED,
    KeyPointResult,
    Score,
    confidence_label,
)
from assess.scoring.suggest import suggest
from assess.scoring.text import normalize
from assess.store import interviews, settings
from assess.store.schema import AnswerVersion, as_utc
from assess.ui import SETUP, md, resources
from assess.ui.access import require

INTEGRITY_WORDS = {
    KEYWORD_STUFFING: "a list of keywords rather than an explanation",
    RESTATES_QUESTION: "mostly repeats the question",
    ADDRESSES_GRADER: "text addressed to the grader, not an answer",
    TRUNCATED: "very long; only the first part was scored",
}
STATUS_ICONS = {"pending": "○", "answered": "●", "skipped": "⤼"}
RATINGS = (0, 1, 2, 3, 4, 5)
_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")

# --- plain helpers (no Streamlit), unit-tested directly --------------------------------------


def escape(text: str) -> str:
    """Escape text for Streamlit markdown, keeping its spacing (``md`` collapses spaces)."""
    return _ESCAPE.sub(r"\\\1", text).replace("\n", "  \n")


def evidence_spans(text: str, points: Sequence[KeyPointResult]) -> list[tuple[int, int]]:
    """Where each covered point's evidence sits in ``text`` (the scorer's normalised answer).

    Uses the stored span when it still matches the evidence, else finds the evidence text;
    evidence that cannot be found is left out rather than highlighted in the wrong place.
    """
    spans = []
    for point in points:
        if not point.evidence:
            continue
        span = point.evidence_span
        if (
            span
            and 0 <= span[0] < span[1] <= len(text)
            and text[span[0] : span[1]] == point.evidence
        ):
            spans.append((span[0], span[1]))
            continue
        found = text.find(point.evidence)
        if found >= 0:
            spans.append((found, found + len(point.evidence)))
    return spans


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Markdown of ``text`` with ``spans`` on an orange background; every segment escaped."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape(text[cursor:start]))
        marked = text[start:end].strip()
        if marked:
            # Lines inside a directive would end it early; evidence is one clause anyway.
            out.append(f":orange-background[{escape(' '.join(marked.split()))}]")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def clock(seconds: float) -> str:
    """``m:ss`` under an hour, else ``h:mm:ss``."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def local_time(moment: datetime) -> str:
    return as_utc(moment).astimezone().strftime("%H:%M:%S")


# --- snapshots read from the database (plain data, safe after the session closes) ------------


@dataclass(frozen=True)
class Header:
    id: int
    candidate: str
    level: str
    interviewer: str
    status: str
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class Item:
    id: int
    position: int
    question_id: str | None
    prompt: str
    kind: str
    status: str


@dataclass(frozen=True)
class Version:
    id: int
    version: int
    text: str
    author: str
    editor: str
    created_at: datetime


@dataclass(frozen=True)
class StoredScore:
    score: Score
    answer_version_id: int


@dataclass(frozen=True)
class StoredRating:
    rating: int
    reason: str
    rater: str
    suggested: float | None


@dataclass(frozen=True)
class View:
    """Everything the current question shows, read in one transaction."""

    answer: Version | None
    first_saved: datetime | None
    conflicts: tuple[tuple[Version, Version], ...]
    score: StoredScore | None
    rating: StoredRating | None
    notes: tuple[tuple[str, str, datetime, int | None], ...]
    scoring_enabled: bool
    calibration: dict[str, Any] | None


def _version(row: Any) -> Version:
    return Version(row.id, row.version, row.text, row.author, row.editor, row.created_at)


def load_interview(interview_id: int) -> tuple[Header, list[Item]]:
    with resources.get_store().transaction() as s:
        interview = interviews.get_interview(s, interview_id)
        header = Header(
            interview.id,
            interview.candidate.name,
            interview.level,
            interview.interviewer,
            interview.status,
            interview.created_at,
            interview.finished_at,
        )
        items = [
            Item(q.id, q.position, q.question_id, q.prompt, q.kind, q.status)
            for q in interview.questions
        ]
    return header, items


def load_view(interview_id: int, item_id: int) -> View:
    with resources.get_store().transaction() as s:
        history = interviews.answer_history(s, item_id)
        score_row = interviews.latest_score(s, item_id)
        rating_row = interviews.latest_rating(s, item_id)
        calibration = settings.get(s, settings.CALIBRATION)
        return View(
            answer=_version(history[-1]) if history else None,
            first_saved=history[0].created_at if history else None,
            conflicts=tuple(
                (_version(a), _version(b)) for a, b in interviews.conflicts(s, item_id)
            ),
            score=StoredScore(Score.from_dict(score_row.detail), score_row.answer_version_id)
            if score_row
            else None,
            rating=StoredRating(
                rating_row.rating, rating_row.reason, rating_row.rater, rating_row.suggested
            )
            if rating_row
            else None,
            notes=tuple(
                (n.author, n.text, n.created_at, n.interview_question_id)
                for n in interviews.notes(s, interview_id)
            ),
            scoring_enabled=settings.machine_scoring_enabled(s),
            calibration=_calibration_json(calibration),
        )


def _calibration_json(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """The adopted calibration as stored in settings (its JSON under "json"), if any."""
    if not value:
        return None
    inner = value.get("json")
    return inner if isinstance(inner, dict) and inner else None


# --- the live answer editor (a components v2 textarea) ---------------------------------------

_EDITOR_HTML = """
<label class="lbl"></label>
<textarea data-testid="con-answer-editor" rows="12" spellcheck="true"></textarea>
<div class="state" data-testid="con-answer-editor-state"></div>
"""
_EDITOR_CSS = """
.lbl { display: block; font-size: 0.875rem; margin-bottom: 0.25rem; }
textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 0.5rem;
  border-radius: 0.5rem; border: 1px solid var(--st-border-color, #ccc);
  background: var(--st-secondary-background-color, #fff); color: var(--st-text-color, #000); }
.state { font-size: 0.75rem; opacity: 0.7; min-height: 1em; }
"""
# Text goes in with .value and textContent only (never innerHTML). The server's text is applied
# only when its revision changes, so a rerun never overwrites what is being typed.
_EDITOR_JS = """
export default function(component) {
  const { data, setStateValue, parentElement } = component;
  const box = parentElement.querySelector('textarea');
  const label = parentElement.querySelector('.lbl');
  const state = parentElement.querySelector('.state');
  label.textContent = data.label || '';
  const rev = String(data.rev);
  if (box.dataset.rev !== rev) {
    box.value = data.text || '';
    box.dataset.rev = rev;
    box._sent = box.value;
  }
  const send = () => {
    clearTimeout(box._timer);
    box._timer = null;
    if (box.value !== box._sent) {
      box._sent = box.value;
      state.textContent = 'saving...';
      setStateValue('text', box.value);
    }
  };
  box.oninput = () => {
    state.textContent = 'typing...';
    clearTimeout(box._timer);
    box._timer = setTimeout(send, 600);
  };
  box.onblur = send;
  if (box._timer === undefined || box._timer === null) { state.textContent = ''; }
  return () => { if (box._timer) { send(); } };
}
"""
_live_editor = st.components.v2.component(
    "assess_answer_editor", html=_EDITOR_HTML, css=_EDITOR_CSS, js=_EDITOR_JS
)


# --- session state helpers -------------------------------------------------------------------


def _ss(name: str, item_id: int) -> str:
    return f"con_{name}_{item_id}"


def _editor_id() -> str:
    """One id per browser tab, so two tabs of one interviewer are told apart."""
    if "con_editor" not in st.session_state:
        st.session_state["con_editor"] = uuid.uuid4().hex
    return str(st.session_state["con_editor"])


def _flash(kind: str, message: str) -> None:
    st.session_state["con_flash"] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop("con_flash", ("", ""))
    if kind == "error":
        st.error(md(message), icon=":material/error:")
    elif kind == "success":
        st.success(md(message), icon=":material/check:")


def _go(position: int) -> None:
    st.query_params["q"] = str(position)


# --- autosave -------------------------------------------------------------------------------


def _sync_from_store(item: Item, view: View, typed: str | None) -> bool:
    """Adopt a newer version saved elsewhere when this tab has nothing unsaved.

    Returns True when the on-screen text must be replaced by the stored one.
    """
    seen_key, last_key = _ss("seen", item.id), _ss("last", item.id)
    if seen_key not in st.session_state:
        st.session_state[seen_key] = view.answer.version if view.answer else 0
        st.session_state[last_key] = view.answer.text if view.answer else ""
        return True
    newer = view.answer is not None and view.answer.version > st.session_state[seen_key]
    unsaved = _ss("pending", item.id) in st.session_state or (
        typed is not None and typed != st.session_state[last_key]
    )
    if newer and not unsaved and view.answer is not None:
        st.session_state[seen_key] = view.answer.version
        st.session_state[last_key] = view.answer.text
        return True
    return False


def _autosave(item: Item, text: str, user: User) -> bool:
    """Save ``text`` as a new answer version when it changed; True when a version was added.

    On a database failure the text is kept in session state, an "unsaved" banner shows and
    the next run (any interaction, or the Retry button) tries again.
    """
    last_key, pending_key = _ss("last", item.id), _ss("pending", item.id)
    if text == st.session_state.get(last_key) and pending_key not in st.session_state:
        return False
    try:
        with resources.get_store().transaction() as s:
            saved = interviews.save_answer(
                s,
                item.id,
                text,
                user.username,
                _editor_id(),
                base_version=int(st.session_state.get(_ss("seen", item.id), 0)),
            )
            version, created = saved.version.version, saved.created
    except (StoreError, InputError) as exc:
        st.session_state[pending_key] = text
        st.session_state[_ss("error", item.id)] = str(exc)
        return False
    st.session_state[last_key] = text
    st.session_state[_ss("seen", item.id)] = version
    st.session_state.pop(pending_key, None)
    st.session_state.pop(_ss("error", item.id), None)
    return created


def _answer_editor(item: Item, view: View, user: User, editable: bool) -> bool:
    """The notes box for the candidate's answer; returns True when a version was saved."""
    plain = bool(st.session_state.get("con_plain_editor", False))
    label = "The candidate's answer (your notes; saved as you type)"
    pending = st.session_state.get(_ss("pending", item.id))
    if plain:
        key = _ss("answer", item.id)
        typed = st.session_state.get(key)
        if _sync_from_store(item, view, typed) or key not in st.session_state:
            st.session_state[key] = (
                pending if pending is not None else st.session_state[_ss("last", item.id)]
            )
        text = st.text_area(label, key=key, height=240, disabled=not editable)
    else:
        key = _ss("live", item.id)
        state = st.session_state.get(key)
        typed = state.get("text") if isinstance(state, Mapping) else None
        rev_key = _ss("rev", item.id)
        if _sync_from_store(item, view, typed):
            st.session_state[rev_key] = int(st.session_state.get(rev_key, 0)) + 1
        start = pending if pending is not None else st.session_state[_ss("last", item.id)]
        result = _live_editor(
            key=key,
            data={"text": start, "rev": st.session_state.get(rev_key, 0), "label": label},
            default={"text": start},
            on_text_change=lambda: None,
        )
        value = result.get("text") if isinstance(result, Mapping) else None
        text = value if isinstance(value, str) else start
    if not editable:
        return False
    return _autosave(item, text, user)


def _save_state(item: Item, view: View) -> None:
    """The visible "saved" / "unsaved" state of the answer notes."""
    error = st.session_state.get(_ss("error", item.id))
    if _ss("pending", item.id) in st.session_state:
        st.warning(
            f"**Unsaved — retrying.** {md(error or '')}. Your text stays on screen and is "
            "saved again at your next action.",
            icon=":material/cloud_off:",
        )
        st.button("Retry now", key=_ss("retry", item.id))
        return
    if view.answer is None:
        st.caption("Nothing typed yet.")
        return
    mine = view.answer.editor == st.session_state.get("con_editor")
    who = "" if mine else f" by {md(view.answer.author)}"
    st.caption(
        f":material/cloud_done: Saved · version {view.answer.version}{who} · "
        f"{local_time(view.answer.created_at)}"
    )
    if view.answer.version > int(st.session_state.get(_ss("seen", item.id), 0)):
        st.warning(
            f"{md(view.answer.author)} saved version {view.answer.version} while you were "
            "typing. Your next change is kept as a new version after theirs; both are kept.",
            icon=":material/group:",
        )


def _show_conflicts(view: View) -> None:
    for unseen, later in view.conflicts[-3:]:
        st.warning(
            f"Edit conflict: version {later.version} by {md(later.author)} was typed without "
            f"seeing version {unseen.version} by {md(unseen.author)}. Both are kept; the later "
            "one is current.",
            icon=":material/warning:",
        )
        with st.expander(f"Compare versions {unseen.version} and {later.version}"):
            left, right = st.columns(2)
            left.caption(f"Version {unseen.version} · {md(unseen.author)}")
            left.text(unseen.text)
            right.caption(f"Version {later.version} · {md(later.author)}")
            right.text(later.text)


# --- scoring --------------------------------------------------------------------------------


def _run_score(bank: Bank, header: Header, item: Item, view: View, user: User) -> None:
    """Score the saved answer and keep the suggestion; says why when it cannot."""
    if _ss("pending", item.id) in st.session_state or view.answer is None:
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
    try:
        score = suggest(scorer, bank, item.question_id, header.level, view.answer.text)
    except UnknownItemError as exc:
        st.warning(f"Not scored: {md(exc)}.")
        return
    try:
        with resources.get_store().transaction() as s:
            current = interviews.current_answer(s, item.id)
            if current is None or current.id != view.answer.id:
                st.warning("The answer changed while scoring; score again.")
                return
            interviews.record_score(s, current, score, user.username)
    except StoreError as exc:
        st.warning(f"The suggestion could not be stored ({md(exc)}); it is shown once below.")
        _show_score(bank, score, view.answer.text)


def _show_score(bank: Bank, score: Score, answer: str) -> None:
    if score.abstained:
        st.warning(f"**Not scored:** {md(score.abstain_reason)}", icon=":material/help:")
    else:
        a, b, c = st.columns(3)
        a.metric("Suggested score", f"{score.score:.1f} / 5")
        b.metric("Band", score.band)
        c.metric(
            "Confidence",
            confidence_label(score.confidence),
            help="A rough guide from the answer's length, how evenly it covers the key points "
            "and any integrity flag; not a probability.",
        )
    if score.integrity_flags:
        words = [
            INTEGRITY_WORDS.get(flag, flag.replace("_", " ")) for flag in score.integrity_flags
        ]
        st.warning(
            "**Integrity flags:** " + "; ".join(md(w) for w in words), icon=":material/flag:"
        )
    for hit in score.red_flags:
        title = (
            bank.misconceptions[hit.misconception].title
            if hit.misconception in bank.misconceptions
            else ""
        )
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


def _score_section(bank: Bank, header: Header, item: Item, view: View, user: User) -> View:
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
    if st.button("Score this answer", key=_ss("score", item.id), type="primary"):
        _run_score(bank, header, item, view, user)
        view = load_view(header.id, item.id)
    if view.score is None:
        st.caption("Not scored yet.")
        return view
    if view.answer is not None and view.score.answer_version_id != view.answer.id:
        st.caption("The answer changed since this suggestion; score again to update it.")
    answer = _answer_text_of(view)
    _show_score(bank, view.score.score, answer)
    return view


def _answer_text_of(view: View) -> str:
    """The text the stored score was computed on (kept, so highlights line up)."""
    if view.answer is not None and view.score is not None:
        if view.score.answer_version_id == view.answer.id:
            return view.answer.text
        with resources.get_store().transaction() as s:
            row = s.get(AnswerVersion, view.score.answer_version_id)
            return row.text if row is not None else view.answer.text
    return view.answer.text if view.answer else ""


# --- rating, notes, navigation --------------------------------------------------------------


def _rating_section(header: Header, item: Item, view: View, user: User) -> View:
    st.subheader("Your rating")
    suggested = view.score.score.score if view.score else None
    current = view.rating.rating if view.rating else None
    rating = st.radio(
        "Final rating (0-5)",
        RATINGS,
        index=RATINGS.index(current) if current is not None else None,
        horizontal=True,
        key=_ss("rating", item.id),
    )
    needed = rating is not None and interviews.needs_reason(rating, suggested)
    reason = st.text_input(
        "Reason for your rating",
        value=view.rating.reason if view.rating else "",
        key=_ss("reason", item.id),
        placeholder="required when you differ from the suggestion by 1 or more",
    )
    if needed:
        st.caption(
            f":orange[A reason is required: your rating differs from the suggested "
            f"{suggested:.1f} by 1 or more.]"
        )
    if st.button("Save rating", key=_ss("rate", item.id)):
        if rating is None:
            st.error("Choose a rating from 0 to 5 first.")
        else:
            try:
                with resources.get_store().transaction() as s:
                    score_row = interviews.latest_score(s, item.id)
                    interviews.rate(s, item.id, int(rating), user.username, reason, score_row)
            except AssessError as exc:
                st.error(md(exc), icon=":material/error:")
            else:
                view = load_view(header.id, item.id)
                st.success(f"Rating {rating} saved.", icon=":material/check:")
    if view.rating is not None:
        why = f" · reason: {md(view.rating.reason)}" if view.rating.reason else ""
        st.caption(f"Saved rating: **{view.rating.rating}** by {md(view.rating.rater)}{why}")
    return view


def _add_note(interview_id: int, item_id: int, author: str) -> None:
    key = _ss("note", item_id)
    try:
        with resources.get_store().transaction() as s:
            interviews.add_note(s, interview_id, author, st.session_state.get(key, ""), item_id)
    except AssessError as exc:
        _flash("error", f"The note was not saved: {exc}")
        return
    st.session_state[key] = ""


def _notes_section(header: Header, item: Item, view: View, user: User) -> None:
    with st.expander(f"Private notes ({len(view.notes)})", expanded=False):
        st.text_area("A private note (not part of the answer)", key=_ss("note", item.id))
        st.button(
            "Add note",
            key=_ss("add_note", item.id),
            on_click=_add_note,
            args=(header.id, item.id, user.username),
        )
        for author, text, created, _question in view.notes:
            st.markdown(f"{md(text)}  \n:gray[{md(author)} · {local_time(created)}]")


def _skip(item: Item, position: int, total: int, actor: str) -> None:
    try:
        with resources.get_store().transaction() as s:
            interviews.set_skipped(s, item.id, item.status != "skipped", actor)
    except AssessError as exc:
        _flash("error", str(exc))
        return
    if item.status != "skipped" and position < total:
        _go(position + 1)


def _add_follow_up(item: Item, position: int, actor: str) -> None:
    key = _ss("follow_up", item.id)
    try:
        with resources.get_store().transaction() as s:
            interviews.add_follow_up(s, item.id, st.session_state.get(key, ""), actor)
    except AssessError as exc:
        _flash("error", str(exc))
        return
    st.session_state[key] = ""
    _go(position + 1)


def _navigation(item: Item, position: int, total: int, user: User) -> None:
    prev, nxt, skip = st.columns(3)
    prev.button(
        "← Previous",
        key="con_prev",
        disabled=position <= 1,
        on_click=_go,
        args=(position - 1,),
        width="stretch",
    )
    nxt.button(
        "Next →",
        key="con_next",
        disabled=position >= total,
        on_click=_go,
        args=(position + 1,),
        width="stretch",
    )
    skip.button(
        "Un-skip" if item.status == "skipped" else "Skip",
        key="con_skip",
        on_click=_skip,
        args=(item, position, total, user.username),
        width="stretch",
    )
    with st.expander("Add a follow-up question"):
        st.text_input("Follow-up question", key=_ss("follow_up", item.id))
        st.button(
            "Add follow-up",
            key=_ss("add_follow_up", item.id),
            on_click=_add_follow_up,
            args=(item, position, user.username),
        )


def _finish(interview_id: int, actor: str) -> None:
    try:
        with resources.get_store().transaction() as s:
            interviews.finish(s, interview_id, actor)
    except AssessError as exc:
        _flash("error", str(exc))


def _reopen(interview_id: int, actor: str) -> None:
    try:
        with resources.get_store().transaction() as s:
            interviews.reopen(s, interview_id, actor)
    except AssessError as exc:
        _flash("error", str(exc))


def _progress(header: Header, items: Sequence[Item], position: int, user: User) -> None:
    with st.sidebar:
        st.markdown(f"**Interview #{header.id}** · {md(header.candidate)} · {header.level}")
        for number, entry in enumerate(items, start=1):
            name = entry.question_id or "follow-up"
            current = " ◀" if number == position else ""
            st.button(
                f"{number}. {STATUS_ICONS.get(entry.status, '')} {name}{current}",
                key=f"con_jump_{number}",
                on_click=_go,
                args=(number,),
                type="tertiary",
            )
        answered = sum(1 for entry in items if entry.status == "answered")
        st.progress(answered / len(items), text=f"{answered} of {len(items)} rated")
        st.button(
            "Finish interview",
            key="con_finish",
            type="primary",
            on_click=_finish,
            args=(header.id, user.username),
        )


@st.fragment(run_every=1)
def _clock(question_start: datetime | None, started: datetime, ended: datetime | None) -> None:
    now = datetime.now(UTC)
    total = (as_utc(ended) if ended else now) - as_utc(started)
    this = (
        clock((now - as_utc(question_start)).total_seconds()) if question_start else "not started"
    )
    st.caption(f":material/timer: This question {this} · Interview {clock(total.total_seconds())}")


def _good_answer(bank: Bank, header: Header, item: Item) -> None:
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


# --- the two views --------------------------------------------------------------------------


def _summary(header: Header, user: User) -> None:
    st.subheader("Summary")
    with resources.get_store().transaction() as s:
        rows = interviews.summary(s, header.id)
    overall = interviews.overall_rating(rows)
    st.metric("Overall rating", f"{overall:.1f} / 5" if overall is not None else "no ratings yet")
    table = pd.DataFrame(
        [
            {
                "position": row.position + 1,
                "question": f"{row.question_id or 'follow-up'}: {row.prompt}",
                "status": row.status,
                "suggested": row.suggested,
                "final rating": row.rating,
                "reason": row.reason,
            }
            for row in rows
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", key="con_summary")
    if header.finished_at is not None:
        st.caption(f"Finished at {local_time(header.finished_at)}.")
    st.button(
        "Reopen the interview",
        key="con_reopen",
        on_click=_reopen,
        args=(header.id, user.username),
    )


def _question(bank: Bank, header: Header, items: list[Item], user: User) -> None:
    try:
        position = int(st.query_params.get("q", "1"))
    except ValueError:
        position = 1
    position = min(max(position, 1), len(items))
    if st.query_params.get("q") != str(position):
        st.query_params["q"] = str(position)
    item = items[position - 1]
    _progress(header, items, position, user)

    label = item.question_id or "Follow-up"
    st.markdown(f"**Question {position} of {len(items)}** · {md(label)} · {item.status}")
    with st.container(border=True):
        st.markdown(f"#### {md(item.prompt)}")
    view = load_view(header.id, item.id)
    _clock(view.first_saved, header.created_at, header.finished_at)
    _good_answer(bank, header, item)

    st.toggle(
        "Plain text box",
        key="con_plain_editor",
        help="Use when the live editor does not load. It saves when you leave the box or "
        "press Ctrl+Enter, instead of as you type.",
    )
    if _answer_editor(item, view, user, editable=True):
        view = load_view(header.id, item.id)
    _save_state(item, view)
    _show_conflicts(view)

    view = _score_section(bank, header, item, view, user)
    view = _rating_section(header, item, view, user)
    _notes_section(header, item, view, user)
    st.divider()
    _navigation(item, position, len(items), user)


def main() -> None:
    """Render the page."""
    st.title("Interview")
    user = require("run_interview")
    raw = st.query_params.get("interview")
    if not raw:
        st.info("No interview is open. Start one, or resume one from your list.")
        st.page_link(SETUP.path, label="New interview", icon=SETUP.icon)
        return
    try:
        header, items = load_interview(int(raw))
    except ValueError:
        st.warning(f"“{md(raw)}” is not an interview id.")
        st.page_link(SETUP.path, label="Back to your interviews", icon=SETUP.icon)
        return
    except UnknownItemError as exc:
        st.warning(md(exc))
        st.page_link(SETUP.path, label="Back to your interviews", icon=SETUP.icon)
        return
    except StoreError as exc:
        st.error(f"The interview cannot be read right now: {md(exc)}. Reload to try again.")
        return
    if not can_see_interview(user, header.interviewer):
        st.error(
            f"Interview #{header.id} belongs to another interviewer; your role "
            f"({user.role}) may open only your own interviews.",
            icon=":material/block:",
        )
        st.page_link(SETUP.path, label="Back to your interviews", icon=SETUP.icon)
        return
    st.caption(
        f"{md(header.candidate)} · {header.level} · interviewer {md(header.interviewer)} · "
        f"{header.status.replace('_', ' ')}"
    )
    _show_flash()
    try:
        if header.status == "finished":
            _summary(header, user)
        else:
            _question(resources.get_bank(), header, items, user)
    except StoreError as exc:  # a read failed mid-page: no exception page, say so
        st.error(f"The database cannot be used right now: {md(exc)}. Your text stays here.")


if __name__ == "__main__":
    # Run the imported module's main, not this exec'd copy, so tests can patch its helpers.
    import assess.ui.interview_console as _page

    _page.main()
