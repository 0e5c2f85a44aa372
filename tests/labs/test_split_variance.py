"""The split-variance lab: seeded numbers, the class-ratio share by hand, knobs, cancelling."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab

LAB = "split-variance"
MALIGNANT, ROWS = 212, 569  # load_breast_cancer: 212 malignant tumours of 569


def test_defaults_give_the_seeded_findings() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "score_std": pytest.approx(0.013896, abs=1e-6),
        "spread_shrinks_with_larger_test_set": True,
        "class_ratio_deviation": pytest.approx(0.031843, abs=1e-6),
        "stratify_keeps_class_ratio": False,
        "spread_ratio": pytest.approx(2.200688, abs=1e-6),
        "smallest_test_size_spreads": "about 2 times wider",
        "class_ratio_deviation_band": "1.5 to 5 points",
    }
    assert list(result.series) == ["10%", "20%", "40%"]
    for series in result.series.values():
        assert series.x == list(range(40))
        assert all(0.8 <= y <= 1.0 for y in series.y)


def test_the_table_summarises_the_boxes() -> None:
    result = run_lab(LAB, {"splits": 10, "seed": 2})
    table = result.tables["Test accuracy over the splits"]
    assert table.columns == ["test size", "mean", "std", "min", "max"]
    for row in table.rows:
        scores = np.array(result.series[row[0]].y)
        assert row[1:] == pytest.approx(
            [scores.mean(), scores.std(), scores.min(), scores.max()], abs=1e-4
        )
    assert result.findings["score_std"] == pytest.approx(np.std(result.series["20%"].y), abs=1e-6)


def test_stratified_test_sets_keep_the_class_ratio_computed_by_hand() -> None:
    result = run_lab(LAB, {"stratify": True, "test_size": 0.1, "splits": 10, "seed": 3})
    # 10% of 569 rows is a test set of 57; stratified, it holds round(57 × 212/569) = 21
    # malignant tumours every time.
    assert result.findings["class_ratio_deviation"] == pytest.approx(
        abs(21 / 57 - MALIGNANT / ROWS), abs=1e-6
    )
    assert result.findings["stratify_keeps_class_ratio"] is True
    assert result.findings["score_std"] == pytest.approx(0.016551, abs=1e-6)


def test_unstratified_share_matches_the_same_splits_recomputed() -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    from tutor.labs.split_variance import split_seeds

    y = load_breast_cancer().target
    seeds = split_seeds(np, 4, 3, 8)  # test sizes 10%, 20%, 40%: 20% is the second row
    shares = []
    for s in seeds[1]:
        _, test = train_test_split(np.arange(ROWS), test_size=0.2, random_state=int(s))
        shares.append(abs(np.mean(y[test] == 0) - MALIGNANT / ROWS))
    result = run_lab(LAB, {"splits": 8, "seed": 4})
    assert result.findings["class_ratio_deviation"] == pytest.approx(np.mean(shares), abs=1e-6)
    assert result.findings["stratify_keeps_class_ratio"] is False


def test_the_insight_holds_over_seeds() -> None:
    for seed in (1, 2, 3):
        plain = run_lab(LAB, {"splits": 20, "seed": seed}).findings
        assert plain["spread_shrinks_with_larger_test_set"], seed
        assert not plain["stratify_keeps_class_ratio"], seed
        assert plain["class_ratio_deviation"] > 0.01, seed
        strat = run_lab(LAB, {"splits": 5, "seed": seed, "stratify": True}).findings
        assert strat["stratify_keeps_class_ratio"], seed


def test_the_largest_test_share_gives_two_boxes() -> None:
    result = run_lab(LAB, {"test_size": 0.5, "splits": 5, "stratify": True})
    assert list(result.series) == ["25%", "50%"]
    assert result.findings["stratify_keeps_class_ratio"] is True


def test_every_declared_finding_is_reported() -> None:
    spec = get_lab(LAB)
    result = run_lab(LAB, {"test_size": 0.05, "splits": 5, "stratify": True, "seed": 9})
    assert set(result.findings) == set(spec.findings)
    assert list(result.series) == ["2.5%", "5%", "10%"]


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"test_size": 0.6}, "test_size"),
        ({"test_size": 0.01}, "test_size"),
        ({"splits": 4}, "splits"),
        ({"splits": 201}, "splits"),
        ({"stratify": 1}, "stratify"),
    ],
)
def test_out_of_range_knobs_are_refused(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
