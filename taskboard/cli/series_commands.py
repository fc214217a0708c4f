"""`taskboard series …`: recurring work — list, show, the standing crew, the last day, extend.

A series is made by `taskboard task add … --repeat RULE`; its occurrences are
tasks (`task show/edit/rm`, `task edit --following` for this and later ones).
"""

from __future__ import annotations

import argparse
from typing import Any

from taskboard.actions.series import (
    ConfirmedCrew,
    Made,
    add_crew,
    extend_series,
    find_series,
    occurrences,
    remove_crew,
    set_until,
)
from taskboard.cli import names, values
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.i18n import _
from taskboard.model import Series
from taskboard.settings import current_day
from taskboard.store import Store, StoreError
from taskboard.store.queries import task_day


def _series_json(store: Store, series: Series) -> dict[str, Any]:
    docs = occurrences(store, series.id)
    data = series.model_dump(mode="json")
    data["crew"] = [
        {"volunteer": (store.volunteers.get(v) or {}).get("ref", v), "skill": skill}
        for v, skill in series.crew_members()
    ]
    data["occurrences"] = [
        {"ref": doc["ref"], "day": str(task_day(doc) or ""), "status": doc["status"]}
        for doc in docs
    ]
    return data


def series_list(ctx: Context) -> int:
    """Every live series: its rule, next occurrence and crew size."""
    store, today = ctx.store(), current_day()
    extend_series(store, today)
    found = sorted(store.series.models().values(), key=lambda s: s.ref)
    if ctx.json:
        ctx.emit([_series_json(store, series) for series in found])
        return 0
    if not found:
        ctx.say("No series yet. Make one with: taskboard task add … --repeat weekly:wed")
        return 0
    rows = []
    for series in found:
        docs = occurrences(store, series.id)
        upcoming = [d for d in docs if (task_day(d) or today) >= today]
        rows.append(
            [
                series.ref,
                series.title,
                series.repeat,
                str(series.until or "-"),
                upcoming[0]["ref"] if upcoming else "-",
                str(len(upcoming)),
                str(len(series.crew)),
            ]
        )
    heads = ["Ref", "Title", "Repeat", "Until", "Next", "Upcoming", "Crew"]
    ctx.echo(table([_(h) for h in heads], rows))
    return 0


def series_show(ctx: Context) -> int:
    """One series: rule, crew and every occurrence."""
    store = ctx.store()
    extend_series(store, current_day())
    series = find_series(store, ctx.args.ref)
    if ctx.json:
        ctx.emit(_series_json(store, series))
        return 0
    lines = [
        f"{series.ref}  {series.title}",
        f"  {_('Repeat')}: {series.repeat} · {_('from')} {series.first}"
        + (f" {_('until')} {series.until}" if series.until else ""),
    ]
    crew = [
        f"{(store.volunteers.get(v) or {}).get('name', v)} ({skill})"
        for v, skill in series.crew_members()
    ]
    lines.append(f"  {_('Standing crew')}: {', '.join(crew) or '-'}")
    lines.append(f"  {_('Occurrences')}:")
    lines += [
        f"    {doc['ref']}  {task_day(doc) or '-'}  {_(doc['status'])}"
        for doc in occurrences(store, series.id)
    ]
    ctx.echo("\n".join(lines))
    return 0


def _report(ctx: Context, made: Made) -> None:
    if ctx.json:
        ctx.emit(
            {
                "label": made.label,
                "proposed": made.proposed,
                "skipped": made.skipped,
                "occurrences": made.occurrences,
                "cancelled": made.cancelled,
                "restored": made.restored,
            }
        )
        return
    ctx.echo(made.lines()[0])
    for line in made.lines()[1:]:
        ctx.echo(
            ("  " if line.startswith(_("not proposed: {why}").partition("{")[0]) else "") + line
        )


def crew_add(ctx: Context) -> int:
    """Put a volunteer in the standing crew; proposed for every upcoming occurrence."""
    store = ctx.store()
    if not ctx.args.skill:
        raise values.OptionError("series crew add: give --skill, the slot the person fills")
    made = add_crew(store, ctx.args.ref, ctx.args.volunteer, ctx.args.skill, today=current_day())
    _report(ctx, made)
    return 0


def crew_remove(ctx: Context) -> int:
    """Take a volunteer out of the standing crew (their assignments stay)."""
    _report(ctx, remove_crew(ctx.store(), ctx.args.ref, ctx.args.volunteer))
    return 0


def _end_on(ctx: Context, text: str, option: str) -> int:
    """Set the series' last day; cancelling occurrences people confirmed for needs --force."""
    until = values.date(option, text)
    store = ctx.store()
    try:
        made = set_until(store, ctx.args.ref, until, today=current_day(), force=ctx.args.force)
    except ConfirmedCrew as error:
        raise StoreError(
            _("{problem}; add --force to cancel them anyway").format(problem=error)
        ) from error
    _report(ctx, made)
    return 0


def until(ctx: Context) -> int:
    """Change when a series ends: later makes the occurrences, earlier cancels them."""
    return _end_on(ctx, ctx.args.until, "until")


def stop(ctx: Context) -> int:
    """End a series on a day: `series until` under the name it has always had."""
    return _end_on(ctx, ctx.args.until, "--until")


def extend(ctx: Context) -> int:
    """Make the occurrences due within the horizon now (the board and `task list` do it too)."""
    made = extend_series(ctx.store(), current_day())
    if not made.parts and not ctx.json:
        ctx.say("Every series is made up to its horizon.")
        return 0
    _report(ctx, made)
    return 0


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `series …` to the CLI."""
    series = commands.add_parser("series", help="recurring work: series of tasks")
    sub = series.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", parents=[common], help="list series").set_defaults(func=series_list)
    p = sub.add_parser("show", parents=[common], help="one series and its occurrences")
    p.add_argument(
        "ref", metavar="SERIES", help="series reference (yuecheng-r1) or an occurrence's"
    )
    p.set_defaults(func=series_show)
    force = "cancel occurrences even when volunteers have confirmed for them"
    p = sub.add_parser("until", parents=[common], help="change the last day (later or earlier)")
    p.add_argument("ref", metavar="SERIES", help="series reference or an occurrence's")
    p.add_argument("until", metavar="DATE", help="the new last day, e.g. 2027-01-27")
    p.add_argument("--force", action="store_true", help=force)
    p.set_defaults(func=until)
    p = sub.add_parser("stop", parents=[common], help="end a series on a day")
    p.add_argument("ref", metavar="SERIES")
    p.add_argument("--until", required=True, metavar="DATE", help="the last day")
    p.add_argument("--force", action="store_true", help=force)
    p.set_defaults(func=stop)
    sub.add_parser("extend", parents=[common], help="make the occurrences due now").set_defaults(
        func=extend
    )
    crew = sub.add_parser("crew", help="the standing crew of a series")
    crew.add_argument("ref", metavar="SERIES")
    crew_sub = crew.add_subparsers(dest="crew_action", required=True, metavar="ACTION")
    p = crew_sub.add_parser("add", parents=[common], help="add a volunteer to the crew")
    p.add_argument("volunteer", metavar="VOLUNTEER", help="name, reference or phone")
    p.add_argument("--skill", type=names.skill, help="the slot they fill, e.g. performance")
    p.set_defaults(func=crew_add)
    p = crew_sub.add_parser("rm", parents=[common], help="take a volunteer out of the crew")
    p.add_argument("volunteer", metavar="VOLUNTEER")
    p.set_defaults(func=crew_remove)
