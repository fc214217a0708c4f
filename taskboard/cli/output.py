"""Printing for the CLI: aligned tables that respect wide (Chinese) characters, and JSON."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TextIO

import orjson


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
    """Rows under headers, columns as wide as their widest cell (capped at `max_width`)."""
    widths = [
        min(max_width, max([cell_width(h), *(cell_width(row[i]) for row in rows)]))
        for i, h in enumerate(headers)
    ]
    lines = [
        "  ".join(fit(cell, width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [list(headers), *rows]
    ]
    return "\n".join(lines)


def print_json(value: Any, out: TextIO | None = None) -> None:
    """Machine-readable output: UTF-8 JSON, keys in a stable order, one document."""
    payload = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    (out or sys.stdout).write(payload.decode() + "\n")
