"""`taskboard match`, `assign`, `unassign` and `assignment set`: people to work, by the rules.

`match --task REF` ranks the eligible volunteers for one task (and with
`--why-not` says why the others may not take it); `match` alone drafts a
proposal for every open task, stored only with `--apply`. Manual assignments
are refused, with the reason, when they would break a hard rule.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from taskboard.cli import names, values
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.i18n import _, ngettext
from taskboard.matching.fit import FitContext
from taskboard.matching.propose import Line, Proposal, Unfilled, propose
from taskboard.matching.reasons import Reason, joined, when_text
from taskboard.matching.snapshot import Person, Snapshot
from taskboard.matching.suggest import Candidate, Ineligible, NeedMatch, TaskMatch, suggest
from taskboard.model import AssignmentState
from taskboard.settings import current_day
from taskboard.store.storage import gc_paused

if TYPE_CHECKING:  # the actions load the model classes: only the commands that store need them
    from taskboard.actions import Applied

STORE_STATES = (AssignmentState.PROPOSED.value, AssignmentState.CONFIRMED.value)
SET_STATES = (
    AssignmentState.CONFIRMED.value,
    AssignmentState.DECLINED.value,
    AssignmentState.DONE.value,
    AssignmentState.NO_SHOW.value,
    AssignmentState.PROPOSED.value,
)
DEFAULT_LIMIT = 10


def _today(ctx: Context) -> dt.date:
    given = getattr(ctx.args, "today", None)
    return values.date("--today", given) if given else current_day()


def _fit_context(ctx: Context) -> FitContext:
    snapshot = Snapshot.from_store(ctx.store(), _today(ctx))
    return FitContext.build(snapshot, ctx.settings.match)


# JSON shapes ------------------------------------------------------------------------------------
def _reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    return [reason.as_json() for reason in reasons]


def _person_json(person: Person) -> dict[str, Any]:
    return {"volunteer": person.id, "ref": person.ref, "name": person.name, "site": person.site}


def _need_json(match: NeedMatch, limit: int) -> dict[str, Any]:
    shown = match.candidates[:limit] if limit else match.candidates
    return {
        "skill": match.need.skill,
        "label": match.label,
        "count": match.need.count,
        "min_level": match.need.min_level,
        "filled": match.filled,
        "open": match.open,
        "eligible": len(match.candidates),
        "candidates": [
            {
                **_person_json(c.person),
                "fit": round(c.fit.score, 4),
                "reasons": _reasons_json(c.fit.reasons),
            }
            for c in shown
        ],
        "ineligible": [
            {**_person_json(i.person), "reasons": _reasons_json(i.reasons)}
            for i in match.ineligible
        ],
        "without_skill": match.without_skill,
    }


def _task_json(found: TaskMatch, limit: int) -> dict[str, Any]:
    job = found.job
    return {
        "task": {"id": job.id, "ref": job.ref, "title": job.title, "status": job.status},
        "needs": [_need_json(match, limit) for match in found.needs],
    }


def _line_json(line: Line) -> dict[str, Any]:
    return {
        "task": line.task,
        "ref": line.ref,
        "title": line.title,
        "skill": line.skill,
        "volunteer": line.person,
        "volunteer_ref": line.person_ref,
        "name": line.name,
        "fit": round(line.fit, 4),
        "reasons": line.reasons,  # written by orjson as {"code", "text"}, like `as_json`
    }


def _unfilled_json(entry: Unfilled) -> dict[str, Any]:
    return {
        "task": entry.task,
        "ref": entry.ref,
        "title": entry.title,
        "skill": entry.skill,
        "missing": entry.missing,
        "reason": entry.reason.as_json(),
    }


def _applied_json(applied: Applied | None, state: str) -> dict[str, Any] | None:
    if applied is None:
        return None
    return {
        "state": state,
        "assignments": applied.assignments,
        "skipped": [
            {"task": p.task, "skill": p.skill, "volunteer": p.person, "reason": r.as_json()}
            for p, r in applied.skipped
        ],
        "staffed": applied.staffed,
        "reopened": applied.reopened,
    }


def _proposal_json(proposal: Proposal, applied: Applied | None, state: str) -> dict[str, Any]:
    return {
        "method": proposal.method,
        "slots": proposal.slots,
        "filled": proposal.filled,
        "fit": round(proposal.fit, 4),
        "notes": proposal.notes,
        "solver": _outcome_json(proposal.solver.filled, proposal.solver.fit),
        "greedy": _outcome_json(proposal.greedy.filled, proposal.greedy.fit),
        "lines": [_line_json(line) for line in proposal.lines],
        "unfilled": [_unfilled_json(entry) for entry in proposal.unfilled],
        "applied": _applied_json(applied, state),
    }


def _outcome_json(filled: int, fit: float) -> dict[str, Any]:
    return {"filled": filled, "fit": round(fit, 4)}


# Text -------------------------------------------------------------------------------------------
def _need_heading(match: NeedMatch) -> str:
    level = f" ({_('level')} ≥ {match.need.min_level})" if match.need.min_level > 1 else ""
    return _("{skill} {filled}/{count}{level}: {open} open, {eligible} eligible").format(
        skill=match.label,
        filled=match.filled,
        count=match.need.count,
        level=level,
        open=match.open,
        eligible=len(match.candidates),
    )


def _candidate_rows(candidates: tuple[Candidate, ...]) -> list[list[str]]:
    return [
        [str(rank), c.person.label, f"{c.fit.score:.2f}", joined(c.fit.reasons)]
        for rank, c in enumerate(candidates, 1)
    ]


def _ineligible_rows(refused: tuple[Ineligible, ...]) -> list[list[str]]:
    return [[i.person.label, joined(i.reasons)] for i in refused]


def _task_text(found: TaskMatch, limit: int, why_not: bool) -> str:
    job = found.job
    lines = [
        f"{job.ref}  {job.title} · {when_text(job.timing.start, job.timing.end, job.timing.due)}"
    ]
    headers = [_("#"), _("Volunteer"), _("Fit"), _("Reasons")]
    for match in found.needs:
        lines += ["", _need_heading(match)]
        shown = match.candidates[:limit] if limit else match.candidates
        rows = _candidate_rows(shown)
        if rows:
            lines.append(table(headers, rows, max_width=120))
        else:
            lines.append("  " + _("No one eligible."))
        if len(match.candidates) > len(shown):
            more = len(match.candidates) - len(shown)
            lines.append("  " + _("… and {n} more (use --limit 0 for all)").format(n=more))
        if why_not and match.ineligible:
            refused = table(
                [_("Volunteer"), _("Why not")], _ineligible_rows(match.ineligible), max_width=120
            )
            lines += [_("Not eligible:"), refused]
        if why_not and match.without_skill:
            lines.append(
                ngettext(
                    "{n} other active volunteer does not have {skill}.",
                    "{n} other active volunteers do not have {skill}.",
                    match.without_skill,
                ).format(n=match.without_skill, skill=match.label)
            )
    return "\n".join(lines)


def _proposal_text(proposal: Proposal) -> str:
    tasks = len({line.task for line in proposal.lines} | {u.task for u in proposal.unfilled})
    summary = ngettext(
        "Proposal: {filled} of {slots} open slot filled on {tasks}, total fit {fit} ({method})",
        "Proposal: {filled} of {slots} open slots filled on {tasks}, total fit {fit} ({method})",
        proposal.slots,
    ).format(
        filled=proposal.filled,
        slots=proposal.slots,
        tasks=ngettext("{n} task", "{n} tasks", tasks).format(n=tasks),
        fit=f"{proposal.fit:.2f}",
        method=_(proposal.method),
    )
    lines = [summary, *(f"  {note}" for note in proposal.notes)]
    if proposal.lines:
        headers = [_("Ref"), _("Task"), _("Skill"), _("Volunteer"), _("Fit"), _("Reasons")]
        rows = [
            [
                line.ref,
                line.title,
                line.skill_label,
                f"{line.name} ({line.person_ref})",
                f"{line.fit:.2f}",
                joined(line.reasons),
            ]
            for line in proposal.lines
        ]
        lines += ["", table(headers, rows, max_width=100)]
    if proposal.unfilled:
        headers = [_("Ref"), _("Task"), _("Skill"), _("Missing"), _("Why")]
        rows = [
            [u.ref, u.title, u.skill_label, str(u.missing), u.reason.text]
            for u in proposal.unfilled
        ]
        lines += ["", _("Unfilled:"), table(headers, rows, max_width=100)]
    return "\n".join(lines)


def _applied_text(
    applied: Applied, state: str, refs: dict[str, str], skills: dict[str, str]
) -> list[str]:
    """What `match --apply` stored and skipped; `skills` maps skill keys to their labels."""
    count = len(applied.assignments)
    stored = ngettext(
        "Stored {n} assignment as {state}.", "Stored {n} assignments as {state}.", count
    )
    lines = [stored.format(n=count, state=_(state))]
    for placement, why in applied.skipped:
        ref = refs.get(placement.task, placement.task)
        lines.append(
            _("Skipped {ref} {skill}: {reason}").format(
                ref=ref, skill=skills.get(placement.skill, placement.skill), reason=why.text
            )
        )
    if applied.staffed:
        lines.append(_("Now staffed: {refs}").format(refs=", ".join(applied.staffed)))
    if applied.reopened:
        lines.append(_("Open again: {refs}").format(refs=", ".join(applied.reopened)))
    return lines


# Commands ---------------------------------------------------------------------------------------
def match(ctx: Context) -> int:
    """Rank volunteers for one task, or draft (and with --apply store) a whole-board proposal."""
    args = ctx.args
    if args.limit < 0:
        raise values.OptionError(f"--limit {args.limit}: must be 0 (all) or more")
    if args.task is None and args.why_not:
        raise values.OptionError("--why-not needs --task REF (it explains one task's candidates)")
    if args.task is not None and args.apply:
        raise values.OptionError(
            "--apply stores a whole-board proposal;"
            " for one task use `taskboard assign REF VOLUNTEER`"
        )
    if args.only is not None and not args.apply:
        raise values.OptionError("--only REF needs --apply (it stores that task's lines only)")
    # Matching builds hundreds of thousands of short-lived objects that hold no cycles
    # (a district's candidates, lines, reasons, JSON); collecting while building them
    # walks them all again and again, a second of the district-wide match.
    with gc_paused(freeze=False):
        return _match_task(ctx) if args.task is not None else _match_board(ctx)


def _match_task(ctx: Context) -> int:
    store = ctx.store()
    task_id = store.tasks.find(ctx.args.task)["id"]
    ctx.warn_if_passed(store.task(task_id), _today(ctx))
    found = suggest(_fit_context(ctx), task_id, why_not=ctx.args.why_not)
    if ctx.json:
        ctx.emit(_task_json(found, ctx.args.limit))
    else:
        ctx.echo(_task_text(found, ctx.args.limit, ctx.args.why_not))
    return 0


def _match_board(ctx: Context) -> int:
    proposal = propose(_fit_context(ctx))
    state = ctx.args.state
    applied = None
    only = ctx.store().tasks.find(ctx.args.only)["id"] if ctx.args.only else None
    if ctx.args.apply and proposal.lines:
        from taskboard.actions import accept_proposal

        applied = accept_proposal(
            ctx.store(),
            [line.placement for line in proposal.lines],
            task=only,
            state=state,
            today=_today(ctx),
            settings=ctx.settings.match,
        )
    if ctx.json:
        ctx.emit(_proposal_json(proposal, applied, state))
        return 0
    ctx.echo(_proposal_text(proposal))
    if applied is not None:
        refs = {line.task: line.ref for line in proposal.lines}
        skills = {line.skill: line.skill_label for line in proposal.lines}
        ctx.echo("\n".join(_applied_text(applied, state, refs, skills)))
    elif proposal.lines:
        ctx.say("Nothing was stored: add --apply to store these lines as {state}.", state=_(state))
    return 0


def assign_command(ctx: Context) -> int:
    """Put one volunteer on one task, if every hard rule allows it."""
    from taskboard.actions import assign

    args = ctx.args
    ctx.warn_if_passed(ctx.store().task(args.ref), _today(ctx))
    applied = assign(
        ctx.store(),
        args.ref,
        args.volunteer,
        skill=args.skill,
        state=args.state,
        today=_today(ctx),
        settings=ctx.settings.match,
    )
    _report(ctx, applied, args.state)
    return 0


def _report(ctx: Context, applied: Applied, state: str) -> None:
    if ctx.json:
        ctx.emit(_applied_json(applied, state))
        return
    for change in applied.changes:
        ctx.echo(f"{_(change.action)}: {change.label}")
    if applied.staffed:
        ctx.say("Now staffed: {refs}", refs=", ".join(applied.staffed))
    if applied.reopened:
        ctx.say("Open again: {refs}", refs=", ".join(applied.reopened))


def unassign_command(ctx: Context) -> int:
    """Take a volunteer off a task (restorable, and the removal syncs)."""
    from taskboard.actions import unassign

    args = ctx.args
    applied = unassign(
        ctx.store(), args.ref, args.volunteer, skill=args.skill, settings=ctx.settings.match
    )
    _report(ctx, applied, "deleted")
    return 0


def set_state_command(ctx: Context) -> int:
    """Move an assignment along: confirmed, declined (offers the next candidate), done, no-show."""
    from taskboard.actions import set_state

    args = ctx.args
    applied = set_state(
        ctx.store(),
        args.ref,
        args.volunteer,
        args.new_state,
        skill=args.skill,
        today=_today(ctx),
        settings=ctx.settings.match,
        offer_next=not args.no_offer,
    )
    offered = applied.offered
    if ctx.json:
        data = _applied_json(applied, args.new_state) or {}
        data["offered"] = (
            {**_person_json(offered.person), "fit": round(offered.fit.score, 4)}
            if offered
            else None
        )
        ctx.emit(data)
        return 0
    _report(ctx, applied, args.new_state)
    if args.new_state == AssignmentState.DECLINED and not args.no_offer:
        if offered is None:
            ctx.say("No one else is eligible for this slot.")
        else:
            ctx.say(
                "Offered the slot to {name} (fit {fit}): {reasons}",
                name=offered.person.label,
                fit=f"{offered.fit.score:.2f}",
                reasons=joined(offered.fit.reasons),
            )
    return 0


# Parser -----------------------------------------------------------------------------------------
def _today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today", metavar="DATE", help="judge the rules as of this date (default: today)"
    )


def _person_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="REF", help="task reference (funing-12) or id")
    parser.add_argument("volunteer", metavar="VOLUNTEER", help="reference, id, name or phone")
    parser.add_argument(
        "--skill", type=names.skill, help="which needed skill (when the person could fill several)"
    )


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `match`, `assign`, `unassign` and `assignment set` to the CLI."""
    p = commands.add_parser(
        "match", parents=[common], help="rank volunteers for a task, or propose for every open task"
    )
    p.add_argument("--task", metavar="REF", help="rank candidates for this task only")
    p.add_argument("--why-not", action="store_true", help="with --task: list who may not, and why")
    p.add_argument("--apply", action="store_true", help="store the whole-board proposal")
    p.add_argument(
        "--state",
        type=values.choice(STORE_STATES),
        default="proposed",
        help="state to store with --apply: " + " or ".join(STORE_STATES),
    )
    p.add_argument("--only", metavar="REF", help="with --apply: store the lines of this task only")
    p.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help="candidates per skill with --task (0 = all)",
    )
    _today_option(p)
    p.set_defaults(func=match)

    p = commands.add_parser(
        "assign", parents=[common], help="put a volunteer on a task (rules checked)"
    )
    _person_arguments(p)
    p.add_argument("--state", type=values.choice(STORE_STATES), default="proposed")
    _today_option(p)
    p.set_defaults(func=assign_command)

    p = commands.add_parser("unassign", parents=[common], help="take a volunteer off a task")
    _person_arguments(p)
    p.set_defaults(func=unassign_command)

    group = commands.add_parser("assignment", help="change an assignment's state")
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = sub.add_parser("set", parents=[common], help="confirmed, declined, done or no_show")
    p.add_argument("ref", metavar="REF", help="task reference (funing-12) or id")
    p.add_argument("volunteer", metavar="VOLUNTEER", help="reference, id, name or phone")
    p.add_argument(
        "new_state", metavar="STATE", type=values.choice(SET_STATES), help=" ".join(SET_STATES)
    )
    p.add_argument(
        "--skill", type=names.skill, help="which slot (when the person holds several on the task)"
    )
    p.add_argument(
        "--no-offer",
        action="store_true",
        help="on declined, do not offer the slot to the next person",
    )
    _today_option(p)
    p.set_defaults(func=set_state_command)
