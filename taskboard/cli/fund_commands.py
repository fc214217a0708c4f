"""`taskboard fund …`: each site's short list of funding sources (add, list, remove)."""

from __future__ import annotations

import argparse
from typing import Any

from taskboard.actions.funds import add_fund, fund_name, remove_fund, site_funds
from taskboard.cli import names
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.i18n import _


def _site(ctx: Context) -> str:
    return str(ctx.args.site or ctx.store().site)


def fund_add(ctx: Context) -> int:
    """Put a fund on a site's list, e.g. 党组织服务群众专项资金."""
    store, site = ctx.store(), _site(ctx)
    edit = add_fund(store, site, ctx.args.name)
    if ctx.json:
        ctx.emit({"site": site, "funds": site_funds(store, site)})
    else:
        ctx.echo(edit.label)
    return 0


def fund_remove(ctx: Context) -> int:
    """Take a fund off a site's list (tasks keep the name they carry)."""
    store, site = ctx.store(), _site(ctx)
    fund = fund_name(store, site, ctx.args.name)
    edit = remove_fund(store, site, fund)
    if ctx.json:
        ctx.emit({"site": site, "funds": site_funds(store, site)})
    else:
        ctx.echo(edit.label)
    return 0


def fund_list(ctx: Context) -> int:
    """Every site's funds (or one site's), with how many tasks name each."""
    store = ctx.store()
    sites = [ctx.args.site] if ctx.args.site else sorted(store.sites.models())
    used: dict[tuple[str, str], int] = {}
    for doc in store.tasks.live():
        if doc.get("fund"):
            key = (doc["site"], doc["fund"])
            used[key] = used.get(key, 0) + 1
    rows: list[dict[str, Any]] = [
        {"site": site, "fund": fund, "tasks": used.get((site, fund), 0)}
        for site in sites
        for fund in site_funds(store, site)
    ]
    if ctx.json:
        ctx.emit(rows)
        return 0
    if not rows:
        ctx.say("No funds yet. Add one with: taskboard fund add NAME")
        return 0
    heads = [_("Site"), _("Fund"), _("Tasks")]
    ctx.echo(table(heads, [[str(r["site"]), str(r["fund"]), str(r["tasks"])] for r in rows]))
    return 0


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `fund …` to the CLI."""
    fund = commands.add_parser("fund", help="funding sources of each site")
    sub = fund.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, func, text in (
        ("add", fund_add, "add a fund to a site's list"),
        ("rm", fund_remove, "remove a fund from a site's list"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("name", metavar="NAME", help="e.g. 党组织服务群众专项资金")
        p.add_argument("--site", type=names.site, help="default: this file's site")
        p.set_defaults(func=func)
    p = sub.add_parser("list", parents=[common], help="list funds and how many tasks use each")
    p.add_argument("--site", type=names.site)
    p.set_defaults(func=fund_list)
