"""Render report models as PDF with reportlab (pure Python; no browser, no kaleido).

Charts are drawn with reportlab graphics, not exported from plotly, because plotly's image
export needs a Chrome the app must not depend on. reportlab's Paragraph parses a mini-HTML, so
every piece of text from the database goes through ``xml.sax.saxutils.escape`` first.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from assess.analytics.profile import CompetencyProfile
from assess.reports.candidate import CandidateReport, DecisionLine, short
from assess.reports.footer import Footer
from assess.reports.html import competency_rows, num, signed
from assess.reports.panel import PanelReport

MAX_RATING = 5
FONT = "ReportSans"
BOLD = "ReportSans-Bold"
# DejaVu covers far more scripts than Latin-1; reportlab's bundled Vera is the fallback.
_FONT_FILES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("Vera.ttf", "VeraBd.ttf"),
)
SERIES_COLOURS = (
    colors.HexColor("#1f77b4"),
    colors.HexColor("#d62728"),
    colors.HexColor("#2ca02c"),
    colors.HexColor("#9467bd"),
    colors.HexColor("#ff7f0e"),
    colors.HexColor("#17becf"),
    colors.HexColor("#8c564b"),
    colors.HexColor("#e377c2"),
)
MACHINE_COLOUR = colors.HexColor("#9ecae1")
FINAL_COLOUR = colors.HexColor("#08519c")
BAR_COLOUR = colors.HexColor("#555555")
WIDTH = A4[0] - 30 * mm
LEGEND_COLUMNS = 3


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for regular, bold in _FONT_FILES:
        if regular.startswith("/") and not (Path(regular).exists() and Path(bold).exists()):
            continue
        pdfmetrics.registerFont(TTFont(FONT, regular))
        pdfmetrics.registerFont(TTFont(BOLD, bold))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        return


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=12)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=BOLD, fontSize=16),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=BOLD, fontSize=12),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=7.5, leading=9.5),
        "statement": ParagraphStyle(
            "statement",
            parent=body,
            backColor=colors.HexColor("#fff4d6"),
            borderColor=colors.HexColor("#e0c060"),
            borderWidth=0.5,
            borderPadding=4,
            spaceBefore=4,
            spaceAfter=8,
        ),
        "answer": ParagraphStyle(
            "answer", parent=body, leftIndent=8, textColor=colors.HexColor("#333333")
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
    }


def text(value: object) -> str:
    """``value`` as Paragraph markup that shows exactly its characters (line breaks kept)."""
    return escape(str(value)).replace("\n", "<br/>")


class _Builder:
    """Collects flowables with the report's styles; one per document."""

    def __init__(self) -> None:
        self.styles = _styles()
        self.story: list[Flowable] = []

    def para(self, value: object, style: str = "body") -> None:
        self.story.append(Paragraph(text(value), self.styles[style]))

    def heading(self, value: str) -> None:
        self.para(value, "h2")

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]
    ) -> None:
        cell, head = self.styles["cell"], self.styles["head"]
        data = [[Paragraph(text(h), head) for h in headers]]
        data += [[Paragraph(text(v), cell) for v in row] for row in rows]
        table = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f2f4")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.story += [table, Spacer(1, 6)]

    def drawing(self, drawing: Drawing) -> None:
        self.story += [drawing, Spacer(1, 6)]

    def provenance(self, footer: Footer) -> None:
        self.heading("About this report")
        for line in footer.lines():
            self.para(line, "small")


def _on_page(footer: Footer) -> Callable[[Canvas, BaseDocTemplate], None]:
    """reportlab's page callback: the short footer line on every page."""

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(
            15 * mm,
            9 * mm,
            f"{footer.statement}  Generated {footer.generated}.  Page {doc.page}",
        )
        canvas.restoreState()

    return draw


def _render(builder: _Builder, title: str, footer: Footer) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="ISA-95 interview assessment toolkit",
        subject=footer.statement,
    )
    page = _on_page(footer)
    doc.build(builder.story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


# --- charts ---------------------------------------------------------------------------------


def _axis_names(profiles: Sequence[CompetencyProfile]) -> list[tuple[str, str]]:
    """(competency id, name) with a bar or probed for anyone, in the bank's order."""
    keep: dict[str, str] = {}
    for profile in profiles:
        for s in profile.scores:
            if (s.bar is not None or s.probed) and s.competency not in keep:
                keep[s.competency] = s.name
    return list(keep.items())


def radar(profiles: Sequence[CompetencyProfile], size: float = 320) -> Drawing:
    """Final rating per competency (one outline per profile) against the requisition's bar.

    A not-probed competency gets no point: the outline breaks there and the axis label says
    "not probed" (when no profile has it), never a zero standing in for missing data.
    """
    axes = _axis_names(profiles)
    width = WIDTH
    entries = len(profiles) + 1
    legend_rows = math.ceil(entries / LEGEND_COLUMNS)
    below = 24 + 11 * legend_rows + LABEL_MARGIN  # the legend, then room for bottom labels
    drawing = Drawing(width, size + below + LABEL_MARGIN + 10)
    cx, cy, radius = width / 2, size / 2 + below, size / 2 - 10
    n = max(len(axes), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * value / MAX_RATING
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    grey = colors.HexColor("#cccccc")
    for ring in range(1, MAX_RATING + 1):
        ring_points = [c for i in range(n + 1) for c in point(i % n, ring)]
        drawing.add(PolyLine(ring_points, strokeColor=grey, strokeWidth=0.4))
        drawing.add(
            String(
                cx + 2,
                cy + radius * ring / MAX_RATING + 1,
                str(ring),
                fontName=FONT,
                fontSize=6,
                fillColor=colors.grey,
            )
        )
    for i, (cid, name) in enumerate(axes):
        x, y = point(i, MAX_RATING)
        drawing.add(Line(cx, cy, x, y, strokeColor=grey, strokeWidth=0.4))
        probed = any(_probed(p, cid) for p in profiles)
        for line in axis_label(name, probed, point(i, MAX_RATING * 1.08), (cx, cy)):
            drawing.add(line)
    shared = len({p.level for p in profiles}) == 1
    series: list[tuple[str, colors.Color]] = []
    if profiles and shared:
        bars = {s.competency: s.bar for s in profiles[0].scores}
        _outline(drawing, [bars.get(cid) for cid, _ in axes], point, BAR_COLOUR, dashed=True)
        series.append((f"requisition bar ({profiles[0].level})", BAR_COLOUR))
    for index, profile in enumerate(profiles):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        values = [_rating(profile, cid) for cid, _ in axes]
        _outline(drawing, values, point, colour)
        series.append((short(profile.name, 40), colour))
    legend = Legend()
    legend.x, legend.y = 0, below - 6
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = legend_rows
    legend.deltax = width / LEGEND_COLUMNS
    legend.deltay = 11
    legend.colorNamePairs = [(c, n) for n, c in series]
    drawing.add(legend)
    return drawing


LABEL_SIZE = 6.5
LABEL_LINE = 7.5
LABEL_WIDTH = 20  # characters per line: the whole name, wrapped, never cut
LABEL_MARGIN = 24  # room above and below the radar for labels of up to three lines


def axis_label(
    name: str, probed: bool, at: tuple[float, float], centre: tuple[float, float]
) -> list[String]:
    """An axis name wrapped into short lines, placed outside the radar at ``at``: the block
    grows away from the chart (up above it, down below it, outwards at the sides), so labels
    of neighbouring axes do not run into each other or into the chart."""
    lines = textwrap.wrap(name, LABEL_WIDTH) + ([] if probed else ["(not probed)"])
    (x, y), (cx, cy) = at, centre
    anchor = "middle" if abs(x - cx) < 8 else ("start" if x > cx else "end")
    height = LABEL_LINE * len(lines)
    if y > cy + 8:
        top = y + height  # above the chart: the block sits on the anchor point
    elif y < cy - 8:
        top = y  # below: it hangs from the anchor point
    else:
        top = y + height / 2
    colour = colors.black if probed else colors.grey
    return [
        String(
            x,
            top - LABEL_LINE * (k + 1) + 1,
            text,
            fontName=FONT,
            fontSize=LABEL_SIZE,
            textAnchor=anchor,
            fillColor=colour,
        )
        for k, text in enumerate(lines)
    ]


def _outline(
    drawing: Drawing,
    values: Sequence[float | None],
    point: Callable[[int, float], tuple[float, float]],
    colour: colors.Color,
    dashed: bool = False,
) -> None:
    n = len(values)
    for i, value in enumerate(values):
        following = values[(i + 1) % n] if n > 1 else None
        if value is not None and following is not None:
            (x1, y1), (x2, y2) = point(i, value), point((i + 1) % n, following)
            drawing.add(
                Line(
                    x1,
                    y1,
                    x2,
                    y2,
                    strokeColor=colour,
                    strokeWidth=1.2,
                    strokeDashArray=(3, 2) if dashed else None,
                )
            )
        if value is not None and not dashed:
            x, y = point(i, value)
            drawing.add(Circle(x, y, 2.2, fillColor=colour, strokeColor=colour))


def _probed(profile: CompetencyProfile, competency: str) -> bool:
    return any(s.competency == competency and s.probed for s in profile.scores)


def _rating(profile: CompetencyProfile, competency: str) -> float | None:
    for s in profile.scores:
        if s.competency == competency:
            return s.rating
    return None


def machine_final_chart(report: CandidateReport) -> Drawing:
    """Grouped bars per question: the machine's suggestion and the final rating (0-5).

    A missing value has no bar; the table below the chart says "not scored" / "not rated".
    """
    rows = report.ratings
    drawing = Drawing(WIDTH, 190)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 35, 45, WIDTH - 50, 130
    chart.data = [
        [r.machine_score for r in rows] or [None],
        [None if r.final_rating is None else float(r.final_rating) for r in rows] or [None],
    ]
    chart.categoryAxis.categoryNames = [r.label for r in rows] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(rows) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(rows) > 8 else "n"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 5, 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = MACHINE_COLOUR
    chart.bars[1].fillColor = FINAL_COLOUR
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 35, 12
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 150
    legend.colorNamePairs = [
        (MACHINE_COLOUR, "machine suggestion"),
        (FINAL_COLOUR, "interviewer's final rating"),
    ]
    drawing.add(legend)
    return drawing


def ranking_drawing(report: PanelReport) -> Drawing:
    """Each ranked candidate's mean final rating (dot) with its bootstrap interval (line)."""
    ranked = [c for c in report.ranking.candidates if c.mean is not None]
    row_h, left, right = 16, 190, 20
    height = 40 + row_h * max(len(ranked), 1)
    drawing = Drawing(WIDTH, height)
    x0, x1 = left, WIDTH - right

    def x(value: float) -> float:
        return x0 + (x1 - x0) * value / MAX_RATING

    for tick in range(MAX_RATING + 1):
        drawing.add(
            Line(
                x(tick),
                20,
                x(tick),
                height - 5,
                strokeColor=colors.HexColor("#dddddd"),
                strokeWidth=0.4,
            )
        )
        drawing.add(String(x(tick), 10, str(tick), fontName=FONT, fontSize=7, textAnchor="middle"))
    for i, c in enumerate(ranked):
        y = height - 15 - i * row_h
        label = f"{c.rank}. {short(c.name, 38)}"
        drawing.add(String(x0 - 6, y - 3, label, fontName=FONT, fontSize=7, textAnchor="end"))
        if c.low is not None and c.high is not None:
            drawing.add(Line(x(c.low), y, x(c.high), y, strokeColor=FINAL_COLOUR, strokeWidth=1.5))
        if c.mean is not None:  # always true here; keeps the type checker honest
            drawing.add(Circle(x(c.mean), y, 3, fillColor=FINAL_COLOUR, strokeColor=FINAL_COLOUR))
    return drawing


# --- documents ------------------------------------------------------------------------------


def candidate_pdf(report: CandidateReport) -> bytes:
    """The candidate report as PDF bytes."""
    b = _Builder()
    r = report
    b.para(f"Candidate report: {r.name}", "title")
    b.para(
        f"Candidate {r.candidate_id}. Requisition {r.requisition_id}: {r.requisition_title}. "
        f"Level: {r.level}. Status: {r.status}."
    )
    b.para(r.footer.statement, "statement")

    b.heading("Summary")
    overall = "not rated yet" if r.overall is None else num(r.overall, 2)
    counts = f"{r.profile.n_rated} rated questions"
    if r.profile.n_unrated:
        counts += f", {r.profile.n_unrated} answered but not rated"
    index = r.credibility.index
    fit = r.role_fit.verdict
    if r.role_fit.position is not None:
        fit += f" (mean position {signed(r.role_fit.position)} over {r.role_fit.n} answers)"
    b.table(
        ("", ""),
        [
            ("Overall rating (mean final rating, 0-5)", f"{overall} ({counts})"),
            (
                "Credibility index (0-100)",
                ("no evidence" if index is None else num(index, 0))
                + " \u2014 describes the interview's evidence, not the candidate's honesty",
            ),
            ("Role fit", fit),
        ],
        (0.3, 0.7),
    )
    b.heading("Credibility index parts")
    b.table(
        ("part", "value (0-1)", "n", "evidence"),
        [
            (
                p.label,
                p.shown,
                p.n,
                "\n".join(p.evidence[:6]) + ("\n\u2026" if len(p.evidence) > 6 else ""),
            )
            for p in r.credibility.parts
        ],
        (0.25, 0.1, 0.06, 0.59),
    )

    b.heading(f"Competencies against the {r.level} bar")
    b.drawing(radar([r.profile]))
    b.table(
        ("competency", "final rating", "questions", "machine mean", "bar", "gap"),
        [
            (
                s.name,
                num(s.rating) if s.probed else "not probed",
                s.n_questions,
                num(s.machine_mean),
                num(s.bar),
                signed(s.gap, 1),
            )
            for s in r.profile.scores
            if s.bar is not None or s.probed
        ],
        (0.44, 0.12, 0.1, 0.12, 0.1, 0.12),
    )

    b.heading("Questions: machine suggestion and final rating")
    if r.questions:
        b.drawing(machine_final_chart(r))
    b.table(
        ("question", "prompt", "machine suggestion", "final rating", "override reason"),
        [
            (
                q.rating.label,
                q.prompt_short,
                _machine_text(q.rating.machine_score, q.rating.abstained, q.rating.abstain_reason),
                "not rated" if q.rating.final_rating is None else q.rating.final_rating,
                q.rating.override_reason,
            )
            for q in r.questions
        ]
        or [("", "no answered question yet", "", "", "")],
        (0.1, 0.38, 0.14, 0.1, 0.28),
    )

    b.heading("Red flags")
    if r.credibility.red_flags:
        b.table(
            ("question", "misconception", "claim", "quoted clause", "correction"),
            [
                (
                    f.question_id or "ad hoc question",
                    f.misconception,
                    f.claim,
                    f"\u201c{f.clause}\u201d",
                    f.correction,
                )
                for f in r.credibility.red_flags
            ],
            (0.1, 0.1, 0.25, 0.27, 0.28),
        )
    else:
        b.para("No misconception was asserted in the scored answers.")

    b.heading("Answers (interview notes)")
    for q in r.questions:
        b.story.append(
            KeepTogether(
                [
                    Paragraph(
                        f"<b>{text(q.rating.label)}</b> ({text(q.interviewer)}): "
                        + text(q.rating.prompt),
                        b.styles["body"],
                    ),
                    Paragraph(text(q.answer) or "(empty)", b.styles["answer"]),
                    Spacer(1, 4),
                ]
            )
        )

    _decisions(b, r.decisions, with_candidate=False)
    b.provenance(r.footer)
    return _render(b, f"Candidate report: {r.name}", r.footer)


def _machine_text(score: float | None, abstained: bool, reason: str) -> str:
    if abstained:
        return "not scored" + (f": {reason}" if reason else "")
    return "not scored" if score is None else num(score)


def _decisions(b: _Builder, decisions: Sequence[DecisionLine], with_candidate: bool) -> None:
    b.heading("Decisions recorded")
    if not decisions:
        b.para("No decision recorded yet.")
        return
    headers = ("when (UTC)", "candidate", "decided by", "decision", "reason")
    rows = [
        (
            d.decided_at.strftime("%Y-%m-%d %H:%M"),
            d.candidate_name,
            d.decided_by,
            d.decision,
            d.reason,
        )
        for d in decisions
    ]
    widths: tuple[float, ...] = (0.15, 0.2, 0.15, 0.1, 0.4)
    if not with_candidate:
        headers = headers[:1] + headers[2:]
        rows = [row[:1] + row[2:] for row in rows]
        widths = (0.16, 0.18, 0.12, 0.54)
    b.table(headers, rows, widths)


def panel_pdf(report: PanelReport) -> bytes:
    """The panel debrief as PDF bytes."""
    b = _Builder()
    r = report
    b.para(f"Panel debrief: {r.title}", "title")
    b.para(
        f"Requisition {r.requisition_id}. Level: {r.level}."
        + (f" {r.site}." if r.site else "")
        + f" Panel: {', '.join(r.panel_members) or 'none named'}."
    )
    b.para(r.statement, "statement")
    b.para(f"Candidates shown: {r.basis} ({len(r.candidates)}).")

    level = f"{r.ranking.confidence:.0%}"
    b.heading(f"Ranking: mean final rating with a {level} bootstrap interval over questions")
    if any(c.mean is not None for c in r.ranking.candidates):
        b.drawing(ranking_drawing(r))
    b.table(
        (
            "rank",
            "candidate",
            "mean final rating",
            "interval",
            "rated questions",
            "separated from next",
            "credibility",
            "role fit",
        ),
        [
            (
                "not ranked" if c.rank is None else c.rank,
                c.name,
                "no rated question" if c.mean is None else num(c.mean, 2),
                "" if c.low is None or c.high is None else f"{num(c.low, 2)}\u2013{num(c.high, 2)}",
                c.n,
                "\u2014"
                if c.rank is None
                else ("no: overlaps the next" if c.overlaps_next else "yes"),
                "no evidence" if pc.credibility.index is None else num(pc.credibility.index, 0),
                pc.role_fit.verdict,
            )
            for c, pc in zip(r.ranking.candidates, r.candidates, strict=True)
        ]
        or [("", "no candidate to compare yet", "", "", "", "", "", "")],
        (0.07, 0.2, 0.1, 0.1, 0.08, 0.12, 0.1, 0.23),
    )

    b.heading("Competencies")
    if r.candidates:
        b.drawing(radar(r.profiles))
    names = [c.name for c in r.candidates]
    rest = (0.75 / max(len(names), 1),) * len(names)
    b.table(
        ("competency", "bar", *names),
        [(row["name"], num(row["bar"]), *row["ratings"]) for row in competency_rows(r)],  # type: ignore[arg-type]
        (0.19, 0.06, *rest),
    )

    b.heading("Panel members' ratings and disagreements")
    if r.disagreement.differences:
        b.table(
            ("candidate", "panel member", "rating", "panel mean", "difference", "comment"),
            [
                (
                    r.names.get(d.candidate_id, str(d.candidate_id)),
                    d.member,
                    d.rating,
                    num(d.panel_mean),
                    signed(d.difference, 1) + (" (differs by 1 or more)" if d.differs else ""),
                    d.comment,
                )
                for d in r.disagreement.differences
            ],
            (0.22, 0.16, 0.08, 0.1, 0.16, 0.28),
        )
        differed = r.disagreement.differed
        b.para(
            f"{len(differed)} rating(s) differ from the panel mean by 1 or more."
            if differed
            else "No panel member's rating differs from the panel mean by 1 or more."
        )
    else:
        b.para("No panel member has rated these candidates yet.")

    _decisions(b, r.decisions, with_candidate=True)
    b.provenance(r.footer)
    return _render(b, f"Panel debrief: {r.title}", r.footer)
