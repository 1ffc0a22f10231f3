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


def _qualname_of(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _kr() -> Any:
    import keyring
    import keyring.backend
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


def current_backend() -> str | None:
    """The backend keyring would use here (its class name), secure or not; None if none loads."""
    keyring = _kr()
    try:
        return _qualname(keyring.get_keyring())
    except Exception:
        return None


# The packages a keyring backend imports only when it is used: present or not, its module loads.
_BACKEND_NEEDS: dict[str, tuple[str, ...]] = {
    "SecretService": ("secretstorage", "jeepney"),
    "Windows": ("win32ctypes",),
    "KWallet": ("dbus",),
    "libsecret": ("gi",),
}
# Backends that are no entry point but a frozen build must carry all the same.
_BUILT_IN = {"fail": "keyring.backends.fail", "null": "keyring.backends.null"}


def backend_report() -> list[dict[str, Any]]:
    """Every keyring backend this installation carries (``xueji about``): its entry-point name,
    module, whether it loads, which of the packages it needs are missing, its priority here (None
    when it cannot run here, with the reason) and whether it is the one in use."""
    import importlib
    import importlib.metadata
    import importlib.util

    keyring = _kr()
    try:
        current = keyring.get_keyring()
        in_use = {_qualname(current)} | {_qualname(b) for b in getattr(current, "backends", [])}
    except Exception:
        in_use = set()
    modules = {
        ep.name: ep.value for ep in importlib.metadata.entry_points(group="keyring.backends")
    }
    modules.update(_BUILT_IN)
    report = []
    for name, module_name in sorted(modules.items()):
        entry: dict[str, Any] = {"name": name, "module": module_name, "loaded": False,
                                 "missing": [], "priority": None, "reason": None,
                                 "in_use": False}  # fmt: skip
        entry["missing"] = [
            p for p in _BACKEND_NEEDS.get(name, ()) if importlib.util.find_spec(p) is None
        ]
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            entry["reason"] = f"{type(exc).__name__}: {exc}"
            report.append(entry)
            continue
        entry["loaded"] = True
        base = keyring.backend.KeyringBackend
        classes: list[Any] = [
            c for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, base) and c.__module__ == module.__name__
        ]  # fmt: skip
        for cls in classes or [None]:
            row = dict(entry)
            if cls is None:
                row["reason"] = "no backend class"
                report.append(row)
                continue
            row["class"] = _qualname_of(cls)
            row["in_use"] = row["class"] in in_use
            try:
                row["priority"] = float(cls.priority)
            except Exception as exc:  # not viable here (no D-Bus session, other platform, ...)
                row["reason"] = f"{type(exc).__name__}: {exc}"
            report.append(row)
    return report
