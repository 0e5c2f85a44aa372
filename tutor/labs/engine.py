"""Running a lab: resolve its knobs, run it with the run's listeners, time it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping

from tutor.labs.registry import require_lab
from tutor.labs.report import LabResult, Report
from tutor.labs.spec import LabSpec


def run_lab(
    lab_id: str,
    values: Mapping[str, object] | None = None,
    on_update: Callable[[], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    report: Report | None = None,
) -> LabResult:
    """Run a lab to the end (or until cancelled, raising LabCancelled); KnobError for bad knobs.

    `on_update` is called after every change the lab reports and `should_stop` is asked at
    each of its checks, also when the caller brings its own `report` (to read it while the
    lab runs)."""
    spec = require_lab(lab_id)
    knobs = spec.resolve(values)
    if report is None:
        report = Report(LabResult(lab_id, knobs))
    report.listen(on_update, should_stop)
    report.described = spec.findings
    started = time.perf_counter()
    with _small_fits(spec):
        spec.run(dict(knobs), report)
    report.result.seconds = time.perf_counter() - started
    return report.result


def _small_fits(spec: LabSpec) -> contextlib.AbstractContextManager:
    """Labs make many fits on small arrays: BLAS on one thread (on a busy 2-core machine a
    threaded solve of a small matrix can be 30× slower), and scikit-learn skips re-checking
    arguments and data that the lab built itself. The scikit-learn setting is per thread."""
    stack = contextlib.ExitStack()
    if "sklearn" in spec.uses or "numpy" in spec.uses:
        from threadpoolctl import threadpool_limits

        stack.enter_context(threadpool_limits(limits=1))
    if "sklearn" in spec.uses:
        import sklearn

        stack.enter_context(
            sklearn.config_context(assume_finite=True, skip_parameter_validation=True)
        )
    return stack
