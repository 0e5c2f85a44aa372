"""`lessons/synonyms.yaml` (optional): words and phrases that mean the same in learners'
written answers, shared by every written question (each question may add its own)."""

from __future__ import annotations

from pathlib import Path

from tutor.content.problems import Problem
from tutor.content.readers.fields import FieldReader
from tutor.content.readers.questions import read_synonym_groups


def read_synonyms(path: Path, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    if not path.is_file():
        return ()
    f = FieldReader(path, problems)
    node, parsed = f.read()
    if not parsed:
        return ()
    fields = f.fields(node, "the synonym lexicon", {"synonyms": list}, line=1)
    if fields is None:
        return ()
    return read_synonym_groups(f, fields["synonyms"], node.line_of("synonyms"), "'synonyms'")
