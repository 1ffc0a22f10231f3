"""The archive's document-signing key and the QR payload of a printed document.

Key: Ed25519 with seed = HKDF-SHA256(audit key, info ``xueji-document-signing-v1|<archive_id>``).
The audit key exists from the archive's creation, travels inside every key slot (so backups and a
recovery carry it) and is untouched by a database rekey (which replaces only the data key): the
signing key therefore needs no storage, no migration and no rotation of its own. Its public half
is printed on every signed document as a fingerprint (first 16 bytes of SHA-256 of the raw public
key, hex in groups of four).

QR text (only characters of the QR alphanumeric mode, so the code stays small):
``XJ1:<serial>:<first 16 hex of the content digest>:<signature, Base32 without padding>``.
The signature covers ``xueji-document-v1|archive_id|serial|kind|<full content digest>``; the
register keeps the full digest, so a reader with the archive checks everything and a QR code
from another archive (same serial, other key) fails. docs/design/document-register.md.

Nothing here takes a session: callers are the document services after their own role check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

QR_PREFIX = "XJ1"
DIGEST_PREFIX_LEN = 16  # hex characters of the content digest in the QR code (64 bits)
SIGNATURE_LEN = 103  # Base32 characters of a 64-byte signature without "=" padding
MAX_INPUT = 1000  # characters looked at by parse_verification_text; a real QR text has < 160

# <2-4 uppercase letters><year>-<6 digits>, e.g. CJD2026-000123
SERIAL_RE = re.compile(r"^[A-Z]{2,4}[0-9]{4}-[0-9]{6}$")
_B32_RE = re.compile(r"^[A-Z2-7]+$")
_HEX_RE = re.compile(r"^[0-9A-F]+$")


def signing_key(audit_key: bytes, archive_id: str) -> Ed25519PrivateKey:
    seed = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"xueji-document-signing-v1|{archive_id}".encode(),
    ).derive(audit_key)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    """``3F2A 9C01 …``: 16 bytes of SHA-256 of the raw public key, uppercase hex in groups of 4."""
    text = hashlib.sha256(public_raw).hexdigest()[:32].upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _message(archive_id: str, serial: str, kind: str, digest: str) -> bytes:
    return f"xueji-document-v1|{archive_id}|{serial}|{kind}|{digest}".encode()


def sign(key: Ed25519PrivateKey, archive_id: str, serial: str, kind: str, digest: str) -> str:
    """The signature as uppercase Base32 without padding (QR alphanumeric mode)."""
    raw = key.sign(_message(archive_id, serial, kind, digest))
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def signature_valid(
    public_raw: bytes, archive_id: str, serial: str, kind: str, digest: str, signature: str
) -> bool:
    if len(signature) != SIGNATURE_LEN or not _B32_RE.match(signature):
        return False
    try:
        raw = base64.b32decode(signature + "=" * (-len(signature) % 8))
    except (binascii.Error, ValueError):
        return False
    # Only the one canonical spelling: the last Base32 character carries 3 unused bits, and a
    # payload that differs from the printed one must not verify, even where it decodes the same.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            raw, _message(archive_id, serial, kind, digest)
        )
    except InvalidSignature:
        return False
    return True


def qr_text(serial: str, digest: str, signature: str) -> str:
    return f"{QR_PREFIX}:{serial}:{digest[:DIGEST_PREFIX_LEN].upper()}:{signature}"


@dataclass(frozen=True, slots=True)
class Payload:
    """What a verifier typed or scanned: a serial alone, or the whole QR text."""

    serial: str
    digest_prefix: str = ""  # uppercase hex; "" for a serial alone
    signature: str = ""


def normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC: "：" -> ":", "Ｘ" -> "X"), every space removed, upper case.
    A clerk may type what is printed, with spaces and a Chinese input method still on."""
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT])
    return "".join(ch for ch in text if not ch.isspace()).upper()


def parse_verification_text(text: str) -> Payload | None:
    """A serial or a QR text -> its parts; None when it is neither (garbage, another format).

    Never raises on any ``str``: the input comes from a scanner or a keyboard.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    norm = normalise(text)
    for label in ("编号:", "NO.", "NO:"):  # copied with the label printed before the serial
        norm = norm.removeprefix(label)
    if SERIAL_RE.match(norm):
        return Payload(norm)
    parts = norm.split(":")
    if len(parts) != 4 or parts[0] != QR_PREFIX:
        return None
    _, serial, prefix, signature = parts
    if not SERIAL_RE.match(serial):
        return None
    if len(prefix) != DIGEST_PREFIX_LEN or not _HEX_RE.match(prefix):
        return None
    if len(signature) != SIGNATURE_LEN or not _B32_RE.match(signature):
        return None
    return Payload(serial, prefix, signature)
