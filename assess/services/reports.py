"""Report export with its audit entry: the same function for the profile page and the CLI.

Each export is logged with ids only (the candidate's pseudonym, the kind and the format),
never a name or answer text, in the same transaction that read the data.
"""

from __future__ import annotations

from collections.abc import Callable

from assess.content.bank import Bank
from assess.errors import InputError
from assess.reports.candidate import load_candidate_report
from assess.reports.exports import candidates_csv, panel_csv, ratings_csv
from assess.reports.html import candidate_html, panel_html
from assess.reports.panel import load_panel_report
from assess.reports.pdf import candidate_pdf, panel_pdf
from assess.store import audit
from assess.store.db import Store
from assess.store.people import get_candidate, get_requisition
from assess.store.records import candidate_records

FORMATS = ("html", "pdf")
EXPORTS = ("candidates", "ratings", "panel")
ACTION = "report.export"
# Called with the content inside the transaction: a failed write leaves no audit entry.
Deliver = Callable[[bytes], None]


def check_format(fmt: str) -> None:
    """Refuse an unknown document format before anything is read, written or audited."""
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}")


def candidate_report(
    store: Store,
    bank: Bank,
    candidate_id: int,
    fmt: str,
    actor: str,
    deliver: Deliver | None = None,
) -> bytes:
    """The candidate report as HTML (UTF-8) or PDF, and its audit entry.

    Raises:
        UnknownItemError: no candidate has this id.
        InputError: an unknown format.
    """
    check_format(fmt)
    with store.transaction() as s:
        candidate = get_candidate(s, candidate_id)
        report = load_candidate_report(s, bank, candidate.id)
        content = candidate_pdf(report) if fmt == "pdf" else candidate_html(report).encode()
        if deliver is not None:
            deliver(content)
        audit.log(s, actor, ACTION, candidate.pseudonym, kind="candidate report", format=fmt)
    return content


def panel_report(
    store: Store,
    bank: Bank,
    requisition_id: int,
    fmt: str,
    actor: str,
    deliver: Deliver | None = None,
) -> tuple[bytes, int]:
    """The panel debrief of a requisition as HTML or PDF, its audit entry, and how many
    candidates it covers."""
    check_format(fmt)
    with store.transaction() as s:
        report = load_panel_report(s, bank, requisition_id)
        content = panel_pdf(report) if fmt == "pdf" else panel_html(report).encode()
        if deliver is not None:
            deliver(content)
        audit.log(
            s,
            actor,
            ACTION,
            kind="panel debrief",
            format=fmt,
            requisition=requisition_id,
            candidates=[c.candidate_id for c in report.candidates],
        )
    return content, len(report.candidates)


def check_export(what: str, item_id: int | None) -> None:
    """Refuse an unknown export, or one without the id it needs, before any work.

    Raises:
        InputError: what is wrong with the request.
    """
    if what not in EXPORTS:
        raise InputError(f"export must be one of {', '.join(EXPORTS)}")
    if what in ("ratings", "panel") and item_id is None:
        noun = "a candidate id" if what == "ratings" else "a requisition id"
        raise InputError(f"export {what} needs {noun}")


def csv_export(
    store: Store,
    bank: Bank,
    what: str,
    item_id: int | None,
    actor: str,
    deliver: Deliver | None = None,
) -> str:
    """A CSV export (``candidates`` [requisition], ``ratings`` candidate, ``panel``
    requisition) and its audit entry.

    Raises:
        InputError: a missing id, or an unknown export.
        UnknownItemError: an unknown id (never an empty file).
    """
    check_export(what, item_id)
    with store.transaction() as s:
        subject = ""
        detail: dict[str, object] = {"kind": f"{what} csv", "format": "csv"}
        if what == "candidates":
            if item_id is not None:
                get_requisition(s, item_id)
                detail["requisition"] = item_id
            records = candidate_records(s, bank, requisition_id=item_id)
            content = candidates_csv(records)
            detail["rows"] = len(records)
        elif what == "ratings":
            assert item_id is not None
            candidate = get_candidate(s, item_id)
            subject = candidate.pseudonym
            content = ratings_csv(load_candidate_report(s, bank, candidate.id))
        else:
            assert item_id is not None
            report = load_panel_report(s, bank, item_id)
            content = panel_csv(report)
            detail["requisition"] = item_id
            detail["candidates"] = [c.candidate_id for c in report.candidates]
        if deliver is not None:
            deliver(content.encode("utf-8"))
        audit.log(s, actor, ACTION, subject, **detail)
    return content
