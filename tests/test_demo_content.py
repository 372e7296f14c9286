"""The sample interviews behind ``python -m assess demo``: shape, cross-references and spread.

The content is data, so these checks are what keeps it honest: every question and rubric it
names exists in the real bank, ratings and demographics stay inside their vocabularies, and the
mix is wide enough for item statistics, panel comparison and the fairness audit to show
something.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.content.bank import Bank
from assess.content.vocabulary import ROLE_LEVELS
from assess.errors import UnknownItemError

CONTENT = Path(__file__).resolve().parent.parent / "assess" / "demo" / "sample_interviews.yaml"

NAME_PREFIX = "Sample Candidate - "
TITLE_PREFIX = "SAMPLE - "
MIN_CANDIDATES = 10
MIN_PER_REQUISITION = 5
ANSWERS_PER_CANDIDATE = range(5, 8)  # 5 to 7 questions asked
ANSWER_WORDS = range(40, 201)  # 40 to 200 words
MIN_ASKED = 4  # item statistics need n >= 4 per question...
MAX_RARE_ITEMS = 2  # ... except for one or two variations per requisition
SKIPPED_TOTAL = range(1, 3)
SHORTLIST_SIZE = range(3, 5)
SEX = {"female", "male", "declined"}
RACE_ETHNICITY = {
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Asian",
    "Native Hawaiian or Other Pacific Islander",
    "American Indian or Alaska Native",
    "Two or More Races",
    "declined",
}
# Vendors and products the domain brief mentions; sample content must name none of them.
VENDOR_NAMES = re.compile(
    r"\b(SAP|Siemens|Opcenter|SIMATIC|Rockwell|Plex|FactoryTalk|PharmaSuite|Dassault|DELMIA|"
    r"Apriso|AVEVA|Critical Manufacturing|Tulip|Gartner|LNS|Maximo|HiveMQ|Sparkplug|SYSPRO)\b"
)


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the file must be a mapping with requisitions and candidates"
    assert set(data) == {"requisitions", "candidates"}
    return data


@pytest.fixture(scope="module")
def requisitions(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    by_key = {r["key"]: r for r in content["requisitions"]}
    assert len(by_key) == len(content["requisitions"]), "requisition keys must be unique"
    return by_key


@pytest.fixture(scope="module")
def candidates(content: dict[str, Any]) -> list[dict[str, Any]]:
    return list(content["candidates"])


def _answered(answer: dict[str, Any]) -> bool:
    return not answer.get("skipped", False)


def test_requisitions_are_labelled_samples_one_per_level(
    requisitions: dict[str, dict[str, Any]],
) -> None:
    assert sorted(r["level"] for r in requisitions.values()) == sorted(ROLE_LEVELS)
    for key, req in requisitions.items():
        assert req["title"].startswith(TITLE_PREFIX), key
        assert req["site"].startswith("Sample "), key
        assert isinstance(req["retention_days"], int) and req["retention_days"] > 0, key
        panel = req["panel"]
        assert len(panel) == 3 and len(set(panel)) == 3, f"{key}: a panel of three people"
        assert all(isinstance(p, str) and p.startswith("sample.") for p in panel), key


def test_enough_candidates_overall_and_per_requisition(
    candidates: list[dict[str, Any]], requisitions: dict[str, dict[str, Any]]
) -> None:
    assert len(candidates) >= MIN_CANDIDATES
    per_requisition = Counter(c["requisition"] for c in candidates)
    assert set(per_requisition) == set(requisitions), "every candidate names a known requisition"
    for key in requisitions:
        assert per_requisition[key] >= MIN_PER_REQUISITION, key


def test_names_are_unique_and_obviously_samples(candidates: list[dict[str, Any]]) -> None:
    names = [c["name"] for c in candidates]
    assert len(set(names)) == len(names)
    for name in names:
        assert name.startswith(NAME_PREFIX) and len(name) > len(NAME_PREFIX) + 3, name


def test_every_question_exists_with_a_rubric_at_the_requisition_level(
    candidates: list[dict[str, Any]],
    requisitions: dict[str, dict[str, Any]],
    real_bank: Bank,
) -> None:
    problems = []
    for cand in candidates:
        level = requisitions[cand["requisition"]]["level"]
        for answer in cand["answers"]:
            qid = answer["question"]
            try:
                real_bank.rubric(qid, level)
            except UnknownItemError as exc:
                problems.append(f"{cand['name']}: {exc}")
                continue
            if real_bank.question(qid).retired:
                problems.append(f"{cand['name']}: {qid} is retired")
    assert not problems, "\n".join(problems)


def test_each_candidate_answers_five_to_seven_distinct_questions(
    candidates: list[dict[str, Any]],
) -> None:
    for cand in candidates:
        asked = [a["question"] for a in cand["answers"]]
        assert len(asked) in ANSWERS_PER_CANDIDATE, cand["name"]
        assert len(set(asked)) == len(asked), f"{cand['name']} is asked a question twice"
        assert isinstance(cand["interviewer"], str) and cand["interviewer"].startswith("sample.")
        assert isinstance(cand["profile_note"], str) and cand["profile_note"].strip()


def test_ratings_are_0_to_5_and_null_only_when_skipped(candidates: list[dict[str, Any]]) -> None:
    skipped = 0
    for cand in candidates:
        for answer in cand["answers"]:
            where = f"{cand['name']} {answer['question']}"
            rating = answer["rating"]
            if _answered(answer):
                # bool is an int in Python; a YAML `yes` must not pass as a rating.
                assert type(rating) is int and 0 <= rating <= 5, where
                assert len(answer["answer"].split()) in ANSWER_WORDS, where
            else:
                skipped += 1
                assert answer["skipped"] is True, where
                assert rating is None and answer["answer"] == "", where
                assert answer.get("reason", "").strip(), f"{where}: say why it was skipped"
            reason = answer.get("reason")
            assert reason is None or (isinstance(reason, str) and reason.strip()), where
    assert skipped in SKIPPED_TOTAL


def test_ratings_spread_across_the_scale(candidates: list[dict[str, Any]]) -> None:
    ratings = [a["rating"] for c in candidates for a in c["answers"] if _answered(a)]
    assert {0, 1, 2, 3, 4, 5} <= set(ratings), "mixed quality on purpose: every score point"


def test_demographics_use_the_vocabulary_and_are_mixed(candidates: list[dict[str, Any]]) -> None:
    for cand in candidates:
        demo = cand["demographics"]
        assert set(demo) == {"sex", "race_ethnicity"}, cand["name"]
        assert demo["sex"] is None or demo["sex"] in SEX, cand["name"]
        assert demo["race_ethnicity"] is None or demo["race_ethnicity"] in RACE_ETHNICITY
    sexes = Counter(c["demographics"]["sex"] for c in candidates)
    races = Counter(c["demographics"]["race_ethnicity"] for c in candidates)
    assert sexes["female"] >= 3 and sexes["male"] >= 3
    assert len(races) >= 5
    declined = [c for c in candidates if "declined" in c["demographics"].values()]
    assert 1 <= len(declined) <= 2


def test_no_demographic_group_is_wholly_left_off_the_shortlist(
    candidates: list[dict[str, Any]],
) -> None:
    # Quality is spread independently of demographics, so no group of two or more people
    # should end up entirely shortlisted-out in the sample audit.
    for field in ("sex", "race_ethnicity"):
        groups: dict[str, list[bool]] = {}
        for cand in candidates:
            groups.setdefault(cand["demographics"][field], []).append(cand["shortlisted"])
        for value, picks in groups.items():
            if len(picks) >= 2:
                assert any(picks), f"{field}={value}: nobody shortlisted"


def test_panel_ratings_for_shortlisted_candidates_only(
    candidates: list[dict[str, Any]], requisitions: dict[str, dict[str, Any]]
) -> None:
    for cand in candidates:
        panel = set(requisitions[cand["requisition"]]["panel"])
        assert isinstance(cand["shortlisted"], bool), cand["name"]
        if not cand["shortlisted"]:
            assert not cand.get("panel_ratings"), f"{cand['name']} is not shortlisted"
            continue
        ratings = cand["panel_ratings"]
        assert set(ratings) == panel, f"{cand['name']}: rated by exactly the requisition's panel"
        assert all(type(r) is int and 0 <= r <= 5 for r in ratings.values()), cand["name"]


def test_each_shortlist_has_three_or_four_and_a_real_disagreement(
    candidates: list[dict[str, Any]], requisitions: dict[str, dict[str, Any]]
) -> None:
    for key in requisitions:
        shortlist = [c for c in candidates if c["requisition"] == key and c["shortlisted"]]
        assert len(shortlist) in SHORTLIST_SIZE, key
        spreads = [
            max(c["panel_ratings"].values()) - min(c["panel_ratings"].values()) for c in shortlist
        ]
        assert any(s >= 1 for s in spreads), f"{key}: the panel never disagrees"
        assert 2 in spreads, f"{key}: one panel member should differ by 2 on one candidate"


def test_questions_are_shared_within_a_requisition(
    candidates: list[dict[str, Any]], requisitions: dict[str, dict[str, Any]]
) -> None:
    for key in requisitions:
        asked = Counter(
            a["question"] for c in candidates if c["requisition"] == key for a in c["answers"]
        )
        rare = sorted(q for q, n in asked.items() if n < MIN_ASKED)
        assert len(rare) <= MAX_RARE_ITEMS, f"{key}: asked fewer than {MIN_ASKED} times: {rare}"
        assert len(asked) - len(rare) >= 5, f"{key}: too few shared questions"


def test_no_answer_text_is_duplicated(candidates: list[dict[str, Any]]) -> None:
    seen: dict[str, str] = {}
    for cand in candidates:
        for answer in cand["answers"]:
            if not _answered(answer):
                continue
            text = " ".join(answer["answer"].lower().split())
            where = f"{cand['name']} {answer['question']}"
            assert text not in seen, f"{where} repeats {seen.get(text)}"
            seen[text] = where


def test_no_answer_copies_a_rubric_exemplar(
    candidates: list[dict[str, Any]], requisitions: dict[str, dict[str, Any]], real_bank: Bank
) -> None:
    # The words are the project's own: an answer must not paste the rubric's anchored text.
    for cand in candidates:
        level = requisitions[cand["requisition"]]["level"]
        for answer in filter(_answered, cand["answers"]):
            rubric = real_bank.rubrics.get((answer["question"], level))
            if rubric is None:  # reported by the cross-reference test
                continue
            text = " ".join(answer["answer"].lower().split())
            for exemplar in rubric.exemplars:
                sentences = re.split(r"(?<=[.;])\s+", " ".join(exemplar.answer.lower().split()))
                copied = [s for s in sentences if len(s.split()) >= 8 and s in text]
                assert not copied, f"{cand['name']} {answer['question']}: {copied[0]!r}"


def test_no_real_vendor_or_product_names(content: dict[str, Any]) -> None:
    text = CONTENT.read_text(encoding="utf-8")
    assert not VENDOR_NAMES.findall(text)
