"""Real Syncthing nodes on 127.0.0.1 for the tests and the benchmark (helpers, no tests here).

Each node gets its own home (keys, config, database) and its own copy of one
shared folder. Addresses are static (`tcp://127.0.0.1:PORT`); global and local
discovery, relays, NAT traversal, usage reporting, crash reporting and upgrades
are off, so nothing leaves the machine. Folders are watched (changes are
picked up within a second) and rescanned every `RESCAN_S` seconds. Only the
processes started here are ever stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from debian import debian_program

FOLDER_ID = "taskboard"
RESCAN_S = 2
WATCH_DELAY_S = 1


@dataclass
class Node:
    """One Syncthing instance."""

    name: str
    home: Path
    folder: Path
    listen_port: int
    gui_port: int
    api_key: str
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    def get(self, path: str) -> Any:
        """GET a REST endpoint (with the API key) and decode its JSON."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", headers={"X-API-Key": self.api_key}
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return json.loads(response.read() or b"null")

    def ready(self) -> bool:
        try:
            return bool(self.get("/rest/system/ping").get("ping") == "pong")
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def connected(self) -> set[str]:
        """Device ids this node is connected to now."""
        connections = self.get("/rest/system/connections")["connections"]
        return {device for device, state in connections.items() if state.get("connected")}

    def folder_state(self) -> dict[str, Any]:
        """`/rest/db/status` of the shared folder (state, needFiles, pullErrors …)."""
        status: dict[str, Any] = self.get(f"/rest/db/status?folder={FOLDER_ID}")
        return status


def syncthing_binary() -> str:
    """The `syncthing` program, Debian's package `syncthing` (installed when missing)."""
    return debian_program("syncthing")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _device_id(home: Path) -> str:
    result = subprocess.run(
        [syncthing_binary(), "--home", str(home), "--device-id"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _config(node: Node, nodes: list[Node]) -> str:
    """A config.xml with everything but the loopback addresses switched off."""
    members = "".join(f'<device id="{other.device_id}"></device>' for other in nodes)
    devices = "".join(
        f'<device id="{other.device_id}" name="{escape(other.name)}" compression="metadata">'
        f"<address>tcp://127.0.0.1:{other.listen_port}</address></device>"
        for other in nodes
    )
    return f"""<configuration version="36">
<folder id="{FOLDER_ID}" label="{FOLDER_ID}" path="{escape(str(node.folder))}" type="sendreceive"
 rescanIntervalS="{RESCAN_S}" fsWatcherEnabled="true" fsWatcherDelayS="{WATCH_DELAY_S}">
<filesystemType>basic</filesystemType>{members}
<minDiskFree unit="%">0</minDiskFree></folder>
{devices}
<gui enabled="true" tls="false"><address>127.0.0.1:{node.gui_port}</address>
<apikey>{node.api_key}</apikey></gui>
<options>
<listenAddress>tcp://127.0.0.1:{node.listen_port}</listenAddress>
<globalAnnounceEnabled>false</globalAnnounceEnabled>
<localAnnounceEnabled>false</localAnnounceEnabled>
<relaysEnabled>false</relaysEnabled>
<natEnabled>false</natEnabled>
<urAccepted>-1</urAccepted>
<autoUpgradeIntervalH>0</autoUpgradeIntervalH>
<startBrowser>false</startBrowser>
<crashReportingEnabled>false</crashReportingEnabled>
<reconnectionIntervalS>1</reconnectionIntervalS>
<minHomeDiskFree unit="%">0</minHomeDiskFree>
</options>
</configuration>
"""


def _start(node: Node, log: Path) -> None:
    env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "HOME": str(node.home)}
    with open(log, "wb") as output:
        node.process = subprocess.Popen(  # noqa: S603
            [
                syncthing_binary(),
                "serve",
                "--home",
                str(node.home),
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--logflags=3",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )


def stop(nodes: list[Node]) -> None:
    """Stop the processes these nodes started (and only those), waiting for each."""
    for node in nodes:
        if node.process is not None and node.process.poll() is None:
            node.process.terminate()
    for node in nodes:
        if node.process is None:
            continue
        try:
            node.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait(timeout=10)


def wait_for(test: Any, timeout: float, what: str, every: float = 0.2) -> None:
    """Poll `test()` until it is true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, urllib.error.URLError, ValueError, KeyError):
            if test():
                return
        time.sleep(every)
    raise TimeoutError(f"Syncthing: {what} did not happen within {timeout:.0f} s")


@contextlib.contextmanager
def syncthing_nodes(base: Path, names: list[str]) -> Iterator[list[Node]]:
    """Start one node per name sharing one folder, connected to each other; stop them after."""
    nodes = []
    for name in names:
        home = base / "syncthing" / name
        folder = base / "shared" / name
        folder.mkdir(parents=True)
        (folder / ".stfolder").mkdir()
        nodes.append(Node(name, home, folder, free_port(), free_port(), secrets.token_hex(16)))
    try:
        for node in nodes:
            subprocess.run(
                [syncthing_binary(), "generate", "--home", str(node.home), "--no-default-folder"],
                capture_output=True,
                check=True,
            )
            node.device_id = _device_id(node.home)
        for node in nodes:
            (node.home / "config.xml").write_text(_config(node, nodes))
            _start(node, base / "syncthing" / f"{node.name}.log")
        for node in nodes:
            wait_for(node.ready, 30, f"{node.name} answering on its REST API")
        for node in nodes:
            others = {other.device_id for other in nodes if other is not node}
            wait_for(lambda node=node, others=others: node.connected() >= others, 60,
                     f"{node.name} connecting to the others")  # fmt: skip
        yield nodes
    finally:
        stop(nodes)
