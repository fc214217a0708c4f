"""Signed session cookies: who is signed in, their CSRF token and language.

The cookie holds a small JSON object, base64url-encoded, and an HMAC-SHA256
of it under the key kept in the access file; a cookie changed on the phone
fails the check and counts as no session. It says nothing secret (a
volunteer's id, the epoch of the link they used), so it is signed, not
encrypted. The server sets it HttpOnly and SameSite=Strict (see `server`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

MAX_AGE_S = 30 * 24 * 3600
"""A session lasts a month; the volunteer's link signs them in again."""

Session = dict[str, Any]


def new_session() -> Session:
    """A session with no one signed in yet, but with its CSRF token (sign-in forms need it)."""
    return {"csrf": secrets.token_urlsafe(24), "issued": int(time.time())}


def encode(session: Session, key: bytes) -> str:
    """The cookie value for `session`."""
    body = base64.urlsafe_b64encode(json.dumps(session, sort_keys=True).encode()).decode()
    return f"{body}.{_sign(body, key)}"


def decode(value: str | None, key: bytes, *, now: float | None = None) -> Session | None:
    """The session in a cookie value, or None when it is missing, forged or too old."""
    if not value or "." not in value:
        return None
    body, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(body, key)):
        return None
    try:
        session = json.loads(base64.urlsafe_b64decode(body.encode()))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(session, dict) or not isinstance(session.get("csrf"), str):
        return None
    moment = time.time() if now is None else now
    if moment - float(session.get("issued", 0)) > MAX_AGE_S:
        return None
    return session


def _sign(body: str, key: bytes) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
