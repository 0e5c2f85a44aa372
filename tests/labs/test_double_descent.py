"""double-descent: seeded numbers, a pinv recomputation, and the peak at p ≈ n across seeds."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.double_descent import DRAWS, INPUT_DIMS, MSE_FLOOR, TEST_SIZE, _target, widths

LAB = "double-descent"


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"max_features": 160, "samples": 40, "noise": 0.2, "seed": 0}
    assert result.findings == {
        "peak_features": 40,
        "peak_near_interpolation": True,
        "error_falls_after_peak": True,
        "test_error_at_max": 0.31781,
        "peak_place": "near n",
    }


def test_findings_at_a_second_setting() -> None:
    result = run_lab(LAB, {"max_features": 60, "samples": 20, "noise": 0.5, "seed": 4})
    assert result.findings == {
        "peak_features": 20,
        "peak_near_interpolation": True,
        "error_falls_after_peak": True,
        "test_error_at_max": 2.537945,
        "peak_place": "near n",
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_peak_sits_at_the_interpolation_threshold_for_other_seeds(seed: int) -> None:
    findings = run_lab(LAB, {"seed": seed}).findings
    assert findings["peak_near_interpolation"] and findings["error_falls_after_peak"]


@pytest.mark.parametrize(("samples", "noise"), [(20, 0.0), (60, 1.0)])
def test_the_peak_follows_the_number_of_samples(samples: int, noise: float) -> None:
    findings = run_lab(
        LAB, {"samples": samples, "noise": noise, "max_features": 3 * samples}
    ).findings
    assert abs(findings["peak_features"] - samples) <= 0.25 * samples
    assert findings["error_falls_after_peak"]


def test_against_minimum_norm_solutions_from_pinv() -> None:
    """Redraw the same data and features; fit with the pseudo-inverse at a few widths."""
    n, max_features, noise = 40, 160, 0.2
    rng = np.random.default_rng(0)
    beta = rng.normal(size=INPUT_DIMS) / np.sqrt(INPUT_DIMS)
    X_train = rng.normal(size=(n, INPUT_DIMS))
    y_train = _target(X_train, beta) + noise * rng.normal(size=n)
    X_test = rng.normal(size=(TEST_SIZE, INPUT_DIMS))
    y_test = _target(X_test, beta)
    draws = []
    for _ in range(DRAWS):
        W = rng.normal(size=(INPUT_DIMS, max_features)) / np.sqrt(INPUT_DIMS)
        draws.append((np.maximum(X_train @ W, 0), np.maximum(X_test @ W, 0)))

    result = run_lab(LAB)
    for p in (5, 20, 80, 160):
        test_logs, train_logs = [], []
        for F_train, F_test in draws:
            weights = np.linalg.pinv(F_train[:, :p]) @ y_train
            test_logs.append(np.log10(np.mean((F_test[:, :p] @ weights - y_test) ** 2)))
            train_mse = np.mean((F_train[:, :p] @ weights - y_train) ** 2)
            train_logs.append(np.log10(max(train_mse, MSE_FLOOR)))
        assert result.series["test error"].y[p - 1] == pytest.approx(np.mean(test_logs), abs=1e-6)
        assert result.series["train error"].y[p - 1] == pytest.approx(np.mean(train_logs), abs=1e-6)


def test_widths_are_every_p_by_default_and_always_keep_the_threshold() -> None:
    assert widths(160, 40) == list(range(1, 161))
    for max_features, n in [(400, 200), (400, 100), (300, 101), (20, 200)]:
        ps = widths(max_features, n)
        assert ps[0] == 1 and ps[-1] == max_features and ps == sorted(set(ps))
        assert len(ps) <= 210
        if n <= max_features:
            assert {n - 1, n} <= set(ps)


def test_train_error_reaches_zero_exactly_at_the_threshold() -> None:
    result = run_lab(LAB, {"samples": 30, "max_features": 90})
    train = result.series["train error"].y
    floor = np.log10(MSE_FLOOR)
    assert all(v > floor for v in train[:29])  # p < n: cannot fit every point
    assert all(v == pytest.approx(floor) for v in train[29:])  # p ≥ n: interpolates
    test = result.series["test error"].y
    assert result.findings["peak_features"] == 1 + int(np.argmax(test))
    assert result.findings["test_error_at_max"] == pytest.approx(10 ** test[-1], rel=1e-5)


def test_every_declared_finding_is_reported_and_the_chart_is_small_enough() -> None:
    spec = get_lab(LAB)
    result = run_lab(LAB, {"max_features": 20, "samples": 50})
    assert set(result.findings) == set(spec.findings)
    # With fewer features than samples there is no second descent to see.
    assert result.findings["peak_near_interpolation"] is False
    assert set(result.series) == {"test error", "train error"}
    assert result.series["test error"].x == [float(p) for p in range(1, 21)]
    assert 2 * spec.knobs["max_features"].high <= 2000
    assert result.notes and result.tables


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"samples": 5}, "samples"),
        ({"max_features": 401}, "max_features"),
        ({"noise": 1.5}, "noise"),
        ({"noise": -0.1}, "noise"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
