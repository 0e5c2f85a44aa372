"""Fine-tuning: pre-train a small network to read digits on one half of the images, then adapt
it to a new labelling of the other half from a few labels — from scratch, with the pre-trained
body frozen, or fully fine-tuned.

Data: scikit-learn's `load_digits` (8×8 pixels, scaled to 0–1), split in two halves with
half of every digit's images in each (the split depends on the seed). Source task, on the
first half with every label: which digit is it (10 classes)? The lab pre-trains an MLP on it
(body: 64 → 64 → 64 with ReLU; head: 64 → 10) and reports its digit accuracy on the other
half, which it never saw. Target task, on the other half: the label is the NEXT digit,
(digit + 1) mod 10, so a 3 is labelled 4 and a 9 is labelled 0. It needs the same features
(which digit is this?) but gives different answers, so the pre-trained head is useless and a
new one must be learned. `labels_per_class` images of each digit are labelled; all the
other images of that half are the validation set. Three learners get the same labelled
images in the same order, the same number of epochs and batches and the same `lr`, each with
the same fresh head (64 → 10):

* scratch: a new body and head, every weight trained at the learning rate `lr`;
* frozen body: the pre-trained body with `requires_grad = False`; only the head trains;
* full fine-tune: the pre-trained body and the new head both train, the body at a tenth of
  `lr` so that a few noisy labels do not wipe out what it learned.

The three curves grow together, one epoch at a time. Measured at the defaults (5 labels per
class, 20 epochs, lr 0.01): a pre-trained body beats scratch on every seed 0–9, by 7 to 14
points of validation accuracy (about 0.91 against 0.80 on average), and giving each strategy
its own best learning rate among 0.001–0.1 does not change that (0.01 is also scratch's
best). With 50 labels per class scratch catches up to within about a point (0.95 against
0.95–0.96, each at its best learning rate). The lab's first
design (pre-train on digits 0–4, adapt to 5–9) showed the opposite, scratch winning: features
learned to tell five digits apart lose what the other five need. Pre-training pays when the
old task is broad and the new one needs what it learned.
"""

from __future__ import annotations

from typing import Any

from tutor.labs import torchlib
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

DIGITS = 10
PIXELS = 64
HIDDEN = 64
PRETRAIN_STEPS = 100  # full-batch Adam steps on the ~900 source images (about 0.1 s)
PRETRAIN_LR = 0.01
BATCH = 16
BODY_LR_SHARE = 0.1  # full fine-tune: the body's learning rate as a share of `lr`
STRATEGIES = ("scratch", "frozen body", "full fine-tune")


def relabel(digit: Any) -> Any:
    """The target task's label for a digit (or an array of them): the next digit, 9 → 0."""
    return (digit + 1) % DIGITS


def digit_tasks(seed: int, labels_per_class: int) -> dict[str, Any]:
    """numpy arrays. Source: the first half of the images (half of each digit, picked by the
    seed) with their digits. Target, on the other half: `labels_per_class` labelled images
    of each digit with the next digit as their label, and every other image of that half for
    validation (`valid_digit`: its digit, for the pre-trained model's accuracy)."""
    import numpy as np
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    rng = np.random.default_rng(seed)
    source_parts, labelled_parts, valid_parts = [], [], []
    for digit in range(DIGITS):
        images = rng.permutation(np.flatnonzero(y == digit))
        half = len(images) // 2
        source_parts.append(images[:half])
        labelled_parts.append(images[half : half + labels_per_class])
        valid_parts.append(images[half + labels_per_class :])
    parts = (source_parts, labelled_parts, valid_parts)
    source, labelled, valid = (np.sort(np.concatenate(p)) for p in parts)
    return {
        "source_X": X[source],
        "source_y": y[source].astype(np.int64),
        "labelled_X": X[labelled],
        "labelled_y": relabel(y[labelled]).astype(np.int64),
        "valid_X": X[valid],
        "valid_y": relabel(y[valid]).astype(np.int64),
        "valid_digit": y[valid].astype(np.int64),
    }


def make_body(torch: Any) -> Any:
    nn = torch.nn
    return nn.Sequential(nn.Linear(PIXELS, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU())


def make_head(torch: Any) -> Any:
    return torch.nn.Linear(HIDDEN, DIGITS)


def pretrain(torch: Any, X: Any, y: Any, seed: int, device: Any = None) -> tuple[Any, Any]:
    """(body, whole model): an MLP trained with full-batch Adam to tell the ten digits apart;
    the body is kept for the target task, the whole model only to measure it."""
    torch.manual_seed(seed)
    body = make_body(torch)
    model = torch.nn.Sequential(body, make_head(torch)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=PRETRAIN_LR)
    for _ in range(PRETRAIN_STEPS):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return body, model


def make_learner(
    torch: Any, strategy: str, body: Any, seed: int, lr: float, device: Any = None
) -> tuple[Any, Any]:
    """(model, optimizer) for one strategy; the pre-trained `body` is copied, never changed."""
    import copy

    torch.manual_seed(seed + 1)  # every strategy starts from the same new head
    head = make_head(torch).to(device)
    if strategy == "scratch":
        model = torch.nn.Sequential(make_body(torch), head).to(device)
        return model, torch.optim.Adam(model.parameters(), lr=lr)
    own_body = copy.deepcopy(body)
    model = torch.nn.Sequential(own_body, head)
    if strategy == "frozen body":
        for parameter in own_body.parameters():
            parameter.requires_grad = False
        return model, torch.optim.Adam(head.parameters(), lr=lr)
    groups = [
        {"params": own_body.parameters(), "lr": lr * BODY_LR_SHARE},
        {"params": head.parameters(), "lr": lr},
    ]
    return model, torch.optim.Adam(groups)


def trainable_params(model: Any) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def train_epoch(
    torch: Any, model: Any, optimizer: Any, X: Any, y: Any, order: Any, report: Report
) -> None:
    """One pass over the labelled images in minibatches, in the given order."""
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(X[batch]), y[batch]).backward()
        optimizer.step()
        report.check()


def accuracy(torch: Any, model: Any, X: Any, y: Any) -> float:
    with torch.no_grad():
        return float((model(X).argmax(dim=1) == y).float().mean())


def run(knobs: dict[str, Any], report: Report) -> None:
    seed, epochs, lr = knobs["seed"], knobs["epochs"], knobs["lr"]
    torch, device = torchlib.prepare(seed, knobs["device"])
    data = {
        name: torch.as_tensor(array, device=device)
        for name, array in digit_tasks(seed, knobs["labels_per_class"]).items()
    }
    body, source_model = pretrain(torch, data["source_X"], data["source_y"], seed, device)
    source_accuracy = accuracy(torch, source_model, data["valid_X"], data["valid_digit"])
    report.check()
    learners = {name: make_learner(torch, name, body, seed, lr, device) for name in STRATEGIES}
    shuffles = {name: torch.Generator().manual_seed(seed) for name in STRATEGIES}
    n = len(data["labelled_y"])
    final: dict[str, float] = {}
    for epoch in range(1, epochs + 1):
        for name, (model, optimizer) in learners.items():
            order = torch.randperm(n, generator=shuffles[name]).to(device)
            train_epoch(
                torch, model, optimizer, data["labelled_X"], data["labelled_y"], order, report
            )
            final[name] = accuracy(torch, model, data["valid_X"], data["valid_y"])
            report.point(name, epoch, final[name])

    report.table(
        "Strategies after training",
        ["strategy", "trainable parameters", "validation accuracy"],
        [
            [name, trainable_params(model), round(final[name], 4)]
            for name, (model, _) in learners.items()
        ],
    )
    best = max(STRATEGIES, key=lambda name: final[name])  # a tie goes to the earlier one
    pretrained_best = max(final["frozen body"], final["full fine-tune"])
    beats = pretrained_best > final["scratch"]
    report.finding("scratch_accuracy", final["scratch"])
    report.finding("frozen_accuracy", final["frozen body"])
    report.finding("full_accuracy", final["full fine-tune"])
    report.finding("best_strategy", best)
    report.finding("pretrained_beats_scratch", beats)
    report.finding("source_accuracy", source_accuracy)
    report.finding("frozen_trainable_params", trainable_params(learners["frozen body"][0]))
    gap = pretrained_best - final["scratch"]
    if beats:
        report.note(
            f"From {n} labels the pre-trained body reached {pretrained_best:.2f} against "
            f"{final['scratch']:.2f} from scratch: the features learned to read all ten digits "
            "are what the new labelling needs, so only the new head has much to learn. With "
            "many more labels per class, scratch closes most of the gap."
        )
    else:
        report.note(
            f"From {n} labels, training from scratch reached {final['scratch']:.2f} and the "
            f"pre-trained body {pretrained_best:.2f} ({gap:+.2f}): with this many labels, "
            "or a learning rate that does not suit the pre-trained body, pre-training no "
            "longer pays. With few labels (the default 5 per class) it wins clearly."
        )


SPEC = LabSpec(
    id="fine-tuning",
    title="Fine-tuning a pre-trained network",
    phase=8,
    summary="Pre-train a digit reader on half the images, adapt it to a new labelling (the "
    "next digit) of the other half from a few labels: from scratch, frozen body with a new "
    "head, or full fine-tune with a smaller learning rate.",
    knobs=(
        Knob("labels_per_class", int, 5, "labelled images of each digit in the target task", 1, 50),
        Knob("epochs", int, 20, "passes over the labelled images", 1, 100),
        Knob("lr", float, 0.01, "Adam learning rate (the body: a tenth)", 0.0001, 0.1),
        seed_knob(),
        torchlib.device_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Validation accuracy on the new labelling (next digit) per strategy",
        x_label="epoch",
        y_label="validation accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={
        "scratch_accuracy": "Validation accuracy at the end, trained from scratch",
        "frozen_accuracy": "Validation accuracy at the end, frozen pre-trained body",
        "full_accuracy": "Validation accuracy at the end, full fine-tune",
        "best_strategy": "Best strategy at the end",
        "pretrained_beats_scratch": "A pre-trained body beats training from scratch",
        "source_accuracy": "Pre-trained digit reader's accuracy on images it never saw",
        "frozen_trainable_params": "Trainable parameters with the body frozen (the new head)",
    },
    uses=("torch", "sklearn"),  # digits come from scikit-learn
)
