"""Drawing the task's read-only text: light tables, drawn once per width."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.reactive import Reactive
from textual.render import measure
from textual.scrollbar import ScrollBar
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Static


# Drawing -------------------------------------------------------------------------------
class TextTable:
    """Rows of text in columns, drawn with a few cells between columns and no borders.

    Every column but the last is as wide as its widest cell (or as `widths` says);
    the last takes the rest of the line and wraps. A much lighter thing to draw
    than a `rich.table.Table`, which measures and pads every cell on every draw.
    """

    GAP = 2
    """Cells between columns."""

    LAST_MIN = 12
    """The last column's least width; the others shrink to leave it that much."""

    def __init__(
        self,
        rows: list[list[Text]],
        *,
        header: list[Text] | None = None,
        widths: tuple[int, ...] = (),
        gap: int = GAP,
    ) -> None:
        self.rows = rows
        self.header = header
        self.widths = widths
        self.gap = gap

    def _column_widths(self, rows: list[list[Text]], width: int) -> list[int]:
        columns = len(rows[0])
        fixed = list(self.widths[: columns - 1])
        for column in range(len(fixed), columns - 1):
            fixed.append(max(row[column].cell_len for row in rows))
        room = width - self.gap * (columns - 1) - self.LAST_MIN
        if sum(fixed) > room:
            scale = max(room, columns - 1) / max(sum(fixed), 1)
            fixed = [max(int(cells * scale), 1) for cells in fixed]
        last = max(width - sum(fixed) - self.gap * (columns - 1), 1)
        return [*fixed, last]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = ([self.header] if self.header else []) + self.rows
        if not rows or not rows[0]:
            return
        widths = self._column_widths(rows, options.max_width)
        last = len(widths) - 1
        gap = Segment(" " * self.gap)
        for row in rows:
            cells = [
                _cell_lines(console, cell, width) for cell, width in zip(row, widths, strict=True)
            ]
            for index in range(max(len(lines) for lines in cells)):
                for column, lines in enumerate(cells):
                    if column:
                        yield gap
                    used = 0
                    if index < len(lines):
                        line = lines[index]
                        style = console.get_style(line.style) if line.style else None
                        yield from Segment.apply_style(line.render(console), style)
                        used = line.cell_len
                    if column < last and used < widths[column]:
                        yield Segment(" " * (widths[column] - used))
                yield Segment.line()


def _cell_lines(console: Console, cell: Text, width: int) -> list[Text]:
    """A cell's lines at `width`: itself when it fits, else wrapped (long words folded)."""
    if cell.cell_len <= width and "\n" not in cell.plain:
        return [cell]
    return list(cell.wrap(console, width, overflow="fold"))


# Widgets -------------------------------------------------------------------------------
class RenderedRich(Visual):
    """A Rich renderable drawn once for each width it is shown at, then reused.

    Textual draws a Rich renderable once to learn its height and again to paint
    it, at every layout; for the task's text that was most of a layout's time.
    The lines are kept without the widget's own colours, which are laid under
    them when painted, and carry the offsets that mouse selection needs.
    """

    WIDTHS_KEPT = 4
    """Widths whose lines are kept (with and without a scrollbar, say)."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        self._widget = widget
        self._renderable = renderable
        self._lines: dict[int, list[Strip]] = {}

    def lines(self, width: int) -> list[Strip]:
        """The renderable's lines at `width` cells, unstyled."""
        width = max(width, 1)
        lines = self._lines.get(width)
        if lines is None:
            app = self._widget.app
            options = app.console_options.update(width=width, height=None, highlight=False)
            rendered = app.console.render_lines(self._renderable, options, pad=False)
            lines = [Strip(line) for line in rendered]
            if len(self._lines) >= self.WIDTHS_KEPT:
                self._lines.clear()
            self._lines[width] = lines
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        console = self._widget.app.console
        return measure(console, self._renderable, container_width, container_width=container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        selection, selected = options.selection, options.selection_style
        highlight = None
        if selection is not None and selected is not None:
            blended = (style + selected).rich_style
            shows_colour = selected.foreground is not None and selected.foreground.a > 0
            highlight = Style(
                bgcolor=blended.bgcolor, color=blended.color if shows_colour else None
            )
        strips = []
        for y, line in enumerate(self.lines(width)[:height]):
            span = selection.get_span(y) if selection is not None else None
            if span is not None and highlight is not None:
                line = _stylize_characters(line, *span, highlight)
            strips.append(line.apply_offsets(0, y).apply_style(base))
        return strips


def _stylize_characters(line: Strip, start: int, end: int, style: Style) -> Strip:
    """`line` with `style` over its characters `start` to `end` (-1: to the end)."""
    if end < 0:
        end = len(line.text)
    segments = []
    offset = 0
    for text, segment_style, control in line:
        first, last = offset, offset + len(text)
        offset = last
        if control or last <= start or first >= end:
            segments.append(Segment(text, segment_style, control))
            continue
        cut_start, cut_end = max(start - first, 0), min(end, last) - first
        selected = (segment_style or Style()) + style
        for part, part_style in (
            (text[:cut_start], segment_style),
            (text[cut_start:cut_end], selected),
            (text[cut_end:], segment_style),
        ):
            if part:
                segments.append(Segment(part, part_style))
    return Strip(segments, line.cell_length)


class TaskText(Static):
    """Read-only text of the task screen: one Rich renderable, drawn once per width."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    """Set by the layout that has just placed the text: nothing to lay out or paint again.

    Textual's own `virtual_size` asks for a layout and a repaint whenever it changes,
    so each task whose text is taller or shorter than the last one's was laid out and
    painted a second time, a frame after it was already on screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, renderable: RenderableType) -> None:
        """Show `renderable` in place of what was shown."""
        self.update(RenderedRich(self, renderable))

    @property
    def lines(self) -> list[str]:
        """The text as shown, line by line, at the widget's current width."""
        visual = self.visual
        if not isinstance(visual, RenderedRich):
            return str(self.content).splitlines()
        return [line.text.rstrip() for line in visual.lines(self.content_region.width)]

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, for copying."""
        return selection.extract("\n".join(self.lines)), "\n"


class TaskBody(VerticalScroll):
    """The scrolling body of the task screen: the text, the checklist, the rest of the text."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    """Set by the layout that has just placed the body's widgets (see `TaskText`): the
    next task being longer or shorter than the last is no reason to lay it out again.
    The scrollbar is still brought up to date with it."""

    def on_mount(self) -> None:
        """Make the scrollbar now, hidden: the first task that needs it then shows it
        in one frame (a new one is styled and painted again after it is mounted)."""
        self.vertical_scrollbar  # noqa: B018 (made on first use)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The scrollbar, made as Textual makes it but a `TaskScrollBar`."""
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = bar = TaskScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def expect_scrollbar(self) -> None:
        """Show or hide the scrollbar for the content just put in, before it is laid out.

        Textual decides on a scrollbar after laying the body out: a task that needs one
        after a task that did not (or the other way round) was laid out at the old width,
        painted, laid out again at the new width and painted again, a frame or two after
        it was on screen. Arranging the new content beforehand, as Textual then will,
        tells: at the width it has now, taller than the body with no scrollbar needs one
        (narrower, it is taller still), and not taller with one needs none (wider, it is
        shorter still); only then is it arranged at the other width. The scrollbar is
        given its length too, so the layout finds everything as it wants it.
        """
        size = self.container_size
        if not size or self.styles.overflow_y != "auto":
            return
        gutter = self.styles.scrollbar_size_vertical
        self._clear_arrangement_cache()

        def content_at(shown: bool) -> Size:
            width = max(size.width - gutter, 1) if shown else size.width
            return self.arrange(size.with_width(width)).total_region.size

        shown = self.show_vertical_scrollbar
        content = content_at(shown)
        needed = content.height > size.height
        if needed != shown:
            content = content_at(needed)
        window = size.with_width(max(size.width - gutter, 1) if needed else size.width)
        virtual = Size(max(content.width, window.width), max(content.height, window.height))
        self.virtual_size = virtual  # as the layout will find it: nothing to lay out again
        if needed:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = virtual.height
            bar.window_size = size.height
        if needed != shown:
            self.show_vertical_scrollbar = needed
            self.vertical_scrollbar.display = needed
        self.scroll_y = self.validate_scroll_y(self.scroll_y)  # within the new content

    def _scroll_update(self, virtual_size: Size) -> None:
        """Textual's, without repainting the scrollbar when its length and place did not
        change (a change repaints it by itself): after the layout that placed a new task,
        that repaint came a frame after the task was on screen."""
        self._refresh_scrollbars()
        if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = virtual_size.height
            bar.window_size = self.container_size.height - self.scrollbar_size_horizontal
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)


class TaskScrollBar(ScrollBar):
    """The task body's scrollbar.

    Textual's own lays the screen out again when first placed (its `virtual_size`,
    which asks for a layout): a scrollbar has nothing inside to lay out."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
