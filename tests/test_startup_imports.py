"""Start-up stays light: importing and building the app loads no numpy, scikit-learn or torch,
and the core layers never import textual."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "sklearn", "torch", "pandas", "scipy")


def imported_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_app_module_and_a_built_app_import_nothing_heavy(tmp_path) -> None:
    modules = imported_after(
        "import tutor.app, tutor.__main__\n"
        f"app = tutor.app.make_app(home={str(tmp_path)!r})\n"
        "from tutor.app.screens import roadmap, lesson, progress, help\n"
        "from tutor.app.widgets import question"
    )
    assert "textual" in modules
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)


def test_core_layers_never_import_textual() -> None:
    modules = imported_after(
        "import tutor.content.validate, tutor.checking, tutor.progress.report, tutor.learner, "
        "tutor.plain.runner, tutor.cli, tutor.labs"
    )
    assert not any(m == "textual" or m.startswith("textual.") for m in modules)
