"""The ``.xjpkg`` file format on its own: written, read back, and every kind of damage refused."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from xueji_desktop.core.errors import PackageUnreadable, WrongPassphrase
from xueji_desktop.storage.kdf import FAST_FOR_TESTS, PRODUCTION
from xueji_desktop.storage.transfer_format import (
    FORMAT,
    HEADER_SIZE,
    SIGNED_PREFIX,
    VERSION,
    PackageReader,
    PackageWriter,
)

PASS = "correct-horse-battery"
SMALL = 4096  # bytes per chunk: a package of several chunks
MEMBERS = {
    "students/1/record.json": json.dumps({"student": {"name": "张三"}}).encode(),
    "students/1/attachments/1.pdf": b"%PDF-1.4 " + os.urandom(3 * SMALL),
    "students/1/photo.png": b"\x89PNG\r\n\x1a\n" + os.urandom(500),
}


def _pub(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def build(
    members: dict[str, bytes] = MEMBERS,
    *,
    key: Ed25519PrivateKey | None = None,
    header_key: bytes | None = None,
    manifest_edit: Callable[[dict[str, Any]], None] | None = None,
    passphrase: str = PASS,
    chunk: int = SMALL,
) -> bytes:
    key = key or Ed25519PrivateKey.generate()
    out = io.BytesIO()
    writer = PackageWriter(out, passphrase, header_key or _pub(key), FAST_FOR_TESTS, chunk)
    for path, data in members.items():
        writer.add(path, data)
    manifest = {"format": FORMAT, "version": VERSION, "package_id": "p1"}

    def sign(raw: bytes) -> bytes:
        if manifest_edit is None:
            return key.sign(raw)
        doc = json.loads(raw.removeprefix(SIGNED_PREFIX))
        manifest_edit(doc)
        return key.sign(SIGNED_PREFIX + json.dumps(doc).encode())

    writer.finish(manifest, sign)
    return out.getvalue()


def read(data: bytes, passphrase: str = PASS) -> dict[str, bytes]:
    reader = PackageReader(io.BytesIO(data), passphrase, len(data))  # type: ignore[arg-type]
    opened = reader.verify()
    return {p: reader.read(p, opened.members) for p in opened.members}


def test_round_trip_and_no_plaintext() -> None:
    data = build()
    assert data[:4] == b"XJPK"
    assert read(data) == MEMBERS
    for plain in (b"record.json", "张三".encode(), MEMBERS["students/1/photo.png"][8:40]):
        assert plain not in data
    assert len(data) > 3 * SMALL  # several chunks


def test_header_carries_the_kdf_parameters_used() -> None:
    # The product passes storage.kdf.PRODUCTION (transfer_export default); tests pass theirs.
    data = build()
    assert int.from_bytes(data[9:13], "big") == FAST_FOR_TESTS.memory_kib
    assert PRODUCTION.memory_kib >= 19 * 1024


def test_wrong_passphrase() -> None:
    with pytest.raises(WrongPassphrase):
        read(build(), "another-passphrase")


@pytest.mark.parametrize("offset", range(HEADER_SIZE))
def test_any_header_byte_flipped_is_refused(offset: int) -> None:
    data = bytearray(build())
    data[offset] ^= 0x01
    with pytest.raises(PackageUnreadable) as exc:
        read(bytes(data))
    expected = {0: "not_a_package", 1: "not_a_package", 2: "not_a_package", 3: "not_a_package"}
    assert exc.value.fields["reason"] == expected.get(
        offset, "unsupported_version" if offset == 4 else "tampered"
    )


def _chunks(data: bytes) -> list[bytes]:
    body = data[HEADER_SIZE:]
    step = SMALL + 16
    return [body[i : i + step] for i in range(0, len(body), step)]


def _damaged() -> dict[str, Callable[[bytes], bytes]]:
    def flip(at: int) -> Callable[[bytes], bytes]:
        def f(d: bytes) -> bytes:
            b = bytearray(d)
            b[at if at >= 0 else len(b) + at] ^= 0x80
            return bytes(b)

        return f

    def swap(d: bytes) -> bytes:
        c = _chunks(d)
        return d[:HEADER_SIZE] + c[1] + c[0] + b"".join(c[2:])

    def drop(d: bytes) -> bytes:
        c = _chunks(d)
        return d[:HEADER_SIZE] + c[0] + b"".join(c[2:])

    def drop_last(d: bytes) -> bytes:
        return d[:HEADER_SIZE] + b"".join(_chunks(d)[:-1])

    return {
        "first_chunk_byte": flip(HEADER_SIZE + 10),
        "middle_chunk_byte": flip(HEADER_SIZE + SMALL + 100),
        "last_byte": flip(-1),
        "truncated_mid_chunk": lambda d: d[:-100],
        "truncated_at_boundary": drop_last,
        "truncated_in_header": lambda d: d[: HEADER_SIZE - 5],
        "only_header": lambda d: d[:HEADER_SIZE],
        "appended_bytes": lambda d: d + b"\x00" * 40,
        "appended_chunk": lambda d: d + _chunks(d)[0],
        "swapped_chunks": swap,
        "dropped_chunk": drop,
    }


@pytest.mark.parametrize("name", list(_damaged()))
def test_damaged_body_is_refused(name: str) -> None:
    data = _damaged()[name](build())
    with pytest.raises(PackageUnreadable) as exc:
        read(data)
    # A copy cut short says so ("incomplete, ask again"); a changed or added byte is tampering.
    expected = "truncated" if name.startswith(("truncated", "only_header")) else "tampered"
    assert exc.value.fields["reason"] == expected


@pytest.mark.parametrize("keep", [HEADER_SIZE + 17, 3000, -30])
def test_a_one_chunk_package_cut_short_inside_its_chunk_is_truncated(keep: int) -> None:
    data = build(chunk=1 << 20)  # the whole package is one (final) chunk
    with pytest.raises(PackageUnreadable) as exc:
        read(data[:keep])
    assert exc.value.fields["reason"] == "truncated"
    with pytest.raises(PackageUnreadable) as exc:  # the same chunk with a byte changed
        at = HEADER_SIZE + 50
        read(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    assert exc.value.fields["reason"] == "tampered"


def test_manifest_changed_and_signed_with_another_key_is_refused() -> None:
    sender = Ed25519PrivateKey.generate()

    def more_members(doc: dict[str, Any]) -> None:
        doc["package_id"] = "p2"

    data = build(key=Ed25519PrivateKey.generate(), header_key=_pub(sender),
                 manifest_edit=more_members)  # fmt: skip
    with pytest.raises(PackageUnreadable, match="tampered"):
        read(data)


def test_signature_by_another_key_than_the_header_names_is_refused() -> None:
    data = build(key=Ed25519PrivateKey.generate(), header_key=_pub(Ed25519PrivateKey.generate()))
    with pytest.raises(PackageUnreadable, match="tampered"):
        read(data)


def _rezip(data: bytes, edit: Callable[[dict[str, bytes]], None]) -> bytes:
    """Re-encrypt the package after changing its ZIP (someone who knows the passphrase)."""
    reader = PackageReader(io.BytesIO(data), PASS, len(data))  # type: ignore[arg-type]
    opened = reader.verify()
    z = zipfile.ZipFile(io.BufferedReader(reader._reader))  # type: ignore[arg-type]
    members = {n: z.read(n) for n in z.namelist()}
    edit(members)
    out = io.BytesIO()
    writer = PackageWriter(out, PASS, opened.header.public_key, FAST_FOR_TESTS, SMALL)
    for path, raw in members.items():
        writer._zip.writestr(path, raw)
    writer._zip.close()
    writer._sink.finish()
    return out.getvalue()


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m.__setitem__("students/1/photo.png", b"\x89PNG\r\n\x1a\nother"),
        lambda m: m.__setitem__("students/1/extra.pdf", b"%PDF-1.4 added"),
        lambda m: m.pop("students/1/attachments/1.pdf"),
        lambda m: m.pop("manifest.sig"),
        lambda m: m.__setitem__("manifest.sig", os.urandom(64)),
        lambda m: m.__setitem__("manifest.json", m["manifest.json"].replace(b"p1", b"p9")),
    ],
    ids=["member_changed", "member_added", "member_removed", "no_signature", "bad_signature",
         "manifest_changed"],
)  # fmt: skip
def test_contents_changed_by_someone_with_the_passphrase_are_refused(
    edit: Callable[[dict[str, bytes]], None],
) -> None:
    data = _rezip(build(), edit)
    with pytest.raises(PackageUnreadable, match="tampered"):
        read(data)


def test_rezip_without_change_still_reads() -> None:
    # The helper above is sound: an unchanged re-encryption is accepted.
    assert read(_rezip(build(), lambda m: None)) == MEMBERS


@pytest.mark.parametrize(
    "data", [b"", b"XJ", b"PK\x03\x04" + os.urandom(200), os.urandom(5000)],
    ids=["empty", "short", "zip", "random"],
)  # fmt: skip
def test_not_a_package(data: bytes) -> None:
    with pytest.raises(PackageUnreadable, match="not_a_package"):
        read(data)


def test_oversized_kdf_in_header_is_refused_before_deriving() -> None:
    import hashlib

    data = bytearray(build())
    data[9:13] = (8 * 1024 * 1024).to_bytes(4, "big")  # 8 GiB of Argon2id memory
    data[HEADER_SIZE - 32 : HEADER_SIZE] = hashlib.sha256(bytes(data[: HEADER_SIZE - 32])).digest()
    with pytest.raises(PackageUnreadable, match="tampered"):
        read(bytes(data))
