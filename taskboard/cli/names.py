"""Options that name a skill or a site, read in any language once the data file is open.

A parser declares such an option with `type=skill`, `type=site` or
`type=skill_first` (`电焊:2`, `welding:2:2`: a skill, then more after a colon);
argparse keeps the text typed, and `read_names` turns every one into the key the
file knows (`电焊` → `welding`, `阜宁社区` → `funing`) when the command opens the
store, through `taskboard.store.names`. An unknown name is an error naming the
known ones, before anything is written.
"""

from __future__ import annotations

import argparse
from typing import Any

from taskboard.store import Store
from taskboard.store.names import site_id, skill_key


class _Name(str):
    """Text typed for an option, to be read as a key once the store is open."""

    __slots__ = ()

    def read(self, store: Store) -> str:
        raise NotImplementedError


class _Skill(_Name):
    __slots__ = ()

    def read(self, store: Store) -> str:
        return skill_key(store, self) if self.lower() != "none" else str(self)


class _Site(_Name):
    __slots__ = ()

    def read(self, store: Store) -> str:
        return site_id(store, self)


class _SkillFirst(_Name):
    __slots__ = ()

    def read(self, store: Store) -> str:
        name, colon, rest = self.partition(":")
        if not colon or not name.strip():
            return str(self)  # the value's own parser says what shape is wanted
        return f"{skill_key(store, name)}:{rest}"


def skill(text: str) -> str:
    """argparse `type` of an option naming a skill."""
    return _Skill(text)


def site(text: str) -> str:
    """argparse `type` of an option naming a site."""
    return _Site(text)


def skill_first(text: str) -> str:
    """argparse `type` of `SKILL:…` values (`--need`, `--skill`, `--cert`)."""
    return _SkillFirst(text)


def read_names(args: argparse.Namespace, store: Store) -> None:
    """Replace every skill or site name among the parsed options by its key."""
    for option, value in vars(args).items():
        setattr(args, option, _read(value, store))


def _read(value: Any, store: Store) -> Any:
    if isinstance(value, _Name):
        return value.read(store)
    if isinstance(value, list):
        return [_read(item, store) for item in value]
    return value
