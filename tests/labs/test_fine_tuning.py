"""fine-tuning: the two tasks (source digits on one half, the next digit on the other, few
labels kept out of validation), frozen weights stay put and only the new head trains, a bare
torch loop on fixed features gives the same frozen curve, the source accuracy is measured on
unseen images, seeded findings, a pre-trained body beats scratch on every seed 0–9 at the
defaults and scratch catches up with many labels, cancelling."""

from __future__ import annotations

import pytest
import torch  # noqa: E402  (fail, never skip, without torch: issue 11)

from tutor.labs import KnobError, LabCancelled, run_lab, torchlib
from tutor.labs.fine_tuning import (
    BATCH,
    DIGITS,
    HIDDEN,
    STRATEGIES,
    accuracy,
    digit_tasks,
    make_learner,
    pretrain,
)
from tutor.labs.report import LabResult, Report

LAB = "fine-tuning"


def prepared(seed: int = 0, labels_per_class: int = 5) -> tuple[dict, object]:
    torchlib.prepare(seed)  # one thread, as in the lab: two are far slower on these sizes
    data = {k: torch.as_tensor(v) for k, v in digit_tasks(seed, labels_per_class).items()}
    body, _ = pretrain(torch, data["source_X"], data["source_y"], seed)
    return data, body


def quiet_report() -> Report:
    return Report(LabResult(LAB, {}))


def train(model: object, optimizer: object, data: dict, epochs: int) -> None:
    from tutor.labs.fine_tuning import train_epoch

    generator = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        order = torch.randperm(len(data["labelled_y"]), generator=generator)
        train_epoch(
            torch, model, optimizer, data["labelled_X"], data["labelled_y"], order, quiet_report()
        )


def test_frozen_body_does_not_change_and_only_the_head_trains() -> None:
    data, body = prepared()
    model, optimizer = make_learner(torch, "frozen body", body, 0, 0.01)
    before = [p.detach().clone() for p in model[0].parameters()]
    head_before = [p.detach().clone() for p in model[1].parameters()]
    train(model, optimizer, data, 3)
    for old, new in zip(before, model[0].parameters(), strict=True):
        assert torch.equal(old, new)
    assert not any(
        torch.equal(o, n) for o, n in zip(head_before, model[1].parameters(), strict=True)
    )
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    head_size = sum(p.numel() for p in model[1].parameters())
    assert trainable == head_size == HIDDEN * DIGITS + DIGITS == 650


def test_full_fine_tune_changes_the_body_but_never_the_pretrained_original() -> None:
    data, body = prepared()
    original = [p.detach().clone() for p in body.parameters()]
    model, optimizer = make_learner(torch, "full fine-tune", body, 0, 0.01)
    train(model, optimizer, data, 2)
    assert not torch.equal(original[0], next(model[0].parameters()))
    for old, new in zip(original, body.parameters(), strict=True):
        assert torch.equal(old, new)
    lrs = [group["lr"] for group in optimizer.param_groups]
    assert lrs == pytest.approx([0.001, 0.01])


def test_frozen_curve_matches_a_bare_loop_on_fixed_features() -> None:
    """With the body frozen, training is logistic regression on its features: redo it by hand."""
    result = run_lab(LAB, {"epochs": 4})
    data, body = prepared()
    with torch.no_grad():
        train_f, valid_f = body(data["labelled_X"]), body(data["valid_X"])
    torch.manual_seed(1)  # the lab's new head for seed 0
    head = torch.nn.Linear(HIDDEN, DIGITS)
    optimizer = torch.optim.Adam(head.parameters(), lr=0.01)
    generator = torch.Generator().manual_seed(0)
    accuracies = []
    for _ in range(4):
        order = torch.randperm(len(data["labelled_y"]), generator=generator)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(
                head(train_f[batch]), data["labelled_y"][batch]
            )
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            accuracies.append(float((head(valid_f).argmax(1) == data["valid_y"]).float().mean()))
    assert result.series["frozen body"].y == pytest.approx(accuracies, abs=2 / len(valid_f))


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "scratch_accuracy": 0.836663,
        "frozen_accuracy": 0.920094,
        "full_accuracy": 0.923619,
        "best_strategy": "full fine-tune",
        "pretrained_beats_scratch": True,
        "source_accuracy": 0.942421,
        "frozen_trainable_params": 650,
    }
    assert set(result.series) == set(STRATEGIES)
    assert result.series["scratch"].x == [float(e) for e in range(1, 21)]
    assert "pre-trained body reached" in result.notes[0]


def test_pretrained_beats_scratch_on_every_seed_at_the_defaults() -> None:
    """The lab's finding is not one lucky seed: seeds 0–9 all show it, by at least 5 points."""
    for seed in range(10):
        findings = run_lab(LAB, {"seed": seed}).findings
        assert findings["pretrained_beats_scratch"], seed
        pretrained = max(findings["frozen_accuracy"], findings["full_accuracy"])
        assert pretrained - findings["scratch_accuracy"] > 0.05, seed


def test_with_many_labels_scratch_catches_up() -> None:
    few = run_lab(LAB).findings
    many = run_lab(LAB, {"labels_per_class": 50}).findings

    def gap(findings: dict) -> float:
        best = max(findings["frozen_accuracy"], findings["full_accuracy"])
        return best - findings["scratch_accuracy"]

    assert gap(few) > 0.05
    assert abs(gap(many)) < 0.02
    assert many["scratch_accuracy"] > few["scratch_accuracy"] + 0.1


def test_source_accuracy_is_the_digit_readers_on_images_it_never_saw() -> None:
    data, _ = prepared()
    _, model = pretrain(torch, data["source_X"], data["source_y"], 0)
    unseen = accuracy(torch, model, data["valid_X"], data["valid_digit"])
    assert run_lab(LAB, {"epochs": 1}).findings["source_accuracy"] == pytest.approx(
        unseen, abs=1e-6
    )
    assert unseen > 0.9
    # the old head answers the old question: on the new labelling it is almost always wrong
    assert accuracy(torch, model, data["valid_X"], data["valid_y"]) < 0.1


def test_same_seed_same_numbers_and_another_seed_differs() -> None:
    knobs = {"epochs": 3, "labels_per_class": 2}
    first, second = run_lab(LAB, knobs), run_lab(LAB, knobs)
    assert {k: s.y for k, s in first.series.items()} == {k: s.y for k, s in second.series.items()}
    assert first.findings == second.findings
    other = run_lab(LAB, {**knobs, "seed": 1})
    assert other.series["scratch"].y != first.series["scratch"].y


def test_the_tasks_split_the_images_and_relabel_the_target() -> None:
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    data = digit_tasks(3, 4)
    assert len(data["labelled_y"]) == 40
    assert sorted(data["labelled_y"].tolist()) == sorted(list(range(10)) * 4)
    assert (data["valid_y"] == (data["valid_digit"] + 1) % 10).all()
    assert len(data["source_y"]) == sum(int((y == d).sum()) // 2 for d in range(10))
    parts = ("source_X", "labelled_X", "valid_X")
    assert sum(len(data[p]) for p in parts) == len(y)
    rows = [{tuple(row) for row in data[p].tolist()} for p in parts]
    assert not rows[0] & rows[1] and not rows[0] & rows[2] and not rows[1] & rows[2]
    assert set(data["source_y"].tolist()) == set(range(10))


def test_cancelling_stops_within_a_batch() -> None:
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(LabCancelled):
        run_lab(LAB, should_stop=stop)


@pytest.mark.parametrize(
    ("values", "knob"),
    [
        ({"labels_per_class": 0}, "labels_per_class"),
        ({"lr": 1.0}, "lr"),
        ({"device": "tpu"}, "device"),
    ],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
