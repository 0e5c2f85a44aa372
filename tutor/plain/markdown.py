"""Lesson Markdown as line-mode text: rendered by rich, left-aligned, and without colour
plain enough for a pipe or a screen reader (no `**`, no fences, code indented, no boxes)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Heading, ListItem, Markdown
from rich.segment import Segment
from rich.syntax import Syntax
from rich.text import Text

MAX_WIDTH = 78  # what line mode prints at most, like its charts


class _Heading(Heading):
    """A heading is its own left-aligned line (rich centres `#` headings)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text.copy()
        text.justify = "left"
        yield text


class _ListItem(ListItem):
    """Numbered items keep their dot ("1. First"), as a reader would write them."""

    def render_number(
        self, console: Console, options: ConsoleOptions, number: int, last_number: int
    ) -> RenderResult:
        width = len(str(last_number)) + 3
        lines = console.render_lines(
            self.elements, options.update(width=options.max_width - width), style=self.style
        )
        for first, line in enumerate(lines):
            yield Segment(f"{number}. ".rjust(width) if first == 0 else " " * width)
            yield from line
            yield Segment("\n")


class _Code(CodeBlock):
    """Code as it is written, indented four spaces: never wrapped, boxed or shaded;
    highlighted when there is colour."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip()
        if console.color_system is None:
            text = Text(code)
        else:
            syntax = Syntax(code, self.lexer_name, theme="ansi_dark", background_color="default")
            text = syntax.highlight(code)
            text.rstrip()
        text = Text("\n").join(Text("    ") + line if line else line for line in text.split("\n"))
        text.no_wrap, text.overflow = True, "ignore"
        yield text


class _LineMarkdown(Markdown):
    elements = {
        **Markdown.elements,
        "heading_open": _Heading,
        "list_item_open": _ListItem,
        "fence": _Code,
        "code_block": _Code,
    }


def markdown_console(stream: TextIO, color: bool) -> Console:
    """A console for `stream` at most MAX_WIDTH wide; with `color` off it never styles."""
    if color:
        console = Console(file=stream, highlight=False, soft_wrap=False, emoji=False)
    else:
        console = Console(
            file=stream,
            color_system=None,
            no_color=True,
            force_terminal=False,
            highlight=False,
            soft_wrap=False,
            emoji=False,
        )
    console.width = min(console.width, MAX_WIDTH)
    return console


def render_markdown(console: Console, text: str) -> str:
    """`text` rendered for `console`, without the trailing spaces rich pads lines with."""
    document = _LineMarkdown(text, hyperlinks=False)  # links show their address
    with console.capture() as captured:
        console.print(document, crop=False)  # a long code line stays whole
    return "\n".join(line.rstrip() for line in captured.get().rstrip().splitlines())
