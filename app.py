"""The Streamlit entry point: page setup and navigation, nothing else.

Pages live in ``assess/ui/`` and are listed once in ``assess.ui.PAGES``.
"""

from __future__ import annotations

import streamlit as st

from assess.ui import PAGES

st.set_page_config(page_title="ISA-95 Interview Assessment", layout="wide")
pages = [
    st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default) for spec in PAGES
]
st.navigation(pages).run()
