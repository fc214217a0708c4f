"""Translations of user-facing text: English source strings, gettext catalogues.

`_()` looks a string up in the active language's catalogue and falls back to
the English text, so an untranslated string is still readable. User data
(titles, names, places) is never translated.

The catalogues are standard gettext: `locale/zh_CN/LC_MESSAGES/taskboard.po`
for translators (Poedit, Weblate), compiled to the `.mo` beside it, which the
standard library's `gettext` reads when a language is chosen — English needs
no file at all, so starting in English reads nothing. A third language is a
new `.po` and a line in `LOCALES`; no Python. `taskboard/i18n/tools.py` (with
Babel) adds new strings, carries over old dict entries and compiles.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from taskboard.model.kinds import GROUP_NAMES

DOMAIN = "taskboard"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES: dict[str, str | None] = {"en": None, "zh": "zh_CN"}
"""Language code → the gettext locale holding its catalogue (English is the source text)."""
CONTEXT_SEPARATOR = "\x04"
"""How gettext joins a `msgctxt` and its `msgid` in a compiled catalogue."""

_translation: gettext.NullTranslations = gettext.NullTranslations()
_code = "en"
_loaded: dict[str, gettext.NullTranslations] = {}
_views: dict[str, dict[str, str]] = {}


def translation(code: str) -> gettext.NullTranslations:
    """The gettext catalogue of a language, read from its `.mo` once."""
    if code not in _loaded:
        locale = LOCALES[code]
        _loaded[code] = (
            gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale])
            if locale
            else gettext.NullTranslations()
        )
    return _loaded[code]


class _Catalogues(Mapping[str, Mapping[str, str]]):
    """Language code → every translated text (`msgid` → `msgstr`, a context as
    `context\\x04msgid`), for checks that need the whole catalogue: whether a
    text has a translation, or every language's words for one text."""

    def __getitem__(self, code: str) -> Mapping[str, str]:
        if code not in _views:
            catalogue: dict[object, str] = getattr(translation(code), "_catalog", {})
            _views[code] = {k: v for k, v in catalogue.items() if isinstance(k, str) and k}
        return _views[code]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(LOCALES)

    def __len__(self) -> int:
        return len(LOCALES)


LANGUAGES: Mapping[str, Mapping[str, str]] = _Catalogues()
"""Every language's catalogue as a mapping (English: empty)."""


def normalise(lang: str | None) -> str | None:
    """`zh_CN.UTF-8`, `zh-CN`, `zh` → `zh`; `en_US` → `en`; unknown → None."""
    if not lang:
        return None
    base = lang.replace("-", "_").split(".")[0].split("_")[0].lower()
    return base if base in LOCALES else None


def detect(preferred: str | None = None, settings_lang: str | None = None) -> str:
    """The language to use: the explicit choice, then settings, then the locale."""
    for candidate in (preferred, settings_lang):
        code = normalise(candidate)
        if code:
            return code
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = normalise(os.environ.get(variable))
        if code:
            return code
    return "en"


def set_language(lang: str) -> None:
    """Switch every later `_()` call to `lang` (`en` or `zh`)."""
    global _code, _translation
    _code = normalise(lang) or "en"
    _translation = translation(_code)


def language() -> str:
    """The active language code."""
    return _code


def _(text: str) -> str:
    """`text` in the active language (English when there is no translation)."""
    return _translation.gettext(text)


def spellings(text: str) -> set[str]:
    """`text` as every language taskboard speaks writes it (for reading what people type)."""
    return {text, *(catalogue.get(text, text) for catalogue in LANGUAGES.values())}


def read_choice(choices: list[str], typed: str) -> str | None:
    """The choice `typed` names in any language (`in_progress`, `in progress`, `进行中`).

    None when it names none of them."""

    def fold(text: str) -> str:
        return "_".join(text.strip().casefold().replace("-", " ").replace("_", " ").split())

    wanted = fold(typed)
    for choice in choices:
        if wanted in {fold(spelling) for spelling in spellings(choice)}:
            return choice
    return None


def group_name(key: str) -> str:
    """A group as shown: a known group in the active language, any other as named."""
    return _translation.gettext(key) if key in GROUP_NAMES else key


def pgettext(context: str, text: str) -> str:
    """`text` translated in `context`, for words that translate differently by use.

    "Open" is 待认领 as a board column but 打开 as a key's action.
    """
    return _translation.pgettext(context, text)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a text that agrees with `count`: "1 household", "4 households".

    Each language picks its own form by its catalogue's plural rule; Chinese has
    one form for every count. The text still takes `.format(...)` afterwards.
    """
    return _translation.ngettext(singular, plural, count)
