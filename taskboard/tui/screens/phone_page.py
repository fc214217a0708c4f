"""The phone page started from the board: `taskboard serve` as a child process.

The board never imports the web server. It runs `taskboard serve` on the same
data file as a process of its own, so the server's store, language and
threads stay out of the board's, and a volunteer's answer reaches the board
the way the CLI's changes do: saved to the file, noticed at the next poll.
Phones can reach it only when a coordinator's password is set (then it
listens on every address); otherwise it serves this laptop alone, as
`taskboard serve` does by default. Leaving the board stops it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, Static

from taskboard.i18n import _
from taskboard.sheets.qr import page_address, qr_lines
from taskboard.tui.screens.popup import PopUp

PORT = 8765
STARTUP_CHECK_S = 3.0
"""When the board looks whether the server is still running (a port in use ends it)."""


class PhonePage:
    """The server process the board started, if any."""

    def __init__(self, db_path: Path | None, *, port: int = PORT) -> None:
        self.db_path = db_path
        self.port = port
        self.host = "127.0.0.1"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    @property
    def url(self) -> str:
        """The address phones open."""
        return page_address(self.host, self.port)

    def start(self, *, reachable: bool) -> str:
        """Start `taskboard serve` (for phones on the Wi-Fi when `reachable`); its address."""
        if self.running:
            return self.url
        if self.db_path is None:
            raise OSError(_("the phone page needs a data file (this board is held in memory)"))
        self.host = "0.0.0.0" if reachable else "127.0.0.1"
        command = [sys.executable, "-m", "taskboard", "--db", str(self.db_path), "serve"]
        command += ["--host", self.host, "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        return self.url

    def failure(self) -> str | None:
        """The server's one error line, once it has ended by itself (e.g. the port is in use)."""
        if self.process is None or self.process.poll() is None:
            return None
        stderr = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
        self.process = None
        lines = [line for line in stderr.splitlines() if line.strip()]
        return lines[-1] if lines else _("the phone page stopped")

    def stop(self) -> bool:
        """Stop the server; True if one was running."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return False
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return True


class PhonePageScreen(PopUp[None]):
    """The phone page's address and its QR code, for phones to scan off the screen."""

    DEFAULT_CSS = """
    PhonePageScreen {
        align: center middle;
    }
    PhonePageScreen > Vertical {
        width: auto;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    PhonePageScreen #phone-qr {
        width: auto;
        color: white;
        background: black;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the board", id="phone.close"),
    ]

    def __init__(self, url: str, note: str, *, title: str = "") -> None:
        super().__init__()
        self.url = url
        self.note = note
        self.title_text = title
        """Said over the code instead of the server's address (a volunteer's own link)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = self.title_text or _("The phone page is at {url}").format(url=self.url)
            yield Label(heading, id="phone-url")
            yield Static("\n".join(qr_lines(self.url)), id="phone-qr", markup=False)
            yield Label(self.note, id="phone-note")

    def action_close(self) -> None:
        """Back to the board (the server keeps running)."""
        self.dismiss(None)
