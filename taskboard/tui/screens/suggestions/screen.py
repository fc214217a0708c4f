"""The residents' suggestions screen: each suggestion, where it stands, and its work.

A table of the suggestions (status and progress read from the linked tasks by
`model.suggestion.progress`, the same rule as `taskboard suggestion list`), the
highlighted one's details beside it. Every change goes through the actions the
CLI uses (`taskboard.actions.suggestions`) and onto the board's undo history;
Enter on a suggestion with linked work opens that task.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from taskboard.actions.suggestions import (
    add_suggestion,
    decline_suggestion,
    edit_suggestion,
    link_task,
    reopen_suggestion,
    unlink_task,
)
from taskboard.board.edits import Edit, EditHistory
from taskboard.i18n import _
from taskboard.i18n.words import status_title
from taskboard.model import SuggestionStatus
from taskboard.reports.suggestions import (
    SuggestionView,
    outcome_text,
    progress_text,
    status_text,
    suggestion_views,
)
from taskboard.store import Store, StoreError
from taskboard.store.tables import Table
from taskboard.tui.screens.suggestions.form import Ask, SuggestionForm
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

COLUMNS = (("No.", 6), ("Suggestion", 34), ("Status", 12), ("Done", 6), ("Outcome", 30))
"""(header, width) of the table's columns."""
STATUS_STYLES = {
    SuggestionStatus.DONE: "green",
    SuggestionStatus.IN_PROGRESS: "yellow",
    SuggestionStatus.PLANNED: "cyan",
    SuggestionStatus.DECLINED: "dim",
}


class SuggestionsScreen(Screen[None]):
    """Every suggestion of this file's sites, with the highlighted one's details."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="Record a suggestion", id="suggestions.new"),
        Binding(
            "e", "edit", "Edit", tooltip="Edit the highlighted suggestion", id="suggestions.edit"
        ),
        Binding("l", "link", "Link", tooltip="Link a task that answers it", id="suggestions.link"),
        Binding("L", "unlink", "Unlink", tooltip="Take a linked task off", id="suggestions.unlink"),
        Binding(
            "x",
            "decline",
            "Decline",
            tooltip="Decline, with the reason residents read",
            id="suggestions.decline",
        ),
        Binding("o", "reopen", "Reopen", tooltip="Take back a decline", id="suggestions.reopen"),
        Binding(
            "t,enter",
            "open_task",
            "Open task",
            tooltip="Open a linked task",
            id="suggestions.open_task",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo the last change", id="suggestions.undo"),
        Binding("escape", "back", "Board", tooltip="Back to the board", id="suggestions.back"),
    ]

    def __init__(self, store: Store, history: EditHistory, *, today: Any) -> None:
        super().__init__()
        self.store = store
        self.history = history
        self.today = today
        """Handed on to the task screen a linked task opens in."""
        translate_bindings(self)
        self.views: list[SuggestionView] = []

    # Layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="suggestions-top"):
            yield Label(_("Residents' suggestions"), id="suggestions-title")
            yield Label("", id="suggestions-count")
        with Horizontal(id="suggestions-body"):
            yield DataTable(id="suggestions-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="suggestions-details"):
                yield Static("", id="suggestions-details-text")
        yield KeyBar()

    def on_mount(self) -> None:
        """Set up the columns and show every suggestion."""
        for header, width in COLUMNS:
            self.table.add_column(_(header), key=header, width=width)
        self.fill()
        self.table.focus()

    @property
    def table(self) -> DataTable[Any]:
        """The suggestions table."""
        return self.query_one("#suggestions-table", DataTable)

    # Loading ----------------------------------------------------------------------------------
    def fill(self, keep_id: str | None = None) -> None:
        """Read the suggestions and show them; the cursor stays on `keep_id` if given."""
        keep_id = keep_id or self.highlighted_id()
        self.views = suggestion_views(self.store)
        table = self.table
        table.clear()
        for view in self.views:
            status = view.progress.status
            table.add_row(
                view.number or view.ref,
                str(view.doc["text"]),
                Text(status_text(status), style=STATUS_STYLES.get(status, "")),
                progress_text(view),
                outcome_text(view),
                key=str(view.doc["id"]),
            )
        done = sum(1 for view in self.views if view.progress.status is SuggestionStatus.DONE)
        self.query_one("#suggestions-count", Label).update(
            _("Suggestions done {done}/{total}").format(done=done, total=len(self.views))
        )
        ids = [str(view.doc["id"]) for view in self.views]
        if keep_id in ids:
            table.move_cursor(row=ids.index(keep_id))
        self.show_details(self.highlighted_id())

    def reload(self) -> None:
        """The data file changed elsewhere (a moved card, a merge): show the new state."""
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from a task screen: the task may have moved, and its suggestion with it."""
        self.fill()

    def highlighted_id(self) -> str | None:
        """The id of the suggestion under the cursor, if any."""
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def highlighted(self) -> SuggestionView | None:
        """The suggestion under the cursor, as shown."""
        wanted = self.highlighted_id()
        return next((v for v in self.views if v.doc["id"] == wanted), None)

    @on(DataTable.RowHighlighted, "#suggestions-table")
    def highlight_changed(self, event: DataTable.RowHighlighted) -> None:
        """Details follow the cursor."""
        self.show_details(event.row_key.value)

    def show_details(self, suggestion_id: str | None) -> None:
        """Fill the side panel with one suggestion, or say there is none."""
        panel = self.query_one("#suggestions-details-text", Static)
        view = next((v for v in self.views if v.doc["id"] == suggestion_id), None)
        if view is None:
            panel.update(_("No suggestion selected."))
            return
        panel.update(details_text(self.store, view))

    @on(DataTable.RowSelected, "#suggestions-table")
    def row_chosen(self) -> None:
        """Enter on a row (the table keeps Enter for itself) opens its linked task."""
        self.action_open_task()

    # Changes --------------------------------------------------------------------------------
    def _do(self, action: Callable[[], Edit]) -> Edit | None:
        """Make a change by its action and keep it for undo; a refusal is shown, not raised."""
        try:
            edit = action()
        except StoreError as error:
            self.notify(str(error), title=_("Not saved"), severity="error")
            return None
        self.history.record(edit)
        self.notify(edit.label)
        self.fill(edit.record_id if edit.table == Table.SUGGESTIONS else None)
        return edit

    def action_new(self) -> None:
        """Open an empty form for a suggestion of this file's site."""
        self.app.push_screen(SuggestionForm(self.store.site, None), self._created)

    def _created(self, fields: dict[str, Any] | None) -> None:
        if fields:
            self._do(partial(add_suggestion, self.store, fields))

    def action_edit(self) -> None:
        """Open the highlighted suggestion in the form."""
        view = self.highlighted()
        if view is None:
            return
        wish = self.store.suggestions.model(view.doc)
        self.app.push_screen(SuggestionForm(wish.site, wish), partial(self._edited, wish.id))

    def _edited(self, suggestion_id: str, fields: dict[str, Any] | None) -> None:
        if fields:
            self._do(partial(edit_suggestion, self.store, suggestion_id, fields))

    def action_link(self) -> None:
        """Pick one of the site's tasks that is not linked yet."""
        view = self.highlighted()
        if view is None:
            return
        linked = set(view.doc.get("tasks") or ())
        choices = [
            (f"{task['ref']} {task['title']} · {status_title(task['status'])}", str(task["id"]))
            for task in sorted(self.store.tasks.live(), key=_task_order)
            if task["site"] == view.doc["site"] and task["id"] not in linked
        ]
        if not choices:
            self.notify(_("No task left to link"))
            return
        question = _("Which task answers {ref}?").format(ref=view.ref)
        self.app.push_screen(
            Ask(question, choices=choices), partial(self._answered, link_task, view)
        )

    def action_unlink(self) -> None:
        """Pick one of the linked tasks to take off."""
        view = self.highlighted()
        if view is None:
            return
        choices = self._linked_choices(view)
        if not choices:
            self.notify(_("No task is linked"))
            return
        question = _("Take which task off {ref}?").format(ref=view.ref)
        self.app.push_screen(
            Ask(question, choices=choices), partial(self._answered, unlink_task, view)
        )

    def _answered(
        self, action: Callable[[Store, str, str], Edit], view: SuggestionView, task_id: str | None
    ) -> None:
        if task_id:
            self._do(partial(action, self.store, str(view.doc["id"]), task_id))

    def action_decline(self) -> None:
        """Ask for the reason residents will read, then decline."""
        view = self.highlighted()
        if view is None:
            return
        question = _("Why is {ref} declined? Residents read this on the notice.").format(
            ref=view.ref
        )
        empty = _("declining needs a reason: residents are told why")
        self.app.push_screen(Ask(question, empty=empty), partial(self._declined, view))

    def _declined(self, view: SuggestionView, reason: str | None) -> None:
        if reason:
            self._do(partial(decline_suggestion, self.store, str(view.doc["id"]), reason))

    def action_reopen(self) -> None:
        """Take back a decline: the suggestion is accepted again."""
        view = self.highlighted()
        if view is not None:
            self._do(partial(reopen_suggestion, self.store, str(view.doc["id"])))

    def action_open_task(self) -> None:
        """Open the linked task (asking which when there are several)."""
        view = self.highlighted()
        if view is None:
            return
        choices = self._linked_choices(view)
        if not choices:
            self.notify(_("No task is linked yet: press l to link one"))
        elif len(choices) == 1:
            self.open_task(choices[0][1])
        else:
            question = _("Open which task of {ref}?").format(ref=view.ref)
            self.app.push_screen(Ask(question, choices=choices), self._open_chosen)

    def _open_chosen(self, task_id: str | None) -> None:
        if task_id:
            self.open_task(task_id)

    def open_task(self, task_id: str) -> None:
        """Show one task with everything about it (back here on Escape)."""
        from taskboard.tui.screens.task.screen import TaskScreen

        self.app.push_screen(TaskScreen(self.store, task_id, self.history, today=self.today))

    def _linked_choices(self, view: SuggestionView) -> list[tuple[str, str]]:
        tasks = self.store.tasks.docs()
        return [
            (f"{task['ref']} {task['title']} · {status_title(task['status'])}", task_id)
            for task_id in view.doc.get("tasks") or ()
            if (task := tasks.get(task_id)) is not None and not task.get("deleted")
        ]

    def action_undo(self) -> None:
        """Undo the session's last change (here or on the board)."""
        try:
            edit = self.history.undo()
        except StoreError as error:
            self.notify(str(error), title=_("Cannot undo"), severity="error")
            return
        if edit is None:
            self.notify(_("Nothing to undo"))
            return
        self.notify(_("Undone: {label}").format(label=edit.label))
        self.fill()

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss(None)


def _task_order(task: dict[str, Any]) -> tuple[int, str]:
    tail = str(task["ref"]).rsplit("-", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, str(task["ref"]))


def details_text(store: Store, view: SuggestionView) -> Text:
    """One suggestion in full: words, who and when, the decision, the linked work."""
    doc = view.doc
    text = Text()
    number = f"{view.number} " if view.number else ""
    text.append(f"{number}{doc['text']}\n", style="bold")
    text.append(f"{view.ref}\n\n", style="dim")
    rows = [
        (_("Status"), status_text(view.progress.status)),
        (_("Outcome"), outcome_text(view)),
        (_("Raised by"), doc.get("raised_by") or "-"),
        (_("Date"), doc.get("date") or "-"),
        (_("Source"), doc.get("source") or "-"),
        (_("Place"), doc.get("place") or "-"),
        (_("Photos"), ", ".join(doc.get("photos") or []) or "-"),
    ]
    for label, value in rows:
        text.append(f"{label}: ", style="dim")
        text.append(f"{value}\n")
    text.append(f"\n{_('Tasks')}:\n", style="dim")
    tasks = store.tasks.docs()
    linked = [tasks[task_id] for task_id in doc.get("tasks") or () if task_id in tasks]
    if not linked:
        text.append("-\n")
    for task in linked:
        removed = f" ({_('removed')})" if task.get("deleted") else ""
        text.append(f"{task['ref']} {task['title']} · {status_title(task['status'])}{removed}\n")
    return text
