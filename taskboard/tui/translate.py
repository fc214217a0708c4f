"""Key binding labels in the user's language.

Bindings are declared on classes, before the language is known; each screen
and widget calls `translate_bindings(self)` in its constructor so that the
footer and the help screen show the labels in the active language. Binding
ids and keys are kept, so the user's keymap still applies.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from taskboard.i18n import _


def translate_bindings(node: DOMNode) -> None:
    """Replace the node's binding descriptions and tooltips with translations."""
    bindings = node._bindings.key_to_bindings  # the node's own copy of its class bindings
    for key, entries in bindings.items():
        bindings[key] = [
            replace(
                entry,
                description=_(entry.description),
                tooltip=_(entry.tooltip) if entry.tooltip else "",
            )
            for entry in entries
        ]
