"""The database commands (`candidates`, `demo`, `audit`, `purge`, `export-candidate`,
`delete-candidate`, `calibrate --from-db`) against a real SQLite file, and the demo loader."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from assess.content.bank import Bank
from assess.demo.loader import has_sample_data, load_demo
from assess.errors import InputError
from assess.scoring.scorer import Scorer
from assess.store import interviews, people
from assess.store.db import Store
from tests.cli import db_env, run_cli
from tests.fakes import FakeEncoder


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=db_env(db))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database filled by `python -m assess demo` with the real scorer (once per module)."""
    db = tmp_path_factory.mktemp("demo") / "assess.db"
    result = run(db, "demo")
    assert result.returncode == 0, result.stderr
    assert "sample candidates" in result.stdout
    return db


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy for tests that change the database."""
    copy = tmp_path / "assess.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def test_demo_loader_with_fake_encoder(tmp_path: Path, real_bank: Bank) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'a.db'}")
    result = load_demo(store, real_bank, Scorer(FakeEncoder(), None))
    assert result.requisitions == 2 and result.candidates >= 8
    assert result.scored == result.answers > 0
    assert has_sample_data(store)
    with store.transaction() as s:
        candidates = people.candidates(s)
        assert all(c.is_sample and c.name.startswith("Sample Candidate - ") for c in candidates)
        assert {r.level for r in people.requisitions(s)} == {"plant", "enterprise"}
        for candidate in candidates:
            (interview,) = interviews.interviews(s, candidate_id=candidate.id)
            for line in interviews.summary(s, interview.id):
                if line.status == "skipped":
                    continue
                assert line.answer and line.rating is not None
                if interviews.needs_reason(line.rating, line.suggested):
                    assert line.reason
    with pytest.raises(InputError, match="already loaded"):
        load_demo(store, real_bank, Scorer(FakeEncoder(), None))


@pytest.mark.model
def test_candidates_list_contract(demo_db: Path) -> None:
    result = run(demo_db, "candidates", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 8
    assert list(rows[0]) == [
        "id",
        "name",
        "requisition",
        "level",
        "status",
        "overall_rating",
        "role_fit",
    ]
    assert {r["level"] for r in rows} == {"plant", "enterprise"}
    assert all(0 <= r["overall_rating"] <= 5 for r in rows)
    assert all(r["role_fit"] is None or -1 <= r["role_fit"] <= 1 for r in rows)
    table = run(demo_db, "candidates", "list")
    assert rows[0]["name"] in table.stdout


@pytest.mark.model
def test_demo_twice_is_refused_with_exit_2(demo_copy: Path) -> None:
    result = run(demo_copy, "demo")
    assert result.returncode == 2 and "already loaded" in result.stderr


@pytest.mark.model
def test_audit_json_and_csv(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    result = run(demo_db, "audit", "--json", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["n"] >= 8 and report["median"] is not None
    assert out.read_text().splitlines()[0].startswith("dimension,category,n,")


@pytest.mark.model
def test_export_delete_and_purge(demo_copy: Path, tmp_path: Path) -> None:
    as_json, as_zip = tmp_path / "c1.json", tmp_path / "c1.zip"
    assert run(demo_copy, "export-candidate", "1", "-o", str(as_json)).returncode == 0
    tables = json.loads(as_json.read_text())
    assert tables["candidate"][0]["id"] == 1 and tables["answer_versions"]
    assert (
        run(demo_copy, "export-candidate", "1", "--format", "csv", "-o", str(as_zip)).returncode
        == 0
    )
    assert "scores.csv" in zipfile.ZipFile(as_zip).namelist()
    refused = run(demo_copy, "delete-candidate", "1", "--reason", "erasure request")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    deleted = run(demo_copy, "delete-candidate", "1", "--reason", "erasure request", "--yes")
    assert deleted.returncode == 0 and "cand-" in deleted.stdout
    ids = [r["id"] for r in json.loads(run(demo_copy, "candidates", "list", "--json").stdout)]
    assert 1 not in ids
    missing = run(demo_copy, "export-candidate", "1", "-o", str(as_json))
    assert missing.returncode == 2 and "no candidate" in missing.stderr
    purge = run(demo_copy, "purge", "--dry-run", "--json")
    assert purge.returncode == 0 and json.loads(purge.stdout)["dry_run"] is True


@pytest.mark.model
def test_calibrate_from_db_reports_held_out_agreement(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.json"
    result = run(demo_db, "calibrate", "--from-db", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "held-out agreement" in result.stdout and "->" in result.stdout
    assert json.loads(out.read_text())["samples"] >= 20
    neither = run(demo_db, "calibrate", "-o", str(out))
    assert neither.returncode == 2


def test_commands_on_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    listing = run(db, "candidates", "list", "--json")
    assert listing.returncode == 0 and json.loads(listing.stdout) == []
    audit = run(db, "audit")
    assert audit.returncode == 0 and "nothing to audit" in audit.stdout.lower()
    too_few = run(db, "calibrate", "--from-db", "-o", str(tmp_path / "x.json"))
    assert too_few.returncode == 2 and "at least 20" in too_few.stderr


def test_unreachable_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli(
        "candidates",
        "list",
        env={"ASSESS_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"},
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
