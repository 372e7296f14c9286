"""Score an answer against a rubric: a 0-5 suggestion with evidence, or an abstention.

Pipeline (design.md section 5): guards on the raw text; one embedding pass over the answer;
key-point coverage with the best-matching clause as evidence; red flags that fire only on an
asserted misconception; the calibration maps features to 0-5; the rubric's anchored
exemplars correct the scale for that rubric; integrity flags cap the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

from assess.embedding import Embedded, Encoder
from assess.scoring import altitude
from assess.scoring import text as T
from assess.scoring.features import (
    PreparedText,
    content_rows,
    feature_vector,
    prepare,
    recall,
    similarity_matrix,
)
from assess.scoring.relevance import Relevance, Verdict, background_texts
from assess.scoring.result import (
    ADDRESSES_GRADER,
    BARELY_ON_TOPIC,
    EVIDENCE_NOTES,
    KEYWORD_STUFFING,
    NO_KEY_POINT,
    RESTATES_QUESTION,
    TRUNCATED,
    KeyPointResult,
    RedFlagHit,
    RoleFit,
    Score,
    band_of,
)
from assess.scoring.shorthand import spell_out
from assess.scoring.spec import AD_HOC_LEVEL, ScoringRubric

if TYPE_CHECKING:  # calibration imports the feature names from this package
    from assess.scoring.calibration import Calibration


@dataclass(frozen=True)
class ScoringConfig:
    """Thresholds of the scorer. Defaults suit the packaged MiniLM model."""

    min_content_words: int = 3
    cover_low: float = 0.45  # key-point alignment that counts as no coverage at all
    cover_high: float = 0.75  # ... and as full coverage
    cover_threshold: float = 0.45  # coverage from which a key point counts as shown
    sentence_cover_low: float = 0.4  # clause-to-key-point cosine that counts as no coverage
    sentence_cover_high: float = 0.7  # ... and as full coverage
    clause_cover_low: float = 0.45  # a clause embedded on its own: cosine that counts as none
    clause_cover_high: float = 0.7  # ... and as full coverage
    flag_similarity: float = 0.6
    flag_margin: float = 0.02
    clause_flag_similarity: float = 0.7  # the clause embedded on its own, against the claim
    flag_penalty: float = 1.0
    integrity_cap: float = 1.5
    misconception_cap: float = 1.5  # an asserted misconception holds the suggestion here
    no_evidence_cap: float = 1.0  # no key point shown: at most this, whatever else matches
    reference_shown: float = 0.35  # ad hoc: whole-answer cosine with the reference that shows it
    topic_floor: float = 0.25  # below this cosine with the question's topic: off-topic
    # Nearer the question than the background by less than this: matches are not evidence.
    # The bank's off-topic texts reach 0.08, its good exemplars start at 0.09 (0.5th pct.).
    relevance_margin: float = 0.09
    rival_margin: float = 0.08  # another question's topic nearer by this: a different question
    rival_evidence_margin: float = (
        0.25  # ... when a point is shown: its points shown this much better
    )
    anchor_shrinkage: float = 0.5
    exemplar_share: float = 0.5  # weight of the nearest-exemplar estimate in a bank rubric
    exemplar_temperature: float = 0.03
    stuffing_stopword_ratio: float = 0.15
    stuffing_min_words: int = 6
    bar_min_exemplar_score: int = 3  # a level's bar: its exemplars from this score up
    role_fit_min_gap: float = 0.05  # smallest altitude gap between the two bars (cosine units)
    role_fit_tilt: float = 0.5  # how far a question's axis leans to the generic one (altitude.py)


@dataclass(frozen=True)
class _PreparedFlag:
    """A red flag's embeddings and the claim's numbers and polarity, computed once."""

    claim: Embedded
    correction: Embedded | None
    numbers: frozenset[str]
    negation_parity: int


@dataclass
class _PreparedRubric:
    spec: ScoringRubric
    question_stems: frozenset[str]
    reference: PreparedText
    points: list[PreparedText]
    flags: list[_PreparedFlag]
    centroid: np.ndarray  # unit mean of the reference and key-point vectors: what the level asks
    question: np.ndarray  # the question's own vector: a short reference leaves it the topic
    exemplar_vectors: np.ndarray | None = None
    anchor: tuple[float, float, float] | None = None


@dataclass
class _Draft:
    """Intermediate results for one answer against one rubric."""

    raw: float
    features: dict[str, float]
    coverage: list[float]
    point_results: list[KeyPointResult]
    hits: list[RedFlagHit] = field(default_factory=list)


class Scorer:
    """Scores answers with one encoder and one calibration. Deterministic.

    Args:
        encoder: embeds texts; rubric texts go through it (cache it with ``CachedEncoder``),
            answers go to ``encoder.inner`` when there is one, so answers are never cached.
        calibration: maps features to 0-5.
        config: thresholds.
        context: the rubrics an answer is also compared with, to tell an answer to another
            question; by default the configured bank's active rubrics.
    """

    def __init__(
        self,
        encoder: Encoder,
        calibration: Calibration | None,
        config: ScoringConfig | None = None,
        context: Sequence[ScoringRubric] | None = None,
    ) -> None:
        self.encoder = encoder
        self._answer_encoder: Encoder = getattr(encoder, "inner", encoder)
        self.calibration = calibration
        self.config = config or ScoringConfig()
        self._rubrics: dict[str, _PreparedRubric] = {}
        self._generic_axis: np.ndarray | None = None
        self._context = context  # None: the configured bank's active rubrics, loaded on use
        self._relevance: Relevance | None = None

    def __repr__(self) -> str:
        return (
            f"Scorer(model={self.encoder.model_id!r}, calibration={self._calibration_id!r}, "
            f"config={self.config!r})"
        )

    # Public API -------------------------------------------------------------------------

    def score(
        self, answer: str, rubric: ScoringRubric, other_level: ScoringRubric | None = None
    ) -> Score:
        """Score one answer. ``other_level`` is the same question's rubric at the other level,
        used for role fit."""
        return self.score_many([(answer, rubric, other_level)])[0]

    def score_many(
        self, items: Sequence[tuple[str, ScoringRubric, ScoringRubric | None]]
    ) -> list[Score]:
        """Score many answers with one batched embedding pass."""
        cleaned = [T.normalize(answer) for answer, _, _ in items]
        results: list[Score | None] = [None] * len(items)
        to_embed: list[int] = []
        for index, ((text, _cut), (_, rubric, _)) in enumerate(zip(cleaned, items, strict=True)):
            reason = self._abstain_before_model(text)
            if reason:
                results[index] = self._abstention(rubric, reason, ())
            else:
                to_embed.append(index)
        texts = [cleaned[i][0] for i in to_embed]
        embedded = self._answer_encoder.embed(texts)
        clauses = _clause_vectors(self._answer_encoder, texts, embedded)
        with _small_matrices():
            for index, answer, own_clauses in zip(to_embed, embedded, clauses, strict=True):
                text, cut = cleaned[index]
                _, rubric, other = items[index]
                results[index] = self._score_embedded(text, cut, answer, own_clauses, rubric, other)
        return [result for result in results if result is not None]

    def features_many(
        self, items: Sequence[tuple[str, ScoringRubric]]
    ) -> list[dict[str, float] | None]:
        """The calibration's inputs per answer, None where the scorer would abstain."""
        cleaned = [T.normalize(answer)[0] for answer, _ in items]
        keep = [i for i, text in enumerate(cleaned) if not self._abstain_before_model(text)]
        out: list[dict[str, float] | None] = [None] * len(items)
        embedded = self._answer_encoder.embed([cleaned[i] for i in keep])
        with _small_matrices():
            for index, answer in zip(keep, embedded, strict=True):
                prepared = self._prepare(items[index][1])
                draft = self._draft(cleaned[index], answer, prepared)
                shown = self._shown(answer, prepared, draft)
                if not self._abstain_after_model(cleaned[index], shown):
                    out[index] = draft.features
        return out

    @property
    def _calibration_id(self) -> str:
        return self.calibration.id if self.calibration else "uncalibrated"

    # Steps ------------------------------------------------------------------------------

    def _abstain_before_model(self, text: str) -> str:
        if not text:
            return "empty answer"
        if not any(T.is_content(w) for w in T.words(text)):
            return "no content words to judge"
        return ""

    def _abstain_after_model(self, text: str, shown: bool) -> str:
        """Too short or matching nothing; an answer that shows what the rubric asks is judged
        however short it is."""
        if shown:
            return ""
        content = sum(T.is_content(w) for w in T.words(text))
        if content < self.config.min_content_words:
            return f"too short to judge ({content} content words); ask the candidate to expand"
        return ""

    def _shown(self, answer: Embedded, rubric: _PreparedRubric, draft: _Draft) -> bool:
        """Whether the answer shows anything this rubric asks for: a key point, or, on a rubric
        with no anchored exemplars (ad hoc), an answer that as a whole says what the reference
        says in other words (its sentences are the key points, and short answers rephrase)."""
        if any(p.covered for p in draft.point_results):
            return True
        if rubric.spec.exemplars:
            return False
        return float(answer.vector @ rubric.reference.embedded.vector) >= (
            self.config.reference_shown
        )

    def _verdict(self, answer: Embedded, rubric: _PreparedRubric) -> Verdict:
        """How near the answer is to this question, the nearest other one and the background."""
        verdict = self._relevance_index().judge(
            answer.vector, rubric.centroid, rubric.spec.question_id
        )
        # About the question's own words counts as about the question (the pasted question is
        # an integrity flag, not an off-topic answer).
        return replace(verdict, own=max(verdict.own, float(answer.vector @ rubric.question)))

    def _irrelevant(
        self,
        text: str,
        answer: Embedded,
        clauses: np.ndarray,
        rubric: _PreparedRubric,
        draft: _Draft,
        shown: bool,
        verdict: Verdict,
    ) -> str:
        """Why the answer is not an answer to this question, or "".

        Off-topic when it is nearer the background than the question. With no key point shown,
        also when it is far from the question, and a different question when another
        question's topic is clearly nearer. With a point shown, a different question only when
        another question is nearer and its own key points are shown better.
        """
        # An ad-hoc rubric's question is rarely in the bank, so the bank is no rival for it.
        nearer = (
            rubric.spec.level != AD_HOC_LEVEL
            and bool(verdict.rival)
            and (verdict.rival_similarity > verdict.own + self.config.rival_margin)
        )
        # Nearer the background than the question is off-topic even with a point matched:
        # no good exemplar or interview note in the bank is (benchmarks/properties.py).
        if verdict.background >= verdict.own:
            return "off-topic: the answer is not about this question"
        if not shown:
            if verdict.own < self.config.topic_floor:
                return "off-topic: the answer is not about this question"
            return f"this answers a different question ({_describe(verdict)})" if nearer else ""
        if nearer and verdict.rival is not None:
            rival = self._rival_rubric(verdict.rival.question_id, rubric.spec.level)
            if rival is not None:
                theirs = self._draft(text, answer, self._prepare(rival), clauses)
                if max(theirs.coverage) > max(draft.coverage) + self.config.rival_evidence_margin:
                    return f"this answers a different question ({_describe(verdict)})"
        return ""

    def _rival_rubric(self, question_id: str, level: str) -> ScoringRubric | None:
        """The context rubric of that question, at this level when it has one."""
        candidates = [r for r in self._context_rubrics() if r.question_id == question_id]
        same = [r for r in candidates if r.level == level]
        return (same or candidates or [None])[0]

    def _context_rubrics(self) -> Sequence[ScoringRubric]:
        if self._context is None:
            self._context = _bank_rubrics()
        return self._context

    def _relevance_index(self) -> Relevance:
        if self._relevance is None:
            context = self._context_rubrics()
            self._relevance = Relevance.build(
                self.encoder,
                [
                    (r.question_id, r.question, [r.reference] + [p.text for p in r.key_points])
                    for r in context
                ],
                background_texts(),
            )
        return self._relevance

    def _abstention(self, rubric: ScoringRubric, reason: str, flags: tuple[str, ...]) -> Score:
        return Score(
            score=None,
            band="not scored",
            confidence=0.0,
            abstained=True,
            abstain_reason=reason,
            covered=(),
            missed=(),
            red_flags=(),
            integrity_flags=flags,
            role_fit=None,
            model_id=self.encoder.model_id,
            rubric_version=rubric.version,
            calibration_id=self._calibration_id,
        )

    def _score_embedded(
        self,
        text: str,
        cut: bool,
        answer: Embedded,
        clauses: np.ndarray,
        rubric: ScoringRubric,
        other: ScoringRubric | None,
    ) -> Score:
        prepared = self._prepare(rubric)
        draft = self._draft(text, answer, prepared, clauses)
        shown = self._shown(answer, prepared, draft)
        flags = self._integrity_flags(text, prepared, shown)
        if cut:
            flags.append(TRUNCATED)
        reason = self._abstain_after_model(text, shown)
        verdict = None
        if not reason:
            verdict = self._verdict(answer, prepared)
            reason = self._irrelevant(text, answer, clauses, prepared, draft, shown, verdict)
        if reason or verdict is None:
            return self._abstention(rubric, reason, tuple(flags))
        # Barely nearer the question than off-topic text: what it matched is not evidence.
        barely = verdict.own - verdict.background < self.config.relevance_margin
        if not shown:
            flags.append(NO_KEY_POINT)
        elif barely:
            flags.append(BARELY_ON_TOPIC)
        final = self._capped(prepared, draft, answer, flags)
        role_fit = None
        if other is not None:
            # The other level's score goes through the same caps, so a role-fit pair reads the
            # same whichever level was asked.
            other_prepared = self._prepare(other)
            other_draft = self._draft(text, answer, other_prepared, clauses)
            other_shown = self._shown(answer, other_prepared, other_draft)
            other_flags = self._integrity_flags(text, other_prepared, other_shown)
            if not other_shown:
                other_flags.append(NO_KEY_POINT)
            elif barely:  # relevance is the answer's, whichever level is asked
                other_flags.append(BARELY_ON_TOPIC)
            other_score = self._capped(other_prepared, other_draft, answer, other_flags)
            role_fit = self._role_fit(answer, final, prepared, other_score, other_prepared)
        return Score(
            score=final,
            band=band_of(final),
            confidence=self._confidence(answer, draft, flags),
            abstained=False,
            abstain_reason="",
            covered=tuple(p for p in draft.point_results if p.covered),
            missed=tuple(p for p in draft.point_results if not p.covered),
            red_flags=tuple(draft.hits),
            integrity_flags=tuple(flags),
            role_fit=role_fit,
            model_id=self.encoder.model_id,
            rubric_version=rubric.version,
            calibration_id=self._calibration_id,
            features={k: round(v, 4) for k, v in draft.features.items()},
        )

    def _capped(
        self, rubric: _PreparedRubric, draft: _Draft, answer: Embedded, flags: list[str]
    ) -> float:
        """The anchored score held under what the evidence allows."""
        final = self._anchored(rubric, draft.raw, answer)
        if any(flag in EVIDENCE_NOTES for flag in flags):
            final = min(final, self.config.no_evidence_cap)
        if draft.hits:
            final = min(final, self.config.misconception_cap)
        if any(flag != TRUNCATED and flag not in EVIDENCE_NOTES for flag in flags):
            final = min(final, self.config.integrity_cap)
        return round(float(np.clip(final, 0.0, 5.0)), 1)

    def _prepare(self, rubric: ScoringRubric) -> _PreparedRubric:
        key = f"{rubric.version}:{rubric.fingerprint}"
        if key in self._rubrics:
            return self._rubrics[key]
        texts = [rubric.reference] + [p.text for p in rubric.key_points]
        for flag in rubric.red_flags:
            texts += [flag.claim, flag.correction or flag.claim]
        embedded = self.encoder.embed([*texts, rubric.question])
        question = embedded.pop()
        q_stems = frozenset(T.content_stems(rubric.question))
        reference = prepare(embedded[0], rubric.reference, q_stems)
        points = [
            prepare(e, p.text, q_stems)
            for e, p in zip(embedded[1:], rubric.key_points, strict=False)
        ]
        flag_vectors = embedded[1 + len(points) :]
        flags = [
            _PreparedFlag(
                claim=flag_vectors[2 * i],
                correction=flag_vectors[2 * i + 1] if flag.correction else None,
                numbers=frozenset(T.numbers(flag.claim)),
                negation_parity=T.negation_count(flag.claim) % 2,
            )
            for i, flag in enumerate(rubric.red_flags)
        ]
        centroid = np.mean([e.vector for e in embedded[: 1 + len(points)]], axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        prepared = _PreparedRubric(
            rubric, q_stems, reference, points, flags, centroid, question.vector
        )
        answers = [answer for _, answer in rubric.exemplars]
        exemplars = self.encoder.embed(answers) if answers else []
        if exemplars:
            prepared.exemplar_vectors = np.array([e.vector for e in exemplars])
        if self.calibration is not None:
            prepared.anchor = self._fit_anchor(prepared, exemplars)
        self._rubrics[key] = prepared
        return prepared

    def _draft(
        self,
        text: str,
        answer: Embedded,
        rubric: _PreparedRubric,
        clauses: np.ndarray | None = None,
    ) -> _Draft:
        """``clauses``: each sentence or clause of the answer embedded on its own (rows in
        ``T.sentences`` order); without them, clause meaning comes from the word vectors."""
        rows = content_rows(answer, rubric.question_stems)
        stems = T.content_stems(text)
        sentence_spans = T.sentences(text) or [(0, len(text))]
        sentence_of = _sentence_index(answer.spans, sentence_spans)
        vectors = _sentence_vectors(answer, sentence_of, len(sentence_spans))
        recalls, results = [], []
        for point, spec in zip(rubric.points, rubric.spec.key_points, strict=True):
            matrix = similarity_matrix(point, answer, rows)
            point_recall = recall(matrix)
            recalls.append(point_recall)
            sims = [float(v @ point.embedded.vector) if v is not None else -1.0 for v in vectors]
            coverage = self._coverage(point_recall, max(sims), point, stems)
            span = _best_sentence(matrix, rows, sentence_of, sentence_spans)
            if max(sims) >= self.config.sentence_cover_high:
                span = sentence_spans[int(np.argmax(sims))]
            if clauses is not None and len(clauses) == len(sentence_spans):
                clause_sims = clauses @ point.embedded.vector
                best = int(np.argmax(clause_sims))
                by_clause = _ramp(
                    float(clause_sims[best]),
                    self.config.clause_cover_low,
                    self.config.clause_cover_high,
                )
                if by_clause >= coverage:  # the clause that states it is the evidence
                    coverage, span = by_clause, sentence_spans[best]
            covered = coverage >= self.config.cover_threshold
            results.append(
                KeyPointResult(
                    id=spec.id,
                    text=spec.text,
                    weight=spec.weight,
                    coverage=round(coverage, 3),
                    covered=covered,
                    evidence=text[span[0] : span[1]] if covered and span else "",
                    evidence_span=span if covered else None,
                    probe=spec.probe,
                )
            )
        features = feature_vector(
            answer,
            rows,
            stems,
            rubric.reference,
            rubric.points,
            [p.weight for p in rubric.spec.key_points],
            recalls,
        )
        draft = _Draft(
            raw=float(self.calibration.predict([features])[0]) if self.calibration else 0.0,
            features=features,
            coverage=[r.coverage for r in results],
            point_results=results,
        )
        whole = clauses if clauses is not None and len(clauses) == len(sentence_spans) else None
        draft.hits = self._red_flags(text, sentence_spans, vectors, whole, rubric)
        draft.raw = max(0.0, draft.raw - self.config.flag_penalty * len(draft.hits))
        return draft

    def _coverage(
        self, point_recall: float, sentence_sim: float, point: PreparedText, stems: set[str]
    ) -> float:
        """How far a key point is shown: word alignment, whole-clause meaning or shared terms."""
        low, high = self.config.cover_low, self.config.cover_high
        semantic = min(1.0, max(0.0, (point_recall - low) / (high - low)))
        s_low, s_high = self.config.sentence_cover_low, self.config.sentence_cover_high
        semantic = max(semantic, min(1.0, max(0.0, (sentence_sim - s_low) / (s_high - s_low))))
        lexical = len(point.stems & stems) / len(point.stems) if point.stems else 0.0
        return max(semantic, lexical)

    def _red_flags(
        self,
        text: str,
        spans: list[tuple[int, int]],
        vectors: list[np.ndarray | None],
        clauses: np.ndarray | None,
        rubric: _PreparedRubric,
    ) -> list[RedFlagHit]:
        """Misconceptions asserted, one clause at a time. With the clauses embedded on their
        own, the clause's meaning must be near the claim too, and nearer it than the
        correction: a correct sentence that shares the claim's words is not an assertion."""
        hits = []
        for flag, spec in zip(rubric.flags, rubric.spec.red_flags, strict=True):
            best: RedFlagHit | None = None
            for index, (start, end) in enumerate(spans):
                if vectors[index] is None:
                    continue
                clause = text[start:end]
                # A question asserts nothing; a clause without the claim's numbers ("Level 4",
                # "five parts") cannot be asserting it, however close the embedding.
                if clause.rstrip().endswith("?") or not flag.numbers <= T.numbers(clause):
                    continue
                to_claim, to_correction = _claim_and_correction(vectors[index], flag)
                asserted = (
                    to_claim >= self.config.flag_similarity
                    and to_claim >= to_correction + self.config.flag_margin
                    and T.negation_count(clause) % 2 == flag.negation_parity
                    and not T.disowns(clause)
                )
                if asserted and clauses is not None:
                    meaning, corrected = _claim_and_correction(clauses[index], flag)
                    asserted = (
                        meaning >= self.config.clause_flag_similarity
                        and meaning >= corrected + self.config.flag_margin
                    )
                if asserted and (best is None or to_claim > best.similarity):
                    best = RedFlagHit(
                        spec.misconception,
                        spec.claim,
                        spec.correction,
                        clause,
                        (start, end),
                        round(to_claim, 3),
                    )
            if best:
                hits.append(best)
        return hits

    def _integrity_flags(self, text: str, rubric: _PreparedRubric, shown: bool) -> list[str]:
        flags = []
        if T.addresses_grader(text):
            flags.append(ADDRESSES_GRADER)
        all_words = T.words(text)
        stems = T.content_stems(text)
        novel = stems - rubric.question_stems
        # An answer restates the question when it adds no word of its own, or adds next to
        # nothing and shows no key point: a short correct answer reuses the question's terms.
        if stems and (not novel or (not shown and len(novel) <= max(2, len(stems) // 5))):
            flags.append(RESTATES_QUESTION)
        # A list of terms with no claim between them; interview notes are terse too, but
        # they relate terms ("MES = exec part", "ERP -> MES").
        if len(all_words) >= self.config.stuffing_min_words:
            function_share = sum(w in T.STOPWORDS for w in all_words) / len(all_words)
            if function_share < self.config.stuffing_stopword_ratio and T.is_term_list(text):
                flags.append(KEYWORD_STUFFING)
        return flags

    def _fit_anchor(
        self, rubric: _PreparedRubric, embedded: list[Embedded]
    ) -> tuple[float, float, float] | None:
        """Fit score = g + b * (raw - r) through the exemplars (means g and r), b shrunk to 1."""
        exemplars = rubric.spec.exemplars
        if len({score for score, _ in exemplars}) < 3:
            return None
        raws = np.array(
            [
                self._draft(T.normalize(answer)[0], e, rubric, clauses).raw
                for (_, answer), e, clauses in zip(
                    exemplars,
                    embedded,
                    _clause_vectors(
                        self.encoder, [T.normalize(a)[0] for _, a in exemplars], embedded
                    ),
                    strict=True,
                )
            ]
        )
        gold = np.array([score for score, _ in exemplars], dtype=float)
        centred = raws - raws.mean()
        lam = self.config.anchor_shrinkage
        slope = (centred @ (gold - gold.mean()) + lam) / (centred @ centred + lam)
        if slope < 0.25:  # exemplars out of order under this model: trust the calibration alone
            return None
        return float(gold.mean()), float(raws.mean()), float(slope)

    def _anchored(self, rubric: _PreparedRubric, raw: float, answer: Embedded) -> float:
        """The calibrated score put on the rubric's own scale, blended with where the answer
        sits among the anchored exemplars by similarity."""
        if rubric.anchor is None or rubric.exemplar_vectors is None:
            return raw
        gold_mean, raw_mean, slope = rubric.anchor
        linear = gold_mean + slope * (raw - raw_mean)
        similarity = rubric.exemplar_vectors @ answer.vector
        weights = np.exp((similarity - similarity.max()) / self.config.exemplar_temperature)
        scores = np.array([score for score, _ in rubric.spec.exemplars], dtype=float)
        nearest = float(weights @ scores / weights.sum())
        share = self.config.exemplar_share
        return (1 - share) * linear + share * nearest

    def _role_fit(
        self,
        answer: Embedded,
        score: float,
        rubric: _PreparedRubric,
        other_score: float,
        other: _PreparedRubric,
    ) -> RoleFit:
        """Where the answer is pitched between the plant bar and the enterprise bar.

        The position is the answer's altitude, not its quality: its projection on the axis
        from what the plant rubric asks to what the enterprise rubric asks (``altitude.py``),
        scaled so that each level's good exemplars (its bar) sit at -1 and +1 on average. A
        pair whose bars the model cannot tell apart falls back to the difference of the scores.
        """
        plant, enterprise = (rubric, other) if rubric.spec.level == "plant" else (other, rubric)
        scores = (score, other_score) if rubric is plant else (other_score, score)
        bars = self._bars(plant, enterprise)
        if bars is None:
            position = altitude.score_difference(*scores)
        else:
            axis, plant_bar, enterprise_bar = bars
            position = altitude.position(
                float(answer.vector @ axis), plant_bar, enterprise_bar, self.config.role_fit_min_gap
            )
        position = round(position, 2)
        leaning = "enterprise" if position > 0.2 else "plant" if position < -0.2 else "balanced"
        return RoleFit(plant=scores[0], enterprise=scores[1], position=position, leaning=leaning)

    def _bars(
        self, plant: _PreparedRubric, enterprise: _PreparedRubric
    ) -> tuple[np.ndarray, float, float] | None:
        """The question's plant-to-enterprise axis and each bar's mean altitude along it; None
        when a level has no good exemplar or the bars are not in order under this model."""
        if self._generic_axis is None:
            self._generic_axis = altitude.generic_axis(self.encoder)
        axis = altitude.question_axis(
            plant.centroid, enterprise.centroid, self._generic_axis, self.config.role_fit_tilt
        )
        altitudes = []
        for prepared in (plant, enterprise):
            good = [
                i
                for i, (score, _) in enumerate(prepared.spec.exemplars)
                if score >= self.config.bar_min_exemplar_score
            ]
            if prepared.exemplar_vectors is None or not good:
                return None
            altitudes.append(float(np.mean(prepared.exemplar_vectors[good] @ axis)))
        if altitudes[1] <= altitudes[0]:
            return None
        return axis, altitudes[0], altitudes[1]

    def _confidence(self, answer: Embedded, draft: _Draft, flags: list[str]) -> float:
        content = sum(T.is_content(w) for w in answer.words)
        confidence = 0.45 + 0.35 * min(1.0, content / 30) + 0.2 * (1 - np.std(draft.coverage))
        if any(flag != TRUNCATED for flag in flags):
            confidence -= 0.25
        return round(float(np.clip(confidence, 0.05, 0.99)), 2)


def _claim_and_correction(vector: np.ndarray, flag: _PreparedFlag) -> tuple[float, float]:
    """Cosine of a clause with a red flag's claim and with its correction (-1 when none)."""
    to_claim = float(vector @ flag.claim.vector)
    to_correction = float(vector @ flag.correction.vector) if flag.correction else -1.0
    return to_claim, to_correction


def _ramp(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


def _clause_vectors(
    encoder: Encoder, texts: Sequence[str], embedded: Sequence[Embedded]
) -> list[np.ndarray]:
    """Each text's sentences and clauses embedded on their own, shorthand spelled out, all in
    one batched pass; a one-clause text written in plain prose reuses its own vector."""
    spans = [T.sentences(text) or [(0, len(text))] for text in texts]
    several = [i for i, s in enumerate(spans) if len(s) > 1 or spell_out(texts[i]) != texts[i]]
    pieces = [spell_out(texts[i][a:b]) for i in several for a, b in spans[i]]
    vectors = iter(e.vector for e in encoder.embed(pieces)) if pieces else iter(())
    out = [np.array([e.vector]) for e in embedded]
    for i in several:
        out[i] = np.array([next(vectors) for _ in spans[i]])
    return out


def _describe(verdict: Verdict) -> str:
    assert verdict.rival is not None
    question = verdict.rival.question
    short = question if len(question) <= 70 else question[:67].rsplit(" ", 1)[0] + "..."
    return f"closer to {verdict.rival.question_id}: {short}"


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


def _small_matrices() -> threadpool_limits:
    """One BLAS thread for the scorer's tiny matrix products.

    Multi-threaded OpenBLAS spin-waits after each product and steals the cores the next
    model pass needs: it doubled single-answer latency on two cores (benchmarks/speed.py).
    """
    return threadpool_limits(limits=1, user_api="blas")


def _sentence_index(
    word_spans: tuple[tuple[int, int], ...], sentence_spans: list[tuple[int, int]]
) -> np.ndarray:
    """For each word, the index of the sentence it falls in (-1 for none).

    Sentence spans are sorted and disjoint, so a binary search over their starts finds it.
    """
    starts = np.array([start for start, _ in sentence_spans], dtype=np.int64)
    ends = np.array([end for _, end in sentence_spans], dtype=np.int64)
    word_starts = np.array([start for start, _ in word_spans], dtype=np.int64)
    index = np.searchsorted(starts, word_starts, side="right") - 1
    inside = (index >= 0) & (word_starts < ends[np.clip(index, 0, None)])
    return np.where(inside, index, -1)


def _best_sentence(
    matrix: np.ndarray,
    rows: np.ndarray,
    sentence_of: np.ndarray,
    sentence_spans: list[tuple[int, int]],
) -> tuple[int, int] | None:
    if matrix.size == 0:
        return None
    best, best_value = None, -1.0
    owners = sentence_of[rows]
    for index in np.unique(owners):
        if index < 0:
            continue
        value = float(matrix[:, owners == index].max(axis=1).mean())
        if value > best_value:
            best, best_value = int(index), value
    return sentence_spans[best] if best is not None else None


def _sentence_vectors(
    answer: Embedded, sentence_of: np.ndarray, count: int
) -> list[np.ndarray | None]:
    vectors: list[np.ndarray | None] = []
    for index in range(count):
        members = answer.word_vectors[sentence_of == index]
        if len(members) == 0:
            vectors.append(None)
            continue
        mean = members.mean(axis=0)
        norm = np.linalg.norm(mean)
        vectors.append(mean / norm if norm else None)
    return vectors
