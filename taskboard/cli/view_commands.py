"""Sheets, hours and reports: `assignments`, `crew`, `day`, `hours …`, `report`, `kiosk`.

Sheets and reports print to the terminal or, with `-o FILE`, are written
atomically (a half-written calendar or report never replaces a good one). The
format follows `--format`, else the file's extension, else a readable default.
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from taskboard.actions.assignments import Applied
from taskboard.actions.hours import log_hours, mark_assignment
from taskboard.actions.lookup import find_assignment
from taskboard.cli import names, values, web_commands
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.i18n import _
from taskboard.model import DAYS, AssignmentState
from taskboard.reports import (
    TOTALS_BY,
    check_month,
    collect_figures,
    hours_csv,
    hours_markdown,
    hours_rows,
    hours_totals,
    hours_xlsx,
    readable,
    report_csv,
    report_html,
    report_markdown,
)
from taskboard.settings import (
    PIN_PATTERN,
    PIN_REASON,
    current_day,
    hash_pin,
    save_settings,
    settings_path,
)
from taskboard.sheets import (
    SHEET_FORMATS,
    crew_document,
    day_crews,
    day_document,
    render_document,
    render_schedule,
    task_crew,
    volunteer_schedule,
)
from taskboard.store import Store
from taskboard.store.outputs import write_output

SCHEDULE_FORMATS = (*SHEET_FORMATS, "ics")
REPORT_FORMATS = ("md", "csv", "html")
HOURS_FORMATS = ("csv", "md", "xlsx")
SUFFIX_FORMATS = {
    ".txt": "text",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".ics": "ics",
    ".csv": "csv",
    ".xlsx": "xlsx",
}
"""`-o` file extension → the format it implies when `--format` is not given."""
DAY_WORDS = {
    **{day: index for index, day in enumerate(DAYS)},
    **{
        name: index
        for index, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{f"周{c}": index for index, c in enumerate("一二三四五六日")},
    **{f"星期{c}": index for index, c in enumerate("一二三四五六日")},
    "周天": 6,
    "星期天": 6,
}
"""Weekday words `taskboard day` understands, English and Chinese."""
TOTALS_HEADER = {"volunteer": "Reference", "month": "Month", "site": "Site", "group": "Group"}
"""First column of `hours totals`, by what the hours are summed by."""


# Output --------------------------------------------------------------------------------
def chosen_format(args: argparse.Namespace, allowed: tuple[str, ...], default: str) -> str:
    """`--format`, else what the `-o` file's extension says, else `default`."""
    if args.format:
        return str(args.format)
    if args.output:
        implied = SUFFIX_FORMATS.get(Path(args.output).suffix.lower())
        if implied is None or implied not in allowed:
            raise values.OptionError(
                f"-o {args.output!r}: cannot tell the format from the extension;"
                f" add --format ({'/'.join(allowed)})"
            )
        return implied
    return default


def deliver(ctx: Context, text: str, fmt: str, data: Any = None) -> int:
    """Write `text` to the `-o` file, or print it (or `data` as JSON with `--json`)."""
    output = ctx.args.output
    if output:
        payload = text.encode("utf-8")
        if fmt == "csv":
            payload = codecs.BOM_UTF8 + payload  # Excel and WPS then read the Chinese right
        path = write_output(Path(output), payload, data_path=ctx.db_path)
        if ctx.json:
            ctx.emit({"file": str(path), "format": fmt})
        else:
            ctx.say("Wrote {file}", file=str(path))
        return 0
    if ctx.json and data is not None:
        ctx.emit(data)
    else:
        ctx.out.write(text)
    return 0


def _today(ctx: Context) -> dt.date:
    given = getattr(ctx.args, "as_of", None)
    return values.date("--as-of", given) if given else current_day()


def parse_day(value: str, today: dt.date) -> dt.date:
    """An ISO date, `today`, `tomorrow`, or a weekday (`sat`, `周六`): its next occurrence."""
    word = value.strip().lower()
    if word in ("today", "今天"):
        return today
    if word in ("tomorrow", "明天"):
        return today + dt.timedelta(days=1)
    if word in DAY_WORDS:
        return today + dt.timedelta(days=(DAY_WORDS[word] - today.weekday()) % 7)
    try:
        day = dt.date.fromisoformat(word)
    except ValueError:
        raise values.OptionError(
            f"DATE {value!r}: expected a date like 2026-12-05, today, tomorrow or a weekday (sat)"
        ) from None
    return values.bounded("DATE", value, day)


# Sheets --------------------------------------------------------------------------------
def assignments(ctx: Context) -> int:
    """One volunteer's upcoming and recent assignments."""
    fmt = chosen_format(ctx.args, SCHEDULE_FORMATS, "text")
    if ctx.args.with_link and fmt == "ics":
        raise values.OptionError(
            _("--with-link: a calendar file has no page to print a link on; use text, md or html")
        )
    schedule = volunteer_schedule(ctx.store(), ctx.args.volunteer, _today(ctx))
    link = (
        web_commands.new_phone_link(ctx, schedule.person.id, schedule.person.name)
        if ctx.args.with_link
        else ""
    )
    return deliver(ctx, render_schedule(schedule, fmt, link=link), fmt, schedule.as_json())


def crew(ctx: Context) -> int:
    """One task and everyone on it."""
    fmt = chosen_format(ctx.args, SHEET_FORMATS, "text")
    found = task_crew(ctx.store(), ctx.args.ref)
    text = render_document(crew_document(found, phones=ctx.args.phones), fmt)
    data = {
        "task": found.task["id"],
        "ref": found.task.get("ref", ""),
        "title": found.task["title"],
        "crew": [line.as_json() for line in found.lines],
    }
    return deliver(ctx, text, fmt, data)


def day(ctx: Context) -> int:
    """Who goes where on one day."""
    fmt = chosen_format(ctx.args, SHEET_FORMATS, "text")
    when = parse_day(ctx.args.date, current_day())
    crews = day_crews(ctx.store(), when, ctx.args.site)
    text = render_document(
        day_document(when, crews, site=ctx.args.site, phones=ctx.args.phones), fmt
    )
    data = {
        "date": when.isoformat(),
        "tasks": [
            {
                "task": found.task["id"],
                "ref": found.task.get("ref", ""),
                "title": found.task["title"],
                "crew": [line.as_json() for line in found.lines],
            }
            for found in crews
        ],
    }
    return deliver(ctx, text, fmt, data)


# Hours ---------------------------------------------------------------------------------
def _assignment(ctx: Context, store: Store) -> dict[str, Any]:
    return find_assignment(store, ctx.args.ref, ctx.args.volunteer, ctx.args.skill)


def _names(store: Store, assignment: dict[str, Any]) -> dict[str, str]:
    person = store.volunteers.docs().get(assignment["volunteer"], {})
    task = store.tasks.docs().get(assignment["task"], {})
    return {"name": person.get("name", "?"), "ref": task.get("ref", "?")}


def hours_log(ctx: Context) -> int:
    """Log hours on an assignment; it is marked done unless `--keep-state`."""
    store = ctx.store()
    hours = values.number("HOURS", ctx.args.hours)
    when = values.date("--date", ctx.args.date) if ctx.args.date else current_day()
    assignment = _assignment(ctx, store)
    verified = ctx.args.verified_by if ctx.args.verified_by is not None else store.who
    logged = log_hours(
        store,
        assignment["id"],
        day=when,
        hours=hours,
        verified_by=verified,
        note=ctx.args.note or "",
        mark_done=not ctx.args.keep_state,
        today=current_day(),
        settings=ctx.settings.match,
    )
    entry = logged.entry
    state = store.assignments.docs()[assignment["id"]]["state"]
    if ctx.json:
        ctx.emit({**entry.model_dump(mode="json"), "state": state})
    else:
        ctx.say(
            "Logged {hours} h for {name} on {ref} ({date}); assignment is {state}",
            hours=f"{entry.hours:g}",
            date=entry.date.isoformat(),
            state=_(state),
            **_names(store, assignment),
        )
        _say_moves(ctx, logged.state)
    return 0


def _set_state(ctx: Context, state: AssignmentState) -> int:
    """`hours done` and `hours no-show`: the same lookup, another state."""
    store = ctx.store()
    assignment = _assignment(ctx, store)
    applied = mark_assignment(
        store,
        ctx.args.ref,
        ctx.args.volunteer,
        state,
        skill=assignment["skill"],
        today=current_day(),
        settings=ctx.settings.match,
    )
    if ctx.json:
        ctx.emit({"assignment": assignment["id"], "state": state.value})
    elif applied.edit is None:
        ctx.say(
            "{name} on {ref} is already {state}", state=_(state.value), **_names(store, assignment)
        )
    else:
        ctx.say("{name} on {ref} is now {state}", state=_(state.value), **_names(store, assignment))
        _say_moves(ctx, applied)
    return 0


def _say_moves(ctx: Context, applied: Applied | None) -> None:
    """The cards the state change moved (a no-show reopens a staffed task)."""
    if applied is not None and applied.staffed:
        ctx.say("Now staffed: {refs}", refs=", ".join(applied.staffed))
    if applied is not None and applied.reopened:
        ctx.say("Open again: {refs}", refs=", ".join(applied.reopened))


def hours_done(ctx: Context) -> int:
    """Mark an assignment done (without logging hours)."""
    return _set_state(ctx, AssignmentState.DONE)


def hours_no_show(ctx: Context) -> int:
    """Mark an assignment as a no-show: the person did not come."""
    return _set_state(ctx, AssignmentState.NO_SHOW)


def hours_report(ctx: Context) -> int:
    """Every logged entry (of one month) as the office files it."""
    fmt = chosen_format(ctx.args, HOURS_FORMATS, "md")
    month = None
    if ctx.args.month:
        try:
            month = check_month(ctx.args.month)
        except ValueError as error:
            raise values.OptionError(f"--month {error}") from None
    rows = hours_rows(ctx.store(), month)
    if fmt == "xlsx":
        if not ctx.args.output:
            raise values.OptionError("--format xlsx writes a workbook: add -o FILE.xlsx")
        payload = hours_xlsx(rows, month=month)
        path = write_output(Path(ctx.args.output), payload, data_path=ctx.db_path)
        if ctx.json:
            ctx.emit({"file": str(path), "format": fmt})
        else:
            ctx.say("Wrote {file}", file=str(path))
        return 0
    text = hours_csv(rows) if fmt == "csv" else hours_markdown(rows, month=month)
    return deliver(ctx, text, fmt, [row.as_json() for row in rows])


def hours_total(ctx: Context) -> int:
    """Hours summed per volunteer, month, site or group."""
    totals = hours_totals(ctx.store(), ctx.args.by)
    if ctx.json:
        ctx.emit([total.as_json() for total in totals])
        return 0
    if not totals:
        ctx.say("No hours logged.")
        return 0
    by = ctx.args.by
    named = by in ("volunteer", "site")  # months and groups are their own names
    rows = [
        [t.key or _("no group"), *([t.label] if named else []), readable(t.hours), str(t.entries)]
        for t in totals
    ]
    headers = [_(TOTALS_HEADER[by]), *([_("Name")] if named else []), _("Hours"), _("Entries")]
    ctx.echo(table(headers, rows))
    return 0


# Report and kiosk ----------------------------------------------------------------------
def report(ctx: Context) -> int:
    """The district report: tasks per status and site, skills gap, hours, suggestions."""
    fmt = chosen_format(ctx.args, REPORT_FORMATS, "md")
    store = ctx.store()
    figures = collect_figures(store)
    today = current_day()
    site = store.sites.models().get(store.site)
    site_name = site.name if site else store.site
    if fmt == "csv":
        text = report_csv(figures)
    elif fmt == "html":
        text = report_html(figures, today=today, site_name=site_name)
    else:
        text = report_markdown(figures, today=today, site_name=site_name)
    data = {
        "totals": figures.totals,
        "hours_by_month": dict(figures.hours_by_month),
        "tasks_by_status": {site.site: site.counts for site in figures.status_by_site},
        "skills_gap": {
            gap.skill: {"open_slots": gap.open_slots, "volunteers": gap.volunteers}
            for gap in figures.skills_gap
        },
        "suggestions": {
            item.site: {
                "suggestions": item.suggestions,
                "in_work": item.in_work,
                "done": item.done,
                "declined": item.declined,
            }
            for item in figures.suggestions
        },
    }
    return deliver(ctx, text, fmt, data)


def kiosk(ctx: Context) -> int:
    """The volunteer lookup screen: name and phone digits show a person's own work.

    It is left with the coordinator's PIN, so it does not start before one is set."""
    if ctx.args.set_pin:
        return set_kiosk_pin(ctx)
    pin_hash = ctx.settings.kiosk_pin
    if not pin_hash:
        raise values.OptionError(
            _("set the coordinator's PIN first: taskboard kiosk --set-pin (leaving asks for it)")
        )
    store = ctx.store()
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise values.OptionError("kiosk needs a terminal (use `taskboard assignments` in scripts)")
    from taskboard.tui.screens.kiosk import make_kiosk_app  # Textual loads only here

    make_kiosk_app(store, today=current_day(), pin_hash=pin_hash).run()
    return 0


def set_kiosk_pin(ctx: Context) -> int:
    """Ask for the PIN twice (not echoed at a terminal) and keep only its salted hash."""
    first, second = (
        values.read_secret(_("New PIN: ")),
        values.read_secret(_("The same PIN again: ")),
    )
    if not PIN_PATTERN.fullmatch(first):
        raise values.OptionError(_(PIN_REASON))
    if first != second:
        raise values.OptionError(_("the two PINs differ; nothing changed"))
    settings = dataclasses.replace(ctx.settings, kiosk_pin=hash_pin(first))
    path = settings_path()
    save_settings(settings, path)
    ctx.say("Kiosk PIN saved (hashed) in {path}", path=path)
    return 0


# Parser --------------------------------------------------------------------------------
def _output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=formats, help="default: from -o's extension, or text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")


def _assignment_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="REF", help="task reference (funing-12) or id")
    parser.add_argument("volunteer", metavar="VOLUNTEER", help="reference, name or phone")
    parser.add_argument(
        "--skill",
        type=names.skill,
        help="which assignment, when the person has several on the task",
    )


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add the sheet, hours, report and kiosk commands to the CLI."""
    p = commands.add_parser(
        "assignments", parents=[common], help="a volunteer's upcoming and recent assignments"
    )
    p.add_argument("volunteer", metavar="VOLUNTEER", help="reference, name or phone number")
    p.add_argument("--as-of", metavar="DATE", help="the day the sheet is for (default today)")
    p.add_argument(
        "--with-link",
        action="store_true",
        help="print a new phone-page link and its QR code on the sheet (the old link stops)",
    )
    _output_options(p, SCHEDULE_FORMATS)
    p.set_defaults(func=assignments)

    p = commands.add_parser("crew", parents=[common], help="one task and everyone on it")
    p.add_argument("ref", metavar="REF", help="task reference (funing-12) or id")
    p.add_argument("--phones", action="store_true", help="include phone numbers")
    _output_options(p, SHEET_FORMATS)
    p.set_defaults(func=crew)

    p = commands.add_parser("day", parents=[common], help="who goes where on one day")
    p.add_argument("date", metavar="DATE", help="2026-12-05, today, tomorrow or a weekday (sat)")
    p.add_argument("--site", type=names.site, help="only this site's tasks")
    p.add_argument("--phones", action="store_true", help="include phone numbers")
    _output_options(p, SHEET_FORMATS)
    p.set_defaults(func=day)

    _register_hours(commands, common)

    p = commands.add_parser("report", parents=[common], help="figures for the district office")
    _output_options(p, REPORT_FORMATS)
    p.set_defaults(func=report)

    p = commands.add_parser("kiosk", parents=[common], help="volunteers look up their own work")
    p.add_argument(
        "--set-pin",
        action="store_true",
        help="set the coordinator's PIN (4-12 digits) that leaving the kiosk asks for",
    )
    p.set_defaults(func=kiosk)


def _register_hours(
    commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    hours = commands.add_parser("hours", help="log hours, mark done or no-show, totals, report")
    sub = hours.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = sub.add_parser("log", parents=[common], help="log hours on an assignment")
    _assignment_options(p)
    p.add_argument("hours", metavar="HOURS", help="hours worked, e.g. 2.5")
    p.add_argument("--date", help="the day worked (default today)")
    p.add_argument("--verified-by", metavar="NAME", help="who checked (default: you)")
    p.add_argument("--note", help="e.g. 带了自家工具")
    p.add_argument("--keep-state", action="store_true", help="do not mark the assignment done")
    p.set_defaults(func=hours_log)

    for name, func, text in (
        ("done", hours_done, "mark an assignment done"),
        ("no-show", hours_no_show, "mark that the person did not come"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        _assignment_options(p)
        p.set_defaults(func=func)

    p = sub.add_parser("report", parents=[common], help="every logged entry, for filing")
    p.add_argument("--month", metavar="YYYY-MM", help="only this month")
    p.add_argument("--format", choices=HOURS_FORMATS, help="default: from -o's extension, or md")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    p.set_defaults(func=hours_report)

    p = sub.add_parser("totals", parents=[common], help="hours per volunteer, month, site or group")
    p.add_argument("--by", choices=TOTALS_BY, default="volunteer")
    p.set_defaults(func=hours_total)
