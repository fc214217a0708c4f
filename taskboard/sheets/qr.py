"""A QR code as lines of text, for the terminal and the board (segno makes the code).

Two rows of modules go into one line with half-block characters, so a code for
a link fits a laptop's terminal. The *light* modules are drawn (in the
terminal's text colour, light on the usual dark background), so the code reads
dark on light like a printed one, quiet zone included.
"""

from __future__ import annotations

QUIET = 2
"""Light modules around the code (phones need a margin to find it)."""
BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
"""(upper light, lower light) → the character that shows them."""


def qr_lines(text: str) -> list[str]:
    """The QR code of `text` as lines of text (segno loads only here)."""
    import segno

    code = segno.make(text, error="m")
    dark = [[bool(cell) for cell in row] for row in code.matrix]
    width = len(dark[0]) + 2 * QUIET
    light = [[True] * width for _row in range(QUIET)]
    light += [[True] * QUIET + [not cell for cell in row] + [True] * QUIET for row in dark]
    light += [[True] * width for _row in range(QUIET)]
    if len(light) % 2:
        light.append([True] * width)
    return [
        "".join(BLOCKS[(upper, lower)] for upper, lower in zip(top, bottom, strict=True))
        for top, bottom in zip(light[::2], light[1::2], strict=True)
    ]
