"""The panel's blind-rating rule, as assess.services.panel applies it (no page involved)."""

from __future__ import annotations

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.services import panel as panel_service
from assess.store import people
from assess.store.db import Store

PA = User("pa", "Pat A", "panel")
PB = User("pb", "Pat B", "panel")
ADMIN = User("ada", "Ada Admin", "admin")


def _two_candidates(store: Store) -> tuple[int, list[int]]:
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec", panel=["pa", "pb"])
        ids = [people.create_candidate(s, name, req.id, "rec").id for name in ("Ada", "Bo")]
        for cid in ids:
            people.get_candidate(s, cid).shortlisted = True
        return req.id, ids


def test_others_ratings_are_hidden_until_the_member_rates(store: Store, tiny_bank: Bank) -> None:
    req, (ada, bo) = _two_candidates(store)
    panel_service.rate(store, PB, ada, 4, "strong")
    panel_service.rate(store, PB, bo, 2, "")

    before = panel_service.load_board(store, tiny_bank, PA, req, [ada, bo])
    assert before.ratings == () and before.rated_by_me == frozenset()
    assert not before.sees_others(ada) and before.compared == []

    panel_service.rate(store, PA, ada, 3, "")
    after = panel_service.load_board(store, tiny_bank, PA, req, [ada, bo])
    seen = {(r.candidate_id, r.member) for r in after.ratings}
    assert seen == {(ada, "pa"), (ada, "pb")}  # Bo's rating by pb stays hidden
    assert after.sees_others(ada) and not after.sees_others(bo)
    assert [r.candidate_id for r in after.compared] == [ada]
    assert after.my_rating(ada, "pa").rating == 3


def test_admin_sees_every_rating_and_decisions_are_listed(store: Store, tiny_bank: Bank) -> None:
    req, (ada, bo) = _two_candidates(store)
    panel_service.rate(store, PB, bo, 2, "")
    panel_service.decide(store, bo, "hold", "Pat B", "Wait for the second interview")
    board = panel_service.load_board(store, tiny_bank, ADMIN, req, [ada, bo])
    assert board.sees_all and {r.candidate_id for r in board.ratings} == {bo}
    assert [r.candidate_id for r in board.compared] == [ada, bo]
    assert [(d.candidate, d.decision) for d in board.decisions] == [("Bo", "hold")]
    assert panel_service.requisitions(store, PA) == {req: "MES Engineer (plant)"}
    assert [o.id for o in panel_service.options(store, PA, req)] == [ada, bo]


def test_a_calibration_from_an_earlier_scorer_is_not_used(store) -> None:
    from assess.services import calibration as team
    from assess.store import settings

    old = {"format": "quadratic-ridge/1", "id": "cal-old", "coef": [1.0]}
    with store.transaction() as s:
        settings.put(s, settings.CALIBRATION, {"json": old, "id": "cal-old"}, actor="admin")
    with store.transaction() as s:
        assert team.adopted_json(s) is None  # the default scores instead
    adopted = team.adopted(store)
    assert adopted is not None and adopted["usable"] is False and adopted["id"] == "cal-old"
