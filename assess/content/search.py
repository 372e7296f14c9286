"""Find questions in the bank by text and tags, for the bank browser and kit preparation."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from assess.content.bank import Bank
from assess.content.models import Question


def search_text(bank: Bank, question: Question) -> str:
    """Everything a text search looks at for one question, lower-cased.

    That is the question's id and text, its follow-up probes and the key points of its rubrics.
    """
    parts: list[str] = [question.id, question.text, *question.follow_ups]
    for level in question.levels:
        rubric = bank.rubrics.get((question.id, level))
        if rubric is not None:
            parts.extend(point.text for point in rubric.key_points)
    return "\n".join(parts).casefold()


def filter_questions(
    bank: Bank,
    text: str = "",
    competencies: Collection[str] = (),
    levels: Collection[str] = (),
    difficulties: Collection[int] = (),
    parts: Collection[int] = (),
    categories: Collection[str] = (),
    topics: Collection[str] = (),
    *,
    include_retired: bool = True,
) -> list[Question]:
    """The questions that match every given filter, in id order.

    An empty filter does not restrict. Within one filter any listed value matches (a question
    tagged with part 2 or part 3 matches ``parts=(2, 3)``); different filters must all match.

    Args:
        bank: the loaded question bank.
        text: words to look for, case-insensitive; every word must occur somewhere in the
            question's id, text, follow-ups or rubric key points.
        competencies: competency ids.
        levels: role levels (``plant``, ``enterprise``) the question is asked at.
        difficulties: difficulty values 1-3.
        parts: ISA-95 part numbers 1-8.
        categories: MOM categories (``production``, ``maintenance``, ``quality``, ``inventory``).
        topics: topic tags such as ``b2mml`` or ``iec-62443``.
        include_retired: whether retired questions can match.

    Returns:
        The matching questions; an empty list when nothing matches.
    """
    terms = text.casefold().split()
    found: list[Question] = []
    for question in bank.questions.values():
        if question.retired and not include_retired:
            continue
        tags = question.isa95
        if not (
            _any(competencies, (question.competency,))
            and _any(levels, question.levels)
            and _any(difficulties, (question.difficulty,))
            and _any(parts, tags.parts)
            and _any(categories, tags.mom_categories)
            and _any(topics, tags.topics)
        ):
            continue
        if terms:
            haystack = search_text(bank, question)
            if not all(term in haystack for term in terms):
                continue
        found.append(question)
    return found


def _any(wanted: Collection[object], present: Iterable[object]) -> bool:
    """True when no value is wanted, or one of ``present`` is among them."""
    if not wanted:
        return True
    wanted_set = set(wanted)
    return any(value in wanted_set for value in present)
