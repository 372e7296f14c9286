"""``bank validate``, ``bank stats`` and ``kit``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assess.content.bank import load_bank
from assess.content.kits import build_kit, hand_pick
from assess.content.stats import bank_stats
from assess.content.vocabulary import BEHAVIOURAL_CHOICES, ROLE_LEVELS
from assess.errors import BankError


def register(commands: Any) -> None:
    bank = commands.add_parser("bank", help="validate the question bank or show its statistics")
    bank_commands = bank.add_subparsers(dest="bank_command", required=True, metavar="ACTION")

    validate = bank_commands.add_parser(
        "validate", help="check every question and rubric file; list every problem"
    )
    _add_dirs(validate)
    validate.set_defaults(handler=_validate)

    stats = bank_commands.add_parser("stats", help="counts of questions, rubrics and coverage")
    _add_dirs(stats)
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")
    stats.set_defaults(handler=_stats)

    kit = commands.add_parser("kit", help="build an interview kit for a role level")
    _add_dirs(kit)
    kit.add_argument("--level", required=True, choices=ROLE_LEVELS, help="role level")
    kit.add_argument("--minutes", type=int, default=45, help="time budget (default 45)")
    kit.add_argument("--seed", type=int, default=0, help="seed for a repeatable choice")
    kit.add_argument(
        "--behavioural",
        choices=BEHAVIOURAL_CHOICES,
        default="include",
        help="include behavioural questions (default), exclude them, or take only them",
    )
    kit.add_argument(
        "--questions",
        nargs="+",
        metavar="ID",
        help="hand-pick these question ids instead",
    )
    kit.add_argument("--json", action="store_true", help="print JSON")
    kit.set_defaults(handler=_kit)


def _add_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bank", type=Path, help="question bank folder (default question_bank/)")
    parser.add_argument("--rubrics", type=Path, help="rubrics folder (default rubrics/)")


def _validate(args: argparse.Namespace) -> int:
    try:
        bank = load_bank(args.bank, args.rubrics)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        noun = "problem" if len(exc.problems) == 1 else "problems"
        print(f"invalid: {len(exc.problems)} {noun}", file=sys.stderr)
        return 2
    stats = bank_stats(bank)
    print(
        f"ok: {stats['questions']} questions, {stats['rubrics']} rubrics "
        f"({stats['levels']['plant']} plant, {stats['levels']['enterprise']} enterprise), "
        f"{len(stats['competencies'])} competencies, {stats['red_flags']} misconceptions flagged"
    )
    return 0


def _stats(args: argparse.Namespace) -> int:
    stats = bank_stats(load_bank(args.bank, args.rubrics))
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    for key, value in stats.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for name, count in value.items():
                print(f"  {name}: {count}")
        else:
            print(f"{key}: {value}")
    return 0


def _kit(args: argparse.Namespace) -> int:
    bank = load_bank(args.bank, args.rubrics)
    if args.questions:
        kit = hand_pick(bank, args.level, args.questions)
    else:
        kit = build_kit(bank, args.level, args.minutes, args.seed, behavioural=args.behavioural)
    if args.json:
        print(
            json.dumps(
                {
                    "level": kit.level,
                    "minutes": kit.minutes,
                    "seed": kit.seed,
                    "questions": list(kit.question_ids),
                }
            )
        )
        return 0
    print(f"{kit.level} kit, {len(kit)} questions, {kit.minutes} minutes (seed {kit.seed})")
    for question_id in kit.question_ids:
        question = bank.question(question_id)
        print(
            f"{question.id}  D{question.difficulty}  {question.minutes:>2} min  "
            f"{question.competency}: {question.text}"
        )
    return 0
