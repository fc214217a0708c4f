"""Ed25519 signing keys and DSSE envelopes around bundles.

Each site has its own key, kept beside the data file (`board.json.signing-key`,
owner-only, never exported). An export is signed once a key exists: the
envelope is `{"payloadType", "payload": base64(bundle bytes), "signatures":
[{"keyid": site, "sig": base64}]}` and the signature covers
PAE(payloadType, payload), as DSSE specifies, so the payload type cannot be
swapped either. Once a site trusts at least one other site's key, every bundle
it merges must carry a valid signature of a trusted site.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from taskboard.i18n import _
from taskboard.model.common import SLUG_PATTERN
from taskboard.model.errors import KEY_REASON
from taskboard.store import Store
from taskboard.store.storage import META_ID, META_TABLE
from taskboard.sync.errors import SignatureError, SigningKeyError, shown, word

PAYLOAD_TYPE = "application/vnd.taskboard.bundle+json"
KEY_PREFIX = "ed25519:"
TRUST_KEY = "trust"
_SITE_ID = re.compile(SLUG_PATTERN)
"""The model's rule for a site id (`Site.id`), for the roster's keys."""


def key_path(db_path: Path) -> Path:
    """Where this data file's private key lives."""
    return db_path.with_name(db_path.name + ".signing-key")


def public_text(key: Ed25519PublicKey) -> str:
    """`ed25519:<base64>`: one line to read out, paste or send."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode()


def fingerprint(text: str) -> str:
    """A short digest of a public key, for comparing by eye or over the phone."""
    digest = hashlib.sha256(parse_public(text).public_bytes_raw()).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def parse_public(text: str) -> Ed25519PublicKey:
    """A public key from `ed25519:<base64>` (the prefix may be left out).

    Thirty-two bytes are not enough: a key that is not a point of the curve in
    its one canonical encoding, or one of the few points of small order (all
    zeros among them), is refused. Signatures "by" a small-order key can be
    made without any private key.
    """
    body = text.strip().removeprefix(KEY_PREFIX)
    try:
        raw = base64.b64decode(body, validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise SigningKeyError(
            _("{key} is not a public key (expected ed25519: and 44 base64 characters)").format(
                key=shown(text)
            )
        ) from None
    problem = weak_key_problem(raw)
    if problem is not None:
        raise SigningKeyError(
            _(
                "{key} cannot be trusted: {problem}; ask the site for the line"
                " `taskboard key show` prints there"
            ).format(key=shown(text), problem=problem)
        )
    return key


_P = 2**255 - 19
"""The prime of Curve25519's field."""
_D = -121665 * pow(121666, -1, _P) % _P
"""The Edwards curve's constant d."""
_Y_ORDER_8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022
"""The y of the points of order 8 (the other two have -y)."""
SMALL_ORDER_Y = frozenset({0, 1, _P - 1, _Y_ORDER_8, _P - _Y_ORDER_8})
"""y of every point whose order divides 8: the identity (1), order 2 (-1), order 4 (0), order 8."""


def weak_key_problem(raw: bytes) -> str | None:
    """Why a 32-byte Ed25519 public key must not be trusted, or None when it is sound.

    The encoding is y (255 bits, little-endian) and the sign of x; y decides
    the small-order points whatever the sign, and a y of p or more is a second
    encoding of a smaller one. x² = (y² - 1) / (d y² + 1) must be a square.
    """
    if raw == bytes(32):
        return _("it is all zeros")
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    if y >= _P:
        return _("it is not in the canonical encoding")
    if y in SMALL_ORDER_Y:
        return _("it is a point of small order (a key anyone can sign for)")
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if pow(x2, (_P - 1) // 2, _P) != 1:
        return _("it is not a point of the curve")
    return None


def init_key(db_path: Path) -> str:
    """Create this site's key with owner-only permissions; returns the public key."""
    path = key_path(db_path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(
            _("{path} already exists: this site has a key (see `taskboard key show`)").format(
                path=path
            )
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):
            path.unlink()
        message = _("could not write {path}: {error}").format(path=path, error=error)
        raise SigningKeyError(message) from None
    return public_text(key.public_key())


def load_key(db_path: Path | None) -> Ed25519PrivateKey | None:
    """This site's private key, or None when `key init` was never run."""
    if db_path is None:
        return None
    path = key_path(db_path)
    try:
        pem = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError:
        raise SigningKeyError(_("{path} is not a signing key").format(path=path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(_("{path} is not an Ed25519 key").format(path=path))
    return key


def trusted_keys(store: Store) -> dict[str, str]:
    """Site → public key of the sites whose bundles this site accepts."""
    roster = store.meta.get(TRUST_KEY)
    return dict(roster) if isinstance(roster, dict) else {}


def trust(store: Store, site: str, public: str) -> str:
    """Add (or replace) a trusted site's key; returns the key in canonical form.

    `site` must be a site id as the model has them; this site's own key comes
    from `key init`, never from the roster.
    """
    if not _SITE_ID.fullmatch(site):
        raise SigningKeyError(
            _("{site} is not a site id: {reason}").format(site=shown(site), reason=_(KEY_REASON))
        )
    if site == store.site:
        raise SigningKeyError(
            _(
                "{site} is this site: its own key is made by `taskboard key init`,"
                " not trusted from elsewhere"
            ).format(site=site)
        )
    text = public_text(parse_public(public))
    with store.transaction():
        roster = {**trusted_keys(store), site: text}
        store.storage.put(META_TABLE, {META_ID: {**store.meta, TRUST_KEY: roster}})
    return text


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE's pre-authentication encoding: what the signature is made over."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def sign(payload: bytes, site: str, key: Ed25519PrivateKey) -> bytes:
    """The envelope carrying `payload`, signed by `site`."""
    signature = key.sign(pae(PAYLOAD_TYPE, payload))
    envelope = {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode(),
        "signatures": [{"keyid": site, "sig": base64.b64encode(signature).decode()}],
    }
    return orjson.dumps(envelope)


def is_envelope(value: Any) -> bool:
    """True for a DSSE envelope rather than a bare bundle."""
    return isinstance(value, dict) and "payloadType" in value and "payload" in value


def open_envelope(envelope: dict[str, Any], source: str) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The payload bytes and the (keyid, signature) pairs of an envelope."""
    if envelope.get("payloadType") != PAYLOAD_TYPE:
        raise SignatureError(
            _("{file}: payload type {kind} is not a taskboard bundle").format(
                file=source, kind=shown(envelope.get("payloadType"))
            )
        )
    signatures = envelope.get("signatures")
    if not isinstance(envelope.get("payload"), str) or not isinstance(signatures, list):
        raise SignatureError(_("{file}: the signed envelope is damaged").format(file=source))
    try:
        payload = base64.b64decode(envelope["payload"], validate=True)
        pairs = [
            (s["keyid"], base64.b64decode(s["sig"], validate=True))
            for s in signatures
            if isinstance(s, dict)
        ]
        if not all(isinstance(keyid, str) for keyid, _sig in pairs):
            raise TypeError("a key id is not text")
    except (binascii.Error, KeyError, TypeError, ValueError):
        raise SignatureError(
            _("{file}: the signed envelope is damaged").format(file=source)
        ) from None
    return payload, pairs


def check_signature(
    payload: bytes,
    signatures: list[tuple[str, bytes]],
    roster: dict[str, str],
    source: str,
) -> str:
    """The trusted site whose valid signature the payload carries; refuses otherwise."""
    if not signatures:
        raise SignatureError(_unsigned(source))
    message = pae(PAYLOAD_TYPE, payload)
    untrusted = []
    for keyid, signature in signatures:
        public = roster.get(keyid)
        if public is None:
            untrusted.append(keyid)
            continue
        try:
            parse_public(public).verify(signature, message)
        except InvalidSignature:
            continue
        return keyid
    if untrusted and len(untrusted) == len(signatures):
        raise SignatureError(
            _(
                "{file} is signed by {site}, which is not trusted here; nothing was merged"
                " (compare its key, then `taskboard key trust {site} KEY`)"
            ).format(file=source, site=", ".join(word(keyid) for keyid in untrusted[:3]))
        )
    raise SignatureError(
        _(
            "{file}: the signature does not match the content (changed after signing,"
            " or signed with another key); nothing was merged"
        ).format(file=source)
    )


def _unsigned(source: str) -> str:
    return _(
        "{file} is not signed, and this site accepts only bundles signed by a trusted site;"
        " nothing was merged"
    ).format(file=source)


def require_signature(source: str) -> SignatureError:
    """The error for an unsigned bundle where signatures are required."""
    return SignatureError(_unsigned(source))
