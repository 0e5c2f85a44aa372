"""The contract every lab keeps: cancellable at once, light to import, every finding reported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tutor.labs import LabCancelled, load_all, run_lab

LAB_IDS = sorted(load_all())


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_cancelling_stops_after_the_first_point(lab_id: str) -> None:
    updates = {"n": 0}

    def on_update() -> None:
        updates["n"] += 1

    with pytest.raises(LabCancelled):
        run_lab(lab_id, on_update=on_update, should_stop=lambda: updates["n"] >= 1)
    assert updates["n"] == 1


def test_importing_every_lab_loads_neither_numpy_nor_sklearn_nor_torch() -> None:
    code = (
        "import json, sys\n"
        "from tutor.labs import load_all\n"
        "labs = load_all()\n"
        "print(json.dumps([len(labs), 'numpy' in sys.modules, 'sklearn' in sys.modules, "
        "'torch' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Every lab module on disk is in the catalogue (counted here, so labs written in
    # parallel branches merge without editing a number).
    assert json.loads(out.stdout) == [len(lab_modules()), False, False, False]


def lab_modules() -> list[str]:
    import pkgutil

    import tutor.labs
    from tutor.labs.registry import INFRASTRUCTURE

    return [
        m.name for m in pkgutil.iter_modules(tutor.labs.__path__) if m.name not in INFRASTRUCTURE
    ]


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_lab_has_a_seed_and_its_runs_repeat_exactly(lab_id: str) -> None:
    spec = load_all()[lab_id]
    assert "seed" in spec.knobs and spec.findings
    first, second = run_lab(lab_id), run_lab(lab_id)
    assert first.findings == second.findings
    assert set(first.findings) == set(spec.findings)
    assert {k: v.y for k, v in first.series.items()} == {k: v.y for k, v in second.series.items()}
