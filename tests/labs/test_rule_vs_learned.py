"""The rule-vs-learned lab: seeded numbers, the insight over seeds, knobs, cancelling."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.labs import KnobError, get_lab, run_lab

LAB = "rule-vs-learned"


def test_defaults_give_the_seeded_findings() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "rule_accuracy": pytest.approx(0.843333, abs=1e-6),
        "learned_accuracy": pytest.approx(0.95, abs=1e-6),
        "learned_beats_rule": True,
        "rule_is_flat": True,
        "learned_improves_with_data": True,
        "examples_to_beat_rule": "20 to 100 examples",
    }
    learned = result.series["learned"]
    assert learned.x[0] == 10 and learned.x[-1] == 400
    assert learned.x == sorted(set(learned.x))
    assert result.series["rule"].x == learned.x
    assert len(result.notes) == 1


def test_few_examples_do_not_yet_beat_the_rule() -> None:
    result = run_lab(LAB, {"examples": 20})
    assert result.findings["rule_accuracy"] == pytest.approx(0.836667, abs=1e-6)
    assert result.findings["learned_accuracy"] == pytest.approx(0.808333, abs=1e-6)
    assert result.findings["learned_beats_rule"] is False
    assert result.series["learned"].x == list(range(10, 21))


def test_the_same_seed_repeats_exactly_and_another_seed_differs() -> None:
    first, again = run_lab(LAB, {"seed": 7}), run_lab(LAB, {"seed": 7})
    assert first.series["learned"].y == again.series["learned"].y
    assert first.findings == again.findings
    assert run_lab(LAB, {"seed": 8}).series["learned"].y != first.series["learned"].y


def test_the_insight_holds_over_seeds() -> None:
    for seed in range(10):
        findings = run_lab(LAB, {"seed": seed}).findings
        assert findings["learned_beats_rule"], seed
        assert findings["rule_is_flat"], seed
        assert findings["learned_improves_with_data"], seed
        assert findings["learned_accuracy"] > findings["rule_accuracy"] + 0.05, seed


def test_the_rule_is_the_keyword_rule_on_later_messages() -> None:
    """Rebuild the held-out messages and apply the keywords by hand."""
    from tutor.labs import rule_vs_learned as lab

    rng = np.random.default_rng(0)
    counts, labels = lab.make_stream(np, rng, 400 + lab.TEST_MESSAGES)
    test, truth = counts[400:], labels[400:]
    words = [lab.VOCABULARY.index(w) for w in lab.RULE_KEYWORDS]
    says_spam = [any(row[i] > 0 for i in words) for row in test]
    by_hand = sum(int(s) == t for s, t in zip(says_spam, truth, strict=True)) / len(truth)
    assert run_lab(LAB).findings["rule_accuracy"] == pytest.approx(by_hand, abs=1e-6)
    # The later spam really has drifted: variants are more common than in the early spam.
    variants = [lab.VOCABULARY.index(w) for w in lab.SPAM_VARIANTS]
    early_spam = counts[:400][labels[:400] == 1][:, variants].sum()
    late_spam = test[truth == 1][:, variants].sum()
    assert late_spam / (truth == 1).sum() > 2 * early_spam / (labels[:400] == 1).sum()


def test_label_noise_costs_the_learned_filter_accuracy() -> None:
    clean = run_lab(LAB, {"noise": 0.0}).findings["learned_accuracy"]
    noisy = run_lab(LAB, {"noise": 0.4}).findings["learned_accuracy"]
    assert noisy < clean


def test_every_declared_finding_is_reported() -> None:
    spec = get_lab(LAB)
    for values in ({}, {"examples": 20, "noise": 0.4, "seed": 3}):
        assert set(run_lab(LAB, values).findings) == set(spec.findings)


@pytest.mark.parametrize(
    ("values", "knob"),
    [({"examples": 19}, "examples"), ({"examples": 2001}, "examples"), ({"noise": 0.5}, "noise")],
)
def test_out_of_range_knobs_are_refused(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
