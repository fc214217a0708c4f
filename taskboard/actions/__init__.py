"""What a coordinator does, defined once: each action checks the rules, writes the
history and returns one undoable `Edit`; the CLI and the board only collect input
and show the result."""

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
