"""Run the command line as a user would: ``python -m assess ...`` in a child process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(
    *args: str | Path, env: Mapping[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m assess ARGS`` from the repo root, offline, in a bare environment plus
    ``env`` (so no setting of the test process leaks in)."""
    return subprocess.run(
        [sys.executable, "-m", "assess", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", **(env or {})},
        timeout=timeout,
        check=False,
    )


def db_env(db: Path, bank_root: Path | None = None) -> dict[str, str]:
    """The settings that point a command at the SQLite file ``db`` (and a bank snapshot)."""
    env = {"ASSESS_DATABASE_URL": f"sqlite:///{db}"}
    if bank_root is not None:
        env["ASSESS_BANK_DIR"] = str(bank_root / "question_bank")
        env["ASSESS_RUBRICS_DIR"] = str(bank_root / "rubrics")
    return env
