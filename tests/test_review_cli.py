"""`mltutor review` and line mode's review, piped as a learner or a script would (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_mltutor
from tutor.checking import display_order


def miss_q_single(home: Path) -> None:
    wrong = display_order("q-single", 3).index(1) + 1
    # lesson 1: the text screen, then q-single answered wrong, the answer shown, then leave
    result = run_mltutor("--plain", "lesson", "first", stdin=f"\n{wrong}\n\nq\n", home=home)
    assert result.returncode == 0, result.stderr


def test_nothing_to_review_says_what_will_come_back(private_home: Path) -> None:
    result = run_mltutor("review", home=private_home)
    assert result.returncode == 0, result.stderr
    assert "Nothing to review yet" in result.stdout


def test_a_missed_question_is_reviewed_in_line_mode(private_home: Path) -> None:
    miss_q_single(private_home)
    right = display_order("q-single", 3).index(0) + 1
    result = run_mltutor("review", stdin=f"{right}\n\n", home=private_home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Review · 1 question" in out and "Correct." in out
    assert "Reviewed (1)" in out and "right; back in 2 days" in out
    again = run_mltutor("review", home=private_home)
    assert "Nothing is due now" in again.stdout and "--practise" in again.stdout
    data = json.loads(run_mltutor("progress", "--json", home=private_home).stdout)
    assert data["review"]["due_now"] == 0 and data["review"]["due_this_week"] == 1
    assert data["review"]["cards_per_state"] == {"learning": 0, "review": 1, "relearning": 0}
    objectives = data["phases"][0]["objectives"]
    assert {o["id"]: o["review_cards"] for o in objectives}["obj-a"] == 1
    csv_text = run_mltutor("progress", "--csv", home=private_home).stdout
    assert "review_cards,due_now" in csv_text.splitlines()[0]


def test_the_menu_offers_the_review_first(private_home: Path) -> None:
    miss_q_single(private_home)
    right = display_order("q-single", 3).index(0) + 1
    result = run_mltutor("--plain", stdin=f"\n{right}\n\nq\n", home=private_home)
    assert result.returncode == 0, result.stderr
    assert "Review · 1 due  (v)" in result.stdout
    assert "Enter: 1 question is due for review" in result.stdout
    assert "Reviewed (1)" in result.stdout


def test_a_bad_limit_is_explained_not_a_traceback(private_home: Path) -> None:
    for bad in ("ten", "0", "-3"):
        result = run_mltutor("review", "--limit", bad, home=private_home)
        assert result.returncode == 2
        assert "--limit" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_card_is_reported_not_a_traceback(private_home: Path) -> None:
    import sqlite3

    miss_q_single(private_home)
    from tests.conftest import FIXTURE_COURSE
    from tutor.content.loader import folder_course_id
    from tutor.progress.store import progress_file

    conn = sqlite3.connect(progress_file(private_home, folder_course_id(FIXTURE_COURSE)))
    conn.execute("UPDATE review_cards SET state = 7")
    conn.commit()
    conn.close()
    result = run_mltutor("review", home=private_home)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "review card 'q-single': its state 7 is not 1, 2 or 3" in result.stderr
    assert "Traceback" not in run_mltutor("progress", home=private_home).stderr


def test_v_with_nothing_due_practises_the_cards_due_next(private_home: Path) -> None:
    miss_q_single(private_home)
    right = display_order("q-single", 3).index(0) + 1
    run_mltutor("review", stdin=f"{right}\n\n", home=private_home)
    result = run_mltutor("--plain", stdin=f"v\n{right}\n\nq\n", home=private_home)
    assert result.returncode == 0, result.stderr
    assert "Review · nothing due — v to practise anyway" in result.stdout
    assert "Practising anyway" in result.stdout and "Practice · 1 question" in result.stdout
