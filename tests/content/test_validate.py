"""Validator rules: one broken file per rule, asserting the message and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.content.validate import validate_course
from tutor.labs import load_all


def problems(course: Path) -> list[str]:
    _, found = validate_course(course, load_all())
    return [f"{Path(p.path).relative_to(course)}:{p.line}: {p.message}" for p in found]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


LESSON = "lessons/phase-1/01-first.yaml"
SECOND = "lessons/phase-1/02-second.yaml"
BANK = "quizzes/bank.yaml"


def test_the_fixture_course_is_clean(course_dir: Path) -> None:
    assert problems(course_dir) == []


def test_yaml_syntax_error_names_the_line(course_dir: Path) -> None:
    edit(course_dir / LESSON, "minutes: 5", "minutes: [5")
    found = problems(course_dir)
    assert len(found) == 1 and found[0].startswith(f"{LESSON}:")
    assert "YAML syntax" in found[0]


def test_python_object_tag_is_refused(course_dir: Path) -> None:
    edit(
        course_dir / LESSON,
        "title: The first lesson",
        "title: !!python/object/apply:os.system [echo hi]",
    )
    assert problems(course_dir) == [
        f"{LESSON}:2: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: "
        "content files hold plain data only"
    ]


def test_misspelt_key_gets_did_you_mean(course_dir: Path) -> None:
    edit(
        course_dir / BANK,
        "    objective: obj-a\n    kind: numeric",
        "    objetive: obj-a\n    kind: numeric",
    )
    line = line_of(course_dir / BANK, "objetive")
    item = line_of(course_dir / BANK, "id: q-numeric")
    assert problems(course_dir) == [
        f"{BANK}:{item}: a numeric question is missing the key 'objective'",
        f"{BANK}:{line}: unknown key 'objetive' in a numeric question (did you mean 'objective'?); "
        "known keys: id, objective, kind, prompt, answer, hints, explanation, tolerance, "
        "rel_tolerance, unit",
    ]


def test_wrong_value_type(course_dir: Path) -> None:
    edit(course_dir / LESSON, "minutes: 5", "minutes: ten")
    assert problems(course_dir) == [
        f"{LESSON}:4: 'minutes' in a lesson should be a whole number, not 'ten'"
    ]


def test_duplicate_key_in_a_mapping(course_dir: Path) -> None:
    edit(course_dir / LESSON, "minutes: 5", "minutes: 5\nminutes: 6")
    assert problems(course_dir) == [f"{LESSON}:5: the key 'minutes' appears twice"]


def test_duplicate_id_across_files(course_dir: Path) -> None:
    edit(course_dir / SECOND, "id: second", "id: first")
    found = problems(course_dir)
    assert f"{SECOND}:1: the id 'first' is already used at {course_dir / LESSON}:1" in found


def test_unknown_question_in_a_lesson(course_dir: Path) -> None:
    edit(course_dir / LESSON, "check: q-numeric", "check: q-numerik")
    line = line_of(course_dir / LESSON, "q-numerik")
    assert problems(course_dir) == [
        f"{LESSON}:{line}: unknown question 'q-numerik' (did you mean 'q-numeric'?)"
    ]


def test_unknown_objective_in_a_question(course_dir: Path) -> None:
    edit(
        course_dir / BANK,
        "objective: obj-a\n    kind: written",
        "objective: obj-z\n    kind: written",
    )
    line = line_of(course_dir / BANK, "obj-z")
    assert problems(course_dir) == [
        f"{BANK}:{line}: unknown objective 'obj-z' (did you mean 'obj-b'?) (see lessons/roadmap.yaml)"
    ]


def test_requires_cycle(course_dir: Path) -> None:
    edit(course_dir / LESSON, "requires: []", "requires: [second]")
    found = problems(course_dir)
    assert len(found) == 1
    assert "'requires' makes a cycle" in found[0] and "first" in found[0] and "second" in found[0]


def test_requires_unknown_lesson(course_dir: Path) -> None:
    edit(course_dir / SECOND, "requires: [first]", "requires: [frist]")
    assert problems(course_dir) == [
        f"{SECOND}:5: 'requires' names an unknown lesson 'frist' (did you mean 'first'?)"
    ]


def test_objective_untaught_and_unchecked(course_dir: Path) -> None:
    edit(
        course_dir / "lessons/roadmap.yaml",
        "      - id: obj-b\n        text: The second idea.",
        "      - id: obj-b\n        text: The second idea.\n      - id: obj-c\n        text: A third.",
    )
    line = line_of(course_dir / "lessons/roadmap.yaml", "obj-c")
    assert problems(course_dir) == [
        f"lessons/roadmap.yaml:{line}: objective 'obj-c' is checked by 0 question(s); it needs at least 2",
        f"lessons/roadmap.yaml:{line}: objective 'obj-c' is taught by no lesson",
    ]


def test_single_question_with_two_correct_choices(course_dir: Path) -> None:
    edit(
        course_dir / BANK,
        "      - text: The wrong one\n",
        "      - text: The wrong one\n        correct: true\n",
    )
    line = line_of(course_dir / BANK, "choices:")
    assert problems(course_dir) == [
        f"{BANK}:{line}: single-choice question 'q-single' needs exactly one choice with "
        "'correct: true', has 2"
    ]


def test_choice_without_why(course_dir: Path) -> None:
    edit(course_dir / BANK, "        why: Also wrong.\n", "")
    line = line_of(course_dir / BANK, "Another wrong one")
    assert problems(course_dir) == [
        f"{BANK}:{line}: each choice of 'q-single' needs a 'why' (feedback when it is picked)"
    ]


def test_question_without_explanation(course_dir: Path) -> None:
    edit(course_dir / BANK, "    explanation: It is Paris.\n", "")
    line = line_of(course_dir / BANK, "id: q-text")
    assert problems(course_dir) == [
        f"{BANK}:{line}: question 'q-text' needs an 'explanation' (shown after answering)"
    ]


def test_numeric_needs_exactly_one_tolerance(course_dir: Path) -> None:
    edit(
        course_dir / BANK, "    tolerance: 0.01\n", "    tolerance: 0.01\n    rel_tolerance: 0.1\n"
    )
    line = line_of(course_dir / BANK, "id: q-numeric")
    assert problems(course_dir) == [
        f"{BANK}:{line}: numeric question 'q-numeric' needs exactly one of 'tolerance' or 'rel_tolerance'"
    ]


def test_written_pass_out_of_range(course_dir: Path) -> None:
    edit(course_dir / BANK, "    pass: 1", "    pass: 3")
    line = line_of(course_dir / BANK, "pass: 3")
    assert problems(course_dir) == [
        f"{BANK}:{line}: 'pass' should be between 1 and the number of rubric concepts (2)"
    ]


def test_unknown_question_kind(course_dir: Path) -> None:
    edit(course_dir / BANK, "kind: order", "kind: ordr")
    line = line_of(course_dir / BANK, "kind: ordr")
    found = problems(course_dir)
    assert found[0].startswith(
        f"{BANK}:{line}: question kind 'ordr' is not known (did you mean 'order'?)"
    )


def test_too_few_screens(course_dir: Path) -> None:
    edit(course_dir / SECOND, "  - check: q-text\n", "")
    edit(course_dir / SECOND, "  - check: q-order\n", "")
    assert problems(course_dir) == [
        f"{SECOND}:6: a lesson should have 5 to 12 screens (the summary is added after them); "
        "this one has 3"
    ]


def test_four_text_screens_in_a_row(course_dir: Path) -> None:
    edit(course_dir / SECOND, "  - check: q-multi\n", "  - text: Gamma.\n  - text: Delta.\n")
    line = line_of(course_dir / SECOND, "Beta.")
    assert problems(course_dir) == [
        f"{SECOND}:{line}: four text screens in a row: follow an idea with a check or a lab "
        "after at most three"
    ]


def test_unknown_lab(course_dir: Path) -> None:
    edit(course_dir / SECOND, "  - text: Beta.\n", "  - lab: no-such-lab\n    knobs: {x: 1}\n")
    line = line_of(course_dir / SECOND, "no-such-lab")
    found = problems(course_dir)
    assert len(found) == 1 and found[0].startswith(f"{SECOND}:{line}: unknown lab 'no-such-lab'")


def test_lab_knob_out_of_bounds(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor import labs

    spec = labs.LabSpec(
        "demo",
        "Demo",
        2,
        "a demo",
        {"depth": labs.Knob("depth", int, 3, "tree depth", 1, 20), "seed": labs.seed_knob()},
        labs.ChartSpec("line", "demo"),
        run=lambda knobs, report: None,
    )
    monkeypatch.setitem(labs.LABS, "demo", spec)
    edit(
        course_dir / SECOND,
        "  - text: Beta.\n",
        "  - lab: demo\n    knobs: {depth: 50, width: 2}\n",
    )
    line = line_of(course_dir / SECOND, "knobs:")  # the knobs' line: they are written on it
    assert problems(course_dir) == [
        f"{SECOND}:{line}: knob 'depth' takes a whole number from 1 to 20, not 50",
        f"{SECOND}:{line}: lab 'demo' has no knob 'width' (did you mean 'depth'?); "
        "knobs: depth, seed",
    ]


def test_missing_folders(tmp_path: Path) -> None:
    _, found = validate_course(tmp_path, load_all())
    assert [p.message for p in found] == ["a course folder must hold lessons/ and quizzes/"]


def test_not_a_mapping(course_dir: Path) -> None:
    (course_dir / "quizzes" / "extra.yaml").write_text("- just\n- a list\n")
    assert problems(course_dir) == [
        "quizzes/extra.yaml:1: a quiz file should be a mapping of keys to values"
    ]


GLOSSARY = "lessons/glossary.yaml"


def test_glossary_term_with_unknown_lesson_and_see(course_dir: Path) -> None:
    edit(course_dir / GLOSSARY, "lesson: second", "lesson: secnd")
    edit(course_dir / GLOSSARY, "see: [beta]", "see: [gamma]")
    assert problems(course_dir) == [
        f"{GLOSSARY}:2: the term 'alpha' sees an undefined term 'gamma'",
        f"{GLOSSARY}:6: the term 'beta' names an unknown lesson 'secnd' (did you mean 'second'?)",
    ]


def test_glossary_term_defined_twice(course_dir: Path) -> None:
    edit(course_dir / GLOSSARY, "term: beta", "term: Alpha")
    assert problems(course_dir) == [
        f"{GLOSSARY}:2: the term 'alpha' sees an undefined term 'beta'",
        f"{GLOSSARY}:6: the term 'Alpha' is already defined at line 2",
    ]


LONG_CODE = "values = [" + ", ".join(str(n) for n in range(20, 45)) + "]"  # 135 characters


def test_long_code_line_in_a_screen_names_its_own_line(course_dir: Path) -> None:
    edit(course_dir / LESSON, "assert total == 6", f"assert total == 6\n      {LONG_CODE}")
    line = line_of(course_dir / LESSON, "values = [")
    assert line == 15  # the block starts on line 8, after `text: |` on line 7
    assert problems(course_dir) == [
        f"{LESSON}:15: code line is {len(LONG_CODE)} characters; the limit is 72 "
        "so it fits an 80-column terminal"
    ]


def test_code_lines_of_72_characters_and_prose_lines_pass(course_dir: Path) -> None:
    fits = "x = " + "1" * 68
    prose = "A long line of prose wraps on screen, so it may run past 72 characters. " * 2
    edit(course_dir / LESSON, "assert total == 6", f"assert total == 6\n      {fits}")
    edit(course_dir / LESSON, "More words.", prose)
    assert len(fits) == 72
    assert problems(course_dir) == []


def test_long_code_line_after_leading_blank_lines_and_in_a_kept_block(course_dir: Path) -> None:
    edit(
        course_dir / LESSON,
        "  - text: |\n      # Screen three",
        f"  - text: |+\n\n\n      # Screen three\n\n      ~~~\n      {LONG_CODE}\n      ~~~",
    )
    line = line_of(course_dir / LESSON, "values = [")
    assert problems(course_dir) == [
        f"{LESSON}:{line}: code line is {len(LONG_CODE)} characters; the limit is 72 "
        "so it fits an 80-column terminal"
    ]


def test_long_code_line_in_the_summary_and_in_questions(course_dir: Path) -> None:
    edit(
        course_dir / LESSON,
        "  - Another thing.",
        f"  - Another thing.\n\n  ```\n  {LONG_CODE}\n  ```",
    )
    edit(
        course_dir / BANK,
        "    prompt: What share is three quarters?",
        f"    prompt: |\n      What share?\n\n      ```python\n      {LONG_CODE}\n      ```",
    )
    edit(
        course_dir / BANK,
        "    explanation: Three quarters is 0.75.",
        f'    explanation: "```\\n{LONG_CODE}\\n```"',
    )
    message = (
        f"code line is {len(LONG_CODE)} characters; the limit is 72 "
        "so it fits an 80-column terminal"
    )
    quoted = line_of(course_dir / BANK, 'explanation: "```')
    assert problems(course_dir) == [
        f"{LESSON}:{line_of(course_dir / LESSON, 'values = [')}: {message}",
        f"{BANK}:{line_of(course_dir / BANK, '      values = [')}: {message}",
        f"{BANK}:{quoted}: {message} (in the text that starts on this line)",
    ]


def test_a_fence_left_open_still_counts_its_code(course_dir: Path) -> None:
    edit(course_dir / LESSON, "      More words.", f"      ```python\n      {LONG_CODE}")
    line = line_of(course_dir / LESSON, "values = [")
    assert [p.split(": ", 1)[0] for p in problems(course_dir)] == [f"{LESSON}:{line}"]


def test_a_yaml_error_in_the_roadmap_is_reported_once(course_dir: Path) -> None:
    roadmap = course_dir / "lessons/roadmap.yaml"
    roadmap.write_text(roadmap.read_text().replace("title: Basics", "title: Basics: the start"))
    _, problems = validate_course(course_dir, load_all())
    on_roadmap = [p for p in problems if p.path == str(roadmap)]
    assert len(on_roadmap) == 1 and "YAML syntax" in on_roadmap[0].message
    assert on_roadmap[0].line == 4


def test_written_rubric_rules_name_the_line(course_dir: Path) -> None:
    """Issue 9: a subject the question does not define, a one-word catch-all phrase and a
    synonym group of one are refused, each at its line."""
    bank = course_dir / BANK
    edit(
        bank,
        "      - concept: the world changes\n        any: [world changes, things change, spammers adapt]",
        "      - concept: the world changes\n        subject: spamers\n"
        "        any: [world changes, noise, spammers adapt]",
    )
    edit(
        bank,
        "    pass: 1\n",
        "    synonyms:\n      - [alone]\n    subjects:\n      spammers: [spammers]\n    pass: 1\n",
    )
    found = problems(course_dir)
    assert any(
        f"{BANK}:{line_of(bank, 'subject: spamers')}: the concept 'the world changes' names the "
        "subject 'spamers', which the question's 'subjects' do not define (did you mean "
        "'spammers'?)" in p
        for p in found
    ), found
    assert any("the phrase 'noise' in a rubric concept is one common word" in p for p in found)
    assert any(
        f"{BANK}:{line_of(bank, '[alone]')}: each group in 'synonyms' of 'q-written' should be "
        "a list of 2 or more phrases" in p
        for p in found
    ), found


def test_a_course_file_the_loader_would_ignore_is_reported(course_dir: Path) -> None:
    """Issue 15: a quiz written as bank2.yml was silently skipped."""
    (course_dir / "quizzes" / "bank2.yml").write_text("questions: []\n")
    assert problems(course_dir) == [
        "quizzes/bank2.yml:1: this file is not read: course files end in .yaml; rename it to "
        "bank2.yaml"
    ]


def test_a_dropped_lesson_adds_no_follow_on_errors(course_dir: Path) -> None:
    """Issue 15: a lesson lost for one missing key also made the glossary term that names it
    'name an unknown lesson'."""
    edit(course_dir / SECOND, "summary: |\n  - Done.\n", "")
    assert problems(course_dir) == [f"{SECOND}:1: a lesson is missing the key 'summary'"]


def test_a_yaml_indentation_error_says_what_to_check(course_dir: Path) -> None:
    edit(course_dir / LESSON, "minutes: 5", "minutes: 5\n  requires: []")
    line = line_of(course_dir / LESSON, "  requires: []")
    assert problems(course_dir) == [
        f"{LESSON}:{line}: YAML syntax: mapping values are not allowed in this context — "
        f"indentation: this line is indented deeper than the key above it (line {line - 1}); "
        f"line it up with that key, or end line {line - 1} with ':' to nest it"
    ]


@pytest.mark.parametrize(
    ("old", "new", "advice"),
    [
        ("title: The first lesson", "title: First: the lesson", "a ': ' inside a value"),
        ("title: The first lesson", "title: 'The first lesson", "a quote opened on line 2"),
        (
            "objectives: [obj-a, obj-b]",
            "objectives: [obj-a, obj-b",
            "a '[' or '{' opened on line 3",
        ),
        ("minutes: 5", "minutes: 5\n\tfoo: 1", "indentation: YAML indents with spaces only"),
        ("title: The first lesson", "title: The first lesson\nsummary", "line 3 has no ':'"),
    ],
)
def test_yaml_syntax_errors_give_advice(course_dir: Path, old: str, new: str, advice: str) -> None:
    edit(course_dir / LESSON, old, new)
    (found,) = problems(course_dir)
    assert f" — {advice}" in found, found


def test_a_question_without_a_kind_names_the_key(course_dir: Path) -> None:
    edit(course_dir / BANK, "    kind: order\n", "")
    line = line_of(course_dir / BANK, "id: q-order")
    assert problems(course_dir) == [
        f"{BANK}:{line}: a question is missing the key 'kind'; kinds: single, multi, numeric, "
        "text, order, written, predict, code"
    ]


def test_an_unknown_predict_question_gets_did_you_mean(course_dir: Path) -> None:
    from tests.content.test_validate_run import add_predict

    add_predict(course_dir, lab="rule-vs-learned", knobs="{}")
    edit(
        course_dir / SECOND,
        "  - text: Beta.\n",
        "  - lab: rule-vs-learned\n    predict: q-predict-evn\n",
    )
    line = line_of(course_dir / SECOND, "lab: rule-vs-learned")
    found = [p for p in problems(course_dir) if p.startswith(SECOND)]
    assert found == [
        f"{SECOND}:{line}: 'predict' names no predict question 'q-predict-evn' "
        "(did you mean 'q-predict-even'?)"
    ]


def warnings(course: Path) -> list[tuple[str, str]]:
    _, found = validate_course(course, load_all())
    return [(f"{Path(p.path).relative_to(course)}:{p.line}", p.warning) for p in found if p.warning]


def test_layout_rules_are_warnings(course_dir: Path) -> None:
    """Issue 15, item 4: a long code line, a long text screen, a title the lesson bar cuts
    and a phase with objectives but no lessons are warnings, not errors."""
    edit(course_dir / LESSON, "assert total == 6", f"assert total == 6\n      {LONG_CODE}")
    edit(course_dir / SECOND, "  - text: Beta.\n", "  - text: |\n" + "      A line.\n" * 16)
    edit(course_dir / SECOND, "title: The second lesson", "title: " + "Long " * 8 + "title")
    edit(
        course_dir / "lessons/roadmap.yaml",
        "    objectives: []",
        "    objectives:\n      - {id: obj-c, text: Later.}",
    )
    assert warnings(course_dir) == [
        (f"{LESSON}:{line_of(course_dir / LESSON, 'values = [')}", "code-width"),
        (f"{SECOND}:2", "title-width"),
        (f"{SECOND}:{line_of(course_dir / SECOND, '- text: |')}", "screen-lines"),
        (
            f"lessons/roadmap.yaml:{line_of(course_dir / 'lessons/roadmap.yaml', 'id: later')}",
            "phase-without-lessons",
        ),
    ]
    _, found = validate_course(course_dir, load_all())
    assert [p for p in found if p.is_error] == []
    (title,) = [p.message for p in found if p.warning == "title-width"]
    assert title == (
        "the title has 45 characters; the lesson bar shows 38 at 80 columns, so it is cut "
        "after 'Long Long Long Long Long Long Long Lo…'"
    )


def test_a_screen_of_fifteen_lines_and_code_of_72_columns_give_no_warning(course_dir: Path) -> None:
    edit(course_dir / SECOND, "  - text: Beta.\n", "  - text: |\n" + "      A line.\n\n" * 15)
    assert warnings(course_dir) == []


def test_validate_exits_0_on_warnings_and_1_with_strict(
    course_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.validatecli import cmd_validate

    edit(course_dir / LESSON, "assert total == 6", f"assert total == 6\n      {LONG_CODE}")
    assert cmd_validate(course_dir) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        f"{course_dir / LESSON}:15: warning: code line is {len(LONG_CODE)} characters"
    )
    assert out[-1].startswith("OK: ") and out[-1].endswith(", 1 layout warning(s)")
    assert cmd_validate(course_dir, strict=True) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"0 problem(s), 1 layout warning(s) in {course_dir}"
    )
