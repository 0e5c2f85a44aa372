"""The footer: `? Help` first and always visible, then as many of the other keys as fit.

Textual's footer lists keys from the focused widget outwards and cuts the row at the
terminal's edge, so at 80 columns the app's own keys (help, glossary) fell off on
question screens. Here the order is help, then the screen's own keys, then the rest,
and a key that does not fit is left out whole (`?` lists every key).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# low-priority keys: shown only when there is room for them
_LAST = ("glossary", "quit", "command_palette")


class TutorFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(show_command_palette=False, **kwargs)

    def _entries(self) -> list[tuple[Binding, bool, str]]:
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            shown = binding.show or binding.action == "command_palette"
            if shown and binding.description and binding.action not in seen:
                seen[binding.action] = (binding, enabled, tooltip)
        entries = list(seen.values())

        def rank(entry: tuple[Binding, bool, str]) -> int:
            action = entry[0].action
            if action == "help":
                return 0
            return 2 + _LAST.index(action) if action in _LAST else 1

        return sorted(entries, key=rank)  # stable: keeps the screen's own order

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._composed_width = width
        used = 1
        for binding, enabled, tooltip in self._entries():
            key = self.app.get_key_display(binding)
            cost = len(key) + len(binding.description) + 3
            if used + cost > width and binding.action != "help":
                continue
            used += cost
            yield FooterKey(
                binding.key,
                key,
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        # only a real change of width re-lays the keys (not the first layout, at start-up)
        if self.size.width != getattr(self, "_composed_width", None):
            self.call_after_refresh(self.recompose)
