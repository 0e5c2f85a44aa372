"""The layout: the course lives at the top level, ships inside the wheel, and is found
both from an installed wheel and from a checkout."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import tutor.paths
from tutor.paths import shipped_course_dir

ROOT = Path(__file__).resolve().parents[1]
COURSE_FILES = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in ("lessons", "quizzes")
    for path in (ROOT / folder).rglob("*.yaml")
)


def _packages_in_tree() -> set[str]:
    return {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "tutor").rglob("*.py")
        if "__pycache__" not in path.parts
    }


def test_the_course_is_at_the_top_level() -> None:
    assert "lessons/roadmap.yaml" in COURSE_FILES
    assert any(name.startswith("quizzes/") for name in COURSE_FILES)
    assert not (ROOT / "tutor" / "lessons").exists()
    assert not (ROOT / "tutor" / "quizzes").exists()


def test_every_package_is_listed_for_the_wheel() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    missing = _packages_in_tree() - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert setuptools["package-dir"] == {"tutor.lessons": "lessons", "tutor.quizzes": "quizzes"}


def test_the_repository_is_a_course_folder() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "validate", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: .")  # after any layout warnings


def test_a_checkout_teaches_its_own_top_level_course() -> None:
    if Path(tutor.paths.__file__).resolve().parent != ROOT / "tutor":
        pytest.skip("tutor is imported from an installed copy, not this checkout")
    assert shipped_course_dir() == ROOT


def test_an_installed_package_teaches_the_course_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path.resolve() / "site-packages"
    (site / "tutor" / "lessons").mkdir(parents=True)
    (site / "tutor" / "lessons" / "roadmap.yaml").write_text("phases: []\n")
    monkeypatch.setattr(tutor.paths, "__file__", str(site / "tutor" / "paths.py"))
    assert shipped_course_dir() == site / "tutor"
    (site / "tutor" / "lessons" / "roadmap.yaml").unlink()  # an editable install: the checkout's
    assert shipped_course_dir() == site


def _wheel_build_flags() -> list[str]:
    """Build with this environment's setuptools when it is new enough (fast), else let pip
    fetch one (a fresh Python 3.11 venv has setuptools 65, too old for pyproject.toml)."""
    try:
        major = int(importlib.metadata.version("setuptools").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        return []
    return ["--no-build-isolation"] if major >= 68 else []


def test_the_wheel_carries_the_course_and_finds_it_from_any_folder(tmp_path: Path) -> None:
    # build from a copy, so that no build/ folder is left in (or reused from) the checkout
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("tutor", "lessons", "quizzes"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(tmp_path)]
        + _wheel_build_flags(),
        cwd=source,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = tmp_path.glob("mltutor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tutor/lessons/roadmap.yaml" in names
    assert {f"tutor/{name}" for name in COURSE_FILES} <= names
    assert "tutor/app/app.tcss" in names
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tutor").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules <= names

    # a wheel is installed by unpacking it; then validate the course it carries
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "validate"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(site), "MLTUTOR_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"OK: {site / 'tutor'} — ")
