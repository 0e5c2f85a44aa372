"""`lessons/glossary.yaml` (optional): each term once, with the lesson that introduces it."""

from __future__ import annotations

from pathlib import Path

from tutor.content.model import GlossaryEntry
from tutor.content.problems import Problem
from tutor.content.readers.fields import FieldReader
from tutor.content.yamlsafe import YamlList


def read_glossary(path: Path, problems: list[Problem]) -> tuple[GlossaryEntry, ...]:
    if not path.is_file():
        return ()
    f = FieldReader(path, problems)
    node, parsed = f.read()
    if not parsed:
        return ()
    fields = f.fields(node, "the glossary", {"terms": list}, line=1, fatal=True)
    if fields is None:
        return ()
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    items: YamlList = fields["terms"]
    for i, item in enumerate(items):
        tf = f.fields(
            item,
            "a glossary term",
            {"term": str, "definition": str, "lesson": str},
            {"see": list},
            line=items.line_of(i),
        )
        if tf is None:
            continue
        key = tf["term"].strip().casefold()
        if key in seen:
            f.problem(item.line, f"the term '{tf['term']}' is already defined at line {seen[key]}")
            continue
        seen[key] = item.line
        see = f.string_list(tf.get("see"), item.line_of("see"), "'see'")
        entries.append(
            GlossaryEntry(
                tf["term"].strip(), tf["definition"].strip(), tf["lesson"], see, f.source(item.line)
            )
        )
    return tuple(entries)
