"""History in words: what `taskboard task history` and the task screen both show.

A history entry stores field → (old, new) as saved JSON, including fields that
only the program reads (a card's rank, the removed flag). A coordinator reads
"moved to Staffed", "moved up", "removed", "3栋402: not home (attempt 2)" instead;
this module is the one place that turns entries into those words, in the
active language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from taskboard.i18n import _, group_name, ngettext, pgettext
from taskboard.i18n.words import STATUS_TITLES, status_title

if TYPE_CHECKING:
    from taskboard.model import HistoryEntry

ACTION_WORDS = {"deleted": "removed"}
LINK_FIELD = "tasks"
"""A suggestion's linked tasks: told as `linked funing-3` / `unlinked funing-3`."""
LINK_ACTIONS = frozenset({"linked", "unlinked"})
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
    "number": "Number",
    "text": "Suggestion",
    "raised_by": "Raised by",
    "date": "Date",
    "source": "Source",
    "photos": "Photos",
    "decision": "Decision",
    "reason": "Reason",
    "until": "Last day",
}
"""A task's, a suggestion's and a series' fields as the screens name them."""

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


def history_lines(
    entries: Iterable[HistoryEntry],
    labels: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    visits: Mapping[str, str] | None = None,
) -> list[HistoryLine]:
    """Each entry in words, in the order given (see `history_line`)."""
    return [history_line(entry, labels, names, visits) for entry in entries]


def history_line(
    entry: HistoryEntry,
    labels: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    visits: Mapping[str, str] | None = None,
) -> HistoryLine:
    """One entry in words; the changes leave out what the action already says ("removed").

    An assignment event reads `王建国 proposed for welding`, with skills by their
    `labels` and people by their `names` (`assignments.event_names`); a visit
    recorded reads `1栋201: not home — 田芳, 2026-12-03`, from `visits` (visit
    id → those words, `campaigns.visit_descriptions`).
    """
    if visits and entry.record in visits:
        when = entry.at.strftime("%Y-%m-%d %H:%M")
        return HistoryLine(when, entry.site, entry.who, _("visited"), visits[entry.record])
    action = _(ACTION_WORDS.get(entry.action, entry.action))
    from taskboard.actions.assignments import event_text  # the matching package, on first use

    event = event_text(entry, labels, names)
    words = change_words(entry.changes, names)
    if entry.action in LINK_ACTIONS:  # `linked funing-3` under "linked" reads `funing-3`
        words = [part.removeprefix(f"{action} ") for part in words]
    changes = [event] if event else [p for p in words if p != action]
    return HistoryLine(
        entry.at.strftime("%Y-%m-%d %H:%M"),
        entry.site,
        entry.who,
        action,
        "; ".join(changes) or EMPTY,
    )


def change_words(
    changes: dict[str, tuple[Any, Any]], names: dict[str, str] | None = None
) -> list[str]:
    """What changed, in words: moves and removals first, then each field.

    `names` gives the references of linked tasks (id → `funing-3`)."""
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
        elif name in (LINK_FIELD, "links"):  # a suggestion's tasks, a person's other records
            parts += link_words(old or [], new or [], names or {})
        elif name in CAMPAIGN_WORDS:
            parts += CAMPAIGN_WORDS[name](old, new)
        elif name == "leader":  # a person, by name: `leader set to 郑秀兰`
            parts.append(leader_words(new, names or {}))
        elif name == "needs":
            parts.append(f"{_('Needs')}: {', '.join(needs_words(old or [], new or []))}")
        else:
            label = _(FIELD_LABELS.get(name, name.replace("_", " ").capitalize()))
            parts.append(f"{label}: {_value(name, old)} → {_value(name, new)}")
    return parts


def leader_words(leader: Any, names: dict[str, str]) -> str:
    """A task's crew leader set (by name where known) or cleared."""
    if not leader:
        return _("leader cleared")
    return _("leader set to {name}").format(name=names.get(str(leader), str(leader)))


def link_words(old: list[Any], new: list[Any], names: dict[str, str]) -> list[str]:
    """Tasks linked to or unlinked from a suggestion, by reference where known."""
    added = [names.get(str(task), str(task)) for task in new if task not in old]
    dropped = [names.get(str(task), str(task)) for task in old if task not in new]
    return [_("linked {task}").format(task=task) for task in added] + [
        _("unlinked {task}").format(task=task) for task in dropped
    ]


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


def _household_words(old: Any, new: Any) -> list[str]:
    """A household list imported: how many flats came and how many changed."""
    before = {h.get("id"): h for h in old or []}
    added = sum(1 for h in new or [] if h.get("id") not in before)
    changed = sum(1 for h in new or [] if h.get("id") in before and before[h.get("id")] != h)
    parts = []
    if added:
        words = ngettext("{count} household added", "{count} households added", added)
        parts.append(words.format(count=added))
    if changed:
        words = ngettext("{count} household updated", "{count} households updated", changed)
        parts.append(words.format(count=changed))
    return parts


def _round_words(old: Any, new: Any) -> list[str]:
    """A round opened (or taken back by undo)."""
    before = {r.get("task") for r in old or []}
    after = {r.get("task") for r in new or []}
    opened = [r for r in new or [] if r.get("task") not in before]
    gone = [r for r in old or [] if r.get("task") not in after]
    parts = [_("opened round {n}").format(n=r.get("number")) for r in opened]
    return parts + [_("took back round {n}").format(n=r.get("number")) for r in gone]


def _closed_words(_old: Any, new: Any) -> list[str]:
    return [_("campaign closed") if new else _("campaign reopened")]


CAMPAIGN_WORDS = {"households": _household_words, "rounds": _round_words, "closed": _closed_words}
"""A campaign's list fields, told as what happened to them."""


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
    if name == "decision":  # a suggestion's: 未采纳, where an assignment's is 已谢绝
        return pgettext("suggestion", str(value))
    if name == "prefer_group":
        return group_name(str(value))
    if isinstance(value, dict):
        value = value.get("source") or value.get("name") or EMPTY
    if isinstance(value, list):
        value = ", ".join(str(part) for part in value)
    text = str(value)
    return text if len(text) <= 30 else text[:29] + "…"
