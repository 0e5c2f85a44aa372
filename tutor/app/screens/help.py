"""The `?` screen: every key of the screen underneath, and of the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_NAMES = {"question_mark": "?", "escape": "Esc", "right": "→", "left": "←", "enter": "Enter"}


def _key_name(key: str) -> str:
    def one(k: str) -> str:
        if k.startswith("ctrl+"):
            return "Ctrl+" + k.removeprefix("ctrl+").upper()
        return _NAMES.get(k, k)

    return ", ".join(one(k) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        rows = []
        seen = set()
        # the keys that work where the learner is: the focused widget, its screen, the app
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.description or not type(active.node).__module__.startswith("tutor"):
                continue  # Textual's own plumbing keys (focus, copy) would only distract
            if not active.enabled:
                continue
            key = _key_name(binding.key)
            if (key, binding.description) not in seen:
                seen.add((key, binding.description))
                rows.append(f"  {key:<16} {binding.description}")
        with VerticalScroll(id="help-box"):
            yield Static("Keys on this screen", classes="help-title")
            yield Static("\n".join(rows), markup=False)
            yield Static(
                "\nEverything you answer is saved at once. Esc closes this help.",
                classes="muted",
            )
