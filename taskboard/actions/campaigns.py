"""Visit campaign actions: start a campaign, import its households, run rounds, close it.

The rules of a campaign live here and nowhere else, so `taskboard campaign …`
and the board always do the same thing:

- a household is *finished* once a visit found someone (done) or the office
  decided not to go (skipped); it is *left* while it is to do or "not home"
  (`checklist.LEFT_STATES`) in its latest round, or in no round yet;
- opening the next round closes the current one (its task moves to Done) and
  turns every household left into the new round's checklist, keeping a note
  someone wrote ("晚上六点后在家") and dropping the standard "not home" note;
  a follow-up round falls in the evening by default (`[campaigns] evening` in
  the settings, `--window` per command), on the first weekday after today
  and after the round it follows (`next_round_day`);
- the first round takes every household;
- a campaign is closed with households left only when forced, naming how many;
- closing a round (closing it, creating the next task, recording the round) is
  one `Edit`: one undo takes all of it back.

Attempts are counted on the checklist item (`attempts`), and each visit is
also a `Visit` record with its day and who went (see `checklist.check_item`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from taskboard.actions.checklist import LEFT_STATES, is_not_home_note
from taskboard.actions.describe import CHECK_WORDS
from taskboard.actions.tasks import create_task, move_task
from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import _, ngettext
from taskboard.model import (
    Campaign,
    ChecklistItem,
    ChecklistState,
    HistoryEntry,
    Household,
    Kind,
    Round,
    Status,
    Task,
)
from taskboard.model.errors import describe_validation_error
from taskboard.store import InvalidRecord, NotFound, Store, StoreError
from taskboard.store.queries import task_day
from taskboard.store.records import DELETED
from taskboard.store.tables import Doc, Table

FINISHED = (ChecklistState.DONE, ChecklistState.SKIPPED)
"""A household in one of these states needs no further visit."""

COPIED_FIELDS = ("place", "needs", "tags", "prefer_group", "hours", "priority", "description")
"""What a follow-up round takes over from the round before it."""


class HouseholdsLeft(StoreError):
    """Closing a campaign while households are still to see."""

    def __init__(self, campaign: Campaign, left: int) -> None:
        words = ngettext(
            "{ref}: {count} household is not visited yet; close it anyway with --force",
            "{ref}: {count} households are not visited yet; close it anyway with --force",
            left,
        )
        super().__init__(words.format(ref=campaign.ref, count=left))
        self.campaign = campaign
        self.left = left


@dataclass(frozen=True)
class VisitLine:
    """One attempt at a household as the summary tells it."""

    on: dt.date
    state: str
    who: str
    round: int


@dataclass
class HouseholdStory:
    """One household across every round of its campaign."""

    household: Household
    state: ChecklistState | None
    """Its state in the latest round that holds it; None before its first round."""
    attempts: int = 0
    rounds: list[int] = field(default_factory=list)
    note: str = ""
    visits: list[VisitLine] = field(default_factory=list)

    @property
    def left(self) -> bool:
        """Still to see: to do or not home, or in no round yet."""
        return self.state is None or self.state in LEFT_STATES

    def words(self) -> str:
        """Where it stands: `done`, `not home`, `to visit again` or `not visited yet`."""
        if self.state in (None, ChecklistState.TODO):
            return _("to visit again") if self.attempts else _("not visited yet")
        return _(CHECK_WORDS[str(self.state)])


@dataclass
class Summary:
    """Where a campaign stands: every household's story, and how many are finished."""

    campaign: Campaign
    stories: list[HouseholdStory]
    round_refs: dict[int, str]
    """Round number → its task's reference."""

    @property
    def total(self) -> int:
        return len(self.stories)

    @property
    def finished(self) -> int:
        return sum(not story.left for story in self.stories)

    @property
    def left(self) -> list[HouseholdStory]:
        return [story for story in self.stories if story.left]

    def words(self) -> str:
        """ "No household missed", or how many are left."""
        if not self.stories:
            return _("no households yet")
        if not self.left:
            return _("no household missed")
        words = ngettext(
            "{left} of {total} household left", "{left} of {total} households left", self.total
        )
        return words.format(left=len(self.left), total=self.total)

    def progress(self) -> str:
        """`18/40 households`: how many are finished of how many."""
        words = ngettext("{done}/{total} household", "{done}/{total} households", self.total)
        return words.format(done=self.finished, total=self.total)

    def as_json(self) -> dict[str, Any]:
        """For `--json`: counts, rounds, and each household left with its attempts."""
        return {
            "campaign": self.campaign.ref,
            "title": self.campaign.title,
            "closed": self.campaign.closed,
            "households": self.total,
            "finished": self.finished,
            "no_household_missed": bool(self.stories) and not self.left,
            "rounds": [
                {"number": number, "task": ref} for number, ref in sorted(self.round_refs.items())
            ],
            "left": [
                {
                    "household": story.household.label,
                    "state": str(story.state) if story.state else None,
                    "attempts": story.attempts,
                    "note": story.note,
                    "visits": [
                        {"on": v.on.isoformat(), "state": v.state, "by": v.who, "round": v.round}
                        for v in story.visits
                    ],
                }
                for story in self.left
            ],
        }


@dataclass(frozen=True)
class RoundResult:
    """What opening a round did, for the CLI's message and the board's notice."""

    edit: Edit
    closed: str | None
    """The reference of the round task closed, if there was one."""
    opened: str | None
    """The reference of the new round's task; None when no household was left."""
    number: int
    """The new round's number (or the closed one's when none opened)."""
    households: int
    """Households in the new round."""


# Reading ---------------------------------------------------------------------------
def live_campaign(store: Store, ref: str) -> Campaign:
    """The live campaign `ref` (reference like `xingye-c1`, or id) names."""
    return store.campaigns.load(ref)


def campaign_of_task(store: Store, task_id: str) -> Campaign | None:
    """The live campaign one of whose rounds is this task, if any (campaigns are few)."""
    for doc in store.campaigns.live():
        if any(r["task"] == task_id for r in doc.get("rounds") or ()):
            return store.campaigns.model(doc)
    return None


def summarise(store: Store, campaign: Campaign) -> Summary:
    """Every household's story across the campaign's rounds, in the list's order."""
    stories = {h.id: HouseholdStory(h, None) for h in campaign.households}
    round_refs: dict[int, str] = {}
    tasks: dict[str, int] = {}
    for number_round in campaign.round_list():
        doc = store.tasks.get(number_round.task)
        if doc is None or doc.get(DELETED):
            continue
        round_refs[number_round.number] = str(doc["ref"])
        tasks[doc["id"]] = number_round.number
        for item in doc.get("checklist") or ():
            story = stories.get(item["id"])
            if story is None:
                continue
            story.state = ChecklistState(item["state"])
            story.attempts += int(item.get("attempts") or 0)
            story.rounds.append(number_round.number)
            story.note = str(item.get("note") or "")
    for visit in sorted(store.visits.live(), key=lambda doc: str(doc["id"])):  # same everywhere
        number = tasks.get(visit["task"])
        story = stories.get(visit["item"])
        if number is None or story is None:
            continue
        who = visitor_name(store, visit)
        on = dt.date.fromisoformat(visit["on"])
        story.visits.append(VisitLine(on, visit["state"], who, number))
    for story in stories.values():
        story.visits.sort(key=lambda v: (v.on, v.round))
    return Summary(campaign, list(stories.values()), round_refs)


def visits_of(store: Store, task_id: str) -> dict[str, list[Doc]]:
    """The visits recorded on a task, by checklist item id, oldest first."""
    found: dict[str, list[Doc]] = defaultdict(list)
    for visit in store.visits.live():
        if visit["task"] == task_id:
            found[visit["item"]].append(visit)
    for visits in found.values():
        visits.sort(key=lambda v: (v["on"], v["id"]))
    return found


def visit_lines(store: Store, task_id: str) -> dict[str, list[str]]:
    """Each checklist item's visits in words (`2026-12-05 田芳: not home`), by item id."""
    return {
        item: [visit_words(store, visit) for visit in visits]
        for item, visits in visits_of(store, task_id).items()
    }


def visit_descriptions(store: Store, task: Task) -> dict[str, str]:
    """Visit id → `1栋201: not home — 田芳, 2026-12-03` for each visit on the task (history)."""
    texts = {item.id: item.text for item in task.checklist}
    described: dict[str, str] = {}
    for visit in store.visits.live():
        if visit["task"] == task.id:
            who = visitor_name(store, visit) or "-"
            state = _(CHECK_WORDS.get(str(visit["state"]), str(visit["state"])))
            described[visit["id"]] = _("{item}: {state} — {who}, {on}").format(
                item=texts.get(visit["item"], visit["item"]), state=state, who=who, on=visit["on"]
            )
    return described


def visitor_name(store: Store, visit: Doc) -> str:
    """Who made a visit: the volunteer's name on the roster, else the name recorded."""
    person = store.volunteers.get(visit.get("volunteer") or "") if visit.get("volunteer") else None
    return str(person["name"]) if person is not None else str(visit.get("by") or "")


def history_with_visits(store: Store, task: Task) -> list[HistoryEntry]:
    """The task's history and the entries of its visits, oldest first (one pass)."""
    wanted = {task.id, *(v["id"] for v in store.visits.live() if v["task"] == task.id)}
    entries = [doc for doc in store.history.live() if doc["record"] in wanted]
    entries.sort(key=lambda doc: (doc["at"], doc["id"]))
    return [store.history.model(doc) for doc in entries]


def visit_words(store: Store, visit: Doc) -> str:
    """One visit as `task show` tells it."""
    who = visitor_name(store, visit) or "-"
    state = _(CHECK_WORDS.get(str(visit["state"]), str(visit["state"])))
    return _("{on} {who}: {state}").format(on=visit["on"], who=who, state=state)


def next_weekday(day: dt.date) -> dt.date:
    """The first Monday–Friday after `day` (the evening rounds are on working days)."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def next_round_day(store: Store, campaign: Campaign, today: dt.date) -> dt.date:
    """The default day of the next round: the first weekday after today and after the
    current round's day (a round planned for tomorrow is followed up the day after)."""
    latest = campaign.current_round()
    doc = store.tasks.get(latest.task) if latest is not None else None
    day = task_day(doc) if doc is not None else None
    return next_weekday(max(today, day or today))


# Changing --------------------------------------------------------------------------
def _valid(fields: Mapping[str, Any]) -> Campaign:
    try:
        return Campaign.model_validate(dict(fields))
    except ValidationError as error:
        raise InvalidRecord(describe_validation_error(error)) from error


def new_campaign(store: Store, fields: Mapping[str, Any]) -> Edit:
    """Store a new campaign of this site (no households, no rounds yet); undo removes it."""
    campaign = store.campaigns.create(_valid({"site": store.site, **fields}))
    label = _("Created campaign {ref}").format(ref=campaign.ref)
    return Edit(Table.CAMPAIGNS, campaign.id, {DELETED: True}, {DELETED: False}, label, "created")


@dataclass(frozen=True)
class Imported:
    """What a household list import did."""

    edit: Edit | None
    """None when the file changed nothing."""
    added: int
    updated: int
    unchanged: int


def import_households(store: Store, campaign_ref: str, rows: Sequence[Household]) -> Imported:
    """Add the list's new households and update the name, phone and note of known ones.

    A household is known by its address (building, unit, room). New households
    join the next round (or the first). All of it or nothing: the campaign is
    checked whole before it is written.
    """
    campaign = _open_campaign(live_campaign(store, campaign_ref))
    _merged_households(campaign, rows)  # refused before anything is written
    with store.transaction():
        campaign = _open_campaign(live_campaign(store, campaign.id))
        households, added, updated = _merged_households(campaign, rows)
        unchanged = len(rows) - added - updated
        if not added and not updated:
            return Imported(None, 0, 0, unchanged)
        replaced, written = apply_fields(
            store, Table.CAMPAIGNS, campaign.id, {"households": households}, "imported"
        )
    label = ngettext(
        "Imported {count} household into {ref}", "Imported {count} households into {ref}", len(rows)
    ).format(count=len(rows), ref=campaign.ref)
    edit = Edit(Table.CAMPAIGNS, campaign.id, replaced, written, label, "imported")
    return Imported(edit, added, updated, unchanged)


def _merged_households(
    campaign: Campaign, rows: Sequence[Household]
) -> tuple[list[dict[str, Any]], int, int]:
    by_address = {h.address: h for h in campaign.households}
    households = [h.model_dump(mode="json") for h in campaign.households]
    position = {h.id: number for number, h in enumerate(campaign.households)}
    added = updated = 0
    for row in rows:
        known = by_address.get(row.address)
        if known is None:
            households.append(row.model_dump(mode="json"))
            by_address[row.address] = row
            added += 1
            continue
        wanted = {"name": row.name, "phone": row.phone, "note": row.note}
        if any(getattr(known, name) != value for name, value in wanted.items()):
            households[position[known.id]] = {**households[position[known.id]], **wanted}
            updated += 1
    _valid({**campaign.model_dump(mode="json"), "households": households})
    return households, added, updated


def _open_campaign(campaign: Campaign) -> Campaign:
    if campaign.closed:
        raise InvalidRecord(_("campaign {ref} is closed").format(ref=campaign.ref))
    return campaign


def next_round(
    store: Store,
    campaign_ref: str,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    fields: Mapping[str, Any] | None = None,
) -> RoundResult:
    """Close the current round and open the next with the households left (see the module).

    `start`/`end` give the new round's window; the CLI and the board compute
    the default (the evening window on the next weekday). `fields` (needs,
    place…) apply to the new round's task over what it takes from the last one.
    """
    _round_plan(store, live_campaign(store, campaign_ref))  # refused before anything is written
    with store.transaction():
        campaign = live_campaign(store, campaign_ref)
        current, left = _round_plan(store, campaign)
        parts: list[Edit] = []
        closed = None
        if current is not None:
            closed = current.ref
            if current.status not in (Status.DONE, Status.ARCHIVED):
                parts.append(move_task(store, current.id, Status.DONE, force=True))
        latest = campaign.current_round()
        number = latest.number + 1 if latest is not None else 1
        if not left:
            if not parts:
                raise InvalidRecord(
                    _("{ref}: no household missed; nothing to visit again").format(ref=campaign.ref)
                )
            label = _("Closed round {n} of {ref}: no household missed").format(
                n=number - 1, ref=campaign.ref
            )
            return RoundResult(Edit.group(parts, label), closed, None, number - 1, 0)
        task_fields = _round_fields(store, campaign, current, left, number, start, end)
        task_fields.update(fields or {})
        created = create_task(store, task_fields)
        parts.append(created)
        rounds = [r.model_dump(mode="json") for r in campaign.rounds]
        rounds.append(Round(task=created.record_id, number=number).model_dump(mode="json"))
        replaced, written = apply_fields(
            store, Table.CAMPAIGNS, campaign.id, {"rounds": rounds}, "new round"
        )
        parts.append(Edit(Table.CAMPAIGNS, campaign.id, replaced, written, "", "new round"))
        opened = str(store.tasks.get(created.record_id)["ref"])  # type: ignore[index]
    label = ngettext(
        "Round {n} of {ref}: {count} household ({task})",
        "Round {n} of {ref}: {count} households ({task})",
        len(left),
    ).format(n=number, ref=campaign.ref, count=len(left), task=opened)
    return RoundResult(Edit.group(parts, label), closed, opened, number, len(left))


def _round_plan(store: Store, campaign: Campaign) -> tuple[Task | None, list[ChecklistItem]]:
    """The current round's task (None before the first) and the items of the next round."""
    _open_campaign(campaign)
    if not campaign.households:
        raise InvalidRecord(
            _("{ref} has no households yet: import a list with `campaign import`").format(
                ref=campaign.ref
            )
        )
    current_round = campaign.current_round()
    current = None
    if current_round is not None:
        doc = store.tasks.get(current_round.task)
        if doc is not None and not doc.get(DELETED):
            current = store.tasks.model(doc)
    summary = summarise(store, campaign)
    items = [
        ChecklistItem(
            id=story.household.id,
            text=story.household.label,
            note="" if is_not_home_note(story.note) else story.note,
        )
        for story in summary.stories
        if story.left
    ]
    return current, items


def _round_fields(
    store: Store,
    campaign: Campaign,
    current: Task | None,
    items: list[ChecklistItem],
    number: int,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": _("{title} · round {n}").format(title=campaign.title, n=number),
        "kind": Kind.VISITS,
        "site": campaign.site,
        "place": campaign.place,
        "description": campaign.description,
        "checklist": [item.model_dump(mode="json") for item in items],
        "start": start,
        "end": end,
    }
    if current is not None:
        previous = current.model_dump(mode="json")
        fields.update({name: previous[name] for name in COPIED_FIELDS if previous.get(name)})
    return fields


def evening_of(day: dt.date, window: tuple[dt.time, dt.time]) -> tuple[dt.datetime, dt.datetime]:
    """The window on `day` as a start and an end."""
    return dt.datetime.combine(day, window[0]), dt.datetime.combine(day, window[1])


def close_campaign(store: Store, campaign_ref: str, *, force: bool = False) -> Edit:
    """Close the campaign and every round task still open; with households left only when `force`.

    Closing ends the campaign's work, so no round of it may stay on the board as
    work to do: each round task not yet done (the current one, and an earlier one
    a coordinator reopened or never finished) moves to Done by `move_task`, in the
    same undoable edit. That hides nothing: what was visited and who is left stay
    in the visits and the summary, and households left already need `force`.
    Refusing instead would only make the coordinator move each round by hand,
    with `--force` past the same unvisited households.
    """
    _check_close(store, live_campaign(store, campaign_ref), force)
    with store.transaction():
        campaign = live_campaign(store, campaign_ref)
        _check_close(store, campaign, force)
        parts = [
            move_task(store, task_id, Status.DONE, force=True)
            for task_id in unfinished_rounds(store, campaign)
        ]
        replaced, written = apply_fields(
            store, Table.CAMPAIGNS, campaign.id, {"closed": True}, "closed"
        )
        parts.append(Edit(Table.CAMPAIGNS, campaign.id, replaced, written, "", "closed"))
    return Edit.group(parts, _("Closed campaign {ref}").format(ref=campaign.ref), "closed")


def unfinished_rounds(store: Store, campaign: Campaign) -> list[str]:
    """Ids of the campaign's live round tasks not yet done or archived, in round order."""
    found: list[str] = []
    for round_ in sorted(campaign.rounds, key=lambda r: r.number):
        doc = store.tasks.get(round_.task)
        if doc is not None and not doc.get(DELETED) and doc["status"] not in ("done", "archived"):
            found.append(str(doc["id"]))
    return found


def _check_close(store: Store, campaign: Campaign, force: bool) -> None:
    _open_campaign(campaign)
    left = len(summarise(store, campaign).left)
    if left and not force:
        raise HouseholdsLeft(campaign, left)


def round_numbers(campaigns: Iterable[Doc]) -> dict[str, tuple[str, int]]:
    """Task id → (campaign reference, round number) for every round of these campaigns."""
    found: dict[str, tuple[str, int]] = {}
    for doc in campaigns:
        for r in doc.get("rounds") or ():
            found[r["task"]] = (str(doc["ref"]), int(r["number"]))
    return found


def find_campaign(store: Store, ref: str) -> Campaign:
    """A live campaign by reference or id, with a message naming what exists otherwise."""
    try:
        return live_campaign(store, ref)
    except NotFound:
        known = sorted(str(doc["ref"]) for doc in store.campaigns.live())
        hint = _(" (campaigns: {refs})").format(refs=", ".join(known[:8])) if known else ""
        raise NotFound(_("no campaign {ref}{hint}").format(ref=repr(ref), hint=hint)) from None
