"""Activation functions and their gradients: sigmoid saturates, ReLU keeps its gradient,
leaky ReLU never lets it reach zero.

Over inputs x from −range to +range the lab draws sigmoid, tanh, ReLU, leaky ReLU and GELU
and their derivatives (worked out by hand, not estimated). GELU is the exact form,
x·Φ(x) with Φ the standard normal CDF written with the error function, not the tanh
approximation. ReLU's and leaky ReLU's gradient at exactly 0 is taken from the left side
(0, and the negative slope) as frameworks do.

The findings do not depend on which curves are drawn: they are read off every function at
once, so a lesson can ask about any of them whatever the learner chose to show.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

FUNCTIONS = ("sigmoid", "tanh", "relu", "leaky-relu", "gelu")
POINTS = 241  # odd, so that x = 0 is one of the inputs
SATURATION_X = 6.0
SATURATION_BELOW = 0.003
SMALL_GRADIENT = 0.01  # a gradient this small barely moves a weight

Curve = Callable[[Any], Any]


def sigmoid(x: Any) -> Any:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_gradient(x: Any) -> Any:
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: Any) -> Any:
    import numpy as np

    return np.tanh(x)


def tanh_gradient(x: Any) -> Any:
    import numpy as np

    return 1.0 - np.tanh(x) ** 2


def relu(x: Any) -> Any:
    import numpy as np

    return np.maximum(x, 0.0)


def relu_gradient(x: Any) -> Any:
    import numpy as np

    return np.where(x > 0, 1.0, 0.0)


def leaky_relu(x: Any, negative_slope: float) -> Any:
    import numpy as np

    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_gradient(x: Any, negative_slope: float) -> Any:
    import numpy as np

    return np.where(x > 0, 1.0, negative_slope)


def normal_cdf(x: Any) -> Any:
    """Φ(x) = (1 + erf(x/√2)) / 2, elementwise (numpy has no erf of its own)."""
    import numpy as np

    erf = np.frompyfunc(math.erf, 1, 1)
    values = np.asarray(erf(np.asarray(x, dtype=float) / math.sqrt(2.0)), dtype=float)
    return 0.5 * (1.0 + values)


def gelu(x: Any) -> Any:
    """The exact GELU, x·Φ(x)."""
    return x * normal_cdf(x)


def gelu_gradient(x: Any) -> Any:
    """d/dx x·Φ(x) = Φ(x) + x·φ(x), with φ the standard normal density."""
    import numpy as np

    return normal_cdf(x) + x * np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)


def curves(negative_slope: float) -> dict[str, tuple[Curve, Curve]]:
    """Function name → (the function, its gradient)."""
    return {
        "sigmoid": (sigmoid, sigmoid_gradient),
        "tanh": (tanh, tanh_gradient),
        "relu": (relu, relu_gradient),
        "leaky-relu": (
            lambda x: leaky_relu(x, negative_slope),
            lambda x: leaky_relu_gradient(x, negative_slope),
        ),
        "gelu": (gelu, gelu_gradient),
    }


def inputs(input_range: float) -> Any:
    import numpy as np

    return np.linspace(-input_range, input_range, POINTS)


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    x = inputs(knobs["input_range"])
    slope = knobs["negative_slope"]
    table = curves(slope)
    shown = FUNCTIONS if knobs["function"] == "all" else (knobs["function"],)
    for name in shown:
        function, gradient = table[name]
        if knobs["curves"] in ("values", "both"):
            report.series(name, x.tolist(), function(x).tolist())
        if knobs["curves"] in ("gradients", "both"):
            report.series(f"{name} gradient", x.tolist(), gradient(x).tolist())

    grads = {name: gradient(x) for name, (_, gradient) in table.items()}
    saturated = float(sigmoid_gradient(np.float64(SATURATION_X)))
    report.finding("sigmoid_gradient_at_6", saturated)
    report.finding("sigmoid_saturates_at_6", saturated < SATURATION_BELOW)
    report.finding("sigmoid_max_gradient", float(grads["sigmoid"].max()))
    report.finding(
        "sigmoid_small_gradient_share", float((grads["sigmoid"] < SMALL_GRADIENT).mean())
    )
    report.finding("tanh_small_gradient_share", float((grads["tanh"] < SMALL_GRADIENT).mean()))
    report.finding("relu_gradient_zero_for_negatives", bool((grads["relu"][x < 0] == 0).all()))
    leaky_min = float(grads["leaky-relu"].min())
    report.finding("leaky_relu_min_gradient", leaky_min)
    report.finding("leaky_relu_gradient_never_zero", leaky_min > 0)
    report.finding("gelu_min_value", float(gelu(x).min()))
    report.finding("gelu_min_gradient", float(grads["gelu"].min()))

    report.note(
        f"At x = 6 sigmoid's gradient is {saturated:.4f}: a saturated unit barely passes "
        f"a gradient back, and even its best, 0.25 at x = 0, shrinks a signal 4× per layer. "
        f"ReLU passes 1 for every positive input and 0 for every negative one; leaky ReLU "
        f"keeps {slope:g} there. GELU here is the exact x·Φ(x), not the tanh approximation."
    )


SPEC = LabSpec(
    id="activations",
    title="Activation functions and their gradients",
    phase=7,
    summary="Sigmoid, tanh, ReLU, leaky ReLU and GELU with their gradients: sigmoid "
    "saturates, ReLU keeps a gradient of 1, leaky ReLU never reaches 0.",
    knobs=(
        Knob(
            "function",
            str,
            "all",
            "which function to draw, or all of them",
            choices=("all", *FUNCTIONS),
        ),
        Knob(
            "curves",
            str,
            "gradients",
            "draw the gradients, the values, or both",
            choices=("gradients", "values", "both"),
        ),
        Knob("input_range", float, 8.0, "inputs x from −range to +range", 1.0, 20.0),
        Knob("negative_slope", float, 0.01, "leaky ReLU's slope for negative x", 0.0, 0.5),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Activation functions and their gradients",
        x_label="input x",
        y_label="value or gradient",
    ),
    run=run,
    findings={
        "sigmoid_gradient_at_6": "Sigmoid's gradient at x = 6",
        "sigmoid_saturates_at_6": "Sigmoid's gradient at x = 6 is below 0.003",
        "sigmoid_max_gradient": "Sigmoid's largest gradient",
        "sigmoid_small_gradient_share": "Share of inputs where sigmoid's gradient < 0.01",
        "tanh_small_gradient_share": "Share of inputs where tanh's gradient < 0.01",
        "relu_gradient_zero_for_negatives": "ReLU's gradient is 0 for every negative input",
        "leaky_relu_min_gradient": "Leaky ReLU's smallest gradient",
        "leaky_relu_gradient_never_zero": "Leaky ReLU's gradient never reaches 0",
        "gelu_min_value": "GELU's lowest value (it dips below 0)",
        "gelu_min_gradient": "GELU's smallest gradient",
    },
    uses=("numpy",),
)
