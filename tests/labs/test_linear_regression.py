"""linear-regression: gradient descent lands on least squares, R²/RMSE equal scikit-learn's,
the outlier drags the slope, too large a rate diverges; seeded findings, bands, knobs."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.linear_regression import gd_outcome, make_data, slope_shift_band

LAB = "linear-regression"


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"learning_rate": 0.1, "steps": 200, "outlier": False, "seed": 0}
    assert result.findings == {
        "r2": pytest.approx(0.849149, abs=1e-6),
        "rmse": pytest.approx(0.536771, abs=1e-6),
        "gd_slope": pytest.approx(2.11665, abs=1e-5),
        "gd_intercept": pytest.approx(1.142006, abs=1e-5),
        "ls_slope": pytest.approx(2.116651, abs=1e-6),
        "ls_intercept": pytest.approx(1.142006, abs=1e-6),
        "gd_matches_least_squares": True,
        "gd_outcome": "matches least squares",
        "outlier_slope_shift": 0.0,
        "outlier_shift_band": "not at all (no outlier)",
    }
    loss = result.series["gradient descent"]
    assert loss.x == [float(s) for s in range(1, 201)]
    assert all(a >= b for a, b in zip(loss.y, loss.y[1:], strict=False))  # never rises
    assert set(result.findings) == set(get_lab(LAB).findings)


@pytest.mark.parametrize(("outlier", "seed"), [(False, 0), (True, 0), (False, 7)])
def test_gradient_descent_matches_closed_form_least_squares(outlier: bool, seed: int) -> None:
    from sklearn.linear_model import LinearRegression

    x, y = make_data(seed, outlier)
    fit = LinearRegression().fit(x.reshape(-1, 1), y)
    (lstsq, *_) = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    np.testing.assert_allclose(lstsq, [fit.coef_[0], fit.intercept_], atol=1e-9)
    findings = run_lab(LAB, {"outlier": outlier, "seed": seed}).findings
    assert abs(findings["gd_slope"] - fit.coef_[0]) < 1e-3
    assert abs(findings["gd_intercept"] - fit.intercept_) < 1e-3
    assert findings["ls_slope"] == pytest.approx(fit.coef_[0], abs=1e-6)
    assert findings["ls_intercept"] == pytest.approx(fit.intercept_, abs=1e-6)


@pytest.mark.parametrize(("rate", "outlier"), [(0.1, False), (0.01, True)])
def test_r2_and_rmse_equal_sklearn_metrics_of_the_gd_line(rate: float, outlier: bool) -> None:
    from sklearn.metrics import r2_score, root_mean_squared_error

    findings = run_lab(LAB, {"learning_rate": rate, "outlier": outlier}).findings
    x, y = make_data(0, outlier)
    predicted = findings["gd_slope"] * x + findings["gd_intercept"]
    # the findings are rounded to 6 decimals, so the recomputed line is close, not identical
    assert findings["r2"] == pytest.approx(r2_score(y, predicted), abs=1e-5)
    assert findings["rmse"] == pytest.approx(root_mean_squared_error(y, predicted), abs=1e-5)


def test_the_outlier_drags_the_slope() -> None:
    result = run_lab(LAB, {"outlier": True})
    assert result.findings["outlier_slope_shift"] == pytest.approx(-0.605444, abs=1e-6)
    assert result.findings["outlier_shift_band"] == "10% to 50%"
    assert result.findings["r2"] == pytest.approx(0.243668, abs=1e-6)
    x, y = make_data(0, outlier=True)
    assert len(x) == 41 and y[-1] == pytest.approx(2.0 + 1.0 - 10.0)
    clean = np.polyfit(*make_data(0, outlier=False), 1)[0]
    dragged = np.polyfit(x, y, 1)[0]
    assert result.findings["outlier_slope_shift"] == pytest.approx(dragged - clean, abs=1e-6)


def test_a_small_rate_crawls_and_a_large_rate_diverges() -> None:
    slow = run_lab(LAB, {"learning_rate": 0.01}).findings
    assert slow["gd_outcome"] == "still short of least squares"
    assert not slow["gd_matches_least_squares"]
    assert slow["gd_slope"] == pytest.approx(1.650084, abs=1e-6)
    fast = run_lab(LAB, {"learning_rate": 1.2})
    assert fast.findings["gd_outcome"] == "diverges"
    assert fast.findings["r2"] == fast.findings["gd_slope"] == "diverged"
    assert len(fast.series["gradient descent"].x) < 200  # stopped when the loss blew up
    assert "overshoots" in fast.notes[0]


def test_the_outcome_holds_for_other_seeds() -> None:
    for seed in range(1, 6):
        assert run_lab(LAB, {"seed": seed}).findings["gd_outcome"] == "matches least squares"
        assert run_lab(LAB, {"seed": seed, "learning_rate": 1.2}).findings["gd_outcome"] == (
            "diverges"
        )
        band = run_lab(LAB, {"seed": seed, "outlier": True}).findings["outlier_shift_band"]
        assert band == "10% to 50%"


def test_bands() -> None:
    assert gd_outcome(0.0009, diverged=False) == "matches least squares"
    assert gd_outcome(0.001, diverged=False) == "still short of least squares"
    assert gd_outcome(0.0, diverged=True) == "diverges"
    assert slope_shift_band(0.0) == "not at all (no outlier)"
    assert slope_shift_band(0.0999) == "under 10%"
    assert slope_shift_band(0.1) == slope_shift_band(0.5) == "10% to 50%"
    assert slope_shift_band(0.5001) == "over 50%"


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": 2.0}, "learning_rate"),
        ({"steps": 5}, "steps"),
        ({"outlier": "maybe"}, "outlier"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
