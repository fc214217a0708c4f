"""Residents' suggestions as a coordinator and residents read them: what became of each.

`suggestion list`, `suggestion show`, the notice to residents, the report and
the board's suggestions screen all show a suggestion through `SuggestionView`
and say its outcome with `outcome_text`, so every place tells the same story.
The rule for how far a suggestion got is `taskboard.model.suggestion.progress`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taskboard.i18n import _, language, ngettext, pgettext
from taskboard.model import HistoryEntry
from taskboard.model.suggestion import Progress, SuggestionStatus, progress
from taskboard.store import Store
from taskboard.store.tables import Doc

STATUS_WORDS = {
    SuggestionStatus.RECEIVED: "received",
    SuggestionStatus.ACCEPTED: "accepted",
    SuggestionStatus.PLANNED: "planned",
    SuggestionStatus.IN_PROGRESS: "in progress",
    SuggestionStatus.DONE: "done",
    SuggestionStatus.DECLINED: "declined",
}
"""Each status in words (English source text, translated with `_`)."""


@dataclass(frozen=True)
class SuggestionView:
    """One suggestion with its progress and the references of its linked tasks."""

    doc: Doc
    progress: Progress
    task_refs: tuple[str, ...]
    """Live linked tasks' references, in link order."""

    @property
    def ref(self) -> str:
        """`funing-s3`."""
        return str(self.doc["ref"])

    @property
    def number(self) -> str:
        """`#7`, or "" when the meeting gave it no number."""
        number = self.doc.get("number")
        return f"#{number}" if number else ""

    def as_json(self) -> dict[str, Any]:
        """The stored fields plus what was derived: status and linked/done counts."""
        data = {key: value for key, value in self.doc.items() if not key.startswith("_")}
        data.pop("deleted", None)
        data["status"] = self.progress.status.value
        data["linked"] = self.progress.linked
        data["done"] = self.progress.done
        data["task_refs"] = list(self.task_refs)
        return data


def view_of(doc: Mapping[str, Any], tasks: Mapping[str, Doc]) -> SuggestionView:
    """One stored suggestion seen with the tasks (id → record) it may link."""
    refs = tuple(
        str(task["ref"])
        for task_id in doc.get("tasks") or ()
        if (task := tasks.get(task_id)) is not None and not task.get("deleted")
    )
    return SuggestionView(dict(doc), progress(doc, tasks), refs)


def suggestion_views(store: Store, *, site: str | None = None) -> list[SuggestionView]:
    """Every live suggestion (of `site`), by site, then meeting number, then reference."""
    tasks = store.tasks.docs()
    docs = [doc for doc in store.suggestions.live() if site is None or doc["site"] == site]
    return sorted((view_of(doc, tasks) for doc in docs), key=_order)


def _order(view: SuggestionView) -> tuple[str, int, int, str]:
    number = view.doc.get("number")
    tail = view.ref.rsplit("-s", 1)[-1]
    return (
        str(view.doc["site"]),
        int(number) if number else 10**6,
        int(tail) if tail.isdigit() else 0,
        view.ref,
    )


def linked_refs(store: Store, entries: Iterable[HistoryEntry]) -> dict[str, str]:
    """Task id → reference for every task a suggestion's history links or unlinks."""
    tasks = store.tasks.docs()
    ids = {
        str(task_id)
        for entry in entries
        for side in entry.changes.get("tasks", ((), ()))
        for task_id in side or ()
    }
    return {task_id: str(tasks[task_id]["ref"]) for task_id in ids if task_id in tasks}


def status_text(status: SuggestionStatus | str) -> str:
    """A status in the active language (`in progress`, 进行中; `declined`, 未采纳)."""
    return pgettext("suggestion", STATUS_WORDS[SuggestionStatus(status)])


def day_text(day: dt.date) -> str:
    """A day as residents read it: `2026-11-07`, or `2026年11月7日` in Chinese."""
    if language() == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def outcome_text(view: SuggestionView) -> str:
    """What became of it, in one line: `done on 2026-11-07`, `declined: …`, `planned for …`."""
    found = view.progress
    if found.status is SuggestionStatus.DONE:
        if found.last_day is None:
            return _("done")
        return _("done on {day}").format(day=day_text(found.last_day))
    if found.status is SuggestionStatus.DECLINED:
        return _("declined: {reason}").format(reason=view.doc.get("reason") or "")
    if found.status is SuggestionStatus.IN_PROGRESS:
        parts = ngettext(
            "{done}/{linked} task done", "{done}/{linked} tasks done", found.linked
        ).format(done=found.done, linked=found.linked)
        return _("in progress ({parts})").format(parts=parts)
    if found.status is SuggestionStatus.PLANNED and found.next_day is not None:
        return _("planned for {day}").format(day=day_text(found.next_day))
    return status_text(found.status)


def progress_text(view: SuggestionView) -> str:
    """Linked tasks done of linked (`1/2`), or `-` when none is linked."""
    found = view.progress
    return f"{found.done}/{found.linked}" if found.linked else "-"


def count_statuses(views: Iterable[SuggestionView]) -> dict[str, int]:
    """How many suggestions stand at each status (every status present, zero or not)."""
    counts = {status.value: 0 for status in SuggestionStatus}
    for view in views:
        counts[view.progress.status.value] += 1
    return counts
