"""Cached loaders for the pages: the only place for Streamlit caching decorators."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import streamlit as st

from assess import config
from assess.content.bank import Bank, load_bank
from assess.errors import BankError, StoreError
from assess.scoring.scorer import Scorer
from assess.scoring.suggest import default_scorer
from assess.store import Store
from assess.ui import md


def _content_fingerprint() -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every content file, so an edited bank is reloaded."""
    files: list[tuple[str, int, int]] = []
    for folder in (config.bank_dir(), config.rubrics_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".yaml", ".yml"} and path.is_file():
                stat = path.stat()
                files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


@st.cache_data(show_spinner="Loading the question bank...")
def _bank_content(
    bank_dir: str, rubrics_dir: str, fingerprint: tuple[tuple[str, int, int], ...]
) -> tuple[dict[Any, Any], ...]:
    """Validated bank content as plain dicts (``Bank`` holds mapping proxies, which
    ``st.cache_data`` cannot pickle). A ``BankError`` is raised, never cached."""
    del fingerprint  # only part of the cache key
    bank = load_bank(Path(bank_dir), Path(rubrics_dir))
    return (
        dict(bank.questions),
        dict(bank.rubrics),
        dict(bank.competencies),
        dict(bank.misconceptions),
    )


def get_bank() -> Bank:
    """The question bank, cached until a content file changes.

    If the bank does not validate, shows every problem with ``st.error`` and stops the page.
    """
    try:
        questions, rubrics, competencies, misconceptions = _bank_content(
            str(config.bank_dir()), str(config.rubrics_dir()), _content_fingerprint()
        )
    except BankError as exc:
        show_bank_error(exc)
        st.stop()
    return Bank(
        questions=_frozen(questions),
        rubrics=_frozen(rubrics),
        competencies=_frozen(competencies),
        misconceptions=_frozen(misconceptions),
    )


def show_bank_error(exc: BankError) -> None:
    """One error box listing every problem of an invalid bank."""
    noun = "problem" if len(exc.problems) == 1 else "problems"
    lines = [
        f"**The question bank does not validate: {len(exc.problems)} {noun}.** "
        "Fix the files below (or run `python -m assess bank validate`) and reload.",
        "",
        *(f"- {md(problem)}" for problem in exc.problems),
    ]
    st.error("\n".join(lines), icon=":material/error:")


def _frozen(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(mapping)


# The database and the scorer: one per server process, shared by every session. -------------


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store.open(url)


def get_store() -> Store:
    """The app's database (``ASSESS_DATABASE_URL``, else the SQLite file under ``data/``).

    If it cannot be opened, says why and stops the page: nothing else can work without it.
    """
    try:
        return _store(config.database_url())
    except StoreError as exc:
        st.error(f"The database cannot be opened: {md(exc)}", icon=":material/database:")
        st.stop()


@st.cache_resource(show_spinner="Loading the scoring model (once per server)...")
def _scorer(calibration_key: str, calibration_json: str) -> Scorer:
    del calibration_key  # only part of the cache key
    return default_scorer(json.loads(calibration_json) if calibration_json else None)


def get_scorer(calibration_json: dict[str, Any] | None = None) -> Scorer:
    """The scorer, loaded once per server and calibration.

    Raises:
        ModelUnavailableError: no model; the console still saves answers.
        CalibrationError: the adopted calibration is unusable.
    """
    text = json.dumps(calibration_json, sort_keys=True) if calibration_json else ""
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    return _scorer(key, text)
