"""`mltutor grade QUESTION_ID [ANSWER | -] [--json]`: grade one written answer, for course
authors and scripts (the grader benchmark uses the same reading). Nothing is recorded.

Exit status: 0 right, 1 not right (partial or wrong), 3 unsure, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXIT_RIGHT, EXIT_NOT_RIGHT, EXIT_USAGE, EXIT_UNSURE = 0, 1, 2, 3


def cmd_grade(content: Path | None, question_id: str, answer: str | None, as_json: bool) -> int:
    from tutor.content.model import WrittenQuestion
    from tutor.grading import read_answer
    from tutor.learner import CourseError, load_course
    from tutor.spelling import close_names, did_you_mean

    try:
        course = load_course(content)
    except CourseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"The course in {exc.root} has problems; fix them first.", file=sys.stderr)
        return EXIT_USAGE
    question = course.questions.get(question_id)
    written = [q.id for q in course.questions.values() if isinstance(q, WrittenQuestion)]
    if question is None:
        hint = did_you_mean(close_names(question_id, written))
        print(f"mltutor grade: no question '{question_id}'{hint}", file=sys.stderr)
        print("Written questions: " + ", ".join(written), file=sys.stderr)
        return EXIT_USAGE
    if not isinstance(question, WrittenQuestion):
        print(
            f"mltutor grade: '{question_id}' is a {question.kind} question; grade reads "
            "written answers only",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if answer is None or answer == "-":
        if sys.stdin.isatty():
            print("Type the answer, then press Ctrl+D on a new line:", file=sys.stderr)
        answer = sys.stdin.read()
    if not answer.strip():
        print("mltutor grade: the answer is empty", file=sys.stderr)
        return EXIT_USAGE
    reading = read_answer(question, answer)
    if as_json:
        print(
            json.dumps(
                {
                    "question": question.id,
                    "grade": reading.grade,
                    "confident": reading.confident,
                    "found": list(reading.found),
                    "missed": list(reading.missed),
                    "contradicted": list(reading.denied),
                    "misconceptions": list(reading.misconceptions),
                    "keyword_list": reading.keyword_list,
                    "evidence": [
                        {"idea": idea, "words": words} for idea, words in reading.evidence
                    ],
                    "pass": question.pass_count,
                    "why": reading.reasons[0] if reading.reasons else "",
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(_text(question, reading))
    if reading.grade == "right":
        return EXIT_RIGHT
    return EXIT_UNSURE if reading.grade == "unsure" else EXIT_NOT_RIGHT


def _text(question: object, reading: object) -> str:
    from tutor.content.model import WrittenQuestion
    from tutor.grading import Reading

    assert isinstance(question, WrittenQuestion) and isinstance(reading, Reading)
    said = dict(reading.evidence)
    confidence = "sure" if reading.confident else "not sure: the learner would judge it"
    lines = [
        f"{question.id}: {reading.grade} ({confidence})",
        f"why: {reading.reasons[0] if reading.reasons else ''}",
        f"ideas found: {len(reading.found)} of {len(question.rubric)}"
        f" ({question.pass_count} needed)",
    ]
    for concept in question.rubric:
        name = concept.concept
        if name in reading.found:
            lines.append(f"  ✓ {name}  ← “{said.get(name, '')}”")
        elif name in reading.denied:
            lines.append(f"  ✗ {name}  (contradicted: negated, or said of the wrong subject)")
        else:
            lines.append(f"  · {name}  (not found)")
    if reading.misconceptions:
        lines.append("misconceptions:")
        lines += [f"  ✗ {claim}  ← “{said.get(claim, '')}”" for claim in reading.misconceptions]
    if reading.keyword_list:
        lines.append("reads as a list of terms, not sentences")
    return "\n".join(lines)
