"""Fine-tuning: pre-train a small network on digits 0–4, then adapt it to digits 5–9 from a few
labels — from scratch, with the pre-trained body frozen, or fully fine-tuned.

Data: scikit-learn's `load_digits` (8×8 pixels, scaled to 0–1). The lab pre-trains an MLP
(body: 64 → 64 → 64 with ReLU; head: 64 → 5) on every image of the digits 0–4. The new task
is to tell apart the digits 5–9 from `labels_per_class` labelled images of each; all the other
images of 5–9 are the validation set. Three learners get the same labelled images in the same
order, each with a fresh head (64 → 5):

* scratch: a new body and head, every weight trained at the learning rate `lr`;
* frozen body: the pre-trained body with `requires_grad = False`; only the head trains;
* full fine-tune: the pre-trained body and the new head both train, the body at a tenth of
  `lr` so that a few noisy labels do not wipe out what it learned.

The three curves grow together, one epoch at a time. Whether the pre-trained body helps is
what the run finds: features learned for 0–4 are not always better than raw pixels for 5–9.
"""

from __future__ import annotations

from typing import Any

from tutor.labs import torchlib
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SOURCE_DIGITS = (0, 1, 2, 3, 4)
TARGET_DIGITS = (5, 6, 7, 8, 9)
PIXELS = 64
HIDDEN = 64
PRETRAIN_STEPS = 60  # full-batch Adam steps on the ~900 images of 0–4 (about 0.1 s)
PRETRAIN_LR = 0.01
BATCH = 16
BODY_LR_SHARE = 0.1  # full fine-tune: the body's learning rate as a share of `lr`
STRATEGIES = ("scratch", "frozen body", "full fine-tune")


def digit_tasks(seed: int, labels_per_class: int) -> dict[str, Any]:
    """numpy arrays: the source task (all of 0–4), and for 5–9 the few labelled images (labels
    0–4 standing for 5–9) and the validation images (all the others)."""
    import numpy as np
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    source = np.isin(y, SOURCE_DIGITS)
    rng = np.random.default_rng(seed)
    target = np.flatnonzero(np.isin(y, TARGET_DIGITS))
    labelled = np.concatenate(
        [rng.choice(target[y[target] == d], labels_per_class, replace=False) for d in TARGET_DIGITS]
    )
    valid = np.setdiff1d(target, labelled)
    first = TARGET_DIGITS[0]
    return {
        "source_X": X[source],
        "source_y": y[source].astype(np.int64),
        "labelled_X": X[labelled],
        "labelled_y": (y[labelled] - first).astype(np.int64),
        "valid_X": X[valid],
        "valid_y": (y[valid] - first).astype(np.int64),
    }


def make_body(torch: Any) -> Any:
    nn = torch.nn
    return nn.Sequential(nn.Linear(PIXELS, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU())


def make_head(torch: Any) -> Any:
    return torch.nn.Linear(HIDDEN, len(TARGET_DIGITS))


def pretrain(torch: Any, X: Any, y: Any, seed: int) -> tuple[Any, float]:
    """(body, accuracy on 0–4): an MLP trained with full-batch Adam on the source task; the
    body is kept, its head thrown away."""
    torch.manual_seed(seed)
    body = make_body(torch)
    model = torch.nn.Sequential(body, torch.nn.Linear(HIDDEN, len(SOURCE_DIGITS)))
    optimizer = torch.optim.Adam(model.parameters(), lr=PRETRAIN_LR)
    for _ in range(PRETRAIN_STEPS):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return body, accuracy(torch, model, X, y)


def make_learner(torch: Any, strategy: str, body: Any, seed: int, lr: float) -> tuple[Any, Any]:
    """(model, optimizer) for one strategy; the pre-trained `body` is copied, never changed."""
    import copy

    torch.manual_seed(seed + 1)  # every strategy starts from the same new head
    head = make_head(torch)
    if strategy == "scratch":
        model = torch.nn.Sequential(make_body(torch), head)
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
    body, source_accuracy = pretrain(torch, data["source_X"], data["source_y"], seed)
    report.check()
    learners = {name: make_learner(torch, name, body, seed, lr) for name in STRATEGIES}
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
    labels = n
    if beats:
        report.note(
            f"From {labels} labels the pre-trained body reached {pretrained_best:.2f} against "
            f"{final['scratch']:.2f} from scratch: features learned on 0–4 carried over to 5–9."
        )
    else:
        report.note(
            f"From {labels} labels, training from scratch reached {final['scratch']:.2f}, the "
            f"pre-trained body only {pretrained_best:.2f}: features tuned to tell 0–4 apart "
            "lose what 5–9 need, and raw 8×8 pixels are already good features. Pre-training "
            "pays when the old task is broad and the new one is close to it."
        )


SPEC = LabSpec(
    id="fine-tuning",
    title="Fine-tuning a pre-trained network",
    phase=8,
    summary="Pre-train on digits 0–4, adapt to 5–9 from a few labels: from scratch, frozen "
    "body with a new head, or full fine-tune with a smaller learning rate.",
    knobs=(
        Knob("labels_per_class", int, 5, "labelled images of each digit 5–9", 1, 50),
        Knob("epochs", int, 20, "passes over the labelled images", 1, 100),
        Knob("lr", float, 0.01, "Adam learning rate (the body: a tenth)", 0.0001, 0.1),
        seed_knob(),
        torchlib.device_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Validation accuracy on digits 5–9 per strategy",
        x_label="epoch",
        y_label="validation accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={
        "scratch_accuracy": "Accuracy at the end, trained from scratch",
        "frozen_accuracy": "Accuracy at the end, frozen pre-trained body",
        "full_accuracy": "Accuracy at the end, full fine-tune",
        "best_strategy": "Best strategy at the end",
        "pretrained_beats_scratch": "A pre-trained body beats training from scratch",
        "source_accuracy": "Pre-trained model's accuracy on digits 0–4",
        "frozen_trainable_params": "Trainable parameters with the body frozen",
    },
    uses=("torch", "sklearn"),  # digits come from scikit-learn
)
