"""Text limits: one set of named constants; a text over its limit is refused, never cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assess import limits
from assess.content.bank import Bank
from assess.errors import InputError
from assess.store import interviews, panel, people, rights
from assess.store.db import Store
from assess.store.schema import Candidate, Decision, Note, PanelRating, Rating

ROOT = Path(__file__).resolve().parents[1]
TOO_LONG = r"{} is too long \({} characters; the limit is {}\)"


def _setup(store: Store, bank: Bank) -> tuple[int, int, int]:
    """A candidate with an interview of one question: (candidate, interview, question) ids."""
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec", panel=["pa"])
        cand = people.create_candidate(s, "Ada Lovelace", req.id, "rec")
        qid = next(q.id for q in bank.active_questions() if "plant" in q.levels)
        interview = interviews.start_interview(s, bank, cand.id, "plant", [qid], "ivan")
        return cand.id, interview.id, interview.questions[0].id


def _count(store: Store, table: type) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_too_long_rating_reason_is_refused_and_nothing_is_stored(
    store: Store, real_bank: Bank
) -> None:
    _, _, item = _setup(store, real_bank)
    long = "x" * (limits.RATING_REASON_CHARS + 1)
    with (
        pytest.raises(
            InputError, match=TOO_LONG.format("the reason for a rating", "2,001", "2,000")
        ),
        store.transaction() as s,
    ):
        interviews.rate(s, item, 3, "ivan", long)
    assert _count(store, Rating) == 0
    with store.transaction() as s:  # exactly at the limit is kept whole
        interviews.rate(s, item, 3, "ivan", "y" * limits.RATING_REASON_CHARS)
    with store.transaction() as s:
        assert interviews.latest_rating(s, item).reason == "y" * limits.RATING_REASON_CHARS


def test_too_long_panel_comment_and_decision_reason_are_refused(
    store: Store, real_bank: Bank
) -> None:
    cand, _, _ = _setup(store, real_bank)
    comment = "c" * (limits.PANEL_COMMENT_CHARS + 1)
    with (
        pytest.raises(InputError, match=TOO_LONG.format("a panel comment", "2,001", "2,000")),
        store.transaction() as s,
    ):
        panel.rate_candidate(s, cand, "pa", 4, comment)
    reason = "r" * (limits.DECISION_REASON_CHARS + 1)
    with (
        pytest.raises(
            InputError, match=TOO_LONG.format("the reason for a decision", "4,001", "4,000")
        ),
        store.transaction() as s,
    ):
        panel.decide(s, cand, "advance", "Pat Panel", reason)
    assert _count(store, PanelRating) == 0 and _count(store, Decision) == 0
    with store.transaction() as s:
        assert people.get_candidate(s, cand).status == "interviewing"  # unchanged


def test_other_texts_over_their_limit_are_refused(store: Store, real_bank: Bank) -> None:
    cand, interview, item = _setup(store, real_bank)
    with pytest.raises(InputError, match="a note is too long"), store.transaction() as s:
        interviews.add_note(s, interview, "ivan", "n" * (limits.NOTE_CHARS + 1))
    with (
        pytest.raises(InputError, match="follow-up question is too long"),
        store.transaction() as s,
    ):
        interviews.add_follow_up(s, item, "f" * (limits.FOLLOW_UP_CHARS + 1), "ivan")
    with pytest.raises(InputError, match="e-mail address is too long"), store.transaction() as s:
        req = people.requisitions(s)[0]
        people.create_candidate(s, "Bo", req.id, "rec", email="e" * 201)
    with pytest.raises(InputError, match="deletion is too long"), store.transaction() as s:
        rights.delete_candidate(s, cand, "ada", "d" * (limits.DELETE_REASON_CHARS + 1))
    assert _count(store, Note) == 0 and _count(store, Candidate) == 1


def test_no_store_or_service_module_cuts_a_text_to_a_number() -> None:
    """A slice such as ``reason[:2000]`` is a silent cut; limits are checked instead."""
    cut = re.compile(r"\w+(\.\w+\(\))*\[:\d[\d_]*\]")
    found = []
    for folder in ("store", "services", "reports"):
        for path in sorted((ROOT / "assess" / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if cut.search(line) and ("reason" in line or "comment" in line or "text" in line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, found
