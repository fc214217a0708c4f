"""The gettext catalogues: compiled as written, complete, and fed by the dict tool."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from taskboard.i18n import (
    CONTEXT_SEPARATOR,
    LANGUAGES,
    LOCALE_DIR,
    _,
    ngettext,
    pgettext,
    set_language,
    tools,
    translation,
)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def po_messages(path: Path) -> dict[str, str]:
    """The translated entries of a .po, keyed as gettext keys them (context\\x04id);
    plural entries are in `po_plurals`."""
    with path.open("rb") as file:
        catalog = read_po(file)
    return {
        (f"{m.context}{CONTEXT_SEPARATOR}{m.id}" if m.context else str(m.id)): str(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy and not m.pluralizable
    }


def po_plurals(path: Path) -> dict[tuple[str, int], str]:
    """The translated plural entries of a .po, keyed as gettext keys them (singular, form)."""
    with path.open("rb") as file:
        catalog = read_po(file)
    return {
        (str(m.id[0]), form): text
        for m in catalog
        if m.pluralizable and not m.fuzzy
        for form, text in enumerate(m.string)
        if text
    }


def compiled_plurals() -> dict[tuple[str, int], str]:
    """The plural entries of the compiled Chinese catalogue."""
    catalogue: dict[object, str] = getattr(translation("zh"), "_catalog", {})
    return {key: text for key, text in catalogue.items() if isinstance(key, tuple)}


def test_compiled_catalogue_says_what_the_po_says() -> None:
    """The .mo is committed; this fails when the .po was edited without `compile`."""
    po = po_messages(tools.po_path("zh_CN"))
    assert len(po) > 800
    assert dict(LANGUAGES["zh"]) == po
    assert compiled_plurals() == po_plurals(tools.po_path("zh_CN"))


def missing_translations(po: Path) -> list[str]:
    """Every literal `_()`/`pgettext()`/`ngettext()` text (found as Babel extracts them)
    that `po` does not translate, as `file:line 'text'`; a plural entry needs a text
    for every form the language has (Chinese has one: `msgstr[0]`)."""
    with po.open("rb") as file:
        catalog = read_po(file)
    translated = {
        (m.context, str(m.id[0]) if m.pluralizable else str(m.id))
        for m in catalog
        if m.id
        and not m.fuzzy
        and (all(m.string) if m.pluralizable else bool(m.string))
        and (len(m.string) == catalog.num_plurals if m.pluralizable else True)
    }
    return [
        f"{message.locations[0][0]}:{message.locations[0][1]} {message.id!r}"
        for message in tools.extracted()
        if message.id
        and (
            message.context,
            str(message.id[0]) if message.pluralizable else str(message.id),
        )
        not in translated
    ]


def test_every_string_of_the_source_has_a_chinese_text() -> None:
    """Read from the .po: the compiled catalogue cannot tell an untranslated plural
    entry, which Babel used to compile with the English singular as its text."""
    missing = missing_translations(tools.po_path("zh_CN"))
    assert not missing, "\n".join(missing)


def test_a_plural_entry_without_its_chinese_text_is_missing_and_left_out_of_the_mo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A counted text added by `extract` and never translated fails the check above,
    and until then Chinese falls back to the English form that agrees with the count."""
    one, many = "Stored {n} assignment as {state}.", "Stored {n} assignments as {state}."
    locale_dir = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale_dir)
    monkeypatch.setattr(tools, "LOCALE_DIR", locale_dir)
    po = tools.po_path("zh_CN")
    entry = f'msgid "{one}"\nmsgid_plural "{many}"\nmsgstr[0] "'
    text = po.read_text(encoding="utf-8")
    start = text.index(entry) + len(entry)
    po.write_text(text[:start] + text[text.index('"\n', start) :], encoding="utf-8")
    assert [line for line in missing_translations(po) if repr((one, many)) in line]
    tools.compile_catalog("zh_CN")
    compiled = gettext.translation("taskboard", locale_dir, languages=["zh_CN"])
    assert compiled.ngettext(one, many, 1) == one
    assert compiled.ngettext(one, many, 4) == many
    assert compiled.gettext("Open") == "打开"


def test_placeholders_match() -> None:
    for english, chinese in LANGUAGES["zh"].items():
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(chinese)), english
    for (singular, _form), chinese in compiled_plurals().items():
        assert set(PLACEHOLDER.findall(singular)) == set(PLACEHOLDER.findall(chinese)), singular


def test_counted_texts_agree_with_the_count_in_english_and_have_one_form_in_chinese() -> None:
    one, many = "{left} of {total} household left", "{left} of {total} households left"
    assert ngettext(one, many, 1) == one and ngettext(one, many, 4) == many
    set_language("zh")
    try:
        assert (
            ngettext(one, many, 1) == ngettext(one, many, 4) == "{total} 户中还有 {left} 户未走访到"
        )
    finally:
        set_language("en")


def test_context_and_plain_texts_differ_at_run_time() -> None:
    set_language("zh")
    assert pgettext("column", "Open") == "待认领" and _("Open") == "打开"
    set_language("en")
    assert pgettext("column", "Open") == "Open" and _("Open") == "Open"


def test_dict_tool_carries_old_entries_into_the_po(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After merging a branch that still adds to the old zh_cn*.py dicts."""
    locale_dir = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale_dir)
    monkeypatch.setattr(tools, "LOCALE_DIR", locale_dir)
    leftover = tmp_path / "zh_cn_board.py"
    leftover.write_text(
        "CATALOGUE: dict[str, str] = {\n"
        '    "A brand new line": "全新的一行",\n'
        '    "column\\x04Staffed": "人齐了",\n'
        '    "renovation": "改造",\n'
        "}\n",
        encoding="utf-8",
    )
    assert tools.main(["dicts", str(leftover)]) == 0
    said = capsys.readouterr().out
    assert "1 added, 1 replaced" in said and "column|Staffed: 已配人 → 人齐了" in said
    assert not leftover.exists()
    po = po_messages(locale_dir / "zh_CN" / "LC_MESSAGES" / "taskboard.po")
    assert po["A brand new line"] == "全新的一行"
    assert po[f"column{CONTEXT_SEPARATOR}Staffed"] == "人齐了"
    compiled = gettext.translation("taskboard", locale_dir, languages=["zh_CN"])
    assert compiled.gettext("A brand new line") == "全新的一行"
    assert compiled.pgettext("column", "Staffed") == "人齐了"
    assert compiled.gettext("renovation") == "改造"
    assert tools.po_path("zh_CN") == locale_dir / "zh_CN" / "LC_MESSAGES" / "taskboard.po"
