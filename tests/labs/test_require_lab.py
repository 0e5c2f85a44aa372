"""require_lab: the lab a caller needs, or an error that names the id (never a None to trip on)."""

from __future__ import annotations

import pytest

from tutor.labs import KnobError, UnknownLab, get_lab, require_lab, run_lab


def test_require_lab_gives_the_lab() -> None:
    assert require_lab("tree-depth") is get_lab("tree-depth")


def test_an_unknown_lab_is_named_along_with_the_labs_there_are() -> None:
    with pytest.raises(UnknownLab, match=r"no lab 'no-such-lab'; labs: .*tree-depth") as info:
        require_lab("no-such-lab")
    # callers that catch a KnobError (bad knobs) or a LookupError (a missing name) both see it
    assert isinstance(info.value, KnobError)
    assert isinstance(info.value, LookupError)


def test_run_lab_refuses_an_unknown_lab_the_same_way() -> None:
    with pytest.raises(UnknownLab, match="no lab 'no-such-lab'"):
        run_lab("no-such-lab")
