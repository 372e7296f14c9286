"""The console's answer editor: the live textarea component, autosave, and what the
interviewer is told about saving and about edit conflicts.

By default a small ``st.components.v2`` component whose textarea sends its text about 0.6 s
after typing stops (and on leaving the box); every change becomes an append-only answer
version. The "Plain text box" toggle swaps in ``st.text_area`` (it sends on leaving the box or
Ctrl+Enter): for browsers that block the component, and the path AppTest can drive (AppTest
cannot type into a custom component). Both reach the same ``_autosave``.

Per question, session state keeps: ``seen`` (the stored version this tab last adopted),
``last`` (the text last saved or adopted), ``pending`` (text a failed save still holds) and
``error`` (why it failed). A newer version saved elsewhere replaces the on-screen text only
when this tab has nothing unsaved, so nothing typed is overwritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import streamlit as st

from assess.auth.roles import User
from assess.errors import InputError, StoreError
from assess.services import console
from assess.services.console import Item, View
from assess.ui import resources
from assess.ui.markdown import md
from assess.ui.timefmt import local_time

PLAIN_TOGGLE = "con_plain_editor"
LABEL = "The candidate's answer (your notes; saved as you type)"

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
live_editor = st.components.v2.component(
    "assess_answer_editor", html=_EDITOR_HTML, css=_EDITOR_CSS, js=_EDITOR_JS
)


def state_key(name: str, item_id: int) -> str:
    """The session-state key of one console value for one question."""
    return f"con_{name}_{item_id}"


def has_unsaved(item_id: int) -> bool:
    """Whether a failed save still holds text for this question."""
    return state_key("pending", item_id) in st.session_state


def editor_id() -> str:
    """One id per browser tab, so two tabs of one interviewer are told apart."""
    if "con_editor" not in st.session_state:
        st.session_state["con_editor"] = uuid.uuid4().hex
    return str(st.session_state["con_editor"])


def _sync_from_store(item: Item, view: View, typed: str | None) -> bool:
    """Adopt a newer version saved elsewhere when this tab has nothing unsaved.

    Returns True when the on-screen text must be replaced by the stored one.
    """
    seen_key, last_key = state_key("seen", item.id), state_key("last", item.id)
    if seen_key not in st.session_state:
        st.session_state[seen_key] = view.answer.version if view.answer else 0
        st.session_state[last_key] = view.answer.text if view.answer else ""
        return True
    newer = view.answer is not None and view.answer.version > st.session_state[seen_key]
    unsaved = has_unsaved(item.id) or (typed is not None and typed != st.session_state[last_key])
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
    last_key, pending_key = state_key("last", item.id), state_key("pending", item.id)
    if text == st.session_state.get(last_key) and pending_key not in st.session_state:
        return False
    try:
        saved = console.save_answer(
            resources.get_store(),
            item.id,
            text,
            user.username,
            editor_id(),
            base_version=int(st.session_state.get(state_key("seen", item.id), 0)),
        )
    except (StoreError, InputError) as exc:
        st.session_state[pending_key] = text
        st.session_state[state_key("error", item.id)] = str(exc)
        return False
    st.session_state[last_key] = text
    st.session_state[state_key("seen", item.id)] = saved.version
    st.session_state.pop(pending_key, None)
    st.session_state.pop(state_key("error", item.id), None)
    return saved.created


def answer_editor(item: Item, view: View, user: User) -> bool:
    """The notes box for the candidate's answer; returns True when a version was saved."""
    pending = st.session_state.get(state_key("pending", item.id))
    if st.session_state.get(PLAIN_TOGGLE, False):
        key = state_key("answer", item.id)
        typed = st.session_state.get(key)
        if _sync_from_store(item, view, typed) or key not in st.session_state:
            st.session_state[key] = (
                pending if pending is not None else st.session_state[state_key("last", item.id)]
            )
        text = st.text_area(LABEL, key=key, height=240)
    else:
        key = state_key("live", item.id)
        state = st.session_state.get(key)
        typed = state.get("text") if isinstance(state, Mapping) else None
        rev_key = state_key("rev", item.id)
        if _sync_from_store(item, view, typed):
            st.session_state[rev_key] = int(st.session_state.get(rev_key, 0)) + 1
        start = pending if pending is not None else st.session_state[state_key("last", item.id)]
        result = live_editor(
            key=key,
            data={"text": start, "rev": st.session_state.get(rev_key, 0), "label": LABEL},
            default={"text": start},
            on_text_change=lambda: None,
        )
        value = result.get("text") if isinstance(result, Mapping) else None
        text = value if isinstance(value, str) else start
    return _autosave(item, text, user)


def save_state(item: Item, view: View) -> None:
    """The visible "saved" / "unsaved" state of the answer notes."""
    error = st.session_state.get(state_key("error", item.id))
    if has_unsaved(item.id):
        st.warning(
            f"**Unsaved — retrying.** {md(error or '')}. Your text stays on screen and is "
            "saved again at your next action.",
            icon=":material/cloud_off:",
        )
        st.button("Retry now", key=state_key("retry", item.id))
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
    if view.answer.version > int(st.session_state.get(state_key("seen", item.id), 0)):
        st.warning(
            f"{md(view.answer.author)} saved version {view.answer.version} while you were "
            "typing. Your next change is kept as a new version after theirs; both are kept.",
            icon=":material/group:",
        )


def show_conflicts(view: View) -> None:
    """The last three edit conflicts, each with both versions side by side."""
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
