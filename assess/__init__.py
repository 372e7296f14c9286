"""ISA-95 interview assessment toolkit: question bank, scorer, store and analytics.

The core package is plain Python; only ``assess.ui`` imports Streamlit.
"""

from __future__ import annotations

__version__ = "0.1.0"
