"""Counts over the bank, for `python -m assess bank stats` and the bank browser."""

from __future__ import annotations

from collections import Counter
from typing import Any

from assess.content.bank import Bank
from assess.content.vocabulary import (
    ISA95_PARTS,
    MOM_CATEGORIES,
    QUESTION_STYLES,
    ROLE_LEVELS,
    TOPICS,
)


def bank_stats(bank: Bank) -> dict[str, Any]:
    """Summarise the active questions and their rubrics.

    Returns:
        A JSON-ready dict with ``questions``, ``competencies`` (name -> count), ``levels``
        (level -> number of rubrics), ``both_levels``, ``red_flags`` (distinct misconceptions),
        ``isa95_parts`` (part -> count), ``mom_categories`` (category -> count), ``topics``,
        ``difficulty``, ``misconceptions_uncovered``, ``active`` (non-retired questions, the
        same as ``questions``), ``retired``, ``difficulty_1`` (active questions at
        difficulty 1, enough for a screen), ``behavioural`` (active behavioural questions) and
        ``styles`` (style -> count).
    """
    questions = bank.active_questions()
    active_ids = {q.id for q in questions}
    rubrics = [r for (qid, _), r in bank.rubrics.items() if qid in active_ids]
    flagged = {flag.misconception for rubric in rubrics for flag in rubric.red_flags}
    competencies = Counter(bank.competencies[q.competency].name for q in questions)
    parts = Counter(part for q in questions for part in q.isa95.parts)
    categories = Counter(cat for q in questions for cat in q.isa95.mom_categories)
    topics = Counter(topic for q in questions for topic in q.isa95.topics)
    return {
        "questions": len(questions),
        "rubrics": len(rubrics),
        "competencies": dict(sorted(competencies.items())),
        "levels": {level: sum(r.level == level for r in rubrics) for level in ROLE_LEVELS},
        "both_levels": sum(len(q.levels) == 2 for q in questions),
        "red_flags": len(flagged),
        "misconceptions_uncovered": sorted(set(bank.misconceptions) - flagged, key=_m_order),
        "isa95_parts": {str(part): parts[part] for part in ISA95_PARTS},
        "mom_categories": {cat: categories[cat] for cat in MOM_CATEGORIES},
        "topics": {topic: topics[topic] for topic in TOPICS},
        "difficulty": {str(d): sum(q.difficulty == d for q in questions) for d in (1, 2, 3)},
        "active": len(questions),
        "retired": len(bank.questions) - len(questions),
        "difficulty_1": sum(q.difficulty == 1 for q in questions),
        "behavioural": sum(q.style == "behavioural" for q in questions),
        "styles": {style: sum(q.style == style for q in questions) for style in QUESTION_STYLES},
    }


def _m_order(misconception_id: str) -> int:
    return int(misconception_id[1:])
