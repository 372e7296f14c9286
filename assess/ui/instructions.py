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
role's level. First, **is it an answer to this question?** An answer about something else
(a hobby, small talk, "could you repeat the question") or clearly about another question of
the bank is **not scored**, with that reason, never given a number. Then each sentence or
clause is matched to the rubric's key points: the ones shown are kept with the clause that
shows them, the missed ones come with a probe to ask next. A calibration and the rubric's
anchored example answers turn this into a 0-5 suggestion, held down by what the evidence
allows: **no key point shown, at most 1**; an asserted misconception, at most 1.5; a list of
buzzwords, a pasted question or text addressed to the grader, flagged and at most 1.5.
Interview shorthand ("MOM = all of L3", "prod/qual/maint/inv") is read as the words it stands
for. Every stored score keeps the model, rubric version and calibration that produced it.
"""

ACCURACY = """\
Measured through the same scoring path the console uses, with the shipped settings:

- **A good answer to another question** of the bank (1,053 tries): not scored or at most 1
  in 97.3%.
- **Off-topic text** (hobbies, other IT fields, small talk, evasions) on every rubric (10,296
  tries): not scored or at most 1 in 100%, never above 1.0.
- **Interviewer notes** (fragments, abbreviations) rewriting 72 example answers: within 1
  point of the prose version in 93.1%.
- **An example answer held out of its own rubric**: within 1 point of its expert label in
  only 53.8%.
- **"Key point shown"**, against the 219 held-out judgements of 562 labelled by hand: right 79%
  of the time it says shown; finds 77% of the points that are stated.
- **Public short answers** (Mohler et al., 2011: 2,273 answers to 79 questions, every answer
  counted, not scored = 0): Pearson r 0.510, RMSE 1.43 points, 6.8% not scored.

**What this means.** The tool is reliable at saying *whether* an answer addresses the question
and which key points it states, and only approximate about the exact number: on a single
answer the suggestion is often a point or more away from an expert's. On the public data set,
suggestions marked **high** confidence were within 1 point of the human grade 89% of the time
and **low** only 20%; on the question bank's own held-out examples "high" was within 1 point
only 46% of the time. Read the evidence, not only the number.

**Role fit** (where an answer is pitched, between one plant and the enterprise) was checked on
68 example answers of the question bank that it had not used: it put 84% of them on the side
of the level they were written for (AUC 0.90). It describes the altitude of the answers, not
their quality, and a candidate's role fit rests on the few questions that have both a plant
and an enterprise rubric.

To reproduce: `make bench`, or `python benchmarks/properties.py` and
`python benchmarks/accuracy_mohler.py` (the README's "Benchmarks" section has the details and
the targets not yet met).
"""

LIMITS = """\
- **Short answers.** One or two content words that show no key point are not scored; ask a
  follow-up instead. A short answer that states a key point is scored.
- **The number moves less than the evidence.** Adding a sentence that states a missed key
  point usually raises the suggestion, but in about one pair in eleven it lowered it slightly
  (most by 0.1-0.4). Trust the list of key points shown and missed over small differences in
  the number.
- **A rubric typed in for the occasion** (question and reference answer, no example answers)
  is judged less surely than a bank rubric: of 10,296 off-topic texts two still scored above
  1.5 (talk about cloud infrastructure on IT-flavoured questions), and a good answer to
  another question scored above 1 in about one case in four.
- **Key points are judged by meaning, not by an expert.** About one "shown" in five is wrong
  (a clause that is close in wording but does not state the point), and about one point in
  four that is stated is missed. Each shown point quotes its clause: check it.
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
