"""Keeping the gettext catalogues: carry dict entries over, add new strings, compile.

    python -m taskboard.i18n.tools dicts      # entries of leftover zh_cn*.py dicts → the .po
    python -m taskboard.i18n.tools extract    # strings in `_()`/`pgettext()` not yet in the .po
    python -m taskboard.i18n.tools compile    # .po → .mo (the file taskboard reads)

The translations live in `locale/zh_CN/LC_MESSAGES/taskboard.po`, edited in
Poedit, Weblate or any text editor; `taskboard` reads the compiled `.mo` next
to it with the standard library's `gettext`. Before, they were Python dicts
(`CATALOGUE = {"English": "中文", "context\\x04English": …}` in
`taskboard/i18n/zh_cn*.py`); a branch made before the move may still add
entries there. After merging it, `dicts` moves every entry of every such file
into the .po (context before `\\x04` becomes `msgctxt`; the dict's text wins
over an older one and each replaced text is listed), compiles, and deletes the
files it emptied. See docs/translations.md.

This module needs Babel (`pip install -e '.[test]'`); taskboard itself does not.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from taskboard.i18n import CONTEXT_SEPARATOR, DOMAIN, LOCALE_DIR, LOCALES

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DICT_PATTERN = "zh_cn*.py"
KEYWORDS = {"_": None, "pgettext": ((1, "c"), 2), "ngettext": (1, 2)}
"""The calls Babel extracts: `_(text)`, `pgettext(context, text)` and
`ngettext(singular, plural, count)` (a plural entry: one msgstr per form)."""
WIDTH = 100


def po_path(locale: str) -> Path:
    """The editable catalogue of a locale (`zh_CN`)."""
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(locale: str) -> Path:
    """The compiled catalogue taskboard reads."""
    return po_path(locale).with_suffix(".mo")


def read_catalog(locale: str) -> Catalog:
    """The locale's .po, or an empty catalogue for a new one."""
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, domain=DOMAIN, project="taskboard")
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def write_catalog(catalog: Catalog, locale: str) -> None:
    """Write the .po (sorted by first appearance, as read) and compile the .mo beside it."""
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=WIDTH, omit_header=False)
    compile_catalog(locale)


def compile_catalog(locale: str) -> None:
    """The .po → the .mo that `gettext` reads at run time (fuzzy entries left out).

    A plural entry missing a form is left out too: Babel would fill the gap with
    the English singular, so "4 household" would show in the other language,
    where leaving it out lets `gettext` fall back to the English form that
    agrees with the count."""
    catalog = read_catalog(locale)
    for message in [m for m in catalog if m.id and m.pluralizable and not all(m.string or ())]:
        catalog.delete(message.id, context=message.context)
    with mo_path(locale).open("wb") as file:
        write_mo(file, catalog, use_fuzzy=False)


def dict_entries(path: Path) -> dict[str, str]:
    """The `CATALOGUE` of one old-style dict file, read without importing it."""
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
    catalogue = namespace.get("CATALOGUE")
    if not isinstance(catalogue, dict):
        raise SystemExit(f"{path}: no CATALOGUE dict")
    return {str(key): str(value) for key, value in catalogue.items()}


def add_entries(
    catalog: Catalog, entries: dict[str, str], origin: str
) -> tuple[list[str], list[str]]:
    """Put dict entries into `catalog`; (added, replaced) msgids as `context|text`."""
    added: list[str] = []
    replaced: list[str] = []
    for key, text in entries.items():
        context, _sep, msgid = key.rpartition(CONTEXT_SEPARATOR)
        shown = f"{context}|{msgid}" if context else msgid
        existing = catalog.get(msgid, context=context or None)
        if existing is not None and existing.string == text:
            continue
        if existing is None:
            catalog.add(msgid, string=text, context=context or None, auto_comments=[origin])
            added.append(shown)
            continue
        if existing.string:
            replaced.append(f"{shown}: {existing.string} → {text}")
        else:
            added.append(shown)
        existing.string = text  # Babel's `add` keeps an existing entry's text
        existing.flags.discard("fuzzy")
    return added, replaced


def move_dicts(paths: Sequence[Path], locale: str, *, keep: bool) -> int:
    """`dicts`: every entry of the dict files into the .po; the files go unless `keep`."""
    catalog = read_catalog(locale)
    for path in paths:
        part = path.stem.removeprefix("zh_cn").lstrip("_") or "common"
        added, replaced = add_entries(catalog, dict_entries(path), part)
        print(f"{path}: {len(added)} added, {len(replaced)} replaced")
        for line in replaced:
            print(f"  replaced {line}")
    write_catalog(catalog, locale)
    if not keep:
        for path in paths:
            path.unlink()
            print(f"removed {path}")
    return 0


def extracted(root: Path = PACKAGE_DIR) -> Catalog:
    """Every literal string of `_()` and `pgettext()` calls in the package's source."""
    template = Catalog(domain=DOMAIN, project="taskboard")
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(root),
        method_map=[("**.py", "python"), ("web/templates/**.html", "jinja2.ext:babel_extract")],
        keywords=KEYWORDS,
    ):
        template.add(message, locations=[(filename, lineno)], context=context)
    return template


def add_new_strings(locale: str) -> int:
    """`extract`: strings of the source missing from the .po, added untranslated.

    Nothing is made obsolete: many texts reach `_()` as values (key descriptions,
    statuses, field labels) that extraction cannot see."""
    catalog = read_catalog(locale)
    new = [m for m in extracted() if m.id and catalog.get(m.id, context=m.context) is None]
    for message in new:
        catalog.add(message.id, string="", context=message.context, locations=message.locations)
        print(f"new: {message.id}")
    write_catalog(catalog, locale)
    return 0


def leftover_dicts() -> list[Path]:
    """Old dict files still in the package, `zh_cn.py` first (it won clashes before)."""
    here = Path(__file__).resolve().parent
    return sorted(here.glob(DICT_PATTERN), key=lambda path: (path.stem != "zh_cn", path.name))


def main(argv: Iterable[str] | None = None) -> int:
    """The command line of this module."""
    parser = argparse.ArgumentParser(prog="python -m taskboard.i18n.tools")
    sub = parser.add_subparsers(dest="command", required=True)
    dicts = sub.add_parser("dicts", help="move zh_cn*.py dict entries into the .po")
    dicts.add_argument("files", nargs="*", type=Path, help="default: every leftover zh_cn*.py")
    dicts.add_argument("--keep", action="store_true", help="leave the dict files in place")
    sub.add_parser("extract", help="add strings of the source missing from the .po")
    sub.add_parser("compile", help="compile the .po into the .mo")
    args = parser.parse_args(list(argv) if argv is not None else None)
    locale = LOCALES["zh"] or "zh_CN"
    if args.command == "dicts":
        files = list(args.files) or leftover_dicts()
        if not files:
            print("no zh_cn*.py dict files left")
            return 0
        return move_dicts(files, locale, keep=args.keep)
    if args.command == "extract":
        return add_new_strings(locale)
    compile_catalog(locale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
