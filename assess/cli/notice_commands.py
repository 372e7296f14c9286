"""Documents for a candidate: ``notice`` (before the interview) and ``explain`` (after a
decision not to proceed). HTML, or PDF when the output file ends in ``.pdf``.

Both read the app's database and record themselves in the audit log as ``cli:<user>``:
``notice`` logs when it was given; ``explain`` logs that it was produced, and with
``--release --reviewed-by NAME`` the release of the reviewed draft.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assess.cli.report_commands import file_writer
from assess.cli.store_commands import actor
from assess.content.bank import load_bank
from assess.errors import InputError
from assess.services import documents
from assess.store import open_store


def register(commands: argparse._SubParsersAction) -> None:
    notice = commands.add_parser(
        "notice", help="the candidate notice (HTML, or PDF by the file's suffix)"
    )
    notice.add_argument("candidate_id", type=int, metavar="CANDIDATE_ID")
    notice.add_argument(
        "--out", "-o", type=Path, required=True, help="file to write (.pdf for PDF)"
    )
    notice.set_defaults(handler=_notice)

    explain = commands.add_parser(
        "explain",
        help="the explanation of a decision not to proceed (HTML, or PDF by the file's suffix)",
    )
    explain.add_argument("candidate_id", type=int, metavar="CANDIDATE_ID")
    explain.add_argument(
        "--out", "-o", type=Path, required=True, help="file to write (.pdf for PDF)"
    )
    explain.add_argument(
        "--release",
        action="store_true",
        help="release the reviewed draft to the candidate (needs --reviewed-by)",
    )
    explain.add_argument("--reviewed-by", default="", help="the recruiter releasing it")
    explain.set_defaults(handler=_explain)


def _format(path: Path) -> str:
    return "pdf" if path.suffix.lower() == ".pdf" else "html"


def _notice(args: argparse.Namespace) -> int:
    fmt = _format(args.out)
    documents.notice(open_store(), args.candidate_id, fmt, actor(), file_writer(args.out))
    print(f"wrote {args.out} (notice for candidate {args.candidate_id}, {fmt})")
    return 0


def _explain(args: argparse.Namespace) -> int:
    if args.release and not args.reviewed_by.strip():
        raise InputError("--release needs --reviewed-by NAME (the recruiter releasing it)")
    fmt = _format(args.out)
    _, explanation = documents.explanation(
        open_store(),
        load_bank(),
        args.candidate_id,
        fmt,
        actor(),
        file_writer(args.out),
        release_by=args.reviewed_by if args.release else "",
    )
    print(
        f"wrote {args.out} (explanation for candidate {args.candidate_id}, "
        f"{explanation.state}, {fmt})"
    )
    return 0
