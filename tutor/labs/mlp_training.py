"""Training a multi-layer perceptron: training and validation loss per epoch, early stopping.

Data: scikit-learn's `load_digits` (8×8 pixels, ten classes), split once and for all (the
same split at every seed) into 300 training and 1,497 validation digits, standardised with
the training part's mean and spread. A share of the *training* labels (the `label_noise`
knob, 20% by default) is replaced by a random digit, as happens in real, hand-labelled data;
the validation labels stay clean. Without that noise, digits are so easy that a big network
barely overfits in a few seconds; with it, memorising the wrong labels shows at once.

The network: `layers` hidden layers of `hidden` ReLU units, each followed by dropout, then
10 outputs; cross-entropy loss; Adam with the `lr` knob on shuffled mini-batches. After
every epoch the lab measures the loss on the whole training part and on the validation part
(in evaluation mode, so without dropout) and plots both. With `patience` > 0, training
stops once the validation loss has not improved for `patience` epochs: at best + patience.

What to look for: with a big network and no dropout, the training loss keeps falling towards
zero while the validation loss reaches its lowest point after a few epochs and then turns up
— the network is learning the noise. Dropout, a smaller network or early stopping help.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tutor.labs import torchlib
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

TRAIN_SIZE = 300  # the rest of the 1,797 digits validate
SPLIT_SEED = 0  # the split and the noisy labels are the same at every seed
TURN_UP = 0.10  # validation loss this far (10%) above its lowest counts as turning up


@dataclass(frozen=True)
class Digits:
    """The lab's data as float32/int64 tensors: standardised pixels and labels."""

    X_train: Any
    y_train: Any  # with `label_noise` of them replaced at random
    X_valid: Any
    y_valid: Any
    true_train: Any  # the training labels before the noise, for the tests


def make_data(label_noise: float) -> Digits:
    """The fixed split of the digits, standardised with the training part's statistics."""
    import numpy as np
    from sklearn.datasets import load_digits

    torch = torchlib.import_torch()
    X, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(SPLIT_SEED)
    order = rng.permutation(len(y))
    train, valid = order[:TRAIN_SIZE], order[TRAIN_SIZE:]
    mean = X[train].mean(axis=0)
    spread = X[train].std(axis=0)
    spread[spread == 0] = 1.0  # pixels that are blank in every training digit stay 0
    noisy = y[train].copy()
    # The same draws at every noise level, so more noise only adds wrong labels.
    flip = rng.random(TRAIN_SIZE) < label_noise
    replacement = rng.integers(0, 10, TRAIN_SIZE)
    noisy[flip] = replacement[flip]
    return Digits(
        X_train=torch.tensor((X[train] - mean) / spread, dtype=torch.float32),
        y_train=torch.tensor(noisy, dtype=torch.int64),
        X_valid=torch.tensor((X[valid] - mean) / spread, dtype=torch.float32),
        y_valid=torch.tensor(y[valid], dtype=torch.int64),
        true_train=torch.tensor(y[train], dtype=torch.int64),
    )


def make_network(torch: Any, hidden: int, layers: int, dropout: float) -> Any:
    """Linear → ReLU → Dropout, `layers` times, then a linear layer to the 10 classes."""
    nn = torch.nn
    modules: list[Any] = []
    width = 64
    for _ in range(layers):
        modules += [nn.Linear(width, hidden), nn.ReLU(), nn.Dropout(dropout)]
        width = hidden
    modules.append(nn.Linear(width, 10))
    return nn.Sequential(*modules)


def turns_up(train: list[float], valid: list[float]) -> bool:
    """Did validation loss end clearly (TURN_UP) above its lowest while training loss fell?"""
    best = min(range(len(valid)), key=valid.__getitem__)
    return valid[-1] > valid[best] * (1 + TURN_UP) and train[-1] < train[best]


def run(knobs: dict[str, Any], report: Report) -> None:
    torch, device = torchlib.prepare(knobs["seed"], knobs["device"])
    functional = torch.nn.functional
    data = make_data(knobs["label_noise"])
    X_train, y_train = data.X_train.to(device), data.y_train.to(device)
    X_valid, y_valid = data.X_valid.to(device), data.y_valid.to(device)
    network = make_network(torch, knobs["hidden"], knobs["layers"], knobs["dropout"]).to(device)
    optimizer = torch.optim.Adam(network.parameters(), lr=knobs["lr"])
    shuffle = torch.Generator().manual_seed(knobs["seed"])
    batch, patience = knobs["batch_size"], knobs["patience"]

    train_losses: list[float] = []
    valid_losses: list[float] = []
    accuracies: list[float] = []
    best = 0  # index of the epoch with the lowest validation loss so far
    for epoch in range(knobs["epochs"]):
        network.train()
        order = torch.randperm(TRAIN_SIZE, generator=shuffle).to(device)
        for start in range(0, TRAIN_SIZE, batch):
            rows = order[start : start + batch]
            optimizer.zero_grad()
            functional.cross_entropy(network(X_train[rows]), y_train[rows]).backward()
            optimizer.step()
            report.check()
        network.eval()
        with torch.no_grad():
            train_losses.append(functional.cross_entropy(network(X_train), y_train).item())
            scores = network(X_valid)
            valid_losses.append(functional.cross_entropy(scores, y_valid).item())
            accuracies.append((scores.argmax(dim=1) == y_valid).float().mean().item())
        report.point("train", epoch + 1, train_losses[-1])
        report.point("validation", epoch + 1, valid_losses[-1])
        if valid_losses[-1] < valid_losses[best]:
            best = epoch
        if patience and epoch - best >= patience:
            break

    stopped = len(valid_losses)
    report.point("lowest validation", best + 1, valid_losses[best])
    if stopped < knobs["epochs"]:
        report.point("early stop", stopped, valid_losses[-1])
    went_up = turns_up(train_losses, valid_losses)
    report.finding("validation_turns_up", went_up)
    report.finding("best_val_epoch", best + 1)
    report.finding("stopped_at_epoch", stopped)
    report.finding("best_val_loss", valid_losses[best])
    report.finding("final_train_loss", train_losses[-1])
    report.finding("final_val_loss", valid_losses[-1])
    report.finding("best_val_accuracy", accuracies[best])
    report.finding("final_val_accuracy", accuracies[-1])

    how = (
        f"early stopping ended it at epoch {stopped}, {patience} epochs after the lowest"
        if stopped < knobs["epochs"]
        else f"it ran all {stopped} epochs; patience 0 turns early stopping off"
        if not patience
        else f"it ran all {stopped} epochs, never {patience} without a new lowest"
    )
    if went_up:
        report.note(
            f"Validation loss was lowest at epoch {best + 1} ({valid_losses[best]:.3f}) and "
            f"rose to {valid_losses[-1]:.3f} while training loss fell to "
            f"{train_losses[-1]:.4f}: the network is memorising its training labels, wrong "
            f"ones included ({how}). The weights worth keeping are those of epoch {best + 1}."
        )
    else:
        report.note(
            f"Validation loss was lowest at epoch {best + 1} ({valid_losses[best]:.3f}) and "
            f"ended at {valid_losses[-1]:.3f}, less than {TURN_UP:.0%} above it; training "
            f"loss ended at {train_losses[-1]:.4f} ({how})."
        )


SPEC = LabSpec(
    id="mlp-training",
    title="Training a neural network",
    phase=7,
    summary="A multi-layer perceptron learns digits with Adam: training loss keeps falling "
    "while validation loss turns up; early stopping keeps the best epoch.",
    knobs=(
        Knob("hidden", int, 256, "units in each hidden layer", 8, 512),
        Knob("layers", int, 2, "hidden layers", 1, 4),
        Knob("dropout", float, 0.0, "share of hidden units dropped in training", 0.0, 0.8),
        Knob("epochs", int, 60, "passes over the 300 training digits", 1, 200),
        Knob("lr", float, 0.001, "learning rate of Adam", 0.0001, 0.1),
        Knob("batch_size", int, 32, "digits per mini-batch (one Adam step)", 8, 300),
        Knob("patience", int, 20, "stop after this many epochs without a new best", 0, 50),
        Knob("label_noise", float, 0.2, "share of training labels made wrong", 0.0, 0.5),
        seed_knob(),
        torchlib.device_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Cross-entropy loss per epoch (digits)",
        x_label="epoch",
        y_label="loss",
        scatter=("lowest validation", "early stop"),
        x_integer=True,
    ),
    run=run,
    findings={
        "validation_turns_up": "Validation loss turns up as training loss falls",
        "best_val_epoch": "Epoch with the lowest validation loss",
        "stopped_at_epoch": "Training stopped after epoch",
        "best_val_loss": "Lowest validation loss",
        "final_train_loss": "Training loss at the last epoch",
        "final_val_loss": "Validation loss at the last epoch",
        "best_val_accuracy": "Validation accuracy at the best epoch",
        "final_val_accuracy": "Validation accuracy at the last epoch",
    },
    uses=("torch", "sklearn"),  # digits come from scikit-learn
)
