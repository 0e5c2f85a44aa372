"""bias-variance: seeded numbers, the decomposition identity, and the insight across seeds."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.bias_variance import TEST_POINTS, TRAIN_SIZE, _tree_predictions_by_depth
from tutor.labs.common import sine

LAB = "bias-variance"


def table_rows(result) -> list[list[float]]:
    (table,) = result.tables.values()
    return table.rows


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "bias_falls": True,
        "variance_rises": True,
        "decomposition_matches": True,
        "best_complexity": 3,
        "max_decomposition_gap": 0.002426,
    }
    assert result.knobs == {"model": "polynomial", "resamples": 60, "noise": 0.3, "seed": 0}
    rows = table_rows(result)
    assert rows[0] == [1, 0.2113, 0.0069, 0.09, 0.3083, 0.3102]
    assert rows[-1] == [10, 0.0009, 0.1098, 0.09, 0.2008, 0.1997]


def test_tree_findings_at_a_second_setting() -> None:
    result = run_lab(LAB, {"model": "tree", "resamples": 40, "noise": 0.5, "seed": 3})
    assert result.findings == {
        "bias_falls": True,
        "variance_rises": True,
        "decomposition_matches": True,
        "best_complexity": 2,
        "max_decomposition_gap": 0.021178,
    }


def test_same_seed_same_run_other_seed_other_numbers() -> None:
    a, b = run_lab(LAB, {"seed": 7}), run_lab(LAB, {"seed": 7})
    assert a.to_dict()["series"] == b.to_dict()["series"]
    assert run_lab(LAB, {"seed": 8}).series["total"].y != a.series["total"].y


@pytest.mark.parametrize("model", ["polynomial", "tree"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_bias_falls_variance_rises_and_total_is_u_shaped_for_any_seed(
    model: str, seed: int
) -> None:
    result = run_lab(LAB, {"model": model, "seed": seed})
    findings = result.findings
    assert findings["bias_falls"] and findings["variance_rises"]
    assert findings["decomposition_matches"]
    # U-shape: the best complexity is neither the simplest nor the most complex model.
    assert 1 < findings["best_complexity"] < 10
    total = result.series["total"].y
    assert total[0] > min(total) < total[-1]


def test_decomposition_identity_holds_in_every_row() -> None:
    result = run_lab(LAB, {"noise": 0.6, "resamples": 100, "seed": 5})
    for level, bias2, variance, noise, total, measured in table_rows(result):
        assert noise == pytest.approx(0.36)
        assert total == pytest.approx(bias2 + variance + noise, abs=2e-4)
        assert abs(total - measured) <= 0.1 * measured + 0.01, level


def test_against_an_independent_monte_carlo_with_polyfit() -> None:
    """Redraw the same training sets and fit them with np.polyfit (another basis, same fit)."""
    resamples, sigma, seed, degree = 60, 0.3, 0, 3
    rng = np.random.default_rng(seed)
    x_test = np.linspace(0.0, 1.0, TEST_POINTS)
    x_train = (np.arange(TRAIN_SIZE) + rng.uniform(size=(resamples, TRAIN_SIZE))) / TRAIN_SIZE
    y_train = np.sin(2 * np.pi * x_train) + rng.normal(0.0, sigma, size=x_train.shape)
    y_fresh = np.sin(2 * np.pi * x_test) + rng.normal(0.0, sigma, size=(resamples, TEST_POINTS))
    predictions = np.array(
        [
            np.polyval(np.polyfit(x, y, degree), x_test)
            for x, y in zip(x_train, y_train, strict=True)
        ]
    )
    bias2 = np.mean((predictions.mean(axis=0) - np.sin(2 * np.pi * x_test)) ** 2)
    variance = np.mean(predictions.var(axis=0))
    measured = np.mean((predictions - y_fresh) ** 2)

    result = run_lab(LAB)
    i = result.series["bias²"].x.index(degree)
    assert result.series["bias²"].y[i] == pytest.approx(bias2, rel=1e-6)
    assert result.series["variance"].y[i] == pytest.approx(variance, rel=1e-6)
    assert result.series["total"].y[i] == pytest.approx(measured, rel=1e-6)


def test_cut_deep_tree_predicts_like_a_tree_fitted_to_that_depth() -> None:
    from sklearn.tree import DecisionTreeRegressor

    rng = np.random.default_rng(11)
    x_test = np.linspace(0.0, 1.0, TEST_POINTS)
    for _ in range(5):
        x = (np.arange(TRAIN_SIZE) + rng.uniform(size=TRAIN_SIZE)) / TRAIN_SIZE
        y = sine(x) + rng.normal(0.0, 0.4, size=TRAIN_SIZE)
        by_depth = _tree_predictions_by_depth(x, y, x_test, 10, seed=0)
        for depth in range(1, 11):
            direct = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(x[:, None], y)
            np.testing.assert_allclose(by_depth[depth], direct.predict(x_test[:, None]))


def test_every_declared_finding_is_reported_and_the_chart_has_one_point_per_level() -> None:
    spec = get_lab(LAB)
    for model in ("polynomial", "tree"):
        result = run_lab(LAB, {"model": model, "resamples": 10})
        assert set(result.findings) == set(spec.findings)
        assert set(result.series) == {"bias²", "variance", "noise", "total"}
        for series in result.series.values():
            assert series.x == [float(c) for c in range(1, 11)]
        assert result.notes


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"resamples": 5}, "resamples"),
        ({"resamples": 301}, "resamples"),
        ({"noise": 2.0}, "noise"),
        ({"model": "forest"}, "model"),
        ({"seed": -1}, "seed"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
