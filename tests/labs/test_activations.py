"""activations: each gradient against central finite differences, GELU against math.erf,
values at known points, and the findings at defaults."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutor.labs import KnobError, LabCancelled, LabResult, Report, get_lab, run_lab
from tutor.labs.activations import FUNCTIONS, curves, gelu, inputs, sigmoid_gradient

LAB = "activations"


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("slope", [0.01, 0.3])
def test_each_gradient_matches_central_finite_differences(name: str, slope: float) -> None:
    function, gradient = curves(slope)[name]
    x = np.linspace(-7.0, 7.0, 281)
    x = x[np.abs(x) > 1e-3]  # ReLU and leaky ReLU have a kink at 0
    h = 1e-5
    numeric = (function(x + h) - function(x - h)) / (2 * h)
    np.testing.assert_allclose(gradient(x), numeric, atol=1e-8)


def test_gelu_is_the_exact_erf_form() -> None:
    x = np.linspace(-6.0, 6.0, 97)
    expected = [v * 0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) for v in x]
    np.testing.assert_allclose(gelu(x), expected, rtol=1e-12, atol=1e-15)
    # The tanh approximation is close, but it is not what the lab draws.
    approx = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    assert 1e-5 < np.abs(approx - gelu(x)).max() < 1e-3


@pytest.mark.parametrize(
    ("name", "x", "value", "slope_at_x"),
    [
        ("sigmoid", 0.0, 0.5, 0.25),
        ("sigmoid", math.log(3.0), 0.75, 0.1875),  # σ = 3/4, σ(1 − σ) = 3/16
        ("tanh", 0.0, 0.0, 1.0),
        ("tanh", math.atanh(0.6), 0.6, 0.64),
        ("relu", -2.0, 0.0, 0.0),
        ("relu", 3.0, 3.0, 1.0),
        ("relu", 0.0, 0.0, 0.0),  # the left-hand gradient at the kink, as frameworks use
        ("leaky-relu", -2.0, -0.2, 0.1),
        ("leaky-relu", 3.0, 3.0, 1.0),
        ("gelu", 0.0, 0.0, 0.5),
        (
            "gelu",
            1.0,
            0.8413447460685429,
            0.8413447460685429 + math.exp(-0.5) / math.sqrt(2 * math.pi),
        ),
        (
            "gelu",
            -1.0,
            -0.15865525393145707,
            0.15865525393145707 - math.exp(-0.5) / math.sqrt(2 * math.pi),
        ),
    ],
)
def test_values_and_gradients_at_known_points(
    name: str, x: float, value: float, slope_at_x: float
) -> None:
    function, gradient = curves(0.1)[name]
    point = np.array([x])
    assert function(point)[0] == pytest.approx(value, abs=1e-12)
    assert gradient(point)[0] == pytest.approx(slope_at_x, abs=1e-12)


def test_default_findings_are_the_numbers_at_defaults() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "function": "all",
        "curves": "gradients",
        "input_range": 8.0,
        "negative_slope": 0.01,
        "seed": 0,
    }
    assert result.findings == {
        "sigmoid_gradient_at_6": 0.002467,
        "sigmoid_saturates_at_6": True,
        "sigmoid_max_gradient": 0.25,
        "sigmoid_small_gradient_share": 0.431535,
        "tanh_small_gradient_share": 0.630705,
        "relu_gradient_zero_for_negatives": True,
        "leaky_relu_min_gradient": 0.01,
        "leaky_relu_gradient_never_zero": True,
        "gelu_min_value": -0.169897,
        "gelu_min_gradient": -0.128862,
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert list(result.series) == [f"{name} gradient" for name in FUNCTIONS]


def test_findings_agree_with_formulas() -> None:
    findings = run_lab(LAB, {"input_range": 10.0}).findings
    e = math.exp(-6.0)
    assert findings["sigmoid_gradient_at_6"] == pytest.approx(e / (1 + e) ** 2, abs=1e-6)
    assert findings["sigmoid_gradient_at_6"] < 0.003
    # σ'(x) < 0.01 beyond |x| = ln((1 + √(1 − 0.04)) / (1 − √(1 − 0.04)) ) ≈ 4.585
    root = math.sqrt(1 - 4 * 0.01)
    edge = math.log((1 + root) / (1 - root))
    assert findings["sigmoid_small_gradient_share"] == pytest.approx((10 - edge) / 10, abs=0.01)
    # tanh'(x) = 1 − tanh² < 0.01 beyond |x| = atanh(√0.99) ≈ 2.99
    edge = math.atanh(math.sqrt(0.99))
    assert findings["tanh_small_gradient_share"] == pytest.approx((10 - edge) / 10, abs=0.01)
    # GELU's minimum: where Φ(x) + xφ(x) = 0, near x = −0.7518, value ≈ −0.16997
    assert findings["gelu_min_value"] == pytest.approx(-0.16997, abs=2e-4)


def test_a_zero_slope_makes_leaky_relu_a_relu() -> None:
    findings = run_lab(LAB, {"negative_slope": 0.0}).findings
    assert findings["leaky_relu_min_gradient"] == 0.0
    assert findings["leaky_relu_gradient_never_zero"] is False
    slope = run_lab(LAB, {"negative_slope": 0.25}).findings["leaky_relu_min_gradient"]
    assert slope == 0.25


def test_one_function_draws_its_value_and_its_gradient() -> None:
    result = run_lab(LAB, {"function": "sigmoid", "curves": "both", "input_range": 6.0})
    assert list(result.series) == ["sigmoid", "sigmoid gradient"]
    x = inputs(6.0)
    assert result.series["sigmoid"].x == x.tolist()
    np.testing.assert_allclose(result.series["sigmoid"].y, 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(result.series["sigmoid gradient"].y, sigmoid_gradient(x))
    assert result.series["sigmoid gradient"].y[-1] == pytest.approx(0.002467, abs=1e-6)
    values = run_lab(LAB, {"function": "relu", "curves": "values"})
    assert list(values.series) == ["relu"]


def test_the_same_knobs_give_the_same_numbers() -> None:
    first, second = run_lab(LAB, {"seed": 7}), run_lab(LAB, {"seed": 7})
    assert first.findings == second.findings
    assert {k: s.y for k, s in first.series.items()} == {k: s.y for k, s in second.series.items()}


def test_cancelling_stops_before_the_next_curve() -> None:
    report = Report(LabResult(LAB, {}))
    with pytest.raises(LabCancelled):
        run_lab(LAB, should_stop=lambda: len(report.result.series) >= 2, report=report)
    assert list(report.result.series) == ["sigmoid gradient", "tanh gradient"]
    assert not report.result.findings


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"function": "swish"}, "function"),
        ({"curves": "all"}, "curves"),
        ({"input_range": 0.5}, "input_range"),
        ({"negative_slope": -0.1}, "negative_slope"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
