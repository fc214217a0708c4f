"""Site actions: make another site known, change a site's name or contacts.

A site's coordinator and phone are what volunteers see on their sheets and in
the kiosk ("Questions? Call 李主任 0756-2212345"), so they are edited like any
record: checked by the model, stamped for sync, with history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from taskboard.board.edits import Edit, apply_fields
from taskboard.i18n import _
from taskboard.model import Site
from taskboard.model.errors import describe_validation_error
from taskboard.store import InvalidRecord, NotFound, Store
from taskboard.store.records import DELETED
from taskboard.store.tables import Table

EDITABLE = ("name", "street", "district", "coordinator", "phone", "funds")
"""What `site edit` may change (the id is the site's references' prefix and stays)."""


def add_site(store: Store, site: Site) -> Edit:
    """Make another site known, so tasks and volunteers can belong to it."""
    store.sites.create(site)
    label = _("Added site {site}").format(site=site.id)
    return Edit(Table.SITES, site.id, {DELETED: True}, {DELETED: False}, label, "created")


def edit_site(store: Store, site_id: str, fields: Mapping[str, Any]) -> Edit:
    """Change a site's name, place or contacts; an empty value clears an optional one."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise InvalidRecord(_("a site's {field} cannot be changed").format(field=unknown[0]))
    with store.transaction():
        doc = store.sites.get(site_id)
        if doc is None or doc.get(DELETED):
            raise NotFound(_("no site {site}").format(site=repr(site_id)))
        wanted = {
            name: (value if value != "" or name == "name" else None)
            for name, value in fields.items()
        }
        try:
            Site.model_validate({**store.sites.model(doc).model_dump(), **wanted})
        except ValidationError as error:
            raise InvalidRecord(describe_validation_error(error)) from error
        replaced, written = apply_fields(store, Table.SITES, site_id, wanted, "edited")
    label = _("Edited site {site}").format(site=site_id)
    return Edit(Table.SITES, site_id, replaced, written, label, "edited")
