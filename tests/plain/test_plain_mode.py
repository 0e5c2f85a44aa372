"""Plain line mode through a subprocess with piped stdin, as in a pipe or a dumb terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import run_mltutor

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
