"""Encrypted blob files (format XJB1): round trips, deduplication, tamper detection, opaque
names."""

from __future__ import annotations

import hashlib
import os
import random
import struct
from pathlib import Path

import pytest

from xueji_desktop.core.errors import ArchiveDamaged
from xueji_desktop.storage.blobs import _HEADER, CHUNK, BlobStore

KEY = bytes(range(32))
STEP = CHUNK + 16  # one chunk on disk: ciphertext + GCM tag


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", KEY)


def blob_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "size", [0, 1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + CHUNK // 2]
)
def test_round_trip(store, size):
    data = random.Random(size).randbytes(size)
    name = store.put(data)
    assert store.get(name) == data
    path = store.path_for(name)
    assert path.exists()
    chunks = max(1, -(-size // CHUNK))
    assert path.stat().st_size == _HEADER.size + size + 16 * chunks
    if size >= 64:
        assert data[:64] not in path.read_bytes()


def test_same_content_same_name_one_file(store):
    data = "学籍卡扫描件".encode() * 1000
    first = store.put(data)
    mtime = store.path_for(first).stat().st_mtime_ns
    assert store.put(bytes(data)) == first
    assert store.path_for(first).stat().st_mtime_ns == mtime  # not rewritten
    assert len(blob_files(store.root)) == 1
    other = store.put(data + b"!")
    assert other != first
    assert len(blob_files(store.root)) == 2
    # Two encryptions of the same content differ (fresh nonce prefix), names do not.
    again = BlobStore(store.root.parent / "elsewhere", KEY)
    assert again.put(data) == first
    assert again.path_for(first).read_bytes() != store.path_for(first).read_bytes()


def test_names_reveal_nothing_without_the_key(tmp_path):
    data = b"the same scan"
    a = BlobStore(tmp_path / "a", KEY)
    b = BlobStore(tmp_path / "b", os.urandom(32))
    assert a.name_for(data) != b.name_for(data)
    assert a.name_for(data) != hashlib.sha256(data).hexdigest()
    assert a.name_for(data) != hashlib.sha256(hashlib.sha256(data).digest()).hexdigest()
    name = a.put(data)
    assert len(name) == 64
    assert data not in a.path_for(name).read_bytes()
    # Another key cannot read it, even under the right name.
    b.path_for(name).parent.mkdir(parents=True, exist_ok=True)
    b.path_for(name).write_bytes(a.path_for(name).read_bytes())
    with pytest.raises(ArchiveDamaged):
        b.get(name)


@pytest.fixture
def big(store) -> tuple[str, bytes, bytes]:
    data = random.Random(1).randbytes(2 * CHUNK + 12345)
    name = store.put(data)
    return name, data, store.path_for(name).read_bytes()


def test_every_flipped_bit_is_detected(store, big):
    name, _, raw = big
    path = store.path_for(name)
    rng = random.Random(2)
    offsets = set(range(_HEADER.size + 2))  # magic, version, chunk size, nonce prefix
    offsets |= {len(raw) - 1, _HEADER.size + STEP - 1, _HEADER.size + STEP}
    offsets |= {rng.randrange(len(raw)) for _ in range(40)}
    for offset in sorted(offsets):
        b = bytearray(raw)
        b[offset] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(b))
        with pytest.raises(ArchiveDamaged):
            store.get(name)
    path.write_bytes(raw)
    assert store.get(name) == big[1]


@pytest.mark.parametrize(
    "cut",
    [
        "one_byte",
        "last_chunk",
        "to_one_chunk",
        "header_only",
        "half_header",
        "empty",
        "last_chunk_to_a_tag",
        "last_chunk_to_5_bytes",
    ],
)
def test_truncation_is_detected(store, big, cut):
    name, _, raw = big
    keep = {
        "one_byte": len(raw) - 1,
        "last_chunk": _HEADER.size + 2 * STEP,  # ends exactly on a chunk boundary
        "to_one_chunk": _HEADER.size + STEP,
        "header_only": _HEADER.size,
        "half_header": _HEADER.size // 2,
        "empty": 0,
        "last_chunk_to_a_tag": _HEADER.size + 2 * STEP + 16,
        "last_chunk_to_5_bytes": _HEADER.size + 2 * STEP + 5,
    }[cut]
    store.path_for(name).write_bytes(raw[:keep])
    with pytest.raises(ArchiveDamaged):
        store.get(name)


def test_appended_data_is_detected(store, big):
    name, _, raw = big
    for extra in (b"\x00", os.urandom(16), os.urandom(STEP)):
        store.path_for(name).write_bytes(raw + extra)
        with pytest.raises(ArchiveDamaged):
            store.get(name)


def test_chunk_reorder_and_duplication_are_detected(store, big):
    name, _, raw = big
    header, body = raw[: _HEADER.size], raw[_HEADER.size :]
    c0, c1, c2 = body[:STEP], body[STEP : 2 * STEP], body[2 * STEP :]
    for forged in (c1 + c0 + c2, c0 + c0 + c2, c0 + c2, c1 + c2, c0 + c1 + c1 + c2):
        store.path_for(name).write_bytes(header + forged)
        with pytest.raises(ArchiveDamaged):
            store.get(name)


def test_chunks_cannot_move_between_blobs(store):
    """Same length, same position: a chunk from another blob is still refused (AAD has the name)."""
    a_data = random.Random(3).randbytes(CHUNK + 10)
    b_data = random.Random(4).randbytes(CHUNK + 10)
    a, b = store.put(a_data), store.put(b_data)
    ra, rb = store.path_for(a).read_bytes(), store.path_for(b).read_bytes()
    # b's header (nonce prefix) with a's first chunk
    spliced = (
        rb[: _HEADER.size] + ra[_HEADER.size : _HEADER.size + STEP] + rb[_HEADER.size + STEP :]
    )
    store.path_for(b).write_bytes(spliced)
    with pytest.raises(ArchiveDamaged):
        store.get(b)


def test_renamed_or_swapped_file_is_detected(store):
    a, b = store.put(b"first scan" * 10), store.put(b"second scan" * 10)
    pa, pb = store.path_for(a), store.path_for(b)
    ra, rb = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(rb)
    pb.write_bytes(ra)
    for name in (a, b):
        with pytest.raises(ArchiveDamaged):
            store.get(name)
    # A file moved to a name nobody wrote.
    fake = "f" * 64
    store.path_for(fake).parent.mkdir(parents=True, exist_ok=True)
    store.path_for(fake).write_bytes(ra)
    with pytest.raises(ArchiveDamaged):
        store.get(fake)


def test_missing_blob_and_bad_names(store):
    with pytest.raises(ArchiveDamaged):
        store.get("0" * 64)
    for bad in ("", "../" + "0" * 61, "A" * 64, "0" * 63, "g" * 64):
        with pytest.raises(ValueError):
            store.path_for(bad)


def test_header_fields_are_authenticated(store):
    name = store.put(b"x" * 100)
    raw = store.path_for(name).read_bytes()
    magic, version, chunk, prefix = _HEADER.unpack_from(raw)
    assert (magic, version, chunk) == (b"XJB1", 1, CHUNK)
    for new_chunk in (CHUNK * 2, 100, 0, 2**32 - 1):
        forged = _HEADER.pack(magic, version, new_chunk, prefix) + raw[_HEADER.size :]
        store.path_for(name).write_bytes(forged)
        with pytest.raises(ArchiveDamaged):
            store.get(name)
    assert struct.calcsize(">4sBI7s") == _HEADER.size


def test_blob_files_are_owner_only(store):
    old = os.umask(0)
    try:
        name = store.put(b"photo")
    finally:
        os.umask(old)
    for p in [store.root, *store.root.rglob("*")]:
        want = 0o700 if p.is_dir() else 0o600
        assert p.stat().st_mode & 0o777 == want, p
    assert store.get(name) == b"photo"
