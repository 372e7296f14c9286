"""Contracts of `grade`, `calibrate` and `eval`: columns, exit codes and outputs."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from assess.scoring import calibration as cal
from assess.scoring.csv_grading import OUTPUT_COLUMNS
from tests.cli import run_cli

QUESTION = "What does a stack do?"
REFERENCE = "A stack stores items last in first out, with push and pop at the top."


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=300)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def graded_rows(count: int) -> list[dict[str, str]]:
    """Ad-hoc answers of mixed quality with a plausible gold score each."""
    answers = [
        ("It keeps items so the last one pushed is the first popped, at the top.", "5"),
        ("Push adds to the top and pop removes the newest item, LIFO order.", "4.5"),
        ("It is a list where you add and remove things at one end.", "3.5"),
        ("A data structure that stores things.", "2"),
        ("It sorts numbers from smallest to largest using a queue.", "0.5"),
        ("Stacks hold elements; removal happens in reverse order of insertion.", "4"),
    ]
    return [
        {
            "question": QUESTION,
            "reference_answer": REFERENCE,
            "answer": answers[i % 6][0],
            "score": answers[i % 6][1],
            "group": f"g{i % 4}",
        }
        for i in range(count)
    ]


def test_missing_answer_column_exits_2(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [{"question": QUESTION, "text": "x"}])
    result = run("grade", str(path), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert "missing column 'answer'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_rubric_columns_exit_2(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [{"answer": "something"}])
    result = run("grade", str(path), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert "question_id" in result.stderr and "question" in result.stderr


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00not,utf8\n\x80\x81")
    assert run("grade", str(path), "-o", str(tmp_path / "o.csv")).returncode == 2
    assert run("grade", str(tmp_path / "absent.csv"), "-o", "o.csv").returncode == 2


def test_calibrate_and_eval_need_gold_scores(tmp_path: Path) -> None:
    rows = [{k: v for k, v in row.items() if k != "score"} for row in graded_rows(3)]
    path = write_csv(tmp_path / "in.csv", rows)
    result = run("calibrate", str(path), "-o", str(tmp_path / "cal.json"))
    assert result.returncode == 2 and "'score'" in result.stderr
    rows = graded_rows(3)
    rows[1]["score"] = "7"
    path = write_csv(tmp_path / "bad_gold.csv", rows)
    result = run("eval", str(path))
    assert result.returncode == 2 and "0 to 5" in result.stderr


@pytest.mark.model
def test_grade_writes_every_input_column_plus_results(tmp_path: Path) -> None:
    rows = [
        {
            "question_id": "Q001",
            "level": "plant",
            "question": "",
            "reference_answer": "",
            "answer": "MOM is Level 3 with production, quality, maintenance and inventory; "
            "our MES ran orders and genealogy, the LIMS lab results.",
        },
        {
            "question_id": "",
            "level": "",
            "question": QUESTION,
            "reference_answer": REFERENCE,
            "answer": "Push puts an item on top and pop takes the newest one off.",
        },
        {
            "question_id": "Q001",
            "level": "plant",
            "question": "",
            "reference_answer": "",
            "answer": "",
        },
    ]
    source = write_csv(tmp_path / "in.csv", rows)
    result = run("grade", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        out = list(csv.DictReader(handle))
    assert list(out[0]) == [*rows[0], *OUTPUT_COLUMNS]
    assert [r["answer"] for r in out] == [r["answer"] for r in rows]
    bank_row, adhoc_row, empty_row = out
    assert 0 <= float(bank_row["score"]) <= 5 and bank_row["abstained"] == "false"
    assert bank_row["covered_key_points"] and bank_row["role_fit"] != ""
    assert 0 <= float(adhoc_row["score"]) <= 5 and adhoc_row["role_fit"] == ""
    assert empty_row["score"] == "" and empty_row["abstained"] == "true"
    assert empty_row["abstain_reason"] == "empty answer"


@pytest.mark.model
def test_grade_unknown_bank_rubric_exits_2(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        [{"question_id": "Q999", "level": "plant", "answer": "anything at all here"}],
    )
    result = run("grade", str(source), "-o", str(tmp_path / "out.csv"))
    assert result.returncode == 2
    assert "row 2" in result.stderr and "Q999" in result.stderr


@pytest.mark.model
def test_calibrate_writes_a_loadable_calibration(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", graded_rows(24))
    result = run("calibrate", str(source), "-o", str(tmp_path / "cal.json"))
    assert result.returncode == 0, result.stderr
    model = cal.load(tmp_path / "cal.json")
    assert model.samples == 24 and model.id.startswith("cal-")


@pytest.mark.model
def test_eval_reports_metrics_and_cross_validates(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", graded_rows(48))
    result = run("eval", str(source), "--json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert {"pearson", "spearman", "rmse", "qwk", "abstain_rate"} <= set(metrics)
    assert metrics["primary_metric"] == "pearson" and metrics["n"] == 48
    assert metrics["pearson"] > 0.5  # the reference-like answers are graded higher
    result = run("eval", str(source), "--cv-by", "group", "--folds", "4", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["n"] == 48
    result = run("eval", str(source), "--cv-by", "nope")
    assert result.returncode == 2 and "nope" in result.stderr
