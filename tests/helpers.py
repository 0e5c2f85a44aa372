"""Running mltutor as a learner would: a subprocess with piped input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_COURSE


def run_mltutor(
    *args: str,
    stdin: str = "",
    home: Path,
    content: Path | None = FIXTURE_COURSE,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "MLTUTOR_HOME": str(home), **(env or {})}
    full_env.pop("NO_COLOR", None) if env is None or "NO_COLOR" not in env else None
    command = [sys.executable, "-m", "tutor"]
    if content is not None:
        command += ["--content", str(content)]
    return subprocess.run(
        command + list(args),
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def screen_lines(app) -> list[str]:
    """The app's screen as the learner sees it, one string per terminal row."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


# An answer to the shipped course's q-paradigm-tickets-written that the grader cannot judge
# (two of three ideas, long and on topic): the learner is asked to judge it.
UNSURE_TICKETS_ANSWER = (
    "Train a model on the 200 labelled tickets and let it predict the 50,000 unlabelled "
    "ones. Keep the most confident predictions as labels and retrain on the bigger set, "
    "round after round, until it stops helping."
)


def lab_module_count() -> int:
    """The lab modules in the package (every module but the infrastructure): each defines
    one lab, so the catalogue must hold exactly this many."""
    import pkgutil

    import tutor.labs
    from tutor.labs.registry import INFRASTRUCTURE

    return sum(1 for m in pkgutil.iter_modules(tutor.labs.__path__) if m.name not in INFRASTRUCTURE)
