"""`taskboard export | merge | sync | conflicts | key`: exchanging work between sites."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
from pathlib import Path
from typing import Any

from taskboard.actions.conflicts import resolve_conflict as settle
from taskboard.actions.volunteers import link_hint, shared_phones
from taskboard.cli.context import Context
from taskboard.cli.output import table
from taskboard.cli.values import OptionError
from taskboard.i18n import _, ngettext
from taskboard.settings import current_day
from taskboard.store.outputs import write_output
from taskboard.sync import (
    Conflict,
    MergeSummary,
    SigningKeyError,
    export_bytes,
    list_conflicts,
    merge_bundles,
    read_bundles,
    sync_folder,
)
from taskboard.sync.bundle import ExportInfo
from taskboard.sync.conflicts import Value
from taskboard.sync.errors import BundleError
from taskboard.sync.folder import SUFFIX, FolderSync, peer_line
from taskboard.sync.signing import fingerprint, init_key, load_key, public_text, trust, trusted_keys
from taskboard.sync.watch import WatchEvent, watch_folder

STDOUT = "-"


# export ----------------------------------------------------------------------------------
def export(ctx: Context) -> int:
    """Write this site's bundle: everything, or what SITE does not hold yet."""
    store = ctx.store()
    since = ctx.args.since_last
    if since is not None:
        since = since.strip().lower()
    payload, info = export_bytes(store, since=since, redact=ctx.args.redact)
    target = ctx.args.output or default_bundle_name(store.site)
    if target == STDOUT:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        write_output(Path(target), payload, data_path=ctx.db_path)
    signed = load_key(store.path) is not None
    if ctx.json and target != STDOUT:
        ctx.emit(_export_json(info, target, signed))
    elif target != STDOUT:
        ctx.echo(_export_line(info, target, signed))
    return 0


def default_bundle_name(site: str) -> str:
    """`funing-20261125-0930.taskboard-bundle.json` in the current folder."""
    return f"{site}-{dt.datetime.now():%Y%m%d-%H%M%S}{SUFFIX}"


def _export_json(info: ExportInfo, target: str, signed: bool) -> dict[str, Any]:
    return {
        "file": target,
        "site": info.site,
        "records": info.counts,
        "full": info.full,
        "since_last": info.since,
        "redacted": info.redacted,
        "signed": signed,
    }


def _export_line(info: ExportInfo, target: str, signed: bool) -> str:
    counts = ", ".join(f"{_(name)} {count}" for name, count in info.counts.items() if count)
    notes = [_("signed") if signed else _("unsigned")]
    if info.redacted:
        notes.append(_("redacted"))
    if info.since and not info.full:
        notes.append(_("changes {site} does not hold yet").format(site=info.since))
    elif info.since:
        notes.append(_("everything: nothing heard from {site} yet").format(site=info.since))
    total = sum(info.counts.values())
    return ngettext(
        "Exported {total} record to {file} ({notes}): {counts}",
        "Exported {total} records to {file} ({notes}): {counts}",
        total,
    ).format(total=total, file=target, notes=", ".join(notes), counts=counts or "-")


# merge -----------------------------------------------------------------------------------
def merge(ctx: Context) -> int:
    """Merge bundle files, all or nothing, and show what changed."""
    store = ctx.store()
    bundles = read_bundles(store, [Path(name) for name in ctx.args.files])
    summary = merge_bundles(
        store, bundles, dry_run=ctx.args.dry_run, after_restore=ctx.args.after_restore
    )
    _report(ctx, summary)
    return 0


def _report(ctx: Context, summary: MergeSummary) -> None:
    if ctx.json:
        ctx.emit(summary.as_json())
        return
    for warning in summary.warnings:
        sys.stderr.write(f"taskboard: {_('warning')}: {warning}\n")
    ctx.echo(summary_text(summary))
    if not summary.dry_run and summary.changed:
        _same_people(ctx)


HINTS_SHOWN = 5
"""Link suggestions printed after a merge; `volunteer list --duplicates` lists them all."""


def _same_people(ctx: Context) -> None:
    """Records that share a phone and are not linked: likely one person at two sites."""
    pairs = shared_phones(ctx.store())
    for first, second in pairs[:HINTS_SHOWN]:
        ctx.echo(link_hint(first, second))
    if len(pairs) > HINTS_SHOWN:
        more = len(pairs) - HINTS_SHOWN
        words = ngettext(
            "{n} more pair shares a phone: taskboard volunteer list --duplicates",
            "{n} more pairs share a phone: taskboard volunteer list --duplicates",
            more,
        )
        ctx.echo(words.format(n=more))


def summary_text(summary: MergeSummary) -> str:
    """The merge summary as a table, one row per record type, and what to do next."""
    heading = _("Dry run: nothing was changed.") if summary.dry_run else ""
    if not summary.changed:
        line = _("Nothing new: this site already holds everything in {files}.").format(
            files=", ".join(summary.bundles) or "-"
        )
        return "\n".join(filter(None, [heading, line]))
    headers = [_("Records"), _("New"), _("Updated"), _("Deleted"), _("Conflicts")]
    rows = [
        [_(name), str(c.new), str(c.updated), str(c.deleted), str(c.conflicts)]
        for name, c in summary.tables.items()
    ]
    total = summary.total
    rows.append(
        [_("total"), str(total.new), str(total.updated), str(total.deleted), str(total.conflicts)]
    )
    lines = [heading, table(headers, rows)]
    if total.conflicts:
        lines.append(_("Settle conflicts with `taskboard conflicts`."))
    return "\n".join(filter(None, lines))


# sync ------------------------------------------------------------------------------------
def sync(ctx: Context) -> int:
    """Meet other sites in a shared folder: merge their bundles, leave ours.

    Each merged bundle is saved as it is merged; if this site's bundle cannot
    be written afterwards, the report says what was merged and saved, then
    what failed (and the exit code is not 0).
    """
    store = ctx.store()
    folder = Path(ctx.args.folder).expanduser()
    if ctx.args.watch:
        return _watch(ctx, folder)
    result = sync_folder(store, folder, after_restore=ctx.args.after_restore, today=current_day())
    if ctx.json:
        ctx.emit({**result.summary.as_json(), **result.as_json()})
    else:
        _report_folder(ctx, result)
    if result.write_error is None:
        return 0
    if result.merged:
        message = _(
            "the bundles merged above ({files}) are saved in {db}, but this site's bundle"
            " was not written: {error}; run `taskboard sync` again once that is fixed"
        ).format(files=", ".join(result.merged), db=ctx.db_path, error=result.write_error)
    else:
        message = _("nothing new was merged, and this site's bundle was not written: {error}")
        message = message.format(error=result.write_error)
    sys.stderr.write(f"taskboard: {_('error')}: {message}\n")
    return 1


def _watch(ctx: Context, folder: Path) -> int:
    """Stay running: sync at once, then whenever files arrive or this site changes.

    Ctrl-C stops it between syncs or during one (a merge's transaction rolls
    back as a whole, so nothing is half saved); the exit code is then 0.
    """
    if not folder.is_dir():
        raise BundleError(_("{folder} is not a folder").format(folder=folder))
    if not ctx.json:
        ctx.say("Watching {folder}; Ctrl-C stops.", folder=ctx.args.folder)

    def report(event: WatchEvent) -> None:
        if ctx.json:
            body = event.result.as_json() if event.result is not None else {}
            summary = event.result.summary.as_json() if event.result is not None else {}
            ctx.emit({**summary, **body, "reason": event.reason, "error": event.error})
        elif event.error is not None:
            sys.stderr.write(f"taskboard: {_('error')}: {event.error}\n")
        elif event.result is not None:
            ctx.echo(f"-- {dt.datetime.now():%H:%M:%S}")
            _report_folder(ctx, event.result)
        ctx.out.flush()

    stop = threading.Event()
    try:
        watch_folder(ctx.store(), folder, report, stop, poll=ctx.args.every)
    except KeyboardInterrupt:
        stop.set()
    if not ctx.json:
        ctx.say("Stopped watching {folder}.", folder=ctx.args.folder)
    return 0


def _report_folder(ctx: Context, result: FolderSync) -> None:
    """What was merged from whom, what could not be read, what was written, who is behind."""
    if result.merged:
        _report(ctx, result.summary)
        sources = ", ".join(f"{site} {count}" for site, count in sorted(result.merged_from.items()))
        merged = len(result.merged)
        words = ngettext(
            "Merged {count} file from: {sources}", "Merged {count} files from: {sources}", merged
        )
        ctx.echo(words.format(count=merged, sources=sources))
    elif result.skipped:
        unread = len(result.skipped)
        words = ngettext(
            "Nothing new merged from {folder}: {count} file could not be read (see below).",
            "Nothing new merged from {folder}: {count} files could not be read (see below).",
            unread,
        )
        ctx.echo(words.format(folder=ctx.args.folder, count=unread))
    else:
        ctx.say("No new bundles from other sites in {folder}.", folder=ctx.args.folder)
    for skipped in result.skipped:
        ctx.echo(_("skipped {error}").format(error=skipped.reason))
    if result.write_error is None:
        if result.written is not None:
            ctx.say("Wrote {file} ({size})", file=result.written, size=_size(result.bytes_written))
        else:
            ctx.say("Nothing to write: the folder holds everything this site has.")
    if result.removed:
        removed = len(result.removed)
        words = ngettext(
            "Removed {count} older file every site holds.",
            "Removed {count} older files every site holds.",
            removed,
        )
        ctx.echo(words.format(count=removed))
    for peer in result.peers:
        ctx.echo(peer_line(peer))


def _size(count: int) -> str:
    if count < 1024:
        return ngettext("{count} byte", "{count} bytes", count).format(count=count)
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


# conflicts -------------------------------------------------------------------------------
def conflicts(ctx: Context) -> int:
    """Open conflicts, or settle one with `conflicts resolve`."""
    if getattr(ctx.args, "action", None) == "resolve":
        return resolve_conflict(ctx)
    found = list_conflicts(ctx.store())
    if ctx.json:
        ctx.emit([conflict.as_json() for conflict in found])
        return 0
    if not found:
        ctx.say("No open conflicts.")
        return 0
    headers = [_("Id"), _("Record"), _("Field"), _("Shown"), _("Other")]
    rows = [
        [c.id, f"{_(c.table)} {c.ref}", c.path, value_text(c.path, c.shown), _others(c)]
        for c in found
    ]
    ctx.echo(table(headers, rows, max_width=50))
    ctx.say("Resolve with: taskboard conflicts resolve ID --keep | --take-other | --value V")
    return 0


def _others(conflict: Conflict) -> str:
    return " | ".join(value_text(conflict.path, other) for other in conflict.others)


def value_text(path: str, value: Value) -> str:
    """`"围墙补焊" — 王芳 @ xingye, 2026-11-24 09:12`: a value and who wrote it where, when."""
    if path == "deleted":
        shown = _("removed") if value.value is True else _("kept (edited)")
    elif value.hidden:
        shown = _("(withheld)")
    elif value.absent:
        shown = _("(none)")
    else:
        shown = value.value if isinstance(value.value, str) else repr(value.value)
    who = f"{value.who} @ " if value.who else ""
    return f"{shown} — {who}{value.site}, {value.at.astimezone():%Y-%m-%d %H:%M}"


def resolve_conflict(ctx: Context) -> int:
    """Settle one conflict; the choice is an edit and syncs like one."""
    args = ctx.args
    chosen = [bool(args.keep), bool(args.take_other), args.value is not None]
    if sum(chosen) != 1:
        raise OptionError(_("conflicts resolve: give exactly one of --keep, --take-other, --value"))
    store = ctx.store()
    conflict = settle(
        store, args.id, keep=args.keep, take_other=args.take_other, typed=args.value
    ).conflict
    if ctx.json:
        ctx.emit({"resolved": conflict.id, "record": conflict.record, "field": conflict.path})
    else:
        ctx.say(
            "Resolved {field} of {ref}; other sites follow once they merge this site's bundle",
            field=conflict.path,
            ref=conflict.ref,
        )
    return 0


# key -------------------------------------------------------------------------------------
def key_init(ctx: Context) -> int:
    """Create this site's signing key."""
    store = ctx.store()
    public = init_key(ctx.db_path)
    if ctx.json:
        ctx.emit({"site": store.site, "public_key": public, "fingerprint": fingerprint(public)})
    else:
        ctx.say("Created the signing key of {site}. Public key:", site=store.site)
        ctx.echo(public)
    return 0


def key_show(ctx: Context) -> int:
    """This site's public key, on one line."""
    store = ctx.store()
    key = load_key(ctx.db_path)
    if key is None:
        raise SigningKeyError(_("this site has no signing key yet: run `taskboard key init`"))
    public = public_text(key.public_key())
    if ctx.json:
        ctx.emit({"site": store.site, "public_key": public, "fingerprint": fingerprint(public)})
    else:
        ctx.echo(public)
    return 0


def key_trust(ctx: Context) -> int:
    """Accept bundles signed by SITE's key (from then on, only signed ones)."""
    site = ctx.args.site.strip().lower()
    public = trust(ctx.store(), site, ctx.args.public_key)
    if ctx.json:
        ctx.emit({"site": site, "public_key": public, "fingerprint": fingerprint(public)})
    else:
        ctx.say(
            "Trusting {site} ({fingerprint}); merges now need a signature of a trusted site",
            site=site,
            fingerprint=fingerprint(public),
        )
    return 0


def key_list(ctx: Context) -> int:
    """This site's key and the trusted sites' keys."""
    store = ctx.store()
    own = load_key(ctx.db_path)
    rows = []
    if own is not None:
        public = public_text(own.public_key())
        rows.append([store.site, _("this site"), fingerprint(public), public])
    for site, public in sorted(trusted_keys(store).items()):
        rows.append([site, _("trusted"), fingerprint(public), public])
    if ctx.json:
        ctx.emit(
            [{"site": r[0], "role": r[1], "fingerprint": r[2], "public_key": r[3]} for r in rows]
        )
        return 0
    if not rows:
        ctx.say("No keys yet: `taskboard key init` creates this site's key.")
        return 0
    ctx.echo(table([_("Site"), _("Role"), _("Fingerprint"), _("Public key")], rows, max_width=60))
    return 0


# Parser ----------------------------------------------------------------------------------
def _after_restore_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--after-restore",
        action="store_true",
        help="this data file was restored from an older backup: take back this site's own"
        " edits that the bundles carry (refused as forged otherwise)",
    )


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add export, merge, sync, conflicts and key to the CLI."""
    p = commands.add_parser("export", parents=[common], help="write a bundle for other sites")
    p.add_argument("-o", "--output", metavar="FILE", help="bundle file (`-` for stdout)")
    p.add_argument(
        "--since-last", metavar="SITE", help="only what SITE does not hold yet (by its last bundle)"
    )
    p.add_argument("--redact", action="store_true", help="leave out phones, notes, names")
    p.set_defaults(func=export)

    p = commands.add_parser("merge", parents=[common], help="merge bundles from other sites")
    p.add_argument("files", metavar="FILE", nargs="+", help="bundle files")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    _after_restore_option(p)
    p.set_defaults(func=merge)

    p = commands.add_parser("sync", parents=[common], help="sync through a shared folder")
    p.add_argument("folder", metavar="DIR", help="USB stick, network share or Syncthing folder")
    p.add_argument(
        "--watch",
        action="store_true",
        help="stay running: sync whenever files arrive or this site changes (Ctrl-C stops)",
    )
    p.add_argument(
        "--every", type=float, default=1.0, metavar="S", help="--watch: look every S seconds"
    )
    _after_restore_option(p)
    p.set_defaults(func=sync)

    p = commands.add_parser("conflicts", parents=[common], help="list and settle conflicts")
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    r = sub.add_parser("resolve", parents=[common], help="settle one conflict")
    r.add_argument("id", metavar="ID", help="as `taskboard conflicts` shows it")
    r.add_argument("--keep", action="store_true", help="keep the value shown now")
    r.add_argument("--take-other", action="store_true", help="take the other site's value")
    r.add_argument("--value", metavar="V", help="type a new value")
    p.set_defaults(func=conflicts)

    key = commands.add_parser("key", help="signing keys and trusted sites")
    sub = key.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("init", parents=[common], help="create this site's key").set_defaults(
        func=key_init
    )
    sub.add_parser("show", parents=[common], help="print this site's public key").set_defaults(
        func=key_show
    )
    p = sub.add_parser("trust", parents=[common], help="trust another site's key")
    p.add_argument("site", metavar="SITE")
    p.add_argument("public_key", metavar="PUBKEY", help="as `taskboard key show` prints it")
    p.set_defaults(func=key_trust)
    sub.add_parser("list", parents=[common], help="list keys").set_defaults(func=key_list)
