"""Batched reads: the candidate list, a profile and the panel cost the same number of SQL
statements for 10 candidates as for 50 (no query per candidate, question or rating)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.scoring.result import KeyPointResult, RoleFit, Score
from assess.services import candidates, panel, profile
from assess.store import interviews, people
from assess.store import panel as panel_store
from assess.store.db import Store

RECRUITER = User("rita", "Rita Recruiter", "recruiter")
PANELIST = User("pa", "Pat A", "panel")


def _score(value: float) -> Score:
    point = KeyPointResult("p1", "Point one", 1.0, 0.8, True, "the clause", (4, 14), "Probe?")
    return Score(
        score=value,
        band="competent",
        confidence=0.7,
        abstained=False,
        abstain_reason="",
        covered=(point,),
        missed=(),
        red_flags=(),
        integrity_flags=(),
        role_fit=RoleFit(3.0, 2.0, -0.4, "plant"),
        model_id="fake-model",
        rubric_version="Q001/plant/v1",
        calibration_id="cal-1",
        features={"sim_reference": 0.5},
    )


def _add_candidates(store: Store, bank: Bank, requisition_id: int, count: int) -> list[int]:
    """``count`` shortlisted candidates, each interviewed on two questions (two answer
    versions, two scores and two ratings each), rated by two panel members, with a decision."""
    qids = [q.id for q in bank.active_questions() if "plant" in q.levels][:2]
    ids = []
    with store.transaction() as s:
        for n in range(count):
            cand = people.create_candidate(s, f"Candidate {n}", requisition_id, "rec")
            cand.shortlisted = True
            interview = interviews.start_interview(s, bank, cand.id, "plant", qids, "ivan")
            for item in interview.questions:
                for version in (1, 2):
                    text = f"answer version {version}"
                    saved = interviews.save_answer(s, item.id, text, "ivan", "t", version - 1)
                    row = interviews.record_score(s, saved.version, _score(3.0), "ivan")
                    interviews.rate(s, item.id, 3, "ivan", "", row)
            for member in ("pa", "pb"):
                panel_store.rate_candidate(s, cand.id, member, 3)
            panel_store.decide(s, cand.id, "hold", "Pat A", "wait for the references")
            ids.append(cand.id)
    return ids


@contextmanager
def _counting(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _reads(store: Store, bank: Bank, requisition_id: int, ids: list[int]) -> dict[str, int]:
    calls: dict[str, Callable[[], object]] = {
        "candidate list": lambda: candidates.candidate_rows(store, bank, RECRUITER),
        "profile": lambda: profile.load_profile(store, bank, PANELIST, ids[-1]),
        "panel requisitions": lambda: panel.requisitions(store, PANELIST),
        "panel options": lambda: panel.options(store, PANELIST, requisition_id),
        "panel board": lambda: panel.load_board(store, bank, PANELIST, requisition_id, ids),
    }
    counts = {}
    for name, call in calls.items():
        with _counting(store) as statements:
            assert call()
        counts[name] = len(statements)
    return counts


def test_reads_cost_the_same_statements_for_10_and_50_candidates(
    store: Store, tiny_bank: Bank
) -> None:
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec", panel=["pa", "pb"])
        requisition_id = req.id
    ids = _add_candidates(store, tiny_bank, requisition_id, 10)
    ten = _reads(store, tiny_bank, requisition_id, ids)
    ids += _add_candidates(store, tiny_bank, requisition_id, 40)
    fifty = _reads(store, tiny_bank, requisition_id, ids)
    assert ten == fifty, f"10 candidates: {ten}; 50 candidates: {fifty}"
    assert all(n <= 12 for n in fifty.values()), fifty  # a handful each, not one per row
