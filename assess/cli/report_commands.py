"""Commands that write reports and exports: ``report``, ``panel`` and ``export``.

They read the same database as the app (``ASSESS_DATABASE_URL``, else the default SQLite
file). Each file written is logged to the audit trail with ids only: the candidate's pseudonym,
the kind and the format, never a name or answer text.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assess.cli.store_commands import actor
from assess.content.bank import load_bank
from assess.errors import InputError
from assess.services import reports
from assess.store import open_store

FORMATS = reports.FORMATS
EXPORTS = reports.EXPORTS


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="a candidate report (HTML or PDF)")
    report.add_argument("candidate_id", type=int, metavar="CANDIDATE_ID")
    report.add_argument("--format", choices=FORMATS, default="html", help="html (default) or pdf")
    report.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    report.set_defaults(handler=_report)

    panel = commands.add_parser("panel", help="a panel debrief of a requisition (HTML or PDF)")
    panel.add_argument("requisition_id", type=int, metavar="REQUISITION_ID")
    panel.add_argument("--format", choices=FORMATS, default="html", help="html (default) or pdf")
    panel.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    panel.set_defaults(handler=_panel)

    export = commands.add_parser(
        "export",
        help="CSV: candidates [REQUISITION_ID], ratings CANDIDATE_ID, panel REQUISITION_ID",
    )
    export.add_argument("what", choices=EXPORTS, metavar="{candidates,ratings,panel}")
    export.add_argument(
        "id",
        type=int,
        nargs="?",
        metavar="ID",
        help="requisition id (candidates: optional filter; panel: required) or candidate id "
        "(ratings: required)",
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write")
    export.set_defaults(handler=_export)


def file_writer(path: Path) -> reports.Deliver:
    """Write a document to ``path`` (inside the transaction that logs it); a failed write
    is a clear error, and no audit entry is left."""

    def write(content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror}") from None

    return write


def _report(args: argparse.Namespace) -> int:
    store, bank = open_store(), load_bank()
    write = file_writer(args.output)
    reports.candidate_report(store, bank, args.candidate_id, args.format, actor(), write)
    print(f"wrote {args.output} (candidate {args.candidate_id}, {args.format})")
    return 0


def _panel(args: argparse.Namespace) -> int:
    store, bank = open_store(), load_bank()
    write = file_writer(args.output)
    _, count = reports.panel_report(store, bank, args.requisition_id, args.format, actor(), write)
    print(
        f"wrote {args.output} (requisition {args.requisition_id}, "
        f"{count} candidates, {args.format})"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    reports.check_export(args.what, args.id)
    store, bank = open_store(), load_bank()
    reports.csv_export(store, bank, args.what, args.id, actor(), file_writer(args.output))
    print(f"wrote {args.output} ({args.what})")
    return 0
