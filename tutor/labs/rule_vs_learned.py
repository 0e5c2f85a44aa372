"""Rule vs learned: a fixed keyword rule against a spam filter that learns from examples.

The messages are generated bags of words. Spam and ham draw from different but
overlapping word distributions, and spammers' wording drifts over time: later spam
uses variants ("fr33", "w1nner") of the early spam words. A keyword rule written
from the early spam words stays as it is; a multinomial naive Bayes filter is
trained on the first n messages of the stream, for growing n, and both are scored
on a held-out set of messages that come after the training stream.
"""

from __future__ import annotations

from typing import Any

from tutor.labs.report import Report
from tutor.labs.spec import ChartSpec, Knob, LabSpec, seed_knob

# The topic words spammers start with, and the variants they drift to, pair by pair.
SPAM_WORDS = (
    "free", "winner", "prize", "cash", "offer", "click", "urgent", "bonus", "credit", "deal",
)  # fmt: skip
SPAM_VARIANTS = (
    "fr33", "w1nner", "pr1ze", "ca$h", "0ffer", "c1ick", "urg3nt", "b0nus", "cred1t", "d3al",
)  # fmt: skip
HAM_WORDS = (
    "meeting", "lunch", "report", "project", "mom", "tomorrow", "thanks", "schedule",
    "team", "notes", "call", "dinner", "weekend", "review", "invoice",
)  # fmt: skip
COMMON_WORDS = (
    "the", "you", "your", "a", "to", "is", "and", "for", "this", "now",
    "today", "please", "new", "get", "time",
)  # fmt: skip
VOCABULARY = SPAM_WORDS + SPAM_VARIANTS + HAM_WORDS + COMMON_WORDS

# The rule: spam when a message holds any of these (picked from the early spam).
RULE_KEYWORDS = ("free", "winner", "prize", "cash", "offer", "click", "urgent")

SPAM_SHARE = 0.4  # share of spam in the stream
TEST_MESSAGES = 600  # the held-out messages that follow the training stream
SMALLEST = 10  # the fewest training examples on the chart
CHART_POINTS = 12
FEW, MANY = 20, 100  # band edges for how many examples the filter needs to beat the rule


def examples_to_beat(sizes: list[int], learned: list[float], rule: float) -> int | None:
    """The smallest training size from which the filter beats the rule at every larger
    size on the chart, or None when it does not at the largest."""
    needed = None
    for size, accuracy in zip(reversed(sizes), reversed(learned), strict=True):
        if accuracy <= rule:
            break
        needed = size
    return needed


def beat_band(needed: int | None) -> str:
    """`examples_to_beat` as one of four bands."""
    if needed is None:
        return "not within the examples given"
    if needed < FEW:
        return f"fewer than {FEW} examples"
    if needed <= MANY:
        return f"{FEW} to {MANY} examples"
    return f"more than {MANY} examples"


def _word_probabilities(np: Any, variant_share: Any) -> tuple[Any, Any]:
    """Per-message word distributions: (spam rows, ham row) over VOCABULARY."""
    n_spam, n_ham, n_common = len(SPAM_WORDS), len(HAM_WORDS), len(COMMON_WORDS)
    # Spam: 40% topic words (original or drifted variant), 15% ham words, 45% common.
    topic = np.full(n_spam, 0.40 / n_spam)
    spam = np.concatenate(
        [
            np.outer(1 - variant_share, topic),
            np.outer(variant_share, topic),
            np.tile(np.full(n_ham, 0.15 / n_ham), (len(variant_share), 1)),
            np.tile(np.full(n_common, 0.45 / n_common), (len(variant_share), 1)),
        ],
        axis=1,
    )
    # Ham: a few spam topic words too ("are you free for lunch?"), never the variants.
    ham_topic = np.array([4, 0, 0, 1, 2, 1, 1, 0, 2, 2], dtype=float)
    ham = np.concatenate(
        [
            0.02 * ham_topic / ham_topic.sum(),
            np.zeros(n_spam),
            np.full(n_ham, 0.30 / n_ham),
            np.full(n_common, 0.68 / n_common),
        ]
    )
    return spam, ham


def make_stream(np: Any, rng: Any, n: int) -> tuple[Any, Any]:
    """`n` messages in time order: word counts (n × vocabulary) and labels (1 = spam)."""
    labels = (rng.random(n) < SPAM_SHARE).astype(int)
    # Drift: the share of spam words written as variants grows from 0 to 70% over the stream.
    position = np.arange(n) / max(1, n - 1)
    variant_share = 0.7 * position
    spam_p, ham_p = _word_probabilities(np, variant_share)
    lengths = 5 + rng.poisson(4, size=n)
    counts = np.zeros((n, len(VOCABULARY)), dtype=np.int64)
    for i in range(n):
        p = spam_p[i] if labels[i] else ham_p
        counts[i] = rng.multinomial(lengths[i], p)
    return counts, labels


def training_sizes(np: Any, most: int) -> list[int]:
    """About a dozen sizes, evenly spaced on a log scale, from SMALLEST to `most`."""
    low = min(SMALLEST, most)
    sizes = np.unique(np.round(np.geomspace(low, most, CHART_POINTS)).astype(int))
    return [int(s) for s in sizes]


def rule_predicts(np: Any, counts: Any) -> Any:
    columns = [VOCABULARY.index(word) for word in RULE_KEYWORDS]
    return (counts[:, columns].sum(axis=1) > 0).astype(int)


def run(knobs: dict[str, Any], report: Report) -> None:
    import numpy as np
    from sklearn.naive_bayes import MultinomialNB

    most, noise = int(knobs["examples"]), float(knobs["noise"])
    rng = np.random.default_rng(knobs["seed"])
    counts, labels = make_stream(np, rng, most + TEST_MESSAGES)
    x_train, x_test = counts[:most], counts[most:]
    y_test = labels[most:]
    # Label noise: a share of the training labels is wrong (a person mis-clicked).
    y_train = labels[:most].copy()
    flipped = rng.random(most) < noise
    y_train[flipped] = 1 - y_train[flipped]

    rule_accuracy = float(np.mean(rule_predicts(np, x_test) == y_test))
    sizes = training_sizes(np, most)
    learned: list[float] = []
    rules: list[float] = []
    for size in sizes:
        x, y = x_train[:size], y_train[:size]
        if len(np.unique(y)) < 2:  # one class seen so far: all the model can say is that class
            accuracy = float(np.mean(y_test == y[0]))
        else:
            model = MultinomialNB().fit(x, y)
            accuracy = float(np.mean(model.predict(x_test) == y_test))
        learned.append(accuracy)
        rules.append(rule_accuracy)  # the rule learns nothing: the same at every size
        report.point("rule", size, rule_accuracy)
        report.point("learned", size, accuracy)

    report.table(
        "Accuracy on later messages",
        ["examples", "rule", "learned"],
        [[s, round(r, 4), round(a, 4)] for s, r, a in zip(sizes, rules, learned, strict=True)],
    )
    learned_accuracy = learned[-1]
    report.finding("rule_accuracy", rule_accuracy)
    report.finding("learned_accuracy", learned_accuracy)
    report.finding("learned_beats_rule", learned_accuracy > rule_accuracy)
    report.finding("rule_is_flat", max(rules) - min(rules) == 0.0)
    report.finding("learned_improves_with_data", learned_accuracy > learned[0])
    report.finding(
        "examples_to_beat_rule", beat_band(examples_to_beat(sizes, learned, rule_accuracy))
    )
    if learned_accuracy > rule_accuracy:
        report.note(
            f"Trained on {most} examples the filter scores {learned_accuracy:.0%} on later "
            f"messages; the keyword rule stays at {rule_accuracy:.0%} however much data there is."
        )
    else:
        report.note(
            f"With only {most} examples the filter ({learned_accuracy:.0%}) has not yet caught "
            f"the keyword rule ({rule_accuracy:.0%}); give it more examples."
        )


SPEC = LabSpec(
    id="rule-vs-learned",
    title="A fixed rule vs a learned spam filter",
    phase=1,
    summary="A keyword rule stays as good as it was written; a naive Bayes filter "
    "improves as it sees more (and more recent) labelled messages.",
    knobs=(
        Knob("examples", int, 400, "the most labelled messages the filter trains on", 20, 2000),
        Knob("noise", float, 0.1, "share of training labels that are wrong (flipped)", 0.0, 0.4),
        seed_knob(),
    ),
    chart=ChartSpec(
        kind="line",
        title="Accuracy on later messages",
        x_label="training examples",
        y_label="accuracy",
        x_integer=True,
        y_bounds=(0.0, 1.0),
    ),
    run=run,
    findings={  # name → the label a learner reads
        "rule_accuracy": "Accuracy of the keyword rule",
        "learned_accuracy": "Accuracy of the filter with the most examples",
        "learned_beats_rule": "The learned filter beats the rule",
        "rule_is_flat": "The rule stays the same with more examples",
        "learned_improves_with_data": "The filter improves with more examples",
        "examples_to_beat_rule": "The filter stays ahead of the rule from",
    },
)
