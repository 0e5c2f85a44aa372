"""`mltutor lab`: every lab prints JSON; bad knobs are refused with exit 2.

The command runs in this process (as `tutor.cli.run` would from `main`), which is fast;
one smoke test runs the real program in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

from tutor.labs import load_all

LAB_IDS = sorted(load_all())


def mltutor(*args: str) -> subprocess.CompletedProcess[str]:
    """`mltutor lab ARGS` run in this process, its output captured."""
    from tutor.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["lab", *args])
    return subprocess.CompletedProcess(
        ["mltutor", "lab", *args], code, out.getvalue(), err.getvalue()
    )


def test_the_real_program_prints_a_lab_as_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "lab", "tree-depth", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"]["best_test_depth"] == 4


def test_every_lab_is_registered() -> None:
    assert (
        sorted(
            [
                "rule-vs-learned",
                "split-variance",
                "cv-scores",
                "tree-depth",
                "poly-fit",
                "bias-variance",
                "learning-curve",
                "double-descent",
                "dimensionality",
                "activations",
                "gradient-descent",
                "fine-tuning",
                "lora",
                "mlp-training",
                "initialization",
                "threshold",
                "roc-curve",
                "imbalance",
                "knn-complexity",
                "linear-regression",
                "regularization-path",
                "grid-search",
                "leakage",
                "model-comparison",
                "feature-engineering",
                "ensembles",
                "kmeans",
                "pca",
                "tsne",
            ]
        )
        == LAB_IDS
    )


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_lab_prints_its_knobs_series_and_findings_as_json(lab_id: str) -> None:
    result = mltutor(lab_id, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    spec = load_all()[lab_id]
    assert data["lab"] == lab_id
    assert data["knobs"] == spec.resolve()
    assert data["series"] and all(len(s["x"]) == len(s["y"]) > 0 for s in data["series"])
    assert set(data["findings"]) == set(spec.findings)  # JSON keeps the code names


def test_list_names_every_lab_and_its_knobs() -> None:
    result = mltutor("--list")
    assert result.returncode == 0
    for lab_id in LAB_IDS:
        assert lab_id in result.stdout
    assert "max_depth" in result.stdout
    assert "best_test_depth" in result.stdout  # the findings a predict question may name


def test_findings_lists_a_lab_s_knobs_and_findings_without_running_it() -> None:
    result = mltutor("tree-depth", "--findings")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "tree-depth: Decision-tree depth and overfitting"
    assert "best_test_depth" in result.stdout and "max_depth" in result.stdout
    assert any("best_test_depth" in line and "Depth with the best" in line for line in lines)
    assert "Findings:" not in result.stdout  # nothing ran


def test_plain_run_prints_a_chart_and_findings_without_escape_codes() -> None:
    result = mltutor("tree-depth", "--set", "max_depth=6")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout  # not a terminal: no colour codes
    assert "Findings:" in result.stdout
    assert "Depth with the best test accuracy: 4" in result.stdout  # labels, not code names
    assert "best_test_depth" not in result.stdout
    assert "      6  0.9286  0.7444   0.1841" in result.stdout  # the table's columns line up
    assert "max_depth=6" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["tree-depth", "--set", "depth=3"],
            "lab 'tree-depth' has no knob 'depth'; its knobs: max_depth",
        ),
        (
            ["tree-depth", "--set", "max_depth=deep"],
            "knob 'max_depth' takes a whole number from 2 to 20, not 'deep'",
        ),
        (
            ["tree-depth", "--set", "max_depth=50"],
            "knob 'max_depth' takes a whole number from 2 to 20, not 50",
        ),
        (["tree-depth", "--set", "max_depth"], "--set takes KNOB=VALUE, not 'max_depth'"),
        (["tree-dept"], "no lab 'tree-dept' (did you mean 'tree-depth'?)"),
    ],
)
def test_bad_knobs_are_refused_with_exit_2_and_no_traceback(args: list[str], message: str) -> None:
    result = mltutor(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
