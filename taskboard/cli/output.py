"""Printing for the CLI: aligned tables that respect wide (Chinese) characters, and JSON."""

from __future__ import annotations

import contextlib
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, BinaryIO, TextIO, cast

import orjson

from taskboard.model.text import visible

ERROR_LIMIT = 2000
"""Characters of one error line; the rest is cut (a message must stay one readable line)."""


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Terminal cells one character takes: 2 for CJK and other wide forms, 0 for combining."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells `text` takes."""
    return sum(char_width(char) for char in text)


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` cells (ending in `…` when cut) and pad it to exactly `width`."""
    if cell_width(text) > width:
        kept, used = [], 0
        for char in text:
            if used + char_width(char) > width - 1:
                break
            kept.append(char)
            used += char_width(char)
        text = "".join(kept) + "…"
    return text + " " * (width - cell_width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 40) -> str:
    """Rows under headers, columns as wide as their widest cell (capped at `max_width`).

    A cell is one line: a newline or tab from the data is written out, not obeyed."""
    rows = [[visible(cell, lines=False) for cell in row] for row in rows]
    widths = [
        min(max_width, max([cell_width(h), *(cell_width(row[i]) for row in rows)]))
        for i, h in enumerate(headers)
    ]
    lines = [
        "  ".join(fit(cell, width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [list(headers), *rows]
    ]
    return "\n".join(lines)


_UNSAFE_IN_JSON = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")
"""What `visible` writes out and orjson leaves raw, as UTF-8 (orjson escapes the C0
controls itself): DEL, the C1 controls, the line and paragraph separators."""
_UNSAFE_LEADS = (b"\x7f", b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
"""Byte strings without which `_UNSAFE_IN_JSON` cannot match: looking for them is a
fast scan, and most output holds none."""


def _escaped(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode())


def safe_json(value: Any) -> bytes:
    """`value` as UTF-8 JSON (keys in a stable order, indented, a final newline) that
    is safe to print: what `visible` would write out is written out as a JSON escape,
    so the text is the same as printing the JSON through `Escaping`, and still the
    same values.

    Done on the bytes, not on decoded text: a district-wide match prints 18 MB of
    JSON, and decoding it to run `visible` over it costs half a second."""
    payload = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    if any(lead in payload for lead in _UNSAFE_LEADS):
        payload = _UNSAFE_IN_JSON.sub(_escaped, payload)
    return payload + b"\n"


def print_json(value: Any, out: TextIO | None = None) -> None:
    """Machine-readable output: UTF-8 JSON, keys in a stable order, one document.

    Written to the stream's bytes when it has them (`safe_json` already made them
    safe to print), after what was written as text before it."""
    stream = out or sys.stdout
    payload = safe_json(value)
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(payload.decode())
        return
    stream.flush()
    buffer.write(payload)
    buffer.flush()


class Escaping:
    """A text stream that writes control characters out (`\\u001b`) before they reach
    the terminal: whatever a title, a name or a message holds, printing it cannot move
    the cursor, retitle the window or hide text. Newlines, tabs and CRLF line ends pass.

    Bytes written to `buffer` (a bundle sent to stdout) pass unchanged."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def buffer(self) -> BinaryIO:
        return self.stream.buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Within: everything printed on stdout and stderr goes through `Escaping`.

    The one place the CLI's output is made safe, so that no command, message or
    warning can forget it (the board in the terminal draws through Textual's own
    stream and is not affected)."""
    with (
        contextlib.redirect_stdout(cast(TextIO, Escaping(sys.stdout))),
        contextlib.redirect_stderr(cast(TextIO, Escaping(sys.stderr))),
    ):
        yield


def error_line(message: str) -> str:
    """`message`, control characters written out, cut to `ERROR_LIMIT` characters with a
    note of how much was left out (a value in it may have been a whole file)."""
    message = visible(message, lines=False)
    if len(message) <= ERROR_LIMIT:
        return message
    return f"{message[:ERROR_LIMIT]}… ({len(message) - ERROR_LIMIT} more characters)"
