"""A message that survives one rerun: set it in a callback or before ``st.rerun``, and the
page shows it once at the top of its next run."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from assess.ui.markdown import md

_KEY = "ui_flash"
Kind = Literal["success", "error", "warning"]


def flash(message: str, kind: Kind = "success", *, rerun: bool = False) -> None:
    """Keep ``message`` for the next run; ``rerun`` starts that run now (not in a callback)."""
    st.session_state[_KEY] = (kind, message)
    if rerun:
        st.rerun()


def show_flash() -> None:
    """Show and forget the kept message, if any."""
    kind, message = st.session_state.pop(_KEY, ("", ""))
    if kind == "error":
        st.error(md(message), icon=":material/error:")
    elif kind == "warning":
        st.warning(md(message), icon=":material/warning:")
    elif kind == "success":
        st.success(md(message), icon=":material/check:")
