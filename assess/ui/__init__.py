"""The Streamlit pages. Only this package and ``app.py`` import streamlit.

``PAGES`` lists every page once; ``app.py`` turns it into the navigation and the smoke test
renders each entry, so a new page is added here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script (relative to the repo root), title and icon."""

    path: str
    title: str
    icon: str
    default: bool = False


HOME = PageSpec("assess/ui/home.py", "Start", ":material/home:", default=True)
BANK = PageSpec("assess/ui/bank_page.py", "Question bank", ":material/menu_book:")

PAGES: tuple[PageSpec, ...] = (HOME, BANK)

# CommonMark's escapable ASCII punctuation, plus ":" (Streamlit's :color[] and :icon: syntax).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md(text: object) -> str:
    """Escape content text for a Streamlit markdown element, so it shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
