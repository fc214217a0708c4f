"""Applying a roster sheet to the store: only what the sheet says, all rows or none.

A row whose ref names a stored volunteer updates the fields its cells set (see
`csv_format` for which cells set something) and nothing else; a row without a
ref, or with an unknown ref of this site's form, adds a volunteer. Every row is
checked against the store before anything is written, and every problem is
reported at once. The CLI and the board both import through `import_roster`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from taskboard.actions.fields import changed_fields
from taskboard.i18n import _, ngettext
from taskboard.model import Volunteer
from taskboard.model.errors import describe_validation_error
from taskboard.model.volunteer import EDITABLE_FIELDS
from taskboard.roster.csv_format import RosterCSVError, RosterRow, cell_reason, read_roster_csv
from taskboard.store import Ambiguous, NotFound, RuleBroken, Store, StoreError
from taskboard.store.clock import hlc_datetime
from taskboard.store.names import skill_names
from taskboard.store.records import STAMPS
from taskboard.store.tables import Table

TABLE = Table.VOLUNTEERS


@dataclass(frozen=True)
class RowChange:
    """What one row does: add a volunteer, or change some fields of a stored one."""

    row: RosterRow
    record_id: str | None
    """The stored volunteer the row updates; None when it adds one."""
    changes: dict[str, Any]
    """Fields that change, with their new values (JSON form); empty when none do."""
    new: Volunteer | None = None
    """The volunteer a row adds."""


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    source: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    """Volunteers with at least one changed field."""
    unchanged: int = 0
    fields: dict[str, int] = field(default_factory=dict)
    """Field → how many volunteers it changed for, in column order."""
    withheld: int = 0
    """Cells left alone because they hold a redacted export's stand-ins."""
    saved: bool = False
    """False for a dry run (and until the changes are stored)."""

    def lines(self) -> list[str]:
        """The summary in words (`Volunteers updated: 3 (phone 2, skills 1); added: 1; …`).

        A dry run prints the same lines as the import would, and says so last.
        """
        counts = {"added": self.added, "unchanged": self.unchanged}
        fields = ", ".join(f"{name} {count}" for name, count in self.fields.items())
        if fields:
            text = _(
                "Volunteers updated: {updated} ({fields}); added: {added}; unchanged: {unchanged}"
            )
            lines = [text.format(updated=self.updated, fields=fields, **counts)]
        elif self.added:
            lines = [_("Volunteers added: {added}; unchanged: {unchanged}").format(**counts)]
        else:
            text = ngettext(
                "Nothing to change: the {rows} row of {file} matches the roster",
                "Nothing to change: all {rows} rows of {file} match the roster",
                self.rows,
            )
            lines = [text.format(rows=self.rows, file=self.source)]
        if self.withheld:
            text = ngettext(
                "Skipped {count} cell withheld by a redacted export; the stored value stays",
                "Skipped {count} cells withheld by a redacted export; the stored values stay",
                self.withheld,
            )
            lines.append(text.format(count=self.withheld))
        if not self.saved:
            lines.append(_("Dry run: nothing was saved"))
        return lines

    def as_json(self) -> dict[str, Any]:
        """The summary as `--json` prints it."""
        return {
            "file": self.source,
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "fields": dict(self.fields),
            "withheld": self.withheld,
            "saved": self.saved,
        }


@dataclass
class ImportPlan:
    """Every row's change, worked out against the store before anything is written."""

    changes: list[RowChange]
    summary: ImportSummary


def import_roster(
    store: Store, data: bytes, *, source: str, dry_run: bool = False, force: bool = False
) -> ImportSummary:
    """Read a roster file (CSV, or xlsx by its name) and apply it in one save.

    Nothing at all is saved in a dry run. Raises RosterCSVError listing every
    problem of the file; then nothing is written. A row exported before a newer
    change of a field it would change is such a problem unless `force`.
    """
    rows = read_roster_csv(data, known_skills=skill_names(store), source=source)
    plan = plan_import(store, rows, source, force=force)
    if dry_run:
        return plan.summary
    with store.transaction(bulk=True):  # a backup first: an import can be undone
        plan = plan_import(store, rows, source, force=force)  # again, under the lock
        apply_import(store, plan)
    plan.summary.saved = True
    return plan.summary


def plan_import(
    store: Store, rows: list[RosterRow], source: str, *, force: bool = False
) -> ImportPlan:
    """What each row would change; RosterCSVError listing every row that cannot be applied."""
    changes: list[RowChange] = []
    problems: list[str] = []
    bad = 0
    for row in rows:
        change, row_problems = _plan_row(store, row)
        if change is not None and not force:
            row_problems += _undoes_newer(store, row, change)
        problems += row_problems
        bad += bool(row_problems)
        if change is not None:
            changes.append(change)
    if problems:
        raise RosterCSVError(f"{bad} bad row{'s' * (bad != 1)} in {source}", problems)
    return ImportPlan(changes, _summary(source, rows, changes))


def apply_import(store: Store, plan: ImportPlan) -> None:
    """Store a plan's changes in one transaction.

    Rows naming their new ref go before rows given the next free one, so that
    a number handed out cannot be one a later row of the sheet asks for; and
    new volunteers before updates, which would make the store re-read its
    reference index before each later addition.
    """
    with store.transaction():
        for change in sorted(plan.changes, key=_order):
            if change.new is not None:
                store.create(TABLE, change.new, action="imported")
            elif change.changes and change.record_id is not None:
                store.update(TABLE, change.record_id, change.changes, action="imported")


def _order(change: RowChange) -> int:
    if change.new is None:
        return 2
    return 1 if not change.new.ref else 0


def _summary(source: str, rows: list[RosterRow], changes: list[RowChange]) -> ImportSummary:
    summary = ImportSummary(source, rows=len(rows))
    counts: Counter[str] = Counter()
    for change in changes:
        if change.new is not None:
            summary.added += 1
        elif change.changes:
            summary.updated += 1
            counts.update(change.changes.keys())
        else:
            summary.unchanged += 1
    summary.fields = {name: counts[name] for name in EDITABLE_FIELDS if counts[name]}
    summary.withheld = sum(len(row.withheld) for row in rows)
    return summary


# One row ------------------------------------------------------------------------------
def _plan_row(store: Store, row: RosterRow) -> tuple[RowChange | None, list[str]]:
    """The row's change, or None and its problems."""
    try:
        doc = store.find(TABLE, row.ref, removed=True) if row.ref else None
    except NotFound:
        doc = None
    except Ambiguous as error:
        return None, [_problem(row, ("ref",), str(error))]
    if doc is None:
        return _plan_new(store, row)
    return _plan_update(store, row, doc)


def _undoes_newer(store: Store, row: RosterRow, change: RowChange) -> list[str]:
    """The problem of a row exported before a newer change of a field the row changes.

    The row's `version` is the record's last change when it was exported; a field
    stamped later was changed since (here or at another site), and the sheet's
    older value would put back what that change replaced.
    """
    if row.version is None or change.record_id is None or not change.changes:
        return []
    stamps = (store.volunteers.get(change.record_id) or {}).get(STAMPS) or {}
    newer = [
        name
        for name in change.changes
        if any(
            int(dot[1]) > row.version
            for path, dot in stamps.items()
            if path == name or path.startswith(f"{name}.")
        )
    ]
    if not newer:
        return []
    doc = store.volunteers.get(change.record_id) or {}
    who = f"{doc.get('name', '?')} ({doc.get('ref') or change.record_id})"
    exported = hlc_datetime(row.version).strftime("%Y-%m-%d %H:%M UTC")
    why = _(
        "{who}: {fields} changed after this sheet was exported ({exported}); importing it"
        " would undo that. Export the roster again, or use --force to overwrite"
    ).format(who=who, fields=", ".join(newer), exported=exported)
    return [_problem(row, tuple(newer), why)]


def _plan_new(store: Store, row: RosterRow) -> tuple[RowChange | None, list[str]]:
    """A row that adds someone: a ref of this site (or none), a name, valid fields."""
    problems: list[str] = []
    ref = ""
    if row.ref:
        try:
            ref = store.new_ref(TABLE, row.ref)
        except StoreError as error:
            problems.append(_problem(row, ("ref",), str(error)))
    if "name" not in row.values:
        why = (
            "the name is a redacted export's stand-in; type the real name to add this volunteer"
            if "name" in row.withheld
            else "name is empty"
        )
        problems.append(_problem(row, ("name", "ref"), why))
    if problems:
        return None, problems
    person, problems = _valid(store, row, {"site": store.site, **row.values, "ref": ref})
    if person is None:
        return None, problems
    return RowChange(row, None, person.model_dump(mode="json"), new=person), []


def _plan_update(
    store: Store, row: RosterRow, doc: dict[str, Any]
) -> tuple[RowChange | None, list[str]]:
    """A row that updates a stored volunteer: its values over the stored ones."""
    try:
        current = store.model(TABLE, doc, Volunteer)
    except ValidationError as error:
        why = f"the stored volunteer cannot be read ({describe_validation_error(error)})"
        return None, [_problem(row, ("ref",), why)]
    person, problems = _valid(store, row, {**current.model_dump(), **row.values})
    if person is None:
        return None, problems
    return RowChange(row, current.id, changed_fields(current, person, EDITABLE_FIELDS)), []


def _valid(
    store: Store, row: RosterRow, fields: dict[str, Any]
) -> tuple[Volunteer | None, list[str]]:
    """The volunteer `fields` make, checked by the model and against the store."""
    try:
        person = Volunteer.model_validate(fields)
    except ValidationError as error:
        return None, [
            _problem(row, (str(detail["loc"][0]),), cell_reason(detail))
            for detail in error.errors()
        ]
    try:
        store.check(TABLE, person)
    except StoreError as error:
        return None, [_problem(row, _columns(store, person, error), str(error))]
    return person, []


def _columns(store: Store, person: Volunteer, error: StoreError) -> tuple[str, ...]:
    """The columns a store refusal is about: the broken rule's, else the unknown site or skill."""
    if isinstance(error, RuleBroken):
        return error.breach.fields
    return ("site",) if person.site not in store.sites.docs() else ("skills", "certs")


def _problem(row: RosterRow, columns: tuple[str, ...], why: str) -> str:
    """`row 7, column "技能": …`, naming the first of `columns` the file has."""
    column = next((c for c in (*columns, "ref", "name") if c in row.labels), None)
    where = f'row {row.line}, column "{row.labels[column]}"' if column else f"row {row.line}"
    return f"{where}: {why}"
