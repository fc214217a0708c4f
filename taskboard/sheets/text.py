"""Sheets as plain text and as Markdown, short enough to paste into a chat message.

Plain text has no tables: chat apps use proportional fonts, so aligned columns
fall apart there. A crew is one line per person instead.
"""

from __future__ import annotations

import re

from taskboard.i18n import _
from taskboard.sheets.document import Document, Entry, Field, Section, link_heading
from taskboard.sheets.qr import qr_lines

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def labelled(label: str, value: str) -> str:
    """`Place: 3栋旁`, with the colon the active language uses."""
    return _("{label}: {value}").format(label=label, value=value)


# Plain text ----------------------------------------------------------------------------
def render_text(document: Document) -> str:
    """The sheet as plain lines."""
    lines = [document.title, *(labelled(label, value) for label, value in document.facts)]
    for section in document.sections:
        lines += ["", section.heading, *_section_text(section)]
    if document.footer:
        lines += ["", document.footer]
    if document.link:
        lines += ["", link_heading(), document.link, *qr_lines(document.link)]
    return "\n".join(lines) + "\n"


def _section_text(section: Section) -> list[str]:
    lines = [labelled(label, value) for label, value in section.facts]
    if not section.entries:
        return [*lines, section.empty]
    for entry in section.entries:
        lines += [_compact_line(entry)] if section.compact else _entry_lines(entry)
    return lines


def _compact_line(entry: Entry) -> str:
    values = " · ".join(value for _label, value in entry.fields)
    return f"• {entry.title} — {values}" if values else f"• {entry.title}"


def _entry_lines(entry: Entry) -> list[str]:
    return [f"• {entry.title}", *(f"  {labelled(label, value)}" for label, value in entry.fields)]


# Markdown ------------------------------------------------------------------------------
def escape_markdown(text: str) -> str:
    """User text with Markdown's special characters taken literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def render_markdown(document: Document) -> str:
    """The sheet as Markdown: headings, lists, and a table per crew."""
    lines = [f"# {escape_markdown(document.title)}", ""]
    lines += [_md_fact(field) for field in document.facts]
    for section in document.sections:
        lines += ["", f"## {escape_markdown(section.heading)}", ""]
        lines += _section_markdown(section)
    if document.footer:
        lines += ["", f"*{escape_markdown(document.footer)}*"]
    if document.link:
        lines += ["", f"## {escape_markdown(link_heading())}", "", f"<{document.link}>", ""]
        lines += ["```", *qr_lines(document.link), "```"]
    return "\n".join(lines) + "\n"


def _md_fact(field: Field) -> str:
    label, value = field
    return f"- **{escape_markdown(label)}:** {escape_markdown(value)}"


def _section_markdown(section: Section) -> list[str]:
    lines = [_md_fact(field) for field in section.facts]
    if lines:
        lines.append("")
    if not section.entries:
        return [*lines, escape_markdown(section.empty)]
    if section.compact:
        return lines + markdown_table(
            [section.title_label, *(label for label, _value in section.entries[0].fields)],
            [
                [entry.title, *(value for _label, value in entry.fields)]
                for entry in section.entries
            ],
        )
    for entry in section.entries:
        lines.append(f"- **{escape_markdown(entry.title)}**")
        lines += [f"  {_md_fact(field)}" for field in entry.fields]
    return lines


def markdown_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A pipe table with every cell escaped."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(escape_markdown(cell) for cell in cells) + " |"

    return [row(headers), "|" + "|".join("---" for _h in headers) + "|", *map(row, rows)]
