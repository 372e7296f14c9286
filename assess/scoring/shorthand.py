"""Interview shorthand and plain-word paraphrases spelled out for the model.

Interviewers type notes ("L3 = MOM; maint WOs in CMMS -> MES"), and candidates often describe
ISA-95 things in plain words ("the business system", "keeping machines running"). The small
embedding model reads neither well, so each clause is embedded with its shorthand spelled out
and the ISA-95 term added beside a plain-word phrase. Only the model sees the spelled-out text;
evidence is always quoted as typed.
"""

from __future__ import annotations

import re

# (pattern, replacement). Word-bounded, case-insensitive; applied in order.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bL\s?([0-5](?:\.5)?)\b", r"Level \1"),
    (r"\bLvl\s?([0-5])\b", r"Level \1"),
    (r"\bmaint\b\.?", "maintenance"),
    (r"\bprod\b\.?", "production"),
    (r"\bqual\b\.?", "quality"),
    (r"\binv\b\.?", "inventory"),
    (r"\bmgmt\b\.?", "management"),
    (r"\bops\b", "operations"),
    (r"\bmanuf\b\.?", "manufacturing"),
    (r"\bequip\b\.?", "equipment"),
    (r"\bsched\b\.?", "scheduling"),
    (r"\bexec\b\.?", "execution"),
    (r"\bWOs\b", "work orders"),
    (r"\bWO\b", "work order"),
    (r"\bPOs\b", "process orders"),
    (r"\bqty\b", "quantity"),
    (r"\bwhse\b", "warehouse"),
    (r"\bcats\b", "categories"),
    (r"\bdefs\b", "definitions"),
    (r"\bcoll\b\.?", "collection"),
    (r"\bsw\b", "software"),
    (r"\bw/o\b", "without"),
    (r"\bw/", "with "),
    (r"\bb/c\b", "because"),
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\bvs\.?\b", "versus"),
    (r"\bcand\.", "the candidate"),
    (r"\bafaik\b", "as far as I know"),
    (r"\bop\b", "operation"),
    (r"\bstd\b\.?", "standard"),
    (r"\bSNs\b", "serial numbers"),
    (r"\bSN\b", "serial number"),
    (r"\bqtys\b", "quantities"),
    (r"\bstn\b\.?", "station"),
    (r"\bmsgs\b", "messages"),
    (r"\bmsg\b", "message"),
    (r"\bSoR\b", "system of record"),
    (r"\bmat\b\.?", "material"),
    (r"\bspecs\b", "specifications"),
    (r"\bspec\b\.?", "specification"),
    (r"\bperf\b\.?", "performance"),
    (r"\bloc\b\.?", "location"),
    (r"\beng\b\.?", "engineering"),
    (r"\bMD\b", "master data"),
    (r"\bdef\b\.?", "definition"),
    (r"\bavg\b\.?", "average"),
    (r"\btol\b\.?", "tolerance"),
    (r"\brecon\b", "reconciliation"),
    (r"\binsp\b\.?", "inspection"),
    (r"\bwts\b", "weights"),
    (r"\bwt\b\.?", "weight"),
    (r"\back\b", "acknowledge"),
    (r"\bphys\b\.?", "physical"),
    (r"\brev\b\.?", "revision"),
    (r"\bincl\b\.?", "including"),
    (r"\breqs\b", "requirements"),
    (r"\breq\b\.?", "requirement"),
    (r"\bconfig\b", "configuration"),
    (r"\bapprox\b\.?", "approximately"),
    (r"\bmgr\b", "manager"),
    (r"\bdept\b\.?", "department"),
    (r"\binfo\b", "information"),
    (r"\benvs\b", "environments"),
    (r"\benv\b\.?", "environment"),
    (r"\bdocs\b", "documents"),
    (r"\bwks\b", "weeks"),
    (r"\bwk\b", "week"),
    (r"\byrs?\b", "years"),
    (r"\bmins\b", "minutes"),
    (r"\bsecs\b", "seconds"),
    (r"\bhrs\b", "hours"),
    (r"\bmo\b", "month"),
)

_SIGNS: tuple[tuple[str, str], ...] = (
    (r"\s+[x×]\s+", " times "),
    (r"\s*(?:->|=>|→)\s*", " leads to "),
    (r"\s*<-\s*", " comes from "),
    (r"\s+=\s+|(?<=\w)=(?=\w)", " is "),
    (r"\s+\+\s+", " and "),
)

# Plain words for ISA-95 terms: the term is added beside the phrase, the phrase stays.
_PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bbusiness (?:system|planning system|layer)s?\b", "ERP at Level 4"),
    (r"\bPLCs?\b|\bcontrollers?\b", "control at Level 2"),
    (r"\bexecution system\b", "MES"),
    (r"\blab(?:oratory)? system\b", "LIMS"),
    (r"\bmaintenance (?:tool|system|software)\b", "CMMS"),
    (r"\bwarehouse (?:tool|system|software)\b", "WMS"),
    (r"\b(?:making|building|producing) (?:the )?products?\b", "production"),
    (r"\bkeeping (?:the )?(?:machines|equipment|assets) (?:running|working|up)\b", "maintenance"),
    (r"\b(?:testing|checking|inspecting) (?:the )?products?\b", "quality"),
    (r"\bmoving (?:the )?(?:stock|material)s?\b", "inventory"),
)

_COMPILED = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in _ABBREVIATIONS + _SIGNS
)
_PLAIN = tuple((re.compile(pattern, re.IGNORECASE), term) for pattern, term in _PLAIN_WORDS)


def spell_out(text: str) -> str:
    """The text as the model should read it: shorthand expanded, ISA-95 terms added."""
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    for pattern, term in _PLAIN:
        text = pattern.sub(lambda match, term=term: f"{match.group(0)} ({term})", text)
    return re.sub(r"\s{2,}", " ", text).strip()
