"""Who may open the phone page: personal links and sign-in codes, kept as hashes.

They live in a file of their own beside the data file (`DATA.web-access`,
readable by its owner only), the way the site's signing key does, and never
in the data file's tables: links and codes open *this laptop's* server, and
the tables travel to other sites in bundles, shared folders and backups.
A link leaked through a bundle would open the page of someone at another
office; a link revived by `backup restore` would undo a `--rotate`.

- A **link** carries `secrets.token_urlsafe(32)` (256 random bits). Only its
  SHA-256 is stored: with that much randomness a fast hash cannot be reversed
  by guessing, and a lookup by hash costs nothing per request. Because only
  the hash is kept, a link is shown once, when it is made; `--rotate` makes a
  new one and the old stops working (and so do sessions opened with it).
- A **code** is six digits the coordinator reads out or texts. Six digits are
  few enough to try all offline, so a code is kept as a salted scrypt hash,
  expires after `CODE_TTL_S`, works once, and wrong guesses are rate-limited
  by the server.
- The **session key** signs the session cookie; it is made on first use and
  kept here too, so sessions survive a restart of the server.

Every change is written whole and atomically under a lock file, so `volunteer
link` may run while the server reads. The phone page (`taskboard.web`) checks
links and codes with this; the CLI and the board's roster make them (a link is
made by a coordinator, so it lives with the other actions, below the board,
which never imports the web server). Each link keeps when it was made, for
the roster to show.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock

from taskboard.i18n import _
from taskboard.settings import check_pin
from taskboard.store.errors import StoreError
from taskboard.store.outputs import WEB_ACCESS

CODE_DIGITS = 6
CODE_TTL_S = 24 * 3600
"""A code handed out today works until the same time tomorrow."""
CODE_SCRYPT = (2**14, 8, 1)
TOKEN_BYTES = 32
DEFAULT_ADDRESS = "http://127.0.0.1:8765"
"""Where `taskboard serve` listens unless told otherwise (links made before it ever ran)."""

Data = dict[str, Any]


class AccessError(StoreError):
    """The access file cannot be read or changed; said in one line."""


def access_path(db_path: Path) -> Path:
    """Where the access file of the data file `db_path` lives."""
    return db_path.with_name(db_path.name + WEB_ACCESS)


def token_hash(token: str) -> str:
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_code(code: str) -> str:
    """`scrypt$N$r$p$salt$hash` of a sign-in code (checked with `settings.check_pin`)."""
    n, r, p = CODE_SCRYPT
    salt = os.urandom(16)
    digest = hashlib.scrypt(code.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=2**26)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


class Access:
    """The access file of one data file: links, codes, the session key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = FileLock(str(path) + ".lock")

    @classmethod
    def beside(cls, db_path: Path) -> Access:
        """The access file kept beside `db_path`."""
        return cls(access_path(db_path))

    # Reading and writing -----------------------------------------------------
    def read(self) -> Data:
        """The file's content (empty when there is none yet)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise AccessError(f"cannot read {self.path}: {error.strerror or error}") from None
        try:
            data = json.loads(raw)
        except ValueError:
            raise AccessError(f"{self.path} is damaged: remove it and make new links") from None
        if not isinstance(data, dict):
            raise AccessError(f"{self.path} is damaged: remove it and make new links")
        return data

    @contextlib.contextmanager
    def changing(self) -> Iterator[Data]:
        """Read, let the caller change, and write back atomically, under the lock."""
        with self._lock:
            data = self.read()
            yield data
            self._write(data)

    def _write(self, data: Data) -> None:
        payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as error:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise AccessError(f"could not save {self.path}: {error.strerror or error}") from None

    # Links -------------------------------------------------------------------
    def new_link(self, volunteer: str, *, rotate: bool = False) -> str:
        """A new personal link token for `volunteer` (its hash is stored, it is not).

        Without `rotate` a volunteer who has a link keeps it: it cannot be shown
        again, and replacing it silently would cut off the phone that has it."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        moment = time.time()
        with self.changing() as data:
            links: dict[str, Any] = data.setdefault("links", {})
            old = links.get(volunteer)
            if old is not None and not rotate:
                raise AccessError(
                    _(
                        "this volunteer already has a link; only its hash is kept, so it "
                        "cannot be shown again: --rotate makes a new one (the old one stops "
                        "working)"
                    )
                )
            epoch = int(old["epoch"]) + 1 if old else 1
            links[volunteer] = {"hash": token_hash(token), "epoch": epoch, "issued": moment}
        return token

    def issued(self, volunteer: str) -> float | None:
        """When the volunteer's current link was made (seconds since the epoch; 0.0 for
        a link made before that was kept), or None when they have no link."""
        link = self.read().get("links", {}).get(volunteer)
        return float(link.get("issued", 0.0)) if link else None

    def url(self, token: str, given: str | None = None) -> str:
        """The personal link of `token`: on `given`, else where the server last ran."""
        base = (given or self.address() or DEFAULT_ADDRESS).rstrip("/")
        return f"{base}/v/{token}"

    def volunteer_of(self, token: str) -> tuple[str, int] | None:
        """(volunteer id, link epoch) of a link token, or None for any other text."""
        wanted = token_hash(token)
        for volunteer, link in self.read().get("links", {}).items():
            if hmac.compare_digest(str(link.get("hash", "")), wanted):
                return volunteer, int(link["epoch"])
        return None

    def epoch(self, volunteer: str, data: Data | None = None) -> int:
        """How many times the volunteer's link was made: a session of an older one is void."""
        link = (data if data is not None else self.read()).get("links", {}).get(volunteer)
        return int(link["epoch"]) if link else 0

    # Codes -------------------------------------------------------------------
    def new_code(self, volunteer: str, *, now: float | None = None) -> str:
        """A fresh six-digit sign-in code for `volunteer`; any earlier one stops working."""
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        moment = time.time() if now is None else now
        with self.changing() as data:
            data.setdefault("codes", {})[volunteer] = {
                "hash": hash_code(code),
                "expires": moment + CODE_TTL_S,
            }
        return code

    def use_code(self, volunteer: str, code: str, *, now: float | None = None) -> bool:
        """Whether `code` is the volunteer's current code; a right one is used up.

        Checked and removed under the lock, so two phones sending the same code
        at once cannot both sign in with it."""
        moment = time.time() if now is None else now
        with self._lock:
            data = self.read()
            entry = data.get("codes", {}).get(volunteer)
            if not entry or float(entry.get("expires", 0)) < moment:
                return False
            if not check_pin(code, str(entry.get("hash", ""))):
                return False
            data["codes"].pop(volunteer)
            self._write(data)
        return True

    # Sessions ----------------------------------------------------------------
    def session_key(self) -> bytes:
        """The key that signs session cookies (made on first use)."""
        key = self.read().get("session_key")
        if key:
            return bytes.fromhex(str(key))
        with self.changing() as data:
            key = data.setdefault("session_key", secrets.token_hex(32))
        return bytes.fromhex(str(key))

    def remember_address(self, url: str) -> None:
        """The address the server was last started on, for the links `volunteer link` prints."""
        with self.changing() as data:
            data["address"] = url

    def address(self) -> str | None:
        """The address the server was last started on, if any."""
        found = self.read().get("address")
        return str(found) if found else None
