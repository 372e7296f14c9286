"""Instructions for use: purpose, accuracy, known limits, oversight and how to contest a score.

Public: shown before sign-in too, so candidates and auditors can read it.
"""

from __future__ import annotations

import streamlit as st

PURPOSE = """\
This toolkit supports **technical interviews for two ISA-95 roles** that are easily confused:
the MES Engineer (plant level) and the MOM Architect (enterprise level). It gives the
interviewer a question bank with a rubric per role level, a console to take notes of the
answers, and a **suggested** 0-5 score per answer with the evidence behind it.

It is **decision support, not an automated decision.** No screen accepts or rejects a
candidate. Every final rating is given by a named interviewer, and every hiring decision
(advance, hold, decline) is recorded by a named person with a reason.
"""

AUDIENCE = """\
- **Interviewers** run the interview and give the final rating per question.
- **Recruiters** follow candidates and requisitions and read the credibility reports.
- **Panel members** compare the shortlist and record decisions with reasons.
- **Admins** manage accounts, oversight settings, the audit log, the adverse-impact audit and
  candidate data requests.
"""

SCORING = """\
The interviewer's typed notes of an answer are compared with the rubric of the question at the
role's level: which key points the answer covers (kept as highlighted evidence), which it
misses (each with a probe to ask next), where it sits among anchored example answers, and
whether it states a known misconception. A calibration maps this to a 0-5 suggestion.
Answers that are empty, off-topic or too short to judge are **not scored** ("ask again"),
never given a number; lists of buzzwords, a pasted question and text addressed to the grader
are flagged and capped. Every stored score keeps the model, rubric version and calibration
that produced it.
"""

ACCURACY = """\
Measured on a public benchmark of short answers (Mohler et al., 2011: 2,273 answers to 79
computer-science questions), with 5-fold cross-validation grouped by question, so the
calibration never saw the questions it was tested on:

| | Pearson r | RMSE (0-5) | QWK | not scored |
|---|---|---|---|---|
| answers it scored (as shipped) | 0.630 | 0.758 | 0.544 | 9% abstained |
| every answer, abstention forced off | 0.599 | 0.881 | | 0% |

For scale, two human graders of that data set agree with each other at r 0.597. A correlation
of 0.63 means the suggestion is a useful second opinion and often off by about one point on
a single answer: read the evidence, not only the number.

**Role fit** (where an answer is pitched, between one plant and the enterprise) was checked on
68 example answers of the question bank that it had not used: it put 84% of them on the side
of the level they were written for (AUC 0.90). It describes the altitude of the answers, not
their quality, and a candidate's role fit rests on the few questions that have both a plant
and an enterprise rubric.

To reproduce: `make bench`, or `python benchmarks/accuracy_mohler.py` for the accuracy
figures alone (the README's "Benchmarks" section has the details).
"""

LIMITS = """\
- **Short answers abstain.** One or two content words that match nothing in the rubric are
  not scored; ask a follow-up instead.
- **Non-English answers.** The embedding model is English-only. An answer in another
  language is flagged low-confidence or not scored; rate it yourself and do not rely on a
  suggestion for it.
- **The calibration was fitted on computer-science short answers**, not on ISA-95 interviews.
  A team can refit it from its own interviewers' final ratings; until then treat the scale
  as approximate.
- **Typed notes are not a transcript.** The machine sees only what the interviewer wrote
  down; an answer summarised in a few words is judged on those words.
- The suggestion judges ISA-95 substance against a rubric; it does not judge communication,
  experience outside the questions asked, or fit for a team.
"""

OVERSIGHT = """\
- The **final rating is always given by a named interviewer**; the suggestion is shown beside
  it with its evidence.
- A final rating that departs from the suggestion by one point or more **needs a written
  reason**, kept in the audit log.
- A decision cannot be saved without a named person and a reason.
- An **admin can turn machine scoring off** for everyone (Oversight page). The console keeps
  working: notes are saved and interviewers rate without a suggestion.
- Every action (sign-ins, scores, ratings, overrides, decisions, exports, deletions, setting
  changes) is written to an append-only audit log.
"""

COPILOT = """\
In the console, the **coverage map** shows which competency areas this interview has not
probed, probed, shown evidence in, or left as a gap, and suggests up to three things to ask
next (missed key points with their probes, the next bank question for an unprobed area).
They are suggestions the interviewer may ignore; adding one is recorded in the audit log.
"""

NOTICE = """\
Before the interview, a recruiter gives each candidate a **notice** from their profile (or with
`python -m assess notice`): what the tool does, that people make every rating and decision,
what is kept and for how long, and how to ask for human review or correction. The time it was
given is recorded in the audit log. When the panel decides not to proceed, the recruiter can
produce an **explanation**: the competency areas that weighed most, in words taken from the
people's ratings and reasons, never the machine's scores alone. It is a draft until the
recruiter reads it and releases it under their name. Neither document contains interviewers'
private notes or anything about other candidates, and either is only as good as the reasons
people wrote down.
"""

CONTEST = """\
1. **Ask the recruiter** who handles your application to review your score.
2. The team reviews, from the audit log and the stored record: every saved version of the
   interviewer's notes of your answer, the rubric version used, the machine's evidence
   (covered and missed key points, any flags), the interviewer's final rating and the reason
   they gave for departing from the suggestion.
3. You may ask for an **export of everything held on you** (JSON and CSV files).
4. You may ask for **erasure**: your record is deleted completely; the audit log keeps only a
   pseudonymous id that no longer leads to you.
"""

DATA = """\
- Demographics (sex, race/ethnicity) are **voluntary** and used **only for the adverse-impact
  audit**. They are stored apart from answers and scores, never reach scoring and are not
  shown to interviewers, recruiters or panel members.
- Each requisition can have a **retention period**; candidates past it are purged, and the
  purge is recorded (pseudonyms only).
- The audit log never holds names or answer text.
- The app sets one cookie, a staff member's sign-in token (valid 12 hours); it holds nothing
  about candidates.
"""

st.title("Instructions for use")
st.caption("What this tool is for, how accurate it is, where it falls short, and your rights.")
for heading, text in (
    ("Intended purpose", PURPOSE),
    ("Who it is for", AUDIENCE),
    ("How scoring works, in short", SCORING),
    ("Accuracy", ACCURACY),
    ("Known limits", LIMITS),
    ("Human oversight", OVERSIGHT),
    ("The interviewer's copilot", COPILOT),
    ("Notice and explanation for candidates", NOTICE),
    ("How to contest a score", CONTEST),
    ("Data handling", DATA),
):
    st.subheader(heading)
    st.markdown(text)
