"""The command palette (ctrl+p): every board action as "group: action", and on other
screens the commands they offer (`palette_commands`: a series' on an occurrence)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from taskboard.i18n import _, language
from taskboard.model import Kind
from taskboard.tui.app import TaskboardApp
from taskboard.tui.screens.board import BoardScreen

Command = tuple[str, Callable[[], object], str]


def board_commands(screen: BoardScreen) -> list[Command]:
    """Commands for the board: actions, then one filter command per skill, site and kind."""
    commands: list[Command] = [
        (_("board: new task"), screen.action_new, _("Create a task in the selected column")),
        (_("board: open task"), screen.action_open, _("Open the selected task")),
        (_("board: edit task"), screen.action_edit, _("Edit the selected task")),
        (
            _("board: delete task"),
            screen.action_delete,
            _("Remove the selected task (undo with u)"),
        ),
        (_("board: undo"), screen.action_undo, _("Undo the last change")),
        (_("board: redo"), screen.action_redo, _("Redo the last undone change")),
        (_("board: search"), screen.action_search, _("Search as you type")),
        (_("board: filter…"), screen.action_filter, _("Open the filter panel")),
        (_("board: clear filters"), screen.action_clear, _("Show every card again")),
        (
            _("board: show or hide archived"),
            screen.action_toggle_archived,
            _("Toggle the archived column"),
        ),
        (_("roster: open"), screen.action_roster, _("The volunteer roster")),
        (
            _("suggestions: open"),
            screen.action_suggestions,
            _("Residents' suggestions and what became of them"),
        ),
        (
            _("match: selected task"),
            screen.action_match,
            _("Find volunteers for the selected task"),
        ),
        (_("match: propose for the whole board"), screen.action_propose, _("Fill every open slot")),
        (_("reports: open"), screen.action_reports, _("Charts and figures")),
        (_("sync: export bundle"), screen.action_sync, _("Write this site's bundle")),
        (_("sync: merge bundle"), screen.action_sync, _("Merge another site's bundle")),
        (_("sync: shared folder"), screen.action_sync, _("Sync through a USB stick or share")),
        (_("sync: conflicts"), screen.action_conflicts, _("Edits made at two sites at once")),
    ]
    app = screen.app
    if isinstance(app, TaskboardApp):
        commands += [
            (
                _("phone page: start"),
                app.start_phone_page,
                _("Serve volunteers' phone page and show its address and QR code"),
            ),
            (_("phone page: stop"), app.stop_phone_page, _("Stop serving the phone page")),
        ]
    store = screen.store

    def narrow(**criteria: Any) -> None:
        screen.apply_filter(replace(screen.state.filter, **criteria))

    for key, skill in sorted(store.skills.models().items()):
        title = _("board: filter by skill: {skill}").format(skill=skill.label(language()))
        commands.append((title, partial(narrow, skill=key), key))
    for key, site in sorted(store.sites.models().items()):
        title = _("board: filter by site: {site}").format(site=site.name)
        commands.append((title, partial(narrow, site=key), key))
    for kind in Kind:
        title = _("board: filter by kind: {kind}").format(kind=_(kind.value))
        commands.append((title, partial(narrow, kind=kind.value), kind.value))
    return commands


class TaskboardCommands(Provider):
    """Offers the commands of the board screen (the palette opened anywhere on it)."""

    def _commands(self) -> list[Command]:
        screen = self.screen
        if isinstance(screen, BoardScreen):
            return board_commands(screen)
        offered = getattr(screen, "palette_commands", None)  # a task screen's, say
        found: list[Command] = offered() if callable(offered) else []
        return found

    async def discover(self) -> Hits:
        """Shown before anything is typed."""
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy match on the command titles."""
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
