"""What both matching screens share: their settings and how a stored result is told and undone."""

from __future__ import annotations

from textual.notifications import SeverityLevel
from textual.screen import Screen

from taskboard.actions import Applied
from taskboard.board.edits import EditHistory
from taskboard.i18n import _, ngettext
from taskboard.settings import MatchSettings


def record_changes(history: EditHistory, applied: Applied) -> None:
    """Put what the action stored on the undo stack as one step (one undo takes it all back)."""
    if applied.edit is not None:
        history.record(applied.edit)


def match_settings(screen: Screen[None]) -> MatchSettings:
    """The app's matching settings (defaults in a host app without settings)."""
    settings = getattr(screen.app, "settings", None)
    found = getattr(settings, "match", None)
    return found if isinstance(found, MatchSettings) else MatchSettings()


def notify_applied(screen: Screen[None], applied: Applied, state: str) -> None:
    """Say what was stored, what was skipped and which tasks changed column."""
    count = len(applied.assignments)
    stored = ngettext(
        "Stored {n} assignment as {state}.", "Stored {n} assignments as {state}.", count
    )
    lines = [stored.format(n=count, state=_(state))]
    lines += [f"{p.skill}: {why.text}" for p, why in applied.skipped]
    if applied.staffed:
        lines.append(_("Now staffed: {refs}").format(refs=", ".join(applied.staffed)))
    if applied.reopened:
        lines.append(_("Open again: {refs}").format(refs=", ".join(applied.reopened)))
    severity: SeverityLevel = "warning" if applied.skipped else "information"
    screen.notify("\n".join(lines), severity=severity, title=_("Match"))
