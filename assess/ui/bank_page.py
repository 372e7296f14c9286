"""Question bank page: search and filter the questions, compare a question's rubrics per level.

For a bank maintainer checking content, or an interviewer preparing a session.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.charts.bank import coverage_figure
from assess.content.bank import Bank
from assess.content.models import Question, Rubric
from assess.content.search import filter_questions
from assess.content.stats import bank_stats
from assess.content.vocabulary import ISA95_PARTS, MOM_CATEGORIES, ROLE_LEVELS, TOPICS
from assess.ui import md
from assess.ui.access import require
from assess.ui.resources import get_bank

LEVEL_TITLES = {
    "plant": "Plant: MES Engineer",
    "enterprise": "Enterprise: MOM Architect",
}
DIFFICULTY_NAMES = {1: "foundational", 2: "practitioner", 3: "expert"}
COLUMNS = ("id", "competency", "levels", "difficulty", "minutes", "parts", "categories")


def _filters(bank: Bank) -> dict[str, object]:
    """The sidebar filter widgets; returns keyword arguments for ``filter_questions``."""
    with st.sidebar:
        st.header("Find questions")
        text = st.text_input(
            "Search",
            key="bank_text",
            placeholder="words in a question, follow-up or key point",
            help="Every word must occur; case does not matter.",
        )
        competencies = st.multiselect(
            "Competency",
            list(bank.competencies),
            format_func=lambda cid: bank.competencies[cid].name,
            key="bank_competencies",
        )
        levels = st.multiselect(
            "Role level", list(ROLE_LEVELS), key="bank_levels", format_func=str.capitalize
        )
        difficulties = st.multiselect(
            "Difficulty",
            list(DIFFICULTY_NAMES),
            format_func=lambda d: f"{d} {DIFFICULTY_NAMES[d]}",
            key="bank_difficulties",
        )
        parts = st.multiselect(
            "ISA-95 part", list(ISA95_PARTS), format_func=lambda p: f"Part {p}", key="bank_parts"
        )
        categories = st.multiselect("MOM category", list(MOM_CATEGORIES), key="bank_categories")
        topics = st.multiselect("Topic", list(TOPICS), key="bank_topics")
        include_retired = st.checkbox("Include retired questions", key="bank_retired")
    return {
        "text": text,
        "competencies": competencies,
        "levels": levels,
        "difficulties": difficulties,
        "parts": parts,
        "categories": categories,
        "topics": topics,
        "include_retired": include_retired,
    }


def _table(bank: Bank, questions: list[Question]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": q.id,
                "competency": bank.competencies[q.competency].name
                if q.competency in bank.competencies
                else q.competency,
                "levels": ", ".join(q.levels),
                "difficulty": q.difficulty,
                "minutes": q.minutes,
                "parts": ", ".join(str(p) for p in q.isa95.parts),
                "categories": ", ".join(q.isa95.mom_categories),
                "retired": q.retired,
            }
            for q in questions
        ],
        columns=[*COLUMNS, "retired"],
    )


def _label(bank: Bank, question_id: str) -> str:
    text = bank.questions[question_id].text
    return f"{question_id}: {text[:80]}{'...' if len(text) > 80 else ''}"


def _question_details(bank: Bank, question: Question) -> None:
    st.subheader(f"{question.id}{' (retired)' if question.retired else ''}")
    st.markdown(f"#### {md(question.text)}")
    competency = bank.competencies.get(question.competency)
    tags = question.isa95
    rows = [
        ("Competency", competency.name if competency else question.competency),
        ("Role levels", ", ".join(question.levels)),
        (
            "Difficulty",
            f"{question.difficulty} {DIFFICULTY_NAMES.get(question.difficulty, '')}",
        ),
        ("Minutes", str(question.minutes)),
        ("Functional levels", ", ".join(tags.functional_levels)),
        ("ISA-95 parts", ", ".join(f"Part {p}" for p in tags.parts)),
        ("MOM categories", ", ".join(tags.mom_categories)),
        ("Activities", ", ".join(tags.activities)),
        ("Topics", ", ".join(tags.topics)),
    ]
    st.markdown("  \n".join(f"**{name}:** {md(value) if value else '-'}" for name, value in rows))
    if question.follow_ups:
        st.markdown("**Follow-up probes**")
        st.markdown("\n".join(f"- {md(probe)}" for probe in question.follow_ups))


def _rubric(bank: Bank, rubric: Rubric) -> None:
    st.caption(
        f"Rubric version {rubric.version} · {len(rubric.key_points)} key points, "
        f"total weight {rubric.total_weight:g}"
    )
    st.markdown("##### Key points")
    for point in rubric.key_points:
        st.markdown(
            f"**weight {point.weight:g}**: {md(point.text)}  \n"
            f":material/help: *Probe if missing:* {md(point.probe)}"
        )
    st.markdown("##### Exemplar answers")
    for exemplar in sorted(rubric.exemplars, key=lambda e: e.score):
        st.markdown(f"**Score {exemplar.score}**: {md(exemplar.answer)}")
    st.markdown("##### Red flags")
    for flag in rubric.red_flags:
        misconception = bank.misconceptions.get(flag.misconception)
        title = f" {md(misconception.title)}" if misconception else ""
        st.markdown(
            f":material/flag: **{md(flag.misconception)}:{title}**  \n"
            f"*Claim:* {md(flag.claim)}  \n"
            f"*Correction:* {md(flag.correction)}"
        )


def _rubrics_side_by_side(bank: Bank, question: Question) -> None:
    for column, level in zip(st.columns(len(ROLE_LEVELS), border=True), ROLE_LEVELS, strict=True):
        with column:
            st.subheader(LEVEL_TITLES[level])
            rubric = bank.rubrics.get((question.id, level))
            if rubric is None:
                st.caption(f"No {level} rubric: this question is not asked at this level.")
            else:
                _rubric(bank, rubric)


def _summary(bank: Bank) -> str:
    stats = bank_stats(bank)
    levels = stats["levels"]
    line = (
        f"{stats['questions']} active questions, {stats['rubrics']} rubrics "
        f"({levels['plant']} plant, {levels['enterprise']} enterprise), "
        f"{stats['both_levels']} asked at both levels; "
        f"{len(stats['competencies'])} of {len(bank.competencies)} competencies have questions; "
        f"{stats['red_flags']} of {len(bank.misconceptions)} misconceptions flagged"
    )
    uncovered = stats["misconceptions_uncovered"]
    if uncovered:
        line += f" (not yet: {', '.join(uncovered)})"
    return line + "."


require("view_bank")
bank = get_bank()
st.title("Question bank")
st.caption(
    "What each question asks, and what a good answer shows at plant and at enterprise level."
)

criteria = _filters(bank)
matches = filter_questions(bank, **criteria)  # type: ignore[arg-type]
total = len(bank.questions) if criteria["include_retired"] else len(bank.active_questions())
st.markdown(f"**{len(matches)}** of {total} questions match.")

if not matches:
    st.info("No question matches these filters. Clear a filter or the search words.")
else:
    st.dataframe(
        _table(bank, matches),
        key="bank_table",
        hide_index=True,
        column_order=[*COLUMNS, "retired"] if criteria["include_retired"] else COLUMNS,
        column_config={
            "id": st.column_config.TextColumn("id", width="small"),
            "difficulty": st.column_config.NumberColumn("difficulty", width="small"),
            "minutes": st.column_config.NumberColumn("minutes", width="small"),
        },
    )
    selected = st.selectbox(
        "Question",
        [q.id for q in matches],
        format_func=lambda qid: _label(bank, qid),
        key="bank_question",
    )
    if selected is not None:
        question = bank.questions[selected]
        _question_details(bank, question)
        _rubrics_side_by_side(bank, question)

st.divider()
st.subheader("Coverage")
st.plotly_chart(coverage_figure(bank), key="bank_coverage")
st.caption("Cells show the rubrics of active questions; a blank cell: not assessed at that level.")
st.markdown(md(_summary(bank)))
