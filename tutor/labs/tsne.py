"""t-SNE: a 2-D map of the data, one colour per class, and what its sizes and gaps do not mean.

Data: the first 400 of scikit-learn's bundled digits (8×8 images, about 40 of each digit), or
three generated blobs of different densities and distances (`make_blobs`, seeded): a dense one
(150 points, spread 0.5), a medium one (100 points, spread 1.5) 8 units away and a sparse one
(150 points, spread 3) 30 units away. `TSNE(perplexity, init="random", max_iter=500,
random_state=seed)` embeds them in 2-D (random starts, so the seed changes the map; 500
iterations keep the run within its budget).

scikit-learn's t-SNE cannot report progress, so the points appear at the end; the fit runs in
a helper thread so that the lab can still stop at once when cancelled (the thread then finishes
on its own and its result is dropped). The fit runs on one thread: Barnes-Hut t-SNE sums in
a different order on more threads, so its map would depend on the machine's cores.

Findings: the final KL divergence (what t-SNE minimised); how well classes separate
(5-nearest-neighbour accuracy, 5-fold, in the map and in the original data, and
`trustworthiness` with 5 neighbours); and the ratio of the widest to the narrowest class
spread, and of the largest to the smallest gap between class centres, in the data and in the
map. t-SNE evens out the blobs' spreads and gaps and exaggerates the digits': the sizes and
distances of clusters in a t-SNE map mean little.
"""

from __future__ import annotations

import threading
from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

DIGITS = 400
MAX_ITER = 500
NEIGHBOURS = 5
BLOB_SIZES = (150, 100, 150)
BLOB_CENTRES = ((0.0, 0.0), (8.0, 0.0), (30.0, 0.0))
BLOB_SPREADS = (0.5, 1.5, 3.0)
BLOB_NAMES = ("dense", "medium", "sparse")
KEPT = 1.5  # a ratio that changes by less than this factor either way is "about kept"
POLL = 0.02  # seconds between checks for a cancel while t-SNE runs


def ratio_change(original: float, embedded: float) -> str:
    """What the map did to a ratio of the data (spreads or gaps)."""
    factor = embedded / original
    if factor > KEPT:
        return "exaggerated"
    if factor < 1 / KEPT:
        return "evened out"
    return "about kept"


def make_data(dataset: str, seed: int) -> tuple[Any, Any, list[str]]:
    """(X, class of each row, class names)."""
    import numpy as np
    from sklearn.datasets import load_digits, make_blobs

    if dataset == "digits":
        X, y = load_digits(return_X_y=True)
        return X[:DIGITS], y[:DIGITS], [str(d) for d in range(10)]
    X, y = make_blobs(
        list(BLOB_SIZES),
        centers=np.array(BLOB_CENTRES),
        cluster_std=list(BLOB_SPREADS),
        random_state=seed,
    )
    return X, y, list(BLOB_NAMES)


def make_tsne(perplexity: float, seed: int) -> Any:
    from sklearn.manifold import TSNE

    return TSNE(
        n_components=2,
        perplexity=perplexity,
        init="random",
        max_iter=MAX_ITER,
        random_state=seed,
    )


def spreads_and_gaps(Z: Any, y: Any) -> tuple[Any, Any]:
    """Each class's spread (root-mean-square distance to its centre) and the distances
    between every pair of class centres."""
    import numpy as np

    classes = np.unique(y)
    centres = np.array([Z[y == c].mean(axis=0) for c in classes])
    spreads = np.array(
        [np.sqrt(((Z[y == c] - centres[i]) ** 2).sum(axis=1).mean()) for i, c in enumerate(classes)]
    )
    distances = np.sqrt(((centres[:, None] - centres[None]) ** 2).sum(axis=-1))
    return spreads, distances[np.triu_indices(len(classes), 1)]


def knn_accuracy(Z: Any, y: Any) -> float:
    """Mean 5-fold accuracy of 5-nearest neighbours (folds in order, stratified)."""
    from sklearn.model_selection import cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    return float(cross_val_score(KNeighborsClassifier(NEIGHBOURS), Z, y, cv=5).mean())


def embed(X: Any, perplexity: float, seed: int, report: Report) -> Any:
    """The fitted TSNE, run in a helper thread while this one answers cancels."""
    tsne = make_tsne(perplexity, seed)
    outcome: dict[str, Any] = {}

    def fit() -> None:
        from threadpoolctl import threadpool_limits

        try:
            # OpenMP's thread count is set per thread: the engine's one-thread limit does not
            # reach this one, and on a busy machine t-SNE's threads spin 10× slower
            with threadpool_limits(limits=1):
                outcome["embedding"] = tsne.fit_transform(X)
        except BaseException as exc:  # handed back to the lab's thread
            outcome["error"] = exc

    worker = threading.Thread(target=fit, name="tsne-fit", daemon=True)
    worker.start()
    while worker.is_alive():
        report.check()
        worker.join(POLL)
    if "error" in outcome:
        raise outcome["error"]
    return tsne, outcome["embedding"]


def show_start(y: Any, names: list[str], seed: int, report: Report) -> None:
    """The kind of layout t-SNE starts from with init="random": each point drawn from a
    normal distribution of spread 1e-4 around the centre, so classes are mixed at first."""
    import numpy as np

    start = 1e-4 * np.random.default_rng(seed).standard_normal((len(y), 2))
    for label, name in enumerate(names):
        points = start[y == label]
        report.series(name, [float(v) for v in points[:, 0]], [float(v) for v in points[:, 1]])


def run(knobs: dict[str, Any], report: Report) -> None:
    from sklearn.manifold import trustworthiness

    perplexity, dataset, seed = float(knobs["perplexity"]), str(knobs["dataset"]), knobs["seed"]
    X, y, names = make_data(dataset, seed)
    report.note(
        f"t-SNE is embedding {len(X)} points ({X.shape[1]} features) in 2-D. It starts from "
        "a random cloud, shown first, with every class mixed; scikit-learn reports no "
        "progress, so the finished map replaces the cloud at the end."
    )
    report.check()
    show_start(y, names, seed, report)
    tsne, E = embed(X, perplexity, seed, report)
    for label, name in enumerate(names):
        points = E[y == label]
        report.series(name, [float(v) for v in points[:, 0]], [float(v) for v in points[:, 1]])

    spreads, gaps = spreads_and_gaps(X, y)
    e_spreads, e_gaps = spreads_and_gaps(E, y)
    narrow, wide = int(spreads.argmin()), int(spreads.argmax())
    spread_ratio = float(spreads[wide] / spreads[narrow])
    e_spread_ratio = float(e_spreads[wide] / e_spreads[narrow])
    gap_ratio = float(gaps.max() / gaps.min())
    e_gap_ratio = float(e_gaps.max() / e_gaps.min())
    report.table(
        "Class spreads (root-mean-square distance to the class centre)",
        ["class", "in the data", "in the map"],
        [
            [name, round(float(s), 3), round(float(e), 3)]
            for name, s, e in zip(names, spreads, e_spreads, strict=True)
        ],
    )
    report.finding("kl_divergence", float(tsne.kl_divergence_))
    report.finding("knn_accuracy_map", knn_accuracy(E, y))
    report.finding("knn_accuracy_data", knn_accuracy(X, y))
    report.check()
    report.finding("trustworthiness", float(trustworthiness(X, E, n_neighbors=NEIGHBOURS)))
    report.finding("spread_ratio_data", spread_ratio)
    report.finding("spread_ratio_map", e_spread_ratio)
    report.finding("spread_change", ratio_change(spread_ratio, e_spread_ratio))
    report.finding("gap_ratio_data", gap_ratio)
    report.finding("gap_ratio_map", e_gap_ratio)
    report.finding("gap_change", ratio_change(gap_ratio, e_gap_ratio))
    report.note(
        f"Class {names[wide]} is {spread_ratio:.1f} times as spread as class {names[narrow]} "
        f"in the data and {e_spread_ratio:.1f} times in the map; the largest gap between "
        f"class centres is {gap_ratio:.1f} times the smallest in the data and "
        f"{e_gap_ratio:.1f} times in the map. Read neighbours from a t-SNE map, not sizes "
        "or distances."
    )


SPEC = LabSpec(
    id="tsne",
    title="t-SNE: a 2-D map where sizes and gaps mean little",
    phase=6,
    summary="A t-SNE map of digits or of blobs of different densities: neighbours are kept, "
    "but cluster sizes and the gaps between them are not.",
    knobs=(
        Knob("perplexity", float, 30.0, "about how many neighbours each point keeps", 5, 50),
        Knob(
            "dataset",
            str,
            "digits",
            "400 digits, or blobs of different densities",
            choices=("digits", "blobs"),
        ),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="t-SNE map, one colour per class",
        x_label="t-SNE 1",
        y_label="t-SNE 2",
        scatter=tuple(str(d) for d in range(10)) + BLOB_NAMES,
    ),
    run=run,
    findings={  # name → the label a learner reads
        "kl_divergence": "KL divergence t-SNE reached",
        "knn_accuracy_map": "Accuracy of 5 nearest neighbours, map",
        "knn_accuracy_data": "Accuracy of 5 nearest neighbours, data",
        "trustworthiness": "Trustworthiness (5 neighbours kept, 1 is best)",
        "spread_ratio_data": "Widest ÷ narrowest class spread, data",
        "spread_ratio_map": "Widest ÷ narrowest class spread, map",
        "spread_change": "What the map does to the spread ratio",
        "gap_ratio_data": "Largest ÷ smallest gap between classes, data",
        "gap_ratio_map": "Largest ÷ smallest gap between classes, map",
        "gap_change": "What the map does to the gap ratio",
    },
)
