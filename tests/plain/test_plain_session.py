"""Line mode as a session: Ctrl+C, the roadmap on request, navigation keys, Markdown as text."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tests.helpers import run_mltutor
from tutor.checking import display_order

ESCAPE = re.compile(r"\x1b")
ROADMAP = "mltutor — the roadmap"


def read_until(stream, marker: bytes, timeout: float = 30.0) -> bytes:
    """Read a child's output until it matches the regular expression `marker`."""
    seen = b""
    deadline = time.monotonic() + timeout
    while not re.search(marker, seen):
        left = deadline - time.monotonic()
        assert left > 0, f"no {marker!r} in {seen.decode(errors='replace')!r}"
        ready, _, _ = select.select([stream], [], [], left)
        if ready:
            chunk = os.read(stream.fileno(), 4096)
            assert chunk, f"output ended before {marker!r}: {seen.decode(errors='replace')!r}"
            seen += chunk
    return seen


def test_ctrl_c_saves_prints_the_summary_and_exits_130(private_home: Path) -> None:
    right = display_order("q-single", 3).index(0) + 1
    child = subprocess.Popen(
        [sys.executable, "-m", "tutor", "--content", str(FIXTURE_COURSE), "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MLTUTOR_HOME": str(private_home)},
    )
    try:
        child.stdin.write(f"1\n\n{right}\n".encode())  # open lesson 1, next, answer q-single
        child.stdin.flush()
        # wait until it has taken the answer and waits at the navigation prompt
        seen = read_until(child.stdout, rb"Correct\.[\s\S]*\[Enter\] next")
        child.send_signal(signal.SIGINT)
        code = child.wait(timeout=30)
        out = (seen + child.stdout.read()).decode()
        err = child.stderr.read().decode()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert "Traceback" not in err, err
    assert code == 130
    assert "Interrupted." in out
    assert "Saved. This session: 1 answer, 1 of 1 first tries right" in out
    report = json.loads(run_mltutor("progress", "--json", home=private_home).stdout)
    assert report["answers"] == 1


def test_the_roadmap_is_shown_at_start_on_r_and_after_a_finished_lesson(
    private_home: Path,
) -> None:
    quiet = run_mltutor("--plain", stdin="p\ng alpha\nnope\n1\nq\nq\n", home=private_home)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.count(ROADMAP) == 1  # at start only: not after p, g, a typo or leaving
    assert "r roadmap" in quiet.stdout  # the menu prompt says how to see it again
    assert "No lesson 'nope'; type its number or id (r shows the roadmap)." in quiet.stdout

    asked = run_mltutor("--plain", stdin="r\nq\n", home=private_home)
    assert asked.stdout.count(ROADMAP) == 2

    # "second": text, skip q-multi, text, skip q-order, skip q-text, then the summary, where
    # the lesson is not done: s goes back to the first skipped question (q-multi); answer all
    multi = display_order("q-multi", 3)  # answer each right, in its shuffled order
    evens = " ".join(str(multi.index(i) + 1) for i in (0, 2))
    order = display_order("q-order", 4)
    counting = " ".join(str(order.index(i) + 1) for i in range(4))
    steps = ["second", "", "s", "", "", "s", "", "s", "", "s",
             evens, "", "", counting, "", "Paris", "", "q"]  # fmt: skip
    finished = run_mltutor("--plain", stdin="\n".join(steps) + "\n", home=private_home)
    assert "Lesson done: The second lesson." in finished.stdout, finished.stdout
    after = finished.stdout.split("Lesson done: The second lesson.")[1]
    assert ROADMAP in after and "(done)" in after


def test_unknown_input_at_the_navigation_prompt_is_explained_not_taken_as_next(
    private_home: Path,
) -> None:
    result = run_mltutor("--plain", stdin="1\nabc\n\n", home=private_home)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "('abc' is not a key here: Enter goes on, b goes back, q leaves the lesson)" in out
    assert out.count("— The first lesson · screen 1 of 6 —") == 1
    assert out.count("[Enter] next · b back · q leave: ") == 2  # asked again on screen 1
    assert out.count("— The first lesson · screen 2 of 6 —") == 1


def test_markdown_without_colour_is_plain_readable_text(tmp_path: Path) -> None:
    for n, env in enumerate(({}, {"TERM": "dumb"}, {"NO_COLOR": "1"})):  # a pipe in all three
        result = run_mltutor("--plain", stdin="1\nq\nq\n", home=tmp_path / str(n), env=env)
        out = result.stdout
        assert result.returncode == 0, result.stderr
        assert not ESCAPE.search(out)
        lines = out.splitlines()
        assert "Screen one" in lines  # a heading: its own line, not centred, no #
        assert "Some words about the first idea." in lines  # no ** around it
        assert "**" not in out and "`" not in out and "#" not in out
        code = lines.index("    total = sum(range(4))")  # code: indented, not boxed
        assert lines[code + 1] == "    assert total == 6"
        assert all(line == line.rstrip() for line in lines if not line.endswith(": "))
        assert not set(out) & set("│─┃━┏┓┗┛╭╮╰╯")


def test_piped_input_is_echoed_so_the_transcript_reads_like_a_session(
    private_home: Path,
) -> None:
    result = run_mltutor("--plain", stdin="1\nq\nq\n", home=private_home)
    assert "[Enter] next · b back · q leave: q\nLeft the lesson; your place is saved." in (
        result.stdout
    )


def test_a_quiz_in_line_mode_ends_with_its_score_and_what_was_skipped(
    private_home: Path,
) -> None:
    single = display_order("q-quiz-single", 3).index(0) + 1
    # right on q-quiz-single, then skip everything else (a skip in a quiz does not reveal)
    steps = [str(single), ""] + ["s", ""] * 10
    result = run_mltutor("--plain", "quiz", "1", stdin="\n".join(steps) + "\n", home=private_home)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Your score: 1 of 4 right on the first try (25%)." in out
    assert "Skipped (3). This quiz stays in progress until you answer them:" in out
    assert "Name the capital of Italy. (screen 4)" in out
    assert "The answer: Rome" not in out
    assert "Quiz done" not in out
    progress = run_mltutor("lessons", home=private_home)
    assert "in progress" in progress.stdout


def test_q_at_a_question_leaves_the_lesson_and_the_summary_fits_80_columns(
    private_home: Path,
) -> None:
    result = run_mltutor("--plain", stdin="first\n\nq\nq\n", home=private_home)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "is not a number" not in out
    assert "Left the lesson; your place is saved." in out
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)


def test_an_empty_line_at_a_question_says_what_to_type(private_home: Path) -> None:
    result = run_mltutor("--plain", stdin="first\n\n\nq\nq\n", home=private_home)
    assert "(type your answer; s skips it, q leaves the lesson)" in result.stdout
