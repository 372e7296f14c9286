"""The Streamlit entry point: page setup and navigation, nothing else.

Pages live in ``assess/ui/`` and are listed once in ``assess.ui.PAGES``. Before sign-in only
the public pages (sign-in, instructions for use) are offered; after it, the pages the user's
role allows. Each page checks the role again itself.
"""

from __future__ import annotations

import streamlit as st

from assess.ui import PAGES, SIGN_IN
from assess.ui.access import can, current_user, sidebar_account

st.set_page_config(page_title="ISA-95 Interview Assessment", layout="wide")
user = current_user()
if user is None:
    specs = [SIGN_IN, *(spec for spec in PAGES if spec.public and spec != SIGN_IN)]
else:
    specs = [s for s in PAGES if s != SIGN_IN and (s.action is None or can(s.action))]
pages = [
    st.Page(
        spec.path,
        title=spec.title,
        icon=spec.icon,
        default=spec.default if user else spec == SIGN_IN,
    )
    for spec in specs
]
sidebar_account()
st.navigation(pages).run()
