"""The Streamlit entry point: page setup and navigation, nothing else.

Pages live in ``assess/ui/`` and are listed once in ``assess.ui.PAGES``. Every page is
registered, so every URL (an interview's deep link included) resolves; the navigation shows
only the pages the user may open (``assess.ui.navigation``). Signed out, a non-public URL
shows the sign-in form in its place, and signing in reruns the same URL, query included, so
the user lands where they were. Rights are re-read from the store on every run
(``access.refresh``) and each page checks the role again itself.
"""

from __future__ import annotations

import streamlit as st

from assess.ui import SIGN_IN, navigation
from assess.ui.access import refresh, show_notice, sidebar_account
from assess.ui.sign_in_form import show as show_sign_in

st.set_page_config(page_title="ISA-95 Interview Assessment", layout="wide")
user = refresh()  # rights re-read from the store on every run
pages = {
    spec: st.Page(
        spec.path,
        title=spec.title,
        icon=spec.icon,
        default=spec.default if user else spec == SIGN_IN,
        visibility="visible" if shown else "hidden",
    )
    for spec, shown in navigation(user.role if user else None)
}
sidebar_account()
chosen = st.navigation(list(pages.values()))
chosen_spec = next(spec for spec, page in pages.items() if page.url_path == chosen.url_path)
show_notice()
if user is None and not chosen_spec.public:
    show_sign_in()  # in place: the URL and its query stay, so signing in lands here
else:
    chosen.run()
