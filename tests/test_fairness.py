"""Adverse-impact audit: hand-computed impact ratios, edge cases, and a fairlearn cross-check."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fairlearn.metrics import MetricFrame, demographic_parity_ratio, selection_rate

from assess.analytics.fairness import (
    ROW_COLUMNS,
    AuditReport,
    AuditSubject,
    CategoryRow,
    audit,
    report_rows,
    to_json,
)
from assess.errors import AssessError, InputError

ROOT = Path(__file__).resolve().parent.parent

# (sex, race/ethnicity, number above the median, number below): 100 candidates, 50 above and
# 50 below, so the median falls between the two score bands and every count is exact.
SPEC: list[tuple[str | None, str | None, int, int]] = [
    ("Male", "White", 20, 10),
    ("Male", "Black", 6, 9),
    ("Female", "White", 12, 8),
    ("Female", "Black", 5, 10),
    ("Female", "Asian", 1, 0),  # 1% of the sample: small, reported without a ratio
    (None, "White", 3, 2),  # sex unknown
    ("Male", "declined", 2, 3),  # race unknown
    ("", None, 1, 8),  # both unknown
]


def make_subjects(spec: list[tuple[str | None, str | None, int, int]]) -> list[AuditSubject]:
    """Above-median scores spread over 3.0-4.9, below-median over 0.5-2.4."""
    subjects: list[AuditSubject] = []
    for sex, race, above, below in spec:
        for _ in range(above):
            score = 3.0 + (len(subjects) * 7 % 20) / 10
            subjects.append(AuditSubject(len(subjects) + 1, score, sex, race))
        for _ in range(below):
            score = 0.5 + (len(subjects) * 3 % 20) / 10
            subjects.append(AuditSubject(len(subjects) + 1, score, sex, race))
    return subjects


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return audit(make_subjects(SPEC))


def rows_by_category(report: AuditReport, dimension: str) -> dict[str, CategoryRow]:
    return {row.category: row for row in report.table(dimension).rows}  # type: ignore[arg-type]


def test_sample_size_and_median(report: AuditReport) -> None:
    assert report.n == 100
    assert report.median is not None
    assert 2.4 <= report.median <= 3.0
    assert report.message == ""


# Hand-computed: Male 28/50, Female 18/36; White 35/55, Black 11/30, Asian 1/1 (small).
@pytest.mark.parametrize(
    ("dimension", "category", "n", "above", "ratio", "flagged", "small"),
    [
        ("sex", "Male", 50, 28, 1.0, False, False),
        ("sex", "Female", 36, 18, (18 / 36) / (28 / 50), False, False),
        ("race_ethnicity", "White", 55, 35, 1.0, False, False),
        ("race_ethnicity", "Black", 30, 11, (11 / 30) / (35 / 55), True, False),
        ("race_ethnicity", "Asian", 1, 1, None, False, True),
        ("intersection", "Male / White", 30, 20, 1.0, False, False),
        ("intersection", "Male / Black", 15, 6, 0.6, True, False),
        ("intersection", "Female / White", 20, 12, 0.9, False, False),
        ("intersection", "Female / Black", 15, 5, 0.5, True, False),
        ("intersection", "Female / Asian", 1, 1, None, False, True),
    ],
)
def test_hand_computed_rows(
    report: AuditReport,
    dimension: str,
    category: str,
    n: int,
    above: int,
    ratio: float | None,
    flagged: bool,
    small: bool,
) -> None:
    row = rows_by_category(report, dimension)[category]
    assert row.n == n
    assert row.n_above_median == above
    assert row.share_of_sample == pytest.approx(n / 100)
    assert row.scoring_rate == pytest.approx(above / n)
    if ratio is None:
        assert row.impact_ratio is None
    else:
        assert row.impact_ratio == pytest.approx(ratio)
    assert row.flagged is flagged
    assert row.small is small


def test_unknowns_are_counted_not_rowed(report: AuditReport) -> None:
    assert report.table("sex").unknown == 14
    assert report.table("race_ethnicity").unknown == 14
    assert report.table("intersection").unknown == 19
    assert set(rows_by_category(report, "sex")) == {"Male", "Female"}
    assert set(rows_by_category(report, "race_ethnicity")) == {"White", "Black", "Asian"}
    for table in report.tables:
        assert sum(row.n for row in table.rows) + table.unknown == report.n


def test_small_category_does_not_set_the_highest_rate(report: AuditReport) -> None:
    # Asian has the highest rate (1/1) but is under 2%, so White (35/55) is the reference.
    assert report.table("race_ethnicity").highest_rate == pytest.approx(35 / 55)
    assert [row.category for row in report.table("race_ethnicity").flagged] == ["Black"]


def test_small_share_zero_includes_every_category() -> None:
    report = audit(make_subjects(SPEC), small_share=0.0)
    rows = rows_by_category(report, "race_ethnicity")
    assert rows["Asian"].impact_ratio == pytest.approx(1.0)
    assert rows["White"].impact_ratio == pytest.approx(35 / 55)
    assert rows["White"].flagged is True  # 0.636 < 0.8 once Asian is the reference


def test_threshold_changes_flags() -> None:
    report = audit(make_subjects(SPEC), threshold=0.55)
    rows = rows_by_category(report, "intersection")
    assert rows["Male / Black"].flagged is False  # 0.6
    assert rows["Female / Black"].flagged is True  # 0.5


def test_score_at_the_median_is_not_above() -> None:
    subjects = [
        AuditSubject(i, score, sex, "White")
        for i, (score, sex) in enumerate(
            [(1.0, "Male"), (2.0, "Male"), (2.0, "Female"), (2.0, "Female"), (3.0, "Female")]
        )
    ]
    report = audit(subjects, small_share=0.0)
    assert report.median == 2.0
    rows = rows_by_category(report, "sex")
    assert rows["Male"].n_above_median == 0
    assert rows["Female"].n_above_median == 1
    assert rows["Male"].impact_ratio == 0.0
    assert rows["Male"].flagged is True


def test_median_of_an_even_sample_is_the_mean_of_the_middle_two() -> None:
    subjects = [AuditSubject(i, s, "Male", "White") for i, s in enumerate([1.0, 2.0, 4.0, 5.0])]
    assert audit(subjects).median == 3.0


def test_all_equal_scores_give_no_ratios_and_say_why() -> None:
    subjects = [AuditSubject(i, 2.5, "Male" if i % 2 else "Female", "White") for i in range(10)]
    table = audit(subjects).table("sex")
    assert table.highest_rate == 0.0
    assert all(row.impact_ratio is None and not row.flagged for row in table.rows)
    assert "undefined" in table.note


def test_unknown_spellings_are_normalised() -> None:
    subjects = [
        AuditSubject(1, 1.0, "  Female ", "White"),
        AuditSubject(2, 2.0, "Female", "White"),
        AuditSubject(3, 3.0, "DECLINED", "White"),
        AuditSubject(4, 4.0, "   ", "White"),
        AuditSubject(5, 5.0, None, "Declined "),
    ]
    report = audit(subjects)
    assert [row.category for row in report.table("sex").rows] == ["Female"]
    assert report.table("sex").rows[0].n == 2
    assert report.table("sex").unknown == 3
    assert report.table("race_ethnicity").unknown == 1
    assert report.table("intersection").unknown == 3


def test_no_demographics_at_all() -> None:
    report = audit([AuditSubject(1, 3.0, None, None), AuditSubject(2, 1.0, "", "declined")])
    for table in report.tables:
        assert table.rows == ()
        assert table.unknown == 2
        assert table.highest_rate is None
        assert table.note


def test_every_category_small_gives_no_ratios() -> None:
    subjects = [AuditSubject(i, float(i), f"S{i}", "White") for i in range(3)]
    table = audit(subjects, small_share=0.5).table("sex")
    assert table.highest_rate is None
    assert all(row.small and row.impact_ratio is None for row in table.rows)
    assert "small" in table.note


def test_empty_sample_returns_a_message_not_numbers() -> None:
    report = audit([])
    assert report.n == 0
    assert report.median is None
    assert "Nothing to audit" in report.message
    assert all(table.rows == () and table.unknown == 0 for table in report.tables)
    assert report_rows(report) == []
    assert to_json(report)["n"] == 0


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": 1.5}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"small_share": -0.01}, "small_share"),
        ({"small_share": 2.0}, "small_share"),
    ],
)
def test_bad_parameters_raise_input_error(kwargs: dict[str, float], word: str) -> None:
    with pytest.raises(InputError, match=word):
        audit(make_subjects(SPEC), **kwargs)


@pytest.mark.parametrize("score", [float("nan"), float("inf"), None, "3.0"])
def test_bad_score_raises_input_error(score: object) -> None:
    subjects = [AuditSubject(1, 2.0, "Male", "White"), AuditSubject(7, score, "Male", "White")]  # type: ignore[arg-type]
    with pytest.raises(InputError, match="candidate 7"):
        audit(subjects)


def test_duplicate_candidate_raises_input_error() -> None:
    subjects = [AuditSubject(1, 2.0, "Male", "White"), AuditSubject(1, 3.0, "Male", "White")]
    with pytest.raises(InputError, match="twice"):
        audit(subjects)


def test_unknown_dimension_is_a_typed_error(report: AuditReport) -> None:
    with pytest.raises(AssessError, match="dimension"):
        report.table("age")  # type: ignore[arg-type]


def test_report_rows_columns_and_unknown_rows(report: AuditReport) -> None:
    rows = report_rows(report)
    assert all(tuple(row) == ROW_COLUMNS for row in rows)
    unknown = [row for row in rows if row["unknown"]]
    assert [(row["dimension"], row["n"]) for row in unknown] == [
        ("sex", 14),
        ("race_ethnicity", 14),
        ("intersection", 19),
    ]
    assert all(row["scoring_rate"] is None and row["impact_ratio"] is None for row in unknown)
    black = next(r for r in rows if r["dimension"] == "race_ethnicity" and r["category"] == "Black")
    assert black["flagged"] is True
    assert black["impact_ratio"] == pytest.approx((11 / 30) / (35 / 55))
    assert len(rows) == 2 + 3 + 5 + 3


def test_to_json_round_trips_through_json(report: AuditReport) -> None:
    data = json.loads(json.dumps(to_json(report)))
    assert data["n"] == 100
    assert set(data["dimensions"]) == {"sex", "race_ethnicity", "intersection"}
    inter = {row["category"]: row for row in data["dimensions"]["intersection"]["rows"]}
    assert inter["Female / Black"]["parts"] == ["Female", "Black"]
    assert inter["Female / Black"]["impact_ratio"] == pytest.approx(0.5)
    assert inter["Female / Asian"]["impact_ratio"] is None
    assert data["dimensions"]["intersection"]["unknown"] == 19


# ---- cross-check against fairlearn on random data ---------------------------------------


def random_subjects(seed: int, n: int = 600) -> list[AuditSubject]:
    rng = np.random.default_rng(seed)
    sexes = rng.choice(
        ["Male", "Female", "Nonbinary", "declined", ""], size=n, p=[0.45, 0.4, 0.05, 0.06, 0.04]
    )
    races = rng.choice(
        ["White", "Black", "Asian", "Hispanic or Latino", "Two or More", None],
        size=n,
        p=[0.4, 0.2, 0.15, 0.15, 0.015, 0.085],
    )
    # Scores depend a little on group so the ratios differ; rounding creates ties at the median.
    shift = np.where(sexes == "Female", -0.3, 0.0) + np.where(races == "Black", -0.4, 0.0)
    scores = np.round(np.clip(rng.normal(2.5, 1.0, size=n) + shift, 0, 5), 1)
    return [
        AuditSubject(i, float(scores[i]), sexes[i], None if races[i] is None else str(races[i]))
        for i in range(n)
    ]


def _known(value: str | None) -> str | None:
    if value is None or value.strip().casefold() in {"", "declined"}:
        return None
    return value.strip()


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("dimension", ["sex", "race_ethnicity", "intersection"])
def test_rates_and_min_ratio_match_fairlearn(seed: int, dimension: str) -> None:
    subjects = random_subjects(seed)
    report = audit(subjects)
    table = report.table(dimension)  # type: ignore[arg-type]
    scores = np.array([s.score for s in subjects])
    median = float(np.median(scores))
    assert report.median == pytest.approx(median)

    def groups(s: AuditSubject) -> tuple[str, ...] | None:
        sex, race = _known(s.sex), _known(s.race_ethnicity)
        if dimension == "sex":
            return None if sex is None else (sex,)
        if dimension == "race_ethnicity":
            return None if race is None else (race,)
        return None if sex is None or race is None else (sex, race)

    keep = [i for i, s in enumerate(subjects) if groups(s) is not None]
    assert len(subjects) - len(keep) == table.unknown
    y_pred = (scores > median).astype(int)[keep]
    y_true = np.zeros_like(y_pred)  # selection_rate looks only at y_pred
    columns = list(zip(*(groups(subjects[i]) for i in keep), strict=True))
    features = {f"f{k}": np.array(col) for k, col in enumerate(columns)}
    frame = MetricFrame(
        metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=features
    )
    by_group = frame.by_group
    ours = {row.parts: row for row in table.rows}
    theirs = {
        (key if isinstance(key, tuple) else (key,)): float(value) for key, value in by_group.items()
    }
    theirs = {key: value for key, value in theirs.items() if not math.isnan(value)}
    assert set(ours) == set(theirs)
    for parts, row in ours.items():
        assert row.scoring_rate == pytest.approx(theirs[parts])

    # fairlearn's ratio is min/max over the groups it is given; give it the non-small ones.
    big = [i for i in keep if not ours[groups(subjects[i])].small]  # type: ignore[index]
    big_pred = (scores > median).astype(int)[big]
    big_features = ["|".join(groups(subjects[i]) or ()) for i in big]
    expected = demographic_parity_ratio(
        np.zeros_like(big_pred), big_pred, sensitive_features=big_features
    )
    ratios = [row.impact_ratio for row in table.rows if row.impact_ratio is not None]
    assert min(ratios) == pytest.approx(expected)
    assert max(ratios) == pytest.approx(1.0)


def test_random_data_has_a_small_category_somewhere() -> None:
    # Keeps the cross-check honest: at least one seed exercises the small-category exclusion.
    assert any(
        row.small
        for seed in (1, 2, 3)
        for table in audit(random_subjects(seed)).tables
        for row in table.rows
    )


def test_core_module_does_not_import_fairlearn() -> None:
    code = (
        "import sys, assess.analytics.fairness\n"
        "print(any(m.split('.')[0] == 'fairlearn' for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
