"""Gradient descent (with momentum) on a 1-D loss with a flat stretch and a trap.

The loss is a degree-6 polynomial whose slope is
    f'(x) = 0.1 · (x + 2)² · (x + 0.3) · (x − 0.2) · (x − 2),
so, going right from the default start at x = −3: a slope down to a flat region around
x = −2 (an inflection point where the slope touches zero without changing sign), a local
minimum at x = −0.3, a low hump at x = 0.2 and the global minimum at x = 2, where the loss
is 0. Steep walls on both sides make a too-large step overshoot further each time.

Each step is the classic heavy-ball update, v ← momentum·v − learning_rate·f'(x), x ← x + v;
with momentum 0 that is plain gradient descent. The run ends early when x leaves
[−10, 10] or stops being a number (diverged).
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SCALE = 0.1
PLATEAU = -2.0  # double root of the slope: flat, but not a minimum
LOCAL_MIN = -0.3
HUMP = 0.2  # the local maximum between the two minima
GLOBAL_MIN = 2.0
NEAR = 1e-3  # "at the minimum": loss within this of the lowest loss
LOCAL_NEAR = 0.1  # "in the local minimum": x within this of it
PLATEAU_NEAR = 0.5  # "on the plateau": x within this of the flat point
GLOBAL_NEAR = 0.5  # "swinging around the minimum": x within this of it, loss not yet down
X_LIMIT = 10.0  # beyond this the run has diverged

OUTCOMES = (
    "converges",
    "crawls",
    "diverges",
    "stuck in the local minimum",
    "stalls on the plateau",
    "swings around the global minimum",
)


def slope_polynomial() -> Any:
    """f' as a numpy Polynomial."""
    from numpy.polynomial import Polynomial

    return SCALE * Polynomial.fromroots([PLATEAU, PLATEAU, LOCAL_MIN, HUMP, GLOBAL_MIN])


def loss_polynomial() -> Any:
    """f, the antiderivative of f' shifted so that the global minimum's loss is 0."""
    integral = slope_polynomial().integ()
    return integral - integral(GLOBAL_MIN)


def loss(x: float) -> float:
    return float(loss_polynomial()(x))


def gradient(x: float) -> float:
    return float(slope_polynomial()(x))


def outcome(final_x: float, final_loss: float, diverged: bool) -> str:
    """Where a run ended, in words a prediction question can offer."""
    if diverged:
        return "diverges"
    if final_loss <= NEAR:
        return "converges"
    if abs(final_x - LOCAL_MIN) <= LOCAL_NEAR:
        return "stuck in the local minimum"
    if abs(final_x - PLATEAU) <= PLATEAU_NEAR:
        return "stalls on the plateau"
    if abs(final_x - GLOBAL_MIN) <= GLOBAL_NEAR:
        return "swings around the global minimum"  # too much momentum: it overshoots
    return "crawls"


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    f, slope = loss_polynomial(), slope_polynomial()
    rate, momentum = knobs["learning_rate"], knobs["momentum"]
    x, velocity = float(knobs["start"]), 0.0
    current = float(f(x))
    report.point("loss", 0, current)
    report.point("position x", 0, x)
    steps_to_minimum: int | None = 0 if current <= NEAR else None
    diverged = crossed_plateau = passed_hump = False
    with np.errstate(over="raise", invalid="raise"):
        for step in range(1, knobs["steps"] + 1):
            try:
                velocity = momentum * velocity - rate * float(slope(x))
                x = x + velocity
                current = float(f(x))
            except (FloatingPointError, OverflowError):
                diverged = True
                break
            if not np.isfinite(current):
                diverged = True
                break
            report.point("loss", step, current)
            report.point("position x", step, x)
            if abs(x) > X_LIMIT:
                diverged = True
                break
            crossed_plateau = crossed_plateau or x > PLATEAU + PLATEAU_NEAR
            passed_hump = passed_hump or x > HUMP
            if steps_to_minimum is None and current <= NEAR:
                steps_to_minimum = step

    result = outcome(x, current, diverged)
    report.finding("outcome", result)
    finite = bool(np.isfinite(current) and np.isfinite(x))
    report.finding("final_loss", current if finite else None)
    report.finding("final_x", x if finite else None)
    report.finding("steps_to_minimum", steps_to_minimum)
    report.finding("crossed_plateau", crossed_plateau)
    report.finding("passed_hump", passed_hump)

    said = {
        "converges": "reached the global minimum (loss 0 at x = 2)",
        "swings around the global minimum": "is near the global minimum but still "
        "overshooting it back and forth: momentum carries it past",
        "crawls": "is still far from any minimum: the steps are too small",
        "diverges": "overshot further at every step until x left [−10, 10]: the rate is too "
        "large for the walls' steepness",
        "stuck in the local minimum": "settled in the local minimum at x = −0.3, where the "
        "gradient is 0 although a lower loss lies beyond the hump",
        "stalls on the plateau": "slowed to a halt on the flat region around x = −2, where the "
        "gradient all but vanishes",
    }[result]
    report.note(
        f"With learning rate {rate:g} and momentum {momentum:g} the run {said}."
        + (
            " Momentum would carry speed across it."
            if result == "stalls on the plateau" and momentum == 0
            else ""
        )
    )


SPEC = LabSpec(
    id="gradient-descent",
    title="Gradient descent and momentum",
    phase=7,
    summary="Gradient descent on a 1-D loss with a flat region and a local minimum: too "
    "small a step crawls, too large diverges, momentum crosses flats.",
    knobs=(
        Knob("learning_rate", float, 0.05, "step size: how far each gradient moves x", 0.001, 1.0),
        Knob("momentum", float, 0.0, "share of the last step kept (0: plain descent)", 0.0, 0.99),
        Knob("start", float, -3.0, "the starting point x", -3.0, 3.0),
        Knob("steps", int, 100, "how many gradient steps", 10, 500),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Loss and position per step",
        x_label="step",
        y_label="loss or x",
        x_integer=True,
    ),
    run=run,
    findings={
        "outcome": "Where the run ends",
        "final_loss": "Loss after the last step (0 is the lowest)",
        "final_x": "Position x after the last step",
        "steps_to_minimum": "Steps to within 0.001 of the lowest loss",
        "crossed_plateau": "Crossed the flat region around x = −2",
        "passed_hump": "Got past the hump at x = 0.2",
    },
    uses=("numpy",),
)
