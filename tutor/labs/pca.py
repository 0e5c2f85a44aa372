"""PCA: how much of the variance each principal component keeps, with and without scaling.

Data: a bundled scikit-learn set — iris (4 measurements), wine (13), digits (64 pixels) or
breast cancer (30). With `scale` on, each feature is standardised first (`StandardScaler`:
mean 0, standard deviation 1; a feature that never varies, like digits' corner pixels, stays
0). `PCA(svd_solver="full")` is fitted on all components; the chart shows each component's
share of the variance (bars, at most MAX_BARS of them) and the running total (line).

To show what scaling does, the first component's share is also computed the other way (scaled
if `scale` is off, unscaled if on). On wine and breast cancer one feature measured in large
units (proline, tumour area) dominates the unscaled variance, so the first component "explains"
nearly everything only because of the units.

PCA is exact, so the seed changes nothing (it is kept because every lab has one).
The 2-D projection is reported as a table of each class's centre and spread on the first two
components (one chart per lab: the bars take it).
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

DATASETS = ("iris", "wine", "digits", "breast-cancer")
MAX_BARS = 40  # digits has 64 components; the chart shows the first 40
TARGET = 0.95  # "components needed for 95% of the variance"
HARDLY, A_LOT = 0.05, 0.15  # band edges for the change of the first component's share


def scaling_effect(change: float) -> str:
    """How much scaling changed the first component's share (an absolute change, 0..1)."""
    if change >= A_LOT:
        return "a lot"
    if change >= HARDLY:
        return "somewhat"
    return "hardly"


def load(dataset: str) -> Any:
    from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

    loader = {
        "iris": load_iris,
        "wine": load_wine,
        "digits": load_digits,
        "breast-cancer": load_breast_cancer,
    }
    return loader[dataset]()


def explained_ratios(X: Any, scale: bool) -> tuple[Any, Any]:
    """(fitted PCA on all components, the data it was fitted on)."""
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    Z = StandardScaler().fit_transform(X) if scale else X
    return PCA(svd_solver="full").fit(Z), Z


def components_for(cumulative: list[float], share: float) -> int:
    """The fewest components whose cumulative share reaches `share`."""
    # a tiny tolerance: a cumulative sum of 1.0 can come out as 0.9999999999999998
    return next(n for n, total in enumerate(cumulative, start=1) if total >= share - 1e-12)


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    dataset, scale = str(knobs["dataset"]), bool(knobs["scale"])
    data = load(dataset)
    X, y = data.data, data.target
    n_features = X.shape[1]
    components = min(int(knobs["components"]), n_features)
    if components < int(knobs["components"]):
        report.note(f"{dataset} has only {n_features} features: {components} components used.")

    pca, Z = explained_ratios(X, scale)
    ratios = [float(r) for r in pca.explained_variance_ratio_]
    cumulative = [float(c) for c in np.cumsum(ratios)]
    for n in range(min(n_features, MAX_BARS)):
        report.point("share of variance", n + 1, ratios[n])
        report.point("cumulative share", n + 1, cumulative[n])

    other_first = float(explained_ratios(X, not scale)[0].explained_variance_ratio_[0])
    report.check()
    change = abs(ratios[0] - other_first)

    projected = pca.transform(Z)[:, :2]
    rows = []
    for label, name in enumerate(data.target_names):
        points = projected[y == label]
        rows.append(
            [str(name), len(points)]
            + [round(float(v), 3) for v in points.mean(axis=0)]
            + [round(float(v), 3) for v in points.std(axis=0)]
        )
    report.table(
        "2-D projection: each class on the first two components",
        ["class", "count", "PC1 mean", "PC2 mean", "PC1 std", "PC2 std"],
        rows,
    )
    report.table(
        "Variance per component",
        ["component", "share", "cumulative"],
        [
            [n + 1, round(ratios[n], 4), round(cumulative[n], 4)]
            for n in range(min(n_features, max(components, 10)))
        ],
    )
    needed = components_for(cumulative, TARGET)
    report.finding("n_features", n_features)
    report.finding("components_for_95", needed)
    report.finding("cumulative_at_components", cumulative[components - 1])
    report.finding("first_share", ratios[0])
    report.finding("first_share_other_scaling", other_first)
    report.finding("scaling_effect", scaling_effect(change))
    how, other = ("standardised", "unscaled") if scale else ("unscaled", "standardised")
    report.note(
        f"On {how} {dataset} data the first component keeps {ratios[0]:.1%} of the variance "
        f"({other}: {other_first:.1%}); {components} of {n_features} components keep "
        f"{cumulative[components - 1]:.1%}, and {needed} are needed for 95%."
    )


SPEC = LabSpec(
    id="pca",
    title="PCA: explained variance, with and without scaling",
    phase=6,
    summary="Each principal component's share of the variance and the running total: a few "
    "components keep most of it, and unscaled features in big units distort it.",
    knobs=(
        Knob("components", int, 2, "components kept (at most the data's features)", 1, 64),
        Knob("scale", bool, True, "standardise every feature before PCA"),
        Knob("dataset", str, "iris", "the bundled data set", choices=DATASETS),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="bar",
        title="Share of variance per component, and the running total",
        x_label="component",
        y_label="share of variance",
        y_range=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "n_features": "Features (the most components there can be)",
        "components_for_95": "Components needed for 95% of the variance",
        "cumulative_at_components": "Share of variance your components keep",
        "first_share": "First component's share of the variance",
        "first_share_other_scaling": "First component's share with the other scaling",
        "scaling_effect": "Scaling changes the first component's share",
    },
)
