"""Sheets as one self-contained, printable HTML page.

Offices print these on whatever machine is at hand, often offline, and forward
them to volunteers' phones, so a page carries its own styles (no fonts, scripts
or images fetched from anywhere), names the Chinese fonts the common systems
have, fits an A4 sheet when printed and a 375-px phone screen when opened in a
chat app. Every piece of user text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from taskboard.i18n import language
from taskboard.sheets.document import Document, Entry, Field, Section, link_heading
from taskboard.sheets.qr import qr_svg

UNBROKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+(?:[-–:./][A-Za-z0-9]+)+(?![A-Za-z0-9])")
"""Words a line must not break inside: references (`funing-12`), dates (`2026-12-12`),
times (`08:30–11:30`) and hyphenated words (`door-to-door`); browsers would break them
after the hyphen, leaving `funing-` on one line and `12` on the next."""

UNBROKEN_LONGEST = 24
"""Longer runs (a web address) may still break, rather than widen the page."""

PAGE_CSS = """
:root { color-scheme: light; }
body {
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  color: #111; background: #fff; margin: 0; line-height: 1.5;
}
main { max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.2em; border-bottom: 2px solid #333; margin: 1.2em 0 .5em; padding-bottom: .1em; }
h3 { font-size: 1.05em; margin: .8em 0 .2em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 0 0 .5em; }
dt { color: #555; }
dd { margin: 0; }
.nb { white-space: nowrap; }
article {
  break-inside: avoid; border-left: 4px solid #888; padding: .1em 0 .1em .8em; margin: .6em 0;
}
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; }
th, td { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: #666; font-style: italic; }
footer { margin-top: 2em; color: #555; font-size: .9em; }
figure { margin: 1em 0; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: .3em; }
svg { max-width: 100%; height: auto; }
table.frame, table.frame > tbody, table.frame > tbody > tr, table.frame > tbody > tr > td {
  display: block; border: none; padding: 0; margin: 0;
}
table.frame > thead { display: none; }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  section, table, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  table.frame { display: table; break-inside: auto; }
  table.frame > thead { display: table-header-group; }
  table.frame > tbody { display: table-row-group; }
  table.frame > tbody > tr { display: table-row; }
  table.frame > tbody > tr > td { display: table-cell; }
  table.frame > thead > tr > td {
    border: none; padding: 0 0 .4em; color: #555; font-size: .85em; text-align: right;
  }
}
@media screen and (max-width: 40em) {
  main { margin: 1em auto; padding: 0 .6em; }
  table.cards, table.cards > tbody, table.cards > tbody > tr, table.cards > tbody > tr > td {
    display: block; border: none;
  }
  table.cards > thead { display: none; }
  table.cards > tbody > tr { border: 1px solid #999; margin: .4em 0; padding: .2em .5em; }
  table.cards > tbody > tr > td { display: inline-block; padding: 0; margin-right: 1em; }
  table.cards > tbody > tr > td:first-child { display: block; font-weight: bold; }
  table.cards > tbody > tr > td:not(:first-child)::before {
    content: attr(data-label) " "; color: #555; font-weight: normal;
  }
}
"""
"""Styles of every page: readable on screen and on a phone, clean A4 sheets when printed.

On a phone a table of more than two columns turns into one card per row, each value
after its column's name, so no column is cut off; printed, every page repeats the
page's title (a day sheet's date) in the header of the frame table around it."""


def page_lang() -> str:
    """The page's language is its labels' (the active language), whatever the data's."""
    return "zh-CN" if language() == "zh" else "en"


def text_html(text: str) -> str:
    """`text` escaped, with references, dates and times kept on one line."""
    parts: list[str] = []
    done = 0
    for match in UNBROKEN.finditer(text):
        word = match.group()
        if len(word) > UNBROKEN_LONGEST:
            continue
        parts += [escape(text[done : match.start()]), f'<span class="nb">{escape(word)}</span>']
        done = match.end()
    parts.append(escape(text[done:]))
    return "".join(parts)


def html_page(title: str, body: str) -> str:
    """A complete page around `body` (already escaped HTML).

    Printed, the title heads every page (a layout table's header repeats on each one).
    """
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{page_lang()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<table class="frame" role="presentation">\n<thead><tr><td>{text_html(title)}'
        "</td></tr></thead>\n<tbody><tr><td>\n"
        f"{body}</td></tr></tbody>\n</table>\n</main>\n</body>\n</html>\n"
    )


def fields_html(fields: tuple[Field, ...] | list[Field]) -> str:
    """Label–value pairs as a definition list."""
    if not fields:
        return ""
    items = "".join(
        f"<dt>{text_html(label)}</dt><dd>{text_html(value)}</dd>" for label, value in fields
    )
    return f"<dl>{items}</dl>\n"


def table_html(
    headers: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset()
) -> str:
    """A table with every cell escaped; columns in `numeric` are right-aligned.

    Wider than two columns, it becomes cards on a phone: each cell carries its
    column's name to show before the value there.
    """
    head = "".join(f"<th>{text_html(cell)}</th>" for cell in headers)
    labels = [escape(header) for header in headers]
    body = "".join(
        "<tr>"
        + "".join(
            f'<td{_cell_class(i, numeric)} data-label="{labels[i] if i < len(labels) else ""}">'
            f"{text_html(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>\n"
        for row in rows
    )
    kind = ' class="cards"' if len(headers) > 2 else ""
    return f"<table{kind}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def _cell_class(column: int, numeric: frozenset[int]) -> str:
    return ' class="number"' if column in numeric else ""


def render_html(document: Document) -> str:
    """The sheet as a printable page."""
    parts = [f"<header>\n<h1>{text_html(document.title)}</h1>\n", fields_html(document.facts)]
    parts.append("</header>\n")
    parts += [_section_html(section) for section in document.sections]
    if document.footer:
        parts.append(f"<footer>{text_html(document.footer)}</footer>\n")
    if document.link:
        parts.append(
            f'<section class="link">\n<h2>{text_html(link_heading())}</h2>\n'
            f"{qr_svg(document.link)}\n"
            f'<p><a href="{escape(document.link)}">{text_html(document.link)}</a></p>\n'
            "</section>\n"
        )
    return html_page(document.title, "".join(parts))


def _section_html(section: Section) -> str:
    parts = [f"<section>\n<h2>{text_html(section.heading)}</h2>\n", fields_html(section.facts)]
    if not section.entries:
        parts.append(f'<p class="empty">{text_html(section.empty)}</p>\n')
    elif section.compact:
        headers = [section.title_label, *(label for label, _v in section.entries[0].fields)]
        rows = [[entry.title, *(value for _l, value in entry.fields)] for entry in section.entries]
        parts.append(table_html(headers, rows))
    else:
        parts += [_entry_html(entry) for entry in section.entries]
    parts.append("</section>\n")
    return "".join(parts)


def _entry_html(entry: Entry) -> str:
    return f"<article>\n<h3>{text_html(entry.title)}</h3>\n{fields_html(entry.fields)}</article>\n"
