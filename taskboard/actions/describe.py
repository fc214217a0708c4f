"""History in words: what `taskboard task history` and the task screen both show.

A history entry stores field → (old, new) as saved JSON, including fields that
only the program reads (a card's rank, the removed flag). A coordinator reads
"moved to Staffed", "moved up", "removed", "3栋402: not home (attempt 2)" instead;
this module is the one place that turns entries into those words, in the
active language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from taskboard.actions.assignments import event_text
from taskboard.i18n import _, group_name, pgettext
from taskboard.model import HistoryEntry, Status

STATUS_TITLES = {
    "suggested": "Suggested",
    "open": "Open",
    "staffed": "Staffed",
    "in_progress": "In progress",
    "done": "Done",
    "archived": "Archived",
}
"""Each status as its board column is titled (English source text)."""

ACTION_WORDS = {"deleted": "removed"}
"""Stored action names that read differently (the others are their own word)."""

FIELD_LABELS = {
    "title": "Title",
    "description": "Description",
    "kind": "Kind",
    "site": "Site",
    "place": "Place",
    "priority": "Priority",
    "start": "Start",
    "end": "End",
    "due": "Due",
    "hours": "Estimated hours",
    "tags": "Tags",
    "origin": "Origin",
    "prefer_group": "Preferred group",
    "needs": "Needs",
}
"""A task's fields as the task screen names them."""

INTERNAL = frozenset({"rank", "deleted", "id"})
"""Fields the program keeps for itself: told as a move or removal, or not at all."""

TRANSLATED = frozenset({"kind", "priority", "state", "status"})
"""Fields whose values are words of the program, shown translated."""

CHECK_WORDS = {"todo": "back to do", "done": "done", "retry": "not home", "skipped": "skipped"}
"""A checklist item's new state, as history tells it."""

EMPTY = "-"


class HistoryLine(NamedTuple):
    """One history entry as shown: when, site, who, what was done and how, in words."""

    when: str
    site: str
    who: str
    action: str
    changes: str


def status_title(status: Status | str) -> str:
    """The column's title in the active language (`Staffed`, 已配人)."""
    return pgettext("column", STATUS_TITLES[str(status)])


def history_lines(
    entries: Iterable[HistoryEntry],
    labels: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> list[HistoryLine]:
    """Each entry in words, in the order given (see `history_line`)."""
    return [history_line(entry, labels, names) for entry in entries]


def history_line(
    entry: HistoryEntry, labels: dict[str, str] | None = None, names: dict[str, str] | None = None
) -> HistoryLine:
    """One entry in words; the changes leave out what the action already says ("removed").

    An assignment event reads `王建国 proposed for welding`, with skills by their
    `labels` and people by their `names` (`assignments.event_names`).
    """
    action = _(ACTION_WORDS.get(entry.action, entry.action))
    event = event_text(entry, labels, names)
    changes = [event] if event else [p for p in change_words(entry.changes) if p != action]
    return HistoryLine(
        entry.at.strftime("%Y-%m-%d %H:%M"),
        entry.site,
        entry.who,
        action,
        "; ".join(changes) or EMPTY,
    )


def change_words(changes: dict[str, tuple[Any, Any]]) -> list[str]:
    """What changed, in words: moves and removals first, then each field."""
    parts: list[str] = []
    if "deleted" in changes:
        parts.append(_("removed") if changes["deleted"][1] else _("restored"))
    status = changes.get("status")
    if status is not None:
        parts.append(_("moved to {column}").format(column=_column(status[1])))
    elif "rank" in changes:
        old, new = (float(value or 0.0) for value in changes["rank"])
        parts.append(_("moved up") if new < old else _("moved down"))
    for name, (old, new) in changes.items():
        if name in INTERNAL or name == "status":
            continue
        if name == "checklist":
            parts += checklist_words(old or [], new or [])
        elif name == "needs":
            parts.append(f"{_('Needs')}: {', '.join(needs_words(old or [], new or []))}")
        else:
            label = _(FIELD_LABELS.get(name, name.replace("_", " ").capitalize()))
            parts.append(f"{label}: {_value(name, old)} → {_value(name, new)}")
    return parts


def _column(status: Any) -> str:
    return status_title(status) if str(status) in STATUS_TITLES else str(status)


def checklist_words(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """Items added, removed, ticked (with the attempt it was) or noted."""
    before = {item.get("id"): item for item in old}
    parts: list[str] = []
    for item in new:
        was = before.pop(item.get("id"), None)
        text = str(item.get("text", ""))
        if was is None:
            parts.append(_("added {item}").format(item=text))
        elif was != item:
            words = _(", ").join(_item_words(was, item))
            parts.append(_("{item}: {state}").format(item=text, state=words))
    parts += [_("removed {item}").format(item=item.get("text", "")) for item in before.values()]
    return parts


def _item_words(was: dict[str, Any], item: dict[str, Any]) -> list[str]:
    words: list[str] = []
    if was.get("text") != item.get("text"):
        words.append(_("renamed from {text}").format(text=was.get("text", "")))
    visited = int(item.get("attempts") or 0) > int(was.get("attempts") or 0)
    if was.get("state") != item.get("state") or visited:  # a visit, even to the same state
        state = str(item.get("state"))
        said = _(CHECK_WORDS.get(state, state))
        if was.get("attempts") != item.get("attempts") and item.get("attempts"):
            attempt = _("attempt {n}").format(n=item.get("attempts"))
            said = _("{state} ({attempt})").format(state=said, attempt=attempt)
        words.append(said)
    elif was.get("attempts") != item.get("attempts"):
        words.append(_("attempts: {n}").format(n=item.get("attempts", 0)))
    if (was.get("note") or "") != (item.get("note") or ""):
        note = item.get("note") or ""
        words.append(_("note: {note}").format(note=note) if note else _("note cleared"))
    return words


def needs_words(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """Needed skills added (`+painting 2`), removed (`-welding`) or changed (`welding 2 → 3`)."""
    before = {need.get("skill"): need for need in old}
    parts: list[str] = []
    for need in new:
        was = before.pop(need.get("skill"), None)
        if was is None:
            parts.append(f"+{need.get('skill')} {need.get('count')}")
        elif was != need:
            level = need.get("min_level", 1)
            changed_level = was.get("min_level", 1) != level
            suffix = f" ({_('level')} ≥ {level})" if changed_level else ""
            parts.append(f"{need.get('skill')} {was.get('count')} → {need.get('count')}{suffix}")
    parts += [f"-{need.get('skill')}" for need in before.values()]
    return parts


def _value(name: str, value: Any) -> str:
    """A stored value as a person reads it: translated words, lists joined, long text cut."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):  # never a bare True/False in a person's history
        return _("yes") if value else _("no")
    if name in TRANSLATED:
        return _(str(value))
    if name == "prefer_group":
        return group_name(str(value))
    if isinstance(value, dict):
        value = value.get("source") or value.get("name") or EMPTY
    if isinstance(value, list):
        value = ", ".join(str(part) for part in value)
    text = str(value)
    return text if len(text) <= 30 else text[:29] + "…"
