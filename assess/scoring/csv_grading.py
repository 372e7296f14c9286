"""Read answer CSVs for ``grade``, ``calibrate`` and ``eval``; turn each row into a rubric.

A row names a bank rubric (``question_id`` + ``level``) or carries an ad-hoc one
(``question`` with any of ``reference_answer``, ``key_points`` and ``red_flags``, the last
two separated by `` | ``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from assess.content.bank import Bank, load_bank
from assess.errors import AssessError, InputFileError
from assess.scoring import Score, Scorer, ScoringRubric, ad_hoc, from_bank
from assess.scoring import calibration as cal

SEPARATOR = " | "
OUTPUT_COLUMNS = (
    "score",
    "band",
    "confidence",
    "abstained",
    "abstain_reason",
    "covered_key_points",
    "missed_key_points",
    "red_flags_hit",
    "integrity_flags",
    "role_fit",
    "note",
)
_CHUNK = 64


def read_answers(path: Path, need_gold: bool = False) -> pd.DataFrame:
    """Read a CSV of answers as text. Raises InputFileError naming what is wrong."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputFileError(f"{path}: not a readable UTF-8 CSV ({exc})") from None
    columns = set(frame.columns)
    if "answer" not in columns:
        raise InputFileError(f"{path}: missing column 'answer'")
    if not ({"question_id", "level"} <= columns or "question" in columns):
        raise InputFileError(
            f"{path}: needs 'question_id' and 'level' (a bank rubric) or 'question' with "
            "'reference_answer' and/or 'key_points' (an ad-hoc rubric)"
        )
    if need_gold:
        if "score" not in columns:
            raise InputFileError(f"{path}: missing gold column 'score'")
        gold = pd.to_numeric(frame["score"], errors="coerce")
        bad = frame.index[gold.isna() | (gold < 0) | (gold > 5)].tolist()
        if bad:
            raise InputFileError(f"{path}: 'score' must be a number from 0 to 5 (row {bad[0] + 2})")
    return frame


class RubricResolver:
    """Builds (and reuses) the rubric for each row; loads the bank only if a row needs it."""

    def __init__(self, bank: Bank | None = None) -> None:
        self._bank = bank
        self._cache: dict[tuple[str, ...], tuple[ScoringRubric, ScoringRubric | None]] = {}

    def for_row(self, row: pd.Series, line: int) -> tuple[ScoringRubric, ScoringRubric | None]:
        level = str(row.get("level", "")).strip()
        question_id = str(row.get("question_id", "")).strip()
        if level:
            key: tuple[str, ...] = ("bank", question_id, level)
            if key not in self._cache:
                bank = self._bank = self._bank or load_bank()
                try:
                    rubric = from_bank(bank, question_id, level)
                except AssessError as exc:
                    raise InputFileError(f"row {line}: {exc}") from None
                other_level = "enterprise" if level == "plant" else "plant"
                other = (
                    from_bank(bank, question_id, other_level)
                    if (question_id, other_level) in bank.rubrics
                    else None
                )
                self._cache[key] = (rubric, other)
            return self._cache[key]
        fields = tuple(
            str(row.get(c, "")) for c in ("question", "reference_answer", "key_points", "red_flags")
        )
        key = ("adhoc", question_id, *fields)
        if key not in self._cache:
            question, reference, points, flags = fields
            if not question.strip():
                raise InputFileError(f"row {line}: empty 'question' and no 'level' given")
            try:
                rubric = ad_hoc(question, reference, _split(points), _split(flags), question_id)
            except InputFileError as exc:
                raise InputFileError(f"row {line}: {exc}") from None
            self._cache[key] = (rubric, None)
        return self._cache[key]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def rows_with_rubrics(
    frame: pd.DataFrame, resolver: RubricResolver
) -> list[tuple[str, ScoringRubric, ScoringRubric | None]]:
    return [
        (str(row["answer"]), *resolver.for_row(row, index + 2))
        for index, row in frame.iterrows()  # type: ignore[operator]
    ]


def chunks(total: int, label: str) -> Iterator[range]:
    """Ranges of rows; reports progress on stderr when there are many."""
    for start in range(0, total, _CHUNK):
        if total > _CHUNK:
            print(f"{label}: {start}/{total}", file=sys.stderr, flush=True)
        yield range(start, min(total, start + _CHUNK))
    if total > _CHUNK:
        print(f"{label}: {total}/{total}", file=sys.stderr, flush=True)


def grade_frame(frame: pd.DataFrame, scorer: Scorer, resolver: RubricResolver) -> pd.DataFrame:
    items = rows_with_rubrics(frame, resolver)
    scores: list[Score] = []
    for part in chunks(len(items), "grading"):
        scores.extend(scorer.score_many([items[i] for i in part]))
    out = frame.copy()
    for column, values in zip(
        OUTPUT_COLUMNS, zip(*(_columns(s) for s in scores), strict=True), strict=True
    ):
        out[column] = list(values)
    return out


def _columns(score: Score) -> tuple[str, ...]:
    return (
        "" if score.score is None else f"{score.score:.1f}",
        score.band,
        f"{score.confidence:.2f}",
        "true" if score.abstained else "false",
        score.abstain_reason,
        "; ".join(p.id for p in score.covered),
        "; ".join(p.id for p in score.missed),
        "; ".join(f"{h.misconception}: {h.clause}" for h in score.red_flags),
        "; ".join(score.integrity_flags),
        "" if score.role_fit is None else f"{score.role_fit.position:.2f}",
        score.note,
    )


def fit_calibration(
    frame: pd.DataFrame,
    scorer: Scorer,
    resolver: RubricResolver,
    source: str,
    shown_threshold: float | None = None,
) -> tuple[cal.Calibration, int]:
    """Fit a calibration on a frame with gold ``score``s, through the scorer's own features.

    Returns the calibration and how many answers it left out (nothing to read, or a red flag
    or integrity flag that decides the score whatever the evidence).
    """
    items = [(answer, rubric) for answer, rubric, _ in rows_with_rubrics(frame, resolver)]
    rows: list[dict[str, float] | None] = []
    for part in chunks(len(items), "features"):
        rows.extend(scorer.features_many([items[i] for i in part]))
    gold = frame["score"].astype(float).tolist()
    keep = [i for i, row in enumerate(rows) if row is not None]
    model = cal.fit(
        [rows[i] for i in keep],  # type: ignore[misc]
        [gold[i] for i in keep],
        source=f"{source} ({len(keep)} answers)",
        shown_threshold=shown_threshold,
    )
    return model, len(rows) - len(keep)
