"""Leaving personal data out of an export while keeping the record mergeable.

A redacted export withholds phone numbers, notes, who raised a residents'
suggestion and — for volunteers who did not consent to sharing — names; of a
visit campaign's households, the resident's name, phone and note. It does not
drop those paths: it sends their dots with a stand-in value and lists the
paths under `_r`. The receiver then
knows which edits exist without knowing their content, and when the same dot
later arrives with the real value (from the home site), the real value wins.
A redacted bundle therefore never makes the home site's details look
overwritten, and never erases them anywhere.

Every copy of a withheld value is covered: the shown value, the concurrent
values of a conflict (`_mv`, also of a checklist item removed since), and the
history entries that recorded the edit — an entry about a volunteer or an
hours entry loses its changes and reference, an entry about a task keeps its
changes with the checklist notes blanked.
"""

from __future__ import annotations

from typing import Any

from taskboard.store.records import HIDDEN, SIBLINGS
from taskboard.sync.registers import HIDDEN_FLAG

CONTACT_FIELDS = ("phone", "notes")
RESIDENT_FIELDS = ("name", "phone", "note")
"""A campaign household's personal fields: only the address travels in a redacted export."""
PERSONAL_TABLES = ("volunteers", "hours")
"""Tables whose history entries travel without their changes and reference."""
SUGGESTER_FIELDS = ("raised_by",)
"""Fields of a suggestion that may name a resident (`3栋 张阿姨`)."""


def withheld_paths(table: str, doc: dict[str, Any]) -> list[str]:
    """The paths of `doc` a redacted export leaves out."""
    if table == "volunteers":
        return [*CONTACT_FIELDS, *([] if doc.get("consent") else ["name"])]
    if table == "hours":
        return ["note"]
    if table == "tasks":
        shown = {f"checklist.{item['id']}.note" for item in doc.get("checklist") or []}
        kept = {path for path in doc.get(SIBLINGS) or {} if _is_item_note(path)}
        return sorted(shown | kept)
    if table == "campaigns":
        shown = {
            f"households.{household['id']}.{name}"
            for household in doc.get("households") or []
            for name in RESIDENT_FIELDS
        }
        kept = {path for path in doc.get(SIBLINGS) or {} if _is_resident_field(path)}
        return sorted(shown | kept)
    if table == "history" and doc.get("table") == "campaigns":
        changes = doc.get("changes") or {}
        return ["changes"] if _blank_residents(changes) != changes else []
    if table == "history" and doc.get("table") in PERSONAL_TABLES:
        return ["changes", "ref"]
    if table == "suggestions":
        return list(SUGGESTER_FIELDS)
    if table == "history" and doc.get("table") in ("tasks", "suggestions"):
        changes = doc.get("changes") or {}
        return ["changes"] if _blank_notes(changes) != changes else []
    return []


def _is_item_note(path: str) -> bool:
    """True for `checklist.<item id>.note`."""
    return path.startswith("checklist.") and path.endswith(".note") and path.count(".") == 2


def _is_resident_field(path: str) -> bool:
    """True for `households.<id>.name` (or `.phone`, `.note`)."""
    name, _, rest = path.partition(".")
    return name == "households" and rest.count(".") == 1 and rest.split(".")[1] in RESIDENT_FIELDS


def _blank_residents(changes: dict[str, Any]) -> dict[str, Any]:
    """A campaign history entry's changes with every household's name, phone and note blanked."""
    blanked: dict[str, Any] = {}
    for name, pair in changes.items():
        if name == "households" and isinstance(pair, list | tuple):
            blanked[name] = [_without_residents(side) for side in pair]
        elif _is_resident_field(name) and isinstance(pair, list | tuple):
            stand = None if name.endswith(".phone") else ""
            blanked[name] = [stand if side else side for side in pair]
        else:
            blanked[name] = pair
    return blanked


def _without_residents(households: Any) -> Any:
    if not isinstance(households, list):
        return households
    return [
        {**item, "name": "", "phone": None, "note": ""}
        if isinstance(item, dict) and (item.get("name") or item.get("phone") or item.get("note"))
        else item
        for item in households
    ]


def _blank_notes(changes: dict[str, Any]) -> dict[str, Any]:
    """A task history entry's changes with every checklist note blanked.

    The whole checklist is recorded when an item changes (`checklist`), one
    note when a conflict about it is resolved (`checklist.<item id>.note`).
    Who raised a suggestion is left out of a suggestion's entry altogether.
    """
    blanked: dict[str, Any] = {}
    for name, pair in changes.items():
        if name in SUGGESTER_FIELDS:
            continue
        if name == "checklist" and isinstance(pair, list | tuple):
            blanked[name] = [_without_notes(side) for side in pair]
        elif _is_item_note(name) and isinstance(pair, list | tuple):
            blanked[name] = ["" if side else side for side in pair]
        else:
            blanked[name] = pair
    return blanked


def _without_notes(items: Any) -> Any:
    if not isinstance(items, list):
        return items
    return [
        {**item, "note": ""} if isinstance(item, dict) and item.get("note") else item
        for item in items
    ]


def stand_in(table: str, path: str, doc: dict[str, Any]) -> Any:
    """What is shown in place of a withheld value: the same at every site.

    A pseudonymous volunteer is shown by reference (`funing-v7`), which says
    which site to ask without saying who it is.
    """
    if table == "volunteers" and path == "name":
        return doc.get("ref") or f"v-{str(doc.get('id', ''))[-8:]}"
    if path == "phone" or (table == "campaigns" and path.endswith(".phone")):
        return None
    if path == "changes" and doc.get("table") == "campaigns":
        return _blank_residents(doc.get("changes") or {})
    if path == "changes":
        return {} if doc.get("table") in PERSONAL_TABLES else _blank_notes(doc.get("changes") or {})
    return ""


def redact_record(table: str, doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of the stored record with personal values replaced by stand-ins."""
    withheld = withheld_paths(table, doc)
    if not withheld:
        return doc
    redacted = dict(doc)
    siblings = dict(doc.get(SIBLINGS) or {})
    hidden = set(doc.get(HIDDEN) or ())
    for path in withheld:
        if _replace(redacted, path, stand_in(table, path, doc)):
            hidden.add(path)
        if path in siblings:
            siblings[path] = [_hide_sibling(s, stand_in(table, path, doc)) for s in siblings[path]]
    if hidden:
        redacted[HIDDEN] = sorted(hidden)
    if siblings:
        redacted[SIBLINGS] = siblings
    return redacted


def _replace(doc: dict[str, Any], path: str, value: Any) -> bool:
    """Set a plain field or one keyed-list item's field; False when the path is absent."""
    name, _, rest = path.partition(".")
    if not rest:
        if name not in doc:
            return False
        doc[name] = value
        return True
    key, _, sub = rest.partition(".")
    items = [dict(item) for item in doc.get(name) or []]
    for item in items:
        if item.get("id") == key and sub in item:
            item[sub] = value
            doc[name] = items
            return True
    return False


def _hide_sibling(sibling: list[Any], value: Any) -> list[Any]:
    flags = (sibling[3] if len(sibling) > 3 else 0) | HIDDEN_FLAG
    return [value, sibling[1], sibling[2], flags]
