"""filter_questions: every filter on a small bank built from the real one, and the real bank."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from assess.content.bank import Bank, load_bank
from assess.content.models import Question, Rubric
from assess.content.search import filter_questions
from assess.content.stats import bank_stats
from assess.content.vocabulary import ISA95_PARTS, TOPICS


@pytest.fixture(scope="module")
def real_bank() -> Bank:
    return load_bank()


def _ids(questions: list[Question]) -> list[str]:
    return [q.id for q in questions]


@pytest.fixture(scope="module")
def small(real_bank: Bank) -> Bank:
    """Q001 as it is, a plant-only variant Q998 with other tags and text, a retired Q999."""
    q001 = real_bank.question("Q001")
    other_competency = next(
        c.id
        for c in real_bank.competencies.values()
        if c.id != q001.competency and "plant" in c.levels
    )
    other_part = next(p for p in ISA95_PARTS if p not in q001.isa95.parts)
    other_topic = next(t for t in TOPICS if t not in q001.isa95.topics)
    q998 = Question.model_validate(
        {
            "id": "Q998",
            "text": "Which events does an operator record when a batch is put on hold (qtmarker)?",
            "competency": other_competency,
            "levels": ["plant"],
            "difficulty": 3 if q001.difficulty != 3 else 2,
            "minutes": 4,
            "isa95": {"parts": [other_part], "topics": [other_topic]},
            "follow_ups": ["Who may release the held batch afterwards (fumarker)?"],
        }
    )
    plant = real_bank.rubric("Q001", "plant").model_dump()
    plant.update(
        question="Q998",
        key_points=[
            {
                "id": f"point-{n}",
                "text": f"Records the hold reason and who released it, kpmarker {n}.",
                "weight": 1,
                "probe": "What is recorded when a batch is held?",
            }
            for n in range(3)
        ],
    )
    q999 = q001.model_copy(update={"id": "Q999", "retired": True})
    rubrics: dict[tuple[str, str], Rubric] = {
        key: rubric for key, rubric in real_bank.rubrics.items() if key[0] == "Q001"
    }
    rubrics[("Q998", "plant")] = Rubric.model_validate(plant)
    for level in q001.levels:
        rubrics[("Q999", level)] = rubrics[("Q001", level)].model_copy(update={"question": "Q999"})
    return Bank(
        questions=MappingProxyType({"Q001": q001, "Q998": q998, "Q999": q999}),
        rubrics=MappingProxyType(rubrics),  # type: ignore[arg-type]
        competencies=real_bank.competencies,
        misconceptions=real_bank.misconceptions,
    )


def test_no_filter_returns_every_question_in_id_order(small: Bank) -> None:
    assert _ids(filter_questions(small)) == ["Q001", "Q998", "Q999"]


def test_text_matches_question_text_case_insensitively(small: Bank) -> None:
    assert _ids(filter_questions(small, "MOM")) == ["Q001", "Q999"]
    assert _ids(filter_questions(small, "mom")) == ["Q001", "Q999"]
    assert _ids(filter_questions(small, "  QTMarker ")) == ["Q998"]
    assert _ids(filter_questions(small, "q998")) == ["Q998"]


def test_text_matches_follow_ups_and_key_points(small: Bank) -> None:
    assert _ids(filter_questions(small, "fumarker")) == ["Q998"]
    assert _ids(filter_questions(small, "kpmarker")) == ["Q998"]
    q001 = small.question("Q001")
    plain = " ".join((q001.text, *q001.follow_ups)).casefold()
    key_point_words = [
        word
        for point in small.rubric("Q001", "plant").key_points
        for word in point.text.casefold().replace(",", " ").replace(".", " ").split()
        if len(word) > 5 and word not in plain
    ]
    assert key_point_words, "Q001's plant key points add no word of their own"
    assert "Q001" in _ids(filter_questions(small, key_point_words[0]))


def test_every_word_must_occur(small: Bank) -> None:
    assert _ids(filter_questions(small, "qtmarker kpmarker fumarker")) == ["Q998"]
    assert filter_questions(small, "qtmarker MOM") == []
    assert filter_questions(small, "zzqxj") == []


def test_competency_filter(small: Bank) -> None:
    q998 = small.question("Q998")
    assert _ids(filter_questions(small, competencies=[q998.competency])) == ["Q998"]
    both = [q998.competency, small.question("Q001").competency]
    assert _ids(filter_questions(small, competencies=both)) == ["Q001", "Q998", "Q999"]
    assert filter_questions(small, competencies=["no-such-competency"]) == []


def test_level_filter(small: Bank) -> None:
    assert "enterprise" in small.question("Q001").levels
    assert _ids(filter_questions(small, levels=["enterprise"])) == ["Q001", "Q999"]
    assert "Q998" in _ids(filter_questions(small, levels=["plant"]))


def test_difficulty_filter(small: Bank) -> None:
    q998 = small.question("Q998")
    assert _ids(filter_questions(small, difficulties=[q998.difficulty])) == ["Q998"]
    unused = ({1, 2, 3} - {q.difficulty for q in small.questions.values()}).pop()
    assert filter_questions(small, difficulties=[unused]) == []


def test_part_category_and_topic_filters(small: Bank) -> None:
    q001, q998 = small.question("Q001"), small.question("Q998")
    assert _ids(filter_questions(small, parts=q998.isa95.parts)) == ["Q998"]
    assert _ids(filter_questions(small, parts=q001.isa95.parts[:1])) == ["Q001", "Q999"]
    assert _ids(filter_questions(small, topics=q998.isa95.topics)) == ["Q998"]
    # Q998 has no MOM category, so any category filter drops it.
    category = q001.isa95.mom_categories[0]
    assert _ids(filter_questions(small, categories=[category])) == ["Q001", "Q999"]
    unused_topic = next(
        t for t in TOPICS if all(t not in q.isa95.topics for q in small.questions.values())
    )
    assert filter_questions(small, topics=[unused_topic]) == []


def test_filters_combine_with_and(small: Bank) -> None:
    q998 = small.question("Q998")
    assert filter_questions(small, levels=["enterprise"], difficulties=[q998.difficulty]) == []
    assert _ids(filter_questions(small, "qtmarker", levels=["plant"])) == ["Q998"]


def test_retired_questions_can_be_left_out(small: Bank) -> None:
    assert _ids(filter_questions(small, "MOM", include_retired=False)) == ["Q001"]


def test_real_bank(real_bank: Bank) -> None:
    assert "Q001" in _ids(filter_questions(real_bank, "MOM"))
    assert filter_questions(real_bank) == list(real_bank.questions.values())
    stats = bank_stats(real_bank)
    for level in ("plant", "enterprise"):
        found = filter_questions(real_bank, levels=[level], include_retired=False)
        assert all(level in q.levels for q in found)
        # One rubric per active question at that level.
        assert len(found) == stats["levels"][level]
    assert filter_questions(real_bank, "zzqxj no such words") == []
