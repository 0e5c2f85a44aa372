"""A text progress bar, shared by the report, the plain mode and the roadmap."""

from __future__ import annotations


def bar(fraction: float, width: int = 20, full: str = "#", empty: str = "-") -> str:
    """ASCII by default so that it reads on any terminal."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return full * filled + empty * (width - filled)
