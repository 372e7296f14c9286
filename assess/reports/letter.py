"""A document addressed to a candidate (the notice, the explanation): title, sections of
plain paragraphs, rendered as HTML or PDF by the candidate and panel reports' own machinery.

HTML extends ``html.py``'s page template (same escaping, same look, no charts); PDF uses
``pdf.py``'s builder and page footer. Every value is text and is escaped by those renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from assess.reports import html as html_report
from assess.reports import pdf as pdf_report
from assess.reports.footer import Footer


class LetterFooter(Footer):
    """A footer for a candidate's document: when it was produced and who decides (no model
    provenance, which means nothing to its reader and is kept in the audit log)."""

    def lines(self) -> tuple[str, ...]:
        return (f"Produced {self.generated}.", self.statement)


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs and, optionally, bullet points."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    """A document to a candidate. ``banner`` (e.g. "DRAFT ...") is shown above everything."""

    title: str
    addressee: str
    sections: tuple[Section, ...]
    footer: Footer
    banner: str = ""


_LETTER = """{% extends "base" %}{% block body %}
{% if letter.banner %}<p class="statement"><strong>{{ letter.banner }}</strong></p>{% endif %}
<h1>{{ letter.title }}</h1>
<p>{{ letter.addressee }}</p>
{% for s in letter.sections %}
<h2>{{ s.heading }}</h2>
{% for p in s.paragraphs %}<p>{{ p }}</p>
{% endfor %}
{% if s.bullets %}<ul>{% for b in s.bullets %}<li>{{ b }}</li>{% endfor %}</ul>{% endif %}
{% endfor %}
{% endblock %}
"""

# The candidate report's page template ("base") with this document's body.
_ENV = Environment(
    loader=ChoiceLoader([DictLoader({"letter": _LETTER}), html_report._ENV.loader]),  # type: ignore[list-item]
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def letter_html(letter: Letter) -> str:
    """The document as one standalone HTML page (no script)."""
    return _ENV.get_template("letter").render(
        title=letter.title, letter=letter, footer=letter.footer, plotly_head=Markup("")
    )


def letter_pdf(letter: Letter) -> bytes:
    """The document as PDF bytes."""
    b = pdf_report._Builder()
    if letter.banner:
        b.para(letter.banner, "statement")
    b.para(letter.title, "title")
    b.para(letter.addressee)
    for section in letter.sections:
        b.heading(section.heading)
        for paragraph in section.paragraphs:
            b.para(paragraph)
        for bullet in section.bullets:
            b.para(f"\u2022 {bullet}")
    b.provenance(letter.footer)
    return pdf_report._render(b, letter.title, letter.footer)


def render_for(path: Path, letter: Letter) -> str | bytes:
    """PDF bytes when ``path`` ends in ``.pdf`` (any case), else HTML text."""
    return letter_pdf(letter) if path.suffix.lower() == ".pdf" else letter_html(letter)
