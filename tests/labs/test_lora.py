"""lora: the calculator against the formula and published counts, the lab network's counts
against requires_grad, B = 0 leaves the output unchanged, W stays frozen, the chart is the
loss on held-out images (never the training ones), seeded findings."""

from __future__ import annotations

import pytest
import torch  # noqa: E402  (fail, never skip, without torch: issue 11)

from tutor.labs import KnobError, LabCancelled, run_lab
from tutor.labs.lora import MODELS, TARGETS, adapt, digit_data, lora_params, pretrain

LAB = "lora"


@pytest.mark.parametrize(("rank", "expected"), [(8, 4_194_304), (16, 8_388_608)])
def test_llama_7b_q_v_counts(rank: int, expected: int) -> None:
    assert lora_params("llama-7b", "q,v", rank) == expected
    assert expected == rank * (4096 + 4096) * 2 * 32


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("targets", list(TARGETS))
def test_calculator_is_the_formula(model: str, targets: str) -> None:
    g = MODELS[model]
    shapes = g.matrices()
    names = TARGETS[targets] or tuple(shapes)
    for rank in (1, 4, 64):
        formula = g.layers * sum(rank * (shapes[n][0] + shapes[n][1]) for n in names)
        assert lora_params(model, targets, rank) == formula


def test_geometries_give_the_published_model_sizes() -> None:
    assert MODELS["llama-7b"].total_params() == 6_738_415_616
    assert MODELS["llama-13b"].total_params() == 13_015_864_320
    assert MODELS["gpt2"].total_params() == 124_439_808
    assert lora_params("gpt2", "q,v", 4) == 4 * 1536 * 2 * 12


def base_and_data(seed: int = 0) -> tuple[object, dict]:
    data = {k: torch.as_tensor(v) for k, v in digit_data(seed).items()}
    return pretrain(torch, data["source_X"], data["source_y"], seed), data


@pytest.mark.parametrize("rank", [1, 8])
def test_lab_trainable_count_is_what_requires_grad_says(rank: int) -> None:
    base, _ = base_and_data()
    model = adapt(torch, base, rank, 16.0, 0)
    counted = sum(p.numel() for p in model.parameters() if p.requires_grad)
    by_formula = rank * ((64 + 64) + (64 + 64) + (64 + 5))
    assert counted == by_formula
    result = run_lab(LAB, {"rank": rank, "epochs": 1})
    assert result.findings["lab_trainable_params"] == by_formula
    assert result.findings["full_params"] == sum(p.numel() for p in base.parameters()) == 8645


def test_b_zero_means_the_adapted_model_is_the_base_model_exactly() -> None:
    base, data = base_and_data()
    model = adapt(torch, base, 8, 16.0, 0)
    with torch.no_grad():
        assert torch.equal(model(data["target_X"]), base(data["target_X"]))
    assert all(not torch.equal(m.A, torch.zeros_like(m.A)) for m in model if hasattr(m, "A"))


def test_w_stays_frozen_while_a_and_b_train() -> None:
    base, data = base_and_data()
    model = adapt(torch, base, 4, 8.0, 0)
    frozen = [p.detach().clone() for m in model if hasattr(m, "base") for p in m.base.parameters()]
    low_rank = [m.B.detach().clone() for m in model if hasattr(m, "B")]
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=0.01)
    for _ in range(5):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(data["target_X"]), data["target_y"]).backward()
        optimizer.step()
    after = [p for m in model if hasattr(m, "base") for p in m.base.parameters()]
    assert all(torch.equal(a, b) for a, b in zip(frozen, after, strict=True))
    assert all(
        not torch.equal(b, m.B)
        for b, m in zip(low_rank, [m for m in model if hasattr(m, "B")], strict=True)
    )


def test_default_findings_are_the_seeded_numbers() -> None:
    result = run_lab(LAB)
    assert result.findings == {
        "trainable_params": 4_194_304,
        "model_params": 6_738_415_616,
        "trainable_percent": 0.062245,
        "lab_trainable_params": 2600,
        "full_params": 8645,
        "base_loss": 11.476547,
        "lora_loss": 0.232255,
        "full_loss": 0.143254,
        "lora_recovers": 0.992147,
    }
    assert set(result.series) == {"LoRA rank 8", "full fine-tune"}
    assert result.series["LoRA rank 8"].y[0] == result.series["full fine-tune"].y[0]


def test_the_chart_is_the_validation_loss_on_held_out_images() -> None:
    from sklearn.datasets import load_digits

    base, data = base_and_data()
    assert len(data["target_y"]) == 250
    assert len(data["target_y"]) + len(data["valid_y"]) == int((load_digits().target >= 5).sum())
    train_rows = {tuple(r) for r in data["target_X"].tolist()}
    valid_rows = [tuple(r) for r in data["valid_X"].tolist()]
    assert sum(r in train_rows for r in valid_rows) <= 2  # only exact duplicate images
    result = run_lab(LAB, {"epochs": 2})
    with torch.no_grad():
        valid = float(torch.nn.functional.cross_entropy(base(data["valid_X"]), data["valid_y"]))
        train = float(torch.nn.functional.cross_entropy(base(data["target_X"]), data["target_y"]))
    for series in result.series.values():
        assert series.x == [0.0, 1.0, 2.0]
        assert series.y[0] == pytest.approx(valid, rel=1e-5)
        assert series.y[0] != pytest.approx(train, rel=1e-3)
    assert result.findings["base_loss"] == pytest.approx(valid, rel=1e-5)


def test_rank_16_and_determinism() -> None:
    first = run_lab(LAB, {"rank": 16, "epochs": 3})
    assert first.findings["trainable_params"] == 8_388_608
    second = run_lab(LAB, {"rank": 16, "epochs": 3})
    assert first.findings == second.findings
    assert first.series["LoRA rank 16"].y == second.series["LoRA rank 16"].y


def test_cancelling_stops_within_a_batch() -> None:
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(LabCancelled):
        run_lab(LAB, should_stop=stop)


@pytest.mark.parametrize(
    ("values", "knob"),
    [({"rank": 0}, "rank"), ({"model": "gpt-5"}, "model"), ({"targets": "q"}, "targets")],
)
def test_out_of_range_knobs_are_refused_by_name(values: dict, knob: str) -> None:
    with pytest.raises(KnobError, match=knob):
        run_lab(LAB, values)
