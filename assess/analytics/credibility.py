"""A credibility index whose parts are shown, not hidden.

The index describes the evidence the interview produced: how well the answers articulate the
ISA-95 architecture, how free they are of known misconceptions, how specific they are, and
how far the machine and the interviewer agree on them. It says nothing about the candidate's
honesty, and no part of it decides anything: a named person reads the parts and decides.

Each part is 0-1 with its evidence and ``n``. A part with no evidence reports "no evidence"
and is left out of the index (never counted as zero). The index is 100 x the mean of the
parts that have evidence, or None when none has.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.analytics.profile import ANSWERED, machine_scored, mean_or_none
from assess.analytics.records import CandidateRecord, QuestionRecord
from assess.errors import UnknownItemError

NO_EVIDENCE = "no evidence"
SCALE = 5.0

# Architecture articulation: questions about the architecture itself. These two competencies
# are the hierarchy and the MES/MOM scope; ISA-95 Part 1 is its models and terminology.
# Parts 2 and 3 are left out: nearly every question touches them, so they say little.
ARCHITECTURE_COMPETENCIES = frozenset({"isa95-foundations", "mes-mom-scope"})
ARCHITECTURE_PARTS = frozenset({1})

ARCHITECTURE = "architecture"
RED_FLAGS = "red_flags"
SPECIFICITY = "specificity"
AGREEMENT = "agreement"

PART_LABELS = {
    ARCHITECTURE: "Architecture articulation",
    RED_FLAGS: "Free of red flags",
    SPECIFICITY: "Specificity",
    AGREEMENT: "Machine-interviewer agreement",
}
PART_METHODS = {
    ARCHITECTURE: (
        "mean final rating / 5 on questions about the architecture itself (competencies "
        "'isa95-foundations' and 'mes-mom-scope', or tagged ISA-95 Part 1)"
    ),
    RED_FLAGS: (
        "1 - share of the answers the scorer judged in which it found a misconception "
        "asserted (the quoted clause is listed)"
    ),
    SPECIFICITY: (
        "mean over scored answers of the share of the key points' own terms the answer names "
        "(the scorer's lexical_recall feature); where that is not stored, the share of key "
        "points covered"
    ),
    AGREEMENT: "1 - mean |machine score - final rating| / 5 over answers that have both",
}


@dataclass(frozen=True)
class FlagEvidence:
    """A misconception asserted in an answer, with the clause that asserted it."""

    question_id: str | None
    prompt: str
    misconception: str
    claim: str
    clause: str
    correction: str


@dataclass(frozen=True)
class CredibilityPart:
    """One named part of the index: a 0-1 value (None: no evidence), its n and evidence."""

    key: str
    label: str
    value: float | None
    n: int
    evidence: tuple[str, ...]
    method: str

    @property
    def has_evidence(self) -> bool:
        return self.value is not None

    @property
    def shown(self) -> str:
        """The value as shown to a recruiter: two decimals, or "no evidence"."""
        return NO_EVIDENCE if self.value is None else f"{self.value:.2f}"


@dataclass(frozen=True)
class CredibilityIndex:
    """The evidence-based credibility index (0-100) of one candidate, with its parts.

    It describes the interview's evidence, not the candidate's honesty. ``index`` is None
    when no part has evidence; ``red_flags`` lists every misconception asserted.
    """

    candidate_id: int
    index: float | None
    parts: tuple[CredibilityPart, ...]
    red_flags: tuple[FlagEvidence, ...]

    def part(self, key: str) -> CredibilityPart:
        for part in self.parts:
            if part.key == key:
                return part
        raise UnknownItemError(f"no credibility part {key!r}")


def credibility(candidate: CandidateRecord) -> CredibilityIndex:
    """Build the credibility index of a candidate from their answered questions.

    The index describes the evidence (architecture articulation, red flags, specificity,
    machine-interviewer agreement), never the candidate's honesty.
    """
    answered = [q for q in candidate.questions if q.status == ANSWERED]
    flags = tuple(
        FlagEvidence(q.question_id, q.prompt, f.misconception, f.claim, f.clause, f.correction)
        for q in answered
        for f in q.red_flags
    )
    parts = (
        _architecture(answered),
        _red_flags(answered, flags),
        _specificity(answered),
        _agreement(answered),
    )
    values = [p.value for p in parts if p.value is not None]
    index = mean_or_none(values)
    return CredibilityIndex(
        candidate_id=candidate.candidate_id,
        index=None if index is None else 100.0 * index,
        parts=parts,
        red_flags=flags,
    )


def _part(key: str, value: float | None, n: int, evidence: list[str]) -> CredibilityPart:
    return CredibilityPart(key, PART_LABELS[key], value, n, tuple(evidence), PART_METHODS[key])


def _name(q: QuestionRecord) -> str:
    return q.question_id or "ad hoc question"


def _architecture(answered: list[QuestionRecord]) -> CredibilityPart:
    chosen = [
        q
        for q in answered
        if q.final_rating is not None
        and (q.competency in ARCHITECTURE_COMPETENCIES or ARCHITECTURE_PARTS & set(q.parts))
    ]
    ratings = [q.final_rating / SCALE for q in chosen if q.final_rating is not None]
    evidence = [f"{_name(q)}: rated {q.final_rating}/5" for q in chosen]
    return _part(ARCHITECTURE, mean_or_none(ratings), len(ratings), evidence)


def _red_flags(answered: list[QuestionRecord], flags: tuple[FlagEvidence, ...]) -> CredibilityPart:
    # Only answers the scorer judged could have raised a flag; the others are not evidence.
    judged = [
        q for q in answered if q.red_flags or (q.machine_score is not None and not q.abstained)
    ]
    if not judged:
        return _part(RED_FLAGS, None, 0, [])
    flagged = sum(bool(q.red_flags) for q in judged)
    evidence = [
        f"{f.question_id or 'ad hoc question'} ({f.misconception}): \u201c{f.clause}\u201d"
        for f in flags
    ] or [f"no misconception asserted in {len(judged)} judged answers"]
    return _part(RED_FLAGS, 1.0 - flagged / len(judged), len(judged), evidence)


def _specificity(answered: list[QuestionRecord]) -> CredibilityPart:
    values: list[float] = []
    evidence: list[str] = []
    for q in machine_scored(answered):
        if "lexical_recall" in q.features:
            value = min(max(q.features["lexical_recall"], 0.0), 1.0)
            evidence.append(f"{_name(q)}: names {value:.0%} of the key points' terms")
        elif q.covered_points or q.missed_points:
            total = len(q.covered_points) + len(q.missed_points)
            value = len(q.covered_points) / total
            evidence.append(f"{_name(q)}: covers {len(q.covered_points)} of {total} key points")
        else:
            continue
        values.append(value)
    return _part(SPECIFICITY, mean_or_none(values), len(values), evidence)


def _agreement(answered: list[QuestionRecord]) -> CredibilityPart:
    pairs = [
        (q, q.machine_score, q.final_rating)
        for q in machine_scored(answered)
        if q.machine_score is not None and q.final_rating is not None
    ]
    gaps = [abs(machine - final) for _, machine, final in pairs]
    gap = mean_or_none(gaps)
    evidence = [f"{_name(q)}: machine {machine:.1f}, final {final}" for q, machine, final in pairs]
    return _part(AGREEMENT, None if gap is None else 1.0 - gap / SCALE, len(gaps), evidence)
