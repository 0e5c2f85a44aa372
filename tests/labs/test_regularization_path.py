"""regularization-path: the lasso path equals sklearn's lasso_path, the ridge path equals Ridge
(and the closed form) at the same alphas; lasso zeroes every coefficient, ridge none."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.regularization_path import alpha_grid, charted_features, make_data, zero_band

LAB = "regularization-path"


def table_column(result, column: int) -> list[float]:
    (table,) = result.tables.values()
    return [row[column] for row in table.rows]


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "model": "lasso",
        "log_alpha_min": -2.0,
        "log_alpha_max": 3.0,
        "alphas": 40,
        "seed": 0,
    }
    assert result.findings == {
        "zeros_at_largest_alpha": 10,
        "all_zero_at_largest_alpha": True,
        "zero_band": "all",
        "first_zero_alpha": pytest.approx(0.078965, abs=1e-6),
        "last_surviving_feature": "bmi",
        "size_left_at_largest_alpha": 0.0,
    }
    assert set(result.series) == {"sex", "bmi", "bp", "s1", "s2", "s5"}
    assert result.series["bmi"].x[0] == 3.0 and result.series["bmi"].x[-1] == -2.0
    assert set(result.findings) == set(get_lab(LAB).findings)


@pytest.mark.parametrize(("low", "high", "count"), [(-2.0, 3.0, 40), (-4.0, 1.5, 12)])
def test_the_lasso_path_equals_sklearn_lasso_path(low: float, high: float, count: int) -> None:
    from sklearn.linear_model import lasso_path

    X, y, names = make_data()
    alphas = alpha_grid(low, high, count)
    _, coefs, _ = lasso_path(X, y, alphas=alphas, tol=1e-12, max_iter=100_000)
    result = run_lab(
        LAB, {"model": "lasso", "log_alpha_min": low, "log_alpha_max": high, "alphas": count}
    )
    for j in charted_features(X, y):
        np.testing.assert_allclose(result.series[names[j]].x, np.log10(alphas))
        np.testing.assert_allclose(result.series[names[j]].y, coefs[j], atol=1e-6)
    np.testing.assert_allclose(table_column(result, 1), coefs[:, -1], atol=1e-3)  # rounded
    np.testing.assert_allclose(table_column(result, 2), coefs[:, 0], atol=1e-3)


def test_the_ridge_path_equals_ridge_and_the_closed_form() -> None:
    from sklearn.linear_model import Ridge

    X, y, names = make_data()
    alphas = alpha_grid(-2.0, 5.0, 15)
    result = run_lab(LAB, {"model": "ridge", "log_alpha_max": 5.0, "alphas": 15})
    for i, alpha in enumerate(alphas):
        coef = Ridge(alpha=alpha, fit_intercept=False).fit(X, y).coef_
        closed = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
        np.testing.assert_allclose(coef, closed, atol=1e-8)
        for j in charted_features(X, y):
            assert result.series[names[j]].y[i] == pytest.approx(coef[j], abs=1e-6)
    assert result.findings["zeros_at_largest_alpha"] == 0
    assert result.findings["zero_band"] == "none"
    assert result.findings["first_zero_alpha"] == "never"
    assert result.findings["size_left_at_largest_alpha"] == pytest.approx(0.006957, abs=1e-6)


def test_the_largest_alpha_zeroes_every_lasso_coefficient() -> None:
    from sklearn.linear_model import Lasso

    X, y, _ = make_data()
    # above max|Xᵀy|/n no feature is worth its penalty: lasso's whole path starts there
    alpha_max = np.abs(X.T @ y).max() / len(y)
    assert alpha_max == pytest.approx(45.16, abs=0.01)
    assert not Lasso(alpha=1000.0, fit_intercept=False).fit(X, y).coef_.any()
    findings = run_lab(LAB, {"log_alpha_max": 2.0}).findings
    assert findings["all_zero_at_largest_alpha"] and findings["zeros_at_largest_alpha"] == 10


def test_the_first_zero_and_the_last_feature_standing() -> None:
    from sklearn.linear_model import lasso_path

    X, y, names = make_data()
    # bmi is the feature most correlated with the target: the first in, the last out
    assert names[int(np.argmax(np.abs(X.T @ y)))] == "bmi"
    alphas = alpha_grid(-2.0, 3.0, 40)
    _, coefs, _ = lasso_path(X, y, alphas=alphas, tol=1e-12, max_iter=100_000)
    with_a_zero = [i for i in range(40) if (coefs[:, i] == 0).any()]
    result = run_lab(LAB)
    assert result.findings["first_zero_alpha"] == pytest.approx(alphas[max(with_a_zero)], abs=1e-6)
    # that first zero is s3 crossing from one sign to the other, before age leaves for good
    assert [names[j] for j in np.flatnonzero(coefs[:, max(with_a_zero)] == 0)] == ["s3"]
    assert np.sign(coefs[names.index("s3"), -1]) != np.sign(coefs[names.index("s3"), 20])
    zero_from = dict(zip(table_column(result, 0), table_column(result, 3), strict=True))
    assert zero_from["bmi"] == "52.2" and zero_from["age"] == "0.257"
    assert result.findings["last_surviving_feature"] == "bmi"


def test_some_coefficients_are_zero_midway_along_the_lasso_path() -> None:
    findings = run_lab(LAB, {"log_alpha_min": -4.0, "log_alpha_max": 1.0}).findings
    assert findings["zero_band"] == "some"
    assert 0 < findings["zeros_at_largest_alpha"] < 10


def test_zero_bands() -> None:
    assert zero_band(0, 10) == "none"
    assert zero_band(1, 10) == zero_band(9, 10) == "some"
    assert zero_band(10, 10) == "all"


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"model": "elastic-net"}, "model"),
        ({"log_alpha_min": 0.5}, "log_alpha_min"),
        ({"log_alpha_max": 0.5}, "log_alpha_max"),
        ({"alphas": 4}, "alphas"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
