"""Load the sample interviews into the database, scored by the real scorer.

Everything it creates is marked ``is_sample`` and named "SAMPLE - ..." / "Sample Candidate - ...",
so nobody mistakes it for real hiring data; an admin can delete it like any other candidate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assess.content.bank import Bank
from assess.content.yamlio import read_yaml
from assess.errors import InputError
from assess.scoring.scorer import Scorer
from assess.scoring.suggest import rubric_pair
from assess.store import audit, interviews, panel, people
from assess.store.db import Store
from assess.store.schema import Requisition

SAMPLE_FILE = Path(__file__).with_name("sample_interviews.yaml")
ACTOR = "sample.loader"

# progress(done, total, what): called before the first step and after each one, so a caller
# can draw a bar or print a line while the real scorer works (about 12 s on two cores).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DemoResult:
    requisitions: int
    candidates: int
    answers: int
    scored: int


def has_sample_data(store: Store) -> bool:
    with store.transaction() as session:
        query = select(Requisition.id).where(Requisition.is_sample.is_(True)).limit(1)
        return session.scalars(query).first() is not None


def load_demo(
    store: Store,
    bank: Bank,
    scorer: Scorer,
    path: Path = SAMPLE_FILE,
    progress: Progress | None = None,
) -> DemoResult:
    """Fill the database with the sample requisitions, candidates and scored interviews.

    Args:
        progress: told ``(done, total, what)`` before the first step and after each: one
            step per candidate scored, then one for saving everything.

    Raises:
        InputError: the sample data is already loaded.
    """
    if has_sample_data(store):
        raise InputError("the sample data is already loaded (delete its candidates to reload)")
    report = progress or (lambda done, total, what: None)
    content: dict[str, Any] = read_yaml(path)
    levels = {r["key"]: r["level"] for r in content["requisitions"]}
    candidates = content["candidates"]
    total = len(candidates) + 1
    report(0, total, f"scoring the answers of {len(candidates)} sample candidates")
    by_answer: dict[int, Any] = {}
    n_answers = 0
    for done, cand in enumerate(candidates, start=1):
        # One batch per candidate: slower than one batch for all by a little, and it lets the
        # caller show the loader moving.
        answers = [item for item in cand["answers"] if not item.get("skipped")]
        level = levels[cand["requisition"]]
        scores = scorer.score_many(
            [(item["answer"], *rubric_pair(bank, item["question"], level)) for item in answers]
        )
        by_answer.update((id(item), score) for item, score in zip(answers, scores, strict=True))
        n_answers += len(answers)
        report(done, total, f"scored {cand['name']}")
    with store.transaction() as session:
        reqs = {
            r["key"]: people.create_requisition(
                session,
                r["title"],
                r["level"],
                ACTOR,
                site=r.get("site", ""),
                retention_days=r.get("retention_days"),
                panel=r.get("panel", ()),
                is_sample=True,
            )
            for r in content["requisitions"]
        }
        for cand in candidates:
            _load_candidate(session, bank, cand, reqs[cand["requisition"]], by_answer)
        audit.log(session, ACTOR, "demo.load", candidates=len(candidates))
    report(total, total, "saved the sample data")
    return DemoResult(len(reqs), len(candidates), n_answers, len(by_answer))


def _load_candidate(session, bank: Bank, cand: dict, req: Requisition, by_answer: dict) -> None:
    who = cand["interviewer"]
    candidate = people.create_candidate(session, cand["name"], req.id, ACTOR, is_sample=True)
    demo = cand.get("demographics") or {}
    if demo:
        people.record_demographics(
            session, candidate.id, demo.get("sex") or "", demo.get("race_ethnicity") or "", ACTOR
        )
    qids = [item["question"] for item in cand["answers"]]
    interview = interviews.start_interview(session, bank, candidate.id, req.level, qids, who)
    for row, item in zip(interview.questions, cand["answers"], strict=True):
        if item.get("skipped"):
            interviews.set_skipped(session, row.id, True, who)
            continue
        version = interviews.save_answer(session, row.id, item["answer"], who, "sample", 0).version
        stored = interviews.record_score(session, version, by_answer[id(item)], who)
        if item.get("rating") is not None:
            needed = interviews.needs_reason(item["rating"], stored.score)
            reason = (item.get("reason") or "sample interviewer's judgement") if needed else ""
            interviews.rate(session, row.id, int(item["rating"]), who, reason, score=stored)
    interviews.finish(session, interview.id, who)
    if cand.get("shortlisted"):
        people.set_shortlisted(session, candidate.id, True, ACTOR)
    for member, rating in (cand.get("panel_ratings") or {}).items():
        panel.rate_candidate(session, candidate.id, member, int(rating))
    decision = cand.get("decision")
    if decision:
        panel.decide(
            session, candidate.id, decision["decision"], decision["decided_by"], decision["reason"]
        )
