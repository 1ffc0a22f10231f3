"""The student record package file ``.xjpkg`` (docs/design/transfer-package.md).

::

  header  b"XJPK" | version u8 = 1 | chunk size u32 BE | Argon2id m u32, t u8, p u8 | salt 16
          | nonce prefix 7 | passphrase check 32 | signer's Ed25519 public key 32
          | SHA-256 of everything before it 32                                       = 136 bytes
  body    chunk i = AES-256-GCM(key, nonce = prefix || i (u32 BE) || last (u8),
                                plaintext <= chunk size, AAD = header)              = len + 16

master = Argon2id(passphrase, salt); key = HKDF(master, info "xueji-package-key-v1"); check =
HKDF(master, info "xueji-package-check-v1"). The check value tells a wrong passphrase from a
damaged file; the header's own SHA-256 tells a damaged header (salt, parameters) from a wrong
passphrase. The header is the AAD of every chunk, so its signer key cannot be swapped; the
counter and the last flag refuse reordered, dropped, truncated or appended chunks.

The plaintext is a ZIP (stored) with ``manifest.json`` (every other member's path, SHA-256 and
size), ``manifest.sig`` (Ed25519 over the exact manifest bytes, by the header's key) and the
members. The plaintext is never written to disk: the writer encrypts as the ZIP is produced,
the reader decrypts chunks on demand after one pass that authenticates every chunk.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from xueji_desktop.core.errors import OperationCancelled, PackageUnreadable, WrongPassphrase
from xueji_desktop.storage.kdf import KdfParams, derive

MAGIC = b"XJPK"
VERSION = 1
CHUNK = 1 << 20
_FIELDS = struct.Struct(">4sBIIBB16s7s32s32s")  # without the trailing SHA-256
HEADER_SIZE = _FIELDS.size + 32
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FORMAT = "xueji-transfer-package"
# The signature covers this prefix + the manifest bytes: the key also signs printed documents
# (services/document_signing.py, whose messages start "xueji-document-v1|"), so a signature
# made for one can never pass for the other.
SIGNED_PREFIX = b"xueji-transfer-v1|"
MAX_FILE = 4 << 30  # bytes of a package file this version reads
MAX_MEMBERS = 200_000
MAX_MEMBER = 512 << 20
MAX_MANIFEST = 64 << 20
# A header asks for Argon2id memory; a crafted one must not make the reader allocate gigabytes.
_MAX_KDF_MIB = 1024
_EOCD = b"PK\x05\x06"  # the ZIP's end-of-central-directory record, at the end of the plaintext
_EOCD_SIZE = 22

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _hkdf(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def _keys(passphrase: str, salt: bytes, kdf: KdfParams) -> tuple[bytes, bytes]:
    master = derive(passphrase.encode("utf-8"), salt, kdf)
    return _hkdf(master, b"xueji-package-key-v1"), _hkdf(master, b"xueji-package-check-v1")


@dataclass(frozen=True)
class Header:
    chunk_size: int
    kdf: KdfParams
    salt: bytes
    prefix: bytes
    check: bytes
    public_key: bytes
    raw: bytes


def _parse_header(raw: bytes) -> Header:
    if len(raw) < 4 or raw[:4] != MAGIC:
        raise PackageUnreadable(reason="not_a_package")
    if len(raw) < HEADER_SIZE:
        raise PackageUnreadable(reason="truncated")
    _, version, chunk, m, t, p, salt, prefix, check, pub = _FIELDS.unpack_from(raw)
    if version != VERSION:  # the first version is 1: any other is a later program's
        raise PackageUnreadable(
            reason="unsupported_version", found_version=version, supported_version=VERSION
        )
    body, digest = raw[: _FIELDS.size], raw[_FIELDS.size : HEADER_SIZE]
    if not hmac.compare_digest(hashlib.sha256(body).digest(), digest):
        raise PackageUnreadable(reason="tampered")
    ok = 0 < chunk <= 16 << 20 and 8 <= m <= _MAX_KDF_MIB * 1024 and 1 <= t <= 16 and 1 <= p <= 16
    if not ok:
        raise PackageUnreadable(reason="tampered")
    return Header(chunk, KdfParams(m, t, p), salt, prefix, check, pub, raw[:HEADER_SIZE])


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


class _EncryptingSink(io.RawIOBase):
    """A write-only stream: bytes in, encrypted chunks out to ``out``."""

    def __init__(self, out: BinaryIO, key: bytes, header: Header) -> None:
        super().__init__()
        self._out, self._aead, self._header = out, AESGCM(key), header
        self._buf = bytearray()
        self._index = 0
        self._pos = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = bytes(data)
        self._buf += view
        self._pos += len(view)
        size = self._header.chunk_size
        # Keep at least one byte back: the final chunk is only known at close.
        while len(self._buf) > size:
            self._emit(bytes(self._buf[:size]), last=False)
            del self._buf[:size]
        return len(view)

    def tell(self) -> int:
        return self._pos

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._header.prefix, self._index, last)
        self._out.write(self._aead.encrypt(nonce, plain, self._header.raw))
        self._index += 1

    def finish(self) -> None:
        self._emit(bytes(self._buf), last=True)
        self._buf.clear()


class PackageWriter:
    """Write members into an encrypted package; ``finish`` adds the signed manifest."""

    def __init__(
        self,
        out: BinaryIO,
        passphrase: str,
        public_key: bytes,
        kdf: KdfParams,
        chunk_size: int = CHUNK,  # tests make several chunks of a small package
    ) -> None:
        salt, prefix = os.urandom(16), os.urandom(7)
        key, check = _keys(passphrase, salt, kdf)
        fields = _FIELDS.pack(MAGIC, VERSION, chunk_size, kdf.memory_kib, kdf.iterations,
                              kdf.parallelism, salt, prefix, check, public_key)  # fmt: skip
        raw = fields + hashlib.sha256(fields).digest()
        out.write(raw)
        self._sink = _EncryptingSink(out, key, _parse_header(raw))
        self._zip = zipfile.ZipFile(self._sink, "w", compression=zipfile.ZIP_STORED)
        self.members: list[dict[str, object]] = []

    def add(self, path: str, data: bytes) -> None:
        _check_path(path)
        self._zip.writestr(_info(path), data)
        self.members.append(
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        )

    def finish(self, manifest: dict[str, Any], sign: Callable[[bytes], bytes]) -> bytes:
        """Write manifest.json (with the member list) and its signature; returns the manifest."""
        doc = dict(manifest, members=self.members)
        raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        self._zip.writestr(_info(MANIFEST), raw)
        self._zip.writestr(_info(SIGNATURE), sign(SIGNED_PREFIX + raw))
        self._zip.close()
        self._sink.finish()
        return raw


def _info(path: str) -> zipfile.ZipInfo:
    # A fixed date: the package's own made_at is in the manifest; the ZIP says nothing more.
    info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


def _check_path(path: str) -> None:
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise ValueError("bad member path")


class _DecryptingReader(io.RawIOBase):
    """Random access to the plaintext; every chunk read is authenticated again."""

    def __init__(self, fh: BinaryIO, key: bytes, header: Header, file_size: int) -> None:
        super().__init__()
        self._fh, self._aead, self._header, self._key = fh, AESGCM(key), header, key
        step = header.chunk_size + 16
        body = file_size - HEADER_SIZE
        self._chunks = -(-body // step)
        last = body - (self._chunks - 1) * step - 16
        if self._chunks == 0 or last < 0:
            raise PackageUnreadable(reason="truncated")
        self._size = (self._chunks - 1) * header.chunk_size + last
        self._pos = 0
        self._cache: tuple[int, bytes] | None = None

    def chunk(self, index: int) -> bytes:
        if self._cache is not None and self._cache[0] == index:
            return self._cache[1]
        step = self._header.chunk_size + 16
        self._fh.seek(HEADER_SIZE + index * step)
        raw = self._fh.read(step)
        last = index == self._chunks - 1
        try:
            plain = self._aead.decrypt(_nonce(self._header.prefix, index, last), raw,
                                       self._header.raw)  # fmt: skip
        except InvalidTag:
            cut = last and self._cut_short(index, raw)
            raise PackageUnreadable(reason="truncated" if cut else "tampered") from None
        self._cache = (index, plain)
        return plain

    def _cut_short(self, index: int, raw: bytes) -> bool:
        """Whether the final chunk, which failed authentication, is a cut-short copy.

        The tag cannot say why it failed, so look at the bytes without trusting them (nothing
        read here is used): AES-GCM is counter mode, its plaintext starts at counter 2. Every
        package ends with the ZIP's end-of-central-directory record; a copy cut short has lost
        it, a changed byte or appended bytes leave it in place. Only the wording depends on
        this: either way the package is refused."""
        nonce = _nonce(self._header.prefix, index, True)
        ctr = Cipher(algorithms.AES(self._key), modes.CTR(nonce + b"\x00\x00\x00\x02"))
        plain = ctr.decryptor().update(raw[:-16])
        return _EOCD not in plain[-(_EOCD_SIZE + 0xFFFF + 64) :]

    @property
    def chunks(self) -> int:
        return self._chunks

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._pos >= self._size or not len(view):
            return 0
        size = self._header.chunk_size
        index, offset = divmod(self._pos, size)
        piece = self.chunk(index)[offset : offset + len(view)]
        view[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)


@dataclass(frozen=True)
class Opened:
    header: Header
    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: dict[str, tuple[str, int]]  # path -> (sha256, size)
    file_sha256: str


class PackageReader:
    """Open, authenticate and verify a package: every chunk, the signature, every member."""

    def __init__(self, fh: BinaryIO, passphrase: str, file_size: int) -> None:
        if file_size > MAX_FILE:
            raise PackageUnreadable(reason="too_large")
        header = _parse_header(fh.read(HEADER_SIZE))
        key, check = _keys(passphrase, header.salt, header.kdf)
        if not hmac.compare_digest(check, header.check):
            raise WrongPassphrase()
        self._fh = fh
        self._reader = _DecryptingReader(fh, key, header, file_size)
        self.header = header
        self._zip: zipfile.ZipFile | None = None

    def verify(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> Opened:
        total = self._reader.chunks
        digest = hashlib.sha256()
        self._fh.seek(0)
        digest.update(self._fh.read(HEADER_SIZE))
        for index in range(total):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            self._reader.chunk(index)  # authenticates; the last one carries the last flag
            step = self.header.chunk_size + 16
            self._fh.seek(HEADER_SIZE + index * step)
            digest.update(self._fh.read(step))
            if progress is not None:
                progress(index + 1, total)
        try:
            self._zip = zipfile.ZipFile(io.BufferedReader(self._reader, CHUNK))
            names = self._zip.namelist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise PackageUnreadable(reason="tampered") from None
        if len(names) > MAX_MEMBERS or len(set(names)) != len(names):
            raise PackageUnreadable(reason="tampered")
        raw = self._member(MANIFEST, MAX_MANIFEST)
        signature = self._member(SIGNATURE, 64)
        try:
            Ed25519PublicKey.from_public_bytes(self.header.public_key).verify(
                signature, SIGNED_PREFIX + raw
            )
        except (InvalidSignature, ValueError):
            raise PackageUnreadable(reason="tampered") from None
        manifest = _manifest(raw)
        members = _listing(manifest)
        if set(names) != {*members, MANIFEST, SIGNATURE}:
            raise PackageUnreadable(reason="tampered")
        for path in members:
            self.read(path, members)
        return Opened(self.header, manifest, raw, members, digest.hexdigest())

    def _member(self, path: str, limit: int) -> bytes:
        assert self._zip is not None
        try:
            info = self._zip.getinfo(path)
            if info.file_size > limit or info.compress_type != zipfile.ZIP_STORED:
                raise PackageUnreadable(reason="tampered")
            return self._zip.read(info)
        except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise PackageUnreadable(reason="tampered") from None

    def read(self, path: str, members: dict[str, tuple[str, int]]) -> bytes:
        """A member's bytes, checked against the manifest's SHA-256 and size."""
        if path not in members:
            raise PackageUnreadable(reason="tampered")
        sha, size = members[path]
        data = self._member(path, MAX_MEMBER)
        if len(data) != size or not hmac.compare_digest(hashlib.sha256(data).hexdigest(), sha):
            raise PackageUnreadable(reason="tampered")
        return data


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageUnreadable(reason="tampered") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PackageUnreadable(reason="tampered")
    version = doc.get("version")
    if type(version) is int and version > VERSION:
        raise PackageUnreadable(
            reason="unsupported_version", found_version=version, supported_version=VERSION
        )
    if version != VERSION:
        raise PackageUnreadable(reason="tampered")  # no version of this program writes that
    return doc


def _listing(manifest: dict[str, Any]) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    items = manifest.get("members")
    if not isinstance(items, list):
        raise PackageUnreadable(reason="tampered")
    for item in items:
        ok = isinstance(item, dict) and isinstance(item.get("path"), str)
        ok = ok and isinstance(item.get("sha256"), str) and isinstance(item.get("size"), int)
        if not ok or item["path"] in out or item["path"] in (MANIFEST, SIGNATURE):
            raise PackageUnreadable(reason="tampered")
        try:
            _check_path(item["path"])
        except ValueError:
            raise PackageUnreadable(reason="tampered") from None
        out[item["path"]] = (item["sha256"], item["size"])
    return out
