"""`mltutor lab`: list the labs, or run one on a plain terminal (chart + findings, or JSON)."""

from __future__ import annotations

import json
import sys
import textwrap

from tutor.labs import KnobError, LabSpec, load_all, run_lab

EXIT_FAILED = 1
EXIT_USAGE = 2


def _knob_lines(spec: LabSpec) -> list[str]:
    return [
        f"    {k.name:<14} default {k.default!s:<8} {k.describe()} — {k.help}"
        for k in spec.knobs.values()
    ]


def _finding_lines(spec: LabSpec) -> list[str]:
    """The findings a predict question may name (`finding:`), with the label learners see."""
    if not spec.findings:
        return ["    findings: none"]
    width = max(map(len, spec.findings))
    return ["    findings:"] + [
        f"      {name:<{width}}  {label}" for name, label in spec.findings.items()
    ]


def cmd_lab(
    lab_id: str | None,
    list_only: bool,
    settings: list[str],
    as_json: bool,
    findings_only: bool = False,
) -> int:
    labs = load_all()
    if list_only or lab_id is None:
        for lab in sorted(labs.values(), key=lambda s: (s.phase, s.id)):
            print(f"{lab.id:<18} phase {lab.phase}  {lab.title}")
            print(textwrap.fill(lab.summary, 78, initial_indent="    ", subsequent_indent="    "))
            print("\n".join(_knob_lines(lab)))
            print("\n".join(_finding_lines(lab)))
        return 0
    spec = labs.get(lab_id)
    if spec is None:
        from tutor.spelling import close_names, did_you_mean

        hint = did_you_mean(close_names(lab_id, labs))
        print(f"mltutor: no lab '{lab_id}'{hint}; see `mltutor lab --list`", file=sys.stderr)
        return EXIT_USAGE
    if findings_only:
        print(f"{spec.id}: {spec.title}")
        print("\n".join(_knob_lines(spec)))
        print("\n".join(_finding_lines(spec)))
        return 0
    values: dict[str, object] = {}
    for setting in settings:
        name, sep, text = setting.partition("=")
        if not sep or not name.strip():
            print(f"mltutor: --set takes KNOB=VALUE, not {setting!r}", file=sys.stderr)
            return EXIT_USAGE
        values[name.strip()] = text
    try:
        knobs = spec.resolve(values)
    except KnobError as exc:
        print(f"mltutor: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = run_lab(spec.id, knobs)
    except Exception as exc:  # a failing lab is reported, never a traceback
        from tutor.labs.torchlib import TorchMissing

        why = str(exc) if isinstance(exc, TorchMissing) else f"{type(exc).__name__}: {exc}"
        print(f"mltutor: lab '{spec.id}' failed: {why}", file=sys.stderr)
        return EXIT_FAILED
    if as_json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    from tutor.charts import findings_text, render_chart, table_text
    from tutor.plain.runner import wants_color

    print(f"{spec.title} — " + ", ".join(f"{k}={v}" for k, v in knobs.items()))
    print(render_chart(result, spec.chart, width=78, height=18, color=wants_color(sys.stdout)))
    for table in result.tables.values():
        print(table_text(table))
    print("Findings:")
    for line in findings_text(result).splitlines():
        print(textwrap.fill(line, 78, initial_indent="  ", subsequent_indent="    "))
    print(f"({result.seconds:.2f} s)")
    return 0
