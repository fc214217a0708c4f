"""Translations of user-facing text: English source strings, Simplified Chinese catalogue.

`_()` looks a string up in the active language's catalogue and falls back to
the English text, so an untranslated string is still readable. User data
(titles, names, places) is never translated.
"""

from __future__ import annotations

import os

from taskboard.i18n import (
    zh_cn,
    zh_cn_board,
    zh_cn_campaign,
    zh_cn_match,
    zh_cn_roster,
    zh_cn_series,
    zh_cn_suggest,
    zh_cn_sync,
    zh_cn_task,
    zh_cn_views,
)
from taskboard.model.common import GROUP_NAMES

ZH_CATALOGUES = (
    zh_cn,
    zh_cn_board,
    zh_cn_task,
    zh_cn_roster,
    zh_cn_views,
    zh_cn_match,
    zh_cn_sync,
    zh_cn_suggest,
    zh_cn_campaign,
    zh_cn_series,
)
"""The Chinese catalogue, one module per part of the app; earlier modules win on a clash."""

LANGUAGES: dict[str, dict[str, str]] = {
    "en": {},
    "zh": {k: v for part in reversed(ZH_CATALOGUES) for k, v in part.CATALOGUE.items()},
}
"""Language code → catalogue (English is the source text)."""
_active: dict[str, str] = {}
_code = "en"


def normalise(lang: str | None) -> str | None:
    """`zh_CN.UTF-8`, `zh-CN`, `zh` → `zh`; `en_US` → `en`; unknown → None."""
    if not lang:
        return None
    base = lang.replace("-", "_").split(".")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


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
    global _code, _active
    _code = normalise(lang) or "en"
    _active = LANGUAGES[_code]


def language() -> str:
    """The active language code."""
    return _code


def _(text: str) -> str:
    """`text` in the active language (English when there is no translation)."""
    return _active.get(text, text)


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
    return _active.get(key, key) if key in GROUP_NAMES else key


def pgettext(context: str, text: str) -> str:
    """`text` translated in `context`, for words that translate differently by use.

    "Open" is 待认领 as a board column but 打开 as a key's action.
    """
    return _active.get(f"{context}\x04{text}", text)
