"""The `?` screen: the keys of the screen underneath, in sections, one style throughout.

Keys come from the bindings of the screen, of the question and lab widgets on it (focused
or not, as long as they apply there) and of the app, plus each screen's `HELP_NOTES`:
keys that widgets handle themselves (↑/↓ in a list, Space in a multi-choice).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
}
KEY_WIDTH = 16


def key_name(key: str) -> str:
    """`ctrl+t,f1` → `Ctrl+T, F1`: the one way keys are written in help."""

    def one(k: str) -> str:
        if k.startswith("ctrl+"):
            return "Ctrl+" + one(k.removeprefix("ctrl+")).upper()
        if len(k) > 1 and k[0] == "f" and k[1:].isdigit():
            return k.upper()
        return _NAMES.get(k, k)

    return ", ".join(one(k.strip()) for k in key.split(","))


def _bindings(node: DOMNode) -> list[Binding]:
    """A node's own bindings with a description (its class's, not Textual's base ones)."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("tutor"):
            continue
        entries: list[BindingType] = list(cls.__dict__.get("BINDINGS", []))
        found += [b for b in entries if isinstance(b, Binding) and b.description]
    return found


def _applies(node: DOMNode, binding: Binding) -> bool:
    """Whether a key does something here now (a widget may switch a key off)."""
    try:
        return node.check_action(binding.action, ()) is not False
    except Exception:  # a check that needs state the widget lacks: list the key anyway
        return True


def _section(
    title: str, pairs: list[tuple[str, str]], seen: set[tuple[str, str]]
) -> tuple[str, str] | None:
    keys_for: dict[str, list[str]] = {}  # one row per thing to do, its keys together
    for key, what in pairs:
        if (key, what) not in seen:
            seen.add((key, what))
            keys_for.setdefault(what, []).append(key)
    rows = [f"  {', '.join(keys):<{KEY_WIDTH}} {what}" for what, keys in keys_for.items()]
    return (title, "\n".join(rows)) if rows else None


def help_sections(under: Screen) -> list[tuple[str, str]]:
    """(title, rows) for each group of keys that works on `under`."""
    from tutor.app.widgets.lab_panel import LabPanel
    from tutor.app.widgets.question import QuestionView

    seen: set[tuple[str, str]] = set()
    sections = []

    active = under.active_bindings

    def taken_elsewhere(node: DOMNode, key: str) -> bool:
        """A key that the focused widget uses for something else (Enter in a list)."""
        return node is under and key in active and active[key].node is not under

    def pairs(node: DOMNode) -> list[tuple[str, str]]:
        listed = []
        for b in _bindings(node):
            keys = [k.strip() for k in b.key.split(",") if not taken_elsewhere(node, k.strip())]
            if keys and _applies(node, b):
                listed.append((key_name(",".join(keys)), b.description))
        return [*getattr(node, "HELP_NOTES", []), *listed]

    sections.append(_section("On this screen", pairs(under), seen))
    for title, kind in (("Question", QuestionView), ("Lab", LabPanel)):
        rows: list[tuple[str, str]] = []
        for widget in under.query(kind):
            # the widget and its parts (a question's choices, its prompt) have keys of their own
            for part in [widget, *widget.query("*")]:
                if type(part).__module__.startswith("tutor"):
                    rows += pairs(part)
        sections.append(_section(title, rows, seen))
    sections.append(_section("Everywhere", pairs(under.app), seen))
    return [s for s in sections if s is not None]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            for title, rows in help_sections(self.under):
                yield Static(title, classes="help-title", markup=False)
                yield Static(rows, markup=False)
            yield Static(
                "\nEverything you answer is saved at once. Esc closes this help.",
                classes="muted",
            )
