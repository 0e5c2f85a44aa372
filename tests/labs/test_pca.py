"""pca: explained shares equal sklearn's PCA and numpy's eigendecomposition of the covariance,
the issue's reference numbers (iris, digits), the scaling bands, the projection table."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from tutor.labs import KnobError, get_lab, run_lab
from tutor.labs.pca import scaling_effect

LAB = "pca"
LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "digits": load_digits,
    "breast-cancer": load_breast_cancer,
}


def by_hand(X: np.ndarray, scale: bool) -> np.ndarray:
    """Explained-variance ratios from the eigenvalues of the covariance, computed here."""
    if scale:
        std = X.std(axis=0)
        X = (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)
    centred = X - X.mean(axis=0)
    eigenvalues = np.linalg.eigvalsh(centred.T @ centred / (len(X) - 1))[::-1]
    eigenvalues = np.clip(eigenvalues, 0.0, None)
    return eigenvalues / eigenvalues.sum()


def test_standardised_iris_explains_the_reference_shares() -> None:
    result = run_lab(LAB, {"dataset": "iris", "scale": True, "components": 4})
    shares = result.series["share of variance"].y
    assert [round(s, 4) for s in shares] == [0.7296, 0.2285, 0.0367, 0.0052]
    assert result.findings["cumulative_at_components"] == pytest.approx(1.0)


@pytest.mark.parametrize(("scale", "needed"), [(False, 29), (True, 40)])
def test_digits_needs_29_components_unscaled_and_40_standardised(scale: bool, needed: int) -> None:
    X, _ = load_digits(return_X_y=True)
    cumulative = np.cumsum(by_hand(X.astype(float), scale))
    assert int(np.argmax(cumulative >= 0.95)) + 1 == needed
    result = run_lab(LAB, {"dataset": "digits", "scale": scale})
    assert result.findings["components_for_95"] == needed


@pytest.mark.parametrize("dataset", list(LOADERS))
@pytest.mark.parametrize("scale", [True, False])
def test_shares_equal_sklearn_pca_numpy_svd_and_the_covariance_by_hand(
    dataset: str, scale: bool
) -> None:
    X, _ = LOADERS[dataset](return_X_y=True)
    X = X.astype(float)
    Z = StandardScaler().fit_transform(X) if scale else X
    sklearn_ratios = PCA().fit(Z).explained_variance_ratio_
    singular = np.linalg.svd(Z - Z.mean(axis=0), compute_uv=False)
    svd_ratios = singular**2 / (singular**2).sum()
    hand = by_hand(X, scale)
    result = run_lab(LAB, {"dataset": dataset, "scale": scale, "components": 3})
    shown = result.series["share of variance"].y
    n = len(shown)
    assert n == min(X.shape[1], 40)
    assert shown == pytest.approx(list(sklearn_ratios[:n]), abs=1e-12)
    assert shown == pytest.approx(list(svd_ratios[:n]), abs=1e-9)
    assert shown == pytest.approx(list(hand[:n]), abs=1e-9)
    cumulative = np.cumsum(hand)
    assert result.series["cumulative share"].y == pytest.approx(list(cumulative[:n]), abs=1e-9)
    assert result.findings["cumulative_at_components"] == pytest.approx(cumulative[2], abs=1e-6)
    assert result.findings["components_for_95"] == int(np.argmax(cumulative >= 0.95)) + 1


def test_default_findings_are_the_reference_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"components": 2, "scale": True, "dataset": "iris", "seed": 0}
    assert result.findings == {
        "n_features": 4,
        "components_for_95": 2,
        "cumulative_at_components": pytest.approx(0.958132, abs=1e-6),
        "first_share": pytest.approx(0.729624, abs=1e-6),
        "first_share_other_scaling": pytest.approx(0.924619, abs=1e-6),
        "scaling_effect": "a lot",
    }
    assert set(result.findings) == set(get_lab(LAB).findings)
    # PCA is exact: the seed changes nothing
    assert run_lab(LAB, {"seed": 4}).findings == result.findings


@pytest.mark.parametrize(
    ("dataset", "effect"),
    [("iris", "a lot"), ("wine", "a lot"), ("breast-cancer", "a lot"), ("digits", "hardly")],
)
def test_scaling_matters_where_units_differ(dataset: str, effect: str) -> None:
    assert run_lab(LAB, {"dataset": dataset}).findings["scaling_effect"] == effect


def test_scaling_bands() -> None:
    assert scaling_effect(0.0499) == "hardly"
    assert scaling_effect(0.05) == scaling_effect(0.1499) == "somewhat"
    assert scaling_effect(0.15) == "a lot"


def test_the_projection_table_is_the_class_means_on_the_first_two_components() -> None:
    data = load_wine()
    Z = StandardScaler().fit_transform(data.data)
    projected = PCA(2).fit_transform(Z)
    result = run_lab(LAB, {"dataset": "wine"})
    table = result.tables["2-D projection: each class on the first two components"]
    for label, row in enumerate(table.rows):
        points = projected[data.target == label]
        assert row[1] == len(points)
        # a component's sign is arbitrary: compare magnitudes
        assert abs(row[2]) == pytest.approx(abs(points[:, 0].mean()), abs=1e-3)
        assert abs(row[3]) == pytest.approx(abs(points[:, 1].mean()), abs=1e-3)


def test_too_many_components_are_capped_with_a_note() -> None:
    result = run_lab(LAB, {"components": 10})
    assert result.findings["cumulative_at_components"] == pytest.approx(1.0)
    assert any("only 4 features" in note for note in result.notes)


@pytest.mark.parametrize(
    ("values", "knob"),
    [({"components": 0}, "components"), ({"components": 65}, "components")]
    + [({"dataset": "diabetes"}, "dataset"), ({"scale": "maybe"}, "scale")],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
