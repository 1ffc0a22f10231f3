"""The key that signs this archive's student record packages, and package passphrases.

Signing key: the archive's own Ed25519 key, the one that signs its printed documents
(``document_signing.signing_key``: seed = HKDF-SHA256(audit key, ``xueji-document-signing-v1|
<archive_id>``)), so the fingerprint a package shows is the one printed on the sending school's
成绩单 and 学籍卡. The signed bytes are domain-separated (``transfer_format.SIGNED_PREFIX``). It
needs no storage, no migration and no rotation: the audit key is in every key slot, survives a
rekey, and comes back with a restore. Its public half travels in
each package's header; the receiver compares the fingerprint the import shows with the one the
sending school tells them (``signer_fingerprint``) by another channel.

Passphrase: the receiver gets it separately. At least 12 characters; ``suggest_passphrase`` makes
six groups of four from an alphabet without look-alikes (about 113 bits).
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import document_signing
from xueji_desktop.services.context import ArchiveHandle, Session

MIN_PASSPHRASE = 12
MAX_PASSPHRASE = 200
# No 0/O, 1/l/I, 5/S, 2/Z, 8/B: read aloud or copied by hand without mistakes.
ALPHABET = "abcdefghjkmnpqrtuvwxy34679"


def signing_key(handle: ArchiveHandle) -> Ed25519PrivateKey:
    """The archive's one signing key, the same that signs its printed documents."""
    return document_signing.signing_key(handle.keys.audit_key, handle.archive_id)


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: bytes) -> str:
    """``3F2A 9C01 …``: 16 bytes of SHA-256 of the raw public key in groups of four hex digits."""
    return document_signing.fingerprint(public_key)


def signer_fingerprint(session: Session) -> str:
    """The fingerprint of this archive's package key, for the sender to tell the receiver."""
    session.require(Permission.READ_RECORDS)
    return fingerprint(public_key_bytes(signing_key(session.archive)))


def suggest_passphrase() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(6))


def check_passphrase(passphrase: object) -> str:
    """The passphrase without surrounding spaces (the import strips them too: a passphrase is
    read out on the phone or pasted from a chat), or RecordInvalid (too short, too long)."""
    if not isinstance(passphrase, str):
        raise RecordInvalid(problems=[Problem("passphrase", "invalid_type",
                                              params={"expected": "text"})],
                            reason="transfer_export")  # fmt: skip
    passphrase = passphrase.strip()
    if len(passphrase) < MIN_PASSPHRASE:
        raise RecordInvalid(problems=[Problem("passphrase", "transfer_passphrase_short",
                                              params={"min": str(MIN_PASSPHRASE)})],
                            reason="transfer_export")  # fmt: skip
    if len(passphrase) > MAX_PASSPHRASE:
        raise RecordInvalid(problems=[Problem("passphrase", "transfer_passphrase_long",
                                              params={"max": str(MAX_PASSPHRASE)})],
                            reason="transfer_export")  # fmt: skip
    return passphrase
