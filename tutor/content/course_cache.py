"""A validated course kept as plain JSON, keyed by a hash of its files, so that start-up
need not parse and check the YAML again.

JSON and not pickle: reading an entry builds nothing but the course model's own dataclasses
and plain values, so a planted or damaged file can at worst be ignored, never run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any, cast

from tutor import __version__
from tutor.content import model

FORMAT = 1  # bump when the encoding below changes
KEEP = 8  # entries kept, most recently used first: one per course a learner switches between
CODE = Path(__file__).resolve().parents[1]  # the tutor package: the code that reads courses

# the only classes an entry can build: the course model's dataclasses
_TYPES: dict[str, type[Any]] = {
    name: cls
    for name, cls in vars(model).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}


def cache_key(root: Path) -> str | None:
    """A hash of the course's files and of the code that reads and checks them; None if
    one cannot be read."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{Path(root).resolve()}".encode())
    for folder in (root / "lessons", root / "quizzes", CODE / "content", CODE / "labs"):
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".yaml", ".yml", ".py")):
                    try:
                        data = Path(dirpath, name).read_bytes()
                    except OSError:
                        return None
                    digest.update(f"{dirpath}/{name}|{len(data)}|".encode())
                    digest.update(data)
    return digest.hexdigest()[:32]


def _encode(value: Any) -> Any:
    """Plain JSON for the model. Every JSON object is tagged with a key no field name can
    have ("!type", "!tuple", "!set", "!dict"), so decoding is exact and needs no schema."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if _TYPES.get(type(value).__name__) is type(value):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        if isinstance(value, model.Phase):  # its lessons are the course's own: kept by id
            fields["lessons"] = [lesson.id for lesson in value.lessons]
        return {"!type": type(value).__name__} | {k: _encode(v) for k, v in fields.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, tuple):
        return {"!tuple": [_encode(item) for item in value]}
    if isinstance(value, set | frozenset):
        return {"!set": [_encode(item) for item in sorted(value)]}
    if isinstance(value, dict):
        return {"!dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep a {type(value).__name__} in the course cache")


def _decode(obj: dict[str, Any]) -> Any:
    """json.loads' object_hook: called innermost first, so each object's values are ready."""
    if "!type" in obj:
        cls = _TYPES[obj.pop("!type")]  # anything but the model's classes: KeyError
        return cls(**obj)
    if "!tuple" in obj:
        return tuple(obj["!tuple"])
    if "!set" in obj:
        return set(obj["!set"])
    if "!dict" in obj:
        return {k: v for k, v in obj["!dict"]}
    return obj  # the envelope


def course_to_json(course: model.Course) -> str:
    """The course as JSON; TypeError if it holds a value JSON cannot keep exactly."""
    return json.dumps({"format": FORMAT, "course": _encode(course)}, ensure_ascii=False)


def course_from_json(text: str) -> model.Course:
    """The course back from course_to_json; ValueError, KeyError or TypeError if it is not one."""
    data = json.loads(text, object_hook=_decode)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a course cache entry of this format")
    course = data.get("course")
    if not isinstance(course, model.Course):
        raise ValueError("not a course cache entry")
    for phase in course.phases:
        lesson_ids = cast(list[str], phase.lessons)  # _encode kept a phase's lessons by id
        phase.lessons = [course.lessons[lesson_id] for lesson_id in lesson_ids]
    return course


def read_cached(folder: Path, key: str) -> model.Course | None:
    """The cached course for `key`, or None if there is none or it cannot be read."""
    entry = folder / f"course-{key}.json"
    try:
        course = course_from_json(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # missing, stale, damaged or planted: read the course afresh
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: kept when older entries are dropped
    return course


def write_cached(folder: Path, key: str, course: model.Course) -> None:
    """Keep a validated course; drop all but the KEEP most recently used entries. Best effort:
    a course that cannot be kept is simply read again next time."""
    try:
        text = course_to_json(course)
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / f"course-{key}.json"
        partial = folder / f"course-{key}.{os.getpid()}.tmp"
        partial.write_text(text, encoding="utf-8")
        partial.replace(entry)
        entries = sorted(
            folder.glob("course-*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass
