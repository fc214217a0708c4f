"""`taskboard campaign …`: visit campaigns in rounds until no household is missed.

The rules (which households a round takes, the evening window, closing with
households left) live in `taskboard.actions.campaigns`; this module parses and
prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from taskboard.actions.campaigns import (
    Summary,
    close_campaign,
    evening_of,
    find_campaign,
    import_households,
    new_campaign,
    next_round,
    next_round_day,
    summarise,
)
from taskboard.actions.describe import CHECK_WORDS, history_lines
from taskboard.cli import names, values
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.i18n import _, ngettext
from taskboard.i18n.words import status_title
from taskboard.model import DAYS
from taskboard.roster.households import read_households
from taskboard.settings import current_day
from taskboard.store.tables import Table


def new(ctx: Context) -> int:
    """Start a campaign (its households come by `campaign import`)."""
    store = ctx.store()
    args = ctx.args
    fields: dict[str, Any] = {"title": args.title}
    for name in ("place", "description", "site"):
        if getattr(args, name):
            fields[name] = getattr(args, name)
    campaign = store.campaigns.load(new_campaign(store, fields).record_id)
    if ctx.json:
        ctx.emit(campaign.model_dump(mode="json"))
    else:
        ctx.say("Created campaign {ref}: {title}", ref=campaign.ref, title=campaign.title)
    return 0


def import_list(ctx: Context) -> int:
    """Read a household list (all of it or none) into a campaign."""
    store = ctx.store()
    campaign = find_campaign(store, ctx.args.ref)
    path = Path(ctx.args.file)
    households = read_households(path)
    done = import_households(store, campaign.id, households)
    if ctx.json:
        ctx.emit(
            {
                "campaign": campaign.ref,
                "added": done.added,
                "updated": done.updated,
                "unchanged": done.unchanged,
            }
        )
    else:
        read = ngettext(
            "{ref}: {count} household read from {file}: {added} added, {updated} updated,"
            " {unchanged} unchanged",
            "{ref}: {count} households read from {file}: {added} added, {updated} updated,"
            " {unchanged} unchanged",
            len(households),
        )
        ctx.echo(
            read.format(
                ref=campaign.ref,
                count=len(households),
                file=path.name,
                added=done.added,
                updated=done.updated,
                unchanged=done.unchanged,
            )
        )
    return 0


def list_campaigns(ctx: Context) -> int:
    """Every live campaign with its rounds and progress."""
    store = ctx.store()
    summaries = [
        summarise(store, store.campaigns.model(doc))
        for doc in sorted(store.campaigns.live(), key=lambda d: str(d["ref"]))
        if ctx.args.all or not doc.get("closed")
    ]
    if ctx.json:
        ctx.emit([summary.as_json() for summary in summaries])
        return 0
    if not summaries:
        ctx.say("No campaigns.")
        return 0
    rows = [
        [
            s.campaign.ref,
            s.campaign.title,
            s.campaign.site,
            str(len(s.round_refs)),
            s.progress(),
            _("closed") if s.campaign.closed else _("under way"),
        ]
        for s in summaries
    ]
    headers = ["Ref", "Title", "Site", "Rounds", "Progress", "State"]
    ctx.echo(table([_(h) for h in headers], rows))
    return 0


def show(ctx: Context) -> int:
    """The campaign summary: rounds, progress, and each household left with its attempts."""
    store = ctx.store()
    summary = summarise(store, find_campaign(store, ctx.args.ref))
    if ctx.json:
        ctx.emit(summary.as_json())
        return 0
    ctx.echo(summary_text(store, summary, every=ctx.args.all))
    return 0


def summary_text(store: Any, summary: Summary, *, every: bool = False) -> str:
    """What `campaign show` prints."""
    campaign = summary.campaign
    state = _("closed") if campaign.closed else _("under way")
    lines = [
        f"{campaign.ref}  {campaign.title} ({state})",
        "  " + summary.progress() + f" · {summary.words()}",
    ]
    for number, ref in sorted(summary.round_refs.items()):
        doc = store.tasks.find(ref)
        when = str(doc.get("start") or doc.get("due") or "")[:16].replace("T", " ")
        lines.append(
            "  "
            + _("round {n}").format(n=number)
            + f": {ref} · {status_title(doc['status'])}"
            + (f" · {when}" if when else "")
        )
    stories = summary.stories if every else summary.left
    if stories:
        lines.append("  " + (_("Households:") if every else _("Households left:")))
    for story in stories:
        state_word = story.words()
        attempts = _("attempts: {n}").format(n=story.attempts)
        note = f" — {story.note}" if story.note else ""
        lines.append(f"    {story.household.label}: {state_word} ({attempts}){note}")
        for visit in story.visits:
            state_said = _(CHECK_WORDS.get(visit.state, visit.state))
            lines.append(
                "      "
                + _("{on} {who}: {state}").format(
                    on=visit.on, who=visit.who or "-", state=state_said
                )
                + " · "
                + _("round {n}").format(n=visit.round)
            )
    entries = store.history.of(campaign.id)
    if every and entries:
        lines.append("  " + _("History:"))
        for line in history_lines(entries):
            lines.append(f"    {line.when} {line.who} ({line.site}): {line.action}; {line.changes}")
    return "\n".join(lines)


def round_(ctx: Context) -> int:
    """Close the current round and open the next with every household left."""
    store = ctx.store()
    args = ctx.args
    campaign = find_campaign(store, args.ref)
    start, end = _window(ctx, next_round_day(store, campaign, current_day()))
    fields: dict[str, Any] = {}
    if args.needs:
        fields["needs"] = [
            {"skill": skill, "count": count, "min_level": level}
            for skill, count, level in (values.need("--need", given) for given in args.needs)
            if count
        ]
    if args.group:
        fields["prefer_group"] = args.group
    result = next_round(store, campaign.id, start=start, end=end, fields=fields)
    if ctx.json:
        ctx.emit(
            {
                "campaign": campaign.ref,
                "closed": result.closed,
                "opened": result.opened,
                "round": result.number,
                "households": result.households,
            }
        )
        return 0
    if result.closed:
        ctx.say("Closed round {n}: {ref}", n=result.number - bool(result.opened), ref=result.closed)
    if result.opened is None:
        ctx.say("{ref}: no household missed", ref=campaign.ref)
        return 0
    weekday = _(DAYS[start.weekday()])
    opened = ngettext(
        "Round {n} ({task}): {count} household on {day} {weekday} {start}–{end}",
        "Round {n} ({task}): {count} households on {day} {weekday} {start}–{end}",
        result.households,
    )
    ctx.echo(
        opened.format(
            n=result.number,
            task=result.opened,
            count=result.households,
            day=start.date(),
            weekday=weekday,
            start=f"{start:%H:%M}",
            end=f"{end:%H:%M}",
        )
    )
    return 0


def _window(ctx: Context, default_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """`--start/--end`, else `--window` (default: the evening setting) on `--on` (default:
    `default_day`, the next weekday after today and the current round)."""
    args = ctx.args
    if args.start or args.end:
        if not (args.start and args.end):
            raise values.OptionError(_("give --start and --end together"))
        start, end = values.datetime("--start", args.start), values.datetime("--end", args.end)
        if end <= start:
            raise values.OptionError(_("--end must be after --start"))
        return start, end
    window = (
        values.window("--window", args.window)
        if args.window
        else ctx.settings.campaigns.evening_window()
    )
    day = values.date("--on", args.on) if args.on else default_day
    return evening_of(day, window)


def close(ctx: Context) -> int:
    """Close a campaign; with households left only with --force."""
    store = ctx.store()
    campaign = find_campaign(store, ctx.args.ref)
    edit = close_campaign(store, campaign.id, force=ctx.args.force)
    summary = summarise(store, store.campaigns.load(campaign.id))
    if ctx.json:
        ctx.emit(summary.as_json())
        return 0
    for step in edit.steps():
        if step.table == Table.TASKS:
            ctx.echo(step.label)
    ctx.say("Closed campaign {ref}: {words}", ref=campaign.ref, words=summary.words())
    return 0


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `campaign …` to the CLI."""
    parser = commands.add_parser("campaign", help="visit campaigns in rounds")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = sub.add_parser("new", parents=[common], help="start a campaign")
    p.add_argument("--title", required=True)
    p.add_argument("--place", help="e.g. '兴业社区 1—4栋'")
    p.add_argument("--description")
    p.add_argument("--site", help="site id (default: this file's site)")
    p.set_defaults(func=new)

    p = sub.add_parser("import", parents=[common], help="read a household list (CSV)")
    p.add_argument("ref", metavar="REF", help="campaign reference (xingye-c1)")
    p.add_argument("file", metavar="FILE", help="building, unit, room[, name, phone, note]")
    p.set_defaults(func=import_list)

    p = sub.add_parser("list", parents=[common], help="campaigns and their progress")
    p.add_argument("--all", action="store_true", help="closed campaigns too")
    p.set_defaults(func=list_campaigns)

    p = sub.add_parser("show", parents=[common], help="the summary: who is left, attempts")
    p.add_argument("ref", metavar="REF")
    p.add_argument("--all", action="store_true", help="every household, not only those left")
    p.set_defaults(func=show)

    p = sub.add_parser("round", parents=[common], help="close the current round and open the next")
    p.add_argument("ref", metavar="REF")
    p.add_argument("--on", metavar="DATE", help="day of the new round (default next weekday)")
    p.add_argument("--window", metavar="HH:MM-HH:MM", help="time (default: settings evening)")
    p.add_argument("--start", help="window start, ISO date and time (instead of --on/--window)")
    p.add_argument("--end", help="window end, ISO date and time")
    p.add_argument(
        "--need",
        dest="needs",
        action="append",
        type=names.skill_first,
        metavar="SKILL:COUNT[:MINLEVEL]",
        help="people the round needs (default: as the last round)",
    )
    p.add_argument("--group", help="group the matcher should prefer")
    p.set_defaults(func=round_)

    p = sub.add_parser("close", parents=[common], help="close the campaign")
    p.add_argument("ref", metavar="REF")
    p.add_argument("--force", action="store_true", help="close even with households left")
    p.set_defaults(func=close)
