"""Regularization paths: each coefficient of a ridge or lasso fit as the penalty alpha grows.

Data: scikit-learn's bundled diabetes data (442 patients, 10 features: age, sex, body-mass
index, blood pressure and six blood serum measurements s1–s6; the target is disease
progression a year later). The features are standardised and the target centred, so no
intercept is needed and coefficients are comparable across features.

For `alphas` values of alpha spaced evenly in log10 from 10^`log_alpha_min` to
10^`log_alpha_max`, from the largest down (lasso warm-starts each fit from the last, as
`lasso_path` does), the model is fitted and its coefficients streamed. Lasso minimises
‖y − Xw‖²/(2n) + alpha·‖w‖₁; ridge minimises ‖y − Xw‖² + alpha·‖w‖² (scikit-learn's
`Lasso` and `Ridge`, so the two alphas are on different scales). The chart draws the six
features with the largest least-squares coefficients (its palette has six colours); the
table has all ten. Nothing here is random: the seed knob changes nothing.

What to look for:
* lasso sets coefficients to exactly zero one after another, until none is left;
* ridge shrinks every coefficient toward zero but sets none to exactly zero.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

CHARTED = 6  # the chart's palette has six colours: one per charted feature
TOLERANCE = 1e-10  # lasso's coordinate descent runs until the path is exact to ~1e-8
MAX_ITER = 100_000
MODELS = ("lasso", "ridge")


def zero_band(zeros: int, features: int) -> str:
    """How many coefficients are exactly zero, in words a prediction can name."""
    if zeros == 0:
        return "none"
    if zeros == features:
        return "all"
    return "some"


def make_data() -> tuple[Any, Any, list[str]]:
    """(X standardised, y centred, feature names) from the diabetes data."""
    from sklearn.datasets import load_diabetes
    from sklearn.preprocessing import StandardScaler

    data = load_diabetes()
    X = StandardScaler().fit_transform(data.data)
    y = data.target - data.target.mean()
    return X, y, list(data.feature_names)


def alpha_grid(low: float, high: float, count: int) -> Any:
    """The alphas, largest first (the order `lasso_path` uses)."""
    import numpy as np

    return np.logspace(high, low, count)


def charted_features(X: Any, y: Any) -> list[int]:
    """The features with the largest least-squares coefficients (the paths with most to
    show), in their data order. On the diabetes data they include bmi, the feature most
    correlated with the target and so the last that lasso sets to zero."""
    import numpy as np

    ols, *_ = np.linalg.lstsq(X, y, rcond=None)
    return sorted(int(j) for j in np.argsort(-np.abs(ols))[:CHARTED])


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.linear_model import Lasso, Ridge

    kind = knobs["model"]
    X, y, names = make_data()
    alphas = alpha_grid(knobs["log_alpha_min"], knobs["log_alpha_max"], int(knobs["alphas"]))
    charted = charted_features(X, y)

    model: Any = (
        Lasso(fit_intercept=False, warm_start=True, tol=TOLERANCE, max_iter=MAX_ITER)
        if kind == "lasso"
        else Ridge(fit_intercept=False)
    )
    path = np.zeros((len(names), len(alphas)))
    for i, alpha in enumerate(alphas):
        model.set_params(alpha=float(alpha))
        path[:, i] = model.fit(X, y).coef_
        for j in charted:
            report.point(names[j], float(np.log10(alpha)), float(path[j, i]))

    nonzero = path != 0.0
    zeros_at_largest = int(np.sum(~nonzero[:, 0]))
    # going up from the smallest alpha: the first alpha at which some coefficient is zero
    with_a_zero = [i for i in range(len(alphas)) if not nonzero[:, i].all()]
    first_zero_alpha: object = float(alphas[max(with_a_zero)]) if with_a_zero else "never"
    # the last feature standing: nonzero at the largest alpha where any is, and the largest there
    alive = [i for i in range(len(alphas)) if nonzero[:, i].any()]
    at = min(alive) if alive else len(alphas) - 1
    last_feature = names[int(np.argmax(np.abs(path[:, at])))]

    rows: list[list[object]] = []
    for j, name in enumerate(names):
        zero_from = [i for i in range(len(alphas)) if not nonzero[j, : i + 1].any()]
        rows.append(
            [
                name,
                round(float(path[j, -1]), 3),
                round(float(path[j, 0]), 3),
                f"{alphas[max(zero_from)]:.3g}" if zero_from else "never",
            ]
        )
    report.table(
        f"{kind.capitalize()} coefficients of all ten features",
        ["feature", "smallest alpha", "largest alpha", "zero from alpha"],
        rows,
    )
    size_left = float(np.abs(path[:, 0]).sum() / np.abs(path[:, -1]).sum())

    report.finding("zeros_at_largest_alpha", zeros_at_largest)
    report.finding("all_zero_at_largest_alpha", zeros_at_largest == len(names))
    report.finding("zero_band", zero_band(zeros_at_largest, len(names)))
    report.finding("first_zero_alpha", first_zero_alpha)
    report.finding("last_surviving_feature", last_feature)
    report.finding("size_left_at_largest_alpha", size_left)
    if kind == "lasso":
        report.note(
            f"Lasso set {zeros_at_largest} of {len(names)} coefficients to exactly zero at "
            f"alpha {alphas[0]:.3g}; '{last_feature}' was the last feature standing."
        )
    else:
        report.note(
            f"Ridge shrank the coefficients to {size_left:.1%} of their total size at alpha "
            f"{alphas[0]:.3g}, yet {len(names) - zeros_at_largest} of {len(names)} are "
            "still not zero."
        )


SPEC = LabSpec(
    id="regularization-path",
    title="Regularization paths: ridge and lasso",
    phase=3,
    summary="Coefficients of ridge or lasso on the diabetes data as alpha grows: lasso "
    "sets them to exactly zero one by one, ridge only shrinks them.",
    knobs=(
        Knob("model", str, "lasso", "lasso (L1 penalty) or ridge (L2)", choices=MODELS),
        Knob("log_alpha_min", float, -2.0, "log10 of the smallest alpha", -4.0, 0.0),
        Knob("log_alpha_max", float, 3.0, "log10 of the largest alpha", 1.0, 5.0),
        Knob("alphas", int, 40, "how many alphas, evenly spaced in log10", 5, 100),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Coefficient paths on diabetes (6 largest features)",
        x_label="log10(alpha)",
        y_label="coefficient",
    ),
    run=run,
    findings={  # name → the label a learner reads
        "zeros_at_largest_alpha": "Coefficients exactly 0 at the largest alpha",
        "all_zero_at_largest_alpha": "Every coefficient is 0 at the largest alpha",
        "zero_band": "How many coefficients are 0 at the largest alpha",
        "first_zero_alpha": "Smallest alpha with a coefficient at exactly 0",
        "last_surviving_feature": "Last feature standing as alpha grows",
        "size_left_at_largest_alpha": "Share of total coefficient size left at the end",
    },
)
