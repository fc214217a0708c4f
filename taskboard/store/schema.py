"""The data file's schema version and the steps that bring old files up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from taskboard.store.errors import CorruptFile, TooNew
from taskboard.store.shape import MODELS, fill_missing
from taskboard.store.storage import META_ID, META_TABLE, Tables

SCHEMA_VERSION = 3
"""Written into every data file; raise it with a migration when the layout changes."""

Migration = Callable[[Tables], None]


def fill_defaults(data: Tables) -> None:
    """Give every record the fields its model gained since, at their defaults.

    The step for a version that only added fields with defaults (a site's
    coordinator and phone, say): the board reads records without models, so
    every field must be present in the file. A record's merge stamps do not
    name the new fields; a later edit stamps them like any other.
    """
    for table in MODELS:
        for doc in (data.get(table) or {}).values():
            fill_missing(table, doc)


MIGRATIONS: dict[int, Migration] = {1: fill_defaults, 2: fill_defaults}
"""Version N → the function that turns a version-N file into version N+1, in place.

1 → 2: sites gained `coordinator` and `phone`.
2 → 3: sites gained `funds`; tasks gained attendance (`expected`, `attended`),
costs (`cost_estimate`, `cost`), `fund`, `series` and `leader` (the crew leader);
volunteers gained `links` (other records of the same person).
"""


def file_schema(data: Tables, path: Path | None = None) -> int:
    """The schema version a loaded file declares (files before versioning count as 0).

    A version that is not a whole number is damage, said as such: counting it
    as 0 would blame a missing migration.
    """
    version = data.get(META_TABLE, {}).get(META_ID, {}).get("schema", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        shown = (
            repr(version)[:40] if isinstance(version, str | int | float) else type(version).__name__
        )
        raise CorruptFile(
            f"{path or 'this data'}: the schema version must be a whole number, not {shown};"
            " the file was left untouched"
        )
    return version


def is_outdated(data: Tables, path: Path | None = None) -> bool:
    """True when `data` was written under an older schema and needs migrating."""
    return file_schema(data, path) < SCHEMA_VERSION


def migrate(data: Tables, path: Path | None = None) -> bool:
    """Bring `data` to SCHEMA_VERSION in place; True when anything was migrated."""
    version = file_schema(data, path)
    if version > SCHEMA_VERSION:
        where = f"{path} was" if path else "this data was"
        raise TooNew(
            f"{where} written by a newer taskboard (schema {version}, this one reads"
            f" up to {SCHEMA_VERSION}): upgrade taskboard to open it"
        )
    if version == SCHEMA_VERSION:
        return False
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CorruptFile(
                f"{path or 'this data'}: schema {version} is unknown (this taskboard reads schema"
                f" {SCHEMA_VERSION}); the file was left untouched"
            )
        step(data)
        version += 1
        data[META_TABLE][META_ID]["schema"] = version
    return True
