"""Finding lessons from the command line: `lessons`, numbers or ids for `lesson` and `reset`,
clear messages for phases without lessons, and the progress report's lesson ids and time note."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "command",
    [
        "progress --json",
        "progress",
        "progress --csv",
        "lessons",
        "lab --list",
        "glossary",
        "validate",
        "--help",
        "--plain",
        "quiz 1",
    ],
)
def test_piping_into_head_ends_quietly(command: str, tmp_path: Path) -> None:
    err = tmp_path / "stderr"
    for lines in (0, 2):
        shell = f"printf 'p\\nq\\n' | {sys.executable} -m tutor {command} 2>{err} | head -n {lines}"
        subprocess.run(
            ["bash", "-c", shell],
            env={**os.environ, "MLTUTOR_HOME": str(tmp_path / "home")},
            stdout=subprocess.DEVNULL,
            timeout=60,
            check=True,
        )
        assert "Error" not in err.read_text() and "Traceback" not in err.read_text()
