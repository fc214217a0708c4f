"""Setting up a data file and looking after it: init, demo, sites, skills, backups."""

from __future__ import annotations

import argparse
from typing import Any

from taskboard.actions.sites import add_site, edit_site
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.cli.values import OptionError
from taskboard.demo import dataset_tables, district_dataset, story_dataset
from taskboard.i18n import _, ngettext
from taskboard.model import Site, Skill
from taskboard.settings import current_day
from taskboard.store import Store, StoreError
from taskboard.store.backups import list_backups

DEMO_COORDINATOR = "李主任"
SITE_FIELDS = ("name", "street", "district", "coordinator", "phone")


def init(ctx: Context) -> int:
    """Create a data file that belongs to one site."""
    args = ctx.args
    store = ctx.store(must_exist=False)
    site = Site(
        id=args.site,
        name=args.name,
        street=args.street,
        district=args.district,
        coordinator=args.coordinator,
        phone=args.phone,
    )
    store.initialise(site, coordinator=args.coordinator)
    if ctx.json:
        ctx.emit({"path": str(ctx.db_path), "site": site.id, "name": site.name})
    else:
        ctx.say(
            "Created {path} for site {site} ({name})",
            path=ctx.db_path,
            site=site.id,
            name=site.name,
        )
    return 0


def demo(ctx: Context) -> int:
    """Fill the data file with the story's example data, or a district-size set."""
    store = ctx.store(must_exist=False)
    _refuse_tasks(ctx, store)  # before the slow build
    today = current_day()
    dataset = district_dataset(today) if ctx.args.size == "district" else story_dataset(today)
    tables = dataset_tables(
        dataset,
        who=ctx.who or DEMO_COORDINATOR,
        coordinator=DEMO_COORDINATOR,
        history=ctx.args.size == "story",
    )
    with store.transaction(bulk=True):
        _refuse_tasks(ctx, store)  # again under the lock: tasks saved meanwhile are never lost
        store.replace_all(tables)
    counts = {"tasks": len(dataset.tasks), "volunteers": len(dataset.volunteers)}
    if ctx.json:
        ctx.emit({"path": str(ctx.db_path), "size": ctx.args.size, **counts})
    else:
        tasks = ngettext("{n} task", "{n} tasks", counts["tasks"])
        volunteers = ngettext("{n} volunteer", "{n} volunteers", counts["volunteers"])
        ctx.say(
            "Loaded the {size} example: {tasks}, {volunteers} into {path}",
            size=ctx.args.size,
            path=ctx.db_path,
            tasks=tasks.format(n=counts["tasks"]),
            volunteers=volunteers.format(n=counts["volunteers"]),
        )
    return 0


def _refuse_tasks(ctx: Context, store: Store) -> None:
    """Without `--force`, the example data never replaces a file that holds tasks."""
    tasks = sum(1 for _doc in store.tasks.live())
    if tasks and not ctx.args.force:
        held = (
            "1 task; add --force to replace it"
            if tasks == 1
            else f"{tasks} tasks; add --force to replace them"
        )
        raise StoreError(f"{ctx.db_path} already holds {held} (a backup is kept)")


def site_list(ctx: Context) -> int:
    """Sites this file knows about."""
    sites = sorted(ctx.store().sites.models().values(), key=lambda s: s.id)
    if ctx.json:
        ctx.emit([site.model_dump(mode="json") for site in sites])
        return 0
    rows = [
        [s.id, s.name, s.street or "", s.district or "", s.coordinator or "", s.phone or ""]
        for s in sites
    ]
    heads = ["id", _("Name"), _("Street"), _("District"), _("Coordinator"), _("Phone")]
    ctx.echo(table(heads, rows))
    return 0


def site_add(ctx: Context) -> int:
    """Make another site known, so tasks and volunteers can belong to it."""
    args = ctx.args
    site = Site(
        id=args.id,
        name=args.name,
        street=args.street,
        district=args.district,
        coordinator=args.coordinator or None,
        phone=args.phone or None,
    )
    add_site(ctx.store(), site)
    ctx.emit(site.model_dump(mode="json")) if ctx.json else ctx.echo(f"{site.id}: {site.name}")
    return 0


def site_edit(ctx: Context) -> int:
    """Change a site's name, place or the contact volunteers call."""
    args = ctx.args
    fields = {name: getattr(args, name) for name in SITE_FIELDS if getattr(args, name) is not None}
    if not fields:
        raise OptionError(
            _("nothing to change: give --name, --street, --district, --coordinator or --phone")
        )
    store = ctx.store()
    edit = edit_site(store, args.id, fields)
    site = store.sites.models()[args.id]
    if ctx.json:
        ctx.emit(site.model_dump(mode="json"))
    else:
        ctx.echo(edit.label if edit.after else _("{site}: nothing changed").format(site=args.id))
    return 0


def skill_list(ctx: Context) -> int:
    """The skill catalogue."""
    skills = sorted(ctx.store().skills.models().values(), key=lambda s: s.key)
    if ctx.json:
        ctx.emit([skill.model_dump(mode="json") for skill in skills])
        return 0
    yes = {True: _("yes"), False: ""}
    rows = [[s.key, s.label_en, s.label_zh, yes[s.adult_only], yes[s.needs_cert]] for s in skills]
    headers = ["Skill", "Label", "中文", "Adult only", "Needs certificate"]
    ctx.echo(table([_(h) for h in headers], rows))
    return 0


def skill_add(ctx: Context) -> int:
    """Add a skill to the catalogue."""
    args = ctx.args
    skill = Skill(
        key=args.key,
        label_en=args.en or args.key,
        label_zh=args.zh or args.en or args.key,
        adult_only=args.adult_only,
        needs_cert=args.cert,
    )
    ctx.store().skills.create(skill)
    ctx.emit(skill.model_dump(mode="json")) if ctx.json else ctx.echo(
        f"{skill.key}: {skill.label_en} / {skill.label_zh}"
    )
    return 0


def backup_list(ctx: Context) -> int:
    """Backups of the data file, newest first."""
    infos = list_backups(ctx.db_path)
    if ctx.json:
        ctx.emit(
            [
                {
                    "name": i.name,
                    "taken": i.taken.isoformat(timespec="seconds"),
                    "size": i.size,
                    "tasks": i.tasks,
                    "volunteers": i.volunteers,
                }
                for i in infos
            ]
        )
        return 0
    if not infos:
        ctx.say("No backups yet.")
        return 0
    rows = [
        [i.name, f"{i.taken:%Y-%m-%d %H:%M:%S}", _size(i.size), str(i.tasks), str(i.volunteers)]
        for i in infos
    ]
    headers = ["Backup", "Taken", "Size", "Tasks", "Volunteers"]
    ctx.echo(table([_(h) for h in headers], rows))
    return 0


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def backup_restore(ctx: Context) -> int:
    """Put a backup in place of the current data (which is itself backed up first).

    Works when the data file or its journal is damaged, which is when a backup is
    needed most: the damaged files are kept aside, and the output says where.
    """
    restored = Store.restore_backup(ctx.db_path, ctx.args.name, who=ctx.who)
    before_name = restored.previous.stem if restored.previous else "-"
    if ctx.json:
        ctx.emit(
            {
                "restored": ctx.args.name,
                "backup_of_previous": before_name,
                "damaged_kept_as": [str(path) for path in restored.set_aside],
            }
        )
        return 0
    if restored.previous is not None:
        ctx.say(
            "Restored backup {name}; the state before was saved as backup {before}",
            name=ctx.args.name,
            before=before_name,
        )
    else:
        ctx.say("Restored backup {name}", name=ctx.args.name)
    for path in restored.set_aside:
        ctx.say("The damaged file was kept as {file}", file=str(path))
    return 0


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add init, demo, site, skill and backup commands."""
    p = commands.add_parser("init", parents=[common], help="create a data file for one site")
    p.add_argument("--site", required=True, help="short id, e.g. funing")
    p.add_argument("--name", required=True, help="display name, e.g. 阜宁社区")
    p.add_argument("--street", help="sub-district (街道)")
    p.add_argument("--district", help="district (区)")
    p.add_argument("--coordinator", help="your name, recorded in the history of changes")
    p.add_argument("--phone", help="the phone volunteers call with questions")
    p.set_defaults(func=init)

    p = commands.add_parser("demo", parents=[common], help="fill the data file with example data")
    p.add_argument("--size", choices=["story", "district"], default="story")
    p.add_argument("--force", action="store_true", help="replace existing data (backed up)")
    p.set_defaults(func=demo)

    site = commands.add_parser("site", help="sites this file knows about")
    sub = site.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", parents=[common], help="list sites").set_defaults(func=site_list)
    p = sub.add_parser("add", parents=[common], help="add a site")
    p.add_argument("id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--street")
    p.add_argument("--district")
    p.add_argument("--coordinator", help="whom volunteers call, e.g. 李主任")
    p.add_argument("--phone", help="the phone volunteers call, e.g. 0756-2212345")
    p.set_defaults(func=site_add)
    p = sub.add_parser("edit", parents=[common], help="change a site's name, place or contact")
    p.add_argument("id", metavar="ID")
    p.add_argument("--name")
    p.add_argument("--street", help="empty to clear")
    p.add_argument("--district", help="empty to clear")
    p.add_argument("--coordinator", help="whom volunteers call; empty to clear")
    p.add_argument("--phone", help="the phone volunteers call; empty to clear")
    p.set_defaults(func=site_edit)

    skill = commands.add_parser("skill", help="the skill catalogue")
    sub = skill.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", parents=[common], help="list skills").set_defaults(func=skill_list)
    p = sub.add_parser("add", parents=[common], help="add a skill")
    p.add_argument("key", metavar="KEY", help="short key, e.g. plumbing")
    p.add_argument("--en", help="English label")
    p.add_argument("--zh", help="Chinese label")
    p.add_argument("--adult-only", action="store_true", help="never offered to minors")
    p.add_argument("--cert", action="store_true", help="needs a valid certification")
    p.set_defaults(func=skill_add)

    backup = commands.add_parser("backup", help="list and restore backups")
    sub = backup.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", parents=[common], help="list backups").set_defaults(func=backup_list)
    p = sub.add_parser("restore", parents=[common], help="restore a backup")
    p.add_argument("name", metavar="NAME", help="as `backup list` shows it")
    p.set_defaults(func=backup_restore)
