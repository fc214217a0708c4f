"""Leaving personal data out of an export while keeping the record mergeable.

A redacted export withholds phone numbers, notes and — for volunteers who did
not consent to sharing — names. It does not drop those paths: it sends their
dots with a stand-in value and lists the paths under `_r`. The receiver then
knows which edits exist without knowing their content, and when the same dot
later arrives with the real value (from the home site), the real value wins.
A redacted bundle therefore never makes the home site's details look
overwritten, and never erases them anywhere.
"""

from __future__ import annotations

from typing import Any

from taskboard.store.records import HIDDEN, SIBLINGS
from taskboard.sync.registers import HIDDEN_FLAG

CONTACT_FIELDS = ("phone", "notes")


def withheld_paths(table: str, doc: dict[str, Any]) -> list[str]:
    """The paths of `doc` a redacted export leaves out."""
    if table == "volunteers":
        return [*CONTACT_FIELDS, *([] if doc.get("consent") else ["name"])]
    if table == "hours":
        return ["note"]
    if table == "tasks":
        return [f"checklist.{item['id']}.note" for item in doc.get("checklist") or []]
    if table == "history" and doc.get("table") in ("volunteers", "hours"):
        return ["changes", "ref"]
    return []


def stand_in(table: str, path: str, doc: dict[str, Any]) -> Any:
    """What is shown in place of a withheld value: the same at every site.

    A pseudonymous volunteer is shown by reference (`funing-v7`), which says
    which site to ask without saying who it is.
    """
    if table == "volunteers" and path == "name":
        return doc.get("ref") or f"v-{str(doc.get('id', ''))[-8:]}"
    if path == "phone":
        return None
    if path == "changes":
        return {}
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
