"""The OS keyring, behind a small interface. The only module that imports ``keyring``.

The keyring holds, per archive: the device secret that binds user slots to this workstation, and the
audit-chain anchor. It never holds the data key. Backends that store nothing or store in plain text
count as "no keyring": the archive is then created password-only and says so.
"""

from __future__ import annotations

import base64
from typing import Any

# keyring is imported lazily (about 0.1 s): a password-only archive never needs it, and every
# scheduled `xueji` run starts faster without it.

SERVICE = "xueji-desktop"

INSECURE_BACKENDS = frozenset(
    {
        "keyring.backends.fail.Keyring",
        "keyring.backends.null.Keyring",
        "keyrings.alt.file.PlaintextKeyring",
        "keyrings.alt.file.EncryptedKeyring",  # its password prompt would block a scheduled run
    }
)


class KeystoreUnavailable(Exception):
    pass


def _qualname(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _kr() -> Any:
    import keyring
    import keyring.errors

    return keyring


def backend_name() -> str | None:
    """The usable backend's name, or None when no secure keyring works here."""
    keyring = _kr()
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    name = _qualname(backend)
    if name in INSECURE_BACKENDS:
        return None
    if name == "keyring.backends.chainer.ChainerBackend":
        inner = [
            b for b in getattr(backend, "backends", []) if _qualname(b) not in INSECURE_BACKENDS
        ]
        if not inner:
            return None
    return name


def _user(archive_id: str, item: str) -> str:
    return f"{archive_id}:{item}"


def get_secret(archive_id: str, item: str) -> bytes | None:
    keyring = _kr()
    try:
        value = keyring.get_password(SERVICE, _user(archive_id, item))
    except keyring.errors.KeyringError as exc:
        raise KeystoreUnavailable(type(exc).__name__) from None
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        return None


def set_secret(archive_id: str, item: str, value: bytes) -> None:
    keyring = _kr()
    try:
        keyring.set_password(SERVICE, _user(archive_id, item), base64.b64encode(value).decode())
    except keyring.errors.KeyringError as exc:
        raise KeystoreUnavailable(type(exc).__name__) from None
    if get_secret(archive_id, item) != value:
        raise KeystoreUnavailable("read-back mismatch")


def delete_secret(archive_id: str, item: str) -> None:
    keyring = _kr()
    try:
        keyring.delete_password(SERVICE, _user(archive_id, item))
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise KeystoreUnavailable(type(exc).__name__) from None
