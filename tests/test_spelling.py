"""The one "did you mean" helper, as the validator and the commands use it."""

from __future__ import annotations

from tutor.spelling import close_names, did_you_mean


def test_close_names_finds_the_nearest_few_in_order() -> None:
    assert close_names("objetive", ["id", "objective", "kind"]) == ["objective"]
    assert close_names("tree", ["poly-fit", "trees", "three"], most=2) == ["trees", "three"]
    assert close_names("zzz", ["objective"]) == []


def test_did_you_mean_lists_one_two_or_three_guesses() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["order"]) == " (did you mean 'order'?)"
    assert did_you_mean(["a", "b"]) == " (did you mean 'a' or 'b'?)"
    assert did_you_mean(["a", "b", "c"]) == " (did you mean 'a', 'b' or 'c'?)"
