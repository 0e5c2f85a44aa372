"""What the roadmap looks like at 80×24, for the shipped course and a new learner."""

from __future__ import annotations

from pathlib import Path

from tutor.app import make_app


def test_roadmap_snapshot(snap_compare, private_home: Path) -> None:
    app = make_app(home=private_home)
    assert snap_compare(app, terminal_size=(80, 24))
