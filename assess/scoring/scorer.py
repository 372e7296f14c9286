"""Score an answer against a rubric: a 0-5 suggestion with its evidence, or an abstention.

The one scoring path (design.md section 5), for the console, the sample data, ``grade``,
``calibrate``, ``eval`` and every benchmark:
1. guards on the raw text (empty, nothing to read);
2. the answer cut into clauses, all embedded in one batched pass (``clauses.py``);
3. each key point matched to the clause, or pair of clauses, that states it (``keypoints.py``);
4. relevance: an answer about something else, or too short to judge, is not scored; one that
   answers another question of the bank is held at 1 with a note naming it (``relevance.py``);
5. the calibration turns the evidence into 0-5 (``calibration.py``, monotone in the evidence);
6. caps: nothing shown, a misconception asserted, an integrity flag or an answer pitched at
   the question's other level hold the score low; an answer about the question that asserts
   no misconception earns at least 1, and 1.2 once it shows a key point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from threadpoolctl import threadpool_limits

from assess.embedding import Encoder
from assess.scoring import altitude
from assess.scoring import text as T
from assess.scoring.calibration import Calibration
from assess.scoring.calibration import load as load_calibration
from assess.scoring.clauses import Clauses, embed_clauses
from assess.scoring.confidence import UNSURE, confidence, unsure
from assess.scoring.evidence import Evidence, gather
from assess.scoring.flags import integrity_flags, red_flags
from assess.scoring.keypoints import Matcher, shipped_matcher
from assess.scoring.prepared import PreparedRubric, Preparer, preparer_for
from assess.scoring.relevance import Verdict
from assess.scoring.result import (
    DIFFERENT_QUESTION,
    NO_KEY_POINT,
    OTHER_LEVEL,
    TRUNCATED,
    KeyPointResult,
    Score,
    band_of,
)
from assess.scoring.role_fit import Axis, position, role_fit
from assess.scoring.spec import AD_HOC_LEVEL, ScoringRubric

Item = tuple[str, ScoringRubric, ScoringRubric | None]


@dataclass(frozen=True)
class ScoringConfig:
    """Thresholds of the scorer. Defaults suit the packaged MiniLM model."""

    min_content_words: int = 3  # fewer, with nothing shown: too short to judge; and with
    fragment_share: float = 0.25  # ... fewer than this share of the point it matches, unless
    # the match is strong: a fragment ("Level 3") does not state a point of ten terms
    topic_floor: float = 0.25  # nothing shown and below this cosine with the question: off-topic
    off_topic_margin: float = 0.1  # nothing shown and nearer off-topic text by this: off-topic
    far_off_topic: float = 0.15  # nearer off-topic text by this, and no strong match: off-topic
    strong_match: float = 0.75  # a key point this likely is evidence however the rest reads
    mostly_elsewhere: float = 0.5  # nearer off-topic text and under this share of the answer
    # bearing on the rubric: about something else, whatever stray point it matched
    rival_margin: float = 0.08  # another question nearer by this: a different question ...
    rival_evidence_margin: float = 0.1  # ... when a point is shown: its coverage this much higher
    no_evidence_cap: float = 1.0  # no key point shown
    other_question_cap: float = 1.0  # an answer to another question of the bank
    pitch_limit: float = 0.5  # pitched past this towards the other level's bar (role fit) ...
    other_level_cap: float = 2.0  # ... holds the score here
    misconception_cap: float = 1.5
    misconception_cost: float = 0.5  # taken off (under the cap) per misconception asserted
    integrity_cap: float = 1.5
    relevant_floor: float = 1.0  # an answer about the question, no misconception: at least this
    shown_floor: float = 1.2  # ... and one that shows a key point: at least this
    bar_min_exemplar_score: int = 3  # a level's bar: its exemplars from this score up
    role_fit_min_gap: float = 0.05  # smallest altitude gap between the two bars (cosine units)
    role_fit_tilt: float = 0.5  # how far a question's axis leans to the generic one (altitude.py)


@dataclass(frozen=True)
class _Judged:
    """One answer against one rubric, before the number."""

    evidence: Evidence
    shown: np.ndarray  # per key point
    flags: list[str]
    hits: list


class Scorer:
    """Scores answers with one encoder and one calibration. Deterministic.

    Args:
        encoder: embeds texts; rubric texts go through it (cache it with ``CachedEncoder``),
            answers go to ``encoder.inner`` when there is one, so answers are never cached.
        calibration: maps evidence to 0-5; None for the shipped default.
        config: thresholds.
        context: the rubrics an answer is also compared with, to tell an answer to another
            question; by default the configured bank's active rubrics.
    """

    def __init__(
        self,
        encoder: Encoder,
        calibration: Calibration | None = None,
        config: ScoringConfig | None = None,
        context: Sequence[ScoringRubric] | None = None,
    ) -> None:
        self.encoder = encoder
        self._answer_encoder: Encoder = getattr(encoder, "inner", encoder)
        self._calibration = calibration
        self.config = config or ScoringConfig()
        self.matcher: Matcher = shipped_matcher()
        self._prepared: Preparer = preparer_for(encoder, context)
        self._generic_axis: np.ndarray | None = None

    @property
    def calibration(self) -> Calibration:
        """The calibration in use; the shipped default unless one was given."""
        if self._calibration is None:
            self._calibration = load_calibration()
        return self._calibration

    def __repr__(self) -> str:
        return (
            f"Scorer(model={self.encoder.model_id!r}, calibration={self.calibration.id!r}, "
            f"config={self.config!r})"
        )

    # Public API -------------------------------------------------------------------------

    def score(
        self, answer: str, rubric: ScoringRubric, other_level: ScoringRubric | None = None
    ) -> Score:
        """Score one answer. ``other_level`` is the same question's rubric at the other level,
        used for role fit."""
        return self.score_many([(answer, rubric, other_level)])[0]

    def score_many(self, items: Sequence[Item]) -> list[Score]:
        """Score many answers with one batched embedding pass."""
        results: list[Score | None] = [None] * len(items)
        embedded = self._embed_all(items)
        with _small_matrices():
            for index, clauses, cut in embedded:
                _, rubric, other = items[index]
                if isinstance(clauses, str):
                    results[index] = self._abstention(rubric, clauses, ())
                else:
                    results[index] = self._score(clauses, cut, rubric, other)
        return [r for r in results if r is not None]

    def features_many(
        self, items: Sequence[tuple[str, ScoringRubric]]
    ) -> list[dict[str, float] | None]:
        """The calibration's inputs per answer; None where there is nothing to read, or where
        a red flag or integrity flag decides the score (those say nothing about the scale)."""
        out: list[dict[str, float] | None] = [None] * len(items)
        embedded = self._embed_all([(a, r, None) for a, r in items])
        with _small_matrices():
            for index, clauses, _ in embedded:
                if isinstance(clauses, str):
                    continue
                rubric = self._prepared.rubric(items[index][1])
                judged = self._judge(clauses, rubric, self.matcher.threshold)
                if not judged.hits and not judged.flags:
                    out[index] = judged.evidence.features
        return out

    # Steps ------------------------------------------------------------------------------

    def _embed_all(self, items: Sequence[Item]) -> list[tuple[int, Clauses | str, bool]]:
        """Each answer's clauses, embedded in one pass, or why there is nothing to read; and
        whether the answer was cut to the scored length."""
        cleaned = [T.normalize(answer) for answer, _, _ in items]
        readable = []
        out: list[tuple[int, Clauses | str, bool]] = []
        for index, (text, cut) in enumerate(cleaned):
            if not text:
                out.append((index, "empty answer", cut))
            elif not any(T.is_content(w) for w in T.words(text)):
                out.append((index, "no content words to judge", cut))
            else:
                readable.append(index)
        embedded = embed_clauses(self._answer_encoder, [cleaned[i][0] for i in readable])
        return out + [(i, e, cleaned[i][1]) for i, e in zip(readable, embedded, strict=True)]

    def _judge(
        self, clauses: Clauses, rubric: PreparedRubric, threshold: float | None = None
    ) -> _Judged:
        """The evidence, the points shown (from ``threshold``, by default the calibration's),
        the integrity flags and the red flags."""
        evidence = self._evidence(clauses, rubric)
        if threshold is None:
            threshold = self.calibration.shown_threshold
        shown = evidence.probability >= threshold
        flags = integrity_flags(clauses.text, rubric.question_stems, bool(shown.any()))
        return _Judged(evidence, shown, flags, red_flags(clauses, rubric.flags))

    def _number(self, judged: _Judged, held: bool = False, pitched: bool = False) -> float:
        """The calibrated score held under what the evidence allows (``held``: as an answer to
        another question; ``pitched``: as an answer pitched at the other level)."""
        config = self.config
        value = float(self.calibration.predict([judged.evidence.features])[0])
        if judged.hits:
            cost = config.misconception_cost * len(judged.hits)
            value = min(value, config.misconception_cap) - cost
        else:
            value = max(value, config.shown_floor if judged.shown.any() else config.relevant_floor)
        if not judged.shown.any():
            value = min(value, config.no_evidence_cap)
        if held:
            value = min(value, config.other_question_cap)
        if pitched:
            value = min(value, config.other_level_cap)
        if judged.flags:
            value = min(value, config.integrity_cap)
        return round(float(np.clip(value, 0.0, 5.0)), 1)

    def _score(
        self, clauses: Clauses, cut: bool, spec: ScoringRubric, other: ScoringRubric | None
    ) -> Score:
        rubric = self._prepared.rubric(spec)
        judged = self._judge(clauses, rubric)
        flags = tuple(judged.flags) + ((TRUNCATED,) if cut else ())
        verdict = self._verdict(clauses, rubric)
        reason = self._not_an_answer(clauses, rubric, judged, verdict)
        if reason:
            return self._abstention(spec, reason, flags)
        note = self._other_question(clauses, rubric, judged, verdict)
        # The same question at the other level: for role fit, and to hold an answer pitched
        # there (an enterprise architect's answer is not a plant engineer's, however good).
        paired = other or self._prepared.other_level(spec)
        other_rubric = self._prepared.rubric(paired) if paired is not None else None
        found = self._position(clauses, rubric, other_rubric)
        # How far it is pitched towards the other level's bar: +1 there, 0 without a bar.
        pitch = (found or 0.0) * (1 if spec.level == "plant" else -1)
        past = pitch > self.config.pitch_limit
        value = self._number(judged, held=bool(note), pitched=past)
        # Named only where it held the number down (another question's answer has no altitude
        # on this one worth naming).
        pitched = (
            (OTHER_LEVEL,) if not note and value < self._number(judged, held=bool(note)) else ()
        )
        fit = None
        if other is not None and other_rubric is not None:
            other_value = self._number(
                self._judge(clauses, other_rubric), pitched=-pitch > self.config.pitch_limit
            )
            scores = (value, other_value) if spec.level == "plant" else (other_value, value)
            fit = role_fit(found, *scores)
        points = _point_results(clauses, spec, judged)
        return Score(
            score=value,
            band=band_of(value),
            confidence=confidence(
                self._spread(judged, bool(note), past),
                clauses.content_words,
                bool(judged.flags),
            ),
            abstained=False,
            abstain_reason="",
            covered=tuple(p for p in points if p.covered),
            missed=tuple(p for p in points if not p.covered),
            red_flags=tuple(judged.hits),
            integrity_flags=flags
            + (() if judged.shown.any() else (NO_KEY_POINT,))
            + ((DIFFERENT_QUESTION,) if note else ())
            + pitched,
            role_fit=fit,
            model_id=self.encoder.model_id,
            rubric_version=spec.version,
            calibration_id=self.calibration.id,
            features={k: round(v, 4) for k, v in judged.evidence.features.items()},
            note=note,
        )

    def _spread(self, judged: _Judged, held: bool, pitched: bool) -> float:
        """How far the score moves between the two readings of the unsure key points."""
        threshold = self.calibration.shown_threshold
        doubt = unsure(judged.evidence.probability, threshold)
        if not doubt.any():
            return 0.0
        values = []
        for reading in (threshold + UNSURE, max(threshold - UNSURE, 0.0)):
            probability = np.where(doubt, reading, judged.evidence.probability)
            evidence = replace(
                judged.evidence,
                probability=probability,
                features={
                    **judged.evidence.features,
                    "coverage": float(judged.evidence.weights @ probability),
                },
            )
            shown = probability >= threshold
            values.append(
                self._number(replace(judged, evidence=evidence, shown=shown), held, pitched)
            )
        return abs(values[0] - values[1])

    def _not_an_answer(
        self, clauses: Clauses, rubric: PreparedRubric, judged: _Judged, verdict: Verdict
    ) -> str:
        """Why the answer is not judged against this question, or ""."""
        config = self.config
        shown = bool(judged.shown.any())
        content = clauses.content_words
        if content < config.min_content_words and (
            not shown or self._fragment(clauses, rubric, judged)
        ):
            return f"too short to judge ({content} content words); ask the candidate to expand"
        if not shown and (
            verdict.margin < -config.off_topic_margin or verdict.own < config.topic_floor
        ):
            return "off-topic: the answer is not about this question"
        if verdict.margin < -config.far_off_topic and judged.evidence.best < config.strong_match:
            return "off-topic: the answer is not about this question"
        # Nearer off-topic text, and most of it bears on no key point: about something else
        # (a stray match in a story about another field is not an answer).
        threshold = self.calibration.shown_threshold
        bearing = judged.evidence.share_bearing(clauses, threshold) if shown else 1.0
        if verdict.margin < 0 and bearing < config.mostly_elsewhere:
            return "off-topic: the answer is mostly about something else"
        return ""

    def _fragment(self, clauses: Clauses, rubric: PreparedRubric, judged: _Judged) -> bool:
        """A short answer that says a small part of the point it matches best, not strongly."""
        evidence = judged.evidence
        terms = len(rubric.points[int(np.argmax(evidence.probability))].stems) or 1
        return (
            evidence.best < self.config.strong_match
            and clauses.content_words < self.config.fragment_share * terms
        )

    def _other_question(
        self, clauses: Clauses, rubric: PreparedRubric, judged: _Judged, verdict: Verdict
    ) -> str:
        """A note naming the bank question the answer is about instead, or "".

        It answers another question when that question is clearly nearer and the answer shows
        that question's key points, better than this one's (at either of its levels). Such an
        answer is held at the no-evidence score, not abstained on: a sentence that states one
        of this question's points the matcher misses must not turn a 1 into "not scored".
        """
        config = self.config
        # An ad-hoc rubric's question is rarely in the bank, so the bank is no rival for it.
        if rubric.spec.level == AD_HOC_LEVEL:
            return ""
        if verdict.rival is None or verdict.rival_similarity <= verdict.own + config.rival_margin:
            return ""
        rival = self._prepared.rival(verdict.rival.question_id, rubric.spec.level)
        theirs = self._shown_coverage(clauses, rival)
        # Pitched at this question's other level, it is still an answer to this question.
        ours = max(
            judged.evidence.features["coverage"] if judged.shown.any() else 0.0,
            self._shown_coverage(clauses, self._prepared.other_level(rubric.spec)),
        )
        if not theirs or theirs < ours + config.rival_evidence_margin:
            return ""
        question = verdict.rival.question
        short = question if len(question) <= 70 else question[:67].rsplit(" ", 1)[0] + "..."
        return f"this answers a different question (closer to {verdict.rival.question_id}: {short})"

    def _shown_coverage(self, clauses: Clauses, spec: ScoringRubric | None) -> float:
        """The answer's weighted key-point coverage of another rubric, when it shows one of its
        points by the matcher's own threshold; else 0 (and 0 without a rubric)."""
        if spec is None:
            return 0.0
        evidence = self._evidence(clauses, self._prepared.rubric(spec))
        return evidence.features["coverage"] if evidence.best >= self.matcher.threshold else 0.0

    def _evidence(self, clauses: Clauses, rubric: PreparedRubric) -> Evidence:
        return gather(clauses, rubric.points, rubric.weights, rubric.reference, self.matcher)

    def _verdict(self, clauses: Clauses, rubric: PreparedRubric) -> Verdict:
        """How near the answer is to this question, the nearest other one and the background.
        About the question's own words counts as about the question (the pasted question is
        an integrity flag, not an off-topic answer)."""
        verdict = self._prepared.relevance().judge(
            clauses.vector, rubric.topic, rubric.spec.question_id
        )
        own = max(verdict.own, float(clauses.vector @ rubric.question))
        return Verdict(own, verdict.rival, verdict.rival_similarity, verdict.background)

    def _axis(self) -> Axis:
        if self._generic_axis is None:
            self._generic_axis = altitude.generic_axis(self.encoder)
        config = self.config
        return Axis(
            self._generic_axis,
            config.role_fit_tilt,
            config.bar_min_exemplar_score,
            config.role_fit_min_gap,
        )

    def _position(
        self, clauses: Clauses, rubric: PreparedRubric, other: PreparedRubric | None
    ) -> float | None:
        """The answer's role-fit position between the question's two bars, -1 plant to +1
        enterprise; None without the other level or when its bars cannot be told apart."""
        if other is None:
            return None
        pair = (rubric, other) if rubric.spec.level == "plant" else (other, rubric)
        return position(clauses.vector, *pair, self._axis())

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
            calibration_id=self.calibration.id,
        )


def _point_results(clauses: Clauses, spec: ScoringRubric, judged: _Judged) -> list[KeyPointResult]:
    """Each key point with its probability and, when shown, the clause that states it."""
    out = []
    for k, point in enumerate(spec.key_points):
        covered = bool(judged.shown[k])
        unit = judged.evidence.matches.best_unit(k) if covered else None
        quote, span = clauses.quote(*unit) if unit else ("", None)
        out.append(
            KeyPointResult(
                id=point.id,
                text=point.text,
                weight=point.weight,
                coverage=round(float(judged.evidence.probability[k]), 3),
                covered=covered,
                evidence=quote,
                evidence_span=span,
                probe=point.probe,
            )
        )
    return out


def _small_matrices() -> threadpool_limits:
    """One BLAS thread for the scorer's tiny matrix products.

    Multi-threaded OpenBLAS spin-waits after each product and steals the cores the next
    model pass needs: it doubled single-answer latency on two cores (benchmarks/speed.py).
    """
    return threadpool_limits(limits=1, user_api="blas")
