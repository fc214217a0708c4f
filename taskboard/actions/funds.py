"""Funding sources: each site's short list of funds, and the fund a task's money came from.

A fund is a name on its site's record (`Site.funds`), not a table of its own:
a site has a handful (党组织服务群众专项资金, 社区公益金), they travel with the
site when bundles merge (the list merges as a set), and a task names one by
its full name. The one rule — a task's fund is one of its site's funds — lives
in `fund_name`, which every front end calls before a task is changed.
"""

from __future__ import annotations

from dataclasses import replace

from taskboard.actions.sites import edit_site
from taskboard.board.edits import Edit
from taskboard.i18n import _
from taskboard.model import Site
from taskboard.store import InvalidRecord, NotFound, Store
from taskboard.store.records import DELETED


def site_funds(store: Store, site_id: str) -> list[str]:
    """The funds of a site, in name order (none for an unknown site)."""
    doc = store.sites.get(site_id)
    if doc is None or doc.get(DELETED):
        return []
    return list(doc.get("funds") or [])


def _site(store: Store, site_id: str) -> Site:
    doc = store.sites.get(site_id)
    if doc is None or doc.get(DELETED):
        raise NotFound(_("no site {site}").format(site=repr(site_id)))
    return store.sites.model(doc)


def fund_name(store: Store, site_id: str, text: str) -> str:
    """The fund of `site_id` that `text` names: its full name or a part only it holds
    (`专项资金` for `党组织服务群众专项资金`). Refuses an unknown or ambiguous name."""
    funds = site_funds(store, site_id)
    wanted = text.strip().lower()
    if wanted in funds:
        return wanted
    found = [fund for fund in funds if wanted and wanted in fund]
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(funds) or _("none yet; add one with `taskboard fund add NAME`")
        raise NotFound(
            _("no fund {fund} at {site} (its funds: {known})").format(
                fund=repr(text), site=site_id, known=known
            )
        )
    raise InvalidRecord(
        _("fund {fund} could be {funds}; give more of its name").format(
            fund=repr(text), funds=" or ".join(found)
        )
    )


def add_fund(store: Store, site_id: str, name: str) -> Edit:
    """Put a fund on a site's list (checked like any label: one word, no spaces)."""
    with store.transaction():
        site = _site(store, site_id)
        funds = sorted({*site.funds, name.strip().lower()})
        if funds == site.funds:
            raise InvalidRecord(
                _("{site} already has the fund {fund}").format(site=site_id, fund=name)
            )
        edit = edit_site(store, site_id, {"funds": funds})
    label = _("Added fund {fund} to {site}").format(fund=name.strip().lower(), site=site_id)
    return replace(edit, label=label)


def remove_fund(store: Store, site_id: str, name: str) -> Edit:
    """Take a fund off a site's list; tasks that name it keep the name (their money was spent)."""
    with store.transaction():
        site = _site(store, site_id)
        fund = fund_name(store, site_id, name)
        edit = edit_site(store, site_id, {"funds": [f for f in site.funds if f != fund]})
    label = _("Removed fund {fund} from {site}").format(fund=fund, site=site_id)
    return replace(edit, label=label)
