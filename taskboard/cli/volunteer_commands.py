"""`taskboard volunteer …`: the roster, one person at a time or as a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from taskboard.actions.describe import history_lines
from taskboard.actions.volunteers import (
    add_volunteer,
    edit_volunteer,
    link_hint,
    link_volunteers,
    other_records,
    remove_volunteer,
    restore_volunteer,
    shared_phones,
    unlink_volunteers,
)
from taskboard.cli import names, values, web_commands
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.cli.task_commands import skill_labels
from taskboard.i18n import _, group_name, ngettext
from taskboard.model import Volunteer
from taskboard.model.common import group_key
from taskboard.roster.csv_format import record_version, write_roster_csv, write_roster_xlsx
from taskboard.roster.importing import import_roster
from taskboard.store import NotFound, Store, StoreError
from taskboard.store.outputs import write_output
from taskboard.store.queries import volunteers_matching
from taskboard.store.records import DELETED, public

MAX_CSV_BYTES = 20 * 1024 * 1024


# Building volunteers from options ----------------------------------------------------
def volunteer_fields(args: argparse.Namespace, current: Volunteer | None = None) -> dict[str, Any]:
    """The volunteer fields the options set, applied on top of `current` for edits."""
    fields: dict[str, Any] = {}
    for name in ("name", "site", "notes"):
        value = getattr(args, name, None)
        if value is not None:
            fields[name] = value
    if args.phone is not None:
        fields["phone"] = None if args.phone == values.CLEAR else args.phone
    if args.max_hours is not None:
        clear = args.max_hours == values.CLEAR
        fields["max_hours"] = None if clear else values.number("--max-hours", args.max_hours)
    for flag in ("minor", "consent", "active"):
        if getattr(args, flag, None) is not None:
            fields[flag] = getattr(args, flag)
    if args.skills:
        fields["skills"] = _merge_skills(current, args.skills)
    if args.certs:
        fields["certs"] = _merge_certs(current.certs if current else {}, args.certs)
    _set_fields(args, current, fields)
    if args.away:
        periods = [values.period("--away", value) for value in args.away]
        kept = [] if getattr(args, "clear_away", False) or current is None else current.away
        fields["away"] = [*kept, *({"start": s, "end": e} for s, e in periods)]
    elif getattr(args, "clear_away", False):
        fields["away"] = []
    return fields


def _set_fields(
    args: argparse.Namespace, current: Volunteer | None, fields: dict[str, Any]
) -> None:
    for name, added, removed in (
        ("groups", args.groups, getattr(args, "ungroups", None)),
        ("availability", args.available, getattr(args, "unavailable", None)),
    ):
        if not added and not removed:
            continue
        if name == "availability":
            added = [slot for value in added or [] for slot in values.slots("--available", value)]
            removed = [
                slot for value in removed or [] for slot in values.slots("--unavailable", value)
            ]
        if name == "groups":  # removed ones are compared with the stored keys
            removed = [group_key(group.strip()) for group in removed or []]
        have = set(getattr(current, name) if current else [])
        fields[name] = sorted((have | set(added or [])) - set(removed or []))


def _merge_skills(current: Volunteer | None, given: list[str]) -> dict[str, int]:
    skills = dict(current.skills if current else {})
    for value in given:
        skill, level = values.skill_level("--skill", value)
        if level == 0 and current is None:
            raise values.OptionError(
                f"--skill {value!r}: LEVEL must be 1–3 (0 removes a skill in `volunteer edit`)"
            )
        if level == 0:
            skills.pop(skill, None)
        else:
            skills[skill] = level
    return skills


def _merge_certs(current: dict[str, Any], given: list[str]) -> dict[str, Any]:
    certs = dict(current)
    for value in given:
        skill, expiry = values.cert("--cert", value)
        if expiry is None:
            certs.pop(skill, None)
        else:
            certs[skill] = expiry
    return certs


def volunteer_json(doc: dict[str, Any]) -> dict[str, Any]:
    """A volunteer as `--json` prints it."""
    data = public(doc)
    data.pop("deleted", None)
    return data


# Commands -------------------------------------------------------------------------------
def add(ctx: Context) -> int:
    """Put a new person on the roster."""
    store = ctx.store()
    made = add_volunteer(store, volunteer_fields(ctx.args))
    volunteer = store.volunteer(made.record_id)
    if ctx.json:
        ctx.emit(volunteer_json(store.volunteers.find(volunteer.id)))
    else:
        ctx.say("Added volunteer {ref}: {name}", ref=volunteer.ref, name=volunteer.name)
    return 0


def list_volunteers(ctx: Context) -> int:
    """The roster, filtered by skill, site or group."""
    store = ctx.store()
    args = ctx.args
    if args.duplicates:
        return _duplicates(ctx, store)
    found = sorted(
        volunteers_matching(store, skill=args.skill, site=args.site, group=args.group),
        key=lambda doc: (doc.get("site") or "", _ref_number(doc["ref"]), doc["ref"]),
    )
    if not args.all:
        found = [doc for doc in found if doc.get("active", True)]
    if ctx.json:
        ctx.emit([volunteer_json(doc) for doc in found])
        return 0
    if not found:
        ctx.say("No volunteers match.")
        return 0
    labels = skill_labels(store)
    rows = [
        [
            doc["ref"],
            doc["name"],
            doc.get("site") or "-",
            ", ".join(f"{labels.get(k, k)} {v}" for k, v in doc.get("skills", {}).items()),
            ", ".join(group_name(group) for group in doc.get("groups", [])),
            _("yes") if doc.get("minor") else "",
        ]
        for doc in found
    ]
    headers = ["Ref", "Name", "Site", "Skills", "Groups", "Minor"]
    ctx.echo(table([_(h) for h in headers], rows, max_width=48))
    return 0


def _duplicates(ctx: Context, store: Store) -> int:
    """Records that share a phone number and are not linked yet, with how to link them."""
    pairs = shared_phones(store)
    if ctx.json:
        ctx.emit([{"name": a["name"], "refs": [a["ref"], b["ref"]]} for a, b in pairs])
    elif not pairs:
        ctx.say("No unlinked records share a phone number.")
    for first, second in [] if ctx.json else pairs:
        ctx.echo(link_hint(first, second))
    return 0


def link(ctx: Context) -> int:
    """`link A B`: two records are one person (then booked, capped and counted as one).
    `link A`: A's personal link to the phone page (or a sign-in code)."""
    args = ctx.args
    if args.second is None:
        args.who_ref = args.first
        return web_commands.volunteer_link(ctx)
    if args.rotate or args.code or args.url:
        raise values.OptionError(
            "volunteer link: --rotate, --code and --url are for one volunteer's phone-page"
            " link; linking two records takes none of them"
        )
    return _link(ctx, link_volunteers, "Linked {first} and {second}: one person")


def unlink(ctx: Context) -> int:
    """Say two linked records are different people after all."""
    return _link(ctx, unlink_volunteers, "Unlinked {first} and {second}")


def _link(ctx: Context, action: Any, message: str) -> int:
    store = ctx.store()
    first = _live_volunteer(store, ctx.args.first)
    second = _live_volunteer(store, ctx.args.second)
    action(store, first["id"], second["id"])
    if ctx.json:
        ctx.emit([volunteer_json(store.volunteers.find(doc["id"])) for doc in (first, second)])
    else:
        ctx.say(message, first=first["ref"], second=second["ref"])
    return 0


def _ref_number(ref: str) -> int:
    tail = ref.rsplit("v", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def show(ctx: Context) -> int:
    """Everything about one volunteer and their assignments."""
    store = ctx.store()
    doc = _live_volunteer(store, ctx.args.who_ref)
    assignments = [a for a in store.assignments.live() if a["volunteer"] == doc["id"]]
    if ctx.json:
        data = volunteer_json(doc)
        data["assignments"] = [public(a) for a in assignments]
        ctx.emit(data)
        return 0
    person = store.volunteers.model(doc)
    ctx.echo(_volunteer_text(store, person, assignments))
    return 0


def _volunteer_text(store: Store, person: Volunteer, assignments: list[dict[str, Any]]) -> str:
    labels = skill_labels(store)
    yes_no = {True: _("yes"), False: _("no")}
    lines = [f"{person.ref}  {person.name}"]
    rows = [
        ("Phone", person.phone or "-"),
        ("Site", person.site or "-"),
        ("Skills", ", ".join(f"{labels.get(k, k)} {v}" for k, v in person.skills.items()) or "-"),
        ("Certifications", ", ".join(f"{k} → {v}" for k, v in person.certs.items()) or "-"),
        ("Groups", ", ".join(group_name(group) for group in person.groups) or "-"),
        ("Availability", " ".join(_slot_text(slot) for slot in person.availability) or "-"),
        ("Away", ", ".join(f"{p.start}–{p.end}" for p in person.away) or "-"),
        ("Max hours/week", f"{person.max_hours:g}" if person.max_hours else "-"),
        ("Minor", yes_no[person.minor]),
        ("Consent", yes_no[person.consent]),
        ("Active", yes_no[person.active]),
        ("Notes", person.notes or "-"),
        ("Also", ", ".join(_other_refs(store, person.id)) or "-"),
    ]
    lines += [f"  {_(label)}: {value}" for label, value in rows]
    if assignments:
        lines.append(f"  {_('Assignments')}:")
        for assignment in assignments:
            task = store.tasks.get(assignment["task"]) or {}
            lines.append(
                f"    {task.get('ref', '?')} {task.get('title', '?')}"
                f" · {labels.get(assignment['skill'], assignment['skill'])}"
                f" · {_(assignment['state'])}"
            )
    entries = [entry for entry in store.history.of(person.id) if "links" in entry.changes]
    if entries:  # who linked this record to which, when (other edits: the roster's own)
        refs = {doc["id"]: doc["ref"] for doc in store.volunteers.docs().values()}
        lines.append(f"  {_('History')}:")
        for line in history_lines(entries, skill_labels(store), refs):
            lines.append(f"    {line.when} {line.who}: {line.action} {line.changes}")
    return "\n".join(lines)


def _other_refs(store: Store, volunteer_id: str) -> list[str]:
    """The references of the person's other records (`jingshan-v7`)."""
    return [str(doc["ref"]) for doc in other_records(store, volunteer_id)]


def _slot_text(slot: str) -> str:
    day, _sep, part = slot.partition(":")
    return f"{_(day)}{_(part)}" if _(day) != day else slot


def edit(ctx: Context) -> int:
    """Change the given fields of one volunteer.

    Skills, certificates, groups, availability and periods away change as they
    are under the lock, so what another process added a moment ago is kept.
    """
    store = ctx.store()
    current = store.volunteers.model(_live_volunteer(store, ctx.args.who_ref))
    if not volunteer_fields(ctx.args, current):  # every option's value is checked before locking
        raise values.OptionError("volunteer edit: give at least one field to change (see --help)")
    edit_volunteer(store, current.id, lambda fresh: volunteer_fields(ctx.args, fresh))
    if ctx.json:
        ctx.emit(volunteer_json(store.volunteers.find(current.id)))
    else:
        ctx.say("Updated volunteer {ref}", ref=current.ref)
    return 0


def remove(ctx: Context) -> int:
    """Take someone off the roster softly (restorable; the removal syncs)."""
    store = ctx.store()
    person = store.volunteers.model(_live_volunteer(store, ctx.args.who_ref))
    remove_volunteer(store, person.id)
    if ctx.json:
        ctx.emit({"id": person.id, "ref": person.ref, "deleted": True})
    else:
        ctx.say(
            "Removed volunteer {ref}. Undo with: taskboard volunteer restore {ref}", ref=person.ref
        )
    return 0


def restore(ctx: Context) -> int:
    """Put a removed volunteer back on the roster."""
    store = ctx.store()
    doc = store.find_volunteer(ctx.args.who_ref, removed=True)
    restore_volunteer(store, doc["id"])
    if ctx.json:
        ctx.emit({"id": doc["id"], "ref": doc["ref"], "deleted": False})
    else:
        ctx.say("Restored volunteer {ref}", ref=doc["ref"])
    return 0


def _live_volunteer(store: Store, query: str) -> dict[str, Any]:
    """A volunteer on the roster; for a removed one, say so and how to bring them back."""
    try:
        return store.find_volunteer(query)
    except NotFound:
        try:
            doc: dict[str, Any] | None = store.find_volunteer(query, removed=True)
        except StoreError:
            doc = None
        if doc is not None and doc.get(DELETED):
            raise NotFound(
                f"volunteer {query!r} was removed;"
                f" undo with: taskboard volunteer restore {doc['ref']}"
            ) from None
        raise


def import_csv(ctx: Context) -> int:
    """Add and update volunteers from a spreadsheet; all rows or none.

    Only the columns the sheet has change, and a redacted export's stand-ins
    never do (see `taskboard.roster.importing`); `--dry-run` says what would.
    """
    store = ctx.store()
    path = Path(ctx.args.file)
    summary = import_roster(
        store,
        _read_file(path),
        source=path.name,
        dry_run=ctx.args.dry_run,
        force=ctx.args.force,
    )
    if ctx.json:
        ctx.emit(summary.as_json())
        return 0
    for line in summary.lines():
        ctx.echo(line)
    return 0


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise StoreError(f"{path} is larger than 20 MB; split it into smaller files")
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no file {path}") from None
    except IsADirectoryError:
        raise NotFound(f"{path} is a folder, not a CSV file") from None


def export_csv(ctx: Context) -> int:
    """Write the roster as CSV (UTF-8 with BOM) or, named `.xlsx`, as an Excel workbook.

    Each row carries the record's version, so that re-importing the sheet later
    cannot silently undo a change made since.
    """
    store = ctx.store()
    docs = sorted(
        store.volunteers.live(), key=lambda d: (d.get("site") or "", _ref_number(d["ref"]))
    )
    people = [store.volunteers.model(doc) for doc in docs]
    path = Path(ctx.args.file)
    versions = {doc["id"]: record_version(doc) for doc in docs}
    write = write_roster_xlsx if path.suffix.lower() == ".xlsx" else write_roster_csv
    write_output(
        path, write(people, redact=ctx.args.redact, versions=versions), data_path=ctx.db_path
    )
    if ctx.json:
        ctx.emit({"exported": len(people), "file": str(path)})
    else:
        words = ngettext(
            "Exported {count} volunteer to {file}",
            "Exported {count} volunteers to {file}",
            len(people),
        )
        ctx.echo(words.format(count=len(people), file=str(path)))
    return 0


# Parser ---------------------------------------------------------------------------------
def _flag(parser: argparse.ArgumentParser, name: str, on: str, off: str, helps: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{on}", dest=name, action="store_const", const=True, help=helps)
    group.add_argument(f"--{off}", dest=name, action="store_const", const=False)


def _volunteer_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    clear = " (`none` clears it)" if editing else ""
    parser.add_argument("--name", required=not editing)
    parser.add_argument("--phone", help=f"mobile number{clear}")
    parser.add_argument(
        "--skill",
        dest="skills",
        action="append",
        type=names.skill_first,
        metavar="SKILL:LEVEL",
        help="skill with level 1–3, repeatable" + ("; LEVEL 0 removes it" if editing else ""),
    )
    parser.add_argument(
        "--cert",
        dest="certs",
        action="append",
        type=names.skill_first,
        metavar="SKILL:EXPIRY",
        help="certification",
    )
    _flag(parser, "minor", "minor", "adult", "under 18: never given adult-only skills")
    parser.add_argument("--group", dest="groups", action="append", metavar="GROUP")
    parser.add_argument(
        "--available", action="append", metavar="DAY:PART", help="e.g. sat:morning, sun:all"
    )
    parser.add_argument("--away", action="append", metavar="FROM:TO", help="dates away")
    parser.add_argument("--site", type=names.site, help="home site (default: this file's site)")
    parser.add_argument("--max-hours", help=f"weekly hour cap{clear}")
    _flag(parser, "consent", "consent", "no-consent", "details may be shared with other sites")
    parser.add_argument("--notes")
    if editing:
        parser.add_argument("--ungroup", dest="ungroups", action="append", metavar="GROUP")
        parser.add_argument("--unavailable", action="append", metavar="DAY:PART")
        parser.add_argument("--clear-away", action="store_true", help="drop all away periods")
        _flag(parser, "active", "active", "inactive", "still volunteering")


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `volunteer …` to the CLI."""
    volunteer = commands.add_parser("volunteer", help="the roster of volunteers")
    sub = volunteer.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = sub.add_parser("add", parents=[common], help="add a volunteer")
    _volunteer_options(p, editing=False)
    p.set_defaults(func=add)

    p = sub.add_parser("list", parents=[common], help="list volunteers")
    p.add_argument("--skill", type=names.skill)
    p.add_argument("--site", type=names.site)
    p.add_argument("--group")
    p.add_argument("--all", action="store_true", help="include inactive volunteers")
    p.add_argument(
        "--duplicates",
        action="store_true",
        help="records that share a phone number and are not linked, and how to link them",
    )
    p.set_defaults(func=list_volunteers)

    p = sub.add_parser(
        "link",
        parents=[common],
        help="with OTHER: two records are one person (registered at two sites, or moved);"
        " alone: the volunteer's personal link to the phone page",
        description="`volunteer link A B`: A and B are two records of one person (registered"
        " at two sites, or moved); they are then booked, capped and counted as one."
        " `volunteer link A`: A's personal link to the phone page, shown once (--rotate"
        " replaces it, --code prints a sign-in code for A's phone number instead).",
    )
    p.add_argument("first", metavar="VOLUNTEER", help="reference, id, exact name or phone")
    p.add_argument("second", metavar="OTHER", nargs="?", help="the other record of the person")
    web_commands.link_options(p)
    p.set_defaults(func=link)
    p = sub.add_parser("unlink", parents=[common], help="two linked records are different people")
    p.add_argument("first", metavar="VOLUNTEER", help="reference, id, exact name or phone")
    p.add_argument("second", metavar="OTHER", help="the other record")
    p.set_defaults(func=unlink)

    for name, func, text in (
        ("show", show, "everything about one volunteer"),
        ("rm", remove, "remove a volunteer (restorable)"),
        ("restore", restore, "bring back a removed volunteer"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("who_ref", metavar="VOLUNTEER", help="reference, id, exact name or phone")
        p.set_defaults(func=func)

    p = sub.add_parser("edit", parents=[common], help="change a volunteer's fields")
    p.add_argument("who_ref", metavar="VOLUNTEER")
    _volunteer_options(p, editing=True)
    p.set_defaults(func=edit)

    p = sub.add_parser(
        "import", parents=[common], help="add/update volunteers from a CSV or .xlsx file"
    )
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    p.add_argument(
        "--dry-run", action="store_true", help="say what the file would change; save nothing"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="apply rows even where they would undo a change made since the sheet was exported",
    )
    p.set_defaults(func=import_csv)

    p = sub.add_parser("export", parents=[common], help="write the roster to a CSV or .xlsx file")
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    p.add_argument(
        "--redact",
        action="store_true",
        help="leave out phone numbers, notes and the names of those who did not consent",
    )
    p.set_defaults(func=export_csv)
