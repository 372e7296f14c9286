"""Commands over the app's database: candidates, demo, purge, audit, candidate data rights.

They use the same database as the app: ``ASSESS_DATABASE_URL``, else the default SQLite file.
The actor recorded in the audit log is ``cli:<OS user>``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from assess.analytics.fairness import ROW_COLUMNS, audit, report_rows, to_json
from assess.content.bank import load_bank
from assess.errors import InputError
from assess.reports.exports import candidate_rows as export_rows
from assess.store import open_store, rights
from assess.store.csv_safe import to_csv
from assess.store.records import candidate_records

CANDIDATE_COLUMNS = (
    "id",
    "name",
    "requisition",
    "level",
    "status",
    "overall_rating",
    "role_fit",
)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(commands: argparse._SubParsersAction) -> None:
    candidates = commands.add_parser("candidates", help="list candidates")
    sub = candidates.add_subparsers(dest="candidates_command", required=True, metavar="ACTION")
    listing = sub.add_parser("list", help="one line per candidate")
    listing.add_argument("--requisition", type=int, help="only this requisition id")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list_candidates)

    demo = commands.add_parser("demo", help="load sample requisitions and scored interviews")
    demo.set_defaults(handler=_demo)

    purge = commands.add_parser("purge", help="erase candidates past their retention period")
    purge.add_argument("--dry-run", action="store_true", help="list what would be purged")
    purge.add_argument("--json", action="store_true", help="print JSON")
    purge.set_defaults(handler=_purge)

    fairness = commands.add_parser("audit", help="adverse-impact audit of overall ratings")
    fairness.add_argument("--json", action="store_true", help="print JSON")
    fairness.add_argument("--csv", type=Path, help="also write the tables to this CSV file")
    fairness.set_defaults(handler=_audit)

    export = commands.add_parser("export-candidate", help="everything held on a candidate")
    export.add_argument("candidate_id", type=int)
    export.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json (one file) or csv (a zip of one CSV per table)",
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    export.set_defaults(handler=_export)

    delete = commands.add_parser("delete-candidate", help="erase a candidate completely")
    delete.add_argument("candidate_id", type=int)
    delete.add_argument("--reason", required=True, help="why (kept in the audit log)")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=_delete)


def candidate_rows(requisition_id: int | None = None) -> list[dict[str, Any]]:
    """The ``candidates list`` rows: overall rating (mean of the interviewers' final ratings)
    and role fit (from the scorer's evidence); None where there is none yet."""
    store, bank = open_store(), load_bank()
    with store.transaction() as session:
        records = candidate_records(session, bank, requisition_id=requisition_id)
    return [{key: row[key] for key in CANDIDATE_COLUMNS} for row in export_rows(records)]


def _list_candidates(args: argparse.Namespace) -> int:
    rows = candidate_rows(args.requisition)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("no candidates yet (python -m assess demo loads sample data)")
        return 0
    for row in rows:
        rating = "-" if row["overall_rating"] is None else f"{row['overall_rating']:.1f}"
        fit = "-" if row["role_fit"] is None else f"{row['role_fit']:+.2f}"
        print(
            f"{row['id']:>4}  {row['name'][:40]:<40}  {row['level']:<10}  "
            f"{row['status']:<11}  rating {rating:>4}  role fit {fit:>5}"
        )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from assess.cli.progress import ProgressLine
    from assess.demo.loader import load_demo
    from assess.scoring.suggest import default_scorer

    store, bank, progress = open_store(), load_bank(), ProgressLine()
    progress(0, 1, "loading the scoring model")
    result = load_demo(store, bank, default_scorer(), progress=progress)
    print(
        f"loaded {result.candidates} sample candidates on {result.requisitions} sample "
        f"requisitions; {result.scored} answers scored by the real scorer"
    )
    return 0


def _purge(args: argparse.Namespace) -> int:
    store = open_store()
    with store.transaction() as session:
        result = rights.purge(session, actor(), dry_run=args.dry_run)
    if args.json:
        print(
            json.dumps(
                {
                    "purged": list(result.purged),
                    "checked": result.checked,
                    "dry_run": result.dry_run,
                }
            )
        )
        return 0
    verb = "would purge" if result.dry_run else "purged"
    print(
        f"{verb} {len(result.purged)} of {result.checked} candidates under a retention period"
        + (": " + ", ".join(result.purged) if result.purged else "")
    )
    return 0


def _audit(args: argparse.Namespace) -> int:
    from assess.store.audit_data import audit_subjects

    store = open_store()
    with store.transaction() as session:
        report = audit(audit_subjects(session))
    if args.csv:
        args.csv.write_text(to_csv(report_rows(report), ROW_COLUMNS), encoding="utf-8")
    if args.json:
        print(json.dumps(to_json(report), indent=2))
        return 0
    if report.message:
        print(report.message)
        return 0
    print(f"{report.n} candidates, median overall rating {report.median:.2f}")
    for row in report_rows(report):
        ratio = row["impact_ratio"]
        flag = "  FLAG (<0.8)" if row["flagged"] else ("  (<2%)" if row["small"] else "")
        rate = row["scoring_rate"]
        print(
            f"  {row['dimension']:<15} {row['category'][:40]:<40} n={row['n']:<4} "
            f"rate={'-' if rate is None else f'{rate:.2f}'} "
            f"ratio={'-' if ratio is None else f'{ratio:.2f}'}{flag}"
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    store = open_store()
    with store.transaction() as session:
        tables = rights.export_candidate(session, args.candidate_id, actor())
    try:
        if args.format == "json":
            args.output.write_text(
                json.dumps(tables, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
            )
        else:
            args.output.write_bytes(rights.export_zip(tables))
    except OSError as exc:
        raise InputError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"wrote {args.output} ({sum(len(v) for v in tables.values())} rows)")
    return 0


def _delete(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError("deleting needs --yes when not run interactively")
        answer = input(f"Erase candidate {args.candidate_id} and all their data? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("not deleted")
            return 1
    store = open_store()
    with store.transaction() as session:
        pseudonym = rights.delete_candidate(session, args.candidate_id, actor(), args.reason)
    print(f"deleted candidate {args.candidate_id}; the audit log keeps only {pseudonym}")
    return 0
