"""Exporting and reading bundle files with this site's key and trust roster."""

from __future__ import annotations

from pathlib import Path

from taskboard.store import Store
from taskboard.sync.bundle import Bundle, ExportInfo, build_bundle, encode_bundle
from taskboard.sync.registers import Vector
from taskboard.sync.signing import load_key, public_text, sign, trusted_keys
from taskboard.sync.validate import read_bundle


def export_bytes(
    store: Store, *, since: str | None = None, redact: bool = False, base: Vector | None = None
) -> tuple[bytes, ExportInfo]:
    """The bundle file's bytes, signed when this site has a key (`base`: see `build_bundle`)."""
    bundle, info = build_bundle(store, since=since, redact=redact, base=base)
    payload = encode_bundle(bundle)
    key = load_key(store.path)
    if key is not None:
        payload = sign(payload, store.site, key)
    return payload, info


def is_signed(store: Store) -> bool:
    """True when exports of this site are signed."""
    return load_key(store.path) is not None


def trust_roster(store: Store) -> dict[str, str]:
    """Keys whose signatures merges accept; empty means signatures are not required.

    Our own key joins a non-empty roster, so a site can merge its own bundles.
    """
    roster = trusted_keys(store)
    key = load_key(store.path) if roster else None
    if key is not None:
        roster.setdefault(store.site, public_text(key.public_key()))
    return roster


def read_bundles(store: Store, paths: list[Path]) -> list[Bundle]:
    """Read and check every file; the first bad one stops everything."""
    roster = trust_roster(store)
    return [read_bundle(path, roster) for path in paths]
