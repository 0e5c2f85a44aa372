"""A learner's progress: the SQLite store and the reports built from it."""

from tutor.progress.store import LessonState, ProgressStore, open_store

__all__ = ["LessonState", "ProgressStore", "open_store"]
