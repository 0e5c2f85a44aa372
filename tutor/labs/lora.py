"""LoRA: adapt a pre-trained network by training a low-rank update B·A beside each frozen
weight W, and count what that saves — in the lab's own network and in real language models.

The lab's network: an MLP (64 → 64 → 64 → 5, ReLU) pre-trained on scikit-learn's digits 0–4,
then adapted to the digits 5–9 (50 labelled images of each; the same five outputs stand for
5–9). LoRA replaces every linear layer's weight W (out × in) by W + (alpha / rank)·B·A with
A (rank × in) random, B (out × rank) zero and W and the bias frozen: at the start the adapted
network computes exactly what the pre-trained one did, and only A and B train. The chart
compares its validation loss per epoch — on every other image of 5–9, never trained on —
with full fine-tuning (every weight trains), so a learner that only memorises its 250
images does not look better than it is.

The calculator applies the same count, rank·(d_in + d_out) per adapted matrix, to published
model geometries: LLaMA-7B, LLaMA-13B (the same for Llama 2) and GPT-2 small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tutor.labs import torchlib
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SOURCE_DIGITS = (0, 1, 2, 3, 4)
TARGET_DIGITS = (5, 6, 7, 8, 9)
WIDTHS = (64, 64, 64, 5)  # input, hidden, hidden, output
PRETRAIN_STEPS = 60
LABELS_PER_CLASS = 50
BATCH = 32
LR = 0.01


@dataclass(frozen=True)
class Geometry:
    """The shapes of a transformer that decide its parameter count."""

    layers: int
    d_model: int
    d_ff: int
    vocab: int
    gated_mlp: bool  # LLaMA: gate, up and down projections (no biases); GPT-2: fc and proj
    biases: bool
    positions: int  # learned position embeddings (GPT-2); 0 for rotary (LLaMA)
    tied_output: bool

    def matrices(self) -> dict[str, tuple[int, int]]:
        """(d_in, d_out) of each weight matrix in one layer that LoRA can adapt."""
        d, f = self.d_model, self.d_ff
        shapes = {name: (d, d) for name in ("q", "k", "v", "o")}
        if self.gated_mlp:
            shapes |= {"gate": (d, f), "up": (d, f), "down": (f, d)}
        else:
            shapes |= {"fc": (d, f), "proj": (f, d)}
        return shapes

    def total_params(self) -> int:
        """Every parameter of the model: embeddings, layers, norms, output."""
        d = self.d_model
        weights = sum(a * b for a, b in self.matrices().values())
        biases = sum(b for _, b in self.matrices().values()) if self.biases else 0
        norms = 2 * (2 * d if self.biases else d)  # LayerNorm has a bias, RMSNorm does not
        per_layer = weights + biases + norms
        embeddings = self.vocab * d + self.positions * d
        output = 0 if self.tied_output else self.vocab * d
        final_norm = 2 * d if self.biases else d
        return self.layers * per_layer + embeddings + output + final_norm


MODELS = {
    "llama-7b": Geometry(32, 4096, 11008, 32000, True, False, 0, False),
    "llama-13b": Geometry(40, 5120, 13824, 32000, True, False, 0, False),
    "gpt2": Geometry(12, 768, 3072, 50257, False, True, 1024, True),
}
TARGETS = {"q,v": ("q", "v"), "q,k,v,o": ("q", "k", "v", "o"), "all": ()}  # () = every matrix


def lora_params(model: str, targets: str, rank: int) -> int:
    """Trainable parameters of LoRA: rank·(d_in + d_out) per adapted matrix, in every layer."""
    geometry = MODELS[model]
    shapes = geometry.matrices()
    names = TARGETS[targets] or tuple(shapes)
    return geometry.layers * sum(rank * (shapes[n][0] + shapes[n][1]) for n in names)


def lora_linear(torch: Any, base: Any, rank: int, alpha: float, generator: Any) -> Any:
    """A module computing base(x) + (alpha/rank)·x·Aᵀ·Bᵀ: `base` frozen, A random, B zero."""
    nn = torch.nn

    class Adapted(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            for parameter in base.parameters():
                parameter.requires_grad = False
            bound = 1 / math.sqrt(base.in_features)
            a = torch.empty(rank, base.in_features).uniform_(-bound, bound, generator=generator)
            self.A = nn.Parameter(a)
            self.B = nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank

        def forward(self, x: Any) -> Any:
            return self.base(x) + self.scale * ((x @ self.A.T) @ self.B.T)

    return Adapted()


def make_base(torch: Any) -> Any:
    nn = torch.nn
    layers: list[Any] = []
    for d_in, d_out in zip(WIDTHS, WIDTHS[1:], strict=False):
        layers += [nn.Linear(d_in, d_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])  # no ReLU after the output layer


def adapt(torch: Any, base: Any, rank: int, alpha: float, seed: int) -> Any:
    """A copy of `base` with every linear layer wrapped by LoRA (the base is left as it was)."""
    import copy

    model = copy.deepcopy(base)
    generator = torch.Generator().manual_seed(seed)
    for index, layer in enumerate(model):
        if isinstance(layer, torch.nn.Linear):
            model[index] = lora_linear(torch, layer, rank, alpha, generator)
    return model


def digit_data(seed: int) -> dict[str, Any]:
    """numpy arrays: all of 0–4 for pre-training; 50 labelled images of each of 5–9 for
    training, and every other image of 5–9 for validation."""
    import numpy as np
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    source = np.isin(y, SOURCE_DIGITS)
    rng = np.random.default_rng(seed)
    picked = np.concatenate(
        [rng.choice(np.flatnonzero(y == d), LABELS_PER_CLASS, replace=False) for d in TARGET_DIGITS]
    )
    valid = np.setdiff1d(np.flatnonzero(np.isin(y, TARGET_DIGITS)), picked)
    return {
        "source_X": X[source],
        "source_y": y[source].astype(np.int64),
        "target_X": X[picked],
        "target_y": (y[picked] - TARGET_DIGITS[0]).astype(np.int64),
        "valid_X": X[valid],
        "valid_y": (y[valid] - TARGET_DIGITS[0]).astype(np.int64),
    }


def pretrain(torch: Any, X: Any, y: Any, seed: int) -> Any:
    torch.manual_seed(seed)
    model = make_base(torch)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(PRETRAIN_STEPS):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model


def count_trainable(model: Any) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def loss_of(torch: Any, model: Any, X: Any, y: Any) -> float:
    with torch.no_grad():
        return float(torch.nn.functional.cross_entropy(model(X), y))


def run(knobs: dict[str, Any], report: Report) -> None:
    seed, rank, alpha, epochs = knobs["seed"], knobs["rank"], knobs["alpha"], knobs["epochs"]
    model_name, targets = knobs["model"], knobs["targets"]
    torch, device = torchlib.prepare(seed, knobs["device"])
    data = {name: torch.as_tensor(a, device=device) for name, a in digit_data(seed).items()}
    base = pretrain(torch, data["source_X"], data["source_y"], seed).to(device)
    report.check()
    import copy

    learners = {
        f"LoRA rank {rank}": adapt(torch, base, rank, alpha, seed).to(device),
        "full fine-tune": copy.deepcopy(base),
    }
    optimizers = {
        name: torch.optim.Adam([p for p in m.parameters() if p.requires_grad], lr=LR)
        for name, m in learners.items()
    }
    X, y = data["target_X"], data["target_y"]
    valid_X, valid_y = data["valid_X"], data["valid_y"]
    base_loss = loss_of(torch, base, valid_X, valid_y)
    for name in learners:
        report.point(name, 0, base_loss)
    shuffles = {name: torch.Generator().manual_seed(seed) for name in learners}
    final: dict[str, float] = {}
    for epoch in range(1, epochs + 1):
        for name, model in learners.items():
            order = torch.randperm(len(y), generator=shuffles[name]).to(device)
            for start in range(0, len(order), BATCH):
                batch = order[start : start + BATCH]
                optimizers[name].zero_grad()
                torch.nn.functional.cross_entropy(model(X[batch]), y[batch]).backward()
                optimizers[name].step()
                report.check()
            final[name] = loss_of(torch, model, valid_X, valid_y)
            report.point(name, epoch, final[name])

    lora_name = f"LoRA rank {rank}"
    lab_trainable = count_trainable(learners[lora_name])
    full = count_trainable(learners["full fine-tune"])
    geometry = MODELS[model_name]
    calculated = lora_params(model_name, targets, rank)
    total = geometry.total_params()
    report.table(
        f"LoRA on {model_name} ({targets}) by rank",
        ["rank", "trainable parameters", "share of the model (%)"],
        [
            [
                r,
                lora_params(model_name, targets, r),
                round(100 * lora_params(model_name, targets, r) / total, 4),
            ]
            for r in (1, 2, 4, 8, 16, 32, 64)
        ],
    )
    report.finding("trainable_params", calculated)
    report.finding("model_params", total)
    report.finding("trainable_percent", 100 * calculated / total)
    report.finding("lab_trainable_params", lab_trainable)
    report.finding("full_params", full)
    report.finding("base_loss", base_loss)
    report.finding("lora_loss", final[lora_name])
    report.finding("full_loss", final["full fine-tune"])
    drop_full = base_loss - final["full fine-tune"]
    share = (base_loss - final[lora_name]) / drop_full if drop_full > 0 else 0.0
    report.finding("lora_recovers", share)
    report.note(
        f"With {lab_trainable:,} of {full:,} parameters trainable "
        f"({100 * lab_trainable / full:.0f}%), LoRA rank {rank} took the validation loss from "
        f"{base_loss:.2f} to {final[lora_name]:.2f}; full fine-tuning reached "
        f"{final['full fine-tune']:.2f}. On {model_name} ({targets}) rank {rank} trains "
        f"{calculated:,} of {total:,} parameters."
    )


SPEC = LabSpec(
    id="lora",
    title="LoRA: low-rank adaptation",
    phase=8,
    summary="Train only a low-rank update B·A beside each frozen weight; compare with full "
    "fine-tuning and count the parameters, here and in real models.",
    knobs=(
        Knob("rank", int, 8, "rank r of the update B·A", 1, 64),
        Knob("alpha", float, 16.0, "scale: the update is multiplied by alpha / r", 0.5, 128.0),
        Knob("epochs", int, 20, "passes over the 250 labelled images of 5–9", 1, 100),
        Knob(
            "model",
            str,
            "llama-7b",
            "model for the parameter count",
            choices=tuple(MODELS),
        ),
        Knob(
            "targets",
            str,
            "q,v",
            "matrices adapted in each layer (all: + MLP)",
            choices=tuple(TARGETS),
        ),
        seed_knob(),
        torchlib.device_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Validation loss on held-out digits 5–9: LoRA vs full fine-tuning",
        x_label="epoch",
        y_label="validation loss",
        x_integer=True,
    ),
    run=run,
    findings={
        "trainable_params": "LoRA trainable parameters in the chosen model",
        "model_params": "All parameters of the chosen model",
        "trainable_percent": "LoRA's share of the chosen model (%)",
        "lab_trainable_params": "LoRA trainable parameters in the lab's network",
        "full_params": "Parameters full fine-tuning trains in the lab",
        "base_loss": "Validation loss of the pre-trained network before training",
        "lora_loss": "Validation loss after training, LoRA",
        "full_loss": "Validation loss after training, full fine-tune",
        "lora_recovers": "Share of full fine-tuning's validation-loss drop LoRA got",
    },
    uses=("torch", "sklearn"),  # digits come from scikit-learn
)
