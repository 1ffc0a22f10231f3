"""Key slots: the archive's key bundle wrapped under each user's password and the recovery code.

File ``keyslots.json`` beside the database (format in docs/design/key-hierarchy.md). Each slot holds
the key bundle (data key, audit key, blob key; 96 bytes) sealed with AES-256-GCM under a key
encryption key (KEK):

  user slot      KEK = HKDF(Argon2id(password, salt) [|| device secret], info="xueji-user-kek-v1")
  recovery slot  KEK = HKDF(Argon2id(recovery code, salt), info="xueji-recovery-kek-v1")

The associated data binds a slot to its archive, id, kind and user, so slots cannot be swapped.
A slot that fails to open is indistinguishable from a wrong secret: that is the point of AEAD.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from xueji_desktop.core.errors import ArchiveTooNew, KeyFileDamaged
from xueji_desktop.storage.files import atomic_write
from xueji_desktop.storage.kdf import KdfParams, derive

FORMAT = "xueji-keyslots"
VERSION = 1
BUNDLE_MAGIC = b"XKB1"


@dataclass(frozen=True)
class KeyBundle:
    data_key: bytes  # SQLCipher raw key
    audit_key: bytes  # HMAC key of the audit chain
    blob_key: bytes  # encrypts scans and photos

    @classmethod
    def generate(cls) -> KeyBundle:
        return cls(os.urandom(32), os.urandom(32), os.urandom(32))

    def pack(self) -> bytes:
        return BUNDLE_MAGIC + self.data_key + self.audit_key + self.blob_key

    @classmethod
    def unpack(cls, raw: bytes) -> KeyBundle:
        if len(raw) != 4 + 96 or not raw.startswith(BUNDLE_MAGIC):
            raise KeyFileDamaged(reason="bundle")
        return cls(raw[4:36], raw[36:68], raw[68:100])


@dataclass(frozen=True)
class KeySlot:
    slot_id: str
    kind: str  # "user" | "recovery"
    user: str  # "" for the recovery slot
    kdf: KdfParams
    salt: bytes
    device_bound: bool
    device_id: str  # which device secret the slot was sealed with ("" when not bound)
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.slot_id,
            "kind": self.kind,
            "user": self.user,
            "kdf": {**self.kdf.to_json(), "salt": _b64(self.salt)},
            "device_bound": self.device_bound,
            "device_id": self.device_id,
            "nonce": _b64(self.nonce),
            "ct": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, d: dict[str, object]) -> KeySlot:
        kdf = d["kdf"]
        if not isinstance(kdf, dict):
            raise ValueError("kdf")
        kind = str(d["kind"])
        if kind not in ("user", "recovery"):
            raise ValueError("kind")
        return cls(
            slot_id=str(d["id"]),
            kind=kind,
            user=str(d["user"]),
            kdf=KdfParams.from_json(kdf),
            salt=_unb64(kdf["salt"]),
            device_bound=bool(d["device_bound"]),
            device_id=str(d.get("device_id", "")),
            nonce=_unb64(d["nonce"]),
            ciphertext=_unb64(d["ct"]),
        )


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(v: object) -> bytes:
    if not isinstance(v, str):
        raise ValueError("not base64 text")
    return base64.b64decode(v, validate=True)


def _aad(archive_id: str, slot: KeySlot) -> bytes:
    bound = "1" if slot.device_bound else "0"
    parts = ("xueji-slot-v1", archive_id, slot.slot_id, slot.kind, slot.user, bound, slot.device_id)
    return "|".join(parts).encode()


def device_id(device_secret: bytes) -> str:
    """A short public fingerprint of a device secret, to tell "another workstation" from "wrong"."""
    return hmac.new(device_secret, b"xueji-device-id", hashlib.sha256).hexdigest()[:16]


def _kek(
    secret: bytes, salt: bytes, params: KdfParams, kind: str, device_secret: bytes | None
) -> bytes:
    stretched = derive(secret, salt, params)
    ikm = stretched + (device_secret or b"")
    info = b"xueji-user-kek-v1" if kind == "user" else b"xueji-recovery-kek-v1"
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def seal(
    archive_id: str,
    bundle: KeyBundle,
    *,
    kind: str,
    user: str,
    secret: bytes,
    params: KdfParams,
    device_secret: bytes | None,
) -> KeySlot:
    prefix = "u" if kind == "user" else "r"
    slot = KeySlot(
        slot_id=f"{prefix}-{secrets.token_hex(8)}",
        kind=kind,
        user=user,
        kdf=params,
        salt=os.urandom(16),
        device_bound=device_secret is not None,
        device_id=device_id(device_secret) if device_secret is not None else "",
        nonce=os.urandom(12),
        ciphertext=b"",
    )
    kek = _kek(secret, slot.salt, params, kind, device_secret)
    ct = AESGCM(kek).encrypt(slot.nonce, bundle.pack(), _aad(archive_id, slot))
    return replace(slot, ciphertext=ct)


def open_slot(
    archive_id: str, slot: KeySlot, secret: bytes, device_secret: bytes | None
) -> KeyBundle | None:
    """Return the bundle, or None when the secret (or device secret) is wrong."""
    kek = _kek(secret, slot.salt, slot.kdf, slot.kind, device_secret if slot.device_bound else None)
    try:
        raw = AESGCM(kek).decrypt(slot.nonce, slot.ciphertext, _aad(archive_id, slot))
    except InvalidTag:
        return None
    return KeyBundle.unpack(raw)


def burn_kdf(secret: bytes, params: KdfParams) -> None:
    """Spend the same time as a real slot attempt (unknown users must not answer faster)."""
    derive(secret, b"\0" * 16, params)


@dataclass(frozen=True)
class SlotFile:
    archive_id: str
    slots: tuple[KeySlot, ...]

    def for_user(self, user: str) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == "user" and s.user == user]

    def recovery(self) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == "recovery"]

    def users(self) -> set[str]:
        return {s.user for s in self.slots if s.kind == "user"}

    def with_slot(self, slot: KeySlot) -> SlotFile:
        return replace(self, slots=(*self.slots, slot))

    def without(self, keep: set[str] | None = None, drop: set[str] | None = None) -> SlotFile:
        kept = tuple(
            s
            for s in self.slots
            if (keep is None or s.slot_id in keep) and (drop is None or s.slot_id not in drop)
        )
        return replace(self, slots=kept)


def load(path: Path) -> SlotFile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileDamaged(reason="missing") from None
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("format")
        version = data.get("version")
        if type(version) is int and version > VERSION:
            # A newer program's slots (docs/design/upgrades.md): refused as such, never damage.
            raise ArchiveTooNew(reason="key_file", found_version=version, supported_version=VERSION)
        if type(version) is not int or version != VERSION:
            raise ValueError("version")
        slots = tuple(KeySlot.from_json(s) for s in data["slots"])
        return SlotFile(archive_id=str(data["archive_id"]), slots=slots)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError, RecursionError):
        raise KeyFileDamaged(reason="unreadable") from None


def save(path: Path, slot_file: SlotFile) -> None:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "archive_id": slot_file.archive_id,
        "slots": [s.to_json() for s in slot_file.slots],
    }
    atomic_write(path, json.dumps(doc, indent=1, ensure_ascii=True).encode("ascii") + b"\n")
