"""The lab catalogue: found from the package's modules, loud about a broken one, knobs named
once, and lent to a test without leaking into the next."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from tests.fake_labs import FAKE_LABS
from tutor.labs import (
    LABS,
    ChartSpec,
    Knob,
    LabCancelled,
    LabLoadError,
    LabRegistry,
    LabResult,
    LabSpec,
    Report,
    load_all,
    run_lab,
    seed_knob,
)
from tutor.labs.registry import INFRASTRUCTURE

FAKE_IDS = {spec.id for spec in FAKE_LABS}

GOOD_LAB = """
from tutor.labs import ChartSpec, LabSpec, seed_knob

SPEC = LabSpec("{id}", "A lab", 1, "Fine.", (seed_knob(),), ChartSpec("line", "t"), run=print)
"""


@pytest.fixture
def make_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a package of lab modules under a fresh name; its registry, not yet discovered."""
    monkeypatch.syspath_prepend(str(tmp_path))
    made: list[str] = []

    def make(modules: dict[str, str], infrastructure: frozenset[str] = frozenset()) -> LabRegistry:
        name = f"labs_under_test_{len(made)}_{tmp_path.name}".replace("-", "_")
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("")
        for module, text in modules.items():
            (package / f"{module}.py").write_text(textwrap.dedent(text))
        made.append(name)
        return LabRegistry(name, infrastructure)

    yield make
    for name in made:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


def lab_modules_on_disk() -> set[str]:
    """The modules of tutor/labs that are labs (counted, so that new labs need no edit here)."""
    package = Path(__file__).resolve().parents[2] / "tutor" / "labs"
    return {path.stem for path in package.glob("*.py")} - {"__init__"} - INFRASTRUCTURE


def test_every_lab_module_in_the_package_is_found_under_its_own_name() -> None:
    labs = load_all()
    assert len(labs) == len(lab_modules_on_disk()) >= 11
    for lab_id, spec in labs.items():
        assert spec.run.__module__ == "tutor.labs." + lab_id.replace("-", "_")


def test_the_infrastructure_modules_are_the_files_that_are_not_labs() -> None:
    package = Path(__file__).resolve().parents[2] / "tutor" / "labs"
    modules = {path.stem for path in package.glob("*.py")} - {"__init__"}
    lab_modules = {lab_id.replace("-", "_") for lab_id in load_all()}
    assert modules - lab_modules == INFRASTRUCTURE


def test_a_package_of_good_labs_is_discovered(make_package) -> None:
    registry = make_package(
        {"alpha": GOOD_LAB.format(id="alpha"), "beta_two": GOOD_LAB.format(id="beta-two")}
    )
    assert sorted(registry) == ["alpha", "beta-two"]
    assert registry["beta-two"].title == "A lab"


def test_a_lab_module_that_raises_on_import_stops_discovery_naming_it(make_package) -> None:
    registry = make_package(
        {"alpha": GOOD_LAB.format(id="alpha"), "broken": "raise RuntimeError('half written')"}
    )
    with pytest.raises(LabLoadError, match=r"labs_under_test_\w+\.broken failed to import: "):
        registry.discover()
    with pytest.raises(LabLoadError, match="half written"):  # still loud the next time
        registry.get("alpha")


def test_a_lab_module_with_a_missing_import_is_not_skipped(make_package) -> None:
    registry = make_package({"gone": "import a_module_that_is_not_installed\n"})
    with pytest.raises(LabLoadError, match=r"\.gone failed to import: ModuleNotFoundError"):
        registry.discover()


def test_a_module_without_a_spec_must_be_named_as_infrastructure(make_package) -> None:
    helpers = "def helper():\n    return 1\n"
    with pytest.raises(LabLoadError, match=r"\.helpers defines no SPEC"):
        make_package({"helpers": helpers}).discover()
    registry = make_package({"helpers": helpers, "alpha": GOOD_LAB.format(id="alpha")})
    registry.infrastructure = frozenset({"helpers"})
    assert list(registry) == ["alpha"]


def test_a_lab_module_is_named_after_its_lab(make_package) -> None:
    registry = make_package({"roc": GOOD_LAB.format(id="roc-curve")})
    with pytest.raises(LabLoadError, match=r"\.roc defines the lab 'roc-curve'; name the module"):
        registry.discover()


def test_knobs_are_named_once_and_kept_by_name_in_order() -> None:
    depth = Knob("depth", int, 3, "tree depth", 1, 20)
    spec = LabSpec("demo", "Demo", 2, "a demo", (depth, seed_knob()), ChartSpec("line", "t"), print)
    assert list(spec.knobs) == ["depth", "seed"] and spec.knobs["depth"] is depth
    with pytest.raises(TypeError):
        spec.knobs["width"] = depth  # type: ignore[index]
    with pytest.raises(ValueError, match="two knobs named 'depth'"):
        LabSpec(
            "demo", "Demo", 2, "a demo", (depth, depth, seed_knob()), ChartSpec("line", "t"), print
        )
    with pytest.raises(ValueError, match=r"knobs filed under another name: \['width'\]"):
        LabSpec(
            "demo",
            "Demo",
            2,
            "",
            {"width": depth, "seed": seed_knob()},
            ChartSpec("line", "t"),
            print,
        )
    with pytest.raises(ValueError, match="needs a 'seed' knob"):
        LabSpec("demo", "Demo", 2, "a demo", (depth,), ChartSpec("line", "t"), print)


def test_a_lab_id_is_registered_once(lab_registry: LabRegistry) -> None:
    with pytest.raises(ValueError, match="'tree-depth' is registered twice"):
        lab_registry.add(
            LabSpec("tree-depth", "Again", 2, "", (seed_knob(),), ChartSpec("line", "t"), print)
        )


def test_restore_puts_back_what_a_test_added_and_removed() -> None:
    saved = LABS.snapshot()
    try:
        LABS.add(FAKE_LABS[0])
        LABS.remove("tree-depth")
        assert "count-up" in load_all() and "tree-depth" not in load_all()
    finally:
        LABS.restore(saved)
    assert "count-up" not in load_all() and "tree-depth" in load_all()


def test_a_test_with_the_fake_labs_sees_them(with_fake_labs: LabRegistry) -> None:
    assert FAKE_IDS.issubset(load_all())
    assert run_lab("count-up", {"n": 4}).findings == {"reached": 4, "even": True}


def test_the_next_test_does_not() -> None:
    """Runs after the one above (pytest keeps the file's order): the fakes were taken back."""
    assert not FAKE_IDS & set(load_all())
    assert len(load_all()) == len(lab_modules_on_disk())


def test_run_lab_calls_the_callers_listeners_also_with_its_own_report(
    with_fake_labs: LabRegistry,
) -> None:
    seen = {"report": 0, "run": 0}

    def counted(key: str):
        def on_update() -> None:
            seen[key] += 1

        return on_update

    report = Report(LabResult("count-up", {"n": 5}), on_update=counted("report"))
    run_lab("count-up", {"n": 5}, on_update=counted("run"), report=report)
    assert seen == {"report": 7, "run": 7}  # five points and two findings

    report = Report(LabResult("count-up", {"n": 50}))
    with pytest.raises(LabCancelled):
        run_lab(
            "count-up", {"n": 50}, should_stop=lambda: len(report.result.series) > 0, report=report
        )
    assert len(report.result.series["count"].x) == 1
