"""Weight initialisation: how the spread of activations changes layer by layer.

Data: the first 500 of scikit-learn's `load_digits` (8×8 pixels), standardised, pushed
through a deep network of `depth` hidden layers of 64 units (`tanh` or `relu`) and a
10-way output. The weights of every layer are drawn by the chosen scheme, biases start at 0:

* zeros — every weight 0;
* normal — N(0, std²), with the `std` knob;
* uniform — U(−a, a) with a = std·√3, the same spread as normal with that std;
* xavier — Glorot's normal, std = gain·√(2 / (fan_in + fan_out)), with torch's gain for
  the activation (`calculate_gain`: 5/3 for tanh, √2 for ReLU); made for tanh;
* he — Kaiming's normal: std = √(2 / fan_in), for ReLU (which zeroes half its inputs).

(Without the gain, Glorot's normal shrinks the spread by about 0.9 a layer with tanh; with
square layers and ReLU, Xavier with its gain and He are the same draw.)

The chart shows the spread (standard deviation over the batch and the units) of each hidden
layer's output at initialisation, next to the scheme made for the activation (Xavier for
tanh, He for ReLU). Then the lab takes a few steps of plain gradient descent on the batch
and checks whether the units of a layer are still copies of one another.

What to look for: too small a std shrinks the signal layer after layer until it vanishes;
too large saturates tanh (outputs stuck at ±1, where its gradient is 0) or makes ReLU's
outputs explode; Xavier and He keep the spread roughly level. With zeros every unit in a
layer computes the same thing and gets the same update: they never become different.
"""

from __future__ import annotations

import math
from typing import Any

from tutor.labs import torchlib
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

WIDTH = 64  # units in every hidden layer (and the 64 pixels in)
BATCH = 500  # digits in the forward pass and the training steps
STEPS = 30  # steps of plain gradient descent after the forward pass
STEP_SIZE = 0.1  # plain SGD: Adam would rescale the small gradients and hide the effect
FLAT = 0.99  # |tanh| beyond this: its gradient is below 0.02
REFERENCE = {"tanh": "xavier", "relu": "he"}
# Spread in the last hidden layer ÷ spread in the first: the edges of the trend's words.
VANISHES, SHRINKS, GROWS, EXPLODES = 0.1, 1 / 3, 3.0, 10.0


def make_batch(torch: Any) -> tuple[Any, Any]:
    """(X, y): the first 500 digits, each pixel standardised over the batch."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X, y = X[:BATCH], y[:BATCH]
    spread = X.std(axis=0)
    spread[spread == 0] = 1.0
    X = (X - X.mean(axis=0)) / spread
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64)


def initialise(torch: Any, layer: Any, scheme: str, std: float, activation: str) -> None:
    """Draw `layer`'s weights by `scheme` (from torch's global generator); biases to 0."""
    init = torch.nn.init
    weight = layer.weight
    if scheme == "zeros":
        init.zeros_(weight)
    elif scheme == "normal":
        init.normal_(weight, 0.0, std)
    elif scheme == "uniform":
        init.uniform_(weight, -std * math.sqrt(3), std * math.sqrt(3))
    elif scheme == "xavier":
        init.xavier_normal_(weight, gain=init.calculate_gain(activation))
    else:
        init.kaiming_normal_(weight, nonlinearity="relu")
    init.zeros_(layer.bias)


def make_network(torch: Any, scheme: str, std: float, depth: int, activation: str) -> Any:
    """The linear layers, first to last: `depth` of 64 → 64 (the first 64 pixels → 64), then
    64 → 10; the activation is applied between them by `forward`."""
    layers = [torch.nn.Linear(WIDTH, WIDTH) for _ in range(depth)]
    layers.append(torch.nn.Linear(WIDTH, 10))
    for layer in layers:
        initialise(torch, layer, scheme, std, activation)
    return torch.nn.ModuleList(layers)


def forward(torch: Any, network: Any, X: Any, activation: str) -> tuple[list[Any], Any]:
    """(each hidden layer's output, the output scores) for the batch X."""
    act = torch.tanh if activation == "tanh" else torch.relu
    hidden = []
    h = X
    for layer in network[:-1]:
        h = act(layer(h))
        hidden.append(h)
    return hidden, network[-1](h)


def spread(h: Any) -> float:
    """Standard deviation over every example and unit of one layer's output."""
    return float(h.std(correction=0).item())


def flat_share(h: Any, activation: str) -> float:
    """Share of outputs where the activation is flat: |tanh| > 0.99, or ReLU at 0."""
    flat = h.abs() > FLAT if activation == "tanh" else h == 0
    return float(flat.double().mean().item())


def units_identical(torch: Any, network: Any) -> bool:
    """Are all units of every hidden layer copies of one another (same weights in, same bias)?"""
    for layer in network[:-1]:
        weights = torch.cat([layer.weight, layer.bias[:, None]], dim=1)
        if not torch.equal(weights, weights[:1].expand_as(weights)):
            return False
    return True


def spread_trend(spreads: list[float], flat: float, activation: str) -> str:
    """How the spread of the last hidden layer compares with the first, in words."""
    if max(spreads) == 0:
        return "is zero in every layer"
    if activation == "tanh" and flat > 0.5:
        return "saturates"
    if spreads[0] == 0:
        return "grows"
    ratio = spreads[-1] / spreads[0]
    if ratio < VANISHES:
        return "vanishes"
    if ratio < SHRINKS:
        return "shrinks"
    if ratio > EXPLODES:
        return "explodes"
    if ratio > GROWS:
        return "grows"
    return "stays roughly level"


def train_steps(
    torch: Any, network: Any, X: Any, y: Any, activation: str, report: Report | None = None
) -> list[float]:
    """STEPS steps of plain gradient descent on the whole batch; the loss before each step
    and after the last."""
    functional = torch.nn.functional
    optimizer = torch.optim.SGD(network.parameters(), lr=STEP_SIZE)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = functional.cross_entropy(forward(torch, network, X, activation)[1], y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
        if report is not None:
            report.check()
    with torch.no_grad():
        losses.append(functional.cross_entropy(forward(torch, network, X, activation)[1], y).item())
    return losses


def run(knobs: dict[str, Any], report: Report) -> None:
    torch, device = torchlib.prepare(knobs["seed"], knobs["device"])
    scheme, std, depth = knobs["init"], knobs["std"], knobs["depth"]
    activation = knobs["activation"]
    X, y = (t.to(device) for t in make_batch(torch))
    network = make_network(torch, scheme, std, depth, activation).to(device)
    label = f"{scheme}, std {std:g}" if scheme in ("normal", "uniform") else scheme

    with torch.no_grad():
        hidden, _ = forward(torch, network, X, activation)
    spreads = []
    for number, h in enumerate(hidden, start=1):
        spreads.append(spread(h))
        report.point(label, number, spreads[-1])
    reference = REFERENCE[activation]
    if scheme != reference:
        # Drawn after the lab's own network, so it never changes the lab's weights.
        guide = make_network(torch, reference, std, depth, activation).to(device)
        with torch.no_grad():
            guide_hidden, _ = forward(torch, guide, X, activation)
        report.series(
            f"{reference} (for {activation})",
            list(range(1, depth + 1)),
            [spread(h) for h in guide_hidden],
        )
    flats = [flat_share(h, activation) for h in hidden]
    report.table(
        f"Hidden layers at initialisation ({label}, {activation})",
        ["layer", "std", "flat share"],
        [
            [n, round(s, 6), round(f, 4)]
            for n, (s, f) in enumerate(zip(spreads, flats, strict=True), 1)
        ],
    )

    losses = train_steps(torch, network, X, y, activation, report)
    identical = units_identical(torch, network)
    trend = spread_trend(spreads, flats[-1], activation)
    report.finding("spread_trend", trend)
    report.finding("first_layer_std", spreads[0])
    report.finding("last_layer_std", spreads[-1])
    report.finding("last_layer_flat_share", flats[-1])
    report.finding("units_stay_identical", identical)
    report.finding("loss_before", losses[0])
    # A loss that overflowed is no number to show or compare: say what happened.
    report.finding("loss_after", losses[-1] if math.isfinite(losses[-1]) else "diverged")

    report.note(
        f"With {label} and {activation}, the spread goes from {spreads[0]:.3g} in layer 1 to "
        f"{spreads[-1]:.3g} in layer {depth}: it {trend}. {STEPS} steps of gradient descent "
        f"took the loss from {losses[0]:.4g} to {losses[-1]:.4g}."
    )
    if identical:
        report.note(
            "Every unit in a layer started the same, so each got the same gradient and the "
            "same update: they are still identical copies, and a layer of 64 units works "
            "like a layer of one."
        )


SPEC = LabSpec(
    id="initialization",
    title="Weight initialisation",
    phase=7,
    summary="The spread of activations layer by layer for each way of drawing the first "
    "weights: zeros never break symmetry, and the scale matters with depth.",
    knobs=(
        Knob(
            "init",
            str,
            "normal",
            "how first weights are drawn",
            choices=("zeros", "uniform", "normal", "xavier", "he"),
        ),
        Knob("std", float, 0.05, "spread of the normal and uniform schemes", 0.001, 3.0),
        Knob("depth", int, 10, "hidden layers of 64 units", 2, 30),
        Knob(
            "activation", str, "tanh", "activation of the hidden layers", choices=("tanh", "relu")
        ),
        seed_knob(),
        torchlib.device_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Spread of activations per layer at initialisation",
        x_label="hidden layer",
        y_label="std of activations",
        x_integer=True,
    ),
    run=run,
    findings={
        "spread_trend": "Spread from the first to the last layer",
        "first_layer_std": "Spread (std) of the first hidden layer",
        "last_layer_std": "Spread (std) of the last hidden layer",
        "last_layer_flat_share": "Last layer: share of outputs with almost no gradient",
        "units_stay_identical": "Units in a layer stay identical after training",
        "loss_before": "Loss before training",
        "loss_after": f"Loss after {STEPS} steps of gradient descent",
    },
    uses=("torch", "sklearn"),  # digits come from scikit-learn
)
