"""The lab catalogue: every lab module in this package, found on first use, looked up by id.

A lab module is any module of `tutor.labs` not named in INFRASTRUCTURE; it defines
`SPEC = LabSpec(...)` and is named after its id (`roc-curve` lives in `roc_curve.py`).
A module that fails to import, or defines no such SPEC, stops discovery with a LabLoadError
naming it: a broken lab is never silently left out. Discovery imports only the lab modules
themselves, which import numpy and scikit-learn inside `run`, so it stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Iterator, Mapping

from tutor.labs.errors import LabLoadError, UnknownLab
from tutor.labs.report import show_value
from tutor.labs.spec import LabSpec

# The modules of tutor.labs that are the machinery, not labs.
INFRASTRUCTURE = frozenset({"common", "engine", "errors", "registry", "report", "spec", "torchlib"})


class LabRegistry(Mapping[str, LabSpec]):
    """Lab id → LabSpec: the labs discovered in `package`, plus any added with `add()`.

    Tests lend a lab for one test with `add()` between `snapshot()` and `restore()` (the
    `lab_registry` fixture does this), or with `monkeypatch.setitem`."""

    def __init__(self, package: str, infrastructure: frozenset[str] = frozenset()) -> None:
        self.package = package
        self.infrastructure = infrastructure
        self._labs: dict[str, LabSpec] = {}
        self._discovered = False
        self._lock = threading.RLock()  # a lab may first be looked up from a worker thread

    def discover(self) -> None:
        """Import every lab module of the package once; raise LabLoadError on a broken one."""
        with self._lock:
            if self._discovered:
                return
            self._labs = {spec.id: spec for spec in self._lab_specs()}
            self._discovered = True

    def _lab_specs(self) -> Iterator[LabSpec]:
        package = importlib.import_module(self.package)
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name in self.infrastructure:
                continue
            name = f"{self.package}.{module_info.name}"
            try:
                module = importlib.import_module(name)
            except Exception as exc:
                raise LabLoadError(
                    f"lab module {name} failed to import: {type(exc).__name__}: {exc}"
                ) from exc
            spec = getattr(module, "SPEC", None)
            if not isinstance(spec, LabSpec):
                raise LabLoadError(
                    f"lab module {name} defines no SPEC = LabSpec(...) (a module of "
                    f"{self.package} that is not a lab belongs in its INFRASTRUCTURE list)"
                )
            expected = spec.id.replace("-", "_")
            if module_info.name != expected:
                raise LabLoadError(
                    f"lab module {name} defines the lab {spec.id!r}; name the module {expected}"
                )
            yield spec

    def add(self, spec: LabSpec) -> LabSpec:
        """Put a lab into the catalogue (a test's fake lab); an id already there is refused."""
        with self._lock:
            self.discover()
            if spec.id in self._labs:
                raise ValueError(f"lab id {spec.id!r} is registered twice")
            self._labs[spec.id] = spec
        return spec

    def remove(self, lab_id: str) -> None:
        with self._lock:
            self.discover()
            del self._labs[lab_id]

    def snapshot(self) -> dict[str, LabSpec]:
        """The catalogue as it is now, for `restore()`."""
        with self._lock:
            self.discover()
            return dict(self._labs)

    def restore(self, saved: Mapping[str, LabSpec]) -> None:
        """Put the catalogue back as `snapshot()` found it."""
        with self._lock:
            self._labs = dict(saved)
            self._discovered = True

    # `monkeypatch.setitem(LABS, id, spec)` lends a lab to one test and takes it back after.
    def __setitem__(self, lab_id: str, spec: LabSpec) -> None:
        if lab_id != spec.id:
            raise ValueError(f"lab {spec.id!r} filed under another id: {lab_id!r}")
        self.add(spec)

    def __delitem__(self, lab_id: str) -> None:
        self.remove(lab_id)

    def __getitem__(self, lab_id: str) -> LabSpec:
        self.discover()
        return self._labs[lab_id]

    def __iter__(self) -> Iterator[str]:
        self.discover()
        return iter(list(self._labs))

    def __len__(self) -> int:
        self.discover()
        return len(self._labs)

    def __repr__(self) -> str:
        return f"LabRegistry({self.package!r}, {sorted(self._labs)})"


LABS = LabRegistry("tutor.labs", INFRASTRUCTURE)


def load_all() -> LabRegistry:
    """Every lab, discovered on the first call (cheap: lab modules import numpy only when run)."""
    LABS.discover()
    return LABS


def get_lab(lab_id: str) -> LabSpec | None:
    """The lab with this id, or None if there is none."""
    return LABS.get(lab_id)


def require_lab(lab_id: str) -> LabSpec:
    """The lab with this id, for a caller that needs one; UnknownLab (a KnobError) naming
    the id if there is none."""
    spec = LABS.get(lab_id)
    if spec is None:
        raise UnknownLab(f"no lab '{lab_id}'; labs: {', '.join(sorted(load_all()))}")
    return spec


def finding_label(lab_id: str, name: str) -> str:
    """The label a learner reads for a finding (its code name only for an unknown lab)."""
    spec = get_lab(lab_id)
    return spec.findings.get(name, name) if spec is not None else name


def describe_finding(lab_id: str, name: str, value: object) -> str:
    """`Test accuracy peaks before the deepest tree: yes`."""
    return f"{finding_label(lab_id, name)}: {show_value(value)}"
