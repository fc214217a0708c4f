"""`taskboard suggestion …`: residents' suggestions, what became of each, and the notice."""

from __future__ import annotations

import argparse
from typing import Any

from taskboard.actions.describe import history_lines
from taskboard.actions.suggestions import (
    add_suggestion,
    decline_suggestion,
    edit_suggestion,
    find_suggestion,
    link_task,
    reopen_suggestion,
    unlink_task,
)
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.cli.task_commands import skill_labels
from taskboard.cli.view_commands import chosen_format, deliver
from taskboard.i18n import _
from taskboard.i18n.words import status_title
from taskboard.model import Decision, SuggestionStatus
from taskboard.model.values import CLEAR, OptionError, date
from taskboard.reports.suggestions import (
    SuggestionView,
    linked_refs,
    outcome_text,
    progress_text,
    status_text,
    suggestion_views,
    view_of,
)
from taskboard.settings import current_day
from taskboard.sheets.notice import notice_html, notice_of, notice_text
from taskboard.store import Store
from taskboard.store.tables import Doc

NOTICE_FORMATS = ("text", "html")
SET_DECISIONS = (Decision.RECEIVED.value, Decision.ACCEPTED.value)
"""Decisions set by hand with `add`/`edit` (declining has its own command and reason)."""


# Building suggestions from options ------------------------------------------------------
def suggestion_fields(args: argparse.Namespace, current: Doc | None = None) -> dict[str, Any]:
    """The suggestion fields the options set (on top of `current` for photos)."""
    fields: dict[str, Any] = {}
    for option, name in (("text", "text"), ("by", "raised_by"), ("source", "source")):
        value = getattr(args, option, None)
        if value is not None:
            fields[name] = value
    if args.place is not None:
        fields["place"] = args.place
    if args.number is not None:
        fields["number"] = None if args.number == CLEAR else _number(args.number)
    if args.date is not None:
        fields["date"] = None if args.date == CLEAR else date("--date", args.date)
    if args.decision is not None:
        fields["decision"] = args.decision
    removed = set(getattr(args, "unphotos", None) or [])
    if args.photos or removed:
        have = list(current.get("photos") or []) if current else []
        kept = [photo for photo in have if photo not in removed]
        fields["photos"] = kept + [photo for photo in args.photos or [] if photo not in kept]
    return fields


def _number(value: str) -> int:
    digits = value.strip().removeprefix("#")
    if not digits.isdigit() or not 1 <= int(digits) <= 9999:
        raise OptionError(f"--number {value!r}: expected the meeting's number, e.g. 7 or #7")
    return int(digits)


def _view(store: Store, doc: Doc) -> SuggestionView:
    return view_of(doc, store.tasks.docs())


# Commands -------------------------------------------------------------------------------
def add(ctx: Context) -> int:
    """Record a suggestion residents made, and link the tasks that answer it (all or nothing)."""
    store = ctx.store()
    fields = suggestion_fields(ctx.args)
    # an unknown task is refused before anything is written; one given twice is linked once
    tasks = dict.fromkeys(store.tasks.find(task)["id"] for task in ctx.args.tasks or [])
    with store.transaction():
        made = add_suggestion(store, fields)
        for task_id in tasks:
            link_task(store, made.record_id, task_id)
    doc = store.suggestions.find(made.record_id)
    if ctx.json:
        ctx.emit(_view(store, doc).as_json())
    else:
        ctx.say("Added suggestion {ref}: {text}", ref=doc["ref"], text=doc["text"])
    return 0


def list_suggestions(ctx: Context) -> int:
    """Every suggestion with its status and what became of it."""
    store = ctx.store()
    views = every = suggestion_views(store, site=ctx.args.site)
    if ctx.args.status:
        views = [view for view in views if view.progress.status == ctx.args.status]
    if ctx.json:
        ctx.emit([view.as_json() for view in views])
        return 0
    if not views:
        ctx.say("No suggestions match.")
        return 0
    rows = [
        [
            view.ref,
            view.number,
            str(view.doc["text"]),
            status_text(view.progress.status),
            progress_text(view),
            " ".join(view.task_refs) or "-",
        ]
        for view in views
    ]
    headers = ["Ref", "No.", "Suggestion", "Status", "Done", "Tasks"]
    ctx.echo(table([_(h) for h in headers], rows, max_width=40))
    done = sum(1 for view in every if view.progress.status is SuggestionStatus.DONE)
    ctx.say("Suggestions done {done}/{total}", done=done, total=len(every))
    return 0


def show(ctx: Context) -> int:
    """One suggestion: the residents' words, the decision, linked tasks and history."""
    store = ctx.store()
    doc = find_suggestion(store, ctx.args.ref)
    view = _view(store, doc)
    entries = store.history.of(doc["id"])
    if ctx.json:
        data = view.as_json()
        data["history"] = [entry.model_dump(mode="json") for entry in entries]
        ctx.emit(data)
        return 0
    number = f" {view.number}" if view.number else ""
    lines = [f"{view.ref}{number}  {doc['text']}"]
    rows = [
        ("Status", status_text(view.progress.status)),
        ("Outcome", outcome_text(view)),
        ("Raised by", doc.get("raised_by") or "-"),
        ("Date", doc.get("date") or "-"),
        ("Source", doc.get("source") or "-"),
        ("Place", doc.get("place") or "-"),
        ("Photos", ", ".join(doc.get("photos") or []) or "-"),
    ]
    lines += [f"  {_(label)}: {value}" for label, value in rows]
    tasks = store.tasks.docs()
    linked = [tasks[task_id] for task_id in doc.get("tasks") or [] if task_id in tasks]
    lines.append(f"  {_('Tasks')}:" + ("" if linked else " -"))
    for task in linked:
        removed = f" ({_('removed')})" if task.get("deleted") else ""
        lines.append(f"    {task['ref']} {task['title']} · {status_title(task['status'])}{removed}")
    if entries:
        names = linked_refs(store, entries)
        lines.append(f"  {_('History')}:")
        for line in history_lines(entries, skill_labels(store), names):
            lines.append(f"    {line.when} {line.who}: {line.action} {line.changes}")
    ctx.echo("\n".join(lines))
    return 0


def edit(ctx: Context) -> int:
    """Change the words, who raised it, when, where, photos, or the decision by hand."""
    store = ctx.store()
    doc = find_suggestion(store, ctx.args.ref)
    fields = suggestion_fields(ctx.args, doc)
    if not fields:
        raise OptionError("suggestion edit: give at least one field to change (see --help)")
    edit_suggestion(store, doc["id"], fields)
    return _done(ctx, store, doc["id"], "Updated suggestion {ref}")


def link(ctx: Context) -> int:
    """Link a task that answers the suggestion."""
    store = ctx.store()
    made = link_task(store, ctx.args.ref, ctx.args.task)
    return _done(ctx, store, made.record_id, made.label, translated=True)


def unlink(ctx: Context) -> int:
    """Take a task off the suggestion."""
    store = ctx.store()
    made = unlink_task(store, ctx.args.ref, ctx.args.task)
    return _done(ctx, store, made.record_id, made.label, translated=True)


def decline(ctx: Context) -> int:
    """Decline a suggestion, with the reason residents will read on the notice."""
    store = ctx.store()
    made = decline_suggestion(store, ctx.args.ref, ctx.args.reason)
    return _done(ctx, store, made.record_id, made.label, translated=True)


def reopen(ctx: Context) -> int:
    """Take back a decline: accepted (or received) again."""
    store = ctx.store()
    made = reopen_suggestion(store, ctx.args.ref, ctx.args.decision)
    return _done(ctx, store, made.record_id, made.label, translated=True)


def notice(ctx: Context) -> int:
    """The notice to residents: each suggestion of a site and what became of it."""
    store = ctx.store()
    site = ctx.args.site or store.site
    site_doc = store.sites.get(site)
    if site_doc is None:
        known = ", ".join(sorted(store.sites.docs()))
        raise OptionError(f"--site {site!r}: no such site (known: {known})")
    fmt = chosen_format(ctx.args, NOTICE_FORMATS, "text")
    views = suggestion_views(store, site=site)
    made = notice_of(str(site_doc["name"]), views, current_day())
    text = notice_html(made) if fmt == "html" else notice_text(made)
    return deliver(ctx, text, fmt, [view.as_json() for view in views])


def _done(
    ctx: Context, store: Store, record_id: str, message: str, *, translated: bool = False
) -> int:
    """Print the changed suggestion (JSON) or one line saying what was done and where it stands."""
    doc = store.suggestions.find(record_id)
    view = _view(store, doc)
    if ctx.json:
        ctx.emit(view.as_json())
        return 0
    said = message if translated else _(message).format(ref=doc["ref"])
    ctx.echo(f"{said} · {outcome_text(view)}")
    return 0


# Parser ---------------------------------------------------------------------------------
def _fields(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    clear = " (`none` clears it)" if editing else ""
    parser.add_argument("--text", required=not editing, help="the residents' words")
    parser.add_argument("--number", help=f"the number the meeting gave it, e.g. 7{clear}")
    parser.add_argument("--by", help="who raised it, e.g. 朱庆花园南区居民代表")
    parser.add_argument("--date", help=f"when it was raised, ISO date{clear}")
    parser.add_argument("--source", help="where it was raised, e.g. 7月居民议事会")
    parser.add_argument("--place", help="where the problem is")
    parser.add_argument(
        "--photo", dest="photos", action="append", metavar="PATH", help="a photo's file path"
    )
    parser.add_argument(
        "--decision", choices=SET_DECISIONS, help="received or accepted (decline has a command)"
    )
    if editing:
        parser.add_argument("--unphoto", dest="unphotos", action="append", metavar="PATH")


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `suggestion …` to the CLI."""
    suggestion = commands.add_parser("suggestion", help="residents' suggestions")
    sub = suggestion.add_subparsers(dest="action", required=True, metavar="ACTION")
    ref_help = "reference (funing-s3), id, or this site's meeting number (#7)"

    p = sub.add_parser("add", parents=[common], help="record a suggestion")
    _fields(p, editing=False)
    p.add_argument(
        "--task", dest="tasks", action="append", metavar="TASK", help="link a task, repeatable"
    )
    p.set_defaults(func=add)

    p = sub.add_parser("list", parents=[common], help="suggestions and what became of each")
    p.add_argument("--site", help="only this site's")
    p.add_argument("--status", choices=[s.value for s in SuggestionStatus])
    p.set_defaults(func=list_suggestions)

    p = sub.add_parser("show", parents=[common], help="one suggestion, its tasks and history")
    p.add_argument("ref", metavar="SUGGESTION", help=ref_help)
    p.set_defaults(func=show)

    p = sub.add_parser("edit", parents=[common], help="change a suggestion's fields")
    p.add_argument("ref", metavar="SUGGESTION", help=ref_help)
    _fields(p, editing=True)
    p.set_defaults(func=edit)

    for name, func, text in (
        ("link", link, "link a task that answers the suggestion"),
        ("unlink", unlink, "take a task off the suggestion"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("ref", metavar="SUGGESTION", help=ref_help)
        p.add_argument("task", metavar="TASK", help="task reference or id")
        p.set_defaults(func=func)

    p = sub.add_parser("decline", parents=[common], help="decline, with the reason residents read")
    p.add_argument("ref", metavar="SUGGESTION", help=ref_help)
    p.add_argument("--reason", required=True, help="why (shown on the notice)")
    p.set_defaults(func=decline)

    p = sub.add_parser(
        "notice", parents=[common], help="the notice to residents: what became of each suggestion"
    )
    p.add_argument("--site", help="whose suggestions (default: this file's site)")
    p.add_argument("--format", choices=NOTICE_FORMATS, help="default: from -o's extension, or text")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (.html or .txt)")
    p.set_defaults(func=notice)

    p = sub.add_parser("reopen", parents=[common], help="take back a decline")
    p.add_argument("ref", metavar="SUGGESTION", help=ref_help)
    p.add_argument("--decision", choices=SET_DECISIONS, default=Decision.ACCEPTED.value)
    p.set_defaults(func=reopen)
