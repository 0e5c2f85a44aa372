"""dimensionality: seeded numbers, scipy/numpy recomputations, and the insight across seeds."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.dimensionality import (
    INFORMATIVE,
    NEIGHBOURS,
    QUERIES,
    SEPARATION,
    dimensions,
    nearest_farthest_ratio,
)

LAB = "dimensionality"


def rows_by_dimension(result) -> dict[int, list]:
    (table,) = result.tables.values()
    return {row[0]: row for row in table.rows}


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"max_dims": 200, "points": 400, "seed": 0}
    assert result.findings == {
        "ratio_at_1_dim": 0.001127,
        "ratio_at_max_dims": 0.792321,
        "ratio_climbs_towards_1": True,
        "knn_accuracy_falls": True,
        "ratio_band_at_max_dims": "over 0.7",
    }
    assert result.series["kNN accuracy"].x == [1, 2, 3, 5, 10, 20, 50, 100, 200]
    assert result.series["kNN accuracy"].y[1] == 0.925
    assert result.series["kNN accuracy"].y[-1] == 0.735


def test_findings_at_a_second_setting() -> None:
    result = run_lab(LAB, {"max_dims": 50, "points": 150, "seed": 5})
    assert result.findings == {
        "ratio_at_1_dim": 0.004529,
        "ratio_at_max_dims": 0.656956,
        "ratio_climbs_towards_1": True,
        "knn_accuracy_falls": True,
        "ratio_band_at_max_dims": "0.4 to 0.7",
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_distances_concentrate_and_knn_degrades_for_other_seeds(seed: int) -> None:
    result = run_lab(LAB, {"seed": seed})
    assert result.findings["ratio_climbs_towards_1"]
    assert result.findings["knn_accuracy_falls"]
    assert result.findings["ratio_at_1_dim"] < 0.01 < 0.7 < result.findings["ratio_at_max_dims"]


def test_the_grid_of_dimensions() -> None:
    assert dimensions(200) == [1, 2, 3, 5, 10, 20, 50, 100, 200]
    assert dimensions(500) == [1, 2, 3, 5, 10, 20, 50, 100, 200, 500]
    assert dimensions(7) == [1, 2, 3, 5, 7]
    assert dimensions(2) == [1, 2]


def test_ratio_function_agrees_with_scipy_cdist() -> None:
    rng = np.random.default_rng(3)
    queries, points = rng.uniform(size=(7, 30)), rng.uniform(size=(90, 30))
    distances = cdist(queries, points)
    ratio, nearest, farthest = nearest_farthest_ratio(queries, points)
    assert ratio == pytest.approx(np.mean(distances.min(axis=1) / distances.max(axis=1)))
    assert nearest == pytest.approx(distances.min(axis=1).mean())
    assert farthest == pytest.approx(distances.max(axis=1).mean())


def test_against_cdist_and_a_plain_numpy_knn_on_the_same_draws() -> None:
    """Redraw the lab's data; recompute the ratio at d = 20 and 5-NN accuracy at d = 2 and 50."""
    max_dims, n = 200, 400
    rng = np.random.default_rng(0)
    points = rng.uniform(size=(n, max_dims))
    queries = rng.uniform(size=(QUERIES, max_dims))
    labels = rng.integers(0, 2, size=n)
    X = rng.normal(size=(n, max_dims))
    X[:, :INFORMATIVE] += np.where(labels[:, None] == 1, SEPARATION, -SEPARATION)
    rows = rows_by_dimension(run_lab(LAB))

    distances = cdist(queries[:, :20], points[:, :20])
    ratio = np.mean(distances.min(axis=1) / distances.max(axis=1))
    assert rows[20][1] == pytest.approx(ratio, abs=1e-4)

    half = n // 2
    for d in (2, 50):
        d_test_train = cdist(X[half:, :d], X[:half, :d])
        nearest = np.argsort(d_test_train, axis=1)[:, :NEIGHBOURS]
        votes = labels[:half][nearest].sum(axis=1)
        predicted = (votes > NEIGHBOURS // 2).astype(int)
        assert rows[d][4] == pytest.approx(np.mean(predicted == labels[half:]), abs=1e-4)


def test_every_declared_finding_is_reported_even_at_the_smallest_setting() -> None:
    spec = get_lab(LAB)
    result = run_lab(LAB, {"max_dims": 2, "points": 50})
    assert set(result.findings) == set(spec.findings)
    # Two dimensions is too few for the curse to show.
    assert result.findings["ratio_climbs_towards_1"] is False
    assert result.findings["knn_accuracy_falls"] is False
    assert set(result.series) == {"nearest/farthest ratio", "kNN accuracy"}
    assert all(0.0 <= v <= 1.0 for s in result.series.values() for v in s.y)
    assert result.notes


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"max_dims": 1}, "max_dims"),
        ({"max_dims": 501}, "max_dims"),
        ({"points": 10}, "points"),
        ({"points": 5000}, "points"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
