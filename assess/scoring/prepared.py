"""Rubrics embedded once and kept per encoder, so every scorer built on one encoder (one per
calibration: the default, a team's refit, each fold of a cross-validation) shares them.

Rubric texts go through the encoder as given, so a ``CachedEncoder`` keeps them on disk across
restarts. Exemplars and the background are cut into clauses and embedded like answers, so
their vectors compare with an answer's on equal terms.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.embedding import Encoder
from assess.scoring import text as T
from assess.scoring.clauses import embed_clauses, unit
from assess.scoring.evidence import Reference
from assess.scoring.flags import PreparedFlag, prepare_flag
from assess.scoring.keypoints import PreparedPoint, own_stems, own_word_rows, prepare_point
from assess.scoring.relevance import Relevance, background_texts
from assess.scoring.spec import ScoringRubric


@dataclass(frozen=True)
class PreparedRubric:
    """A rubric with everything scoring needs embedded."""

    spec: ScoringRubric
    question_stems: frozenset[str]
    points: tuple[PreparedPoint, ...]
    weights: np.ndarray
    reference: Reference
    flags: tuple[PreparedFlag, ...]
    topic: np.ndarray  # unit mean of the reference and key-point vectors: what the level asks
    question: np.ndarray  # the question's own vector
    exemplars: np.ndarray  # each exemplar's vector, as an answer's is made (rows)


class Preparer:
    """Prepared rubrics and the relevance index for one encoder.

    Args:
        encoder: the rubric encoder (wrap it in ``CachedEncoder`` to keep embeddings on disk).
        context: the rubrics an answer is compared with to tell an answer to another
            question; None for the configured bank's active rubrics, loaded on first use.
    """

    def __init__(self, encoder: Encoder, context: Sequence[ScoringRubric] | None = None) -> None:
        self.encoder = encoder
        self._context = context
        self._rubrics: dict[str, PreparedRubric] = {}
        self._relevance: Relevance | None = None

    def rubric(self, spec: ScoringRubric) -> PreparedRubric:
        key = f"{spec.version}:{spec.fingerprint}"
        if key not in self._rubrics:
            self._rubrics[key] = self._prepare(spec)
        return self._rubrics[key]

    def context(self) -> Sequence[ScoringRubric]:
        if self._context is None:
            self._context = _bank_rubrics()
        return self._context

    def relevance(self) -> Relevance:
        if self._relevance is None:
            rubrics = self.context()
            background = [c.vector for c in embed_clauses(self.encoder, background_texts())]
            self._relevance = Relevance.build(
                self.encoder,
                [
                    (r.question_id, r.question, [r.reference] + [p.text for p in r.key_points])
                    for r in rubrics
                ],
                np.array(background),
            )
        return self._relevance

    def rival(self, question_id: str, level: str) -> ScoringRubric | None:
        """The context rubric of that question, at this level when it has one."""
        candidates = [r for r in self.context() if r.question_id == question_id]
        same = [r for r in candidates if r.level == level]
        return (same or candidates or [None])[0]

    def other_level(self, spec: ScoringRubric) -> ScoringRubric | None:
        """The same question's context rubric at another level, if it has one."""
        others = [
            r for r in self.context() if r.question_id == spec.question_id and r.level != spec.level
        ]
        return others[0] if others else None

    def _prepare(self, spec: ScoringRubric) -> PreparedRubric:
        texts = [spec.question, spec.reference] + [p.text for p in spec.key_points]
        texts += [flag.claim for flag in spec.red_flags]
        embedded = self.encoder.embed(texts)
        corrections = iter(
            embed_clauses(self.encoder, [f.correction for f in spec.red_flags if f.correction])
        )
        question, reference = embedded[0], embedded[1]
        point_vectors = embedded[2 : 2 + len(spec.key_points)]
        flag_vectors = embedded[2 + len(spec.key_points) :]
        stems = frozenset(T.content_stems(spec.question))
        return PreparedRubric(
            spec=spec,
            question_stems=stems,
            points=tuple(
                prepare_point(e, p.text, stems)
                for e, p in zip(point_vectors, spec.key_points, strict=True)
            ),
            weights=np.array([p.weight for p in spec.key_points], dtype=np.float32),
            reference=Reference(
                reference.word_vectors[own_word_rows(reference.words, stems)],
                own_stems(spec.reference, stems),
            ),
            flags=tuple(
                prepare_flag(flag, claim, next(corrections) if flag.correction else None)
                for flag, claim in zip(spec.red_flags, flag_vectors, strict=True)
            ),
            topic=unit(np.mean([reference.vector, *[e.vector for e in point_vectors]], axis=0)),
            question=question.vector,
            exemplars=np.array(
                [
                    c.vector
                    for c in embed_clauses(
                        self.encoder, [T.normalize(a)[0] for _, a in spec.exemplars]
                    )
                ]
                or np.zeros((0, len(question.vector)))
            ),
        )


_SHARED: weakref.WeakKeyDictionary[object, Preparer] = weakref.WeakKeyDictionary()


def preparer_for(encoder: Encoder, context: Sequence[ScoringRubric] | None = None) -> Preparer:
    """The encoder's shared preparer (a private one when a context is given)."""
    if context is not None:
        return Preparer(encoder, context)
    if encoder not in _SHARED:
        _SHARED[encoder] = Preparer(encoder)
    return _SHARED[encoder]


def _bank_rubrics() -> list[ScoringRubric]:
    """Every rubric of the configured bank's active questions; none if the bank cannot load
    (scoring an ad-hoc rubric must not fail on a broken bank folder)."""
    from assess.content.bank import load_bank
    from assess.errors import AssessError
    from assess.scoring.spec import from_bank

    try:
        bank = load_bank()
    except AssessError:
        return []
    rubrics = []
    for question in bank.active_questions():
        for level in ("plant", "enterprise"):
            try:
                rubrics.append(from_bank(bank, question.id, level))
            except AssessError:
                continue
    return rubrics
