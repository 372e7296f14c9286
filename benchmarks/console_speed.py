"""Console speed on a real SQLite file: autosave latency and the Score button, warm.

Run by hand: ``.venv/bin/python benchmarks/console_speed.py [--saves 500]``. Targets (issue 4):
autosave p95 under 200 ms on SQLite; a typed answer scored and shown in under 1 s warm.
Each autosave is a full transaction with ``synchronous=FULL`` (an fsync per save).

"Shown" is measured twice: the core alone (save, score, store), and the whole console page
rerun that a click on **Score** triggers (Streamlit's AppTest runs the real page script with the
real model: scoring, storing and building every element of the page; the browser's drawing of
it is not included).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.content.bank import load_bank  # noqa: E402
from assess.scoring.suggest import default_scorer, suggest  # noqa: E402
from assess.store import interviews, people  # noqa: E402
from assess.store.db import Store  # noqa: E402

ANSWER = (
    "MOM is the whole of ISA-95 Level 3 across production, quality, maintenance and inventory, "
    "between the ERP at Level 4 and control at Level 2. MES is the production part of it. "
    "At our sites the MES handles orders, dispatching, genealogy and data collection, the LIMS "
    "holds quality results, the CMMS maintenance work orders and the WMS inventory, and we "
    "integrate them with B2MML messages for schedules and performance back to the ERP. "
) * 2


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--scores", type=int, default=30)
    args = parser.parse_args()
    bank = load_bank()
    (ROOT / "data").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=ROOT / "data"))  # the real disk, not a tmpfs
    store = Store.open(f"sqlite:///{folder / 'bench.db'}")
    with store.transaction() as s:
        req = people.create_requisition(s, "Bench", "enterprise", "bench")
        cand = people.create_candidate(s, "Bench Candidate", req.id, "bench")
        interview = interviews.start_interview(s, bank, cand.id, "enterprise", ["Q001"], "bench")
        row_id = interview.questions[0].id

    save_ms = []
    for i in range(1, args.saves + 1):
        text = ANSWER[: 40 + (i * 7) % (len(ANSWER) - 40)] + f" {i}"
        start = time.perf_counter()
        with store.transaction() as s:
            interviews.save_answer(s, row_id, text, "bench", "tab", i - 1)
        save_ms.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    scorer = default_scorer()
    suggest(scorer, bank, "Q001", "enterprise", "warm-up answer about levels three and four")
    load_s = time.perf_counter() - start
    score_ms = []
    for i in range(args.scores):
        text = ANSWER + f" Variant {i}."
        start = time.perf_counter()
        with store.transaction() as s:
            version = interviews.save_answer(s, row_id, text, "bench", "tab", 10_000 + i).version
            score = suggest(scorer, bank, "Q001", "enterprise", text)
            interviews.record_score(s, version, score, "bench")
        score_ms.append((time.perf_counter() - start) * 1000)

    store.dispose()
    page_ms = _page_score_clicks(folder / "bench.db", interview.id, row_id, args.scores)
    shutil.rmtree(folder, ignore_errors=True)
    words = len(ANSWER.split())
    print(
        f"autosave on SQLite (WAL, synchronous=FULL), {args.saves} saves: "
        f"median {statistics.median(save_ms):.1f} ms, p95 {percentile(save_ms, 0.95):.1f} ms, "
        f"max {max(save_ms):.1f} ms (target p95 < 200 ms)"
    )
    print(f"model load + first score: {load_s:.1f} s (once per server)")
    print(
        f"score a {words}-word answer against Q001 (both levels) and store it, warm, "
        f"{args.scores} runs: median {statistics.median(score_ms):.0f} ms, "
        f"p95 {percentile(score_ms, 0.95):.0f} ms (target < 1000 ms)"
    )
    print(
        f"click Score on the console page (whole page rerun, AppTest, warm), "
        f"{len(page_ms)} runs: median {statistics.median(page_ms):.0f} ms, "
        f"p95 {percentile(page_ms, 0.95):.0f} ms (target < 1000 ms)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak memory of this process (model, store, page runs): {peak_mb:.0f} MB")
    return 0


def _page_score_clicks(db: Path, interview_id: int, row_id: int, runs: int) -> list[float]:
    """Time a click on Score, page rerun included, with the app's own cached real scorer."""
    import os

    from streamlit.testing.v1 import AppTest

    from assess.auth.roles import User
    from assess.store import accounts, sign_ins

    os.environ["ASSESS_DATABASE_URL"] = f"sqlite:///{db}"
    # Signed in as the sign-in form does it: the app re-reads the account and the sign-in's
    # token from the store on every run.
    store = Store.open(os.environ["ASSESS_DATABASE_URL"])
    with store.transaction() as s:
        accounts.create_user(s, "bench", "Bench", "admin", "bench-password-1", "bench")
        token = sign_ins.open_sign_in(s, "bench")
    store.dispose()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["auth_user"] = User("bench", "Bench", "admin")
    at.session_state["auth_token"] = token
    at.run()
    at.query_params["interview"] = str(interview_id)
    at.switch_page("assess/ui/interview_console.py").run()
    at.toggle(key="con_plain_editor").set_value(True).run()
    timings = []
    for i in range(runs + 1):  # the first click loads the model: not counted
        at.text_area(key=f"con_answer_{row_id}").input(ANSWER + f" Page variant {i}.").run()
        start = time.perf_counter()
        at.button(key=f"con_score_{row_id}").click().run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception or not at.metric:
            raise SystemExit(f"the console page did not show a score: {at.exception}")
        if i:
            timings.append(elapsed)
    return timings


if __name__ == "__main__":
    raise SystemExit(main())
