"""The document-signing key (HKDF from the audit key) and the QR payload (issue 5 §4)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.services import document_signing as signing
from xueji_desktop.services import documents
from xueji_desktop.services.archive import Created, login

DIGEST = "ab" * 32
SERIAL = "CJD2026-000001"


def test_key_is_stable_per_archive_and_differs_between_archives(make_archive) -> None:
    a: Created = make_archive("a")
    b: Created = make_archive("b")
    fa = documents.key_fingerprint(a.session)
    assert fa == documents.key_fingerprint(a.session)
    assert fa != documents.key_fingerprint(b.session)
    # 16 bytes, hex in 8 groups of 4
    groups = fa.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    root = a.session.archive.layout.root
    a.session.close()
    again = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        assert documents.key_fingerprint(again) == fa  # derived, not stored: same after reopen
    finally:
        again.close()


def test_signature_round_trip_and_tampering() -> None:
    key = signing.signing_key(os.urandom(32), "archive-1")
    pub = signing.public_key_bytes(key)
    sig = signing.sign(key, "archive-1", SERIAL, "transcript", DIGEST)
    assert len(sig) == signing.SIGNATURE_LEN
    assert signing.signature_valid(pub, "archive-1", SERIAL, "transcript", DIGEST, sig)
    assert not signing.signature_valid(pub, "archive-2", SERIAL, "transcript", DIGEST, sig)
    assert not signing.signature_valid(
        pub, "archive-1", "CJD2026-000002", "transcript", DIGEST, sig
    )
    assert not signing.signature_valid(pub, "archive-1", SERIAL, "roster", DIGEST, sig)
    assert not signing.signature_valid(pub, "archive-1", SERIAL, "transcript", "cd" * 32, sig)
    flipped = ("B" if sig[0] == "A" else "A") + sig[1:]
    assert not signing.signature_valid(pub, "archive-1", SERIAL, "transcript", DIGEST, flipped)
    other = signing.public_key_bytes(signing.signing_key(os.urandom(32), "archive-1"))
    assert not signing.signature_valid(other, "archive-1", SERIAL, "transcript", DIGEST, sig)
    for junk in ("", "A" * 103, "1" * 103, sig[:-1], sig + "A"):
        assert not signing.signature_valid(pub, "archive-1", SERIAL, "transcript", DIGEST, junk)


def test_qr_text_uses_only_qr_alphanumeric_characters() -> None:
    key = signing.signing_key(os.urandom(32), "x")
    sig = signing.sign(key, "x", SERIAL, "transcript", DIGEST)
    text = signing.qr_text(SERIAL, DIGEST, sig)
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert text.startswith("XJ1:CJD2026-000001:ABABABABABABABAB:")
    assert signing.parse_verification_text(text) == signing.Payload(SERIAL, "AB" * 8, sig)


@pytest.mark.parametrize(
    "typed",
    [
        "CJD2026-000001",
        " cjd2026-000001 ",
        "ＣＪＤ２０２６－０００００１",
        "CJD 2026-000 001",
        "编号：CJD2026-000001",
    ],
)
def test_serial_typed_tolerantly(typed: str) -> None:
    assert signing.parse_verification_text(typed) == signing.Payload(SERIAL)


def test_full_width_colon_and_case_in_qr_text() -> None:
    key = signing.signing_key(os.urandom(32), "x")
    sig = signing.sign(key, "x", SERIAL, "transcript", DIGEST)
    text = signing.qr_text(SERIAL, DIGEST, sig).lower().replace(":", "：")
    assert signing.parse_verification_text(text) == signing.Payload(SERIAL, "AB" * 8, sig)


@pytest.mark.parametrize(
    "junk",
    ["", " ", "X" * 10_000, "\x00\xff\ud800", "XJ1:", "XJ1:CJD2026-000001:ZZ:AA",
     "XJ2:CJD2026-000001:" + "A" * 16 + ":" + "A" * 103, "CJD2026-1", "DROP TABLE students"],
)  # fmt: skip
def test_garbage_is_no_payload(junk: str) -> None:
    assert signing.parse_verification_text(junk) is None
