"""Errors sync raises; each is one line that names the file, record and field at fault."""

from __future__ import annotations

from taskboard.store.errors import StoreError


class BundleError(StoreError):
    """A bundle cannot be merged as it is; nothing was changed."""


class BundleTooNew(BundleError):
    """The bundle was written by a newer taskboard."""


class SignatureError(BundleError):
    """The bundle is unsigned, tampered with, or signed by a site not trusted here."""


class SigningKeyError(StoreError):
    """The signing key or the roster of trusted keys cannot be used as asked."""
