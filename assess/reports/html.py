"""Render report models as standalone HTML files (charts included, working offline).

Jinja2 with ``autoescape=True``: every value from the database (names, answers, reasons) is
escaped, so ``<script>`` in an answer shows as text. The only unescaped markup is plotly's own
figure HTML, whose data it JSON-encodes with ``<`` escaped, and plotly.js itself.
"""

from __future__ import annotations

import plotly.graph_objects as go
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from assess.analytics.profile import CompetencyProfile
from assess.charts.candidate import (
    competency_radar,
    coverage_heatmap,
    credibility_parts,
    machine_vs_final,
    role_fit_axis,
)
from assess.charts.panel import (
    competency_bars,
    disagreement_heatmap,
    overlaid_radars,
    ranking_chart,
)
from assess.reports.candidate import CandidateReport
from assess.reports.panel import PanelReport


def num(value: float | None, digits: int = 1, missing: str = "\u2014") -> str:
    """A number with ``digits`` decimals, or ``missing`` for None (never a made-up zero)."""
    return missing if value is None else f"{value:.{digits}f}"


def signed(value: float | None, digits: int = 2, missing: str = "\u2014") -> str:
    return missing if value is None else f"{value:+.{digits}f}"


_BASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.n { text-align: right; white-space: nowrap; }
.answer { white-space: pre-wrap; background: #f8f8f8; border-left: 3px solid #1f5f8b;
          padding: 0.4rem 0.6rem; margin: 0.2rem 0 1rem; }
.note { color: #555; font-size: 0.9rem; }
.statement { background: #fff4d6; border: 1px solid #e0c060; padding: 0.6rem; }
footer { margin-top: 3rem; border-top: 1px solid #ccc; color: #555; font-size: 0.85rem; }
</style>
{{ plotly_head }}
</head>
<body>
{% block body %}{% endblock %}
<footer>
{% for line in footer.lines() %}<div>{{ line }}</div>{% endfor %}
</footer>
</body>
</html>
"""

_CANDIDATE = """{% extends "base" %}{% block body %}
{% set r = report %}
<h1>Candidate report: {{ r.name }}</h1>
<p>Candidate {{ r.candidate_id }} &middot; requisition {{ r.requisition_id }}
&ldquo;{{ r.requisition_title }}&rdquo; &middot; level {{ r.level }}
&middot; status {{ r.status }}</p>
<p class="statement">{{ r.footer.statement }}</p>

<h2>Summary</h2>
<table>
<tr><th>Overall rating (mean final rating, 0-5)</th>
<td>{% if r.overall is none %}not rated yet{% else %}{{ num(r.overall, 2) }}{% endif %}
{{ " " }}({{ r.profile.n_rated }} rated
{%- if r.profile.n_unrated %}, {{ r.profile.n_unrated }} answered but
not rated{% endif %}{% if r.n_skipped %}, {{ r.n_skipped }} skipped{% endif %})</td></tr>
<tr><th>Credibility index (0-100)</th>
<td>{% if r.credibility.index is none %}no evidence
{%- else %}{{ num(r.credibility.index, 0) }}{% endif %}
{{ " " }}&mdash; describes the interview's evidence, not the candidate's honesty</td></tr>
<tr><th>Role fit</th><td>{{ r.role_fit.verdict }}{% if r.role_fit.position is not none %}
{{ " " }}(mean position {{ signed(r.role_fit.position) }} over {{ r.role_fit.n }} answers;
-1 one plant, +1 the enterprise){% endif %}</td></tr>
</table>

<h2>Credibility index parts</h2>
<table>
<tr><th>part</th><th>value (0-1)</th><th>n</th><th>how it is computed</th><th>evidence</th></tr>
{% for p in r.credibility.parts %}
<tr><td>{{ p.label }}</td><td class="n">{{ p.shown }}</td><td class="n">{{ p.n }}</td>
<td>{{ p.method }}</td><td>{% for e in p.evidence %}<div>{{ e }}</div>{% endfor %}</td></tr>
{% endfor %}
</table>
{{ figures.credibility }}

<h2>Competencies against the {{ r.level }} bar</h2>
{{ figures.radar }}
<table>
<tr><th>competency</th><th>final rating</th><th>questions</th><th>machine mean</th><th>bar</th>
<th>gap</th></tr>
{% for s in r.profile.scores if s.bar is not none or s.probed %}
<tr><td>{{ s.name }}</td>
<td class="n">{% if s.probed %}{{ num(s.rating) }}{% else %}not probed{% endif %}</td>
<td class="n">{{ s.n_questions }}</td><td class="n">{{ num(s.machine_mean) }}</td>
<td class="n">{{ num(s.bar) }}</td><td class="n">{{ signed(s.gap, 1) }}</td></tr>
{% endfor %}
</table>

<h2>Questions: machine suggestion and final rating</h2>
{{ figures.machine_vs_final }}
<table>
<tr><th>question</th><th>prompt</th><th>machine suggestion</th><th>final rating</th>
<th>override reason</th></tr>
{% for line in r.questions %}{% set q = line.rating %}
<tr><td>{{ q.label }}</td><td>{{ line.prompt_short }}</td>
<td class="n">{% if q.abstained %}not scored{% if q.abstain_reason %}: {{ q.abstain_reason }}
{% endif %}{% elif q.machine_score is none %}not scored
{%- else %}{{ num(q.machine_score) }}{% endif %}</td>
<td class="n">{% if q.final_rating is none %}not rated{% else %}{{ q.final_rating }}{% endif %}</td>
<td>{{ q.override_reason }}</td></tr>
{% else %}<tr><td colspan="5">no answered question yet</td></tr>
{% endfor %}
</table>

<h2>Red flags</h2>
{% if r.credibility.red_flags %}
<table>
<tr><th>question</th><th>misconception</th><th>claim</th><th>quoted clause</th>
<th>correction</th></tr>
{% for f in r.credibility.red_flags %}
<tr><td>{{ f.question_id or "ad hoc question" }}</td><td>{{ f.misconception }}</td>
<td>{{ f.claim }}</td><td>&ldquo;{{ f.clause }}&rdquo;</td><td>{{ f.correction }}</td></tr>
{% endfor %}
</table>
{% else %}<p>No misconception was asserted in the scored answers.</p>{% endif %}

<h2>Role fit</h2>
{{ figures.role_fit }}

<h2>ISA-95 coverage</h2>
{{ figures.coverage_activity }}
{{ figures.coverage_level }}

<h2>Answers (interview notes)</h2>
{% for line in r.questions %}
<p><strong>{{ line.rating.label }}</strong> ({{ line.interviewer }}): {{ line.rating.prompt }}</p>
<div class="answer">{{ line.answer }}</div>
{% endfor %}

<h2>Decisions recorded</h2>
{% if r.decisions %}
<table><tr><th>when (UTC)</th><th>decided by</th><th>decision</th><th>reason</th></tr>
{% for d in r.decisions %}
<tr><td>{{ d.decided_at.strftime("%Y-%m-%d %H:%M") }}</td><td>{{ d.decided_by }}</td>
<td>{{ d.decision }}</td><td>{{ d.reason }}</td></tr>
{% endfor %}</table>
{% else %}<p>No decision recorded yet.</p>{% endif %}
{% endblock %}
"""

_PANEL = """{% extends "base" %}{% block body %}
{% set r = report %}
<h1>Panel debrief: {{ r.title }}</h1>
<p>Requisition {{ r.requisition_id }} &middot; level {{ r.level }}{% if r.site %} &middot;
{{ r.site }}{% endif %} &middot; panel: {{ r.panel_members | join(", ") or "none named" }}</p>
<p class="statement">{{ r.statement }}</p>
<p class="note">Candidates shown: {{ r.basis }} ({{ r.candidates | length }}).</p>

<h2>Ranking (mean final rating with a {{ num(100 * r.ranking.confidence, 0) }}% bootstrap
interval over questions)</h2>
{{ figures.ranking }}
<table>
<tr><th>rank</th><th>candidate</th><th>mean final rating</th><th>interval</th>
<th>rated questions</th><th>separated from next</th><th>credibility</th><th>role fit</th>
<th>status</th></tr>
{% for c in r.ranking.candidates %}{% set pc = r.candidates[loop.index0] %}
<tr><td class="n">{{ c.rank if c.rank is not none else "not ranked" }}</td><td>{{ c.name }}</td>
<td class="n">{% if c.mean is none %}no rated question{% else %}{{ num(c.mean, 2) }}{% endif %}</td>
<td class="n">{% if c.low is not none %}{{ num(c.low, 2) }}&ndash;{{ num(c.high, 2) }}
{%- endif %}</td>
<td class="n">{{ c.n }}</td>
<td>{% if c.rank is none %}&mdash;{% elif c.overlaps_next %}no: interval overlaps the next
{%- else %}yes{% endif %}</td>
<td class="n">{% if pc.credibility.index is none %}no evidence
{%- else %}{{ num(pc.credibility.index, 0) }}{% endif %}</td>
<td>{{ pc.role_fit.verdict }}</td><td>{{ pc.status }}</td></tr>
{% else %}<tr><td colspan="9">no candidate to compare yet</td></tr>
{% endfor %}
</table>

<h2>Competencies</h2>
{{ figures.radars }}
{{ figures.bars }}
<table>
<tr><th>competency</th><th>bar</th>{% for c in r.candidates %}<th>{{ c.name }}</th>{% endfor %}</tr>
{% for row in competency_rows %}
<tr><td>{{ row.name }}</td><td class="n">{{ num(row.bar) }}</td>
{% for value in row.ratings %}<td class="n">{{ value }}</td>{% endfor %}</tr>
{% endfor %}
</table>

<h2>Panel members' ratings and disagreements</h2>
{% if r.disagreement.differences %}
{{ figures.disagreement }}
<table>
<tr><th>candidate</th><th>panel member</th><th>rating</th><th>panel mean</th>
<th>difference</th><th>comment</th></tr>
{% for d in r.disagreement.differences %}
<tr><td>{{ r.names[d.candidate_id] }}</td><td>{{ d.member }}</td><td class="n">{{ d.rating }}</td>
<td class="n">{{ num(d.panel_mean) }}</td>
<td class="n">{{ signed(d.difference, 1) }}{% if d.differs %} (differs by 1 or more){% endif %}</td>
<td>{{ d.comment }}</td></tr>
{% endfor %}
</table>
{% else %}<p>No panel member has rated these candidates yet.</p>{% endif %}

<h2>Decisions recorded</h2>
{% if r.decisions %}
<table><tr><th>when (UTC)</th><th>candidate</th><th>decided by</th><th>decision</th>
<th>reason</th></tr>
{% for d in r.decisions %}
<tr><td>{{ d.decided_at.strftime("%Y-%m-%d %H:%M") }}</td><td>{{ d.candidate_name }}</td>
<td>{{ d.decided_by }}</td><td>{{ d.decision }}</td><td>{{ d.reason }}</td></tr>
{% endfor %}</table>
{% else %}<p>No decision recorded yet.</p>{% endif %}
{% endblock %}
"""

_ENV = Environment(
    loader=DictLoader({"base": _BASE, "candidate": _CANDIDATE, "panel": _PANEL}),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(num=num, signed=signed)


def _plotly_head() -> Markup:
    # plotly.js inline, once for the whole page, so the file works offline.
    return Markup(f'<script type="text/javascript">{get_plotlyjs()}</script>')


def _figure(figure: go.Figure) -> Markup:
    return Markup(figure.to_html(full_html=False, include_plotlyjs=False, default_height="480px"))


def competency_rows(report: PanelReport) -> list[dict[str, object]]:
    """Per competency (with a bar, or probed for someone): its bar and each candidate's rating
    as text, "not probed" where a candidate has none."""
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for profile in report.profiles:
        for score in profile.scores:
            if score.competency in seen:
                continue
            mine = [p for p in report.profiles if _probed(p, score.competency)]
            if score.bar is None and not mine:
                continue
            seen.add(score.competency)
            rows.append(
                {
                    "competency": score.competency,
                    "name": score.name,
                    "bar": score.bar,
                    "ratings": [_rating_text(p, score.competency) for p in report.profiles],
                }
            )
    return rows


def _probed(profile: CompetencyProfile, competency: str) -> bool:
    return any(s.competency == competency and s.probed for s in profile.scores)


def _rating_text(profile: CompetencyProfile, competency: str) -> str:
    for score in profile.scores:
        if score.competency == competency and score.rating is not None:
            return f"{score.rating:.1f} (n={score.n_questions})"
    return "not probed"


def candidate_html(report: CandidateReport) -> str:
    """The candidate report as one HTML page (plotly.js inline: works offline)."""
    figures = {
        "credibility": _figure(credibility_parts(report.credibility)),
        "radar": _figure(competency_radar(report.profile)),
        "machine_vs_final": _figure(machine_vs_final(report.ratings)),
        "role_fit": _figure(role_fit_axis(report.role_fit)),
        "coverage_activity": _figure(coverage_heatmap(report.coverage.by_activity)),
        "coverage_level": _figure(coverage_heatmap(report.coverage.by_level)),
    }
    return _ENV.get_template("candidate").render(
        title=f"Candidate report: {report.name}",
        report=report,
        footer=report.footer,
        figures=figures,
        plotly_head=_plotly_head(),
    )


def panel_html(report: PanelReport) -> str:
    """The panel debrief as one HTML page (plotly.js inline: works offline)."""
    figures = {
        "ranking": _figure(ranking_chart(report.ranking)),
        "radars": _figure(overlaid_radars(report.profiles)),
        "bars": _figure(competency_bars(report.profiles)),
        "disagreement": _figure(disagreement_heatmap(report.disagreement)),
    }
    return _ENV.get_template("panel").render(
        title=f"Panel debrief: {report.title}",
        report=report,
        footer=report.footer,
        figures=figures,
        competency_rows=competency_rows(report),
        plotly_head=_plotly_head(),
    )
