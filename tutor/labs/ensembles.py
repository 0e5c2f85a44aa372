"""Ensembles: test accuracy as a bagged ensemble, a random forest or gradient boosting grows.

Data: 400 generated points (10 features, 5 of them informative) with 10% of the labels
flipped (scikit-learn's `make_classification`, seeded by the seed knob); 30% is held out
for testing (stratified). A single fully grown decision tree is the reference line.

* bagging: `BaggingClassifier` of decision trees, each fitted to a bootstrap resample of
  the training rows; the ensemble averages their class probabilities.
* forest: `RandomForestClassifier`, bagging plus a random subset of the features (√10 ≈ 3)
  at every split, so the trees differ more and their errors cancel better.
* boosting: `GradientBoostingClassifier`, shallow trees fitted one after another to what
  the ensemble so far gets wrong, each scaled down by the learning rate.

The forest and bagging grow a few trees at a time (`warm_start`), and the chart shows the
ensemble of the first n trees after every tree; boosting is fitted once and then read stage
by stage (`staged_predict`). The variance part: the training rows are resampled (bootstrap)
several times; on every resample one full tree and a bag of full trees are fitted and their
predicted probabilities for the test points kept. The spread of those probabilities over
the resamples (their variance, averaged over the test points) is what bagging reduces.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

SAMPLES = 400
FEATURES = 10
INFORMATIVE = 5
REDUNDANT = 2
FLIPPED = 0.1  # share of labels flipped at random: noise a single deep tree memorises
TEST_SHARE = 0.3
METHODS = ("bagging", "forest", "boosting")
BOOSTING_DEPTH = 3  # boosting's usual depth (scikit-learn's default); bagging grows full trees
CHUNK = 10  # trees grown between chart updates (bagging and forest)
TIE = 0.02  # an ensemble within this accuracy of the single tree is "about the same"
RESAMPLES = 6  # bootstrap resamples of the training rows for the variance measurement
VARIANCE_TREES = 15  # trees in the bag whose prediction variance is measured


def against_tree(gain: float) -> str:
    """The ensemble's final test accuracy against the single deep tree's, in words."""
    if gain >= TIE:
        return "beats the tree"
    if gain > -TIE:
        return "about the same"
    return "worse than the tree"


def tree_depth(method: str, max_depth: int) -> int | None:
    """The depth of the ensemble's trees: the knob, or (0) the method's usual depth."""
    if max_depth:
        return max_depth
    return BOOSTING_DEPTH if method == "boosting" else None


def make_data(seed: int) -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test)."""
    from sklearn.datasets import make_classification
    from sklearn.model_selection import train_test_split

    X, y = make_classification(
        n_samples=SAMPLES,
        n_features=FEATURES,
        n_informative=INFORMATIVE,
        n_redundant=REDUNDANT,
        flip_y=FLIPPED,
        random_state=seed,
    )
    split: tuple[Any, Any, Any, Any] = tuple(
        train_test_split(X, y, test_size=TEST_SHARE, random_state=seed, stratify=y)
    )
    return split


def make_ensemble(
    method: str, n_estimators: int, learning_rate: float, depth: int | None, seed: int
) -> Any:
    """The untrained ensemble; bagging and forest grow with `warm_start`."""
    from sklearn.ensemble import (
        BaggingClassifier,
        GradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.tree import DecisionTreeClassifier

    if method == "bagging":
        return BaggingClassifier(
            DecisionTreeClassifier(max_depth=depth),
            n_estimators=n_estimators,
            warm_start=True,
            random_state=seed,
        )
    if method == "forest":
        return RandomForestClassifier(
            n_estimators=n_estimators, max_depth=depth, warm_start=True, random_state=seed
        )
    return GradientBoostingClassifier(
        n_estimators=n_estimators,
        learning_rate=learning_rate,
        max_depth=depth,
        random_state=seed,
    )


def grow_averaged(
    model: Any, n_estimators: int, data: tuple[Any, Any, Any, Any], report: Report
) -> tuple[list[float], list[float]]:
    """Bagging or forest: grow CHUNK trees at a time; after each tree, the train and test
    accuracy of the first n trees (their class probabilities averaged, as predict does)."""
    import numpy as np

    X_train, X_test, y_train, y_test = data
    X_both = np.vstack([X_train, X_test])  # one prediction call per tree for both parts
    n_train = len(X_train)
    total = np.zeros((len(X_both), 2))
    train: list[float] = []
    test: list[float] = []
    done = 0
    while done < n_estimators:
        stop = min(done + CHUNK, n_estimators)
        model.set_params(n_estimators=stop).fit(X_train, y_train)
        features = getattr(model, "estimators_features_", None)  # bagging's column orders
        for i in range(done, stop):
            tree = model.estimators_[i]
            total += tree.predict_proba(X_both if features is None else X_both[:, features[i]])
            predicted = model.classes_[total.argmax(axis=1)]
            train.append(float((predicted[:n_train] == y_train).mean()))
            test.append(float((predicted[n_train:] == y_test).mean()))
            report.point("train", i + 1, train[-1])
            report.point("test", i + 1, test[-1])
        done = stop
    return train, test


def grow_boosted(
    model: Any, data: tuple[Any, Any, Any, Any], report: Report
) -> tuple[list[float], list[float]]:
    """Boosting: fit every stage (checking for a cancel after each), then read the train and
    test accuracy stage by stage."""
    X_train, X_test, y_train, y_test = data

    def monitor(stage: int, model: Any, fit_locals: Any) -> bool:
        report.check()
        return False  # never stop early

    model.fit(X_train, y_train, monitor=monitor)
    train: list[float] = []
    test: list[float] = []
    stages = zip(model.staged_predict(X_train), model.staged_predict(X_test), strict=True)
    for n, (on_train, on_test) in enumerate(stages, start=1):
        train.append(float((on_train == y_train).mean()))
        test.append(float((on_test == y_test).mean()))
        report.point("train", n, train[-1])
        report.point("test", n, test[-1])
    return train, test


def prediction_variance(
    X_train: Any, y_train: Any, X_test: Any, seed: int, report: Report
) -> tuple[float, float]:
    """(single tree, bag of VARIANCE_TREES trees): the variance of the predicted probability
    of class 1 over RESAMPLES bootstrap resamples of the training rows, averaged over the
    test points."""
    import numpy as np
    from sklearn.ensemble import BaggingClassifier
    from sklearn.tree import DecisionTreeClassifier

    rng = np.random.default_rng(seed)
    tree_probs, bag_probs = [], []
    for r in range(RESAMPLES):
        rows = rng.integers(0, len(X_train), len(X_train))
        X, y = X_train[rows], y_train[rows]
        tree = DecisionTreeClassifier(random_state=seed + r).fit(X, y)
        tree_probs.append(tree.predict_proba(X_test)[:, 1])
        report.check()
        bag = BaggingClassifier(
            DecisionTreeClassifier(), n_estimators=VARIANCE_TREES, random_state=seed + r
        ).fit(X, y)
        bag_probs.append(bag.predict_proba(X_test)[:, 1])
        report.check()
    return (
        float(np.var(tree_probs, axis=0).mean()),
        float(np.var(bag_probs, axis=0).mean()),
    )


def run(knobs: dict[str, Any], report: Report) -> None:
    from sklearn.tree import DecisionTreeClassifier

    method, n_estimators = str(knobs["method"]), int(knobs["n_estimators"])
    learning_rate, seed = float(knobs["learning_rate"]), int(knobs["seed"])
    depth = tree_depth(method, int(knobs["max_depth"]))
    data = make_data(seed)
    X_train, X_test, y_train, y_test = data

    single = DecisionTreeClassifier(random_state=seed).fit(X_train, y_train)
    tree_accuracy = float((single.predict(X_test) == y_test).mean())
    report.series("single deep tree", [1, n_estimators], [tree_accuracy, tree_accuracy])

    model = make_ensemble(method, n_estimators, learning_rate, depth, seed)
    if method == "boosting":
        train, test = grow_boosted(model, data, report)
    else:
        train, test = grow_averaged(model, n_estimators, data, report)

    final, best = test[-1], max(test)
    gain = final - tree_accuracy
    report.finding("final_test_accuracy", final)
    report.finding("final_train_accuracy", train[-1])
    report.finding("single_tree_accuracy", tree_accuracy)
    report.finding("gain_over_tree", gain)
    report.finding("against_tree", against_tree(gain))
    report.finding("best_test_accuracy", best)
    report.finding("estimators_at_best", test.index(best) + 1)

    tree_variance, bag_variance = prediction_variance(X_train, y_train, X_test, seed, report)
    report.finding("tree_prediction_variance", tree_variance)
    report.finding("bagged_prediction_variance", bag_variance)
    report.finding("bagging_cuts_variance", bag_variance < tree_variance)

    shown = sorted(
        {1, 2, 5, 10, 20, 50, 100, 200, 300, n_estimators} & set(range(1, len(test) + 1))
    )
    report.table(
        "Accuracy by number of estimators",
        ["estimators", "train", "test"],
        [[n, round(train[n - 1], 4), round(test[n - 1], 4)] for n in shown],
    )
    depth_words = "full-depth" if depth is None else f"depth-{depth}"
    report.note(
        f"One deep tree scores {tree_accuracy:.1%} on the test data; {method} with "
        f"{n_estimators} {depth_words} trees scores {final:.1%} (train {train[-1]:.1%}). "
        f"Over {RESAMPLES} resamples of the training rows, one tree's predicted probability "
        f"varied {tree_variance:.3f} (variance) and a bag of {VARIANCE_TREES} trees' "
        f"{bag_variance:.3f}."
    )


SPEC = LabSpec(
    id="ensembles",
    title="Ensembles: bagging, random forests and boosting",
    phase=5,
    summary="Test accuracy as an ensemble of trees grows, against one deep tree: averaging "
    "many trees cuts variance; boosting shallow trees cuts bias.",
    knobs=(
        Knob("method", str, "forest", "how the trees are combined", choices=METHODS),
        Knob("n_estimators", int, 100, "number of trees in the ensemble", 1, 300),
        Knob("learning_rate", float, 0.1, "boosting: how much each tree counts", 0.01, 1.0),
        Knob("max_depth", int, 0, "tree depth; 0 = usual (full, boosting 3)", 0, 20),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Accuracy vs number of trees in the ensemble",
        x_label="estimators (trees)",
        y_label="accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "final_test_accuracy": "Test accuracy of the whole ensemble",
        "final_train_accuracy": "Training accuracy of the whole ensemble",
        "single_tree_accuracy": "Test accuracy of one deep tree",
        "gain_over_tree": "Ensemble − single tree test accuracy",
        "against_tree": "Against one deep tree, the ensemble",
        "best_test_accuracy": "Best test accuracy along the way",
        "estimators_at_best": "Trees at the best test accuracy",
        "tree_prediction_variance": "Prediction variance over resamples: one tree",
        "bagged_prediction_variance": f"Prediction variance: {VARIANCE_TREES} bagged trees",
        "bagging_cuts_variance": "Bagging has the lower prediction variance",
    },
)
