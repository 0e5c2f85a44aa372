"""The mlp-training lab: its losses equal a bare torch loop, seeded findings, early stopping at
best + patience, the data, knobs, cancelling, and no torch at import."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest
import torch  # noqa: E402  (fail, never skip, without torch: issue 11)

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab

LAB = "mlp-training"


def bare_torch_losses(
    seed: int, hidden: int, layers: int, dropout: float, epochs: int, lr: float, batch: int
) -> tuple[list[float], list[float], list[float]]:
    """The textbook loop, written out here: Adam on shuffled mini-batches, then evaluation."""
    from tutor.labs.mlp_training import make_data

    data = make_data(0.2)
    torch.manual_seed(seed)
    blocks: list[torch.nn.Module] = []
    width = 64
    for _ in range(layers):
        blocks += [torch.nn.Linear(width, hidden), torch.nn.ReLU(), torch.nn.Dropout(dropout)]
        width = hidden
    net = torch.nn.Sequential(*blocks, torch.nn.Linear(width, 10))
    adam = torch.optim.Adam(net.parameters(), lr=lr)
    shuffle = torch.Generator().manual_seed(seed)
    train, valid, accuracy = [], [], []
    n = len(data.y_train)
    for _ in range(epochs):
        net.train()
        order = torch.randperm(n, generator=shuffle)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            adam.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(data.X_train[rows]), data.y_train[rows])
            loss.backward()
            adam.step()
        net.eval()
        with torch.no_grad():
            train.append(torch.nn.functional.cross_entropy(net(data.X_train), data.y_train).item())
            out = net(data.X_valid)
            valid.append(torch.nn.functional.cross_entropy(out, data.y_valid).item())
            accuracy.append((out.argmax(1) == data.y_valid).double().mean().item())
    return train, valid, accuracy


@pytest.mark.parametrize(
    "knobs",
    [
        {"seed": 3, "hidden": 64, "layers": 2, "dropout": 0.3, "epochs": 6, "batch_size": 64},
        {"seed": 0, "hidden": 256, "layers": 1, "dropout": 0.0, "epochs": 4, "lr": 0.01},
    ],
)
def test_losses_equal_a_bare_torch_loop_with_the_same_seed(knobs: dict) -> None:
    values = {"patience": 0, **knobs}
    result = run_lab(LAB, values)
    spec = get_lab(LAB)
    k = spec.resolve(values)
    train, valid, accuracy = bare_torch_losses(
        k["seed"], k["hidden"], k["layers"], k["dropout"], k["epochs"], k["lr"], k["batch_size"]
    )
    assert result.series["train"].x == [float(e) for e in range(1, k["epochs"] + 1)]
    np.testing.assert_allclose(result.series["train"].y, train, rtol=0, atol=1e-5)
    np.testing.assert_allclose(result.series["validation"].y, valid, rtol=0, atol=1e-5)
    assert result.findings["final_val_accuracy"] == pytest.approx(accuracy[-1], abs=1e-5)


def test_defaults_give_the_seeded_findings() -> None:
    result = run_lab(LAB)
    assert result.knobs == {
        "hidden": 256,
        "layers": 2,
        "dropout": 0.0,
        "epochs": 60,
        "lr": 0.001,
        "batch_size": 32,
        "patience": 20,
        "label_noise": 0.2,
        "seed": 0,
        "device": "cpu",
    }
    findings = result.findings
    assert findings["validation_turns_up"] is True
    assert findings["best_val_epoch"] == 5
    assert findings["stopped_at_epoch"] == 25
    # Floats to 1e-4: float32 sums may differ in the last bits between CPUs.
    assert findings["best_val_loss"] == pytest.approx(0.5492, abs=1e-4)
    assert findings["final_train_loss"] == pytest.approx(0.0831, abs=1e-4)
    assert findings["final_val_loss"] == pytest.approx(0.7091, abs=1e-4)
    assert findings["best_val_accuracy"] == pytest.approx(0.8958, abs=1e-4)
    assert findings["final_val_accuracy"] == pytest.approx(0.7762, abs=1e-4)
    # The training loss keeps falling while the validation loss climbs from its lowest.
    train, valid = result.series["train"].y, result.series["validation"].y
    assert train[-1] < train[4] / 5
    assert valid[-1] > valid[4] * 1.25
    assert result.series["lowest validation"].x == [5.0]
    assert result.series["early stop"].x == [25.0]
    assert "memorising" in result.notes[0]


def test_the_same_seed_repeats_exactly_and_another_seed_differs() -> None:
    values = {"epochs": 5, "patience": 0, "dropout": 0.2}
    first, second = run_lab(LAB, values), run_lab(LAB, values)
    assert first.series["validation"].y == second.series["validation"].y
    assert first.findings == second.findings
    other = run_lab(LAB, {**values, "seed": 1})
    assert other.series["validation"].y != first.series["validation"].y


@pytest.mark.parametrize("patience", [3, 8])
def test_early_stopping_stops_at_best_plus_patience(patience: int) -> None:
    full = run_lab(LAB, {"patience": 0, "epochs": 30})
    stopped = run_lab(LAB, {"patience": patience, "epochs": 30})
    n = stopped.findings["stopped_at_epoch"]
    best = stopped.findings["best_val_epoch"]
    assert n == best + patience < 30
    # Stopping changes nothing before it: the first n epochs are the full run's.
    valid = full.series["validation"].y
    assert stopped.series["validation"].y == valid[:n]
    # `best` is the lowest of those n epochs, and none of the `patience` after it beat it.
    assert int(np.argmin(valid[:n])) + 1 == best
    assert min(valid[best:n]) >= valid[best - 1]
    assert stopped.series["early stop"].x == [float(n)]


def test_patience_0_runs_every_epoch_and_marks_no_stop() -> None:
    result = run_lab(LAB, {"patience": 0, "epochs": 12})
    assert result.findings["stopped_at_epoch"] == 12
    assert len(result.series["validation"].x) == 12
    assert "early stop" not in result.series
    assert "turns early stopping off" in result.notes[0]


@pytest.mark.parametrize(
    "values", [{"label_noise": 0.0}, {"hidden": 32, "layers": 1}], ids=["clean", "small"]
)
def test_clean_labels_or_a_small_network_do_not_turn_up_clearly(values: dict) -> None:
    assert run_lab(LAB, {"epochs": 40, **values}).findings["validation_turns_up"] is False


def test_the_split_is_fixed_scaled_and_only_training_labels_are_noisy() -> None:
    from tutor.labs.mlp_training import make_data

    noisy, clean = make_data(0.2), make_data(0.0)
    assert tuple(noisy.X_train.shape) == (300, 64) and tuple(noisy.X_valid.shape) == (1497, 64)
    assert torch.equal(noisy.X_train, clean.X_train) and torch.equal(noisy.y_valid, clean.y_valid)
    assert torch.equal(clean.y_train, clean.true_train)
    wrong = (noisy.y_train != noisy.true_train).double().mean().item()
    assert 0.12 < wrong < 0.22  # 20% are redrawn, and a tenth of those land on the right digit
    means = noisy.X_train.mean(dim=0).abs().max().item()
    spreads = noisy.X_train.std(dim=0, correction=0)
    assert means < 1e-5
    assert torch.all(((spreads - 1).abs() < 1e-4) | (spreads == 0))


def test_cancelling_stops_within_a_fifth_of_a_second() -> None:
    asked: list[float] = []

    def stop() -> bool:
        if not asked and time.perf_counter() - started > 0.05:
            asked.append(time.perf_counter())
        return bool(asked)

    started = time.perf_counter()
    with pytest.raises(LabCancelled):
        run_lab(LAB, {"patience": 0, "epochs": 200, "hidden": 512, "layers": 4}, should_stop=stop)
    assert time.perf_counter() - asked[0] < 0.2


def test_importing_the_lab_loads_no_torch() -> None:
    code = (
        "import json, sys\nimport tutor.labs.mlp_training\nfrom tutor.labs import load_all\n"
        "load_all()\nprint(json.dumps('torch' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is False


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"hidden": 4}, "hidden"),
        ({"layers": 5}, "layers"),
        ({"dropout": 0.9}, "dropout"),
        ({"lr": 0.5}, "lr"),
        ({"patience": -1}, "patience"),
        ({"device": "tpu"}, "device"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
