"""The command line: the same core as the app, without Streamlit.

Every command exits 0 on success and 2 on bad input, printing a one-line reason to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assess.cli import (
    bank_commands,
    grade_commands,
    notice_commands,
    report_commands,
    store_commands,
)
from assess.errors import AssessError

# Each module adds its sub-commands to the parser; a handler takes the parsed args and
# returns an exit code.
_COMMAND_MODULES = (bank_commands, grade_commands, store_commands, report_commands, notice_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assess",
        description="ISA-95 interview assessment toolkit: question bank, scoring and reports.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except AssessError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
