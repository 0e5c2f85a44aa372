"""kmeans: inertias equal KMeans fitted here, iris reproduces 78.85, the seeded findings, the
knee rule and the ARI bands, moons fail at k = 2, cancelling."""

from __future__ import annotations

import time

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris, make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.kmeans import knee, recovery

LAB = "kmeans"


def test_iris_unscaled_at_k_3_has_the_textbook_inertia() -> None:
    X, _ = load_iris(return_X_y=True)
    direct = KMeans(3, n_init=10, random_state=0).fit(X).inertia_
    assert direct == pytest.approx(78.85, abs=0.005)
    result = run_lab(LAB, {"shape": "iris", "k": 3, "seed": 0})
    assert result.findings["inertia_at_k"] == pytest.approx(78.85, abs=0.005)
    assert result.findings["inertia_at_k"] == pytest.approx(direct, abs=1e-6)
    assert result.findings["recovery"] == "partly"


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"k": 4, "shape": "blobs", "seed": 0}
    assert result.findings == {
        "inertia_at_k": pytest.approx(595.487427, abs=1e-6),
        "silhouette_at_k": pytest.approx(0.743253, abs=1e-6),
        "elbow_k": 4,
        "best_silhouette_k": 4,
        "true_groups": 4,
        "ari_at_k": 1.0,
        "recovery": "recovers",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    assert result.series["silhouette"].x == [float(k) for k in range(2, 11)]


@pytest.mark.parametrize(("shape", "seed"), [("blobs", 0), ("moons", 3)])
def test_inertias_and_silhouettes_equal_kmeans_fitted_directly(shape: str, seed: int) -> None:
    if shape == "blobs":
        centres = np.array([(-6.0, 0.0), (0.0, 5.0), (5.0, 1.0), (0.0, -6.0)])
        X, y = make_blobs(300, centers=centres, cluster_std=1.0, random_state=seed)
    else:
        X, y = make_moons(300, noise=0.05, random_state=seed)
    result = run_lab(LAB, {"shape": shape, "k": 2, "seed": seed})
    rows = result.tables["Inertia and silhouette per k"].rows
    inertias = []
    for k in range(1, 11):
        with threadpool_limits(limits=1):  # small fits: threads only slow them
            model = KMeans(k, n_init=10, random_state=seed).fit(X)
        inertias.append(model.inertia_)
        assert rows[k - 1][1] == pytest.approx(model.inertia_, abs=0.005), k
        if k > 1:
            assert result.series["silhouette"].y[k - 2] == pytest.approx(
                silhouette_score(X, model.labels_), abs=1e-12
            )
        if k == 2:
            ari = adjusted_rand_score(y, model.labels_)
            assert result.findings["ari_at_k"] == pytest.approx(ari, abs=1e-6)
    shares = [i / inertias[0] for i in inertias]
    assert result.series["inertia ÷ inertia at k=1"].y == pytest.approx(shares, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_kmeans_recovers_blobs_and_fails_on_moons_and_stretched_bands(seed: int) -> None:
    assert run_lab(LAB, {"seed": seed}).findings["recovery"] == "recovers"
    assert run_lab(LAB, {"shape": "moons", "k": 2, "seed": seed}).findings["recovery"] == "fails"
    stretched = run_lab(LAB, {"shape": "stretched", "k": 3, "seed": seed}).findings
    assert stretched["recovery"] == "fails"


def test_knee_rule_and_bands() -> None:
    assert knee([100.0, 50.0, 10.0, 8.0, 6.0]) == 3
    assert knee([100.0, 75.0, 50.0, 25.0, 0.0]) == 1  # a straight line: no elbow, k = 1
    assert knee([5.0, 5.0, 5.0]) == 1
    assert recovery(0.9) == "recovers" and recovery(0.8999) == "partly"
    assert recovery(0.5) == "partly" and recovery(0.4999) == "fails"


def test_the_same_seed_repeats() -> None:
    knobs = {"shape": "stretched", "k": 3, "seed": 7}
    first, second = run_lab(LAB, knobs), run_lab(LAB, knobs)
    assert first.findings == second.findings
    assert first.tables == second.tables


def test_cancelling_stops_within_a_fifth_of_a_second() -> None:
    asked: dict[str, float] = {}

    def should_stop() -> bool:
        if "at" not in asked and time.perf_counter() - started > 0.05:
            asked["at"] = time.perf_counter()
        return "at" in asked

    started = time.perf_counter()
    with pytest.raises(LabCancelled):
        run_lab(LAB, should_stop=should_stop)
    assert time.perf_counter() - asked["at"] < 0.2


@pytest.mark.parametrize(
    ("values", "knob"),
    [({"k": 0}, "k"), ({"k": 11}, "k"), ({"shape": "rings"}, "shape"), ({"seed": -1}, "seed")],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
