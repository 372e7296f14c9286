"""``grade``, ``calibrate`` and ``eval``: scoring from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assess import config
from assess.embedding import shared_encoder
from assess.errors import InputFileError
from assess.scoring import Scorer
from assess.scoring import calibration as cal
from assess.scoring.csv_grading import (
    RubricResolver,
    fit_calibration,
    grade_frame,
    read_answers,
    rows_with_rubrics,
)
from assess.scoring.evaluation import PRIMARY_METRIC, agreement, cross_validated_scores

_INPUT_HELP = (
    "CSV with 'answer' and either 'question_id' + 'level' (a bank rubric) or 'question' with "
    "'reference_answer' and/or 'key_points' and optional 'red_flags' (' | '-separated)"
)


def register(commands: Any) -> None:
    grade = commands.add_parser("grade", help="score every answer in a CSV")
    grade.add_argument("input", type=Path, help=_INPUT_HELP)
    grade.add_argument("-o", "--output", type=Path, required=True, help="CSV to write")
    grade.add_argument("--calibration", type=Path, help="calibration JSON (default: shipped)")
    grade.set_defaults(handler=_grade)

    calibrate = commands.add_parser("calibrate", help="fit a calibration on graded answers")
    calibrate.add_argument(
        "input", type=Path, nargs="?", help=_INPUT_HELP + ", plus a gold 'score' 0-5"
    )
    calibrate.add_argument(
        "--from-db",
        action="store_true",
        help="fit on the interviewers' final ratings in the app's database instead of a CSV",
    )
    calibrate.add_argument("-o", "--output", type=Path, required=True, help="JSON to write")
    calibrate.set_defaults(handler=_calibrate)

    evaluate = commands.add_parser("eval", help="agreement with gold scores")
    evaluate.add_argument("input", type=Path, help=_INPUT_HELP + ", plus a gold 'score' 0-5")
    evaluate.add_argument("--calibration", type=Path, help="calibration JSON (default: shipped)")
    evaluate.add_argument(
        "--cv-by",
        metavar="COLUMN",
        help="cross-validate: grade each fold of COLUMN groups, calibrated on the other folds",
    )
    evaluate.add_argument("--folds", type=int, default=5, help="folds for --cv-by (default 5)")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.set_defaults(handler=_eval)


def _scorer(calibration_file: Path | None) -> Scorer:
    return Scorer(shared_encoder(), cal.load(calibration_file or config.calibration_path()))


def _grade(args: argparse.Namespace) -> int:
    frame = read_answers(args.input)
    scorer = _scorer(args.calibration)
    graded = grade_frame(frame, scorer, RubricResolver())
    _write_csv(graded, args.output)
    scored = graded["abstained"].eq("false").sum()
    print(
        f"graded {len(graded)} answers ({scored} scored, {len(graded) - scored} not scored) "
        f"-> {args.output}"
    )
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    if args.from_db == (args.input is not None):
        raise InputFileError("give either an input CSV or --from-db, not both or neither")
    if args.from_db:
        return _calibrate_from_db(args.output)
    frame = read_answers(args.input, need_gold=True)
    model, left_out = fit_calibration(
        frame, Scorer(shared_encoder()), RubricResolver(), args.input.name
    )
    model.save(args.output)
    print(
        f"wrote {args.output}: {model!r}; {left_out} answers left out (nothing to read, or a "
        "flag decides their score)"
    )
    return 0


def _calibrate_from_db(output: Path) -> int:
    from assess.content.bank import load_bank
    from assess.services.team_calibration import refit, team_examples
    from assess.store import open_store

    bank = load_bank()
    with open_store().transaction() as session:
        examples = team_examples(session, bank)
    result = refit(shared_encoder(), cal.load(config.calibration_path()), bank, examples)
    result.calibration.save(output)
    b, a = result.before, result.after
    print(
        f"wrote {output}: fitted on {result.n} rated answers; held-out agreement "
        f"({result.folds} folds by question) pearson {b['pearson']:.3f} -> {a['pearson']:.3f}, "
        f"rmse {b['rmse']:.3f} -> {a['rmse']:.3f}"
        + ("" if result.better else "; not better than the current calibration: keep it")
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    frame = read_answers(args.input, need_gold=True)
    gold = frame["score"].astype(float).tolist()
    if args.cv_by:
        if args.cv_by not in frame.columns:
            raise InputFileError(f"{args.input}: no column {args.cv_by!r} for --cv-by")
        # Each fold calibrated on the others and graded through score_many, as users get it.
        items = [(a, r) for a, r, _ in rows_with_rubrics(frame, RubricResolver())]
        groups = frame[args.cv_by].astype(str).tolist()
        try:
            scores = cross_validated_scores(shared_encoder(), items, gold, groups, args.folds)
        except ValueError as exc:
            raise InputFileError(str(exc)) from None
        predicted = [s.score for s in scores]
    else:
        graded = grade_frame(frame, _scorer(args.calibration), RubricResolver())
        predicted = [float(s) if s else None for s in graded["score"]]
    metrics = agreement(predicted, gold)
    metrics["primary_metric"] = PRIMARY_METRIC  # type: ignore[assignment]
    if args.json:
        print(json.dumps(metrics, indent=2))
    else:
        print(
            "  ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in metrics.items()
            )
        )
    return 0


def _write_csv(frame: Any, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, index=False)
    except OSError as exc:
        raise InputFileError(f"cannot write {path}: {exc.strerror}") from None
