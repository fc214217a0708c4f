"""Errors sync raises; each is one line that names the file, record and field at fault.

A bundle is hostile input: whatever of it a message repeats (a version, a
signer's key id, a record's reference, a model's complaint quoting a value)
goes through `shown`/`word`, and every message through `one_line`, so a
200 MB value or a terminal escape sequence never reaches a message whole.
"""

from __future__ import annotations

import re

from taskboard.model.text import shown as shown
from taskboard.store.errors import StoreError

MAX_MESSAGE = 800
"""Characters a whole sync message keeps."""
_WORD = re.compile(r"[A-Za-z0-9_.:@+-]{1,64}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


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
