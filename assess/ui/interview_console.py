"""Interview page: one question at a time, answer notes that save as you type, the suggested
score with its evidence, the interviewer's final rating, and the summary at the end.

The interview (``?interview=<id>``) and the question (``&q=<n>``, 1-based) are in the URL, so a
refresh or a server restart reopens the same place with everything that was shown as saved.
The answer editor and its autosave live in ``answer_editor``, the scoring section in
``score_panel``; the reads and writes are ``assess.services.console``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.auth.roles import User, can_see_interview
from assess.content.bank import Bank
from assess.errors import AssessError, StoreError, UnknownItemError
from assess.services import console
from assess.services.console import Header, Item, View
from assess.store.interviews import needs_reason
from assess.ui import SETUP, resources
from assess.ui.access import require
from assess.ui.answer_editor import (
    PLAIN_TOGGLE,
    answer_editor,
    save_state,
    show_conflicts,
    state_key,
)
from assess.ui.console_nav import attempt, navigation, progress, running_clock
from assess.ui.coverage_panel import coverage_panel
from assess.ui.flash import show_flash
from assess.ui.markdown import md
from assess.ui.score_panel import good_answer, score_section
from assess.ui.timefmt import local_time

RATINGS = (0, 1, 2, 3, 4, 5)


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
        key=state_key("rating", item.id),
    )
    reason = st.text_input(
        "Reason for your rating",
        value=view.rating.reason if view.rating else "",
        key=state_key("reason", item.id),
        placeholder="required when you differ from the suggestion by 1 or more",
    )
    if rating is not None and needs_reason(rating, suggested):
        st.caption(
            f":orange[A reason is required: your rating differs from the suggested "
            f"{suggested:.1f} by 1 or more.]"
        )
    if st.button("Save rating", key=state_key("rate", item.id)):
        if rating is None:
            st.error("Choose a rating from 0 to 5 first.")
        else:
            try:
                store = resources.get_store()
                console.rate(store, item.id, int(rating), user.username, reason)
                view = console.load_view(store, header.id, item.id)
            except AssessError as exc:
                st.error(md(exc), icon=":material/error:")
            else:
                st.success(f"Rating {rating} saved.", icon=":material/check:")
    if view.rating is not None:
        why = f" · reason: {md(view.rating.reason)}" if view.rating.reason else ""
        st.caption(f"Saved rating: **{view.rating.rating}** by {md(view.rating.rater)}{why}")
    return view


def _add_note(interview_id: int, item_id: int, author: str) -> None:
    key = state_key("note", item_id)
    text = st.session_state.get(key, "")
    if attempt(
        console.add_note, interview_id, item_id, author, text, failed="The note was not saved: "
    ):
        st.session_state[key] = ""


def _notes_section(header: Header, item: Item, view: View, user: User) -> None:
    with st.expander(f"Private notes ({len(view.notes)})", expanded=False):
        st.text_area("A private note (not part of the answer)", key=state_key("note", item.id))
        st.button(
            "Add note",
            key=state_key("add_note", item.id),
            on_click=_add_note,
            args=(header.id, item.id, user.username),
        )
        for note in view.notes:
            st.markdown(
                f"{md(note.text)}  \n:gray[{md(note.author)} · {local_time(note.created_at)}]"
            )


# --- the two views --------------------------------------------------------------------------


def _summary(header: Header, user: User) -> None:
    st.subheader("Summary")
    rows, overall = console.summary(resources.get_store(), header.id)
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
        on_click=attempt,
        args=(console.reopen, header.id, user.username),
    )


def _position(count: int) -> int:
    """The 1-based question number from the URL, clamped (and written back) to a real one."""
    try:
        position = int(st.query_params.get("q", "1"))
    except ValueError:
        position = 1
    position = min(max(position, 1), count)
    if st.query_params.get("q") != str(position):
        st.query_params["q"] = str(position)
    return position


def _question(bank: Bank, header: Header, items: list[Item], user: User) -> None:
    position = _position(len(items))
    item = items[position - 1]
    progress(header, items, position, user)
    store = resources.get_store()

    main, side = st.columns([3, 2], gap="large")
    with main:
        label = item.question_id or "Follow-up"
        st.markdown(f"**Question {position} of {len(items)}** · {md(label)} · {item.status}")
        with st.container(border=True):
            st.markdown(f"#### {md(item.prompt)}")
        view = console.load_view(store, header.id, item.id)
        running_clock(view.first_saved, header.created_at, header.finished_at)
        good_answer(bank, header, item)

        st.toggle(
            "Plain text box",
            key=PLAIN_TOGGLE,
            help="Use when the live editor does not load. It saves when you leave the box or "
            "press Ctrl+Enter, instead of as you type.",
        )
        if answer_editor(item, view, user):
            view = console.load_view(store, header.id, item.id)
        save_state(item, view)
        show_conflicts(view)

        view = score_section(bank, header, item, view, user)
        view = _rating_section(header, item, view, user)
        _notes_section(header, item, view, user)
    with side, st.container(key="con_copilot"):
        coverage_panel(bank, header, item, position, user)
    st.divider()
    navigation(item, position, len(items), user)


def _open(raw: str, user: User) -> tuple[Header, list[Item]] | None:
    """The interview named in the URL, if it exists and ``user`` may open it; else says why."""
    try:
        header, items = console.load_interview(resources.get_store(), int(raw))
    except ValueError:
        st.warning(f"“{md(raw)}” is not an interview id.")
    except UnknownItemError as exc:
        st.warning(md(exc))
    except StoreError as exc:
        st.error(f"The interview cannot be read right now: {md(exc)}. Reload to try again.")
        return None
    else:
        if can_see_interview(user, header.interviewer):
            return header, items
        st.error(
            f"Interview #{header.id} belongs to another interviewer; your role "
            f"({user.role}) may open only your own interviews.",
            icon=":material/block:",
        )
    st.page_link(SETUP.path, label="Back to your interviews", icon=SETUP.icon)
    return None


def main() -> None:
    """Render the page."""
    st.title("Interview")
    user = require("run_interview")
    raw = st.query_params.get("interview")
    if not raw:
        st.info("No interview is open. Start one, or resume one from your list.")
        st.page_link(SETUP.path, label="New interview", icon=SETUP.icon)
        return
    opened = _open(raw, user)
    if opened is None:
        return
    header, items = opened
    st.caption(
        f"{md(header.candidate)} · {header.level} · interviewer {md(header.interviewer)} · "
        f"{header.status.replace('_', ' ')}"
    )
    show_flash()
    try:
        if header.status == "finished":
            _summary(header, user)
        else:
            _question(resources.get_bank(), header, items, user)
    except StoreError as exc:  # a read failed mid-page: no exception page, say so
        st.error(f"The database cannot be used right now: {md(exc)}. Your text stays here.")


if __name__ == "__main__":
    main()
