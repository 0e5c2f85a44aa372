"""Did-you-mean hints for a mistyped name: one helper for the validator and every command."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def close_names(word: str, names: Iterable[str], most: int = 1) -> list[str]:
    """Up to `most` of `names` that look like `word`, closest first."""
    import difflib  # only once a name was mistyped: start-up stays light

    return difflib.get_close_matches(word, list(names), n=most)


def did_you_mean(guesses: Sequence[str]) -> str:
    """The hint after a name that is not known, e.g. ` (did you mean 'a' or 'b'?)`; "" if none."""
    if not guesses:
        return ""
    quoted = [f"'{guess}'" for guess in guesses]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {listed}?)"
