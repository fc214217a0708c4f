"""The filter panel: narrow the board by skill, site, kind, priority, tag, volunteer, overdue."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from taskboard.board.state import BoardFilter
from taskboard.i18n import _, language
from taskboard.model import Kind, Priority
from taskboard.store import Store, StoreError
from taskboard.tui.screens.popup import PopUp
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.check import Check


def describe_filter(wanted: BoardFilter, store: Store) -> str:
    """One line saying what narrows the board, e.g. `skill: 电焊 · site: funing`."""
    parts = []
    if wanted.text:
        parts.append(f"“{wanted.text}”")
    labels = {key: skill.label(language()) for key, skill in store.skills.models().items()}
    for name, value in (
        ("skill", labels.get(wanted.skill or "", wanted.skill)),
        ("site", wanted.site),
        ("kind", _(wanted.kind) if wanted.kind else None),
        ("priority", _(wanted.priority) if wanted.priority else None),
        ("tag", wanted.tag),
    ):
        if value:
            parts.append(f"{_(name)}: {value}")
    if wanted.volunteer:
        person = store.volunteers.get(wanted.volunteer) or {}
        parts.append(f"{_('volunteer')}: {person.get('name', '?')}")
    if wanted.overdue:
        parts.append(_("overdue"))
    return (_("Filter") + ": " + " · ".join(parts) + " ") if parts else ""


class FilterScreen(PopUp[BoardFilter | None]):
    """Choose what the board shows; Apply returns the filter, Escape changes nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply"),
    ]

    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical {
        width: 72; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    FilterScreen Grid {
        grid-size: 2; grid-columns: 14 1fr; grid-rows: auto; height: auto; grid-gutter: 0 1;
    }
    FilterScreen Grid Label { padding: 1 0 0 0; }
    FilterScreen #volunteer-error { color: $error; height: auto; }
    FilterScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    FilterScreen Button { margin-left: 1; }
    """

    def __init__(self, store: Store, current: BoardFilter) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.current = current

    def compose(self) -> ComposeResult:
        """One selector per criterion, pre-set to the current filter."""
        store, now = self.store, self.current
        skills = [(s.label(language()), key) for key, s in sorted(store.skills.models().items())]
        sites = [
            (f"{site.name} ({key})", key) for key, site in sorted(store.sites.models().items())
        ]
        tags = sorted({tag for doc in store.tasks.live() for tag in doc.get("tags", [])})
        person = store.volunteers.get(now.volunteer) if now.volunteer else None
        with Vertical():
            yield Label(_("Filter the board"), classes="title")
            with Grid():
                yield Label(_("Skill"))
                yield Select(skills, value=now.skill or Select.NULL, id="skill", prompt=_("any"))
                yield Label(_("Site"))
                yield Select(sites, value=now.site or Select.NULL, id="site", prompt=_("any"))
                yield Label(_("Kind"))
                yield Select(
                    [(_(k.value), k.value) for k in Kind],
                    value=now.kind or Select.NULL,
                    id="kind",
                    prompt=_("any"),
                )
                yield Label(_("Priority"))
                yield Select(
                    [(_(p.value), p.value) for p in Priority],
                    value=now.priority or Select.NULL,
                    id="priority",
                    prompt=_("any"),
                )
                yield Label(_("Tag"))
                yield Select(
                    [(t, t) for t in tags], value=now.tag or Select.NULL, id="tag", prompt=_("any")
                )
                yield Label(_("Volunteer"))
                yield Input(
                    value=person["ref"] if person else "",
                    placeholder=_("reference, name or phone"),
                    id="volunteer",
                )
                yield Label("")
                yield Label("", id="volunteer-error", markup=False)  # repeats what was typed
                yield Label(_("Overdue"))
                yield Check(_("only overdue tasks"), now.overdue, id="overdue")
            with Horizontal():
                yield Button(_("Apply"), variant="primary", id="apply")
                yield Button(_("Clear"), id="clear")
                yield Button(_("Cancel"), id="cancel")

    def _value(self, selector: str) -> Any:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def _volunteer(self) -> str | None:
        text = self.query_one("#volunteer", Input).value.strip()
        if not text:
            return None
        return str(self.store.find_volunteer(text)["id"])

    def action_apply(self) -> None:
        """Return the chosen filter (or say why the volunteer is not found)."""
        try:
            volunteer = self._volunteer()
        except StoreError as error:
            self.query_one("#volunteer-error", Label).update(str(error))
            return
        self.dismiss(
            BoardFilter(
                skill=self._value("#skill"),
                site=self._value("#site"),
                kind=self._value("#kind"),
                priority=self._value("#priority"),
                tag=self._value("#tag"),
                volunteer=volunteer,
                overdue=self.query_one("#overdue", Check).value,
            )
        )

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)

    @on(Button.Pressed, "#apply")
    def apply_pressed(self) -> None:
        """The Apply button."""
        self.action_apply()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        """The Cancel button."""
        self.dismiss(None)

    @on(Button.Pressed, "#clear")
    def clear_pressed(self) -> None:
        """Drop every criterion."""
        self.dismiss(BoardFilter())
