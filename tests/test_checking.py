"""Answer checking: one group of tests per question kind, with properties where they fit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.checking import (
    AnswerFormatError,
    check_answer,
    check_multi_answer,
    check_numeric_answer,
    check_order_answer,
    check_single_answer,
    check_text_answer,
    check_written_answer,
    display_order,
    normalize_text,
    parse_numbers,
)
from tutor.content.model import (
    Choice,
    ChoiceQuestion,
    Concept,
    NumericQuestion,
    OrderQuestion,
    TextQuestion,
    WrittenQuestion,
)

BASE = dict(objective="o", prompt="p", explanation="e")


def single() -> ChoiceQuestion:
    return ChoiceQuestion(
        id="q-s",
        kind="single",
        **BASE,
        choices=(Choice("a", False, "why a"), Choice("b", True, "why b"), Choice("c", False, "c")),
    )


def multi() -> ChoiceQuestion:
    return ChoiceQuestion(
        id="q-m",
        kind="multi",
        **BASE,
        choices=(Choice("a", True, "A!"), Choice("b", False, "B?"), Choice("c", True, "C!")),
    )


def numeric(**kw) -> NumericQuestion:
    return NumericQuestion(id="q-n", kind="numeric", **BASE, **kw)


# --- single and multi ---------------------------------------------------------------


def test_single_right_and_wrong_give_the_choice_feedback() -> None:
    right = check_single_answer(single(), 1)
    wrong = check_single_answer(single(), 0)
    assert (right.outcome, right.score, right.feedback) == ("right", 1.0, ("why b",))
    assert (wrong.outcome, wrong.score, wrong.feedback) == ("wrong", 0.0, ("why a",))


def test_single_out_of_range_is_a_format_error() -> None:
    with pytest.raises(AnswerFormatError):
        check_single_answer(single(), 3)


def test_multi_exact_set_is_right_subset_is_partial_miss_is_wrong() -> None:
    assert check_multi_answer(multi(), [2, 0]).outcome == "right"
    partial = check_multi_answer(multi(), [0])
    assert partial.outcome == "partial"
    assert any(line.startswith("missed: c") for line in partial.feedback)
    assert check_multi_answer(multi(), [1]).outcome == "wrong"
    mixed = check_multi_answer(multi(), [0, 1])
    assert mixed.outcome == "partial" and mixed.score == 0.0


@given(st.sets(st.integers(0, 2), min_size=1))
def test_multi_is_right_only_for_the_correct_set(picked: set[int]) -> None:
    verdict = check_multi_answer(multi(), sorted(picked))
    assert verdict.right == (picked == {0, 2})


# --- numeric ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0.75", ".75", "75%", "75 %", "3/4", "0,75", " 0.755 "])
def test_fraction_answers_accept_every_spelling(text: str) -> None:
    q = numeric(answer=0.75, tolerance=0.01, unit="fraction")
    assert check_numeric_answer(q, text).right


def test_fraction_above_one_without_percent_is_refused_not_marked_wrong() -> None:
    q = numeric(answer=0.75, tolerance=0.01, unit="fraction")
    with pytest.raises(AnswerFormatError, match="75%"):
        check_numeric_answer(q, "75")


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf"])
def test_unreadable_numbers_are_format_errors(text: str) -> None:
    with pytest.raises(AnswerFormatError):
        check_numeric_answer(numeric(answer=1.0, tolerance=0.1), text)


def test_relative_tolerance_scales_with_the_answer() -> None:
    q = numeric(answer=2000.0, rel_tolerance=0.05)
    assert check_numeric_answer(q, "2090").right
    wrong = check_numeric_answer(q, "2200")
    assert not wrong.right and "too high" in wrong.feedback[0]
    assert "too low" in check_numeric_answer(q, "1000").feedback[0]


@given(st.floats(0, 1, allow_nan=False))
def test_any_fraction_is_right_as_decimal_and_as_percent(value: float) -> None:
    q = numeric(answer=value, tolerance=1e-6, unit="fraction")
    assert check_numeric_answer(q, repr(value)).right
    assert check_numeric_answer(q, f"{value * 100!r}%").right


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(0.001, 10))
def test_absolute_tolerance_is_a_closed_interval(answer: float, tol: float) -> None:
    q = numeric(answer=answer, tolerance=tol)
    assert check_numeric_answer(q, repr(answer + tol * 0.999)).right
    assert not check_numeric_answer(q, repr(answer + tol * 1.01 + 1e-3)).right


# --- text ---------------------------------------------------------------------------------


def text_q(**kw) -> TextQuestion:
    return TextQuestion(id="q-t", kind="text", **BASE, **kw)


@pytest.mark.parametrize(
    "given_text", ["Overfitting", "  overfitting. ", "OVER-FITTING", "over fitting!"]
)
def test_text_ignores_case_spacing_and_punctuation(given_text: str) -> None:
    q = text_q(accept=("over-fitting",))
    assert check_text_answer(q, given_text).right


def test_text_aliases_and_pattern() -> None:
    q = text_q(accept=("k-nearest neighbours", "knn"), pattern=r"k ?nearest neighbou?rs?")
    assert check_text_answer(q, "KNN").right
    assert check_text_answer(q, "k nearest neighbor").right
    assert check_text_answer(q, "the kNN").right
    assert not check_text_answer(q, "decision tree").right


@given(st.text(alphabet="abcdefgh ", min_size=1).filter(lambda s: s.strip()))
def test_text_right_for_any_casing_and_punctuation_of_an_alias(alias: str) -> None:
    q = text_q(accept=(alias,))
    noisy = "  " + alias.upper().replace(" ", " , ") + "?! "
    assert check_text_answer(q, noisy).right


def test_normalize_text_drops_leading_articles() -> None:
    assert normalize_text("The  Test-set.") == "test set"


def test_decimal_points_survive_normalisation() -> None:
    q = text_q(accept=("2.5 and 97.5",))
    assert check_text_answer(q, "2.5 and 97.5!").right
    assert not check_text_answer(q, "25 and 975").right
    assert normalize_text("Scores: 0,75.") == "scores 0.75"


# --- order ---------------------------------------------------------------------------------


def order_q() -> OrderQuestion:
    return OrderQuestion(id="q-o", kind="order", **BASE, items=("a", "b", "c", "d"))


@given(st.permutations([0, 1, 2, 3]))
def test_order_right_only_for_the_identity(order: list[int]) -> None:
    verdict = check_order_answer(order_q(), order)
    assert verdict.right == (order == [0, 1, 2, 3])
    assert verdict.score == sum(p == i for p, i in enumerate(order)) / 4


def test_order_with_half_in_place_is_partial_and_shows_the_order() -> None:
    verdict = check_order_answer(order_q(), [0, 1, 3, 2])
    assert verdict.outcome == "partial"
    assert "a → b → c → d" in verdict.feedback[1]


def test_order_needs_every_item_once() -> None:
    with pytest.raises(AnswerFormatError):
        check_order_answer(order_q(), [0, 0, 1, 2])


@given(st.text(min_size=1, max_size=20), st.integers(2, 8))
def test_display_order_is_a_stable_non_identity_permutation(qid: str, n: int) -> None:
    order = display_order(qid, n)
    assert sorted(order) == list(range(n))
    assert order != list(range(n))
    assert order == display_order(qid, n)


def test_parse_numbers() -> None:
    assert parse_numbers("3, 1 2", 3) == [2, 0, 1]
    for bad in ("", "0", "4", "x", "1 1"):
        with pytest.raises(AnswerFormatError):
            parse_numbers(bad, 3)


# --- written ---------------------------------------------------------------------------------


def written_q() -> WrittenQuestion:
    return WrittenQuestion(
        id="q-w",
        kind="written",
        **BASE,
        rubric=(
            Concept(
                "the test set stays unseen", ("test set is never used", "held out", "unseen data")
            ),
            Concept("it estimates generalization", ("generalize", "new data", "future data")),
            Concept("leakage inflates scores", ("leak", "optimistic")),
        ),
        pass_count=2,
        model_answer="Keep the test set held out so that it estimates performance on new data.",
    )


def test_written_lists_concepts_shown_and_missed() -> None:
    verdict = check_written_answer(
        written_q(),
        "You keep it held-out, so its score tells how the model generalises to new data.",
    )
    assert verdict.outcome == "right"
    assert verdict.shown == ("the test set stays unseen", "it estimates generalization")
    assert verdict.missed == ("leakage inflates scores",)


def test_written_with_one_concept_is_partial_and_with_none_wrong() -> None:
    assert check_written_answer(written_q(), "Scores get optimistic.").outcome == "partial"
    assert check_written_answer(written_q(), "I am not sure.").outcome == "wrong"
    with pytest.raises(AnswerFormatError):
        check_written_answer(written_q(), "   ")


def test_check_answer_dispatches_by_kind() -> None:
    assert check_answer(single(), 1).right
    assert check_answer(numeric(answer=2.0, tolerance=0), "2").right
    assert check_answer(order_q(), [0, 1, 2, 3]).right


def test_an_exact_text_answer_is_a_name_in_code() -> None:
    """A pipeline's parameter name is case- and underscore-sensitive: `LogisticRegression__C`
    and `logisticregression_C` fail in scikit-learn, so they must not be graded right."""
    q = text_q(accept=("logisticregression__C",), exact=True)
    assert check_text_answer(q, "logisticregression__C").right
    assert check_text_answer(q, " `logisticregression__C` ").right
    assert check_text_answer(q, '"logisticregression__C"').right
    for near in ("LogisticRegression__C", "logisticregression_C", "logisticregression__c"):
        verdict = check_text_answer(q, near)
        assert verdict.outcome == "partial" and "must be exact" in verdict.feedback[0]
    assert check_text_answer(q, "clf__C").outcome == "wrong"


def test_an_exact_text_question_takes_no_pattern(tmp_path) -> None:
    from tutor.content.readers.questions import read_quiz_file

    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "questions:\n"
        "  - id: q-name\n"
        "    objective: obj\n"
        "    kind: text\n"
        "    prompt: Which key?\n"
        "    exact: true\n"
        "    accept: [clf__C]\n"
        "    pattern: 'clf c'\n"
        "    explanation: The step name, two underscores, the parameter.\n"
    )
    problems: list = []
    read_quiz_file(bank, problems, set())
    assert any(p.line == 8 and "'exact'" in p.message for p in problems)
