"""The poly-fit lab: seeded numbers, MSEs recomputed independently, knobs, cancelling."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab

LAB = "poly-fit"


def data(points: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The lab's samples, generated here the same documented way."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, points))
    return x, np.sin(2 * np.pi * x) + rng.normal(0.0, noise, points)


def test_defaults_give_the_seeded_findings() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "cv_best_degree": 3,
        "train_mse": pytest.approx(0.042978, abs=1e-6),
        "cv_mse": pytest.approx(0.053812, abs=1e-6),
        "underfits_at_degree_1": True,
        "overfits_at_degree_15": True,
        "cv_mse_ratio_to_best": 1.0,
        "cv_mse_against_best": "the lowest of all degrees",
    }
    assert list(result.series) == ["data", "truth", "fit"]
    assert len(result.series["data"].x) == 30
    assert len(result.series["fit"].x) == len(result.series["truth"].x) == 100
    rows = result.tables["Error per degree"].rows
    assert [r[0] for r in rows] == list(range(1, 16))


def test_a_second_setting_gives_its_seeded_findings() -> None:
    result = run_lab(LAB, {"degree": 15, "points": 12, "noise": 0.5, "seed": 4})
    assert result.findings == {
        "cv_best_degree": 3,
        "train_mse": pytest.approx(0.0, abs=1e-6),  # 12 points, 16 coefficients: it interpolates
        "cv_mse": pytest.approx(118.041862, rel=1e-6),
        "underfits_at_degree_1": False,
        "overfits_at_degree_15": True,
        "cv_mse_ratio_to_best": pytest.approx(357.815353, rel=1e-6),
        "cv_mse_against_best": "over 100 times the lowest",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)  # every declared finding


def test_the_data_and_the_train_mse_match_numpy_polyfit() -> None:
    x, y = data(30, 0.25, 0)
    result = run_lab(LAB)
    assert result.series["data"].x == pytest.approx(list(x))
    assert result.series["data"].y == pytest.approx(list(y))
    coef = np.polyfit(x, y, 3)
    by_hand = np.mean((np.polyval(coef, x) - y) ** 2)
    assert result.findings["train_mse"] == pytest.approx(by_hand, abs=1e-6)
    fit = np.polyval(coef, np.linspace(0, 1, 100))
    assert result.series["fit"].y == pytest.approx(list(fit), abs=1e-8)


def test_the_cv_mse_matches_sklearn_cross_validation() -> None:
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    x, y = data(40, 0.3, 6)
    result = run_lab(LAB, {"degree": 4, "points": 40, "noise": 0.3, "seed": 6})
    table = {row[0]: row for row in result.tables["Error per degree"].rows}
    for degree in (1, 4):
        model = make_pipeline(PolynomialFeatures(degree), LinearRegression())
        scores = cross_val_score(
            model,
            (2 * x - 1).reshape(-1, 1),
            y,
            cv=KFold(5, shuffle=True, random_state=6),
            scoring="neg_mean_squared_error",
        )
        assert table[degree][2] == pytest.approx(-scores.mean(), rel=1e-3)
    assert result.findings["cv_mse"] == pytest.approx(table[4][2], rel=1e-3)


def test_under_and_overfitting_show_for_most_seeds() -> None:
    under = over = 0
    for seed in range(10):
        findings = run_lab(LAB, {"seed": seed}).findings
        under += findings["underfits_at_degree_1"]
        over += findings["overfits_at_degree_15"]
        assert 2 <= findings["cv_best_degree"] <= 9, seed
    assert under == 10 and over >= 9


def test_more_points_tame_degree_15() -> None:
    few = run_lab(LAB, {"degree": 15, "points": 20}).findings["cv_mse"]
    many = run_lab(LAB, {"degree": 15, "points": 200}).findings["cv_mse"]
    assert many < few / 10


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"degree": 0}, "degree"),
        ({"degree": 16}, "degree"),
        ({"noise": 1.5}, "noise"),
        ({"points": 9}, "points"),
        ({"points": 201}, "points"),
    ],
)
def test_out_of_range_knobs_are_refused(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
