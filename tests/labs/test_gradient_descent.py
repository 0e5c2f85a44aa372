"""gradient-descent: the loss's gradient against finite differences, each outcome at chosen
knobs, and the lab's steps against gradient descent written out again here."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, LabCancelled, LabResult, Report, get_lab, run_lab
from tutor.labs.gradient_descent import (
    GLOBAL_MIN,
    HUMP,
    LOCAL_MIN,
    OUTCOMES,
    PLATEAU,
    gradient,
    loss,
)

LAB = "gradient-descent"


def slope_by_hand(x: float) -> float:
    """f'(x) = 0.1 (x + 2)² (x + 0.3) (x − 0.2) (x − 2), as the module's docstring gives it."""
    return 0.1 * (x + 2) ** 2 * (x + 0.3) * (x - 0.2) * (x - 2)


def descend(rate: float, momentum: float, start: float, steps: int) -> list[float]:
    """Heavy-ball gradient descent in plain Python floats: the positions x_0 … x_steps."""
    xs, velocity = [start], 0.0
    for _ in range(steps):
        velocity = momentum * velocity - rate * slope_by_hand(xs[-1])
        xs.append(xs[-1] + velocity)
    return xs


def plain_descent(rate: float, start: float, steps: int) -> list[float]:
    xs = [start]
    for _ in range(steps):
        xs.append(xs[-1] - rate * slope_by_hand(xs[-1]))
    return xs


def test_the_gradient_matches_central_finite_differences_of_the_loss() -> None:
    h = 1e-6
    for x in np.linspace(-3.0, 3.0, 61):
        numeric = (loss(x + h) - loss(x - h)) / (2 * h)
        assert gradient(x) == pytest.approx(numeric, rel=1e-6, abs=1e-7)
        assert gradient(x) == pytest.approx(slope_by_hand(x), rel=1e-9, abs=1e-12)


def test_the_landscape_has_a_plateau_a_local_and_a_global_minimum() -> None:
    for point in (PLATEAU, LOCAL_MIN, HUMP, GLOBAL_MIN):
        assert gradient(point) == pytest.approx(0.0, abs=1e-12)
    assert loss(GLOBAL_MIN) == pytest.approx(0.0, abs=1e-12)
    assert loss(GLOBAL_MIN) < loss(LOCAL_MIN) < loss(HUMP) < loss(PLATEAU)
    # The plateau is flat but not a minimum: the slope points right on both sides of it.
    assert gradient(PLATEAU - 0.3) < 0 and gradient(PLATEAU + 0.3) < 0
    assert abs(gradient(PLATEAU - 0.1)) < 0.02 and abs(gradient(PLATEAU + 0.1)) < 0.02
    assert abs(gradient(-3.0)) > 4  # the wall the default run starts on is 200× steeper
    h = 1e-4
    curvature = [(loss(x + h) - 2 * loss(x) + loss(x - h)) / h**2 for x in (LOCAL_MIN, HUMP)]
    assert curvature[0] > 0 > curvature[1]


def test_default_findings_are_the_numbers_at_defaults() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "learning_rate": 0.05,
        "momentum": 0.0,
        "start": -3.0,
        "steps": 100,
        "seed": 0,
    }
    assert result.findings == {
        "outcome": "stalls on the plateau",
        "final_loss": 1.664401,
        "final_x": -2.090336,
        "steps_to_minimum": None,
        "crossed_plateau": False,
        "passed_hump": False,
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert result.series["loss"].x == [float(n) for n in range(101)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "stalls on the plateau"),
        ({"momentum": 0.9}, "converges"),
        ({"momentum": 0.7}, "stuck in the local minimum"),
        ({"learning_rate": 0.001}, "crawls"),
        ({"learning_rate": 0.8}, "diverges"),
        ({"start": 1.0}, "converges"),
        ({"start": 0.0}, "stuck in the local minimum"),
        ({"start": 1.0, "learning_rate": 0.001}, "crawls"),
        ({"start": 2.5, "learning_rate": 1.0}, "diverges"),
    ],
)
def test_each_outcome_at_chosen_knobs(values: dict, expected: str) -> None:
    assert expected in OUTCOMES
    assert run_lab(LAB, values).findings["outcome"] == expected


@pytest.mark.parametrize(
    ("rate", "start", "steps"), [(0.05, -3.0, 100), (0.01, 1.0, 60), (0.2, 0.0, 40)]
)
def test_momentum_zero_is_plain_gradient_descent(rate: float, start: float, steps: int) -> None:
    result = run_lab(LAB, {"learning_rate": rate, "start": start, "steps": steps})
    expected = plain_descent(rate, start, steps)
    np.testing.assert_allclose(result.series["position x"].y, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        result.series["loss"].y, [loss(x) for x in expected], rtol=1e-9, atol=1e-12
    )


def test_momentum_follows_the_heavy_ball_update() -> None:
    result = run_lab(LAB, {"momentum": 0.9})
    expected = descend(0.05, 0.9, -3.0, 100)
    np.testing.assert_allclose(result.series["position x"].y, expected, rtol=1e-9, atol=1e-12)
    losses = result.series["loss"].y
    first = next(n for n, value in enumerate(losses) if value <= 1e-3)
    assert result.findings["steps_to_minimum"] == first == 28
    assert result.findings["crossed_plateau"] and result.findings["passed_hump"]
    # Plain descent at the same rate never gets off the plateau.
    assert max(plain_descent(0.05, -3.0, 100)) < PLATEAU + 0.5


def test_a_too_large_rate_overshoots_further_each_step_and_stops_early() -> None:
    result = run_lab(LAB, {"learning_rate": 0.8})
    xs, losses = result.series["position x"].y, result.series["loss"].y
    assert len(xs) < 20  # stopped once x left [−10, 10]
    assert abs(xs[-1]) > 10 and losses[-1] > 1e6
    assert losses[-1] > losses[-2] > losses[-3]
    assert result.findings["final_loss"] == pytest.approx(losses[-1], rel=1e-6)


def test_a_run_stops_the_step_x_leaves_the_walls_before_the_loss_can_overflow() -> None:
    # From x = 3 the slope is 23.1: one step at rate 1 lands at x = −20.1.
    result = run_lab(LAB, {"learning_rate": 1.0, "start": 3.0, "momentum": 0.99})
    assert result.findings["outcome"] == "diverges"
    assert result.series["position x"].y == pytest.approx([3.0, 3.0 - slope_by_hand(3.0)])
    assert all(np.isfinite(result.series["loss"].y))
    assert result.findings["final_loss"] == pytest.approx(loss(3.0 - slope_by_hand(3.0)))


def test_the_same_knobs_give_the_same_numbers() -> None:
    values = {"momentum": 0.5, "learning_rate": 0.1, "seed": 5}
    first, second = run_lab(LAB, values), run_lab(LAB, values)
    assert first.findings == second.findings
    assert first.series["loss"].y == second.series["loss"].y


def test_cancelling_stops_within_a_step() -> None:
    report = Report(LabResult(LAB, {}))
    with pytest.raises(LabCancelled):
        run_lab(
            LAB,
            {"steps": 500},
            should_stop=lambda: len(report.result.series.get("loss", [0]).x) >= 5,
            report=report,
        )
    assert len(report.result.series["loss"].x) == 5
    assert not report.result.findings


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": 2.0}, "learning_rate"),
        ({"momentum": 1.0}, "momentum"),
        ({"start": -5.0}, "start"),
        ({"steps": 5}, "steps"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)


def test_high_momentum_near_the_minimum_swings_rather_than_crawls() -> None:
    """A run that reached the global minimum's basin but still overshoots is not 'crawling'
    (found by a lesson writer at momentum 0.95)."""
    from tutor.labs import run_lab

    found = run_lab("gradient-descent", {"momentum": 0.95}).findings
    assert abs(found["final_x"] - 2.0) < 0.5 and found["final_loss"] > 1e-3
    assert found["outcome"] == "swings around the global minimum"
