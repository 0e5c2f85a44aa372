"""A learner's settings: `settings.toml` in the data folder, beside the progress file.

    review_daily_limit = 20   # reviews a day (1-500)
    start_on_review = true    # the roadmap opens on "Review" when questions are due

A missing file means the defaults; a file that cannot be read, or a bad value, gives a
warning and the default for it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from tutor.progress.review import DAILY_LIMIT

SETTINGS_NAME = "settings.toml"
MAX_DAILY_LIMIT = 500


@dataclass(frozen=True)
class Settings:
    review_daily_limit: int = DAILY_LIMIT
    start_on_review: bool = True


def daily_limit_problem(value: object) -> str | None:
    """Why `value` cannot be a daily limit, or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"the daily limit must be a whole number, not {value!r}"
    if not 1 <= value <= MAX_DAILY_LIMIT:
        return f"the daily limit must be between 1 and {MAX_DAILY_LIMIT}, not {value}"
    return None


def load_settings(folder: Path) -> tuple[Settings, str | None]:
    """The settings in `folder`, and a warning when some could not be used."""
    path = Path(folder) / SETTINGS_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), f"{path} could not be read ({exc}); the default settings are used"
    settings = Settings()
    problems = []
    known = {f.name for f in fields(Settings)}
    for key, value in data.items():
        if key not in known:
            problems.append(f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
        elif key == "review_daily_limit":
            if (why := daily_limit_problem(value)) is not None:
                problems.append(why)
            else:
                settings = replace(settings, review_daily_limit=value)
        elif key == "start_on_review":
            if isinstance(value, bool):
                settings = replace(settings, start_on_review=value)
            else:
                problems.append(f"start_on_review must be true or false, not {value!r}")
    if problems:
        return settings, f"in {path}: " + "; ".join(problems) + " (the default is used)"
    return settings, None
