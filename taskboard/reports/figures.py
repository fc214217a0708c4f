"""The figures a community office reports to the district, computed from raw records.

One pass over each table, no models built: the same figures feed the TUI's
charts, `taskboard report` and its CSV and HTML, so they must stay cheap at
district size (20,000 tasks) and agree everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from taskboard.i18n import _, language
from taskboard.model import Status, SuggestionStatus
from taskboard.model.rules import people
from taskboard.reports.suggestions import SuggestionView, count_statuses, suggestion_views
from taskboard.store import Store
from taskboard.store.queries import filled_slots
from taskboard.store.tables import Doc

ACTIVE_STATUSES = frozenset({Status.OPEN, Status.STAFFED, Status.IN_PROGRESS})
"""Columns whose tasks still need people: their unfilled slots make the skills gap."""
FINISHED_STATUSES = frozenset({Status.DONE, Status.ARCHIVED})
"""Columns of work that was carried out."""


@dataclass(frozen=True)
class SiteStatus:
    """How many of a site's tasks are in each column."""

    site: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Every task of the site."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class SkillGap:
    """Unfilled places needing a skill against the active volunteers who have it."""

    skill: str
    label: str
    open_slots: int
    volunteers: int

    @property
    def short(self) -> int:
        """How many more people with the skill are needed even if every one of them came."""
        return max(0, self.open_slots - self.volunteers)


@dataclass(frozen=True)
class SuggestionProgress:
    """Residents' suggestions at one site and how many became finished work."""

    site: str
    name: str
    suggestions: int
    """Suggestions recorded (each counted once, however many tasks answer it)."""
    in_work: int
    """Of those, planned or in progress (linked tasks not all done yet)."""
    done: int
    """Of those, done: every linked task done (or done and archived)."""
    hours: float
    """Volunteer hours logged on the tasks linked to them."""
    declined: int = 0
    """Of those, declined with a reason."""


@dataclass(frozen=True)
class Spending:
    """Money of the tasks that name one fund, or answer one residents' suggestion."""

    key: str
    """`site:fund` (`jingshan:社区公益金`), or the suggestion's reference (`funing-s3`)."""
    label: str
    """The fund's name, or the suggestion's number and text."""
    tasks: int
    """Tasks with a cost or an estimate counted here."""
    estimated: float
    spent: float
    site_name: str = ""
    """The name of the site whose fund it is; "" for a suggestion (its reference names it)."""

    @property
    def title(self) -> str:
        """The label with the site's name in front where there is one (`景山社区 · 专项资金`)."""
        return f"{self.site_name} · {self.label}" if self.site_name else self.label


@dataclass(frozen=True)
class Figures:
    """Everything the reports screen and `taskboard report` show."""

    status_by_site: list[SiteStatus]
    skills_gap: list[SkillGap]
    hours_by_month: list[tuple[str, float]]
    suggestions: list[SuggestionProgress]
    totals: dict[str, float] = field(default_factory=dict)
    """Headline numbers: tasks, open slots, volunteers, hours, suggestions, done suggestions,
    events' attendance, estimated and actual cost."""
    by_fund: list[Spending] = field(default_factory=list)
    """Spending per funding source (tasks without a fund under "no fund")."""
    by_suggestion: list[Spending] = field(default_factory=list)
    """Spending on the tasks answering each residents' suggestion."""


def active_people(store: Store) -> int:
    """Active volunteers, each person once however many sites they are registered at
    (records linked as one person, `model.rules.people`)."""
    docs = [doc for doc in store.volunteers.live() if doc.get("active", True)]
    person_of = people({doc["id"]: doc.get("links") or () for doc in docs})
    return len(set(person_of.values()))


def collect_figures(store: Store) -> Figures:
    """All report figures from the live records."""
    status = status_by_site(store)
    gap = skills_gap(store)
    months = hours_by_month(store)
    suggestions = suggestion_progress(store)
    totals = {
        "tasks": float(sum(site.total for site in status)),
        "open_slots": float(sum(item.open_slots for item in gap)),
        "volunteers": float(active_people(store)),
        "hours": round(sum(hours for _month, hours in months), 2),
        "suggestions": float(sum(item.suggestions for item in suggestions)),
        "suggestions_done": float(sum(item.done for item in suggestions)),
        **attendance_totals(store),
    }
    by_fund, by_suggestion = spending_by_fund(store), spending_by_suggestion(store)
    totals["cost_estimate"] = round(sum(item.estimated for item in by_fund), 2)
    totals["cost"] = round(sum(item.spent for item in by_fund), 2)
    return Figures(status, gap, months, suggestions, totals, by_fund, by_suggestion)


def attendance_totals(store: Store) -> dict[str, float]:
    """Events' expected and actual attendance, adults and minors, over live tasks
    (archived ones too: an archived event still happened)."""
    totals = dict.fromkeys(
        ("expected_adults", "expected_minors", "attended_adults", "attended_minors"), 0.0
    )
    for doc in store.tasks.live():
        for name in ("expected", "attended"):
            count = doc.get(name)
            if count:
                totals[f"{name}_adults"] += count["adults"]
                totals[f"{name}_minors"] += count["minors"]
    return totals


def _money(docs: Iterable[Doc]) -> tuple[int, float, float]:
    """(tasks with money, estimated, spent) of `docs`."""
    counted = [doc for doc in docs if doc.get("cost") is not None or doc.get("cost_estimate")]
    estimated = sum(float(doc.get("cost_estimate") or 0.0) for doc in counted)
    spent = sum(float(doc.get("cost") or 0.0) for doc in counted)
    return len(counted), round(estimated, 2), round(spent, 2)


def spending_by_fund(store: Store) -> list[Spending]:
    """Per site and funding source: tasks with money, estimated and actual cost.

    A fund is its site's own budget (`Site.funds`): 阜宁's and 景山's
    党组织服务群众专项资金 are two budgets with one name, so money is never added
    up across sites. In site order, then fund name order; a site's tasks without
    a fund last, under "no fund".
    """
    per_fund: dict[tuple[str, str], list[Doc]] = {}
    for doc in store.tasks.live():
        per_fund.setdefault((str(doc["site"]), str(doc.get("fund") or "")), []).append(doc)
    names = _site_names(store)
    found = []
    for site, fund in sorted(per_fund, key=lambda key: (key[0], key[1] == "", key[1])):
        count, estimated, spent = _money(per_fund[(site, fund)])
        if count:
            label = fund or _("no fund")
            site_name = names.get(site, site)
            found.append(Spending(f"{site}:{fund}", label, count, estimated, spent, site_name))
    return found


def spending_by_suggestion(store: Store) -> list[Spending]:
    """Per residents' suggestion: the money of its linked live tasks (those with any)."""
    tasks = store.tasks.docs()
    found = []
    for view in suggestion_views(store):
        linked = [
            doc
            for task_id in view.doc.get("tasks") or ()
            if (doc := tasks.get(task_id)) is not None and not doc.get("deleted")
        ]
        count, estimated, spent = _money(linked)
        if count:
            label = " ".join(part for part in (view.number, str(view.doc["text"])[:30]) if part)
            found.append(Spending(view.ref, label, count, estimated, spent))
    return found


def _site_names(store: Store) -> dict[str, str]:
    return {doc["id"]: doc["name"] for doc in store.sites.live()}


def status_by_site(store: Store) -> list[SiteStatus]:
    """Tasks per column per site, every known site listed, in site order."""
    counts: dict[str, Counter[str]] = {}
    for task in store.tasks.live():
        counts.setdefault(task["site"], Counter())[task["status"]] += 1
    names = _site_names(store)
    sites = sorted(set(names) | set(counts))
    return [
        SiteStatus(
            site,
            names.get(site, site),
            {status.value: counts.get(site, Counter())[status.value] for status in Status},
        )
        for site in sites
    ]


def skills_gap(store: Store) -> list[SkillGap]:
    """For every skill in the catalogue: open slots on active tasks, volunteers who have it."""
    filled = filled_slots(store)
    open_slots: Counter[str] = Counter()
    for task in store.tasks.live():
        if task["status"] not in ACTIVE_STATUSES:
            continue
        taken = filled.get(task["id"], Counter())
        for need in task.get("needs", []):
            open_slots[need["skill"]] += max(0, int(need["count"]) - taken[need["skill"]])
    people: Counter[str] = Counter()
    for volunteer in store.volunteers.live():
        if volunteer.get("active", True):
            people.update(volunteer.get("skills", {}).keys())
    lang = language()
    return [
        SkillGap(key, skill.label(lang), open_slots[key], people[key])
        for key, skill in sorted(store.skills.models().items())
    ]


def hours_by_month(store: Store) -> list[tuple[str, float]]:
    """Logged hours per calendar month (`2026-11`), oldest first."""
    months: dict[str, float] = {}
    for entry in store.hours.live():
        month = str(entry["date"])[:7]
        months[month] = months.get(month, 0.0) + float(entry["hours"])
    return [(month, round(hours, 2)) for month, hours in sorted(months.items())]


def suggestion_progress(store: Store) -> list[SuggestionProgress]:
    """Per site: residents' suggestions, and how far each got (counted once, however
    many tasks answer it; the rule is `model.suggestion.progress`)."""
    hours: dict[str, float] = {}
    for entry in store.hours.live():
        hours[entry["task"]] = hours.get(entry["task"], 0.0) + float(entry["hours"])
    per_site: dict[str, list[SuggestionView]] = {}
    for view in suggestion_views(store):
        per_site.setdefault(str(view.doc["site"]), []).append(view)
    names = _site_names(store)
    found = []
    for site, views in sorted(per_site.items()):
        counts = count_statuses(views)
        linked = {task for view in views for task in view.doc.get("tasks") or ()}
        found.append(
            SuggestionProgress(
                site=site,
                name=names.get(site, site),
                suggestions=len(views),
                in_work=counts[SuggestionStatus.PLANNED] + counts[SuggestionStatus.IN_PROGRESS],
                done=counts[SuggestionStatus.DONE],
                hours=round(sum(hours.get(str(task), 0.0) for task in linked), 2),
                declined=counts[SuggestionStatus.DECLINED],
            )
        )
    return found
