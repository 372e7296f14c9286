"""Is an answer about this question at all? Judged against the rest of the bank and a
shipped background of off-topic text, before any score is suggested.

Each question is represented by its topic: the unit mean of its rubrics' reference and
key-point vectors. An answer's topic similarity is the cosine of its sentence vector with
that mean. The background (``background.yaml``: hobbies, other IT fields, small talk,
evasions) stands in for "not an interview answer", so an ad-hoc rubric with no bank around
it is judged too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from assess.embedding import Encoder

BACKGROUND_PATH = Path(__file__).with_name("background.yaml")


def background_texts(path: Path = BACKGROUND_PATH) -> list[str]:
    """The shipped off-topic texts."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [str(item["text"]) for item in items]


@dataclass(frozen=True)
class Topic:
    """One question of the bank: its id, its question text and its topic vector."""

    question_id: str
    question: str
    vector: np.ndarray


@dataclass(frozen=True)
class Verdict:
    """How an answer relates to the question it was given and to everything else."""

    own: float  # cosine with this rubric's topic
    rival: Topic | None  # the closest other bank question
    rival_similarity: float
    background: float  # mean cosine with the three closest background texts

    @property
    def margin(self) -> float:
        """How much nearer the question than the background: below 0, nearer off-topic text."""
        return self.own - self.background


class Relevance:
    """The bank's topics and the background, embedded once per scorer."""

    def __init__(self, topics: Sequence[Topic], background: np.ndarray) -> None:
        self._topics = list(topics)
        self._matrix = (
            np.array([t.vector for t in self._topics]) if self._topics else np.zeros((0, 1))
        )
        self._background = background

    @classmethod
    def build(
        cls,
        encoder: Encoder,
        rubrics: Sequence[tuple[str, str, Sequence[str]]],
        background: np.ndarray,
    ) -> Relevance:
        """``rubrics``: (question id, question text, reference and key-point texts) per rubric;
        the rubrics of one question share a topic. ``background``: the background texts'
        vectors, embedded as answers are."""
        grouped: dict[str, tuple[str, list[str]]] = {}
        for question_id, question, texts in rubrics:
            grouped.setdefault(question_id, (question, []))[1].extend(texts)
        flat = [text for _, texts in grouped.values() for text in texts]
        vectors = iter(e.vector for e in encoder.embed(flat))
        topics = []
        for question_id, (question, texts) in grouped.items():
            topics.append(Topic(question_id, question, _unit_mean([next(vectors) for _ in texts])))
        return cls(topics, background if len(background) else np.zeros((0, 1)))

    def judge(self, answer: np.ndarray, own_topic: np.ndarray, question_id: str) -> Verdict:
        own = float(answer @ own_topic)
        rival, rival_similarity = None, -1.0
        if self._topics:
            sims = self._matrix @ answer
            for index in np.argsort(-sims):
                if self._topics[index].question_id == question_id:
                    # The question's topic spans both levels: an answer pitched at the other
                    # level is still an answer to this question.
                    own = max(own, float(sims[index]))
                elif rival is None:
                    rival, rival_similarity = self._topics[index], float(sims[index])
        background = -1.0
        if len(self._background):
            closest = np.sort(self._background @ answer)[-3:]
            background = float(closest.mean())
        return Verdict(own, rival, rival_similarity, background)


def _unit_mean(vectors: Sequence[np.ndarray]) -> np.ndarray:
    mean = np.mean(vectors, axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)
