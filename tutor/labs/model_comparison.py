"""Model comparison: several classifiers cross-validated on the same folds, one box each.

Every model is scored (accuracy) on the same k stratified folds of a bundled data set
(breast cancer, wine or digits), shuffled with the seed; each box is one model's k fold
scores. The best model by mean score wins only if its lead over the runner-up is larger
than the runner-up's own spread (one standard deviation of its fold scores); otherwise
the two are within the noise, and another shuffle of the folds could swap them.

Models: logistic regression and an RBF SVC and k-nearest neighbours (k=5) on
standardised inputs; an unpruned decision tree; Gaussian naive Bayes.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.common import accuracy
from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

MODEL_NAMES = {
    "logistic": "Logistic regression",
    "svc": "RBF SVC",
    "knn": "Nearest neighbours (k=5)",
    "tree": "Decision tree",
    "naive-bayes": "Naive Bayes",
}
MODEL_SETS = {
    "all": ("logistic", "svc", "knn", "tree", "naive-bayes"),
    "logistic+svc": ("logistic", "svc"),
    "logistic+tree": ("logistic", "tree"),
    "tree+naive-bayes": ("tree", "naive-bayes"),
}
NOISE_STDS = 1.0  # a lead within this many runner-up standard deviations is noise


def verdict(lead: float, runner_up_std: float) -> str:
    """Whether the best model's lead stands out from the runner-up's fold-to-fold spread."""
    return "within the noise" if lead <= NOISE_STDS * runner_up_std else "clear winner"


def make_model(name: str, seed: int) -> Any:
    """A fresh, untrained classifier for one of MODEL_NAMES."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    if name == "svc":
        from sklearn.svm import SVC

        return make_pipeline(StandardScaler(), SVC())
    if name == "knn":
        from sklearn.neighbors import KNeighborsClassifier

        return make_pipeline(StandardScaler(), KNeighborsClassifier())
    if name == "tree":
        from sklearn.tree import DecisionTreeClassifier

        return DecisionTreeClassifier(random_state=seed)
    from sklearn.naive_bayes import GaussianNB

    return GaussianNB()


def load_data(dataset: str) -> tuple[Any, Any]:
    from sklearn.datasets import load_breast_cancer, load_digits, load_wine

    loader = {"breast-cancer": load_breast_cancer, "wine": load_wine, "digits": load_digits}
    X, y = loader[dataset](return_X_y=True)
    return X, y


def make_splitter(k: int, seed: int) -> Any:
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(k, shuffle=True, random_state=seed)


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.base import clone

    names = MODEL_SETS[str(knobs["models"])]
    k, seed = int(knobs["k"]), int(knobs["seed"])
    X, y = load_data(str(knobs["dataset"]))
    folds = list(make_splitter(k, seed).split(X, y))

    # Fold by fold, every model in turn, so all the boxes grow together.
    templates = {name: make_model(name, seed) for name in names}
    scores: dict[str, list[float]] = {name: [] for name in names}
    for n, (train, test) in enumerate(folds, start=1):
        for name in names:
            model = clone(templates[name]).fit(X[train], y[train])
            scores[name].append(accuracy(model, X[test], y[test]))
            report.point(name, n, scores[name][-1])  # short: the box labels

    means = {name: float(np.mean(s)) for name, s in scores.items()}
    stds = {name: float(np.std(s)) for name, s in scores.items()}
    # Ties go to the model listed first.
    ranked = sorted(names, key=lambda name: -means[name])
    best, runner_up = ranked[0], ranked[1]
    lead = means[best] - means[runner_up]

    report.table(
        f"Accuracy over {k} folds ({knobs['dataset']})",
        ["model", "mean", "std", "lowest", "highest"],
        [
            [
                MODEL_NAMES[name],
                round(means[name], 4),
                round(stds[name], 4),
                round(min(scores[name]), 4),
                round(max(scores[name]), 4),
            ]
            for name in ranked
        ],
    )
    for name in names:
        report.finding(f"mean_{name}", means[name])
        report.finding(f"std_{name}", stds[name])
    report.finding("best_model", MODEL_NAMES[best])
    report.finding("runner_up", MODEL_NAMES[runner_up])
    report.finding("best_lead", lead)
    report.finding("runner_up_std", stds[runner_up])
    report.finding("verdict", verdict(lead, stds[runner_up]))
    if verdict(lead, stds[runner_up]) == "clear winner":
        report.note(
            f"{MODEL_NAMES[best]} leads {MODEL_NAMES[runner_up]} by {lead:.3f}, more than "
            f"the runner-up's fold-to-fold spread ({stds[runner_up]:.3f}): a clear winner."
        )
    else:
        report.note(
            f"{MODEL_NAMES[best]} leads {MODEL_NAMES[runner_up]} by only {lead:.3f}, within "
            f"the runner-up's fold-to-fold spread ({stds[runner_up]:.3f}): compare the "
            f"boxes, not the two means."
        )


def _model_findings() -> dict[str, str]:
    findings = {}
    for name, title in MODEL_NAMES.items():
        findings[f"mean_{name}"] = f"{title}: mean CV accuracy"
        findings[f"std_{name}"] = f"{title}: std of fold accuracies"
    return findings


SPEC = LabSpec(
    id="model-comparison",
    title="Comparing models by cross-validation",
    phase=3,
    summary="Several classifiers on the same folds, one box of fold scores each: compare "
    "distributions, not single numbers.",
    knobs=(
        Knob(
            "models",
            str,
            "all",
            "which classifiers to compare",
            choices=tuple(MODEL_SETS),
        ),
        Knob("k", int, 5, "number of cross-validation folds", 3, 10),
        Knob(
            "dataset",
            str,
            "breast-cancer",
            "the bundled data set to classify",
            choices=("breast-cancer", "wine", "digits"),
        ),
        seed_knob(),
    ),
    chart=ChartSpec(
        "box",
        "Accuracy per fold, one box per model",
        x_label="model",
        y_label="accuracy",
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        **_model_findings(),
        "best_model": "Best model by mean accuracy",
        "runner_up": "Runner-up",
        "best_lead": "Best mean − runner-up's mean",
        "runner_up_std": "Runner-up's std of fold accuracies",
        "verdict": "Best model against the runner-up",
    },
)
