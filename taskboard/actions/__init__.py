"""What a coordinator does, defined once: each action checks the rules, writes the
history and returns one undoable `Edit`; the CLI and the board only collect input
and show the result.

The names below load their module on first use: the board's first paint needs
`taskboard.actions.tasks`, which must not bring in the matching package with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from taskboard.actions.assignments import (
        Applied,
        MatchRefused,
        accept_proposal,
        assign,
        event_names,
        event_text,
        set_state,
        store_picks,
        unassign,
    )
    from taskboard.actions.lookup import find_assignment
    from taskboard.actions.staffing import restaff

_HOME = {
    "Applied": "assignments",
    "MatchRefused": "assignments",
    "accept_proposal": "assignments",
    "assign": "assignments",
    "event_names": "assignments",
    "event_text": "assignments",
    "set_state": "assignments",
    "store_picks": "assignments",
    "unassign": "assignments",
    "find_assignment": "lookup",
    "restaff": "staffing",
}

__all__ = [
    "Applied",
    "MatchRefused",
    "accept_proposal",
    "assign",
    "event_names",
    "event_text",
    "find_assignment",
    "restaff",
    "set_state",
    "store_picks",
    "unassign",
]


def __getattr__(name: str) -> Any:
    """Load the module that defines `name` when it is first asked for."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
