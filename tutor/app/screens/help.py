"""The `?` screen: every key of the screen underneath, and of the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_NAMES = {"question_mark": "?", "escape": "Esc", "right": "→", "left": "←", "enter": "Enter"}


def _key_name(key: str) -> str:
    return ", ".join(_NAMES.get(k, k.replace("ctrl+", "Ctrl+")) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        rows = []
        seen = set()
        sources = [self.under, *self.under.query("*"), self.app]
        for source in sources:
            for binding in getattr(source, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                key = _key_name(binding.key)
                if (key, binding.description) in seen:
                    continue
                seen.add((key, binding.description))
                rows.append(f"  {key:<16} {binding.description}")
        with VerticalScroll(id="help-box"):
            yield Static("Keys on this screen", classes="help-title")
            yield Static("\n".join(rows), markup=False)
            yield Static(
                "\nEverything you answer is saved at once. Esc closes this help.",
                classes="muted",
            )
