"""Plain line mode through a subprocess with piped stdin, as in a pipe or a dumb terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import UNSURE_TICKETS_ANSWER, run_mltutor

ESCAPE = re.compile(r"\x1b")


def progress_json(home: Path) -> dict:
    result = run_mltutor("progress", "--json", home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_lesson_from_start_to_finish_through_a_pipe(private_home: Path) -> None:
    # menu: pick lesson 1; screen 1 text; q-single (shown order: see display_order) …
    from tutor.checking import display_order

    right_single = display_order("q-single", 3).index(0) + 1
    steps = [
        "1",  # open "The first lesson"
        "",  # screen 1 → next
        "h",  # a hint for q-single
        str(right_single),
        "",  # next
        "",  # screen 3 → next
        "75%",  # q-numeric, right
        "",
        "",  # screen 5 → next
        "q",  # back at the menu: quit
    ]
    result = run_mltutor(stdin="\n".join(steps) + "\n", home=private_home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not ESCAPE.search(out)
    assert "Hint: Not the wrong one." in out
    assert out.count("Correct.") == 2
    assert "Lesson done: The first lesson." in out
    assert "Saved. This session: 2 answers, 2 of 2 first tries right, 1 lesson finished." in out
    report = progress_json(private_home)
    assert report["lessons_done"] == 1
    mastery = {o["id"]: o["mastery"] for o in report["phases"][0]["objectives"]}
    assert mastery["obj-a"] == round(2 / 5, 4)  # 2 of obj-a's 5 questions right first time


def test_end_of_input_mid_question_saves_and_exits_cleanly(private_home: Path) -> None:
    result = run_mltutor("quiz", "1", stdin="1\n", home=private_home)
    assert result.returncode == 0, result.stderr
    assert "Input ended." in result.stdout
    assert "Saved. This session: 1 answer," in result.stdout
    assert "Traceback" not in result.stderr
    assert progress_json(private_home)["answers"] == 1


def test_quiz_by_phase_number_wrong_then_retry(private_home: Path) -> None:
    from tutor.checking import display_order

    wrong = display_order("q-quiz-single", 3).index(1) + 1
    right = display_order("q-quiz-single", 3).index(0) + 1
    result = run_mltutor("quiz", "1", stdin=f"{wrong}\n{right}\n", home=private_home)
    out = result.stdout
    assert result.returncode == 0
    assert "Not quite." in out and "Because it is false." in out
    assert "Correct." in out
    answers = progress_json(private_home)
    obj_b = answers["phases"][0]["objectives"][1]  # q-quiz-single is on obj-b
    assert (obj_b["answered"], obj_b["right_first_try"]) == (1, 0)


def test_quiz_of_one_lesson_asks_its_objectives_questions(private_home: Path) -> None:
    result = run_mltutor("quiz", "second", stdin="", home=private_home)
    assert result.returncode == 0
    assert "Pick the even numbers." in result.stdout


def test_unknown_quiz_target_is_a_clear_error(private_home: Path) -> None:
    result = run_mltutor("quiz", "frist", home=private_home)
    assert result.returncode == 2
    assert result.stderr.strip() == "mltutor: no phase or lesson 'frist' (did you mean 'first'?)"


def test_bad_input_is_explained_and_not_recorded(private_home: Path) -> None:
    result = run_mltutor("quiz", "1", stdin="7\nabc\n", home=private_home)
    assert (
        "(pick a choice from 1 to 3)" in result.stdout
        or "not a number from 1 to 3" in result.stdout
    )
    assert progress_json(private_home)["answers"] == 0


def test_resume_on_the_same_screen(private_home: Path) -> None:
    run_mltutor(stdin="1\n\ns\n\nq\n", home=private_home)  # screens 1, 2 (skipped), then leave on 3
    result = run_mltutor(stdin="\nq\nq\n", home=private_home)  # Enter = continue
    assert "— The first lesson · screen 3 of 6 —" in result.stdout


def test_dumb_terminal_and_no_color_print_no_escape_codes(tmp_path: Path) -> None:
    for n, env in enumerate(({"TERM": "dumb"}, {"NO_COLOR": "1"})):
        result = run_mltutor("--plain", stdin="1\n\nq\nq\n", home=tmp_path / str(n), env=env)
        assert result.returncode == 0
        assert not ESCAPE.search(result.stdout)
        assert "Screen one" in result.stdout.splitlines()  # Markdown printed as plain text


def test_line_mode_asks_the_learner_to_judge_an_unsure_written_answer(tmp_path: Path) -> None:
    """Issue 9: in line mode too, an answer the grader cannot judge is judged by the
    learner against the model answer; a bad pick is explained, and the verdict is saved."""
    result = run_mltutor(
        "lesson",
        "phase-1-written",
        stdin=f"{UNSURE_TICKETS_ANSWER}\n5\n1\nq\n",
        home=tmp_path,
        content=None,
    )
    out = result.stdout
    assert "I can't tell for sure." in out
    assert "A model answer:" in out
    assert "(type 1, 2 or 3)" in out
    assert "✓ Right (your own judgement)." in out
    assert max(len(line) for line in out.splitlines() if line.startswith("Ideas")) <= 78
    # the question is settled: the next prompt is the lesson's, not another try
    assert "Enter to see the answer" not in out.split("your own judgement")[1]
    import sqlite3

    rows = sqlite3.connect(tmp_path / "progress.sqlite3").execute(
        "SELECT outcome, score, judged_by FROM answers"
    )
    assert rows.fetchall() == [("right", 0.5, "self")]


CODE_EXERCISE = """
  - id: x-squares
    objective: obj-a
    kind: code
    title: Sum of squares
    prompt: Make `total`, the sum of the squares of 0..n-1.
    setup: |
      n = 10
    starter: |
      total = ...
    solution: |
      total = sum(i * i for i in range(n))
    checks:
      - name: total
        advice: square each number before adding
    hints: [range(n) gives 0..n-1.]
    also_right: ["total = 285\\n"]
    wrong:
      - code: "total = sum(range(n))"
        message: "`total` is 45"
    explanation: The sum is 285.
"""


def code_course(course_dir: Path) -> Path:
    """The fixture course with a plain-Python code exercise as the first lesson's screen 2."""
    bank = course_dir / "quizzes" / "bank.yaml"
    bank.write_text(bank.read_text().rstrip("\n") + "\n" + CODE_EXERCISE)
    lesson = course_dir / "lessons" / "phase-1" / "01-first.yaml"
    lesson.write_text(
        lesson.read_text().replace("  - check: q-single\n", "  - check: x-squares\n", 1)
    )
    return course_dir


def test_line_mode_code_exercise_typed_lines_then_a_file(course_dir: Path, tmp_path: Path) -> None:
    """Issue 10: the task and starter are printed; lines end with a lone "." or the end of
    input; a .py path is read instead; hints come one at a time; the result is saved."""
    answer = tmp_path / "mine.py"
    answer.write_text("total = 0\nfor i in range(n):\n    total += i ** 2\n")
    stdin = f"\ntotal = sum(range(n))\nprint(total)\n.\nh\n{answer}\nq\n"
    home = tmp_path / "home"
    result = run_mltutor("lesson", "first", stdin=stdin, home=home, content=code_course(course_dir))
    out = result.stdout
    assert "Code exercise: Sum of squares" in out
    assert "Starter code:" in out and "Already run before your code:" in out
    assert "total is 45, which is not the expected value — square each number" in out
    assert "Hint: range(n) gives 0..n-1." in out
    assert "✓ Right" in out and "The reference solution" in out
    import sqlite3

    from tutor.content.loader import folder_course_id
    from tutor.progress.store import progress_file

    rows = sqlite3.connect(progress_file(home, folder_course_id(course_dir))).execute(
        "SELECT question_id, outcome FROM answers ORDER BY id"
    )
    assert rows.fetchall() == [("x-squares", "wrong"), ("x-squares", "right")]
