"""The initialization lab: per-layer spreads against a numpy forward pass with the same weights,
the schemes' scales, zeros never breaking symmetry, the trends, determinism, knobs, cancelling."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import torch  # noqa: E402  (fail, never skip, without torch: issue 11)

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab

LAB = "initialization"


def numpy_spreads(network: torch.nn.ModuleList, X: np.ndarray, activation: str) -> list[float]:
    """The forward pass again, in float64 numpy from the same weights: h = act(h Wᵀ + b)."""
    act = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0.0))
    spreads = []
    h = X.astype(np.float64)
    for layer in list(network)[:-1]:
        W = layer.weight.detach().double().numpy()
        b = layer.bias.detach().double().numpy()
        h = act(h @ W.T + b)
        spreads.append(float(h.std()))
    return spreads


@pytest.mark.parametrize(
    "knobs",
    [
        {"init": "normal", "std": 0.05, "activation": "tanh", "depth": 10, "seed": 0},
        {"init": "uniform", "std": 1.0, "activation": "tanh", "depth": 6, "seed": 4},
        {"init": "xavier", "std": 0.05, "activation": "tanh", "depth": 12, "seed": 1},
        {"init": "he", "std": 0.05, "activation": "relu", "depth": 15, "seed": 2},
        {"init": "normal", "std": 1.0, "activation": "relu", "depth": 8, "seed": 3},
    ],
)
def test_layer_spreads_equal_a_numpy_forward_pass_with_the_same_weights(knobs: dict) -> None:
    from tutor.labs.initialization import make_batch, make_network

    result = run_lab(LAB, knobs)
    X, _ = make_batch(torch)
    torch.manual_seed(knobs["seed"])  # as the lab's run does before drawing its weights
    network = make_network(torch, knobs["init"], knobs["std"], knobs["depth"], knobs["activation"])
    expected = numpy_spreads(network, X.numpy(), knobs["activation"])
    (mine,) = [s for s in result.series.values() if s.label.startswith(knobs["init"])]
    assert mine.x == [float(n) for n in range(1, knobs["depth"] + 1)]
    np.testing.assert_allclose(mine.y, expected, rtol=1e-4)
    assert result.findings["first_layer_std"] == pytest.approx(expected[0], rel=1e-4, abs=1e-6)
    assert result.findings["last_layer_std"] == pytest.approx(expected[-1], rel=1e-4, abs=1e-6)


@pytest.mark.parametrize(
    ("scheme", "activation", "std"),
    [
        ("normal", "tanh", 0.3),
        ("uniform", "tanh", 0.3),
        ("xavier", "tanh", 5 / 3 * math.sqrt(2 / 128)),
        ("xavier", "relu", math.sqrt(2) * math.sqrt(2 / 128)),
        ("he", "relu", math.sqrt(2 / 64)),
    ],
)
def test_each_scheme_draws_weights_of_its_stated_spread(
    scheme: str, activation: str, std: float
) -> None:
    from tutor.labs.initialization import make_network

    torch.manual_seed(0)
    network = make_network(torch, scheme, 0.3, 4, activation)
    weights = np.concatenate([layer.weight.detach().numpy().ravel() for layer in network[:-1]])
    assert weights.std() == pytest.approx(std, rel=0.03)  # 16,384 draws
    assert all(not layer.bias.detach().any() for layer in network)
    if scheme == "uniform":
        assert np.abs(weights).max() <= 0.3 * math.sqrt(3)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_with_zeros_the_units_of_a_layer_stay_identical_after_training(activation: str) -> None:
    from tutor.labs.initialization import STEPS, forward, make_batch, make_network, train_steps

    X, y = make_batch(torch)
    network = make_network(torch, "zeros", 0.05, 5, activation)
    losses = train_steps(torch, network, X, y, activation)
    assert len(losses) == STEPS + 1 and losses[-1] < losses[0]  # the output biases learn
    for layer in network[:-1]:
        rows = torch.cat([layer.weight, layer.bias[:, None]], dim=1)
        for row in rows:
            assert torch.equal(row, rows[0])  # exactly, not nearly
    with torch.no_grad():
        hidden, _ = forward(torch, network, X, activation)
    for h in hidden:
        assert torch.equal(h, h[:, :1].expand_as(h))  # every unit computes the same thing


def test_any_equal_start_stays_symmetric_and_a_random_one_does_not() -> None:
    """Not only zeros: weights that start equal get equal gradients and stay equal."""
    from tutor.labs.initialization import make_batch, make_network, train_steps, units_identical

    X, y = make_batch(torch)
    network = make_network(torch, "zeros", 0.05, 3, "tanh")
    with torch.no_grad():
        for layer in network:
            layer.weight.fill_(0.1)
    before = network[1].weight.detach().clone()
    train_steps(torch, network, X, y, "tanh")
    assert not torch.equal(network[1].weight, before)  # it learned something ...
    assert units_identical(torch, network)  # ... the same thing in every unit
    torch.manual_seed(0)
    network = make_network(torch, "xavier", 0.05, 3, "tanh")
    train_steps(torch, network, X, y, "tanh")
    assert not units_identical(torch, network)


def test_defaults_give_the_seeded_findings() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "init": "normal",
        "std": 0.05,
        "depth": 10,
        "activation": "tanh",
        "seed": 0,
        "device": "cpu",
    }
    findings = result.findings
    assert findings["spread_trend"] == "vanishes"
    assert findings["units_stay_identical"] is False
    assert findings["first_layer_std"] == pytest.approx(0.3174, abs=1e-4)
    assert findings["last_layer_std"] == pytest.approx(8.0e-5, abs=1e-6)
    assert findings["last_layer_flat_share"] == 0.0
    assert findings["loss_before"] == pytest.approx(2.3026, abs=1e-3)
    assert findings["loss_after"] == pytest.approx(2.3017, abs=1e-3)
    # Next to it, Xavier keeps the spread level at the same depth.
    xavier = result.series["xavier (for tanh)"].y
    assert len(xavier) == 10 and 0.8 < xavier[-1] / xavier[0] < 1.1


@pytest.mark.parametrize(
    ("knobs", "trend"),
    [
        ({"init": "zeros"}, "is zero in every layer"),
        ({"init": "normal", "std": 1.0}, "saturates"),
        ({"init": "uniform", "std": 1.0}, "saturates"),
        ({"init": "xavier"}, "stays roughly level"),
        ({"init": "he", "activation": "relu"}, "stays roughly level"),
        ({"init": "xavier", "activation": "relu", "seed": 1}, "stays roughly level"),
        ({"init": "normal", "std": 0.05, "activation": "relu"}, "vanishes"),
        ({"init": "normal", "std": 1.0, "activation": "relu"}, "explodes"),
    ],
)
def test_the_spread_trend_for_each_scale(knobs: dict, trend: str) -> None:
    findings = run_lab(LAB, knobs).findings
    assert findings["spread_trend"] == trend
    assert findings["units_stay_identical"] is (knobs["init"] == "zeros")


def test_saturated_tanh_and_exploding_relu_at_std_1() -> None:
    tanh = run_lab(LAB, {"std": 1.0}).findings
    assert tanh["last_layer_flat_share"] > 0.6  # most outputs beyond ±0.99
    assert tanh["loss_before"] > 5
    relu = run_lab(LAB, {"std": 1.0, "activation": "relu"}).findings
    assert relu["last_layer_std"] > 1e6
    assert relu["loss_after"] == "diverged"


def test_well_scaled_starts_train_and_badly_scaled_ones_do_not() -> None:
    learned = run_lab(LAB, {"init": "xavier"}).findings
    assert learned["loss_after"] < 0.5 < 2.0 < learned["loss_before"]
    stuck = run_lab(LAB, {"init": "zeros"}).findings
    assert stuck["loss_before"] - stuck["loss_after"] < 0.01
    assert stuck["units_stay_identical"] is True
    assert "identical copies" in run_lab(LAB, {"init": "zeros"}).notes[1]


def test_the_same_seed_repeats_exactly_and_another_seed_differs() -> None:
    first, second = run_lab(LAB, {"init": "he"}), run_lab(LAB, {"init": "he"})
    assert first.findings == second.findings
    assert {k: s.y for k, s in first.series.items()} == {k: s.y for k, s in second.series.items()}
    assert run_lab(LAB, {"init": "he", "seed": 5}).findings != first.findings


def test_every_declared_finding_is_reported_with_one_reference_curve_at_most() -> None:
    spec = get_lab(LAB)
    for knobs in ({}, {"init": "he", "activation": "relu"}):
        result = run_lab(LAB, knobs)
        assert set(result.findings) == set(spec.findings)
        assert len(result.series) == (2 if knobs == {} else 1)


def test_cancelling_stops_within_a_fifth_of_a_second() -> None:
    asked: list[float] = []

    def stop() -> bool:
        if not asked and result.series:
            asked.append(time.perf_counter())
        return bool(asked)

    from tutor.labs import LabResult, Report

    result = LabResult(LAB, get_lab(LAB).resolve({"depth": 30}))
    with pytest.raises(LabCancelled):
        run_lab(LAB, {"depth": 30}, should_stop=stop, report=Report(result))
    assert time.perf_counter() - asked[0] < 0.2
    assert len(result.series) == 1 and len(next(iter(result.series.values())).x) == 1


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"init": "orthogonal"}, "init"),
        ({"std": 0.0}, "std"),
        ({"depth": 1}, "depth"),
        ({"activation": "sigmoid"}, "activation"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
