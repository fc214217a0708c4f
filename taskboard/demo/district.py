"""A district-sized data set for benchmarks and load tests.

The product's quality bars are measured at "a district": 50 sites, 20,000 tasks
and 10,000 volunteers. Real files of that size do not exist yet, so this module
grows one from the same kinds of work as the seed story, with plausible status,
skill and schedule mixes. Everything comes from one `random.Random(seed)`, so a
benchmark sees the same data on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from taskboard.demo.dataset import Dataset, SeededIds
from taskboard.demo.story import DISTRICT, story_sites
from taskboard.model.campaign import Campaign, Household, Round, Visit
from taskboard.model.common import (
    DAYS,
    PART_HOURS,
    PARTS,
    AssignmentState,
    ChecklistState,
    Kind,
    Priority,
    Status,
)
from taskboard.model.series import Series, occurrence_of
from taskboard.model.site import DEFAULT_SKILLS, Site
from taskboard.model.suggestion import Decision, Suggestion
from taskboard.model.task import Assignment, ChecklistItem, HoursEntry, Need, Task
from taskboard.model.volunteer import Away, Volunteer
from taskboard.store.storage import gc_paused

_STATUSES = tuple(Status)
_STATUS_WEIGHTS = (10, 35, 15, 10, 25, 5)
"""suggested, open, staffed, in progress, done, archived: a board in mid-season."""

_PRIORITIES = tuple(Priority)
_PRIORITY_WEIGHTS = (15, 60, 20, 5)

_SKILL_WEIGHTS = {
    "cleaning": 30,
    "door_to_door": 22,
    "painting": 20,
    "planting": 18,
    "publicity": 15,
    "performance": 10,
    "storytelling": 8,
    "carpentry": 8,
    "first_aid": 8,
    "electrical": 5,
    "welding": 5,
    "cctv": 4,
}
"""How common each skill is among residents: many can sweep, few can weld."""

ADULT_ONLY = frozenset(skill.key for skill in DEFAULT_SKILLS if skill.adult_only)
NEEDS_CERT = frozenset(skill.key for skill in DEFAULT_SKILLS if skill.needs_cert)

_ADULT_SKILLS = tuple(_SKILL_WEIGHTS)
_ADULT_WEIGHTS = tuple(_SKILL_WEIGHTS.values())
_MINOR_SKILLS = tuple(skill for skill in _SKILL_WEIGHTS if skill not in ADULT_ONLY)
_MINOR_WEIGHTS = tuple(_SKILL_WEIGHTS[skill] for skill in _MINOR_SKILLS)
_SLOTS = tuple(f"{day}:{part}" for day in DAYS for part in PARTS)

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾"
    "萧田董潘袁蔡蒋余杜叶程苏魏吕丁任沈姚卢钟姜崔谭陆汪范廖石金"
)
"""Common surnames, one character each."""
_GIVEN = (
    "建国",
    "海涛",
    "德明",
    "志强",
    "振华",
    "丽娟",
    "桂英",
    "伟",
    "秀兰",
    "晓东",
    "美玲",
    "国庆",
    "红梅",
    "丽华",
    "文静",
    "雪",
    "磊",
    "玉珍",
    "美华",
    "凤英",
    "淑芬",
    "桂兰",
    "秀珍",
    "丽",
    "建华",
    "文珍",
    "晓红",
    "芳",
    "丽萍",
    "秀梅",
    "志刚",
    "海燕",
    "建军",
    "晓梅",
    "敏",
    "欣怡",
    "婷婷",
    "小燕",
    "永强",
    "春花",
    "金凤",
    "家豪",
    "卫东",
    "少华",
    "惠玲",
    "锦华",
)
_MINOR_GIVEN = (
    "佳怡",
    "子轩",
    "梓涵",
    "浩然",
    "诺",
    "欣怡",
    "宇航",
    "俊杰",
    "思彤",
    "嘉欣",
    "一诺",
    "子涵",
    "梓轩",
    "雨桐",
)
_PHONE_PREFIXES = ("130", "135", "136", "137", "138", "139", "150", "152", "158", "186", "189")
_NOTES = (
    "腿脚不便,安排轻活",
    "只能周末参加",
    "自带工具",
    "需提前一天电话提醒",
    "可以带家里孩子一起参加",
)

_NAME_HEADS = "翠香吉梅凤拱前南湾狮海银柠兰港夏紫华康乐安泰新明"
_NAME_TAILS = "华苑湾景新安园平兴和福盛山城"
_STREETS = (
    "翠香街道",
    "吉大街道",
    "梅华街道",
    "凤山街道",
    "拱北街道",
    "狮山街道",
    "湾仔街道",
    "前山街道",
    "香湾街道",
    "南屏镇",
)
_STORY_ESTATES = {
    "funing": ("朱庆花园南区", "朱庆花园北区", "阜宁新村"),
    "jingshan": ("景山花园", "景山新村", "海景苑"),
    "yuecheng": ("岳城小区", "岳城新村", "梅华苑"),
    "xingye": ("兴业新村", "兴业花园", "翠香苑"),
    "chunhui": ("春晖花园", "春晖苑", "凤山雅苑"),
}
_TOPICS = ("人口普查", "垃圾分类", "文明城市创建", "防范电信诈骗", "消防安全", "疫苗接种")


class _Template(NamedTuple):
    """A recurring kind of work; `{estate}`, `{n}` and `{topic}` vary per task."""

    kind: Kind
    title: str
    place: str
    needs: tuple[tuple[str, int, int], ...]
    """(skill, most people, highest minimum level) for each need."""
    group: str | None = None
    households: bool = False
    """Visits to a list of households, kept as a checklist."""


_TEMPLATES: tuple[_Template, ...] = (
    _Template(
        Kind.RENOVATION,
        "{estate}{n}栋围墙除锈补焊",
        "{estate} {n}栋旁",
        (("welding", 2, 2), ("painting", 3, 1)),
    ),
    _Template(
        Kind.RENOVATION,
        "{estate}闲置花池改造种植",
        "{estate} 中心花池",
        (("planting", 4, 2), ("cleaning", 2, 1)),
    ),
    _Template(Kind.RENOVATION, "{estate}{n}号路灯检修", "{estate} 主干道", (("electrical", 2, 3),)),
    _Template(
        Kind.RENOVATION,
        "{estate}出入口加装监控",
        "{estate} 出入口",
        (("cctv", 2, 2), ("electrical", 1, 2)),
    ),
    _Template(
        Kind.RENOVATION,
        "{estate}休息区长椅安装",
        "{estate} 休息区",
        (("carpentry", 2, 3), ("painting", 1, 1)),
    ),
    _Template(
        Kind.RENOVATION,
        "{estate}角落水泥墩粉刷",
        "{estate} 各楼栋角落",
        (("painting", 6, 1), ("cleaning", 1, 1)),
        group="youth",
    ),
    _Template(Kind.RENOVATION, "{estate}{n}栋楼道清理", "{estate} {n}栋", (("cleaning", 6, 1),)),
    _Template(
        Kind.VISITS,
        "人口普查入户核实({estate}{n}栋)",
        "{estate} {n}栋",
        (("door_to_door", 4, 2),),
        group="party-member",
        households=True,
    ),
    _Template(
        Kind.VISITS,
        "{estate}独居老人走访",
        "{estate}",
        (("door_to_door", 2, 2), ("first_aid", 1, 1)),
        group="military-spouse-association",
        households=True,
    ),
    _Template(
        Kind.EVENT,
        "红色故事分享会(第{n}期)",
        "社区活动中心",
        (("storytelling", 1, 3), ("first_aid", 1, 1), ("publicity", 1, 1)),
    ),
    _Template(
        Kind.SERVICE,
        "舞蹈队排练(第{n}次)",
        "社区文化广场",
        (("performance", 10, 2),),
        group="dance-troupe",
    ),
    _Template(
        Kind.EVENT,
        "社区文艺汇演",
        "社区文化广场",
        (("performance", 12, 1), ("publicity", 2, 1), ("first_aid", 1, 1)),
    ),
    _Template(
        Kind.SERVICE, "业主微信群宣传:{topic}", "{estate} 业主微信群", (("publicity", 2, 2),)
    ),
    _Template(
        Kind.EVENT,
        "急救知识讲座",
        "社区党群服务中心",
        (("first_aid", 2, 2), ("publicity", 1, 1)),
    ),
)

_ASSIGNED = frozenset({Status.STAFFED, Status.IN_PROGRESS, Status.DONE})


def district_dataset(
    today: dt.date,
    *,
    seed: int = 7,
    sites: int = 50,
    tasks: int = 20_000,
    volunteers: int = 10_000,
) -> Dataset:
    """A whole district's sites, roster and board, dated around `today`.

    The story's five communities come first (Funing is the local site), then
    generated ones (`site06`, …). Staffed, in-progress and done tasks get
    assignments drawn from volunteers with the skill at the needed level (a valid
    certificate where one is needed, never a minor on adult-only work); done
    tasks get hours. Other hard rules (availability, double booking, hour caps)
    are not checked: the data is for measuring speed, not for matching quality.
    """
    if sites < 1 or tasks < 0 or volunteers < 0:
        raise ValueError("need at least one site and no negative counts")
    rng = random.Random(seed)
    ids = SeededIds(f"district-{seed}", today - dt.timedelta(days=90))
    with gc_paused(freeze=False):
        site_list = _sites(rng, sites)
        roster = _volunteers(rng, ids, today, [site.id for site in site_list], volunteers)
        made = SERIES_LENGTH * (len(site_list) // 2) if tasks > 100 else 0
        board = _tasks(rng, ids, today, site_list, tasks - made)
        series = _series(ids, today, site_list, board, made // SERIES_LENGTH)
        assignments, hours = _staff(rng, ids, today, board, roster)
        suggestions = _suggestions(seed, today, site_list, board)
        campaigns, visits = _campaigns(ids, today, board, assignments)
    return Dataset(
        site=site_list[0],
        sites=site_list,
        volunteers=roster,
        tasks=board,
        assignments=assignments,
        hours=hours,
        suggestions=suggestions,
        campaigns=campaigns,
        visits=visits,
        series=series,
    )


SERIES_LENGTH = 3
"""Occurrences of each generated series (the task count stays what was asked for)."""


def _series(
    ids: SeededIds, today: dt.date, sites: Sequence[Site], board: list[Task], count: int
) -> list[Series]:
    """Weekly work at `count` sites: each from an open task with a window of its own in the
    next five weeks, repeated on its weekday the three weeks after, the occurrences
    added to `board` (no crew, to keep the data's staffing as generated)."""
    wanted = {site.id for site in sites}
    found: list[Series] = []
    rank = float(sum(1 for task in board if task.status is Status.OPEN))
    for task in list(board):
        if task.site not in wanted or task.status is not Status.OPEN or task.start is None:
            continue
        if not today <= task.start.date() <= today + dt.timedelta(days=35):
            continue
        if len(found) >= count:
            break
        wanted.discard(task.site)
        series = Series(
            id=ids(),
            ref=f"{task.site}-r1",
            site=task.site,
            title=task.title,
            repeat=f"weekly:{DAYS[task.start.weekday()]}",
            first=task.start.date() + dt.timedelta(days=7),
            until=task.start.date() + dt.timedelta(days=7 * SERIES_LENGTH),
        )
        shape = task.model_dump(mode="json")
        for day in series.due_dates(today):
            rank += 1
            board.append(occurrence_of(series, shape, day).model_copy(update={"rank": rank}))
        found.append(series)
    return found


_WISHES: tuple[tuple[str, str], ...] = (
    ("{estate}围墙生锈,栏杆有断口", "围墙"),
    ("{estate}花池荒着,希望种上花草", "花池"),
    ("{estate}路灯不亮,晚上看不清路", "路灯"),
    ("{estate}出入口没有监控,电动车被偷", "监控"),
    ("{estate}老人没有地方坐着休息", "长椅"),
    ("{estate}角落的水泥墩脏旧难看", "水泥墩"),
    ("{estate}楼道堆满杂物,有消防隐患", "楼道"),
    ("{estate}垃圾桶太少,希望增加分类垃圾桶", ""),
    ("{estate}希望划出更多停车位", ""),
)
"""(residents' words, a word of the task titles that answer them: "" none yet)."""
_DECLINED = "道路宽度不够,划车位会堵住消防通道,已请物业另找停车场地"


def _suggestions(
    seed: int, today: dt.date, sites: Sequence[Site], board: Sequence[Task]
) -> list[Suggestion]:
    """A residents' meeting per site: a dozen or so suggestions, linked to fitting tasks.

    Drawn from their own random stream, so the rest of the district stays as it was.
    """
    rng = random.Random(f"district-suggestions-{seed}")
    ids = SeededIds(f"district-suggestions-{seed}", today - dt.timedelta(days=120))
    answers: dict[tuple[str, str], list[str]] = {}
    for task in board:
        if task.kind is Kind.RENOVATION:
            for _words, key in _WISHES:
                if key and key in task.title:
                    answers.setdefault((task.site, key), []).append(task.id)
    made: list[Suggestion] = []
    for site in sites:
        meeting = today - dt.timedelta(days=rng.randint(60, 150))
        estates = _estates(site)
        for number in range(1, rng.randint(8, 20) + 1):
            words, key = rng.choice(_WISHES)
            found = answers.get((site.id, key), [])
            linked = rng.sample(found, k=min(len(found), rng.randint(0, 2))) if found else []
            declined = "停车" in words and rng.random() < 0.5
            made.append(
                Suggestion(
                    id=ids(),
                    ref=f"{site.id}-s{number}",
                    site=site.id,
                    number=number,
                    text=words.format(estate=rng.choice(estates)),
                    raised_by="居民代表",
                    date=meeting,
                    source="居民议事会",
                    decision=Decision.DECLINED
                    if declined
                    else rng.choice((Decision.RECEIVED, Decision.ACCEPTED)),
                    reason=_DECLINED if declined else "",
                    tasks=linked,
                )
            )
    return made


def _campaigns(
    ids: SeededIds, today: dt.date, board: Sequence[Task], assignments: Sequence[Assignment]
) -> tuple[list[Campaign], list[Visit]]:
    """One visit campaign per site, over its first visits task with households (round 1).

    Each attempt its checklist counts becomes a visit by one of the task's crew.
    """
    firsts: dict[str, Task] = {}
    for task in board:
        if task.kind is Kind.VISITS and task.checklist and task.site not in firsts:
            firsts[task.site] = task
    crews: dict[str, list[str]] = {task.id: [] for task in firsts.values()}
    for assignment in assignments:
        if assignment.task in crews:
            crews[assignment.task].append(assignment.volunteer)
    campaigns: list[Campaign] = []
    visits: list[Visit] = []
    for task in firsts.values():
        households: dict[str, Household] = {}
        for item in task.checklist:
            building, _, room = item.text.partition("栋")
            households.setdefault(item.text, Household(id=item.id, building=building, room=room))
        campaigns.append(
            Campaign(
                id=ids(),
                ref=f"{task.site}-c1",
                title=task.title,
                site=task.site,
                place=task.place,
                households=sorted(households.values(), key=lambda h: h.id),
                rounds=[Round(task=task.id, number=1)],
            )
        )
        day = min(task.when() or today, today)
        crew = crews[task.id]
        for position, item in enumerate(task.checklist):
            for attempt in range(item.attempts):
                last = attempt == item.attempts - 1
                visits.append(
                    Visit(
                        id=ids(),
                        task=task.id,
                        item=item.id,
                        on=day - dt.timedelta(days=item.attempts - 1 - attempt),
                        state=item.state
                        if last and item.state in (ChecklistState.DONE, ChecklistState.RETRY)
                        else ChecklistState.RETRY,
                        volunteer=crew[(position + attempt) % len(crew)] if crew else None,
                        by="" if crew else "居委会",
                    )
                )
    return campaigns, visits


def _sites(rng: random.Random, count: int) -> list[Site]:
    """The story's communities, then generated ones with unique Chinese names."""
    sites = story_sites()[:count]
    used = {site.name for site in sites}
    for number in range(len(sites) + 1, count + 1):
        name = _site_name(rng, used, number)
        used.add(name)
        sites.append(
            Site(id=f"site{number:02d}", name=name, street=rng.choice(_STREETS), district=DISTRICT)
        )
    return sites


def _site_name(rng: random.Random, used: set[str], number: int) -> str:
    """A two-character community name not yet taken, or `第N社区` when they run out."""
    for _ in range(20):
        name = f"{rng.choice(_NAME_HEADS)}{rng.choice(_NAME_TAILS)}社区"
        if name not in used:
            return name
    return f"第{number}社区"


def _estates(site: Site) -> tuple[str, ...]:
    """Housing estates of a site, where its renovation and visits take place."""
    if site.id in _STORY_ESTATES:
        return _STORY_ESTATES[site.id]
    stem = site.name.removesuffix("社区")
    return (f"{stem}花园", f"{stem}新村", f"{stem}苑")


def _volunteers(
    rng: random.Random, ids: SeededIds, today: dt.date, site_ids: Sequence[str], count: int
) -> list[Volunteer]:
    refs: Counter[str] = Counter()
    roster = []
    for _ in range(count):
        site = rng.choice(site_ids)
        refs[site] += 1
        roster.append(_volunteer(rng, ids(), f"{site}-v{refs[site]}", today, site))
    return roster


def _volunteer(
    rng: random.Random, volunteer_id: str, ref: str, today: dt.date, site: str
) -> Volunteer:
    minor = rng.random() < 0.08
    skills = _draw_skills(rng, minor)
    return Volunteer(
        id=volunteer_id,
        ref=ref,
        name=rng.choice(_SURNAMES) + rng.choice(_MINOR_GIVEN if minor else _GIVEN),
        phone=None if rng.random() < 0.1 else _phone(rng),
        skills=skills,
        certs=_draw_certs(rng, today, skills),
        minor=minor,
        groups=_draw_groups(rng, minor, skills),
        availability=rng.sample(_SLOTS, rng.randint(2, 8)),
        away=_draw_away(rng, today) if rng.random() < 0.04 else [],
        site=site,
        max_hours=rng.choice((4.0, 6.0, 8.0, 10.0, 12.0, 16.0)) if rng.random() < 0.3 else None,
        consent=rng.random() < 0.92,
        notes=rng.choice(_NOTES) if rng.random() < 0.03 else "",
    )


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(_PHONE_PREFIXES)}{rng.randrange(10**8):08d}"


def _draw_skills(rng: random.Random, minor: bool) -> dict[str, int]:
    """One to four skills, common ones more often; levels mostly 1, rarely 3."""
    keys, weights = (_MINOR_SKILLS, _MINOR_WEIGHTS) if minor else (_ADULT_SKILLS, _ADULT_WEIGHTS)
    wanted = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
    skills: dict[str, int] = {}
    while len(skills) < wanted:
        skill = rng.choices(keys, weights)[0]
        if skill not in skills:
            skills[skill] = rng.choices((1, 2, 3), cum_weights=(5, 8, 10))[0]
    return skills


def _draw_certs(rng: random.Random, today: dt.date, skills: dict[str, int]) -> dict[str, dt.date]:
    """Most holders of a certified skill have a certificate; some have let it lapse."""
    return {
        skill: today + dt.timedelta(days=rng.randint(-180, 900))
        for skill in skills
        if skill in NEEDS_CERT and rng.random() < 0.85
    }


def _draw_groups(rng: random.Random, minor: bool, skills: dict[str, int]) -> list[str]:
    if minor:
        return ["youth"]
    groups = []
    if rng.random() < 0.2:
        groups.append("party-member")
    if rng.random() < 0.05:
        groups.append("military-spouse-association")
    if rng.random() < 0.05:
        groups.append("veterans")
    if "performance" in skills and rng.random() < 0.7:
        groups.append("dance-troupe")
    return groups


def _draw_away(rng: random.Random, today: dt.date) -> list[Away]:
    start = today + dt.timedelta(days=rng.randint(-10, 40))
    return [Away(start=start, end=start + dt.timedelta(days=rng.randint(2, 20)))]


def _tasks(
    rng: random.Random, ids: SeededIds, today: dt.date, sites: Sequence[Site], count: int
) -> list[Task]:
    refs: Counter[str] = Counter()
    ranks: Counter[Status] = Counter()
    estates = {site.id: _estates(site) for site in sites}
    board = []
    for _ in range(count):
        site = rng.choice(sites).id
        status = rng.choices(_STATUSES, _STATUS_WEIGHTS)[0]
        refs[site] += 1
        ranks[status] += 1
        board.append(
            _task(
                rng,
                ids,
                today,
                status,
                site=site,
                ref=f"{site}-{refs[site]}",
                rank=float(ranks[status]),
                estate=rng.choice(estates[site]),
            )
        )
    return board


def _task(
    rng: random.Random,
    ids: SeededIds,
    today: dt.date,
    status: Status,
    *,
    site: str,
    ref: str,
    rank: float,
    estate: str,
) -> Task:
    """A task from a random template, worded for `estate`, dated to suit `status`."""
    template = _TEMPLATES[rng.randrange(len(_TEMPLATES))]
    number = rng.randint(1, 12)
    task_id = ids()
    day = _pick_day(rng, today, status)
    start, end = _window(rng, day) if day is not None and rng.random() < 0.4 else (None, None)
    hours = (end - start).total_seconds() / 3600 if start and end else rng.choice((1.5, 2.0, 3.0))
    return Task(
        id=task_id,
        ref=ref,
        title=template.title.format(estate=estate, n=number, topic=rng.choice(_TOPICS)),
        kind=template.kind,
        status=status,
        site=site,
        place=template.place.format(estate=estate, n=number),
        priority=rng.choices(_PRIORITIES, _PRIORITY_WEIGHTS)[0],
        start=start,
        end=end,
        due=None if start else day,
        hours=hours,
        needs=_draw_needs(rng, template),
        prefer_group=template.group,
        checklist=_households(rng, ids, status)
        if template.households and rng.random() < 0.3
        else [],
        rank=rank,
    )


def _pick_day(rng: random.Random, today: dt.date, status: Status) -> dt.date | None:
    """Finished work lies in the past, current work around today, the rest ahead."""
    if status in (Status.DONE, Status.ARCHIVED):
        offset = rng.randint(-56, -1)
    elif status is Status.IN_PROGRESS:
        offset = rng.randint(-5, 3)
    elif status is Status.SUGGESTED:
        if rng.random() < 0.5:
            return None
        offset = rng.randint(7, 84)
    else:
        offset = rng.randint(-3, 56)
    return today + dt.timedelta(days=offset)


def _window(rng: random.Random, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A 1.5–2.5 hour window starting on the hour or half hour inside one part of the day."""
    first, last = PART_HOURS[rng.choice(PARTS)]
    start = dt.datetime.combine(day, dt.time(rng.randint(first, last - 3), rng.choice((0, 30))))
    return start, start + dt.timedelta(minutes=rng.choice((90, 120, 150)))


def _draw_needs(rng: random.Random, template: _Template) -> list[Need]:
    return [
        Need(
            skill=skill,
            count=rng.randint(1, most),
            min_level=min(rng.randint(1, highest), rng.randint(1, highest)),
        )
        for skill, most, highest in template.needs
    ]


def _households(rng: random.Random, ids: SeededIds, status: Status) -> list[ChecklistItem]:
    """Five flats to visit; finished visits are done, current ones partly retried."""
    items = []
    for _ in range(5):
        text = f"{rng.randint(1, 12)}栋{rng.randint(1, 18)}0{rng.randint(1, 4)}"
        if status in (Status.DONE, Status.ARCHIVED):
            state, attempts = ChecklistState.DONE, rng.randint(1, 2)
        elif status is Status.IN_PROGRESS:
            state = rng.choice((ChecklistState.DONE, ChecklistState.RETRY, ChecklistState.TODO))
            attempts = 0 if state is ChecklistState.TODO else rng.randint(1, 3)
        else:
            state, attempts = ChecklistState.TODO, 0
        note = "不在家" if state is ChecklistState.RETRY else ""
        items.append(ChecklistItem(id=ids(), text=text, state=state, attempts=attempts, note=note))
    return items


class _Pools:
    """Volunteers grouped so each slot is filled only by people with the skill.

    Keyed by (skill, minimum level), once per site and once for the whole
    district; a site short of people borrows from the district, as offices do.
    """

    def __init__(self, roster: Sequence[Volunteer]) -> None:
        self.by_key: dict[tuple[str | None, str, int], list[Volunteer]] = {}
        for volunteer in roster:
            for skill, level in volunteer.skills.items():
                for needed in range(1, level + 1):
                    self.by_key.setdefault((volunteer.site, skill, needed), []).append(volunteer)
                    self.by_key.setdefault((None, skill, needed), []).append(volunteer)

    def candidates(self, site: str, need: Need, day: dt.date) -> list[Volunteer]:
        """People for `need` on `day`: the site's own if it has enough, else the district's."""
        local = self._eligible(site, need, day)
        return local if len(local) >= need.count else self._eligible(None, need, day)

    def _eligible(self, site: str | None, need: Need, day: dt.date) -> list[Volunteer]:
        pool = self.by_key.get((site, need.skill, need.min_level), [])
        if need.skill not in NEEDS_CERT:
            return pool
        return [volunteer for volunteer in pool if volunteer.cert_valid(need.skill, day)]


def _staff(
    rng: random.Random,
    ids: SeededIds,
    today: dt.date,
    board: Sequence[Task],
    roster: Sequence[Volunteer],
) -> tuple[list[Assignment], list[HoursEntry]]:
    """Assignments for staffed, in-progress and done tasks; hours for the done ones."""
    pools = _Pools(roster)
    assignments: list[Assignment] = []
    hours: list[HoursEntry] = []
    for task in board:
        if task.status not in _ASSIGNED:
            continue
        day = task.when() or today
        for volunteer, skill in _crew(rng, pools, task, day):
            state = _assignment_state(rng, task.status)
            assignment = Assignment(task=task.id, volunteer=volunteer.id, skill=skill, state=state)
            assignments.append(assignment)
            if state is AssignmentState.DONE and task.hours is not None:
                hours.append(
                    HoursEntry(
                        id=ids(),
                        assignment=assignment.id,
                        task=task.id,
                        volunteer=volunteer.id,
                        date=day,
                        hours=task.hours,
                    )
                )
    return assignments, hours


def _crew(
    rng: random.Random, pools: _Pools, task: Task, day: dt.date
) -> list[tuple[Volunteer, str]]:
    """Up to `count` different people per need, nobody twice on one task."""
    taken: set[str] = set()
    crew = []
    for need in task.needs:
        pool = pools.candidates(task.site, need, day)
        picked = rng.sample(pool, min(len(pool), need.count + len(taken)))
        for volunteer in [person for person in picked if person.id not in taken][: need.count]:
            taken.add(volunteer.id)
            crew.append((volunteer, need.skill))
    return crew


def _assignment_state(rng: random.Random, status: Status) -> AssignmentState:
    if status is not Status.DONE:
        return AssignmentState.CONFIRMED
    return AssignmentState.NO_SHOW if rng.random() < 0.05 else AssignmentState.DONE
