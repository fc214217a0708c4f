"""Sheets as one self-contained, printable HTML page.

Offices print these on whatever machine is at hand, often offline, so a page
carries its own styles (no fonts, scripts or images fetched from anywhere),
names the Chinese fonts the common systems have, and fits an A4 sheet when
printed. Every piece of user text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from taskboard.i18n import _
from taskboard.sheets.document import Document, Entry, Field, Section

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

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
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  section, table, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
"""Styles of every page: readable on screen, one clean A4 sheet when printed."""


def page_lang(*texts: str) -> str:
    """`zh-CN` when any text is Chinese (so browsers pick Chinese glyphs), else `en`."""
    return "zh-CN" if any(_CJK.search(text) for text in texts) else "en"


def html_page(title: str, body: str, *, lang: str) -> str:
    """A complete page around `body` (already escaped HTML)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def fields_html(fields: tuple[Field, ...]) -> str:
    """Label–value pairs as a definition list."""
    if not fields:
        return ""
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in fields)
    return f"<dl>{items}</dl>\n"


def table_html(
    headers: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset()
) -> str:
    """A table with every cell escaped; columns in `numeric` are right-aligned."""
    head = "".join(f"<th>{escape(cell)}</th>" for cell in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="number">{escape(cell)}</td>'
            if i in numeric
            else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def render_html(document: Document) -> str:
    """The sheet as a printable page."""
    parts = [f"<header>\n<h1>{escape(document.title)}</h1>\n", fields_html(document.facts)]
    parts.append("</header>\n")
    parts += [_section_html(section) for section in document.sections]
    if document.footer:
        parts.append(f"<footer>{escape(document.footer)}</footer>\n")
    return html_page(document.title, "".join(parts), lang=page_lang(*_texts(document)))


def _section_html(section: Section) -> str:
    parts = [f"<section>\n<h2>{escape(section.heading)}</h2>\n", fields_html(section.facts)]
    if not section.entries:
        parts.append(f'<p class="empty">{escape(section.empty)}</p>\n')
    elif section.compact:
        headers = [section.title_label, *(label for label, _v in section.entries[0].fields)]
        rows = [[entry.title, *(value for _l, value in entry.fields)] for entry in section.entries]
        parts.append(table_html(headers, rows))
    else:
        parts += [_entry_html(entry) for entry in section.entries]
    parts.append("</section>\n")
    return "".join(parts)


def _entry_html(entry: Entry) -> str:
    return f"<article>\n<h3>{escape(entry.title)}</h3>\n{fields_html(entry.fields)}</article>\n"


def _texts(document: Document) -> list[str]:
    """Every text of the document, to decide its language."""
    texts = [document.title, _("Upcoming")]
    for section in document.sections:
        texts += [section.heading, *(entry.title for entry in section.entries)]
        texts += [value for _label, value in section.facts]
    return texts
