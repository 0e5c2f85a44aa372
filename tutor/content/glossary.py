"""Glossary entries as plain text, for the command line and the line mode."""

from __future__ import annotations

import textwrap

from tutor.content.model import Course, GlossaryEntry


def glossary_text(course: Course, entries: list[GlossaryEntry]) -> str:
    """Entries as plain text: the term, its definition, and where it is taught."""
    blocks = []
    for entry in entries:
        lesson = course.lessons.get(entry.lesson)
        where = f"  (lesson: {lesson.title})" if lesson else ""
        text = textwrap.fill(entry.definition, 76, initial_indent="  ", subsequent_indent="  ")
        see = f"\n  See also: {', '.join(entry.see)}." if entry.see else ""
        blocks.append(f"{entry.term}{where}\n{text}{see}")
    return "\n\n".join(blocks)
