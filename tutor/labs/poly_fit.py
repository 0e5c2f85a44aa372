"""Polynomial fit: underfitting and overfitting a noisy curve.

`points` noisy samples of sin(2πx) on [0, 1] are fitted by least squares with a
polynomial of each degree from 1 to 15 (x is mapped to [-1, 1] and the polynomial is
written in the Legendre basis, so that degree 15 stays well-conditioned; the fit is
the same as with plain powers of x). The chart shows the data, the true curve and the
fit at `degree`; the table compares each degree's training error with its 5-fold
cross-validated error. Too low a degree misses the curve (underfits); too high a
degree chases the noise (overfits): its training error keeps falling while its
cross-validated error shoots up.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import legendre_fit, legendre_predict, sine
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

MAX_DEGREE = 15
FOLDS = 5
CURVE_POINTS = 100
NEAR, FAR = 2.0, 100.0  # band edges for (CV error at the degree) / (the best CV error)


def against_best(degree: int, best: int, ratio: float) -> str:
    """The CV error at `degree` against the best degree's, as one of four bands."""
    if degree == best:
        return "the lowest of all degrees"
    if ratio < NEAR:
        return f"within {NEAR:g} times the lowest"
    if ratio < FAR:
        return f"{NEAR:g} to {FAR:g} times the lowest"
    return f"over {FAR:g} times the lowest"


def make_data(np: Any, points: int, noise: float, seed: int) -> tuple[Any, Any]:
    """x uniform on [0, 1] (sorted), y = sin(2πx) + Gaussian noise of std `noise`."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, points))
    return x, sine(x) + rng.normal(0.0, noise, points)


def fold_indices(np: Any, n: int, seed: int) -> list[Any]:
    """FOLDS shuffled test folds covering 0..n-1 (as sklearn's KFold(shuffle=True) makes)."""
    from sklearn.model_selection import KFold

    splitter = KFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return [test for _, test in splitter.split(np.zeros((n, 1)))]


def errors(np: Any, x: Any, y: Any, degree: int, folds: list[Any]) -> tuple[float, float]:
    """(training MSE, cross-validated MSE: the mean of the folds' test MSEs)."""
    train_mse = float(np.mean((legendre_predict(legendre_fit(x, y, degree), x) - y) ** 2))
    fold_mse = []
    for test in folds:
        train = np.setdiff1d(np.arange(len(x)), test)
        coef = legendre_fit(x[train], y[train], degree)
        fold_mse.append(np.mean((legendre_predict(coef, x[test]) - y[test]) ** 2))
    return train_mse, float(np.mean(fold_mse))


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    degree, noise, points, seed = (
        int(knobs["degree"]),
        float(knobs["noise"]),
        int(knobs["points"]),
        int(knobs["seed"]),
    )
    x, y = make_data(np, points, noise, seed)
    grid = np.linspace(0.0, 1.0, CURVE_POINTS)
    report.series("data", list(x), list(y))
    report.series("truth", list(grid), list(sine(grid)))
    # The drawn curve is clipped to a band around the data (a wild high-degree fit would
    # otherwise squash the chart); the errors below use the real fit.
    pad = 1.0 + float(np.ptp(y))
    curve = np.clip(
        legendre_predict(legendre_fit(x, y, degree), grid), y.min() - pad, y.max() + pad
    )
    report.series("fit", list(grid), list(curve))

    folds = fold_indices(np, points, seed)
    table = []
    for d in range(1, MAX_DEGREE + 1):
        table.append((d, *errors(np, x, y, d, folds)))
        report.check()
    train = {d: t for d, t, _ in table}
    cv = {d: c for d, _, c in table}
    best = min(cv, key=lambda d: (cv[d], d))
    report.table(
        "Error per degree",
        ["degree", "train MSE", "CV MSE"],
        [[d, _round(t), _round(c)] for d, t, c in table],
    )
    report.finding("cv_best_degree", best)
    report.finding("train_mse", train[degree])
    report.finding("cv_mse", cv[degree])
    report.finding("underfits_at_degree_1", cv[1] > 2 * cv[best])
    report.finding(
        "overfits_at_degree_15",
        train[MAX_DEGREE] < train[best] and cv[MAX_DEGREE] > 2 * cv[best],
    )
    ratio = cv[degree] / cv[best]
    report.finding("cv_mse_ratio_to_best", ratio)
    report.finding("cv_mse_against_best", against_best(degree, best, ratio))
    far_off = cv[degree] > 2 * cv[best]
    if degree < best:
        verdict = "too low: it underfits" if far_off else "a little lower than needed"
    elif degree > best:
        verdict = "too high: it overfits" if far_off else "a little higher than needed"
    else:
        verdict = "just right"
    report.note(
        f"Degree {degree} has training MSE {train[degree]:.3g} and CV MSE {cv[degree]:.3g}; "
        f"cross-validation prefers degree {best}, so {degree} is {verdict}."
    )


def _round(value: float) -> float:
    """Four significant figures: CV errors at high degree can be enormous."""
    return float(f"{value:.4g}")


SPEC = LabSpec(
    id="poly-fit",
    title="Fitting a polynomial: under- and overfitting",
    phase=2,
    summary="Polynomials of degree 1 to 15 fitted to noisy samples of a sine: too low a "
    "degree underfits, too high a degree overfits, and cross-validation finds the middle.",
    knobs=(
        Knob("degree", int, 3, "degree of the fitted polynomial", 1, MAX_DEGREE),
        Knob("noise", float, 0.25, "standard deviation of the noise added to the curve", 0, 1),
        Knob("points", int, 30, "number of noisy samples", 10, 200),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Data, true curve and polynomial fit",
        x_label="x",
        y_label="y",
        scatter=("data",),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "cv_best_degree": "Degree with the lowest cross-validated error",
        "train_mse": "Training MSE at the chosen degree",
        "cv_mse": "Cross-validated MSE at the chosen degree",
        "underfits_at_degree_1": "A straight line underfits",
        "overfits_at_degree_15": "Degree 15 overfits",
        "cv_mse_ratio_to_best": "CV MSE at the chosen degree ÷ the lowest CV MSE",
        "cv_mse_against_best": "CV MSE at the chosen degree is",
    },
)
