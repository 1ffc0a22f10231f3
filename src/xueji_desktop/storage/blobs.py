"""Encrypted blob files for scans and photos, named by a keyed content hash.

Format ``XJB1`` (docs/design/blob-format.md):
  header  b"XJB1" | version 0x01 | chunk size (u32 BE) | nonce prefix (7 bytes)
  chunks  AES-256-GCM over at most ``chunk size`` plaintext bytes each; nonce = prefix || counter
          (u32 BE) || last flag (1 byte); AAD = the header || blob name, so chunks cannot be
          reordered, dropped, truncated at a boundary, or moved to another blob.
The file name is HMAC-SHA256(blob key, plaintext) in hex: equal files share one blob (backups copy
only names the drive lacks), and a name reveals nothing about content to someone without the key.
The plaintext SHA-256 is kept in the database. Files are written then renamed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from xueji_desktop.core.errors import ArchiveDamaged
from xueji_desktop.storage.files import atomic_write, ensure_private_dir

MAGIC = b"XJB1"
VERSION = 1
CHUNK = 1 << 20
_HEADER = struct.Struct(">4sBI7s")


class BlobStore:
    def __init__(self, root: Path, blob_key: bytes) -> None:
        self.root = root
        self._key = blob_key

    def name_for(self, data: bytes) -> str:
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()

    def path_for(self, name: str) -> Path:
        if len(name) != 64 or any(c not in "0123456789abcdef" for c in name):
            raise ValueError("bad blob name")
        return self.root / name[:2] / f"{name}.xjb"

    def put(self, data: bytes) -> str:
        name = self.name_for(data)
        path = self.path_for(name)
        if path.exists():
            return name
        ensure_private_dir(path.parent)
        atomic_write(path, self._encrypt(name, data))
        return name

    def get(self, name: str) -> bytes:
        path = self.path_for(name)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ArchiveDamaged(reason="blob_missing", blob=name) from None
        data = self._decrypt(name, raw)
        if not hmac.compare_digest(self.name_for(data), name):
            raise ArchiveDamaged(reason="blob_mismatch", blob=name)
        return data

    def _encrypt(self, name: str, data: bytes) -> bytes:
        prefix = os.urandom(7)
        header = _HEADER.pack(MAGIC, VERSION, CHUNK, prefix)
        aad = header + name.encode()
        aead = AESGCM(self._key)
        out = [header]
        chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
        for index, chunk in enumerate(chunks):
            last = 1 if index == len(chunks) - 1 else 0
            nonce = prefix + struct.pack(">IB", index, last)
            out.append(aead.encrypt(nonce, chunk, aad))
        return b"".join(out)

    def _decrypt(self, name: str, raw: bytes) -> bytes:
        if len(raw) < _HEADER.size:
            raise ArchiveDamaged(reason="blob_corrupt", blob=name)
        magic, version, chunk, prefix = _HEADER.unpack_from(raw)
        if magic == MAGIC and version > VERSION:
            # A newer program's format, or a flipped version byte: nothing before decryption can
            # tell which (the byte is authenticated only as part of the AAD of a format this
            # version knows). A newer blob format comes with a schema migration, so the archive
            # is refused as too new long before a blob is read (docs/design/upgrades.md); here
            # the sentence names both causes instead of calling the file plainly damaged.
            raise ArchiveDamaged(
                reason="blob_version", found_version=version, supported_version=VERSION, blob=name
            )
        if magic != MAGIC or version != VERSION or not 0 < chunk <= 64 << 20:
            raise ArchiveDamaged(reason="blob_corrupt", blob=name)
        aad = raw[: _HEADER.size] + name.encode()
        aead = AESGCM(self._key)
        body = raw[_HEADER.size :]
        step = chunk + 16
        pieces = [body[i : i + step] for i in range(0, len(body), step)]
        if not pieces:
            raise ArchiveDamaged(reason="blob_corrupt", blob=name)
        out = []
        for index, piece in enumerate(pieces):
            last = 1 if index == len(pieces) - 1 else 0
            nonce = prefix + struct.pack(">IB", index, last)
            try:
                out.append(aead.decrypt(nonce, piece, aad))
            except InvalidTag:
                raise ArchiveDamaged(reason="blob_corrupt", blob=name) from None
        return b"".join(out)
