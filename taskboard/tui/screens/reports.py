"""The reports screen: the district report's figures as charts drawn in the terminal.

Charts are `textual-plotext` plots. Plotext counts every character as one cell,
so Chinese text inside a plot would push its lines out of shape; everything
Chinese — chart titles, legends, the headline numbers — is therefore drawn by
Textual around the plots, and the plots' own tick labels are site ids, skill
keys and months, which are plain ASCII. The figures come from
`taskboard.reports`, the same as `taskboard report`, so the screen and the
district's file always agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from taskboard.i18n import _, pgettext
from taskboard.i18n.words import status_title
from taskboard.model import Status
from taskboard.reports import Figures, collect_figures, readable
from taskboard.reports.svg import nice_step
from taskboard.store import Store
from taskboard.tui.translate import translate_bindings
from taskboard.tui.widgets.key_bar import KeyBar

RGB = tuple[int, int, int]
PALETTE: tuple[RGB, ...] = (
    (78, 121, 167),
    (242, 142, 43),
    (89, 161, 79),
    (225, 87, 89),
    (118, 183, 178),
    (237, 201, 72),
)
"""Series colours, shared by the plots and the legends drawn beside them."""
MAX_SITES = 10
"""Sites charted by task count; a district's fifty would not fit a terminal."""
MAX_SKILLS = 8
"""Skills in the gap chart, those with the most open slots: one row each fits a panel."""
MAX_MONTHS = 6
"""Months in the hours chart: as many as fit with readable `2026-11` labels."""
CHARTS = (
    ("status", "Tasks per status and site"),
    ("gap", "Open slots per skill and volunteers who have it"),
    ("hours", "Volunteer hours per month"),
    ("suggestions", "Residents' suggestions turned into work"),
)
"""(id, English title) of each chart, in reading order."""
PLOTS = {"gap": 2}
"""Charts drawn as two plots side by side."""


def legend(names: Sequence[str], colors: Sequence[RGB]) -> Text:
    """`██ open  ██ staffed …` in the colours the plot uses."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for name, (red, green, blue) in zip(names, colors, strict=True):
        text.append("██", style=f"rgb({red},{green},{blue})")
        text.append(f" {name}  ")
    return text


def summary(figures: Figures) -> Text:
    """The headline numbers in one line."""
    totals = figures.totals
    parts = [
        (_("Tasks"), readable(totals["tasks"])),
        (_("Open slots"), readable(totals["open_slots"])),
        (_("Active volunteers"), readable(totals["volunteers"])),
        (_("Hours logged"), readable(totals["hours"])),
        (
            _("Suggestions done"),
            f"{readable(totals['suggestions_done'])}/{readable(totals['suggestions'])}",
        ),
    ]
    came = totals.get("attended_adults", 0) + totals.get("attended_minors", 0)
    if came:
        parts.append(
            (
                _("Came to events"),
                f"{readable(came)} ({readable(totals['attended_adults'])}"
                f"+{readable(totals['attended_minors'])})",
            )
        )
    if totals.get("cost", 0) or totals.get("cost_estimate", 0):
        spent = f"¥{readable(totals['cost'])}/{readable(totals['cost_estimate'])}"
        parts.append((_("Spent"), spent))
    text = Text()
    for index, (label, value) in enumerate(parts):
        if index:
            text.append("  ·  ")
        text.append(f"{label} ")
        text.append(value, style="bold")
    return text


class ChartPanel(Vertical):
    """A titled box with a legend line and one plot, or two side by side."""

    DEFAULT_CSS = """
    ChartPanel {
        border: round $primary;
        height: 1fr;
    }
    ChartPanel > .chart-legend {
        height: 1;
    }
    ChartPanel > Horizontal {
        height: 1fr;
    }
    """

    def __init__(self, title: str, *, id: str, plots: int = 1) -> None:
        super().__init__(id=id)
        self.border_title = title
        self._plots = plots

    def compose(self) -> ComposeResult:
        yield Static(classes="chart-legend")
        with Horizontal():
            for _index in range(self._plots):
                yield PlotextPlot()

    @property
    def plots(self) -> list[PlotextPlot]:
        """The panel's plots, left to right."""
        return list(self.query(PlotextPlot))

    def set_legend(self, names: Sequence[str], colors: Sequence[RGB]) -> None:
        """Name the series in the plot's colours."""
        self.query_one(".chart-legend", Static).update(legend(names, colors))

    def clear(self) -> None:
        """Forget what the plots showed."""
        for plot in self.plots:
            plot.plt.clear_data()
            plot.plt.clear_figure()


class ReportsScreen(Screen[None]):
    """Four charts: tasks by status and site, the skills gap, hours per month, suggestions."""

    DEFAULT_CSS = """
    ReportsScreen #reports-summary {
        height: 1;
        padding: 0 1;
    }
    ReportsScreen #reports-grid {
        grid-size: 2 2;
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the board", id="reports.back"),
        Binding(
            "r",
            "reload",
            "Refresh",
            tooltip="Compute the figures again from the data file",
            id="reports.refresh",
        ),
    ]

    def __init__(self, store: Store, *, today: dt.date) -> None:
        super().__init__()
        translate_bindings(self)
        self._store = store
        self._today = today
        self.figures: Figures | None = None
        """The figures on screen."""

    def compose(self) -> ComposeResult:
        yield Static(id="reports-summary")
        with Grid(id="reports-grid"):
            for chart_id, title in CHARTS:
                yield ChartPanel(_(title), id=f"chart-{chart_id}", plots=PLOTS.get(chart_id, 1))
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Compute the figures and draw every chart again (the app calls this on outside saves)."""
        self.figures = collect_figures(self._store)
        self.query_one("#reports-summary", Static).update(summary(self.figures))
        self._draw_status(self.figures)
        self._draw_gap(self.figures)
        self._draw_hours(self.figures)
        self._draw_suggestions(self.figures)

    def action_reload(self) -> None:
        """Read the file again and redraw."""
        self._store.refresh()
        self.reload()

    def action_back(self) -> None:
        """Back to the screen the reports were opened from."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # Charts ------------------------------------------------------------------------------
    def _panel(self, chart_id: str) -> ChartPanel:
        panel = self.query_one(f"#chart-{chart_id}", ChartPanel)
        panel.clear()
        return panel

    def _draw_status(self, figures: Figures) -> None:
        """Stacked bars: one per site (the busiest ones), a colour per column."""
        panel = self._panel("status")
        sites = sorted(figures.status_by_site, key=lambda site: (-site.total, site.site))
        sites = list(reversed(sites[:MAX_SITES]))  # plotext draws the first category lowest
        statuses = [status for status in Status if any(s.counts[status.value] for s in sites)]
        colors = PALETTE[: len(statuses)]
        panel.set_legend([status_title(status) for status in statuses], colors)
        (plot,) = panel.plots
        if statuses:
            plot.plt.stacked_bar(
                [site.site for site in sites],
                [[float(site.counts[status.value]) for site in sites] for status in statuses],
                color=series_colors(colors),
                orientation="horizontal",
            )
            plot.plt.xticks(whole_ticks(max(site.total for site in sites)))
        plot.refresh()

    def _draw_gap(self, figures: Figures) -> None:
        """Two bar charts back to back: open slots per skill, volunteers with each skill.

        A terminal has too few rows for two bars per skill in one plot (plotext
        draws them over each other), so each measure gets its own plot with the
        skills in the same order.
        """
        panel = self._panel("gap")
        gaps = sorted(
            (gap for gap in figures.skills_gap if gap.open_slots),
            key=lambda gap: (-gap.open_slots, gap.skill),
        )[:MAX_SKILLS]
        gaps.reverse()  # the largest need at the top
        colors = (PALETTE[3], PALETTE[0])
        panel.set_legend([_("Open slots"), _("Volunteers with the skill")], colors)
        slots_plot, people_plot = panel.plots
        skills, key = skill_ticks([gap.label for gap in gaps])
        panel.border_subtitle = key
        if gaps:
            for plot, counts, color in (
                (slots_plot, [gap.open_slots for gap in gaps], colors[0]),
                (people_plot, [gap.volunteers for gap in gaps], colors[1]),
            ):
                plot.plt.bar(
                    skills, [float(n) for n in counts], color=color, orientation="horizontal"
                )
                # Half a panel wide: few ticks, or plotext drops colliding labels, and
                # which ones it drops changes from one run to the next.
                plot.plt.xticks(whole_ticks(max(counts), count=3))
            people_plot.plt.yticks(list(range(1, len(skills) + 1)), [""] * len(skills))
        slots_plot.refresh()
        people_plot.refresh()

    def _draw_hours(self, figures: Figures) -> None:
        """Hours per month over the last months up to this one, empty months included."""
        panel = self._panel("hours")
        logged = dict(figures.hours_by_month)
        months = recent_months(self._today, MAX_MONTHS)
        hours = [logged.get(month, 0.0) for month in months]
        panel.set_legend([_("Hours")], (PALETTE[2],))
        (plot,) = panel.plots
        plot.plt.bar(months, hours, color=PALETTE[2], width=0.6)
        plot.plt.yticks(whole_ticks(max(hours, default=0.0)))
        plot.refresh()

    def _draw_suggestions(self, figures: Figures) -> None:
        """Per site, suggestions stacked by how far they got: done, in work, not yet, declined."""
        panel = self._panel("suggestions")
        items = sorted(figures.suggestions, key=lambda item: (-item.suggestions, item.site))
        items = list(reversed(items[:MAX_SITES]))
        colors = (PALETTE[2], PALETTE[1], PALETTE[4], PALETTE[0])
        names = [_("Done"), _("In work"), _("Not started"), pgettext("suggestion", "Declined")]
        panel.set_legend(names, colors)
        (plot,) = panel.plots
        if items:
            waiting = [
                item.suggestions - item.done - item.in_work - item.declined for item in items
            ]
            plot.plt.stacked_bar(
                [item.site for item in items],
                [
                    [float(item.done) for item in items],
                    [float(item.in_work) for item in items],
                    [float(max(0, n)) for n in waiting],
                    [float(item.declined) for item in items],
                ],
                color=series_colors(colors),
                orientation="horizontal",
            )
            plot.plt.xticks(whole_ticks(max(item.suggestions for item in items)))
        plot.refresh()


def skill_ticks(labels: Sequence[str]) -> tuple[list[str], str]:
    """Tick labels for skills in a plot, and the key that explains them ("" if none).

    Plotext counts every character as one cell, so a Chinese label would bend
    the plot; skills named in plain ASCII are their own tick (`welding`),
    others are numbered bottom-up and the panel's key names them
    (`1 电焊 · 2 入户走访`), so the chart never shows a raw skill key."""
    if all(label.isascii() for label in labels):
        return list(labels), ""
    ticks = [str(index) for index in range(1, len(labels) + 1)]
    key = " · ".join(
        f"{tick} {label}" for tick, label in reversed(list(zip(ticks, labels, strict=True)))
    )
    return ticks, key


def series_colors(colors: Sequence[RGB]) -> Any:
    """One colour per series for plotext's multi-series bars (its stub types a single one)."""
    return list(colors)


def whole_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 past `top` (counts are whole, so are their ticks)."""
    step = max(1, math.ceil(nice_step(top, count)))
    return [float(tick) for tick in range(0, int(top) + step + 1, step)]


def recent_months(today: dt.date, count: int) -> list[str]:
    """`count` months ending with today's, oldest first (`2026-06` … `2026-11`)."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]
