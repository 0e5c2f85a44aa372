"""Shared fixtures: a small course, a private data dir, a way to break course files, and a lab
catalogue that each test leaves as it found it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tutor.labs import LabRegistry

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


@pytest.fixture
def lab_registry() -> Iterator[LabRegistry]:
    """The lab catalogue, put back as it was when the test ends: lend a lab with `.add(spec)`."""
    from tutor.labs import LABS

    saved = LABS.snapshot()
    try:
        yield LABS
    finally:
        LABS.restore(saved)


@pytest.fixture
def with_fake_labs(lab_registry: LabRegistry) -> LabRegistry:
    """The catalogue with tests/fake_labs.py's labs (count-up, broken), for this test only."""
    from tests.fake_labs import FAKE_LABS

    for spec in FAKE_LABS:
        lab_registry.add(spec)
    return lab_registry
