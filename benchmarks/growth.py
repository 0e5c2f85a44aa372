"""The cost of growth, before the content arrives: a synthetic course five times today's
size (Phases 1–2 copied into Phases 3–10, ids suffixed), its load + validate time, and
the start-up ratio when the tutor teaches it.

Run: python benchmarks/growth.py [runs]
Prints the size of the synthetic course, its load + validate time (target <= 150 ms) and
the start-up ratio against a bare Textual app with `--content` pointing at it (<= 1.25).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout, installed or not
COPIES = 4  # today's two taught phases, plus four copies of them: ten phases


def _suffix(ids: list[str] | None, tag: str) -> list[str]:
    return [f"{i}{tag}" for i in ids or []]


def build_synthetic_course(dest: Path, copies: int = COPIES) -> Path:
    """Copy the shipped course into `dest`, filling empty phases with suffixed copies."""
    from tutor.paths import shipped_course_dir

    source = shipped_course_dir()
    shutil.copytree(source / "lessons", dest / "lessons")
    shutil.copytree(source / "quizzes", dest / "quizzes")
    roadmap_file = dest / "lessons" / "roadmap.yaml"
    roadmap = yaml.safe_load(roadmap_file.read_text(encoding="utf-8"))
    phases = roadmap["phases"]
    taught = [p for p in phases if p["objectives"]]
    empty = [p for p in phases if not p["objectives"]]
    for n, target in enumerate(empty[: copies * len(taught)]):
        original = taught[n % len(taught)]
        tag = f"-x{n // len(taught) + 1}"
        target["objectives"] = [{**o, "id": f"{o['id']}{tag}"} for o in original["objectives"]]
        target["resources"] = original.get("resources", [])
        for lesson_file in sorted((dest / "lessons" / original["dir"]).glob("*.yaml")):
            lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
            lesson["id"] += tag
            lesson["objectives"] = _suffix(lesson.get("objectives"), tag)
            lesson["requires"] = _suffix(lesson.get("requires"), tag)
            for screen in lesson["screens"]:
                for key in ("check", "predict"):
                    if key in screen:
                        screen[key] += tag
            out = dest / "lessons" / target["dir"] / lesson_file.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(yaml.safe_dump(lesson, allow_unicode=True), encoding="utf-8")
        prefix = f"phase-{original['number']}-"
        for bank_file in sorted((dest / "quizzes").glob(f"{prefix}*.yaml")):
            bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
            for question in bank["questions"]:
                question["id"] += tag
                question["objective"] += tag
            name = bank_file.name.replace(prefix, f"phase-{target['number']}-", 1)
            (dest / "quizzes" / name).write_text(
                yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8"
            )
    roadmap_file.write_text(yaml.safe_dump(roadmap, allow_unicode=True), encoding="utf-8")
    return dest


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    from tutor.content.validate import validate_course
    from tutor.labs import load_all

    course_dir = build_synthetic_course(Path(tempfile.mkdtemp(prefix="mltutor-growth-")))
    course, problems = validate_course(course_dir, load_all())
    if problems:
        raise SystemExit("the synthetic course is invalid:\n" + "\n".join(map(str, problems)))
    loads = []
    for _ in range(15):
        start = time.perf_counter()
        validate_course(course_dir, load_all())
        loads.append(time.perf_counter() - start)
    load = statistics.median(loads)
    lessons = sum(len(p.lessons) for p in course.phases)
    print(
        f"synthetic course        : {len(course.phases)} phases, {lessons} lessons, "
        f"{len(course.questions)} questions"
    )
    print(f"course load + validate  : {load * 1000:7.1f} ms (target <= 150 ms)")
    sys.argv = [sys.argv[0], str(runs), "--content", str(course_dir)]
    from benchmarks import startup

    startup.main()


if __name__ == "__main__":
    main()
