"""k-means: the elbow (inertia for k = 1 to 10) and the silhouette, and whether the chosen k
finds the true groups.

Data (300 points unless iris): four round blobs of the same size (`make_blobs`, fixed centres,
seeded sampling); three blobs stretched four times along x so that each group is a long flat
band (`make_blobs` then x × 4); two half moons (`make_moons`, noise 0.05); or the bundled iris
flowers, unscaled (150 flowers, 4 measurements in cm, 3 species). For every k from 1 to 10 a
`KMeans(k, n_init=10, random_state=seed)` is fitted; its inertia (the sum of squared distances
to the nearest centre) and silhouette score are recorded.

Why the elbow is the chart, not a scatter of the clusters: one lab has one chart, and the elbow
is what grows as k grows (a scatter only exists once k is chosen); the chosen k's clusters are
reported as a table of sizes and centres, and whether they match the true groups as a finding.

The elbow's k is the k whose point lies farthest below the straight line from k = 1 to k = 10,
with both k and inertia scaled to 0..1 (the "knee" rule). The adjusted Rand index (ARI) compares
the clusters at the chosen k with the true groups: 1 is a perfect match, 0 is chance.

What to look for: on round blobs the elbow, the best silhouette and the true k agree and
k-means recovers the groups; on stretched bands and on moons it cuts across them (k-means
assumes round clusters of similar spread), however k is chosen.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

K_MAX = 10
POINTS = 300
N_INIT = 10
SHAPES = ("blobs", "stretched", "moons", "iris")
BLOB_CENTRES = ((-6.0, 0.0), (0.0, 5.0), (5.0, 1.0), (0.0, -6.0))
BAND_CENTRES = ((0.0, -4.0), (0.0, 0.0), (0.0, 4.0))
STRETCH = 4.0  # the bands are this many times wider than tall
RECOVERS, PARTLY = 0.9, 0.5  # ARI band edges
VERDICTS = {
    "recovers": "k-means recovers them",
    "partly": "k-means recovers them only in part",
    "fails": "k-means fails to recover them",
}


def recovery(ari: float) -> str:
    """Whether the clusters match the true groups, from the adjusted Rand index."""
    if ari >= RECOVERS:
        return "recovers"
    if ari >= PARTLY:
        return "partly"
    return "fails"


def knee(inertias: list[float]) -> int:
    """The k (from 1) farthest below the line from the first to the last point, both axes
    scaled to 0..1; on a tie the smallest k."""
    n = len(inertias)
    first, last = inertias[0], inertias[-1]
    if n < 3 or first == last:
        return 1
    gaps = [
        (1 - i / (n - 1)) - (inertia - last) / (first - last) for i, inertia in enumerate(inertias)
    ]
    return gaps.index(max(gaps)) + 1


def make_data(shape: str, seed: int) -> tuple[Any, Any, list[str]]:
    """(X, true groups, feature names)."""
    import numpy as np
    from sklearn.datasets import load_iris, make_blobs, make_moons

    if shape == "iris":
        iris = load_iris()
        names = [name.replace(" (cm)", "") for name in iris.feature_names]
        return iris.data, iris.target, names
    if shape == "moons":
        X, y = make_moons(POINTS, noise=0.05, random_state=seed)
    else:
        centres = np.array(BLOB_CENTRES if shape == "blobs" else BAND_CENTRES)
        X, y = make_blobs(POINTS, centers=centres, cluster_std=1.0, random_state=seed)
        if shape == "stretched":
            X = X * np.array([STRETCH, 1.0])
    return X, y, ["x1", "x2"]


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    k, shape, seed = int(knobs["k"]), str(knobs["shape"]), int(knobs["seed"])
    X, y, names = make_data(shape, seed)
    inertias: list[float] = []
    silhouettes: list[float | None] = []
    chosen: Any = None
    for kk in range(1, K_MAX + 1):
        model = KMeans(kk, n_init=N_INIT, random_state=seed).fit(X)
        inertias.append(float(model.inertia_))
        report.point("inertia ÷ inertia at k=1", kk, inertias[-1] / inertias[0])
        if kk > 1:
            silhouette = float(silhouette_score(X, model.labels_))
            silhouettes.append(silhouette)
            report.point("silhouette", kk, silhouette)
        else:
            silhouettes.append(None)  # one cluster has no silhouette
        if kk == k:
            chosen = model

    report.table(
        "Inertia and silhouette per k",
        ["k", "inertia", "silhouette"],
        [
            [kk, round(inertia, 2), "-" if s is None else round(s, 4)]
            for kk, (inertia, s) in enumerate(zip(inertias, silhouettes, strict=True), start=1)
        ],
    )
    sizes = np.bincount(chosen.labels_, minlength=k)
    report.table(
        f"The {k} clusters at k = {k}",
        ["cluster", "size", *names],
        [
            [n + 1, int(sizes[n]), *[round(float(v), 2) for v in chosen.cluster_centers_[n]]]
            for n in range(k)
        ],
    )
    scored = [(s, kk) for kk, s in enumerate(silhouettes, start=1) if s is not None]
    best_silhouette_k = max(scored, key=lambda pair: (pair[0], -pair[1]))[1]
    elbow = knee(inertias)
    ari = float(adjusted_rand_score(y, chosen.labels_))
    groups = len(np.unique(y))
    report.finding("inertia_at_k", inertias[k - 1])
    report.finding("silhouette_at_k", silhouettes[k - 1])
    report.finding("elbow_k", elbow)
    report.finding("best_silhouette_k", best_silhouette_k)
    report.finding("true_groups", groups)
    report.finding("ari_at_k", ari)
    report.finding("recovery", recovery(ari))
    report.note(
        f"The elbow suggests k = {elbow} and the silhouette is best at k = "
        f"{best_silhouette_k}; the data has {groups} true groups. At k = {k} the clusters "
        f"match them with an adjusted Rand index of {ari:.2f}: {VERDICTS[recovery(ari)]}."
    )


SPEC = LabSpec(
    id="kmeans",
    title="k-means: choosing k with the elbow and the silhouette",
    phase=6,
    summary="Inertia and silhouette for k = 1 to 10 (the elbow), the clusters at your k, and "
    "whether they match the true groups: k-means assumes round clusters.",
    knobs=(
        Knob("k", int, 4, "number of clusters for the table and findings", 1, K_MAX),
        Knob(
            "shape",
            str,
            "blobs",
            "round blobs, stretched bands, moons or iris",
            choices=SHAPES,
        ),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Elbow: inertia (share of k = 1) and silhouette vs k",
        x_label="k (clusters)",
        y_label="share / score",
        x_integer=True,
    ),
    run=run,
    findings={  # name → the label a learner reads
        "inertia_at_k": "Inertia at your k",
        "silhouette_at_k": "Silhouette score at your k",
        "elbow_k": "The elbow's k (farthest below the k=1–10 line)",
        "best_silhouette_k": "Best-silhouette k",
        "true_groups": "Number of true groups in the data",
        "ari_at_k": "Adjusted Rand index against the true groups",
        "recovery": "Does k-means recover the true groups",
    },
)
