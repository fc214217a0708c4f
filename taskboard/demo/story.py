"""The five Xiangzhou communities of the seed news story as a small, lifelike data set.

Coordinators judge the app by whether the board looks like their own office's
work, so the content follows the story: Funing's micro-renovation of 朱庆花园南区
built from 21 resident suggestions, Jingshan's red-story afternoon, Yuecheng's
dance troupe, Xingye's military spouses and Chunhui's party members helping the
census door to door. Dates are placed around `today` so the board always shows
finished, current, overdue and coming work, and scheduled work falls on fixed
weekdays so the assignments respect the volunteers' weekly availability whatever
day `today` is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence

from taskboard.demo.dataset import Dataset, SeededIds
from taskboard.model.campaign import Campaign, Household, Round, Visit
from taskboard.model.common import (
    DAYS,
    AssignmentState,
    ChecklistState,
    Kind,
    Priority,
    Status,
)
from taskboard.model.repeat import crew_entry
from taskboard.model.series import Series, occurrence_of
from taskboard.model.site import Site
from taskboard.model.suggestion import Decision, Suggestion
from taskboard.model.task import (
    Assignment,
    ChecklistItem,
    Headcount,
    HoursEntry,
    Need,
    Origin,
    Task,
)
from taskboard.model.volunteer import Away, Volunteer

DISTRICT = "香洲区"

STORY_SITES: tuple[tuple[str, str, str, str, str], ...] = (
    ("funing", "阜宁社区", "翠香街道", "李主任", "0756-2212345"),
    ("jingshan", "景山社区", "吉大街道", "王书记", "0756-3331208"),
    ("yuecheng", "岳城社区", "梅华街道", "陈主任", "0756-2215566"),
    ("xingye", "兴业社区", "翠香街道", "刘书记", "0756-2218870"),
    ("chunhui", "春晖社区", "凤山街道", "黄主任", "0756-3336612"),
)
"""(id, name, street, coordinator, office phone) of the story's communities; the first is
the local site."""

PARTY_FUND = "党组织服务群众专项资金"
COMMUNITY_FUND = "社区公益金"
"""The funds every story community pays work from (the seed praises spending the first
on what residents asked for)."""

_ESTATE = "朱庆花园南区"
_RESIDENTS = "朱庆花园南区居民代表"
_MEETING = "7月居民议事会"

_WISHES: dict[int, str] = {
    1: "小区内围墙生锈",
    2: "希望合理利用小区内种植的植物空间",
    3: "3栋旁绿化带杂草丛生",
    4: "路灯坏了好几盏,晚上出行不安全",
    5: "主干道太暗,希望增加路灯",
    6: "小区没有监控,电动车经常被偷",
    7: "停车棚和后门没有监控",
    8: "老人没有休息的地方,希望增加座椅",
    9: "凉亭座椅松动,坐着晃",
    10: "角落的水泥墩斑驳难看",
    11: "楼道堆放杂物,卫生差",
    12: "天台堆满杂物,有消防隐患",
    13: "单元门禁坏了,陌生人随便进出",
    14: "垃圾桶太少,垃圾经常满出来",
    15: "希望在小区里多划一些停车位",
    16: "楼道里小广告太多",
    17: "信报箱锈坏了,信件经常丢",
    18: "健身器材生锈松动,老人锻炼不安全",
    19: "下雨天南门积水,进出要蹚水",
    20: "希望公布改造进展,让居民心里有数",
    21: "楼栋号褪色,快递和访客找不到楼",
}
"""The 21 suggestions of the July residents' meeting, by number: #1 and #2 worded as
the seed story quotes them, the others of the same kind."""

_Window = tuple[int, str, str, str]
"""(week, weekday, start, end): `week` 1 is the next such weekday, -1 the last one."""

_Crew = tuple[str, str] | tuple[str, str, AssignmentState]
"""(volunteer name, skill) or (name, skill, state) for one assignment."""

_Household = tuple[str, ChecklistState, int, str]
"""(text, state, attempts, note) of one checklist item."""

_DONE, _RETRY, _TODO, _SKIPPED = (
    ChecklistState.DONE,
    ChecklistState.RETRY,
    ChecklistState.TODO,
    ChecklistState.SKIPPED,
)

_RESIDENT_NAMES = ("张秀英", "王建华", "刘芳", "陈伟", "李娜", "杨洋", "赵敏", "黄磊", "周静")
"""Residents named on the household lists (private: redacted exports withhold them)."""

_PHONE_PREFIXES = ("130", "135", "136", "137", "138", "139", "150", "152", "158", "186", "189")
_DEFAULT_STATE = {
    Status.SUGGESTED: AssignmentState.PROPOSED,
    Status.OPEN: AssignmentState.PROPOSED,
    Status.STAFFED: AssignmentState.CONFIRMED,
    Status.IN_PROGRESS: AssignmentState.CONFIRMED,
    Status.DONE: AssignmentState.DONE,
    Status.ARCHIVED: AssignmentState.DONE,
}
"""What an assignment on a task in each column has usually come to."""


def story_sites() -> list[Site]:
    """The five communities of the story, the local one (Funing) first."""
    return [
        Site(
            id=site_id,
            name=name,
            street=street,
            district=DISTRICT,
            coordinator=coordinator,
            phone=phone,
            funds=[PARTY_FUND, COMMUNITY_FUND],
        )
        for site_id, name, street, coordinator, phone in STORY_SITES
    ]


def story_dataset(today: dt.date) -> Dataset:
    """The story's communities, roster and work, dated around `today`.

    Two calls with the same `today` return equal records, ids included.
    """
    story = _Story(today)
    _funing_volunteers(story)
    _jingshan_volunteers(story)
    _yuecheng_volunteers(story)
    _xingye_volunteers(story)
    _chunhui_volunteers(story)
    _funing_tasks(story)
    _jingshan_tasks(story)
    _yuecheng_tasks(story)
    _xingye_tasks(story)
    _chunhui_tasks(story)
    _registered_twice(story)

    _yuecheng_rehearsals(story)
    return story.dataset()


def _weekday_date(today: dt.date, week: int, day: str) -> dt.date:
    """The `week`-th `day` (e.g. `sat`) after `today`, or before it when `week` < 0."""
    if week == 0:
        raise ValueError("week counts from 1 (after today) or -1 (before today)")
    target = DAYS.index(day)
    if week > 0:
        ahead = (target - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead + 7 * (week - 1))
    behind = (today.weekday() - target) % 7 or 7
    return today - dt.timedelta(days=behind + 7 * (-week - 1))


def _meeting_date(today: dt.date) -> dt.date:
    """The July residents' meeting where the 21 suggestions were collected.

    The latest 18 July at least five weeks back, so that it comes before every
    task made from it, including the finished ones.
    """
    this_year = dt.date(today.year, 7, 18)
    if this_year <= today - dt.timedelta(days=35):
        return this_year
    return dt.date(today.year - 1, 7, 18)


def _rank_columns(tasks: Sequence[Task]) -> None:
    """Number the cards of each column: most urgent first, then soonest."""
    urgency = {priority: index for index, priority in enumerate(reversed(Priority))}
    columns: dict[Status, list[Task]] = {}
    for task in tasks:
        columns.setdefault(task.status, []).append(task)
    for column in columns.values():
        column.sort(key=lambda task: (urgency[task.priority], task.when() or dt.date.max))
        for position, task in enumerate(column, start=1):
            task.rank = float(position)


class _Story:
    """Collects the story's records, minting ids and refs as they are added."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.meeting = _meeting_date(today)
        self.sites = story_sites()
        self._site_names = {site.id: site.name for site in self.sites}
        self._ids = SeededIds("xiangzhou-story", today - dt.timedelta(days=60))
        self._phones = random.Random("xiangzhou-story-phones")
        self._refs: Counter[str] = Counter()
        self.by_name: dict[str, Volunteer] = {}
        self.tasks: list[Task] = []
        self.assignments: list[Assignment] = []
        self.hours: list[HoursEntry] = []
        self.answers: dict[int, list[str]] = {}
        """Suggestion number → ids of the tasks that answer it."""
        self.suggestions: list[Suggestion] = []
        self.campaigns: list[Campaign] = []
        self.visits: list[Visit] = []
        self.series: list[Series] = []

    def dataset(self) -> Dataset:
        _rank_columns(self.tasks)
        return Dataset(
            site=self.sites[0],
            sites=self.sites,
            volunteers=list(self.by_name.values()),
            tasks=self.tasks,
            assignments=self.assignments,
            hours=self.hours,
            suggestions=self.suggestions,
            campaigns=self.campaigns,
            visits=self.visits,
            series=self.series,
        )

    def second_record(self, name: str, site: str, skills: dict[str, int], slots: str) -> None:
        """`name` registered at `site` too (党员“双报到”: where they live and where they
        work), with the same phone, the two records linked as one person. Made after
        everything else, so that no other record's id or reference moves."""
        first = self.by_name[name]
        second = first.model_copy(
            update={
                "id": self._ids(),
                "ref": f"{site}-v{self._ref(site + '-v')}",
                "site": site,
                "skills": skills,
                "availability": slots.split(),
                "links": [first.id],
            }
        )
        first.links = [second.id]
        self.by_name[f"{name}@{site}"] = second

    def _ref(self, prefix: str) -> int:
        self._refs[prefix] += 1
        return self._refs[prefix]

    def _phone(self) -> str:
        return f"{self._phones.choice(_PHONE_PREFIXES)}{self._phones.randrange(10**8):08d}"

    def _day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def volunteer(
        self,
        site: str,
        name: str,
        skills: dict[str, int],
        slots: str,
        *,
        groups: str = "",
        certs: dict[str, int] | None = None,
        minor: bool = False,
        phone: bool = True,
        away: tuple[int, int] | None = None,
        max_hours: float | None = None,
        consent: bool = True,
        notes: str = "",
    ) -> None:
        """Add one person; `certs` and `away` are in days from today."""
        if name in self.by_name:
            raise ValueError(f"two volunteers named {name}")
        self.by_name[name] = Volunteer(
            id=self._ids(),
            ref=f"{site}-v{self._ref(site + '-v')}",
            name=name,
            phone=self._phone() if phone else None,
            skills=skills,
            certs={skill: self._day(days) for skill, days in (certs or {}).items()},
            minor=minor,
            groups=groups.split(),
            availability=slots.split(),
            away=[Away(start=self._day(away[0]), end=self._day(away[1]))] if away else [],
            site=site,
            max_hours=max_hours,
            consent=consent,
            notes=notes,
        )

    def task(
        self,
        site: str,
        title: str,
        kind: Kind,
        status: Status,
        *,
        place: str,
        needs: Sequence[tuple[str, int, int]],
        description: str = "",
        priority: Priority = Priority.NORMAL,
        at: _Window | None = None,
        due: int | None = None,
        hours: float | None = None,
        answers: int | tuple[int, ...] = (),
        tags: str = "",
        prefer_group: str | None = None,
        checklist: Sequence[_Household] = (),
        crew: Sequence[_Crew] = (),
        expected: tuple[int, int] | None = None,
        attended: tuple[int, int] | None = None,
        money: tuple[float | None, float | None] | None = None,
        leader: str | None = None,
    ) -> Task:
        """Add one task with its assignments (and hours, once it is done).

        `needs` are (skill, count, min_level); `due` is in days from today;
        `answers` are the numbers of the July meeting's suggestions the task
        answers (each suggestion is linked to it by `wish`); `expected` and
        `attended` are (adults, minors); `money` is (estimate, cost) in yuan,
        paid from the party-service fund; `leader` names the crew member who leads it.
        """
        start, end = self._window(at) if at else (None, None)
        if hours is None and start and end:
            hours = (end - start).total_seconds() / 3600
        task = Task(
            id=self._ids(),
            ref=f"{site}-{self._ref(site)}",
            title=title,
            description=description,
            kind=kind,
            status=status,
            site=site,
            place=place,
            priority=priority,
            start=start,
            end=end,
            due=self._day(due) if due is not None else None,
            hours=hours,
            needs=[
                Need(skill=skill, count=count, min_level=level) for skill, count, level in needs
            ],
            origin=self._origin(answers),
            tags=tags.split(),
            checklist=[self._item(*household) for household in checklist],
            prefer_group=prefer_group,
            expected=Headcount(adults=expected[0], minors=expected[1]) if expected else None,
            attended=Headcount(adults=attended[0], minors=attended[1]) if attended else None,
            cost_estimate=money[0] if money else None,
            cost=money[1] if money else None,
            fund=PARTY_FUND if money else None,
            leader=self.by_name[leader].id if leader else None,
        )
        assert leader is None or leader in [member[0] for member in crew], "a leader is on the crew"
        self.tasks.append(task)
        for number in (answers,) if isinstance(answers, int) else answers:
            self.answers.setdefault(number, []).append(task.id)
        for member in crew:
            self._assign(task, member)
        return task

    def repeat(
        self, template: Task, rule: str, crew: Sequence[_Crew], *, until: dt.date | None = None
    ) -> Series:
        """A series made of `template` (not stored itself) from its day on, every occurrence up
        to the horizon, the standing `crew` proposed for each (as `series crew add` does)."""
        first = template.when()
        if first is None:
            raise ValueError("a series needs a first day")
        series = Series(
            id=self._ids(),
            ref=f"{template.site}-r{self._ref(template.site + '-r')}",
            site=template.site,
            title=template.title,
            repeat=rule,
            first=first,
            until=until,
            crew=[crew_entry(self.by_name[name].id, skill) for name, skill, *_rest in crew],
        )
        self.series.append(series)
        shape = template.model_dump(mode="json")
        for day in series.due_dates(self.today):
            task = occurrence_of(series, shape, day)
            self.tasks.append(task)
            for name, skill, *_rest in crew:
                self._assign(task, (name, skill, AssignmentState.PROPOSED))
        return series

    def campaign(
        self, title: str, place: str, rounds: Sequence[Task], visitors: Sequence[str] = ()
    ) -> None:
        """A visit campaign over the households of `rounds` (first round first).

        A household is known by its item's text; its items in later rounds take
        the id of its first, so its attempts read as one story. Every attempt a
        round's checklist counts becomes a visit by the round's crew (else by
        `visitors`), on the days before the round's date (or today, for a round
        still going on).
        """
        households: dict[str, Household] = {}
        for task in rounds:
            for index, item in enumerate(task.checklist):
                known = households.get(item.text)
                if known is None:
                    building, _, room = item.text.partition("栋")
                    number = len(households)
                    known = households[item.text] = Household(
                        id=item.id,
                        building=building,
                        room=room,
                        name=_RESIDENT_NAMES[number % len(_RESIDENT_NAMES)] if number % 3 else "",
                        phone=self._phone() if number % 2 else None,
                    )
                task.checklist[index] = item.model_copy(update={"id": known.id})
        site = rounds[0].site
        self.campaigns.append(
            Campaign(
                id=self._ids(),
                ref=f"{site}-c{self._ref(site + '-c')}",
                title=title,
                site=site,
                place=place,
                households=list(households.values()),
                rounds=sorted(
                    (Round(task=task.id, number=n) for n, task in enumerate(rounds, 1)),
                    key=lambda r: r.task,  # as a merge keeps them: by task id
                ),
            )
        )
        for task in rounds:
            self._visits(task, [self.by_name[name].id for name in visitors])

    def _visits(self, task: Task, visitors: list[str]) -> None:
        crew = [a.volunteer for a in self.assignments if a.task == task.id] or visitors
        day = min(task.when() or self.today, self.today)
        for number, item in enumerate(task.checklist):
            for attempt in range(item.attempts):
                last = attempt == item.attempts - 1
                state = item.state if last and item.state in (_DONE, _RETRY) else _RETRY
                self.visits.append(
                    Visit(
                        id=self._ids(),
                        task=task.id,
                        item=item.id,
                        on=day - dt.timedelta(days=2 * (item.attempts - 1 - attempt)),
                        state=state,
                        volunteer=crew[(number + attempt) % len(crew)] if crew else None,
                        by="" if crew else f"{self._site_names[task.site]}居委会",
                    )
                )

    def _window(self, at: _Window) -> tuple[dt.datetime, dt.datetime]:
        week, day, start, end = at
        date = _weekday_date(self.today, week, day)
        return (
            dt.datetime.combine(date, dt.time.fromisoformat(start)),
            dt.datetime.combine(date, dt.time.fromisoformat(end)),
        )

    def _origin(self, answers: int | tuple[int, ...]) -> Origin | None:
        """Where the work came from, in the coordinator's words: the meeting's suggestion."""
        numbers = (answers,) if isinstance(answers, int) else answers
        if not numbers:
            return None
        said = "、".join(f"第{n}条:“{_WISHES[n]}”" for n in numbers)
        return Origin(source=_RESIDENTS, date=self.meeting, note=f"居民建议{said}")

    def wish(
        self,
        number: int,
        *,
        place: str = "",
        raised_by: str = _RESIDENTS,
        photos: Sequence[str] = (),
        reason: str = "",
    ) -> None:
        """Add suggestion `#number` of the July meeting (its words from `_WISHES`), linked to
        the tasks that answer it.

        With a `reason` it was declined; otherwise it was accepted.
        """
        self.suggestions.append(
            Suggestion(
                id=self._ids(),
                ref=f"funing-s{self._ref('funing-s')}",
                site="funing",
                number=number,
                text=_WISHES[number],
                raised_by=raised_by,
                date=self.meeting,
                source=_MEETING,
                place=place,
                photos=list(photos),
                decision=Decision.DECLINED if reason else Decision.ACCEPTED,
                reason=reason,
                tasks=self.answers.get(number, []),
            )
        )

    def _item(self, text: str, state: ChecklistState, attempts: int, note: str) -> ChecklistItem:
        return ChecklistItem(id=self._ids(), text=text, state=state, attempts=attempts, note=note)

    def _assign(self, task: Task, member: _Crew) -> None:
        name, skill = member[0], member[1]
        state = member[2] if len(member) == 3 else _DEFAULT_STATE[task.status]
        assignment = Assignment(
            task=task.id, volunteer=self.by_name[name].id, skill=skill, state=state
        )
        self.assignments.append(assignment)
        if state is AssignmentState.DONE:
            self._log_hours(task, assignment)

    def _log_hours(self, task: Task, assignment: Assignment) -> None:
        day = task.when()
        if day is None or task.hours is None:
            raise ValueError(f"done task {task.ref} needs a date and hours to log")
        self.hours.append(
            HoursEntry(
                id=self._ids(),
                assignment=assignment.id,
                task=task.id,
                volunteer=assignment.volunteer,
                date=day,
                hours=task.hours,
                verified_by=f"{self._site_names[task.site]}居委会",
            )
        )


def _funing_volunteers(story: _Story) -> None:
    """Residents of 朱庆花园南区 who pitch in by strength, teenagers included."""
    add = story.volunteer
    add(
        "funing",
        "李建国",
        {"welding": 3, "electrical": 2},
        "sat:morning sat:afternoon sun:morning",
        groups="party-member",
        certs={"welding": 400, "electrical": 200},
        max_hours=8,
        notes="退休钢厂焊工,自带电焊机",
    )
    add(
        "funing",
        "王海涛",
        {"welding": 2, "carpentry": 2},
        "sat:morning sun:morning sun:afternoon",
        certs={"welding": 150},
    )
    add(
        "funing",
        "赵德明",
        {"welding": 2, "cleaning": 1},
        "sat:morning",
        certs={"welding": -40},
        notes="电焊作业证已过期,正在复审",
    )
    add(
        "funing",
        "周志强",
        {"electrical": 3, "cctv": 2},
        "sat:afternoon sun:afternoon wed:evening",
        certs={"electrical": 300},
    )
    add(
        "funing",
        "吴振华",
        {"electrical": 2, "cctv": 3},
        "sat:afternoon sun:morning",
        certs={"electrical": 90},
    )
    add(
        "funing",
        "孙丽娟",
        {"planting": 3, "cleaning": 2},
        "sat:morning tue:morning thu:morning",
        groups="party-member",
    )
    add(
        "funing",
        "黄桂英",
        {"planting": 2, "cleaning": 2},
        "sat:morning sun:morning",
        max_hours=6,
    )
    add("funing", "何伟", {"carpentry": 3, "painting": 2}, "sat:afternoon sun:morning")
    add(
        "funing",
        "郑秀兰",
        {"cleaning": 2, "publicity": 2},
        "mon:morning wed:morning sat:morning",
        groups="party-member",
    )
    add("funing", "马晓东", {"cctv": 2, "electrical": 1}, "sat:afternoon")
    add(
        "funing",
        "高美玲",
        {"painting": 3, "publicity": 2, "first_aid": 1},
        "sat:afternoon sun:afternoon",
        certs={"first_aid": 250},
        notes="中学美术老师,带青少年粉刷",
    )
    add(
        "funing",
        "冯国庆",
        {"cleaning": 1, "planting": 1},
        "sat:morning sun:morning",
        phone=False,
        consent=False,
    )
    for name, skills, slots in (
        ("刘佳怡", {"painting": 2}, "sat:afternoon sun:afternoon"),
        ("陈子轩", {"painting": 1, "cleaning": 1}, "sat:afternoon"),
        ("杨梓涵", {"painting": 2}, "sat:afternoon sun:afternoon"),
        ("林浩然", {"painting": 1}, "sat:afternoon"),
        ("许诺", {"painting": 1, "publicity": 1}, "sat:afternoon sun:morning"),
    ):
        add("funing", name, skills, slots, groups="youth", minor=True, phone=False, max_hours=4)


def _jingshan_volunteers(story: _Story) -> None:
    """The veteran storyteller and the people who run the children's afternoons."""
    add = story.volunteer
    add(
        "jingshan",
        "宋红梅",
        {"storytelling": 3, "publicity": 1},
        "wed:afternoon sat:afternoon sun:afternoon",
        groups="veterans party-member",
        max_hours=6,
        notes="社区退役老兵,讲述人民海军历史",
    )
    add(
        "jingshan",
        "程丽华",
        {"storytelling": 2, "publicity": 2},
        "sat:afternoon",
        groups="party-member",
    )
    add(
        "jingshan",
        "蒋文静",
        {"first_aid": 2},
        "sat:afternoon sun:morning",
        certs={"first_aid": 200},
        notes="社区卫生服务站护士",
    )
    add("jingshan", "韩雪", {"publicity": 3}, "tue:evening thu:evening sat:afternoon")
    add("jingshan", "曹磊", {"cleaning": 2}, "sat:morning sat:afternoon", phone=False)


def _yuecheng_volunteers(story: _Story) -> None:
    """岳城社区艺术团舞蹈队, led by 67-year-old 陈队长."""
    add = story.volunteer
    troupe = "dance-troupe"
    add(
        "yuecheng",
        "陈玉珍",
        {"performance": 3},
        "mon:evening wed:evening sat:morning",
        groups=f"{troupe} party-member",
        max_hours=10,
        notes="舞蹈队队长,67岁",
    )
    add(
        "yuecheng",
        "邓美华",
        {"performance": 2},
        "mon:evening wed:evening sat:morning",
        groups=troupe,
    )
    add(
        "yuecheng",
        "许凤英",
        {"performance": 2},
        "wed:evening fri:evening sat:morning",
        groups=troupe,
    )
    add("yuecheng", "谢淑芬", {"performance": 2}, "wed:evening sat:morning", groups=troupe)
    add(
        "yuecheng",
        "罗桂兰",
        {"performance": 1},
        "wed:evening",
        groups=troupe,
        away=(10, 25),
        notes="去深圳帮女儿带孙子,月底回来",
    )
    add(
        "yuecheng",
        "袁秀珍",
        {"performance": 2, "first_aid": 1},
        "wed:evening sat:morning",
        groups=troupe,
        certs={"first_aid": -15},
    )
    add(
        "yuecheng",
        "彭丽",
        {"performance": 2, "first_aid": 2},
        "mon:evening wed:evening sat:morning",
        groups=troupe,
        certs={"first_aid": 300},
    )
    add("yuecheng", "唐建华", {"publicity": 2}, "sat:morning", notes="负责舞蹈队录像和拍照")


def _xingye_volunteers(story: _Story) -> None:
    """The military spouses' association (军嫂互助协会) and a veteran."""
    add = story.volunteer
    spouses = "military-spouse-association"
    add(
        "xingye",
        "罗文珍",
        {"door_to_door": 3, "publicity": 2},
        "mon:evening tue:evening thu:evening",
        groups=f"{spouses} party-member",
        notes="军嫂互助协会会长",
    )
    add(
        "xingye",
        "潘晓红",
        {"door_to_door": 2},
        "mon:evening tue:evening thu:evening",
        groups=spouses,
    )
    add("xingye", "田芳", {"door_to_door": 2}, "mon:evening thu:evening", groups=spouses)
    add(
        "xingye",
        "董丽萍",
        {"door_to_door": 1},
        "tue:evening thu:evening",
        groups=spouses,
        away=(-20, -12),
    )
    add(
        "xingye",
        "石磊",
        {"door_to_door": 2, "first_aid": 1},
        "mon:evening tue:evening",
        groups="veterans party-member",
        certs={"first_aid": 100},
    )
    add("xingye", "龚秀梅", {"door_to_door": 1}, "thu:evening", groups=spouses, consent=False)


def _chunhui_volunteers(story: _Story) -> None:
    """Party members registered with the community (党员“双报到”)."""
    add = story.volunteer
    party = "party-member"
    add(
        "chunhui",
        "范志刚",
        {"door_to_door": 3, "publicity": 2},
        "sat:morning sun:morning",
        groups=party,
    )
    add(
        "chunhui",
        "江海燕",
        {"door_to_door": 2, "publicity": 3},
        "sat:morning wed:evening",
        groups=party,
    )
    add("chunhui", "方建军", {"door_to_door": 2}, "sat:morning sun:morning", groups=party)
    add(
        "chunhui",
        "蔡晓梅",
        {"publicity": 2, "door_to_door": 1},
        "sat:morning",
        groups=party,
    )
    add("chunhui", "钟伟", {"door_to_door": 1}, "sat:morning", groups=party, max_hours=4)
    add("chunhui", "邱敏", {"door_to_door": 2, "cleaning": 1}, "sun:morning", phone=False)


def _registered_twice(story: _Story) -> None:
    """范志刚 lives in 春晖 and works at an office in 阜宁: registered at both (双报到),
    the records linked, so he is booked, capped and counted once."""
    story.second_record("范志刚", "funing", {"publicity": 2, "door_to_door": 2}, "wed:evening")


def _funing_tasks(story: _Story) -> None:
    """The micro-renovation of 朱庆花园南区, built from the residents' suggestions."""
    _funing_fences_and_lights(story)
    _funing_rest_and_paint(story)
    _funing_cleaning(story)
    _funing_finished(story)
    _funing_suggestions(story)


def _funing_finished(story: _Story) -> None:
    """Small jobs the property company's workers did in the first weeks from 31 October,
    since put in the archive (no volunteers were booked for them, so none are recorded)."""
    add = story.task
    done = Status.ARCHIVED
    add(
        "funing",
        "3栋、5栋单元门禁维修",
        Kind.RENOVATION,
        done,
        place=f"{_ESTATE} 3栋、5栋单元门",
        needs=[("electrical", 1, 2)],
        description="由物业维修工完成:更换门禁电源和闭门器,门禁卡重新登记。",
        due=-25,
        hours=3,
        answers=13,
        tags="micro-renovation",
        money=(900, 860),
    )
    add(
        "funing",
        "增设分类垃圾桶,清理垃圾点",
        Kind.RENOVATION,
        done,
        place=f"{_ESTATE} 南门、6栋旁",
        needs=[("cleaning", 2, 1)],
        description="由物业维修工完成:南门和6栋旁各增设一组四分类垃圾桶,清洗原垃圾点地面。",
        due=-24,
        hours=2.5,
        answers=14,
        tags="micro-renovation",
        money=(1500, 1450),
    )
    add(
        "funing",
        "更换1—4栋锈坏信报箱",
        Kind.RENOVATION,
        done,
        place=f"{_ESTATE} 1—4栋一楼",
        needs=[("carpentry", 1, 2)],
        description="由物业维修工完成:拆下锈穿的旧信报箱,安装物业采购的新信报箱。",
        due=-21,
        hours=3,
        answers=17,
        tags="micro-renovation",
    )
    add(
        "funing",
        "健身器材除锈加固",
        Kind.RENOVATION,
        done,
        place=f"{_ESTATE} 健身角",
        needs=[("welding", 1, 2), ("painting", 1, 1)],
        description="由物业维修工完成:松动的底座补焊加固,除锈后刷防锈漆。",
        due=-18,
        hours=3,
        answers=18,
        tags="micro-renovation",
    )
    add(
        "funing",
        "南门排水沟清淤",
        Kind.RENOVATION,
        done,
        place=f"{_ESTATE} 南门",
        needs=[("cleaning", 2, 1)],
        description="由物业维修工完成:清走排水沟里的淤泥和落叶,更换破损的沟盖板。",
        due=-14,
        hours=2,
        answers=19,
        tags="micro-renovation",
    )
    add(
        "funing",
        "楼栋号和门牌重新喷涂",
        Kind.RENOVATION,
        done,
        place=f"{_ESTATE} 1—8栋",
        needs=[("painting", 2, 1)],
        description="由物业油漆工用模板重新喷涂褪色的楼栋号和单元号。",
        due=-11,
        hours=2,
        answers=21,
        tags="micro-renovation",
    )


def _funing_suggestions(story: _Story) -> None:
    """The 21 suggestions of the July residents' meeting, linked to the work answering them.

    #1 and #2 are worded as the seed story quotes them; the rest are of the same kind.
    """
    wish = story.wish
    wish(1, place=f"{_ESTATE} 东侧围墙", photos=["照片/东侧围墙锈蚀.jpg"])
    wish(2, place=f"{_ESTATE} 中心花池")
    wish(3, place=f"{_ESTATE} 3栋旁", raised_by="3栋居民")
    wish(4, place=f"{_ESTATE} 5—8栋之间")
    wish(5, place=f"{_ESTATE} 主干道")
    wish(6, place=f"{_ESTATE} 南门、北门")
    wish(7, place=f"{_ESTATE} 非机动车停车棚")
    wish(8, place=f"{_ESTATE} 榕树下")
    wish(9, place=f"{_ESTATE} 凉亭")
    wish(10, place=f"{_ESTATE} 各楼栋角落")
    wish(11, place=f"{_ESTATE} 1—8栋楼道")
    wish(12, place=f"{_ESTATE} 各楼栋天台")
    wish(13, place=f"{_ESTATE} 3栋、5栋", raised_by="5栋居民")
    wish(14, place=f"{_ESTATE} 南门")
    wish(
        15,
        place=f"{_ESTATE} 主干道",
        reason="小区道路窄,再划车位会占用消防通道;已请物业联系附近停车场,为居民提供夜间优惠停车",
    )
    wish(16, place=f"{_ESTATE} 1—8栋楼道")
    wish(17, place=f"{_ESTATE} 1—4栋一楼", raised_by="2栋居民")
    wish(18, place=f"{_ESTATE} 健身角")
    wish(19, place=f"{_ESTATE} 南门", photos=["照片/南门积水.jpg"])
    wish(20, place=f"{_ESTATE} 南门公告栏")
    wish(21, place=f"{_ESTATE} 1—8栋")


def _funing_fences_and_lights(story: _Story) -> None:
    add = story.task
    add(
        "funing",
        "南区东侧围墙铁栏杆除锈补焊",
        Kind.RENOVATION,
        Status.STAFFED,
        place=f"{_ESTATE} 东侧围墙",
        needs=[("welding", 2, 2), ("cleaning", 1, 1)],
        description="围墙铁栏杆多处锈穿、断裂,有划伤行人的隐患。先除锈,断口补焊加固,"
        "完工后清理焊渣。焊工须持有效电焊作业证。",
        priority=Priority.HIGH,
        at=(1, "sat", "08:30", "11:30"),
        answers=1,
        tags="micro-renovation",
        crew=[("李建国", "welding"), ("王海涛", "welding"), ("郑秀兰", "cleaning")],
        money=(1200, None),
        leader="李建国",
    )
    add(
        "funing",
        "围墙栏杆刷防锈漆和面漆",
        Kind.RENOVATION,
        Status.OPEN,
        place=f"{_ESTATE} 东侧围墙",
        needs=[("painting", 3, 1)],
        description="补焊完成后进行:先刷一道防锈底漆,干透后再刷墨绿色面漆。",
        due=12,
        hours=4,
        answers=1,
        tags="micro-renovation",
        crew=[("何伟", "painting")],
        money=(650, None),
    )
    add(
        "funing",
        "闲置花池改造为种植区",
        Kind.RENOVATION,
        Status.DONE,
        place=f"{_ESTATE} 中心花池",
        needs=[("planting", 3, 1), ("cleaning", 1, 1)],
        description="清走花池里的建筑垃圾,换土,种上居民捐的花苗。",
        at=(-2, "sat", "08:30", "11:30"),
        answers=2,
        tags="micro-renovation",
        crew=[
            ("孙丽娟", "planting"),
            ("黄桂英", "planting"),
            ("冯国庆", "planting"),
            ("郑秀兰", "cleaning"),
        ],
    )
    add(
        "funing",
        "3栋旁绿化带花草移植",
        Kind.RENOVATION,
        Status.IN_PROGRESS,
        place=f"{_ESTATE} 3栋旁绿化带",
        needs=[("planting", 2, 2)],
        description="把长势好的三角梅和灌木移到3栋旁绿化带,补种草皮,移植后一周内每天浇水。",
        due=4,
        hours=3,
        answers=3,
        tags="micro-renovation",
        crew=[("孙丽娟", "planting"), ("黄桂英", "planting")],
    )
    add(
        "funing",
        "南区路灯线路检修和灯具更换",
        Kind.RENOVATION,
        Status.IN_PROGRESS,
        place=f"{_ESTATE} 主干道及5—8栋之间",
        needs=[("electrical", 2, 2)],
        description="已有4盏路灯不亮。排查线路老化和漏电,更换为LED灯具。须持证电工操作,断电施工。",
        priority=Priority.URGENT,
        due=-3,
        hours=4,
        answers=4,
        tags="micro-renovation",
        crew=[("周志强", "electrical"), ("李建国", "electrical")],
    )
    add(
        "funing",
        "主干道增设太阳能路灯",
        Kind.RENOVATION,
        Status.OPEN,
        place=f"{_ESTATE} 主干道",
        needs=[("electrical", 1, 3), ("welding", 1, 2)],
        description="新增6盏太阳能路灯,灯杆底座需焊接固定。",
        priority=Priority.HIGH,
        due=19,
        hours=5,
        answers=5,
        tags="micro-renovation",
    )
    add(
        "funing",
        "南北出入口加装监控摄像头",
        Kind.RENOVATION,
        Status.STAFFED,
        place=f"{_ESTATE} 南门、北门",
        needs=[("cctv", 2, 2), ("electrical", 1, 2)],
        description="南北出入口各装两个高清摄像头,接入物业监控室。电源由持证电工接线。",
        priority=Priority.HIGH,
        at=(2, "sat", "14:00", "17:00"),
        answers=6,
        tags="micro-renovation",
        crew=[("吴振华", "cctv"), ("马晓东", "cctv"), ("周志强", "electrical")],
    )
    add(
        "funing",
        "停车棚和后门监控盲区排查",
        Kind.RENOVATION,
        Status.SUGGESTED,
        place=f"{_ESTATE} 非机动车停车棚",
        needs=[("cctv", 1, 1)],
        answers=7,
        tags="micro-renovation",
    )


def _funing_rest_and_paint(story: _Story) -> None:
    add = story.task
    add(
        "funing",
        "休息区长椅制作与安装",
        Kind.RENOVATION,
        Status.OPEN,
        place=f"{_ESTATE} 榕树下休息区",
        needs=[("carpentry", 2, 2), ("painting", 1, 1)],
        description="用防腐木做4张长椅,固定在榕树下,刷木蜡油。",
        at=(2, "sun", "08:30", "11:30"),
        answers=8,
        tags="micro-renovation",
        crew=[("何伟", "carpentry")],
    )
    add(
        "funing",
        "凉亭座椅维修加固",
        Kind.RENOVATION,
        Status.SUGGESTED,
        place=f"{_ESTATE} 凉亭",
        needs=[("carpentry", 1, 1)],
        priority=Priority.LOW,
        answers=9,
        tags="micro-renovation",
    )
    add(
        "funing",
        "青少年粉刷小区角落水泥墩",
        Kind.RENOVATION,
        Status.STAFFED,
        place=f"{_ESTATE} 各楼栋角落",
        needs=[("painting", 5, 1)],
        description="由美术老师高美玲带领社区青少年和儿童粉刷水泥墩,使用水性环保漆,欢迎家长陪同。",
        at=(1, "sat", "14:00", "16:30"),
        answers=10,
        tags="micro-renovation youth",
        prefer_group="youth",
        crew=[
            ("高美玲", "painting"),
            ("刘佳怡", "painting"),
            ("陈子轩", "painting"),
            ("杨梓涵", "painting"),
            ("林浩然", "painting"),
            ("许诺", "painting", AssignmentState.DECLINED),
        ],
    )
    add(
        "funing",
        "水泥墩彩绘图案设计",
        Kind.RENOVATION,
        Status.DONE,
        place="阜宁社区党群服务中心",
        needs=[("painting", 1, 3)],
        description="设计水泥墩彩绘图案(海浪、木棉花、情侣路),打印样稿贴在公告栏征求意见。",
        at=(-1, "sun", "14:00", "16:00"),
        answers=10,
        tags="micro-renovation",
        crew=[("高美玲", "painting")],
    )


def _funing_cleaning(story: _Story) -> None:
    add = story.task
    add(
        "funing",
        "楼道及公共区域大扫除",
        Kind.RENOVATION,
        Status.DONE,
        place=f"{_ESTATE} 1—8栋楼道",
        needs=[("cleaning", 4, 1)],
        description="清理楼道小广告和堆放物,为后续粉刷做准备。",
        at=(-3, "sat", "08:30", "11:00"),
        answers=(11, 16),
        tags="micro-renovation",
        crew=[
            ("孙丽娟", "cleaning"),
            ("黄桂英", "cleaning"),
            ("郑秀兰", "cleaning"),
            ("冯国庆", "cleaning", AssignmentState.NO_SHOW),
        ],
    )
    add(
        "funing",
        "清理天台及楼道堆放杂物",
        Kind.RENOVATION,
        Status.OPEN,
        place=f"{_ESTATE} 各楼栋天台",
        needs=[("cleaning", 4, 1)],
        description="天台堆放的旧家具和纸箱有消防隐患,联系物业清运。",
        priority=Priority.HIGH,
        due=6,
        hours=3,
        answers=12,
        tags="micro-renovation",
    )
    add(
        "funing",
        "微改造进展公示栏更新",
        Kind.SERVICE,
        Status.OPEN,
        place=f"{_ESTATE} 南门公告栏",
        needs=[("publicity", 1, 1)],
        description="把21条居民建议的落实情况和下一步计划贴到公告栏,同时发到楼栋微信群"
        "(taskboard suggestion notice 打印公示)。",
        due=3,
        hours=1.5,
        answers=20,
    )


def _jingshan_tasks(story: _Story) -> None:
    """The red-story afternoons of the “党建带路” children's project."""
    add = story.task
    hall = "景山社区活动中心"
    add(
        "jingshan",
        "“军人作风和榜样力量”红色故事分享会",
        Kind.EVENT,
        Status.STAFFED,
        place=f"{hall} 多功能室",
        needs=[("storytelling", 1, 3), ("first_aid", 1, 1), ("publicity", 1, 1)],
        description="与香洲区幸福家园社会工作服务中心合办,邀请社区退役老兵宋红梅讲述"
        "人民海军的光辉历史,预计30多名未成年人和家长参加。需一名持证急救志愿者在场,"
        "一名志愿者拍照并写活动简讯。",
        priority=Priority.HIGH,
        at=(2, "sat", "14:30", "16:30"),
        tags="red-story",
        crew=[("宋红梅", "storytelling"), ("蒋文静", "first_aid"), ("程丽华", "publicity")],
        expected=(14, 20),
    )
    add(
        "jingshan",
        "分享会报名通知和宣传海报",
        Kind.SERVICE,
        Status.IN_PROGRESS,
        place="景山社区 居民微信群及宣传栏",
        needs=[("publicity", 2, 1)],
        description="制作海报贴到各楼栋,在家长微信群发布报名通知,名额40人。",
        due=5,
        hours=2,
        tags="red-story",
        crew=[("韩雪", "publicity"), ("程丽华", "publicity")],
    )
    add(
        "jingshan",
        "分享会场地布置与签到",
        Kind.EVENT,
        Status.OPEN,
        place=f"{hall} 多功能室",
        needs=[("cleaning", 2, 1)],
        description="摆放桌椅、调试投影,门口设签到台。",
        at=(2, "sat", "13:30", "14:30"),
        tags="red-story",
        crew=[("曹磊", "cleaning")],
    )
    add(
        "jingshan",
        "红色绘本共读(第一期)",
        Kind.EVENT,
        Status.DONE,
        place=f"{hall} 阅览室",
        needs=[("storytelling", 1, 2)],
        description="带孩子们共读红色绘本,读后分享感想。",
        at=(-2, "sat", "15:00", "16:30"),
        tags="red-story",
        crew=[("程丽华", "storytelling")],
        expected=(10, 15),
        attended=(12, 19),
    )
    add(
        "jingshan",
        "老兵口述故事录音整理",
        Kind.SERVICE,
        Status.SUGGESTED,
        place="景山社区党群服务中心",
        needs=[("storytelling", 1, 2), ("publicity", 1, 2)],
        description="把老兵讲的故事录音整理成文字,编成小册子给孩子们读。",
        priority=Priority.LOW,
    )


def _yuecheng_tasks(story: _Story) -> None:
    """The dance troupe's rehearsals and performances."""
    add = story.task
    square = "岳城社区文化广场"
    troupe = "dance-troupe"
    add(
        "yuecheng",
        "舞蹈队周三晚间排练:参赛节目细排",
        Kind.SERVICE,
        Status.STAFFED,
        place=square,
        needs=[("performance", 6, 1)],
        description="岳城社区艺术团舞蹈队每周三晚排练,由陈队长带队。请穿软底鞋,自带水杯。",
        at=(1, "wed", "19:00", "21:00"),
        tags="dance",
        prefer_group=troupe,
        crew=[
            ("陈玉珍", "performance"),
            ("邓美华", "performance"),
            ("许凤英", "performance"),
            ("谢淑芬", "performance"),
            ("罗桂兰", "performance"),
            ("袁秀珍", "performance"),
        ],
        leader="陈玉珍",
    )
    add(
        "yuecheng",
        "广场舞网络联赛参赛视频录制",
        Kind.EVENT,
        Status.OPEN,
        place=square,
        needs=[("performance", 8, 2), ("first_aid", 1, 1), ("publicity", 1, 2)],
        description="为广东健身广场舞网络联赛录制参赛视频(舞蹈队曾获常青团一等奖)。"
        "需一名持证急救志愿者在场,一名志愿者负责录像。",
        priority=Priority.HIGH,
        at=(3, "sat", "08:30", "11:30"),
        tags="dance",
        prefer_group=troupe,
        crew=[("陈玉珍", "performance"), ("彭丽", "first_aid"), ("唐建华", "publicity")],
    )
    add(
        "yuecheng",
        "舞蹈队排练:联赛参赛节目初排",
        Kind.SERVICE,
        Status.DONE,
        place=square,
        needs=[("performance", 6, 1)],
        at=(-1, "wed", "19:00", "21:00"),
        tags="dance",
        prefer_group=troupe,
        crew=[
            ("陈玉珍", "performance"),
            ("邓美华", "performance"),
            ("许凤英", "performance"),
            ("谢淑芬", "performance"),
            ("彭丽", "performance"),
            ("罗桂兰", "performance"),
        ],
    )
    add(
        "yuecheng",
        "邻里节社区文艺汇演",
        Kind.EVENT,
        Status.SUGGESTED,
        place=square,
        needs=[("performance", 12, 1), ("publicity", 2, 1), ("first_aid", 1, 1)],
        description="舞蹈队联合社区合唱团为居民演出,邀请各楼栋的老人坐前排。",
        due=30,
        tags="dance",
    )


def _yuecheng_rehearsals(story: _Story) -> None:
    """The troupe's weekly Wednesday rehearsal from the week after the contest piece on:
    one series (two rehearsals within the story's three weeks), its standing crew
    proposed for each."""
    first = _weekday_date(story.today, 2, "wed")
    weekly = Task(
        title="舞蹈队周三晚间排练",
        description="岳城社区艺术团舞蹈队每周三晚排练,由陈队长带队。请穿软底鞋,自带水杯。",
        kind=Kind.SERVICE,
        site="yuecheng",
        place="岳城社区文化广场",
        needs=[Need(skill="performance", count=6, min_level=1)],
        start=story._window((2, "wed", "19:00", "21:00"))[0],
        end=story._window((2, "wed", "19:00", "21:00"))[1],
        hours=2,
        tags=["dance"],
        prefer_group="dance-troupe",
    )
    story.repeat(
        weekly,
        "weekly:wed",
        until=first + dt.timedelta(days=7),  # the story's three weeks; `series extend` goes on
        crew=[
            ("陈玉珍", "performance"),
            ("邓美华", "performance"),
            ("许凤英", "performance"),
            ("谢淑芬", "performance"),
            ("彭丽", "performance"),
        ],
    )


_XINGYE_FIRST_ROUND: tuple[_Household, ...] = (
    ("1栋101", _DONE, 1, ""),
    ("1栋102", _DONE, 2, "第二次上门登记完成"),
    ("1栋201", _RETRY, 2, "不在家"),
    ("2栋301", _DONE, 1, ""),
    ("2栋502", _RETRY, 1, "不在家"),
    ("3栋201", _DONE, 1, ""),
    ("3栋402", _TODO, 0, ""),
    ("4栋101", _SKIPPED, 1, "空置房,已登记为空户"),
    ("4栋603", _TODO, 0, ""),
)


def _xingye_tasks(story: _Story) -> None:
    """Census checks by the military spouses' association, in the evenings."""
    add = story.task
    spouses = "military-spouse-association"
    first = add(
        "xingye",
        "人口普查入户核实(1—4栋)",
        Kind.VISITS,
        Status.IN_PROGRESS,
        place="兴业社区 1—4栋",
        needs=[("door_to_door", 4, 1)],
        description="第七次全国人口普查:趁住户晚上下班回家时上门核实人口信息。"
        "不在家的户标记为“重试”,另约时间再访,一户不漏。",
        priority=Priority.HIGH,
        due=3,
        hours=2.5,
        tags="census",
        prefer_group=spouses,
        checklist=_XINGYE_FIRST_ROUND,
        crew=[
            ("罗文珍", "door_to_door"),
            ("潘晓红", "door_to_door"),
            ("田芳", "door_to_door"),
            ("石磊", "door_to_door"),
        ],
    )
    add(
        "xingye",
        "人口普查入户核实(5—8栋)",
        Kind.VISITS,
        Status.STAFFED,
        place="兴业社区 5—8栋",
        needs=[("door_to_door", 3, 1)],
        description="同1—4栋:晚上入户核实,不在家的户标记重试。",
        at=(1, "tue", "19:00", "21:30"),
        tags="census",
        prefer_group=spouses,
        checklist=[
            (f"{building}栋{flat}", _TODO, 0, "")
            for building in (5, 6, 7, 8)
            for flat in ("101", "302")
        ],
        crew=[("罗文珍", "door_to_door"), ("潘晓红", "door_to_door"), ("董丽萍", "door_to_door")],
    )
    follow_up = add(
        "xingye",
        "不在家住户晚间回访",
        Kind.VISITS,
        Status.OPEN,
        place="兴业社区 1—4栋",
        needs=[("door_to_door", 2, 2)],
        description="回访第一轮不在家的住户,可先请楼长帮忙约时间。",
        at=(1, "thu", "19:30", "21:30"),
        tags="census",
        prefer_group=spouses,
        checklist=[
            (text, _TODO, 0, "" if note == "不在家" else note)
            for text, state, _attempts, note in _XINGYE_FIRST_ROUND
            if state is _RETRY
        ],
        crew=[("田芳", "door_to_door")],
    )
    story.campaign("人口普查入户核实(1—4栋)", "兴业社区 1—4栋", [first, follow_up])
    add(
        "xingye",
        "退役军人信息登记核对",
        Kind.SERVICE,
        Status.DONE,
        place="兴业社区党群服务中心",
        needs=[("door_to_door", 2, 1)],
        description="社区登记退役军人518人,逐一核对联系方式和优待证信息。",
        at=(-2, "mon", "19:00", "21:00"),
        prefer_group="veterans",
        crew=[("石磊", "door_to_door"), ("田芳", "door_to_door")],
    )


def _chunhui_tasks(story: _Story) -> None:
    """Party-member volunteers helping the census takers, “一户不漏”."""
    add = story.task
    party = "party-member"
    add(
        "chunhui",
        "党员志愿者协助普查员入户(春晖花园)",
        Kind.VISITS,
        Status.STAFFED,
        place="春晖花园 1—6栋",
        needs=[("door_to_door", 4, 1)],
        description="陪同社区普查员入户,向居民解释普查的目的和意义,协助填写问卷。",
        priority=Priority.HIGH,
        at=(1, "sat", "09:00", "11:30"),
        tags="census",
        prefer_group=party,
        checklist=[(f"{building}栋201", _TODO, 0, "") for building in range(1, 7)],
        crew=[
            ("范志刚", "door_to_door"),
            ("方建军", "door_to_door"),
            ("蔡晓梅", "door_to_door"),
            ("钟伟", "door_to_door"),
        ],
    )
    add(
        "chunhui",
        "业主微信群普查宣传",
        Kind.SERVICE,
        Status.IN_PROGRESS,
        place="春晖社区 各小区业主微信群",
        needs=[("publicity", 2, 1)],
        description="在各小区业主微信群转发普查公告,呼吁居民主动申报,解答常见问题。",
        due=2,
        hours=2,
        tags="census",
        prefer_group=party,
        crew=[("江海燕", "publicity"), ("蔡晓梅", "publicity")],
    )
    add(
        "chunhui",
        "分发普查问卷和《致居民的一封信》",
        Kind.VISITS,
        Status.DONE,
        place="春晖花园、春晖苑",
        needs=[("door_to_door", 4, 1)],
        description="逐户分发《第七次全国人口普查问卷》和《致居民的一封信》,"
        "讲解普查的目的、意义和相关政策。",
        at=(-1, "sat", "09:00", "11:30"),
        tags="census",
        prefer_group=party,
        checklist=[
            ("春晖花园1—3栋", _DONE, 1, ""),
            ("春晖花园4—6栋", _DONE, 1, ""),
            ("春晖苑1—2栋", _DONE, 2, "部分住户晚上补发"),
            ("春晖苑3—4栋", _DONE, 1, ""),
        ],
        crew=[
            ("范志刚", "door_to_door"),
            ("江海燕", "door_to_door"),
            ("方建军", "door_to_door"),
            ("钟伟", "door_to_door"),
        ],
    )
    follow_up = add(
        "chunhui",
        "不在家住户多次上门补登",
        Kind.VISITS,
        Status.OPEN,
        place="春晖花园",
        needs=[("door_to_door", 2, 2)],
        description="“不漏一户”:对多次上门仍不在家的住户再次上门,必要时先电话预约。",
        priority=Priority.URGENT,
        due=-2,
        hours=2,
        tags="census",
        prefer_group=party,
        checklist=[
            ("2栋503", _RETRY, 2, "不在家"),
            ("4栋1102", _RETRY, 1, "不在家,邻居说周末在"),
            ("5栋301", _RETRY, 1, "电话未接通"),
        ],
    )
    add(
        "chunhui",
        "协助普查员入户(春晖苑)",
        Kind.VISITS,
        Status.OPEN,
        place="春晖苑 1—4栋",
        needs=[("door_to_door", 3, 1)],
        at=(2, "sun", "09:00", "11:30"),
        tags="census",
        prefer_group=party,
        crew=[("范志刚", "door_to_door"), ("方建军", "door_to_door")],
    )
    first = add(
        "chunhui",
        "春晖花园普查入户登记(第一轮)",
        Kind.VISITS,
        Status.DONE,
        place="春晖花园 2—6栋",
        needs=[("door_to_door", 2, 1)],
        description="党员志愿者陪同普查员逐户登记;不在家的户转入补登,直到一户不漏。",
        at=(-2, "sat", "09:00", "11:30"),
        tags="census",
        prefer_group=party,
        checklist=[
            ("2栋101", _DONE, 1, ""),
            ("2栋503", _RETRY, 1, "不在家"),
            ("3栋202", _DONE, 1, ""),
            ("4栋1102", _RETRY, 1, "不在家"),
            ("5栋301", _RETRY, 1, "不在家"),
            ("6栋402", _DONE, 1, "老人独居,已请楼长留意"),
        ],
    )
    rounds = [first, follow_up]
    story.campaign("春晖花园普查入户(一户不漏)", "春晖花园 2—6栋", rounds, ["范志刚", "方建军"])
