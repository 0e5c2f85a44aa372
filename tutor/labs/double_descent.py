"""Double descent: test error vs model size peaks where the model first fits the data exactly.

Data: `samples` training points x drawn from a standard normal in 5 dimensions, with
y = x·β + 0.3·sin(2·x₁) plus Gaussian noise of standard deviation `noise`; the test set
is 500 fresh points without noise (so test error measures only the model's mistakes).

Model: p random ReLU features, φⱼ(x) = max(0, wⱼ·x) with wⱼ drawn at random and never
trained, and a linear fit on top by *minimum-norm* least squares (`np.linalg.lstsq`):
among all weight vectors that fit the training data best, the one with the smallest
length. The features are nested (p + 1 features are the first p plus one more), and
the whole curve is repeated for 3 random draws of the features; the chart shows the
mean of log10(MSE) over the draws, that is log10 of their geometric mean, so one
draw's spike does not swamp the others. (For large settings, samples × max_features
above 20,000, only every k-th width is fitted, always including p = n.)

What happens as p grows: with few features the model underfits; near p = n (the
interpolation threshold) it has just enough features to pass through every noisy
training point, and it does so with huge weights, so test error spikes; beyond it
many exact fits exist and the minimum-norm one is smooth again, so test error falls
a second time.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

INPUT_DIMS = 5
TEST_SIZE = 500
DRAWS = 3
COST_PER_STEP = 20_000  # above samples × max_features of this, skip some widths
MSE_FLOOR = 1e-4  # log10 of a zero training error would be −∞
NEAR = 0.25  # "near n": within this share of n of the number of samples


def peak_place(peak: int, n: int, max_features: int) -> str:
    """Where the test-error peak is, against the number of samples n."""
    if abs(peak - n) <= NEAR * n:
        return "near n"
    if peak == max_features:
        return "at the most features"
    return "well below n" if peak < n else "well above n"


def _target(X: Any, beta: Any) -> Any:
    import numpy as np

    return X @ beta + 0.3 * np.sin(2 * X[:, 0])


def widths(max_features: int, n: int) -> list[int]:
    """The numbers of features p to fit: every p from 1 to `max_features` when that is cheap.

    A fit costs about n·p·min(n, p), so for large settings the lab takes every k-th p,
    always keeping n − 1, n and n + 1 (the interpolation threshold) and `max_features`.
    """
    step = max(1, round(n * max_features / COST_PER_STEP))
    keep = set(range(1, max_features + 1, step)) | {n - 1, n, n + 1, max_features}
    return sorted(p for p in keep if 1 <= p <= max_features)


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np

    max_features = knobs["max_features"]
    n = knobs["samples"]
    noise = knobs["noise"]
    rng = np.random.default_rng(knobs["seed"])

    beta = rng.normal(size=INPUT_DIMS) / np.sqrt(INPUT_DIMS)
    X_train = rng.normal(size=(n, INPUT_DIMS))
    y_train = _target(X_train, beta) + noise * rng.normal(size=n)
    X_test = rng.normal(size=(TEST_SIZE, INPUT_DIMS))
    y_test = _target(X_test, beta)

    features_train, features_test = [], []
    for _ in range(DRAWS):
        W = rng.normal(size=(INPUT_DIMS, max_features)) / np.sqrt(INPUT_DIMS)
        features_train.append(np.maximum(X_train @ W, 0.0))
        features_test.append(np.maximum(X_test @ W, 0.0))

    ps = widths(max_features, n)
    log_train = np.empty(len(ps))
    log_test = np.empty(len(ps))
    for i, p in enumerate(ps):
        train_logs, test_logs = [], []
        for F_train, F_test in zip(features_train, features_test, strict=True):
            weights, *_ = np.linalg.lstsq(F_train[:, :p], y_train, rcond=None)
            train_mse = np.mean((F_train[:, :p] @ weights - y_train) ** 2)
            test_mse = np.mean((F_test[:, :p] @ weights - y_test) ** 2)
            train_logs.append(np.log10(max(train_mse, MSE_FLOOR)))
            test_logs.append(np.log10(max(test_mse, MSE_FLOOR)))
        log_train[i] = np.mean(train_logs)
        log_test[i] = np.mean(test_logs)
        report.point("test error", p, log_test[i])
        report.point("train error", p, log_train[i])

    peak = int(np.argmax(log_test))
    peak_features = ps[peak]
    peak_mse = 10 ** log_test[peak]
    final_mse = 10 ** log_test[-1]
    first_descent = [i for i, p in enumerate(ps) if p < n] or [0]
    best_before = min(first_descent, key=lambda i: log_test[i])

    keys = {0: "one feature", best_before: "lowest before the threshold", peak: "peak"}
    if n in ps:
        keys.setdefault(ps.index(n), "p = n (interpolation threshold)")
    keys.setdefault(len(ps) - 1, "most features")
    report.table(
        f"Key points ({n} training samples, geometric mean over {DRAWS} feature draws)",
        ["features", "what", "train MSE", "test MSE"],
        [
            [
                ps[i],
                what,
                round(float(10 ** log_train[i]), 4),
                round(float(10 ** log_test[i]), 4),
            ]
            for i, what in sorted(keys.items())
        ],
    )
    report.finding("peak_features", peak_features)
    report.finding("peak_near_interpolation", abs(peak_features - n) <= NEAR * n)
    report.finding("peak_place", peak_place(peak_features, n, max_features))
    report.finding("error_falls_after_peak", final_mse < peak_mse / 2)
    report.finding("test_error_at_max", final_mse)
    report.note(
        f"Test error peaked at {peak_features} features (MSE {peak_mse:.3g}) with {n} "
        f"training samples, and at {max_features} features it was {final_mse:.3g}, against "
        f"{10 ** log_test[best_before]:.3g} at best before the threshold."
    )
    report.note(
        f"The chart's error axis is log10 of the MSE, averaged over {DRAWS} feature draws; "
        f"a perfect fit is drawn at {np.log10(MSE_FLOOR):g}."
    )


SPEC = LabSpec(
    id="double-descent",
    title="Double descent",
    phase=2,
    summary="Random-features regression: test error peaks when the number of features "
    "reaches the number of samples, then falls again.",
    knobs=(
        Knob("max_features", int, 160, "the largest number of random features p", 20, 400),
        Knob("samples", int, 40, "training points n", 10, 200),
        Knob("noise", float, 0.2, "standard deviation of the noise on training y", 0.0, 1.0),
        seed_knob(),
    ),
    chart=ChartSpec(
        "line",
        "Test and train error vs number of random features",
        x_label="random features p",
        y_label="log10 MSE",
        x_integer=True,
    ),
    run=run,
    findings={  # name → the label a learner reads
        "peak_features": "Number of features at the test-error peak",
        "peak_near_interpolation": "The peak is near features = training samples",
        "peak_place": "The peak, against the training samples n, is",
        "error_falls_after_peak": "Test error falls again after the peak",
        "test_error_at_max": "Test MSE at the most features",
    },
    uses=("numpy",),
)
