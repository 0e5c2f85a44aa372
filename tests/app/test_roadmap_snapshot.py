"""What the roadmap looks like at 80×24 for a new learner, on the small fixture course
(so that editing the shipped lessons does not change the picture)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tutor.app import make_app


def test_roadmap_snapshot(snap_compare, private_home: Path) -> None:
    app = make_app(home=private_home, content=FIXTURE_COURSE)
    assert snap_compare(app, terminal_size=(80, 24))
