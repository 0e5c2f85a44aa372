"""Shared fixtures: a small course, a private data dir, and a way to break course files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own MLTUTOR_HOME so nobody's real progress is touched, and its own
    course cache (platformdirs' user cache dir follows XDG_CACHE_HOME on Linux)."""
    home = tmp_path / "home"
    monkeypatch.setenv("MLTUTOR_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return home


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture course."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target)
    return target
