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
from assess.reports.candidate import load_candidate_report
from assess.reports.exports import candidates_csv, panel_csv, ratings_csv
from assess.reports.html import candidate_html, panel_html
from assess.reports.panel import load_panel_report
from assess.reports.pdf import candidate_pdf, panel_pdf
from assess.store import audit, open_store
from assess.store.people import get_candidate, get_requisition
from assess.store.records import candidate_records

FORMATS = ("html", "pdf")
EXPORTS = ("candidates", "ratings", "panel")
ACTION = "report.export"


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


def _write(path: Path, content: str | bytes) -> None:
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None


def _report(args: argparse.Namespace) -> int:
    store, bank = open_store(), load_bank()
    with store.transaction() as session:
        candidate = get_candidate(session, args.candidate_id)
        report = load_candidate_report(session, bank, candidate.id)
        content = candidate_pdf(report) if args.format == "pdf" else candidate_html(report)
        _write(args.output, content)
        audit.log(
            session,
            actor(),
            ACTION,
            candidate.pseudonym,
            kind="candidate report",
            format=args.format,
        )
    print(f"wrote {args.output} (candidate {args.candidate_id}, {args.format})")
    return 0


def _panel(args: argparse.Namespace) -> int:
    store, bank = open_store(), load_bank()
    with store.transaction() as session:
        report = load_panel_report(session, bank, args.requisition_id)
        content = panel_pdf(report) if args.format == "pdf" else panel_html(report)
        _write(args.output, content)
        audit.log(
            session,
            actor(),
            ACTION,
            kind="panel debrief",
            format=args.format,
            requisition=args.requisition_id,
            candidates=[c.candidate_id for c in report.candidates],
        )
    print(
        f"wrote {args.output} (requisition {args.requisition_id}, "
        f"{len(report.candidates)} candidates, {args.format})"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.what in ("ratings", "panel") and args.id is None:
        noun = "a candidate id" if args.what == "ratings" else "a requisition id"
        raise InputError(f"export {args.what} needs {noun}")
    store, bank = open_store(), load_bank()
    with store.transaction() as session:
        subject = ""
        detail: dict[str, object] = {"kind": f"{args.what} csv", "format": "csv"}
        if args.what == "candidates":
            if args.id is not None:
                get_requisition(session, args.id)  # an unknown id is an error, not an empty file
                detail["requisition"] = args.id
            records = candidate_records(session, bank, requisition_id=args.id)
            content = candidates_csv(records)
            detail["rows"] = len(records)
        elif args.what == "ratings":
            candidate = get_candidate(session, args.id)
            subject = candidate.pseudonym
            content = ratings_csv(load_candidate_report(session, bank, candidate.id))
        else:
            report = load_panel_report(session, bank, args.id)
            content = panel_csv(report)
            detail["requisition"] = args.id
            detail["candidates"] = [c.candidate_id for c in report.candidates]
        _write(args.output, content)
        audit.log(session, actor(), ACTION, subject, **detail)
    print(f"wrote {args.output} ({args.what})")
    return 0
