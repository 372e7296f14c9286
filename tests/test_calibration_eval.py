"""Calibration fitting and loading, and the agreement metrics and grouped folds. No model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assess.errors import CalibrationError
from assess.scoring import calibration, evaluation
from assess.scoring.evidence import FEATURES
from tests.fakes import synthetic_rows


def test_fit_recovers_linear_target() -> None:
    rows, ys = synthetic_rows(n=80, seed=1)
    model = calibration.fit(rows, ys, alpha=1.0)
    predicted = model.predict(rows)
    assert np.corrcoef(predicted, ys)[0, 1] > 0.9
    assert ((predicted >= 0) & (predicted <= 5)).all()
    held_rows, held_ys = synthetic_rows(n=40, seed=2)
    assert np.corrcoef(model.predict(held_rows), held_ys)[0, 1] > 0.9
    assert model.samples == 80 and model.features == FEATURES


def test_predictions_are_clipped() -> None:
    rows, ys = synthetic_rows(n=40)
    model = calibration.fit(rows, ys, alpha=1.0)
    extreme = [{name: 100.0 for name in FEATURES}, {name: -100.0 for name in FEATURES}]
    predicted = model.predict(extreme)
    assert ((predicted >= 0) & (predicted <= 5)).all()


def test_save_load_round_trip(tmp_path: Path) -> None:
    rows, ys = synthetic_rows(n=50)
    model = calibration.fit(rows, ys, source="unit")
    path = tmp_path / "sub" / "cal.json"
    model.save(path)
    loaded = calibration.load(path)
    assert loaded.id == model.id
    assert np.array_equal(loaded.predict(rows), model.predict(rows))
    assert json.loads(path.read_text())["id"] == model.id


def test_load_default() -> None:
    model = calibration.load()
    assert model.id.startswith("cal-")
    assert model.id in repr(model)
    assert set(model.features) <= set(FEATURES)


def test_load_missing(tmp_path: Path) -> None:
    with pytest.raises(CalibrationError, match="does not exist"):
        calibration.load(tmp_path / "nope.json")


def test_load_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CalibrationError):
        calibration.load(path)


@pytest.mark.parametrize(
    "payload",
    [
        [1, 2, 3],
        {"format": "something-else/9"},
        {"format": calibration.FORMAT},
        {**calibration.load().to_json(), "coef": [1.0, 2.0]},
        {**calibration.load().to_json(), "features": ["no_such_feature"]},
    ],
)
def test_load_wrong_format(tmp_path: Path, payload) -> None:
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(CalibrationError):
        calibration.load(path)


def test_fit_too_few_rows() -> None:
    rows, ys = synthetic_rows(n=calibration.MIN_SAMPLES - 1)
    with pytest.raises(CalibrationError):
        calibration.fit(rows, ys)


@pytest.mark.parametrize("bad", [-0.5, 5.5, float("nan")])
def test_fit_scores_out_of_range(bad: float) -> None:
    rows, ys = synthetic_rows(n=30)
    ys[3] = bad
    with pytest.raises(CalibrationError):
        calibration.fit(rows, ys)


def test_fit_length_mismatch() -> None:
    rows, ys = synthetic_rows(n=30)
    with pytest.raises(CalibrationError):
        calibration.fit(rows, ys[:-1])


# Agreement -----------------------------------------------------------------------------


def test_perfect_agreement() -> None:
    gold = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 3.0]
    metrics = evaluation.agreement(list(gold), gold)
    assert metrics["pearson"] == pytest.approx(1.0)
    assert metrics["spearman"] == pytest.approx(1.0)
    assert metrics["rmse"] == pytest.approx(0.0)
    assert metrics["qwk"] == pytest.approx(1.0)
    assert metrics["abstain_rate"] == 0.0
    assert metrics["n"] == 7 and metrics["scored"] == 7


def test_abstentions_are_counted_and_excluded() -> None:
    predicted = [1.0, None, 3.0, None]
    gold = [1.0, 5.0, 3.0, 0.0]
    metrics = evaluation.agreement(predicted, gold)
    assert metrics["abstain_rate"] == pytest.approx(0.5)
    assert metrics["n"] == 4 and metrics["scored"] == 2
    assert metrics["rmse"] == pytest.approx(0.0)
    assert metrics["pearson"] == pytest.approx(1.0)


def test_all_abstained() -> None:
    metrics = evaluation.agreement([None, None], [1.0, 2.0])
    assert metrics["abstain_rate"] == 1.0 and metrics["scored"] == 0
    assert np.isnan(metrics["rmse"])


def test_rmse_by_hand() -> None:
    metrics = evaluation.agreement([1.0, 2.0, 4.0], [2.0, 2.0, 2.0])
    assert metrics["rmse"] == pytest.approx(np.sqrt((1 + 0 + 4) / 3))


def test_qwk_by_hand() -> None:
    # Pairs (0,0), (1,1), (2,3) on 6 levels; weights (i-j)^2 / 25. Observed weighted sum 1/25.
    # Expected cells are 1/3 for rows {0,1,2} x columns {0,1,3}: sum of (i-j)^2 = 10+5+6 = 21,
    # so expected weighted sum = 21 / 75. Kappa = 1 - (1/25) / (21/75) = 1 - 1/7 = 6/7.
    kappa = evaluation.quadratic_weighted_kappa(np.array([0, 1, 2]), np.array([0, 1, 3]))
    assert kappa == pytest.approx(6 / 7)


def test_qwk_rounds_and_clips() -> None:
    a = np.array([0.4, 1.6, 7.0])
    b = np.array([0.0, 2.0, 5.0])
    assert evaluation.quadratic_weighted_kappa(a, b) == pytest.approx(1.0)


# Grouped cross-validation -------------------------------------------------------------


def _grouped_data(groups: int = 10, per_group: int = 6, seed: int = 0):
    """Rows whose 'lexical_recall' feature is exactly their group's mean gold score."""
    rng = np.random.default_rng(seed)
    rows, gold, names = [], [], []
    for g in range(groups):
        mean = float(rng.uniform(0.5, 4.5))
        for _ in range(per_group):
            row = {name: float(rng.uniform(0, 1)) for name in FEATURES}
            row["lexical_recall"] = mean
            rows.append(row)
            gold.append(float(np.clip(mean + rng.normal(0, 0.3), 0, 5)))
            names.append(f"Q{g:02d}")
    return rows, gold, names


def test_grouped_folds_keep_groups_whole() -> None:
    groups = [f"Q{i % 7}" for i in range(50)]
    folds = evaluation.grouped_folds(groups, 3, seed=4)
    assert set(folds) == {0, 1, 2}
    for group in set(groups):
        assert len({folds[i] for i, g in enumerate(groups) if g == group}) == 1
    assert np.array_equal(folds, evaluation.grouped_folds(groups, 3, seed=4))


@pytest.mark.parametrize("folds", [1, 8])
def test_grouped_folds_bad_count(folds: int) -> None:
    with pytest.raises(ValueError):
        evaluation.grouped_folds(["a", "b", "c", "a"], folds)


def test_cross_validation_never_sees_own_group(monkeypatch: pytest.MonkeyPatch) -> None:
    rows, gold, groups = _grouped_data()
    for i, row in enumerate(rows):
        row["_row"] = i  # ignored by fit (it reads only FEATURES); lets us trace the rows
    real_fit = calibration.fit
    seen: list[tuple[set[str], set[str]]] = []

    class Traced:
        def __init__(self, model, train_groups: set[str]) -> None:
            self.model, self.train_groups = model, train_groups

        def predict(self, test_rows):
            test_groups = {groups[int(r["_row"])] for r in test_rows}
            seen.append((self.train_groups, test_groups))
            return self.model.predict(test_rows)

    def traced_fit(train_rows, train_gold, *args, **kwargs):
        model = real_fit(train_rows, train_gold, *args, **kwargs)
        return Traced(model, {groups[int(r["_row"])] for r in train_rows})

    monkeypatch.setattr(evaluation.cal, "fit", traced_fit)
    predicted = evaluation.cross_validated_predictions(rows, gold, groups, folds=5, seed=3)
    assert len(seen) == 5
    for train_groups, test_groups in seen:
        assert not train_groups & test_groups
    assert set().union(*(test for _, test in seen)) == set(groups)
    assert all(p is not None and 0 <= p <= 5 for p in predicted)
    # Folds agree with grouped_folds: each row's group is tested in exactly one fold.
    fold_of = evaluation.grouped_folds(groups, 5, seed=3)
    for _train, test_groups in seen:
        assert len({int(fold_of[groups.index(g)]) for g in test_groups}) == 1


def test_cross_validation_skips_missing_features() -> None:
    rows, gold, groups = _grouped_data(groups=8, per_group=8)
    features: list = list(rows)
    features[0] = None
    features[9] = None
    predicted = evaluation.cross_validated_predictions(features, gold, groups, folds=4)
    assert predicted[0] is None and predicted[9] is None
    assert sum(p is None for p in predicted) == 2
    metrics = evaluation.agreement(predicted, gold)
    assert metrics["abstain_rate"] == pytest.approx(2 / len(rows))
    assert metrics["scored"] == len(rows) - 2
