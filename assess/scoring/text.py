"""Plain-text helpers for scoring: sentences, content words, and cue patterns."""

from __future__ import annotations

import re
import unicodedata

MAX_ANSWER_CHARS = 20_000

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "with",
        "as",
        "by",
        "at",
        "from",
        "into",
        "than",
        "then",
        "so",
        "such",
        "can",
        "will",
        "would",
        "should",
        "could",
        "may",
        "might",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "but",
        "if",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "why",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "we",
        "you",
        "i",
        "our",
        "your",
        "my",
        "me",
        "us",
        "also",
        "each",
        "any",
        "all",
        "some",
        "more",
        "most",
        "other",
        "about",
        "very",
        "just",
        "like",
        "really",
        "basically",
        "well",
        "yes",
        "okay",
        "ok",
        "um",
        "uh",
    ]
)
# Words that reverse or disown the claim around them.
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nothing",
        "neither",
        "nor",
        "cannot",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "can't",
        "couldn't",
        "isnt",
        "arent",
        "dont",
        "doesnt",
        "cant",
        "wont",
    ]
)
# Phrases that report a claim in order to reject it ("a common myth is that ...").
_DISOWNING = re.compile(
    r"\b(myth|misconception|mistake|misunderstanding|wrong(ly)?|incorrect(ly)?|false|"
    r"confus\w*|conflat\w*|misle\w*|mix(es|ed)? up|people (think|say|believe|assume|treat|claim)|"
    r"(some|many|vendors?|they) (think|say|believe|assume|claim)|contrary to|"
    r"it is tempting|is often (said|claimed)|"
    r"(is|are) not (true|right|correct))\b",
    re.IGNORECASE,
)
_GRADER = re.compile(
    r"\b(give|award|assign|grant)\s+(me|this|it|the answer|the candidate)?\s*"
    r"(a\s+)?(full|max(imum)?|top|perfect|high(est)?|5|five)\s*(marks?|points?|score|/\s*5)?\b|"
    r"\b(full|maximum|top|perfect)\s+marks?\b|"
    r"\bscore\s+(this|me|it)\s+(as\s+|a\s+)?(5|five|full|high|maximum)\b|"
    r"\bignore\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier|rubric|instructions?)\b|"
    r"\b(dear|hey|hello|attention)\s+(grader|scorer|evaluator|ai|model|assistant|system)\b|"
    r"\b(grader|scorer|evaluator|language model|ai system)\s*[:,]|"
    r"\bsystem\s+prompt\b|\byou\s+are\s+(now\s+)?(a|an|the)\s+\w+\s+(grader|scorer|assistant)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# A stop ends a sentence only before a space or the end, so "3.5", "e.g." inside a clause or
# "ISA-95.3" stay whole.
_SENTENCE = re.compile(r"(?:[^.!?;\n]|[.!?;](?=\S))+(?:[.!?;]+(?=\s|$)|\n+|$)")


def normalize(text: str) -> tuple[str, bool]:
    """NFC-normalise, drop control characters, and cut at ``MAX_ANSWER_CHARS``.

    Returns:
        The cleaned text and whether it was cut.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = text.strip()
    cut = len(text) > MAX_ANSWER_CHARS
    return (text[:MAX_ANSWER_CHARS] if cut else text), cut


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match plural and tense variants."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def is_content(word: str) -> bool:
    return word not in STOPWORDS and any(ch.isalnum() for ch in word)


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if is_content(w)}


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences and semicolon clauses, trimmed, non-empty."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(ch.isalnum() for ch in text[start:end]):
            spans.append((start, end))
    return spans


# What turns terms into a claim: a relation sign, a verb or a linking word.
_CLAIM_MARKER = re.compile(
    r"(=|->|→|=>|<-|:|\b(?:is|are|was|were|be|means?|owns?|runs?|sends?|holds?|has|have|had|"
    r"does|do|did|gets?|goes|keeps?|makes?|uses?|used|needs?|handles?|tracks?|because|so|then|"
    r"via|by|from|into|between|per|when|if|not|no|only|until|after|before|instead|than)\b)",
    re.IGNORECASE,
)


def is_term_list(text: str) -> bool:
    """True when the text is a list of terms: five or more short items (split at commas,
    semicolons and line breaks) with hardly a relation sign, verb or linking word among them."""
    items = [item for item in re.split(r"[,;\n|•·]+", text) if item.strip()]
    if len(items) < 5:
        return False
    short = sum(len(item.split()) <= 3 for item in items)
    markers = len(_CLAIM_MARKER.findall(text))
    return short >= 0.8 * len(items) and markers < max(2, 0.2 * len(items))


def negation_count(text: str) -> int:
    tokens = re.findall(r"[a-z]+(?:'t)?", text.lower().replace("’", "'"))
    return sum(1 for token in tokens if token in NEGATIONS or token.endswith("n't"))


_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}


_NUM = r"(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_COUNTED = re.compile(
    rf"\b(?:levels?|parts?|tiers?|l)\s*{_NUM}\b|\b{_NUM}\s+(?:levels?|parts?|tiers?)\b|"
    r"(?<![-\w.])(\d{1,2})\b(?!-)",  # bare small numbers; not "ISA-95" or "IEC 62443"
    re.IGNORECASE,
)


def numbers(text: str) -> set[str]:
    """Level, part and bare numbers a text states, as digits ("Level four" gives "4")."""
    found = set()
    for match in _COUNTED.finditer(text):
        value = next(group for group in match.groups() if group).lower()
        found.add(_NUMBER_WORDS.get(value, value))
    return found


def disowns(text: str) -> bool:
    """Does the text report a claim in order to reject it?"""
    return bool(_DISOWNING.search(text))


def addresses_grader(text: str) -> bool:
    return bool(_GRADER.search(text))
