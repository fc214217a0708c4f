"""The phone page's address and its QR code as lines of text, for the terminal and the board.

segno makes the code.

Two rows of modules go into one line with half-block characters, so a code for
a link fits a laptop's terminal. The *light* modules are drawn (in the
terminal's text colour, light on the usual dark background), so the code reads
dark on light like a printed one, quiet zone included.
"""

from __future__ import annotations

import ipaddress
import socket

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


def qr_svg(text: str) -> str:
    """The QR code of `text` as an inline `<svg>` (no file, no network: a sheet that
    is printed or forwarded carries it whole)."""
    import segno

    return str(segno.make(text, error="m").svg_inline(scale=4, border=QUIET, omitsize=False))


def is_loopback(host: str) -> bool:
    """Whether only this laptop can reach `host` (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def page_address(host: str, port: int) -> str:
    """`http://192.168.1.20:8765`: the address phones type for a server bound to `host`.

    Bound to every address (`0.0.0.0`), it is the laptop's own address on the
    network it would use for the LAN; no packet is sent to find it."""
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.168.0.1", 9))
                shown = str(probe.getsockname()[0])
        except OSError:
            shown = socket.gethostname()
    return f"http://{shown}:{port}"
