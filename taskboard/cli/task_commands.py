"""`taskboard task …`: add, list, show, edit, move, remove, checklist and history."""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from taskboard.actions import event_names
from taskboard.actions.campaigns import (
    campaign_of_task,
    history_with_visits,
    visit_descriptions,
    visit_lines,
)
from taskboard.actions.checklist import check_item, find_item, set_note
from taskboard.actions.describe import history_lines
from taskboard.actions.funds import fund_name
from taskboard.actions.series import create_series, edit_following, extend_series
from taskboard.actions.tasks import (
    ItemsLeft,
    create_task,
    edit_task,
    leader_summary,
    move_task,
    remove_task,
    restore_task,
)
from taskboard.cli import names, values
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.i18n import _, group_name, language, ngettext
from taskboard.model import DAYS, ChecklistItem, ChecklistState, Kind, Priority, Status, Task
from taskboard.model.repeat import parse_repeat
from taskboard.settings import current_day
from taskboard.store import Store, StoreError
from taskboard.store.queries import (
    SeriesView,
    TaskFilter,
    assignments_by_task,
    filled_slots,
    needs_text,
    progress_text,
    select_tasks,
    series_view,
    task_day,
    task_json,
)
from taskboard.store.tables import Table


def skill_labels(store: Store) -> dict[str, str]:
    """Skill key → label in the active language."""
    return {key: skill.label(language()) for key, skill in store.skills.models().items()}


# Building tasks from options ---------------------------------------------------------
def task_fields(args: argparse.Namespace, current: Task | None = None) -> dict[str, Any]:
    """The task fields the options set; `none` clears optional ones in `edit`."""
    fields: dict[str, Any] = {}
    for name in ("title", "description", "kind", "site", "place", "priority"):
        value = getattr(args, name, None)
        if value is not None:
            fields[name] = value
    if args.group is not None:
        fields["prefer_group"] = None if args.group == values.CLEAR else args.group
    _schedule_fields(args, fields)
    if args.needs:
        fields["needs"] = _merge_needs(current, args.needs)
    if args.tags or getattr(args, "untags", None):
        tags = set(current.tags if current else []) | set(args.tags or [])
        fields["tags"] = sorted(tags - set(getattr(args, "untags", None) or []))
    if args.items:
        existing = list(current.checklist) if current else []
        fields["checklist"] = [*existing, *(ChecklistItem(text=text) for text in args.items)]
    if args.origin is not None:
        fields["origin"] = _origin(args)
    elif args.origin_date is not None:
        fields["origin"] = _redated_origin(args, current)
    _event_and_money_fields(args, fields)
    return fields


def _event_and_money_fields(args: argparse.Namespace, fields: dict[str, Any]) -> None:
    """Attendance (`--expect 20:15`, `--attended 12:19`) and costs; `none` clears each."""
    for option, name in (("expect", "expected"), ("attended", "attended")):
        value = getattr(args, option, None)
        if value is not None:
            clear = value == values.CLEAR
            fields[name] = None if clear else values.headcount(f"--{option}", value)
    for option, name in (("cost_estimate", "cost_estimate"), ("cost", "cost")):
        value = getattr(args, option, None)
        if value is not None:
            flag = "--" + option.replace("_", "-")
            fields[name] = None if value == values.CLEAR else values.amount(flag, value)
    if getattr(args, "fund", None) is not None:
        fields["fund"] = None if args.fund == values.CLEAR else args.fund


def _with_fund(store: Store, fields: dict[str, Any], site: str) -> dict[str, Any]:
    """`--fund 专项资金` → the full name of the one fund of the task's site it names."""
    if fields.get("fund"):
        fields["fund"] = fund_name(store, str(fields.get("site") or site), fields["fund"])
    return fields


def _schedule_fields(args: argparse.Namespace, fields: dict[str, Any]) -> None:
    for name in ("start", "end"):
        value = getattr(args, name)
        if value is not None:
            fields[name] = None if value == values.CLEAR else values.datetime(f"--{name}", value)
    if args.due is not None:
        fields["due"] = None if args.due == values.CLEAR else values.date("--due", args.due)
    if args.hours is not None:
        fields["hours"] = (
            None if args.hours == values.CLEAR else values.number("--hours", args.hours)
        )


def _merge_needs(current: Task | None, given: list[str]) -> list[dict[str, Any]]:
    needs = {need.skill: need.model_dump() for need in (current.needs if current else [])}
    for value in given:
        skill, count, level = values.need("--need", value)
        if count == 0 and current is None:
            raise values.OptionError(
                f"--need {value!r}: COUNT must be at least 1 (0 removes a need in `task edit`)"
            )
        if count == 0:
            needs.pop(skill, None)
        else:
            needs[skill] = {"skill": skill, "count": count, "min_level": level}
    return list(needs.values())


def _origin(args: argparse.Namespace) -> dict[str, Any] | None:
    if args.origin == values.CLEAR:
        if args.origin_date is not None:
            raise values.OptionError("--origin-date cannot go with --origin none")
        return None
    origin: dict[str, Any] = {"source": args.origin}
    if args.origin_date:
        origin["date"] = values.date("--origin-date", args.origin_date)
    return origin


def _redated_origin(args: argparse.Namespace, current: Task | None) -> dict[str, Any]:
    """`--origin-date` alone: the date of the origin the task already has (`none` clears it)."""
    if current is None or current.origin is None:
        raise values.OptionError(
            "--origin-date needs --origin: who suggested the task, e.g. --origin '3栋居民'"
        )
    day = args.origin_date
    date = None if day == values.CLEAR else values.date("--origin-date", day)
    return {**current.origin.model_dump(), "date": date}


# Commands -------------------------------------------------------------------------------
def add(ctx: Context) -> int:
    """Create a task from the options (with `--repeat`, a series of them)."""
    store = ctx.store()
    repeat, until = _repeat_options(ctx.args)
    fields = _with_fund(store, task_fields(ctx.args), store.site)
    if ctx.args.status:
        fields["status"] = ctx.args.status
    if repeat is not None:
        return _add_series(ctx, store, fields, repeat, until)
    task = store.task(create_task(store, fields).record_id)
    ctx.warn_if_passed(task, current_day())
    if ctx.json:
        ctx.emit(task_json(store.tasks.find(task.id), [], {}))
    else:
        ctx.say("Created task {ref}: {title}", ref=task.ref, title=task.title)
    return 0


def _repeat_options(args: argparse.Namespace) -> tuple[str | None, dt.date | None]:
    """`--repeat weekly:wed --until 2027-03-31`, checked before anything is written."""
    until = values.date("--until", args.until) if args.until else None
    if args.repeat is None:
        if until is not None:
            raise values.OptionError("--until goes with --repeat (the last day of a series)")
        return None, None
    try:
        return parse_repeat(args.repeat), until
    except ValueError as error:
        raise values.OptionError(f"--repeat: {error}") from None


def _add_series(
    ctx: Context, store: Store, fields: dict[str, Any], repeat: str, until: dt.date | None
) -> int:
    made = create_series(store, fields, repeat, until=until, today=current_day())
    series = store.series.load(made.parts[0].record_id)
    if ctx.json:
        ctx.emit({**series.model_dump(mode="json"), "occurrences": made.occurrences})
        return 0
    words = ngettext(
        "Created series {ref} ({repeat}): {count} occurrence, {first} to {last}",
        "Created series {ref} ({repeat}): {count} occurrences, {first} to {last}",
        len(made.occurrences),
    )
    ctx.echo(
        words.format(
            ref=series.ref,
            repeat=series.repeat,
            count=len(made.occurrences),
            first=made.occurrences[0] if made.occurrences else "-",
            last=made.occurrences[-1] if made.occurrences else "-",
        )
    )
    return 0


def list_tasks(ctx: Context) -> int:
    """Tasks matching the filters, in board order; a series shows its next occurrence only
    (`--all-occurrences` shows every one)."""
    store = ctx.store()
    today = current_day()
    extend_series(store, today)
    args = ctx.args
    wanted = TaskFilter(
        statuses=frozenset(args.status or []),
        skill=args.skill,
        site=args.site,
        kind=args.kind,
        text=args.text,
        include_archived=args.all,
    )
    tasks = select_tasks(store, wanted)
    view = series_view(store, today)
    if not getattr(args, "all_occurrences", False):
        tasks = [doc for doc in tasks if doc["id"] not in view.hidden]
    if ctx.json:
        grouped, hours = assignments_by_task(store), store.hours_by_assignment()
        ctx.emit([task_json(doc, grouped.get(doc["id"], []), hours) for doc in tasks])
        return 0
    if not tasks:
        ctx.say("No tasks match.")
        return 0
    filled, labels = filled_slots(store), skill_labels(store)
    rows = [
        [
            doc["ref"],
            _(doc["status"]),
            _(doc["priority"]),
            _(doc["kind"]),
            str(task_day(doc) or "-"),
            doc["title"] + _series_mark(view, doc["id"]),
            doc["site"],
            needs_text(doc, filled.get(doc["id"]), labels),
            progress_text(doc),
        ]
        for doc in tasks
    ]
    headers = ["Ref", "Status", "Priority", "Kind", "Date", "Title", "Site", "Needs", "Progress"]
    ctx.echo(table([_(h) for h in headers], rows))
    return 0


def _series_mark(view: SeriesView, task_id: str) -> str:
    """` ↻ weekly +8`: a series' next occurrence and how many follow it."""
    if task_id not in view.more:
        return ""
    word = _(view.repeat.get(task_id) or "repeats")
    more = view.more[task_id]
    return f" ↻ {word}" + (" " + _("+{n} more").format(n=more) if more else "")


def show(ctx: Context) -> int:
    """Every field of one task, its checklist and its assignments."""
    store = ctx.store()
    doc = store.tasks.find(ctx.args.ref)
    assignments = store.assignments_of_task(doc["id"])
    hours = store.hours_by_assignment()
    if ctx.json:
        data = task_json(doc, assignments, hours)
        data["history"] = [e.model_dump(mode="json") for e in store.history.of(doc["id"])]
        ctx.emit(data)
        return 0
    task = store.tasks.model(doc)
    ctx.echo(_task_text(store, task, assignments, hours))
    return 0


def _task_text(
    store: Store, task: Task, assignments: list[dict[str, Any]], hours: dict[str, float]
) -> str:
    labels = skill_labels(store)
    filled = filled_slots(store).get(task.id)
    site = store.sites.models().get(task.site)
    lines = [
        f"{task.ref}  {task.title}",
        f"  {_('Status')}: {_(task.status)} · {_('Priority')}: {_(task.priority)}"
        f" · {_('Kind')}: {_(task.kind)}",
        f"  {_('Site')}: {task.site}{f' ({site.name})' if site else ''}"
        + (f" · {_('Place')}: {task.place}" if task.place else ""),
    ]
    if task.start:
        end = f"–{task.end:%H:%M}" if task.end else ""
        weekday = _(DAYS[task.start.weekday()])
        lines.append(f"  {_('Schedule')}: {task.start:%Y-%m-%d} {weekday} {task.start:%H:%M}{end}")
    if task.due:
        lines.append(f"  {_('Due')}: {task.due}")
    if task.needs:
        counts: Counter[str] = filled or Counter()
        needs = [
            f"{labels.get(n.skill, n.skill)} {counts.get(n.skill, 0)}/{n.count}"
            + (f" ({_('level')} ≥ {n.min_level})" if n.min_level > 1 else "")
            for n in task.needs
        ]
        lines.append(f"  {_('Needs')}: {' · '.join(needs)}")
    if task.hours:
        lines.append(f"  {_('Estimated hours')}: {task.hours:g}")
    if task.prefer_group:
        lines.append(f"  {_('Preferred group')}: {group_name(task.prefer_group)}")
    lines += _leader_lines(store, task, assignments)
    if task.origin:
        origin = task.origin
        when = f", {origin.date}" if origin.date else ""
        note = f" — {origin.note}" if origin.note else ""
        lines.append(f"  {_('Origin')}: {origin.source}{when}{note}")
    lines += _event_and_money_lines(task)
    if task.tags:
        lines.append(f"  {_('Tags')}: {', '.join(task.tags)}")
    if task.description:
        lines += [
            f"  {_('Description')}:",
            *(f"    {line}" for line in task.description.splitlines()),
        ]
    campaign = campaign_of_task(store, task.id)
    if campaign is not None:
        number = next(r.number for r in campaign.rounds if r.task == task.id)
        lines.append(
            f"  {_('Campaign')}: {campaign.ref} {campaign.title} · "
            + _("round {n}").format(n=number)
        )
    lines += _checklist_lines(task, visit_lines(store, task.id))
    lines += _assignment_lines(store, assignments, hours, labels)
    return "\n".join(lines)


def _leader_lines(store: Store, task: Task, assignments: list[dict[str, Any]]) -> list[str]:
    said = leader_summary(store, task, assignments)
    return [f"  {_('Crew leader')}: {said}"] if said else []


def _event_and_money_lines(task: Task) -> list[str]:
    lines = []
    for label, count in ((_("Expected"), task.expected), (_("Attended"), task.attended)):
        if count is not None:
            lines.append(
                f"  {label}: "
                + _("{adults}, {minors} ({total} in all)").format(
                    adults=ngettext("{n} adult", "{n} adults", count.adults).format(n=count.adults),
                    minors=ngettext("{n} minor", "{n} minors", count.minors).format(n=count.minors),
                    total=count.total,
                )
            )
    money = [
        f"{label} ¥{value:,.2f}".replace(".00", "")
        for label, value in ((_("estimated"), task.cost_estimate), (_("spent"), task.cost))
        if value is not None
    ]
    if money or task.fund:
        fund = f" · {_('Fund')}: {task.fund}" if task.fund else ""
        lines.append(f"  {_('Cost')}: {' · '.join(money) or '-'}{fund}")
    return lines


def _checklist_lines(task: Task, visits: dict[str, list[str]]) -> list[str]:
    if not task.checklist:
        return []
    lines = [f"  {_('Checklist')}: {progress_text(task.model_dump(mode='json'))}"]
    for number, item in enumerate(task.checklist, 1):
        tries = f" ({_('attempts: {n}').format(n=item.attempts)})" if item.attempts else ""
        note = f" — {item.note}" if item.note else ""
        lines.append(f"    {number:>2}. [{_(item.state)}] {item.text}{tries}{note}")
        lines += [f"        {visit}" for visit in visits.get(item.id, ())]
    return lines


def _assignment_lines(
    store: Store,
    assignments: list[dict[str, Any]],
    hours: dict[str, float],
    labels: dict[str, str],
) -> list[str]:
    if not assignments:
        return []
    lines = [f"  {_('Assignments')}:"]
    for assignment in assignments:
        person = store.volunteers.get(assignment["volunteer"]) or {}
        logged = hours.get(assignment["id"], 0.0)
        lines.append(
            f"    {person.get('name', '?')} ({person.get('ref', '?')})"
            f" · {labels.get(assignment['skill'], assignment['skill'])}"
            f" · {_(assignment['state'])}" + (f" · {logged:g} h" if logged else "")
        )
    return lines


SCHEDULE_OPTIONS = frozenset({"start", "end", "due", "needs"})
"""`task edit` options that schedule or staff a task: a passed date is warned about."""


def edit(ctx: Context) -> int:
    """Change the fields given as options; everything else stays.

    `--tag`, `--item`, `--need` and `--untag` change the lists as they are under
    the lock, so a tag added by another process a moment ago is kept.
    """
    store = ctx.store()
    current = store.task(ctx.args.ref)
    leader = _leader(store, ctx.args)
    if not task_fields(ctx.args, current) and not leader:  # every value checked before locking
        raise values.OptionError("task edit: give at least one field to change (see --help)")
    if ctx.args.following:
        if leader:
            raise values.OptionError("--leader names one occurrence's crew: not with --following")
        return _edit_following(ctx, store, current)
    edit_task(
        store,
        current.id,
        lambda fresh: {**_with_fund(store, task_fields(ctx.args, fresh), fresh.site), **leader},
    )
    task = store.task(current.id)
    if SCHEDULE_OPTIONS & {name for name, value in vars(ctx.args).items() if value is not None}:
        ctx.warn_if_passed(task, current_day())
    if ctx.json:
        ctx.emit(task_json(store.tasks.find(task.id), store.assignments_of_task(task.id), {}))
    else:
        ctx.say("Updated task {ref}", ref=task.ref)
    return 0


LEADER_CLEARS = frozenset({"-", values.CLEAR})
"""`--leader -` (or `none`) clears the crew leader, as `--no-leader` does."""


def _leader(store: Store, args: argparse.Namespace) -> dict[str, str | None]:
    """`{"leader": id}` for `--leader NAME` (a volunteer by name, ref or phone),
    `{"leader": None}` for `--no-leader` or `--leader -`, else nothing."""
    given = getattr(args, "leader", None)
    if getattr(args, "no_leader", False):
        if given is not None:
            raise values.OptionError("--leader and --no-leader cannot go together")
        return {"leader": None}
    if given is None:
        return {}
    if given.strip().lower() in LEADER_CLEARS:
        return {"leader": None}
    return {"leader": str(store.find_volunteer(given)["id"])}


def _edit_following(ctx: Context, store: Store, current: Task) -> int:
    made = edit_following(
        store, current.id, lambda fresh: _with_fund(store, task_fields(ctx.args, fresh), fresh.site)
    )
    docs = store.tasks.docs()
    refs = [str(docs[part.record_id]["ref"]) for part in made.parts if part.table == Table.TASKS]
    if ctx.json:
        ctx.emit({"edited": refs})
        return 0
    later = len([ref for ref in refs if ref != current.ref])
    if later:
        words = ngettext(
            "Updated {ref} and {count} later occurrence",
            "Updated {ref} and {count} later occurrences",
            later,
        )
        ctx.echo(words.format(ref=current.ref, count=later))
    else:
        ctx.say("Updated {ref}; no later occurrence to change", ref=current.ref)
    return 0


def move(ctx: Context) -> int:
    """Put a task in another board column (at its bottom).

    Done with checklist items left is refused unless `--force` says so.
    """
    store = ctx.store()
    status = ctx.args.new_status
    try:
        edit = move_task(store, ctx.args.ref, status, force=ctx.args.force)
    except ItemsLeft as error:
        raise StoreError(
            _("{problem}; add --force to move it to done anyway").format(problem=error)
        ) from error
    task = store.task(edit.record_id)
    if ctx.json:
        ctx.emit(task_json(store.tasks.find(task.id), [], {}))
    else:
        ctx.say("Moved {ref} to {status}", ref=task.ref, status=_(status))
    return 0


def remove(ctx: Context) -> int:
    """Remove a task softly (it can be restored, and the removal syncs)."""
    store = ctx.store()
    task = store.task(ctx.args.ref)
    remove_task(store, task.id)
    if ctx.json:
        ctx.emit({"id": task.id, "ref": task.ref, "deleted": True})
    else:
        ctx.say("Removed task {ref}. Undo with: taskboard task restore {ref}", ref=task.ref)
    return 0


def restore(ctx: Context) -> int:
    """Bring back a removed task."""
    store = ctx.store()
    doc = store.tasks.find(restore_task(store, ctx.args.ref).record_id)
    if ctx.json:
        ctx.emit({"id": doc["id"], "ref": doc["ref"], "deleted": False})
    else:
        ctx.say("Restored task {ref}", ref=doc["ref"])
    return 0


def check(ctx: Context) -> int:
    """Set the state (and note) of one checklist item, by the checklist's rules."""
    store = ctx.store()
    wanted, state, note = ctx.args.item, ChecklistState(ctx.args.state), ctx.args.note
    on = values.date("--on", ctx.args.on) if ctx.args.on else None
    edit = check_item(store, ctx.args.ref, wanted, state, note, on=on, by=ctx.args.by)
    task = store.task(edit.record_id)
    item = task.checklist[find_item(task, wanted)]
    if ctx.json:
        ctx.emit(item.model_dump(mode="json"))
    else:
        ctx.say("{ref}: item {item} is now {state}", ref=task.ref, item=item.text, state=_(state))
    return 0


def note(ctx: Context) -> int:
    """Write one checklist item's note (an empty one clears it); its state stays."""
    store = ctx.store()
    wanted = ctx.args.item
    task = store.task(set_note(store, ctx.args.ref, wanted, ctx.args.text).record_id)
    item = task.checklist[find_item(task, wanted)]
    if ctx.json:
        ctx.emit(item.model_dump(mode="json"))
    else:
        ctx.say("{ref}: note on {item} saved", ref=task.ref, item=item.text)
    return 0


def history(ctx: Context) -> int:
    """Who changed what on a task, oldest first."""
    store = ctx.store()
    task = store.task(ctx.args.ref)
    if ctx.json:  # the task's own entries; its visits are records of their own
        ctx.emit([entry.model_dump(mode="json") for entry in store.history.of(task.id)])
        return 0
    entries = history_with_visits(store, task)
    if not entries:
        ctx.say("No history.")
        return 0
    labels, names = skill_labels(store), event_names(store, entries)
    visits = visit_descriptions(store, task)
    rows = [list(line) for line in history_lines(entries, labels, names, visits)]
    headers = ["When", "Site", "Who", "Action", "Changes"]
    ctx.echo(table([_(h) for h in headers], rows, max_width=80))
    return 0


# Parser ---------------------------------------------------------------------------------
def _task_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    clear = " (`none` clears it)" if editing else ""
    parser.add_argument("--title", required=not editing, help="short title")
    parser.add_argument("--description", help="longer description")
    parser.add_argument("--kind", type=values.choice(Kind), help=_choices(Kind))
    parser.add_argument(
        "--site", type=names.site, help="site the work belongs to (default: this file's site)"
    )
    parser.add_argument("--place", help="where exactly, e.g. '朱庆花园南区 3栋旁'")
    parser.add_argument("--priority", type=values.choice(Priority), help=_choices(Priority))
    parser.add_argument("--start", help=f"window start, ISO date and time{clear}")
    parser.add_argument("--end", help=f"window end, ISO date and time{clear}")
    parser.add_argument("--due", help=f"due date, ISO{clear}")
    parser.add_argument("--hours", help=f"estimated hours per person{clear}")
    parser.add_argument(
        "--need",
        dest="needs",
        action="append",
        type=names.skill_first,
        metavar="SKILL:COUNT[:MINLEVEL]",
        help="needed skill, repeatable" + ("; COUNT 0 removes it" if editing else ""),
    )
    parser.add_argument("--tag", dest="tags", action="append", metavar="TAG")
    if editing:
        parser.add_argument("--untag", dest="untags", action="append", metavar="TAG")
    parser.add_argument(
        "--item", dest="items", action="append", metavar="TEXT", help="add a checklist item"
    )
    parser.add_argument("--origin", help=f"who suggested it, e.g. '3栋居民'{clear}")
    parser.add_argument(
        "--origin-date", help=f"when it was suggested (ISO date; with --origin){clear}"
    )
    parser.add_argument("--group", help=f"group the matcher should prefer{clear}")
    parser.add_argument(
        "--expect", metavar="ADULTS:MINORS", help=f"events: expected attendance, e.g. 20:15{clear}"
    )
    parser.add_argument(
        "--attended", metavar="ADULTS:MINORS", help=f"events: who came, e.g. 12:19{clear}"
    )
    parser.add_argument(
        "--cost-estimate", metavar="YUAN", help=f"what the work should cost, e.g. 1200{clear}"
    )
    parser.add_argument("--cost", metavar="YUAN", help=f"what the work cost, e.g. 980{clear}")
    parser.add_argument(
        "--fund",
        metavar="FUND",
        help=f"funding source: one of the site's funds (or part of its name){clear}",
    )


def _choices(values: Iterable[Any]) -> str:
    """`one of open, staffed, …`: an option's values (Chinese names are taken too)."""
    return "one of " + ", ".join(str(getattr(value, "value", value)) for value in values)


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `task …` to the CLI."""
    task = commands.add_parser("task", help="add, list, show, edit and move tasks")
    sub = task.add_subparsers(dest="action", required=True, metavar="ACTION")
    statuses = [s.value for s in Status]

    p = sub.add_parser("add", parents=[common], help="create a task")
    _task_options(p, editing=False)
    p.add_argument(
        "--repeat",
        metavar="RULE",
        help="make a series: daily, weekly:DAY[,DAY] (wed, 周三) or monthly:N",
    )
    p.add_argument("--until", metavar="DATE", help="the series' last day (default: open-ended)")
    p.add_argument("--status", type=values.choice(Status), help="column to start in (default open)")
    p.set_defaults(func=add)

    p = sub.add_parser("list", parents=[common], help="list tasks (archived only when asked)")
    p.add_argument("--status", action="append", type=values.choice(Status), help="repeatable")
    p.add_argument("--skill", type=names.skill, help="tasks that need this skill")
    p.add_argument("--site", type=names.site)
    p.add_argument("--kind", type=values.choice(Kind), help=_choices(Kind))
    p.add_argument("--text", help="search title, description, place, tags and reference")
    p.add_argument("--all", action="store_true", help="include archived tasks")
    p.add_argument(
        "--all-occurrences",
        action="store_true",
        help="every upcoming occurrence of a series, not only the next",
    )
    p.set_defaults(func=list_tasks)

    for name, func, text in (
        ("show", show, "every field of one task"),
        ("rm", remove, "remove a task (restorable)"),
        ("restore", restore, "bring back a removed task"),
        ("history", history, "who changed what, and when"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("ref", metavar="REF", help="task reference (funing-12) or id")
        p.set_defaults(func=func)

    p = sub.add_parser("edit", parents=[common], help="change fields of a task")
    p.add_argument("ref", metavar="REF")
    _task_options(p, editing=True)
    p.add_argument(
        "--following",
        action="store_true",
        help="a series' occurrence: change this one and every later one alike",
    )
    p.add_argument(
        "--leader",
        metavar="WHO",
        help="crew leader: a volunteer on the task (name, ref or phone); `-` clears it",
    )
    p.add_argument("--no-leader", action="store_true", help="the task has no crew leader")
    p.set_defaults(func=edit)

    p = sub.add_parser("move", parents=[common], help="move a task to another column")
    p.add_argument("ref", metavar="REF")
    p.add_argument(
        "new_status", metavar="STATUS", type=values.choice(Status), help=" ".join(statuses)
    )
    p.add_argument(
        "--force", action="store_true", help="move to done even with checklist items left"
    )
    p.set_defaults(func=move)

    p = sub.add_parser("check", parents=[common], help="set a checklist item's state")
    p.add_argument("ref", metavar="REF")
    p.add_argument("item", metavar="ITEM", help="item number (1…), id or exact text")
    p.add_argument(
        "--state", default="done", type=values.choice(ChecklistState), help=_choices(ChecklistState)
    )
    p.add_argument("--note", help="e.g. 不在家 (not home)")
    p.add_argument("--on", metavar="DATE", help="day of the visit (default today)")
    p.add_argument("--by", metavar="WHO", help="who went: a volunteer (name, ref, phone) or a name")
    p.set_defaults(func=check)

    p = sub.add_parser("note", parents=[common], help="write a checklist item's note")
    p.add_argument("ref", metavar="REF")
    p.add_argument("item", metavar="ITEM", help="item number (1…), id or exact text")
    p.add_argument("text", metavar="TEXT", help="the note ('' clears it)")
    p.set_defaults(func=note)
