"""Series actions: make recurring work, extend it ahead, keep a standing crew, edit onward.

A series (`model.series.Series`) holds the repeat rule and the standing crew;
each occurrence is an ordinary task whose id and reference come from the
series and its day, so two sites extending one series make the same records.
An occurrence is made from the latest occurrence there is (removed ones too):
"this and following" edits therefore carry on into occurrences made later,
and no template is kept twice. Cancelling one occurrence removes its task;
its id stays known, so it is never made again.

Occurrences are made up to `HORIZON_DAYS` ahead (or the series' last day)
when the series is created and, later, by `extend_series`, which the CLI runs
before `task list` and `series …` and the board runs when it opens. Crew
proposals go through `actions.assignments.store_picks`, so every rule of a
hand-made assignment applies; an occurrence where a rule is in the way is
skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from taskboard.actions.funds import site_funds
from taskboard.actions.lookup import live_task
from taskboard.actions.tasks import check_fund
from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import _, ngettext
from taskboard.model import AssignmentState, Series, Status, Task, assignment_id
from taskboard.model.errors import describe_validation_error
from taskboard.model.repeat import crew_entry, dates, missing_days, occurrence_id, parse_repeat
from taskboard.model.series import SERIES_FIELDS, occurrence_of, series_fields
from taskboard.store import InvalidRecord, NotFound, Store, StoreError
from taskboard.store.records import DELETED
from taskboard.store.tables import Doc, Table

FINISHED = frozenset({Status.DONE, Status.ARCHIVED})
REFS_SHOWN = 6
"""Occurrences named one by one in what an action says; more are `…`."""


@dataclass
class Made:
    """What an action on a series stored, as one undoable unit."""

    label: str
    parts: list[Edit] = field(default_factory=list)
    occurrences: list[str] = field(default_factory=list)
    """References of occurrences made."""
    proposed: int = 0
    """Crew proposals stored."""
    skipped: list[str] = field(default_factory=list)
    """`yuecheng-r1-261223: 谢淑芬 is away`: crew proposals a rule was in the way of."""
    cancelled: list[str] = field(default_factory=list)
    """References of occurrences cancelled (removed)."""
    restored: list[str] = field(default_factory=list)
    """References of cancelled occurrences brought back (a series made to end later again)."""

    def lines(self) -> list[str]:
        """What it did in words, as the CLI prints it and the board's notice says it."""
        lines = [self.label]
        if self.cancelled:
            words = ngettext(
                "Cancelled {count} occurrence: {refs}",
                "Cancelled {count} occurrences: {refs}",
                len(self.cancelled),
            )
            lines.append(words.format(count=len(self.cancelled), refs=_listed(self.cancelled)))
        if self.restored:
            words = ngettext(
                "Brought back {count} cancelled occurrence: {refs}",
                "Brought back {count} cancelled occurrences: {refs}",
                len(self.restored),
            )
            lines.append(words.format(count=len(self.restored), refs=_listed(self.restored)))
        if self.occurrences:
            words = ngettext(
                "Made {count} occurrence: {refs}",
                "Made {count} occurrences: {refs}",
                len(self.occurrences),
            )
            lines.append(words.format(count=len(self.occurrences), refs=_listed(self.occurrences)))
        if self.proposed:
            words = ngettext(
                "Proposed the standing crew {n} time",
                "Proposed the standing crew {n} times",
                self.proposed,
            )
            lines.append(words.format(n=self.proposed))
        lines += ["  " + _("not proposed: {why}").format(why=line) for line in self.skipped]
        return lines

    @property
    def edit(self) -> Edit | None:
        """Everything as one undo (None when nothing changed)."""
        return Edit.group(self.parts, self.label, "created") if self.parts else None


def _listed(refs: list[str]) -> str:
    """`a, b, c`; past `REFS_SHOWN` the rest is `…`."""
    return ", ".join(refs[:REFS_SHOWN]) + (" …" if len(refs) > REFS_SHOWN else "")


def _occurrence_day(doc: Mapping[str, Any]) -> dt.date | None:
    start, due = doc.get("start"), doc.get("due")
    if start:
        return dt.datetime.fromisoformat(str(start)).date()
    return dt.date.fromisoformat(str(due)) if due else None


def occurrences(store: Store, series_id: str, *, removed: bool = False) -> list[Doc]:
    """The tasks of a series in day order (removed ones with `removed`)."""
    found = [
        doc
        for doc in store.tasks.docs().values()
        if doc.get("series") == series_id and (removed or not doc.get(DELETED))
    ]
    return sorted(found, key=lambda doc: (_occurrence_day(doc) or dt.date.min, doc["id"]))


def find_series(store: Store, ref: str) -> Series:
    """A live series by reference or id, or an occurrence's reference (its series)."""
    try:
        return store.series.load(ref)
    except NotFound:
        doc = store.tasks.get(ref) or _task_by_ref(store, ref)
        if doc is not None and doc.get("series"):
            series = store.series.get(str(doc["series"]))
            if series is not None and not series.get(DELETED):
                return store.series.model(series)
        raise NotFound(_("no series {ref}").format(ref=repr(ref))) from None


def _task_by_ref(store: Store, ref: str) -> Doc | None:
    try:
        return store.tasks.find(ref)
    except NotFound:
        return None


# Making occurrences ---------------------------------------------------------------------------
def _make(store: Store, series: Series, days: list[dt.date], template: Mapping[str, Any]) -> Made:
    """Store the occurrences of `days` that were never made (removed ones stay removed)."""
    made = Made("")
    docs = store.tasks.docs()
    try:
        new = [
            occurrence_of(series, template, day)
            for day in days
            if occurrence_id(series.id, day) not in docs
        ]
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error
    if new:
        store.tasks.create_many(new, action="created")
    for task in new:
        made.occurrences.append(task.ref)
        label = _("Created {ref}").format(ref=task.ref)
        made.parts.append(Edit(Table.TASKS, task.id, {DELETED: True}, {DELETED: False}, label))
    return made


def _propose_crew(
    store: Store,
    series: Series,
    task_ids: list[str],
    today: dt.date,
    made: Made,
    members: list[tuple[str, str]] | None = None,
) -> None:
    """Propose the standing crew for each upcoming occurrence of `task_ids` where the person
    is not on it already (a decline stands); rules decide, refusals are reported.

    The matching rules load here, on first use: the board starts without them."""
    from taskboard.actions.assignments import store_picks
    from taskboard.matching.reasons import joined
    from taskboard.matching.rules import Placement

    docs, held = store.tasks.docs(), store.assignments.docs()
    placements = []
    for task_id in task_ids:
        doc = docs.get(task_id)
        day = _occurrence_day(doc) if doc else None
        if doc is None or doc.get(DELETED) or doc["status"] in FINISHED or not day or day < today:
            continue
        needed = {need["skill"] for need in doc.get("needs") or []}
        for volunteer, skill in series.crew_members() if members is None else members:
            if skill in needed and assignment_id(task_id, volunteer, skill) not in held:
                placements.append(Placement(task_id, skill, volunteer))
    if not placements:
        return
    applied = store_picks(store, placements, state=AssignmentState.PROPOSED, today=today)
    made.parts += applied.changes
    made.proposed += len(applied.assignments)
    for placement, reason in applied.skipped:
        name = (store.volunteers.get(placement.person) or {}).get("name", placement.person)
        ref = docs[placement.task]["ref"]
        made.skipped.append(f"{ref}: {name}: {joined([reason])}")


class SeriesRefused(InvalidRecord):
    """A series cannot be made; `field` names what is wrong: `repeat` (the rule), `until`
    (the last day) or `start` (no first day), so a form shows it under that field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Plan:
    """A series checked and ready to store: the record and the task its occurrences copy."""

    series: Series
    template: Task


def plan_series(
    store: Store, fields: Task | Mapping[str, Any], repeat: str, *, until: dt.date | None
) -> Plan:
    """Check a series before anything is written: the task's fields, the rule, the first
    and last day. Raises `InvalidRecord` (`SeriesRefused` for the rule and its days).

    The task's start (or due day) gives the first day; when that is not a day of
    the rule, the first day of the rule after it is. The CLI's `task add --repeat`
    and the board's form both check here, so they refuse the same things.
    """
    given = fields.model_dump(mode="json") if isinstance(fields, Task) else dict(fields)
    given = {"site": store.site, "status": Status.OPEN.value, **given}
    given.pop("rank", None)
    try:
        template = Task.model_validate({**given, "rank": 0.0})
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error
    check_fund(store, given, store.site)
    try:
        repeat = parse_repeat(repeat)
    except ValueError as error:
        raise SeriesRefused(str(error), "repeat") from error
    anchor = template.when()
    if anchor is None:
        raise SeriesRefused(
            _("a repeating task needs a first day: give --start and --end, or --due"), "start"
        )
    if until is not None and until < anchor:
        raise SeriesRefused(
            _("until ({until}) must not be before the first day ({first})").format(
                until=until, first=anchor
            ),
            "until",
        )
    first = next(dates(repeat, anchor, until or anchor + dt.timedelta(days=400)), None)
    if first is None:
        raise SeriesRefused(
            _("no day of {repeat} falls between {first} and {until}").format(
                repeat=repeat, first=anchor, until=until
            ),
            "until",
        )
    try:
        series = Series(
            site=template.site, title=template.title, repeat=repeat, first=first, until=until
        )
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error
    return Plan(series, template)


def create_series(
    store: Store,
    fields: Task | Mapping[str, Any],
    repeat: str,
    *,
    until: dt.date | None,
    today: dt.date,
) -> Made:
    """Make a series from a task's fields and a repeat rule, with every occurrence up to the
    horizon (or `until`): one undo takes all of it back. Checked by `plan_series` first."""
    plan = plan_series(store, fields, repeat, until=until)
    with store.transaction():
        series = store.series.create(plan.series)
        label = _("Created series {ref} ({repeat})").format(ref=series.ref, repeat=series.repeat)
        made = _make(store, series, series.due_dates(today), plan.template.model_dump(mode="json"))
    made.label = label
    made.parts.insert(0, Edit(Table.SERIES, series.id, {DELETED: True}, {DELETED: False}, label))
    return made


def extend_series(store: Store, today: dt.date) -> Made:
    """Make every live series' missing occurrences from today up to its horizon, and
    propose its crew for them. Cheap when nothing is missing (nothing is written)."""
    made = Made(_("Made the next occurrences of recurring work"))
    missing = missing_days(store.series.live(), store.tasks.docs(), today)
    if not missing:
        return made
    wanted = [(store.series.load(series_id), days) for series_id, days in missing.items()]
    with store.transaction():
        for series, days in wanted:
            latest = occurrences(store, series.id, removed=True)
            if not latest:
                continue  # no occurrence to copy: the series was made elsewhere, not merged yet
            part = _make(store, series, days, latest[-1])
            made.parts += part.parts
            made.occurrences += part.occurrences
            new_ids = [occurrence_id(series.id, day) for day in days]
            _propose_crew(store, series, new_ids, today, made)
    return made


# The standing crew ----------------------------------------------------------------------------
def add_crew(store: Store, series_ref: str, volunteer: str, skill: str, *, today: dt.date) -> Made:
    """Put a volunteer in a series' standing crew and propose them for every upcoming
    occurrence that needs the skill (each proposal checked by every rule)."""
    series = find_series(store, series_ref)
    person = store.find_volunteer(volunteer)
    if skill not in {
        need["skill"] for doc in occurrences(store, series.id) for need in doc.get("needs") or []
    }:
        raise InvalidRecord(
            _("series {ref} does not need {skill}").format(ref=series.ref, skill=skill)
        )
    entry = crew_entry(person["id"], skill)
    if entry in series.crew:
        raise InvalidRecord(
            _("{name} is in the crew of {ref} already").format(name=person["name"], ref=series.ref)
        )
    with store.transaction():
        replaced, written = apply_fields(
            store, Table.SERIES, series.id, {"crew": sorted({*series.crew, entry})}, "edited"
        )
        label = _("{name} joined the crew of {ref} ({skill})").format(
            name=person["name"], ref=series.ref, skill=skill
        )
        made = Made(label, [Edit(Table.SERIES, series.id, replaced, written, label)])
        fresh = store.series.load(series.id)
        ids = [doc["id"] for doc in occurrences(store, series.id)]
        _propose_crew(store, fresh, ids, today, made, [(person["id"], skill)])
    return made


def remove_crew(store: Store, series_ref: str, volunteer: str) -> Made:
    """Take a volunteer out of a series' standing crew; assignments already made stay."""
    series = find_series(store, series_ref)
    person = store.find_volunteer(volunteer, removed=True)
    kept = [entry for entry in series.crew if not entry.startswith(f"{person['id']}:")]
    if kept == series.crew:
        raise InvalidRecord(
            _("{name} is not in the crew of {ref}").format(name=person["name"], ref=series.ref)
        )
    with store.transaction():
        replaced, written = apply_fields(store, Table.SERIES, series.id, {"crew": kept}, "edited")
    label = _("{name} left the crew of {ref}").format(name=person["name"], ref=series.ref)
    return Made(label, [Edit(Table.SERIES, series.id, replaced, written, label)])


# This and following ---------------------------------------------------------------------------
SCHEDULE = ("start", "end", "due")


def edit_following(
    store: Store, task_id: str, changes: Callable[[Task], Mapping[str, Any]]
) -> Made:
    """Change an occurrence and every later live one of its series alike, as one undo.

    A new day or time moves each later occurrence by as much as this one moved;
    every other field is set to the same value. Occurrences made later copy the
    latest one, so they carry the change on; the fields the series holds itself
    (`SERIES_FIELDS`, the title) are changed on the series, which occurrences made
    later take them from.
    """
    task = live_task(store, task_id)
    if task.series is None:
        raise InvalidRecord(_("{ref} is not part of a series").format(ref=task.ref))
    if "status" in changes(task):
        raise InvalidRecord(_("a task changes column by a move, not an edit"))
    made = Made(_("Edited {ref} and the occurrences after it").format(ref=task.ref))
    with store.transaction():
        task = live_task(store, task_id)
        wanted = dict(changes(task))
        check_fund(store, wanted, task.site)
        moved = {name: _moved_by(task, name, wanted[name]) for name in SCHEDULE if name in wanted}
        start = _occurrence_day(task.model_dump(mode="json"))
        for doc in occurrences(store, str(task.series)):
            day = _occurrence_day(doc)
            if day is None or start is None or day < start:
                continue
            fields = {k: v for k, v in wanted.items() if k not in SCHEDULE}
            for name, delta in moved.items():
                fields[name] = wanted[name] if delta is None else _shift_by(doc.get(name), delta)
            replaced, written = apply_fields(store, Table.TASKS, doc["id"], fields, "edited")
            if written:
                made.parts.append(Edit(Table.TASKS, doc["id"], replaced, written, made.label))
        series_id = str(task.series)
        held = store.series.get(series_id) or {DELETED: True}
        own = {
            name: wanted[name]
            for name in SERIES_FIELDS
            if name in wanted and held.get(name) != wanted[name]
        }
        if own and not held.get(DELETED):
            replaced, written = apply_fields(store, Table.SERIES, series_id, own, "edited")
            made.parts.append(Edit(Table.SERIES, series_id, replaced, written, made.label))
    return made


def _moved_by(task: Task, name: str, value: Any) -> dt.timedelta | None:
    """How far a schedule field moved (None: set or cleared outright)."""
    old: dt.date | dt.datetime | None = getattr(task, name)
    if old is None or value is None:
        return None
    if isinstance(old, dt.datetime):
        return dt.datetime.fromisoformat(str(value)) - old
    moved: dt.timedelta = dt.date.fromisoformat(str(value)) - old
    return moved


def _shift_by(value: Any, delta: dt.timedelta) -> Any:
    if not value:
        return value
    text = str(value)
    if "T" in text:
        return (dt.datetime.fromisoformat(text) + delta).isoformat()
    return (dt.date.fromisoformat(text) + delta).isoformat()


# When a series ends ----------------------------------------------------------------------------
class ConfirmedCrew(StoreError):
    """Ending a series earlier would cancel occurrences volunteers have confirmed for:
    the coordinator must say so (`--force`, or yes on the board), as they will tell them."""

    def __init__(self, series: Series, until: dt.date, cancelled: int, confirmed: int) -> None:
        cancels = ngettext(
            "ending {ref} on {until} cancels {cancelled} occurrence",
            "ending {ref} on {until} cancels {cancelled} occurrences",
            cancelled,
        ).format(ref=series.ref, until=until, cancelled=cancelled)
        held = ngettext(
            "{count} of them has confirmed volunteers",
            "{count} of them have confirmed volunteers",
            confirmed,
        ).format(count=confirmed)
        super().__init__(_("{cancels}; {held}").format(cancels=cancels, held=held))
        self.series = series
        self.until = until
        self.cancelled = cancelled
        self.confirmed = confirmed


def check_until(series: Series, until: dt.date) -> None:
    """Refuse a last day before the series' first occurrence (`SeriesRefused`, field `until`),
    or the one it has: the CLI and the board's form check here before anything is written."""
    if until < series.first:
        raise SeriesRefused(
            _("until ({until}) must not be before the first day ({first})").format(
                until=until, first=series.first
            ),
            "until",
        )
    if until == series.until:
        raise SeriesRefused(
            _("series {ref} ends on {until} already").format(ref=series.ref, until=until),
            "until",
        )


def to_cancel(store: Store, series: Series, until: dt.date, today: dt.date) -> list[Doc]:
    """The live occurrences after `until` that have not happened yet (from today on and not
    done): what ending the series on `until` cancels. Those before today stay, as a record
    of what was done."""
    found = []
    for doc in occurrences(store, series.id):
        day = _occurrence_day(doc)
        if day and day > until and day >= today and doc["status"] not in FINISHED:
            found.append(doc)
    return found


def _confirmed(store: Store, docs: list[Doc]) -> int:
    """How many of these occurrences someone has confirmed for."""
    confirmed = AssignmentState.CONFIRMED.value
    return sum(
        any(a["state"] == confirmed for a in store.assignments_of_task(doc["id"])) for doc in docs
    )


def _check_until(
    store: Store, series_ref: str, until: dt.date, today: dt.date, force: bool
) -> tuple[Series, list[Doc]]:
    """The series and the occurrences ending it on `until` cancels, or why not."""
    series = find_series(store, series_ref)
    check_until(series, until)
    cancelled = to_cancel(store, series, until, today)
    confirmed = _confirmed(store, cancelled)
    if confirmed and not force:
        raise ConfirmedCrew(series, until, len(cancelled), confirmed)
    return series, cancelled


def set_until(
    store: Store, series_ref: str, until: dt.date, *, today: dt.date, force: bool = False
) -> Made:
    """Change the last day of a series (given by reference or by one of its occurrences),
    as one undo.

    Later: the occurrences up to the horizon are made, with the standing crew
    proposed, as `extend_series` does; those an earlier end had cancelled in the days
    it opens again come back, carrying the series' own fields. Earlier: the occurrences
    after it that have not happened yet are cancelled (removed); when volunteers have
    confirmed for any of them, only with `force` (`ConfirmedCrew` says how many).
    Ending a series (`taskboard series stop`, `T` on the board) is this too: one action.
    """
    _check_until(store, series_ref, until, today, force)  # refused before anything is written
    with store.transaction():
        series, cancelled = _check_until(store, series_ref, until, today, force)
        label = _("Series {ref} ends on {until}").format(ref=series.ref, until=until)
        made = Made(label)
        replaced, written = apply_fields(
            store, Table.SERIES, series.id, {"until": until.isoformat()}, "edited"
        )
        made.parts.append(Edit(Table.SERIES, series.id, replaced, written, label))
        for doc in cancelled:
            replaced, written = apply_fields(
                store, Table.TASKS, doc["id"], {DELETED: True}, "deleted"
            )
            made.parts.append(Edit(Table.TASKS, doc["id"], replaced, written, label, "deleted"))
            made.cancelled.append(str(doc["ref"]))
        if series.until is not None and until > series.until:
            _reopen(store, store.series.load(series.id), series.until, today, made)
    return made


def _reopen(store: Store, series: Series, ended: dt.date, today: dt.date, made: Made) -> None:
    """After a later last day: bring back the occurrences cancelled in the days after the
    old last day (`ended`), make the missing ones up to the horizon, propose the crew."""
    wanted = series.due_dates(today)
    docs = store.tasks.docs()
    last = series.until or ended
    back = [
        docs[task_id]
        for day in dates(series.repeat, max(ended + dt.timedelta(days=1), today), last)
        if (task_id := occurrence_id(series.id, day)) in docs and docs[task_id].get(DELETED)
    ]
    label = made.label
    for doc in back:
        own = {
            name: value for name, value in series_fields(series).items() if doc.get(name) != value
        }
        fields = {DELETED: False, **own}
        replaced, written = apply_fields(store, Table.TASKS, doc["id"], fields, "restored")
        made.parts.append(Edit(Table.TASKS, doc["id"], replaced, written, label, "restored"))
        made.restored.append(str(doc["ref"]))
    latest = occurrences(store, series.id, removed=True)
    new_days = [day for day in wanted if day > ended and day >= today]
    if latest and new_days:
        part = _make(store, series, new_days, latest[-1])
        made.parts += part.parts
        made.occurrences += part.occurrences
    ids = [str(doc["id"]) for doc in back] + [occurrence_id(series.id, day) for day in new_days]
    _propose_crew(store, series, ids, today, made)


__all__ = [
    "ConfirmedCrew",
    "Made",
    "Plan",
    "SeriesRefused",
    "add_crew",
    "create_series",
    "edit_following",
    "extend_series",
    "find_series",
    "occurrences",
    "plan_series",
    "remove_crew",
    "set_until",
    "site_funds",
    "to_cancel",
]
