"""Red flags (a misconception asserted) and integrity flags (text that must not earn a score).

A red flag fires on a clause that means the wrong claim, is nearer it than the correction,
asserts it (not negated, not reported as a myth; a double negative reads as an assertion) and
states the claim's numbers. A correct sentence that shares the claim's words, or one that
names the claim to reject it, is not an assertion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assess.embedding import Embedded
from assess.scoring import text as T
from assess.scoring.clauses import Clauses
from assess.scoring.keypoints import own_word_rows
from assess.scoring.result import (
    ADDRESSES_GRADER,
    KEYWORD_STUFFING,
    RESTATES_QUESTION,
    RedFlagHit,
)
from assess.scoring.spec import FlagSpec

CLAIM_SIMILARITY = 0.65  # a clause's cosine with the claim from which it may assert it
CORRECTION_MARGIN = 0.05  # ... and by how much it must be nearer the claim than the correction
DISTINCTIVE = 0.6  # a clause word this close to one of the claim's own words says it
STUFFING_FUNCTION_SHARE = 0.15  # a term list has fewer function words than this
STUFFING_MIN_WORDS = 6


@dataclass(frozen=True)
class PreparedFlag:
    """A red flag's embeddings and the claim's numbers and polarity, computed once."""

    spec: FlagSpec
    claim: np.ndarray
    correction: np.ndarray | None  # the correction's vector and each of its clauses' (rows)
    claim_words: np.ndarray  # the claim's content words' vectors
    correction_words: np.ndarray | None
    distinctive: np.ndarray  # the claim's words the correction does not use: what makes it wrong
    numbers: frozenset[str]
    correction_numbers: frozenset[str]  # numbers the correction states and the claim does not
    negation_parity: int


def prepare_flag(spec: FlagSpec, claim: Embedded, correction: Clauses | None) -> PreparedFlag:
    """``correction``: the correction cut into clauses, so a clause that says what one part of
    it says ("MES is part of MOM") reads as near the correction, not the claim."""
    none: frozenset[str] = frozenset()
    return PreparedFlag(
        spec,
        claim.vector,
        np.vstack([correction.vector, correction.vectors]) if correction else None,
        claim.word_vectors[own_word_rows(claim.words, none)],
        correction.word_vectors[own_word_rows(correction.words, none)] if correction else None,
        claim.word_vectors[
            own_word_rows(
                claim.words,
                frozenset(T.content_stems(spec.correction)) if correction else none,
                fallback=False,
            )
        ],
        frozenset(T.numbers(spec.claim)),
        frozenset(T.numbers(spec.correction) - T.numbers(spec.claim)),
        T.negation_count(spec.claim) % 2,
    )


def _word_closeness(words: np.ndarray, to: np.ndarray | None) -> float:
    """Mean over ``words`` of the closest word's cosine in ``to`` (-1 when there is none)."""
    if to is None or not len(to) or not len(words):
        return -1.0
    return float((words @ to.T).max(axis=1).mean())


def red_flags(clauses: Clauses, flags: tuple[PreparedFlag, ...]) -> list[RedFlagHit]:
    """The misconceptions the answer asserts, each with the clause that asserts it most."""
    hits = []
    for flag in flags:
        to_claim = clauses.vectors @ flag.claim
        to_correction = (
            (clauses.vectors @ flag.correction.T).max(axis=1)
            if flag.correction is not None
            else np.full(len(clauses), -1.0)
        )
        best: RedFlagHit | None = None
        for index, (start, end) in enumerate(clauses.spans):
            clause = clauses.text[start:end]
            similarity = float(to_claim[index])
            if best is not None and similarity <= best.similarity:
                continue
            if _asserts(clause, similarity, float(to_correction[index]), flag) and _worded_as_claim(
                clauses, index, flag
            ):
                best = RedFlagHit(
                    flag.spec.misconception,
                    flag.spec.claim,
                    flag.spec.correction,
                    clause,
                    (start, end),
                    round(similarity, 3),
                )
        if best is not None:
            hits.append(best)
    return hits


def _worded_as_claim(clauses: Clauses, index: int, flag: PreparedFlag) -> bool:
    """The clause's own words are nearer the claim's words than the correction's: a correct
    statement that shares the claim's meaning in the model's eyes still speaks the correction's
    terms ("MES is part of MOM" against "MES and MOM are the same thing")."""
    mine = (clauses.word_clause == index) & np.array(
        [T.is_content(w) for w in clauses.words], dtype=bool
    )
    words = clauses.word_vectors[mine]
    if _word_closeness(words, flag.claim_words) < _word_closeness(words, flag.correction_words):
        return False
    # It must also say something of what makes the claim wrong ("same", "Level 4"), not only
    # name its subject ("MES and MOM are both key pillars of the smart factory").
    if not len(flag.distinctive) or not len(words):
        return True
    return float((words @ flag.distinctive.T).max()) >= DISTINCTIVE


def _asserts(clause: str, to_claim: float, to_correction: float, flag: PreparedFlag) -> bool:
    # A question asserts nothing; a clause without the claim's numbers ("Level 4", "five
    # parts") cannot be asserting it, however close its meaning, nor one that states the
    # correction's own numbers ("maintenance execution is Level 3").
    stated = T.numbers(clause)
    if (
        clause.rstrip().endswith("?")
        or not flag.numbers <= stated
        or stated & flag.correction_numbers
    ):
        return False
    return (
        to_claim >= CLAIM_SIMILARITY
        and to_claim >= to_correction + CORRECTION_MARGIN
        and T.negation_count(clause) % 2 == flag.negation_parity
        and not T.disowns(clause)
    )


def integrity_flags(text: str, question_stems: frozenset[str], shown: bool) -> list[str]:
    """Text addressed to the grader, the question restated with nothing added, a term list."""
    flags = []
    if T.addresses_grader(text):
        flags.append(ADDRESSES_GRADER)
    stems = T.content_stems(text)
    novel = stems - question_stems
    # It restates the question when it adds no word of its own, or adds next to nothing and
    # shows no key point: a short correct answer reuses the question's terms.
    if stems and (not novel or (not shown and len(novel) <= max(2, len(stems) // 5))):
        flags.append(RESTATES_QUESTION)
    # A list of terms with no claim between them; interview notes are terse too, but they
    # relate terms ("MES = exec part", "ERP -> MES").
    words = T.words(text)
    if len(words) >= STUFFING_MIN_WORDS:
        function_share = sum(w in T.STOPWORDS for w in words) / len(words)
        if function_share < STUFFING_FUNCTION_SHARE and T.is_term_list(text):
            flags.append(KEYWORD_STUFFING)
    return flags
