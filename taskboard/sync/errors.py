"""Errors sync raises; each is one line that names the file, record and field at fault.

A bundle is hostile input: whatever of it a message repeats (a version, a
signer's key id, a record's reference, a model's complaint quoting a value)
goes through `shown`/`word`, and every message through `one_line`, so a
200 MB value or a terminal escape sequence never reaches a message whole.
"""

from __future__ import annotations

import re

from taskboard.store.errors import StoreError

MAX_SHOWN = 60
"""Characters of one echoed value a message keeps."""
MAX_MESSAGE = 800
"""Characters a whole sync message keeps."""
_WORD = re.compile(r"[A-Za-z0-9_.:@+-]{1,64}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """`value` quoted as Python shows it (`'abc'`, `7`), cut to about `limit` characters.

    The quoting escapes control and invisible characters; only the first
    `limit` characters of a long text are even looked at.
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}… ({len(value)} characters)"
    if isinstance(value, bool | int | float) or value is None:
        return _cut(repr(value), limit)
    if isinstance(value, list | dict):
        return f"{'a list' if isinstance(value, list) else 'an object'} of {len(value)}"
    return _cut(repr(value), limit)


def word(value: object) -> str:
    """A name from a bundle (a site, a key id) as is when it is one plain word, else `shown`."""
    if isinstance(value, str) and _WORD.fullmatch(value):
        return value
    return shown(value)


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """`message` cut to `limit` characters, with line breaks and control characters escaped."""
    if len(message) > limit:
        message = f"{message[:limit]}… ({len(message) - limit} more characters)"
    return _UNSAFE.sub(lambda found: repr(found.group())[1:-1], message)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


class BundleError(StoreError):
    """A bundle cannot be merged as it is; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class BundleTooNew(BundleError):
    """The bundle was written by a newer taskboard."""


class SignatureError(BundleError):
    """The bundle is unsigned, tampered with, or signed by a site not trusted here."""


class SigningKeyError(StoreError):
    """The signing key or the roster of trusted keys cannot be used as asked."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))
