"""Where mltutor keeps a learner's data and its course cache, and where the shipped course lives."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "mltutor"


def data_dir() -> Path:
    """The folder for the progress database: $MLTUTOR_HOME, else the platform's user data dir."""
    override = os.environ.get("MLTUTOR_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def course_cache_dir() -> Path:
    """The folder for the course cache: the platform's user cache dir. Never $MLTUTOR_HOME,
    which may be a classroom share that others can write to."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def shipped_course_dir() -> Path:
    """The course that ships with mltutor, as a folder holding lessons/ and quizzes/.

    An installed wheel carries it inside the package (tutor/lessons, tutor/quizzes); a
    checkout, run in place or installed editable, has it at the top level beside tutor/.
    """
    package = Path(__file__).resolve().parent
    if (package / "lessons" / "roadmap.yaml").is_file():
        return package
    return package.parent
