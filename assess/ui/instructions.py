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
(a hobby, small talk, "could you repeat the question") is **not scored**, with that reason,
never given a number; one that answers another question of the bank is held at 1 with a note
naming that question. Then each sentence or clause is matched to the rubric's key points: the
ones shown are kept with the clause that shows them, the missed ones come with a probe to ask
next. A calibration fitted on the bank's anchored example answers turns this into a 0-5
suggestion; **more evidence never lowers it**. It is held down by what the evidence allows:
**no key point shown, 1**; an asserted misconception, at most 1.5; a list of buzzwords, a
pasted question or text addressed to the grader, flagged and at most 1.5; an answer pitched at
the question's other role level, at most 2. Interview shorthand ("MOM = all of L3",
"prod/qual/maint/inv") is read as the words it stands for. Every stored score keeps the model,
rubric version and calibration that produced it.
"""

ACCURACY = """\
Measured through the same scoring path the console uses, with the shipped settings:

- **A good answer to another question** of the bank (1,053 tries): not scored or at most 1
  in 98.0%.
- **Off-topic text** (hobbies, other IT fields, small talk, evasions) on every rubric (10,296
  tries, and 7,137 more with texts written separately): not scored or at most 1 in 100%.
- **An example answer held out of its own rubric** (819): within 1 point of its expert label
  in 90%; held out of the calibration as well, 90%.
- **Fresh interview answers** graded by hand against the rubric (149): within 1 point in 90%.
- **Interviewer notes** (fragments, abbreviations) rewriting 138 example answers: within 1
  point of the prose version in 94-98%.
- **Adding a sentence that states a missed key point** (463 pairs): never lowered the
  suggestion; raised it in 93-94%.
- **"Key point shown"**, against 219 held-out judgements made by hand: right 91% of the time
  it says shown; finds 82% of the points that are stated.
- **Public short answers** (Mohler et al., 2011: 2,273 answers to 81 questions, calibrated on
  other questions, not scored counted as 0): Pearson r 0.65, RMSE 0.84 points.

**What this means.** The tool is reliable at saying *whether* an answer addresses the question
and which key points it states, and fair about the number: nine suggestions in ten are within
a point of an expert's. Suggestions marked **high** confidence were within 1 point 90-93% of
the time on every data set measured; **low** ones 59% on the public data set. Read the
evidence beside the number, not only the number.

**Role fit** (where an answer is pitched, between one plant and the enterprise) was checked on
70 example answers of the question bank that it had not used: it put 86% of them on the side
of the level they were written for (AUC 0.95). It describes the altitude of the answers, not
their quality, and a candidate's role fit rests on the questions that have both a plant and an
enterprise rubric.

To reproduce: `make bench`, or `python benchmarks/properties.py` and
`python benchmarks/accuracy_mohler.py` (the README's "Benchmarks" section has the details).
"""

LIMITS = """\
- **Short answers.** One or two content words that show no key point, or a fragment such as
  "Level 3" against a point that says much more, are not scored; ask a follow-up instead. A
  short answer that states a key point is scored.
- **Length counts, within the topic.** Of two answers that show the same key points, the one
  that says more about them scores higher, as the bank's example answers do; sentences about
  something else add nothing.
- **Overlapping questions.** Where two questions of the bank cover the same ground, an answer
  can read as the other question's and be held at 1 with a note; rate it yourself.
- **A rubric typed in for the occasion** (question and reference answer, no example answers)
  is judged less surely than a bank rubric: a good answer to another question scored above 1
  in about one case in eight.
- **Key points are judged by meaning, not by an expert.** About one "shown" in ten is wrong (a
  clause close in wording that does not state the point), and about one point in five that is
  stated is missed, more often in terse notes. Each shown point quotes its clause: check it.
- **Non-English answers.** The embedding model is English-only. An answer in another
  language is flagged low-confidence or not scored; rate it yourself and do not rely on a
  suggestion for it.
- **The default calibration was fitted on the question bank's own example answers**, written
  for this project. A team can refit it from its own interviewers' final ratings; a refit is
  adopted only if it agrees better with ratings it was not fitted on.
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
