"""imbalance: the baseline against DummyClassifier, the model against sklearn's metrics, and
"high accuracy, zero recall" at the seeded defaults."""

from __future__ import annotations

import pytest

from tutor.labs import KnobError, LabCancelled, get_lab, run_lab
from tutor.labs.imbalance import SHARES, balancing_effect, make_data, recall_band

LAB = "imbalance"


def sklearn_scores(share: float, seed: int, class_weight: str | None) -> dict[str, float]:
    """Baseline and model scores at one share, with estimators and metrics used directly."""
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, precision_score, recall_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = make_data(share, seed)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train).predict(X_test)
    model = make_pipeline(StandardScaler(), LogisticRegression(class_weight=class_weight))
    predicted = model.fit(X_train, y_train).predict(X_test)
    return {
        "baseline_accuracy": accuracy_score(y_test, baseline),
        "baseline_recall": recall_score(y_test, baseline, zero_division=0),
        "model_accuracy": accuracy_score(y_test, predicted),
        "model_recall": recall_score(y_test, predicted, zero_division=0),
        "model_precision": precision_score(y_test, predicted, zero_division=0),
    }


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.knobs == {"positive_share": 0.02, "class_weight": "none", "seed": 0}
    assert result.findings == {
        "baseline_accuracy": 0.98,
        "baseline_recall": 0.0,
        "model_accuracy": 0.98,
        "model_recall": 0.0,
        "model_precision": 0.0,
        "high_accuracy_zero_recall": True,
        "recall_band": "zero",
        "unweighted_recall": 0.0,
        "balanced_recall": 0.95,
        "balancing_effect": "raises recall a lot",
        "accuracy_cost_of_balancing": pytest.approx(0.126, abs=1e-6),
    }
    assert set(result.series) == {"accuracy", "recall", "precision", "baseline accuracy"}
    assert result.series["recall"].x == list(SHARES)


@pytest.mark.parametrize(
    ("share", "class_weight", "seed"),
    [(0.02, "none", 0), (0.02, "balanced", 0), (0.1, "none", 3), (0.3, "balanced", 5)],
)
def test_findings_match_dummy_classifier_and_sklearn_metrics(
    share: float, class_weight: str, seed: int
) -> None:
    result = run_lab(LAB, {"positive_share": share, "class_weight": class_weight, "seed": seed})
    expected = sklearn_scores(share, seed, None if class_weight == "none" else "balanced")
    for name, value in expected.items():
        assert result.findings[name] == pytest.approx(value, abs=1e-6), name
    # The majority-class baseline never finds a positive; its accuracy is the negatives' share.
    assert expected["baseline_recall"] == 0.0
    assert expected["baseline_accuracy"] == pytest.approx(1 - share, abs=0.002)
    unweighted = sklearn_scores(share, seed, None)
    balanced = sklearn_scores(share, seed, "balanced")
    assert result.findings["unweighted_recall"] == pytest.approx(
        unweighted["model_recall"], abs=1e-6
    )
    assert result.findings["balanced_recall"] == pytest.approx(balanced["model_recall"], abs=1e-6)
    assert result.findings["accuracy_cost_of_balancing"] == pytest.approx(
        unweighted["model_accuracy"] - balanced["model_accuracy"], abs=1e-6
    )


def test_the_chart_matches_sklearn_at_every_share() -> None:
    result = run_lab(LAB, {"positive_share": 0.15, "seed": 1})
    shares = sorted({*SHARES, 0.15})
    assert result.series["accuracy"].x == shares
    for n, share in enumerate(shares):
        expected = sklearn_scores(share, 1, None)
        assert result.series["accuracy"].y[n] == pytest.approx(expected["model_accuracy"])
        assert result.series["recall"].y[n] == pytest.approx(expected["model_recall"])
        assert result.series["precision"].y[n] == pytest.approx(expected["model_precision"])
        assert result.series["baseline accuracy"].y[n] == pytest.approx(
            expected["baseline_accuracy"]
        )


def test_rare_positives_hide_behind_high_accuracy_until_weights_are_balanced() -> None:
    hidden = lifted = 0
    for seed in range(5):
        findings = run_lab(LAB, {"positive_share": 0.01, "seed": seed}).findings
        hidden += findings["high_accuracy_zero_recall"]
        lifted += findings["balancing_effect"] == "raises recall a lot"
        assert findings["baseline_accuracy"] >= 0.99 and findings["baseline_recall"] == 0
        assert findings["balanced_recall"] > findings["unweighted_recall"]
    assert hidden == 5 and lifted >= 4
    balanced = run_lab(LAB, {"class_weight": "balanced"}).findings
    assert not balanced["high_accuracy_zero_recall"]
    assert balanced["recall_band"] == "0.5 or more"
    assert balanced["model_accuracy"] < balanced["baseline_accuracy"]
    # With balanced classes the weights change nothing.
    even = run_lab(LAB, {"positive_share": 0.5}).findings
    assert even["balancing_effect"] == "leaves recall about the same"
    assert even["accuracy_cost_of_balancing"] == 0.0


@pytest.mark.parametrize(
    ("recall", "band"),
    [(0.0, "zero"), (0.01, "under 0.5"), (0.4999, "under 0.5")]
    + [(0.5, "0.5 or more"), (1.0, "0.5 or more")],
)
def test_recall_bands(recall: float, band: str) -> None:
    assert recall_band(recall) == band


@pytest.mark.parametrize(
    ("before", "after", "effect"),
    [(0.0, 0.3, "raises recall a lot"), (0.5, 0.79, "raises recall a little")]
    + [(0.5, 0.55, "raises recall a little"), (0.5, 0.54, "leaves recall about the same")]
    + [(0.5, 0.46, "leaves recall about the same"), (0.5, 0.45, "lowers recall")],
)
def test_balancing_effect_bands(before: float, after: float, effect: str) -> None:
    assert balancing_effect(before, after) == effect


def test_a_seed_repeats_exactly_and_every_declared_finding_is_reported() -> None:
    first = run_lab(LAB, {"positive_share": 0.05, "seed": 6})
    second = run_lab(LAB, {"positive_share": 0.05, "seed": 6})
    assert first.findings == second.findings and first.series == second.series
    assert set(first.findings) == set(get_lab(LAB).findings)
    (table,) = first.tables.values()
    assert len(table.rows) == len(SHARES)  # 0.05 is one of the chart's shares already


def test_cancelling_stops_between_shares() -> None:
    updates: list[int] = []
    with pytest.raises(LabCancelled):
        run_lab(LAB, on_update=lambda: updates.append(1), should_stop=lambda: len(updates) >= 4)
    assert len(updates) == 4


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"positive_share": 0.005}, "positive_share"),
        ({"positive_share": 0.6}, "positive_share"),
        ({"class_weight": "auto"}, "class_weight"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
