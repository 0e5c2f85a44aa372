"""What every PyTorch lab shares: importing torch (with a clear message when it is missing),
seeding, threads, and the device knob. torch is imported only here, inside a lab's run —
never when the tutor starts or the lab catalogue is read."""

from __future__ import annotations

from typing import Any

from tutor.labs.spec import Knob

INSTALL_HINT = (
    "This lab needs PyTorch, which is not installed. Install the CPU build with: "
    "pip install 'mltutor[torch]' --extra-index-url https://download.pytorch.org/whl/cpu "
    "(or pip install torch); everything else in mltutor works without it."
)


class TorchMissing(RuntimeError):
    """PyTorch is not installed; the message says how to get it."""


def import_torch() -> Any:
    """torch, or TorchMissing with the install line."""
    try:
        import torch
        import torch._dynamo  # noqa: F401  (the first optimizer step would load it: ~1 s)
    except ImportError:
        raise TorchMissing(INSTALL_HINT) from None
    return torch


def device_knob() -> Knob:
    """`device`: cpu (the default), or cuda when a GPU is present."""
    return Knob(
        "device",
        str,
        "cpu",
        "where to train: cpu, or cuda if a GPU is present",
        choices=("cpu", "cuda"),
    )


# The labs' matrices are small (64-wide layers, batches of tens): thread start-up costs
# more than it saves. Measured on the 2-core machine, busy with other work: fine-tuning
# 0.23 s with 1 thread against 1.69 s with 2, lora 0.33 s against 3.92 s; a bare training
# loop up to 50x slower with 2; mlp-training's steps 30-80x slower with 2 while the machine
# was busy, and only 0.1 s faster with 2 when idle. So one thread, whatever the machine has.
LAB_THREADS = 1


def prepare(seed: int, device: str = "cpu") -> tuple[Any, Any]:
    """(torch, device) for one run: seeded, deterministic where torch can be, on one CPU
    thread (LAB_THREADS), on the GPU only when asked for and present."""
    torch = import_torch()
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.set_num_threads(LAB_THREADS)
    if device == "cuda" and torch.cuda.is_available():
        return torch, torch.device("cuda")
    return torch, torch.device("cpu")
