"""The console's navigation: the sidebar's question list and Finish button, the
Previous / Next / Skip row, typed follow-ups and the running clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.services import console
from assess.services.console import Header, Item
from assess.store.schema import as_utc
from assess.ui import resources
from assess.ui.access import recheck
from assess.ui.answer_editor import state_key
from assess.ui.flash import flash
from assess.ui.markdown import md
from assess.ui.timefmt import clock

STATUS_ICONS = {"pending": "○", "answered": "●", "skipped": "⤼"}


def go(position: int) -> None:
    st.query_params["q"] = str(position)


def attempt(action: Callable[..., Any], *args: Any, failed: str = "") -> bool:
    """Run one console service call from a callback; a failure becomes the next run's flash.

    Callbacks run before the page, so the rights are re-read here first: a user deactivated
    or demoted since the page was drawn writes nothing (the page run then says why).
    """
    if recheck("run_interview") is None:
        return False
    try:
        action(resources.get_store(), *args)
    except AssessError as exc:
        flash(f"{failed}{exc}", "error")
        return False
    return True


def _skip(item: Item, position: int, total: int, actor: str) -> None:
    skipping = item.status != "skipped"
    if attempt(console.set_skipped, item.id, skipping, actor) and skipping and position < total:
        go(position + 1)


def _add_follow_up(item: Item, position: int, actor: str) -> None:
    key = state_key("follow_up", item.id)
    if attempt(console.add_follow_up, item.id, st.session_state.get(key, ""), actor):
        st.session_state[key] = ""
        go(position + 1)


def navigation(item: Item, position: int, total: int, user: User) -> None:
    prev, nxt, skip = st.columns(3)
    prev.button(
        "← Previous",
        key="con_prev",
        disabled=position <= 1,
        on_click=go,
        args=(position - 1,),
        width="stretch",
    )
    nxt.button(
        "Next →",
        key="con_next",
        disabled=position >= total,
        on_click=go,
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
        st.text_input("Follow-up question", key=state_key("follow_up", item.id))
        st.button(
            "Add follow-up",
            key=state_key("add_follow_up", item.id),
            on_click=_add_follow_up,
            args=(item, position, user.username),
        )


def progress(header: Header, items: Sequence[Item], position: int, user: User) -> None:
    with st.sidebar:
        st.markdown(f"**Interview #{header.id}** · {md(header.candidate)} · {header.level}")
        for number, entry in enumerate(items, start=1):
            name = entry.question_id or "follow-up"
            current = " ◀" if number == position else ""
            st.button(
                f"{number}. {STATUS_ICONS.get(entry.status, '')} {name}{current}",
                key=f"con_jump_{number}",
                on_click=go,
                args=(number,),
                type="tertiary",
            )
        answered = sum(1 for entry in items if entry.status == "answered")
        st.progress(answered / len(items), text=f"{answered} of {len(items)} rated")
        st.button(
            "Finish interview",
            key="con_finish",
            type="primary",
            on_click=attempt,
            args=(console.finish, header.id, user.username),
        )


@st.fragment(run_every=1)
def running_clock(
    question_start: datetime | None, started: datetime, ended: datetime | None
) -> None:
    now = datetime.now(UTC)
    total = (as_utc(ended) if ended else now) - as_utc(started)
    this = (
        clock((now - as_utc(question_start)).total_seconds()) if question_start else "not started"
    )
    st.caption(f":material/timer: This question {this} · Interview {clock(total.total_seconds())}")
