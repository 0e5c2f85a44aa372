"""`lessons/roadmap.yaml`: the phases in order, with their objectives and reading lists."""

from __future__ import annotations

from pathlib import Path

from tutor.content.model import Objective, Phase, Resource
from tutor.content.problems import Problem
from tutor.content.readers.fields import FieldReader
from tutor.content.yamlsafe import YamlList

RESOURCE_KINDS = ("book", "paper", "docs", "course", "article", "video")


def read_roadmap_file(
    path: Path, problems: list[Problem], broken: set[str] | None = None
) -> tuple[str | None, list[Phase]]:
    """The course id (`course:`, None when absent) and the phases."""
    if not path.is_file():
        problems.append(Problem(str(path), 0, "the roadmap file is missing", fatal=True))
        return None, []
    f = FieldReader(path, problems, broken)
    node, parsed = f.read()
    if not parsed:
        return None, []  # the YAML error says it all; "not a mapping" would only repeat it
    data = f.fields(node, "the roadmap", {"phases": list}, {"course": str}, fatal=True)
    if data is None:
        return None, []
    course_id: str | None = data.get("course")
    if course_id is not None:
        f.check_id(course_id, node.line_of("course"), "course id")
    phases: list[Phase] = []
    items: YamlList = data["phases"]
    for index, node in enumerate(items):
        line = items.line_of(index)
        fields = f.fields(
            node,
            "a phase",
            {"id": str, "number": int, "title": str, "dir": str},
            {"objectives": list, "resources": list, "about": str},
            line,
        )
        if fields is None:
            continue
        f.check_id(fields["id"], line, "phase id")
        if fields["number"] != len(phases) + 1:
            f.problem(
                node.line_of("number"),
                f"phase numbers should count 1, 2, 3 … in order; expected {len(phases) + 1}",
            )
        number = fields["number"]
        phases.append(
            Phase(
                id=fields["id"],
                number=number,
                title=fields["title"],
                about=" ".join(fields.get("about", "").split()),
                dir=fields["dir"],
                objectives=_objectives(f, fields.get("objectives", YamlList()), number),
                resources=_resources(f, fields.get("resources", YamlList())),
                source=f.source(line),
            )
        )
    return course_id, phases


def _objectives(f: FieldReader, nodes: YamlList, phase: int) -> tuple[Objective, ...]:
    objectives = []
    for i, obj in enumerate(nodes):
        of = f.fields(obj, "an objective", {"id": str, "text": str}, line=nodes.line_of(i))
        if of:
            f.check_id(of["id"], obj.line, "objective id")
            objectives.append(Objective(of["id"], of["text"].strip(), phase, obj.line))
    return tuple(objectives)


def _resources(f: FieldReader, nodes: YamlList) -> tuple[Resource, ...]:
    resources = []
    for i, res in enumerate(nodes):
        rf = f.fields(
            res,
            "a resource",
            {"title": str, "by": str, "kind": str},
            {"why": str},
            line=nodes.line_of(i),
        )
        if rf:
            if rf["kind"] not in RESOURCE_KINDS:
                f.problem(
                    res.line_of("kind"),
                    f"resource kind '{rf['kind']}' should be one of: " + ", ".join(RESOURCE_KINDS),
                )
            resources.append(Resource(rf["title"], rf["by"], rf["kind"], rf.get("why", "")))
    return tuple(resources)
