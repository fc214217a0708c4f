"""The sync screen: export a bundle, merge bundles, meet other sites in a shared folder.

Merging a district's bundles takes seconds, so the work runs in a thread
worker that posts progress and the outcome as messages; the handlers here are
the only code that touches the widgets.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from taskboard.board.edits import EditHistory
from taskboard.i18n import _, ngettext
from taskboard.store import Store
from taskboard.store.outputs import write_output
from taskboard.sync import MergeSummary, export_bytes, merge_bundles, read_bundles, sync_folder
from taskboard.sync.folder import SUFFIX, peer_line
from taskboard.sync.watch import WatchEvent, watch_folder
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar
from taskboard.tui.workers import WorkerScreen, error_line


def summary_table(summary: MergeSummary) -> Table | Text:
    """The merge summary: one row per record type, as `taskboard merge` prints it."""
    if not summary.changed:
        return Text(_("Nothing new: this site already holds everything in these bundles."))
    table = Table(box=None, header_style="bold")
    for header in ("Records", "New", "Updated", "Deleted", "Conflicts"):
        table.add_column(_(header), justify="left" if header == "Records" else "right")
    rows = [*summary.tables.items(), ("total", summary.total)]
    for name, counts in rows:
        table.add_row(
            _(name),
            str(counts.new),
            str(counts.updated),
            str(counts.deleted),
            str(counts.conflicts),
        )
    return table


def default_export_path(site: str, now: dt.datetime) -> Path:
    """Where an export goes when no path is typed: the current folder."""
    return Path(f"{site}-{now:%Y%m%d-%H%M%S}{SUFFIX}")


class SyncScreen(WorkerScreen):
    """Export, merge and shared-folder sync, with progress and the merge summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,f2", "export", "Export", tooltip="Write this site's bundle", id="sync.export"),
        Binding(
            "m,f3", "merge", "Merge", tooltip="Merge the bundle file typed above", id="sync.merge"
        ),
        Binding(
            "d,f4",
            "dry_run",
            "Dry run",
            tooltip="Show what merging the file would change, change nothing",
            id="sync.dry_run",
        ),
        Binding(
            "s,f5",
            "folder",
            "Shared folder",
            tooltip="Merge the other sites' bundles in the folder typed above, leave ours",
            id="sync.folder",
        ),
        Binding(
            "w,f7",
            "watch",
            "Watch folder",
            tooltip="Keep syncing with the folder typed above as files arrive (w or F7 stops)",
            id="sync.watch",
        ),
        Binding(
            "c,f6", "conflicts", "Conflicts", tooltip="Open the conflicts", id="sync.conflicts"
        ),
        Binding(
            "p,slash",
            "path",
            "Path",
            tooltip="Type the bundle file or shared folder",
            id="sync.path",
        ),
        Binding("escape", "back", "Board", tooltip="Back to the board", id="sync.back"),
    ]

    AUTO_FOCUS = ""
    """Nothing focused at first: the letter keys act, they do not type."""

    DEFAULT_CSS = """
    SyncScreen #sync-help { padding: 1 2 0 2; color: $text-muted; }
    SyncScreen #sync-path { margin: 1 2 0 2; }
    SyncScreen #sync-progress { margin: 1 2; }
    SyncScreen #sync-status { padding: 0 2; }
    SyncScreen #sync-peers { padding: 0 2; }
    SyncScreen #sync-summary { padding: 1 2; height: 1fr; }
    """

    @dataclass
    class Progressed(Message):
        """`done` of `total` steps of the merge so far (see `merge.Progress`)."""

        done: int
        total: int

    @dataclass
    class Finished(Message):
        """The work ended: a status line, and the merge summary if there was a merge."""

        status: str
        summary: MergeSummary | None

    @dataclass
    class Watched(Message):
        """The folder watcher ran one sync (see `sync.watch`)."""

        event: WatchEvent

    def __init__(self, store: Store, history: EditHistory, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.history = history
        self.today = today
        self.last_summary: MergeSummary | None = None
        """The outcome of the latest merge, for the caller and the tests."""
        self.watching: Path | None = None
        """The folder being watched, if any."""
        self._stop_watching = threading.Event()

    def compose(self) -> ComposeResult:
        yield Label(_("Sync with other sites"), id="sync-title")
        yield Static(
            _(
                "Type a bundle file (to merge or to export to) or a shared folder"
                " (USB stick, network share) after p, then choose an action below."
            ),
            id="sync-help",
        )
        yield Input(placeholder=_("bundle file or folder"), id="sync-path")
        yield ProgressBar(id="sync-progress", show_eta=False)
        yield Static(id="sync-status", markup=False)  # file names may hold `[`
        yield Static(id="sync-peers", markup=False)
        yield Static(id="sync-summary")
        yield KeyBar()

    def action_path(self) -> None:
        """Type the bundle file or shared folder.

        Laptops often hide F2–F6 behind Fn, so every action also has a letter;
        letters would type into the path box, so it is focused only for typing
        (`p` or `/`), and Enter or Escape there comes back out."""
        self.query_one("#sync-path", Input).focus()

    def action_back(self) -> None:
        """Escape: out of the path box first, then back to the board."""
        if self.query_one("#sync-path", Input).has_focus:
            self.set_focus(None)
            return
        self.dismiss(None)

    @property
    def typed_path(self) -> Path | None:
        """The path in the box, or None when it is empty."""
        text = self.query_one("#sync-path", Input).value.strip()
        return Path(text).expanduser() if text else None

    # Actions ------------------------------------------------------------------------------
    def action_export(self) -> None:
        """Write this site's bundle to the typed path (or a dated name here)."""
        target = self.typed_path or default_export_path(self.store.site, dt.datetime.now())
        self._start(_("Exporting…"))
        self._export(target)

    def action_merge(self) -> None:
        """Merge the typed bundle file."""
        self._merge_typed(dry_run=False)

    def action_dry_run(self) -> None:
        """Show what merging the typed file would change."""
        self._merge_typed(dry_run=True)

    def _merge_typed(self, *, dry_run: bool) -> None:
        path = self.typed_path
        if path is None:
            self.notify(_("Type the bundle file to merge first"), severity="warning")
            return
        self._start(_("Merging {file}…").format(file=path.name))
        self._merge(path, dry_run)

    def action_folder(self) -> None:
        """Sync through the typed shared folder."""
        path = self.typed_path
        if path is None:
            self.notify(_("Type the shared folder first"), severity="warning")
            return
        self._start(_("Syncing with {folder}…").format(folder=path))
        self._sync(path)

    def action_watch(self) -> None:
        """Start watching the typed folder, or stop watching."""
        if self.watching is not None:
            self._stop_watching.set()
            self.query_one("#sync-status", Static).update(
                _("Stopped watching {folder}.").format(folder=self.watching)
            )
            self.watching = None
            return
        path = self.typed_path
        if path is None or not path.is_dir():
            self.notify(_("Type the shared folder first"), severity="warning")
            return
        self.watching = path
        self._stop_watching = threading.Event()
        self._start(_("Watching {folder}; F7 stops.").format(folder=path))
        self._watch(path, self._stop_watching)

    def on_unmount(self) -> None:
        """Leaving the screen stops the watcher (the worker ends after its current sync)."""
        self._stop_watching.set()

    def action_conflicts(self) -> None:
        """Open the conflicts screen."""
        from taskboard.tui.screens.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.store, self.history, today=self.today))

    @on(Input.Submitted, "#sync-path")
    def run_typed(self) -> None:
        """Enter: a folder syncs, an existing file merges, anything else is where to export."""
        self.set_focus(None)
        path = self.typed_path
        if path is not None and path.is_dir():
            self.action_folder()
        elif path is not None and path.is_file():
            self.action_merge()
        else:
            self.action_export()

    def _start(self, status: str) -> None:
        self.query_one("#sync-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#sync-status", Static).update(status)
        self.query_one("#sync-summary", Static).update("")

    # Work (thread workers: they post messages and never touch widgets) ---------------------
    def _report_progress(self, done: int, total: int) -> None:
        self.post_message(self.Progressed(done, total))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _export(self, target: Path) -> None:
        payload, info = export_bytes(self.store)
        write_output(target, payload, data_path=self.store.path)
        count = sum(info.counts.values())
        self.post_message(
            self.Finished(
                ngettext(
                    "Exported {count} record to {file}", "Exported {count} records to {file}", count
                ).format(count=count, file=target),
                None,
            )
        )

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _merge(self, path: Path, dry_run: bool) -> None:
        bundles = read_bundles(self.store, [path])
        summary = merge_bundles(
            self.store, bundles, dry_run=dry_run, progress=self._report_progress
        )
        status = (
            _("Dry run: nothing was changed.")
            if dry_run
            else _("Merged {file}").format(file=path.name)
        )
        self.post_message(self.Finished(status, summary))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync(self, folder: Path) -> None:
        result = sync_folder(self.store, folder, progress=self._report_progress)
        lines = [_("skipped {error}").format(error=skipped.reason) for skipped in result.skipped]
        if result.write_error is not None:
            lines.append(result.write_error)
        elif result.written is None:
            lines.insert(0, _("Nothing to write: the folder holds everything this site has."))
        else:
            lines.insert(0, _("Wrote {file}").format(file=result.written))
        lines += [peer_line(peer) for peer in result.peers]
        self.post_message(self.Finished("\n".join(lines), result.summary))

    @work(thread=True, group="watch", exit_on_error=False)
    def _watch(self, folder: Path, stop: threading.Event) -> None:
        def report(event: WatchEvent) -> None:
            if not stop.is_set():
                self.post_message(self.Watched(event))

        watch_folder(self.store, folder, report, stop)

    # Handlers -----------------------------------------------------------------------------
    @on(Watched)
    def show_watched(self, message: Watched) -> None:
        """One sync of the watcher: its outcome, where each site stands, and the board
        (and every other open screen) brought up to date when something was merged."""
        event = message.event
        if self.watching is None:
            return
        when = dt.datetime.now().strftime("%H:%M:%S")
        if event.result is None:
            status = Text(f"{when} {event.error}", style="bold red")
            self.query_one("#sync-status", Static).update(status)
            return
        result = event.result
        lines = [_("Watching {folder}; F7 stops.").format(folder=self.watching)]
        if result.written is not None:
            lines.append(_("{time}: wrote {file}").format(time=when, file=result.written.name))
        lines += [_("skipped {error}").format(error=s.reason) for s in result.skipped]
        self.query_one("#sync-status", Static).update("\n".join(lines))
        self.query_one("#sync-peers", Static).update(
            "\n".join(peer_line(peer) for peer in result.peers)
        )
        if result.merged:
            self.last_summary = result.summary
            self.query_one("#sync-summary", Static).update(summary_table(result.summary))
            self.app.call_later(self._reload_app)

    def _reload_app(self) -> None:
        reload = getattr(self.app, "reload_screens", None)
        if reload is not None:
            reload()

    @on(Progressed)
    def show_progress(self, message: Progressed) -> None:
        """Move the bar."""
        self.query_one("#sync-progress", ProgressBar).update(
            total=message.total, progress=message.done
        )

    @on(Finished)
    def show_outcome(self, message: Finished) -> None:
        """Show the status and the summary; warnings as notifications."""
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.query_one("#sync-status", Static).update(message.status)
        if message.summary is not None:
            self.last_summary = message.summary
            self.query_one("#sync-summary", Static).update(summary_table(message.summary))
            for warning in message.summary.warnings:
                self.notify(warning, severity="warning", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed merge or export leaves its line in the status and empties the bar;
        the App shows the notification (see `WorkerScreen`)."""
        if event.state is not WorkerState.ERROR:
            return
        text = error_line(event.worker.error)
        self.query_one("#sync-status", Static).update(Text(text, style="bold red"))
        self.query_one("#sync-progress", ProgressBar).update(total=1, progress=0)
