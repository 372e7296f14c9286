"""An answer cut into clauses, each embedded on its own, in one batched model pass.

A clause is a sentence, or a piece of one between semicolons or line breaks; an interviewer's
notes are mostly such pieces. Each clause goes to the model with its shorthand spelled out
(``shorthand.py``); evidence is always quoted from the text as typed. The answer's own vector
is the size-weighted mean of its clause vectors (the packaged model mean-pools its word
pieces, so this is the vector of the clauses read side by side), and its word vectors are the
clauses' own. Nothing is encoded twice, and adding a clause never changes the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.embedding import Encoder
from assess.scoring import text as T
from assess.scoring.shorthand import spell_out


@dataclass(frozen=True)
class Clauses:
    """One text, cut into clauses and embedded.

    Attributes:
        text: the text as typed (normalised).
        spans: (start, end) of each clause in ``text``.
        vectors: unit vector per clause, shape (clauses, dim).
        sizes: content words per clause (at least 1): how much each clause weighs.
        words: every clause's words as the model read them (shorthand spelled out).
        word_vectors: unit contextual vector per word, shape (words, dim).
        word_clause: the clause each word belongs to.
        stems: content stems per clause, as the model read it.
        vector: the whole text's unit vector.
    """

    text: str
    spans: tuple[tuple[int, int], ...]
    vectors: np.ndarray
    sizes: np.ndarray
    words: tuple[str, ...]
    word_vectors: np.ndarray
    word_clause: np.ndarray
    stems: tuple[frozenset[str], ...]
    vector: np.ndarray

    def __len__(self) -> int:
        return len(self.spans)

    def quote(self, first: int, last: int | None = None) -> tuple[str, tuple[int, int]]:
        """The text of clauses ``first`` to ``last`` (inclusive) as typed, with its span."""
        span = (self.spans[first][0], self.spans[first if last is None else last][1])
        return self.text[span[0] : span[1]], span

    @property
    def content_words(self) -> int:
        return int(sum(len(s) for s in self.stems))


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where the clauses are: sentences, semicolon pieces and lines; the whole text if none."""
    return T.sentences(text) or ([(0, len(text))] if text.strip() else [])


def embed_clauses(encoder: Encoder, texts: Sequence[str]) -> list[Clauses]:
    """Cut each text into clauses and embed all of them in one call to ``encoder``."""
    spans = [clause_spans(text) for text in texts]
    pieces = [spell_out(text[a:b]) for text, own in zip(texts, spans, strict=True) for a, b in own]
    embedded = iter(encoder.embed(pieces) if pieces else [])
    out = []
    for text, own, start in zip(texts, spans, _offsets(spans), strict=True):
        parts = [next(embedded) for _ in own]
        out.append(_assemble(text, own, parts, pieces[start : start + len(own)]))
    return out


def _offsets(spans: list[list[tuple[int, int]]]) -> list[int]:
    offsets, total = [], 0
    for own in spans:
        offsets.append(total)
        total += len(own)
    return offsets


def _assemble(text: str, spans: list[tuple[int, int]], parts: list, pieces: list[str]) -> Clauses:
    dim = parts[0].vector.shape[-1] if parts else 1
    vectors = np.array([p.vector for p in parts], dtype=np.float32).reshape(-1, dim)
    stems = tuple(frozenset(T.content_stems(piece)) for piece in pieces)
    sizes = np.array([max(1, len(s)) for s in stems], dtype=np.float32)
    words = tuple(w for p in parts for w in p.words)
    word_vectors = (
        np.concatenate([p.word_vectors for p in parts]).astype(np.float32)
        if parts
        else np.zeros((0, dim), dtype=np.float32)
    )
    word_clause = np.array([i for i, p in enumerate(parts) for _ in p.words], dtype=np.int64)
    return Clauses(
        text=text,
        spans=tuple(spans),
        vectors=vectors,
        sizes=sizes,
        words=words,
        word_vectors=word_vectors.reshape(-1, dim),
        word_clause=word_clause,
        stems=stems,
        vector=unit(sizes @ vectors) if len(parts) else np.zeros(dim, dtype=np.float32),
    )


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm else vector.astype(np.float32)
