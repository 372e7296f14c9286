"""Speed and memory of the scorer, measured against raw encoding in the same process.

Run by hand: ``.venv/bin/python benchmarks/speed.py [--answers 500]``. Uses Mohler answers
(read in place from ../shared) as realistic text. Reports: grading throughput vs a plain
``SentenceTransformer.encode`` of the same answers, warm single-answer latency against a bank
rubric (median and p95), and peak resident memory. Then the same comparison as a user meets
it, process start included in both: ``python -m assess grade`` on a CSV of the answers against
a script that loads the model and encodes them.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accuracy_mohler import load_rows  # noqa: E402

from assess.content.bank import load_bank  # noqa: E402
from assess.embedding import load_default_encoder  # noqa: E402
from assess.scoring import Scorer, ad_hoc, from_bank  # noqa: E402
from assess.scoring import calibration as cal  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1000)
    args = parser.parse_args()
    frame = load_rows().head(args.answers)
    encoder = load_default_encoder()
    scorer = Scorer(encoder, cal.load())
    rubrics = {
        q: ad_hoc(g["question"].iloc[0], g["reference_answer"].iloc[0], question_id=q)
        for q, g in frame.groupby("question_id")
    }
    items = [
        (a, rubrics[q], None) for a, q in zip(frame["answer"], frame["question_id"], strict=True)
    ]
    answers = frame["answer"].tolist()
    model = encoder.inner._model  # the same loaded model, for the raw baseline

    scorer.score_many(items[:32])  # warm up: rubric embeddings and code paths
    model.encode(answers[:32], batch_size=32)
    raw_times, grade_times = [], []
    for _ in range(3):
        start = time.perf_counter()
        model.encode(answers, batch_size=32, show_progress_bar=False)
        raw_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        scorer.score_many(items)
        grade_times.append(time.perf_counter() - start)
    raw, grade = min(raw_times), min(grade_times)

    bank = load_bank()
    plant, enterprise = from_bank(bank, "Q001", "plant"), from_bank(bank, "Q001", "enterprise")
    answer = bank.rubric("Q001", "plant").exemplars[-1].answer  # about 110 words
    scorer.score(answer, plant, enterprise)
    latencies = []
    for _ in range(50):
        start = time.perf_counter()
        scorer.score(answer, plant, enterprise)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    report = {
        "answers": len(answers),
        "raw_encode_seconds": round(raw, 2),
        "grade_seconds": round(grade, 2),
        "grade_over_raw": round(grade / raw, 2),
        "single_answer_words": len(answer.split()),
        "single_answer_ms_median": round(statistics.median(latencies), 1),
        "single_answer_ms_p95": round(latencies[int(0.95 * len(latencies)) - 1], 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    report.update(_with_process_start(frame))
    print(json.dumps(report, indent=2))
    return 0


RAW_ENCODE = """
import sys, pandas as pd
from assess.embedding import load_default_encoder
answers = pd.read_csv(sys.argv[1])["answer"].tolist()
load_default_encoder().inner._model.encode(answers, batch_size=32, show_progress_bar=False)
"""


def _with_process_start(frame) -> dict:
    """Wall time of ``grade`` on the answers vs a fresh process that only encodes them."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "answers.csv"
        frame[["question_id", "question", "reference_answer", "answer"]].to_csv(source, index=False)
        commands = {
            "raw_encode_process_seconds": [sys.executable, "-c", RAW_ENCODE, str(source)],
            "grade_process_seconds": [
                sys.executable,
                "-m",
                "assess",
                "grade",
                str(source),
                "-o",
                str(Path(tmp) / "o.csv"),
            ],
        }
        out = {}
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            out[name] = round(time.perf_counter() - start, 2)
    out["grade_over_raw_process"] = round(
        out["grade_process_seconds"] / out["raw_encode_process_seconds"], 2
    )
    return out


if __name__ == "__main__":
    sys.exit(main())
