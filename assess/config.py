"""Settings read from the environment, each with a default that works on a fresh clone.

Every variable here is documented in the README (a test checks that).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SETTINGS = {
    "ASSESS_BANK_DIR": "question bank folder (questions/, competencies.yaml, misconceptions.yaml)",
    "ASSESS_RUBRICS_DIR": "folder of the rubrics (plant/ and enterprise/)",
    "ASSESS_DATABASE_URL": "SQLAlchemy URL of the database; default a SQLite file under data/",
    "ASSESS_MODEL_PATH": "a local sentence-transformers folder instead of the packaged model",
    "ASSESS_CACHE_DIR": "where rubric embeddings are cached; default data/cache",
    "ASSESS_CALIBRATION": "a calibration JSON file to use instead of the shipped default",
}


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else default


def bank_dir() -> Path:
    return _path("ASSESS_BANK_DIR", PROJECT_ROOT / "question_bank")


def rubrics_dir() -> Path:
    return _path("ASSESS_RUBRICS_DIR", PROJECT_ROOT / "rubrics")


def data_dir() -> Path:
    return PROJECT_ROOT / "data"


def cache_dir() -> Path:
    return _path("ASSESS_CACHE_DIR", data_dir() / "cache")


def model_path() -> Path | None:
    value = os.environ.get("ASSESS_MODEL_PATH", "").strip()
    return Path(value).expanduser() if value else None


def calibration_path() -> Path | None:
    value = os.environ.get("ASSESS_CALIBRATION", "").strip()
    return Path(value).expanduser() if value else None


def database_url() -> str:
    value = os.environ.get("ASSESS_DATABASE_URL", "").strip()
    return value or f"sqlite:///{data_dir() / 'assess.db'}"
