"""Only assess/ui/ (and app.py) may import Streamlit; the core and the CLI stay plain Python."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assess"
UI = PACKAGE / "ui"

STREAMLIT_IMPORT = re.compile(r"^\s*(?:import\s+streamlit\b|from\s+streamlit\b)", re.MULTILINE)


def _streamlit_imports(source: str) -> list[str]:
    return [match.group(0).strip() for match in STREAMLIT_IMPORT.finditer(source)]


def test_core_and_cli_import_without_streamlit() -> None:
    code = (
        "import sys\n"
        "import assess, assess.content.bank, assess.content.kits, assess.content.stats\n"
        "import assess.cli\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')\n"
        "assert not loaded, loaded\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import streamlit as st\n", True),
        ("x = 1\n    from streamlit.testing.v1 import AppTest\n", True),
        ("import streamlit_extras\n", False),
        ("# we never import streamlit here\n", False),
        ('"""Only assess.ui imports streamlit."""\n', False),
    ],
)
def test_scanner_recognises_streamlit_imports(source: str, found: bool) -> None:
    assert bool(_streamlit_imports(source)) is found


def test_no_streamlit_import_outside_ui() -> None:
    files = [path for path in sorted(PACKAGE.rglob("*.py")) if UI not in path.parents]
    assert files, f"no Python files found under {PACKAGE}"
    offenders = [
        f"{path.relative_to(ROOT)}: {line}"
        for path in files
        for line in _streamlit_imports(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "streamlit imported outside assess/ui/:\n" + "\n".join(offenders)
