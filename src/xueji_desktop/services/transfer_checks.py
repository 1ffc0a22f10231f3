"""Opening a package for import and what the preview says of each student (no writes here).

``open_package`` decrypts and checks every chunk, the signature and every member's hash before
anything is returned; ``student_problems`` runs the record through the same rules a clerk's
entry goes through (core/validation.check_student) and adds what this archive already holds:
an ID number, 学籍号 (or, for a handover, 学号 / 毕业证书编号) present here refuses the import.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from xueji_desktop.core import validation
from xueji_desktop.core.errors import (
    PackageAlreadyImported,
    PackageUnreadable,
    RecordInvalid,
    WrongPassphrase,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.services.record_rows import FIELD_COLUMNS, archive_majors
from xueji_desktop.services.transfer_export import REASONS
from xueji_desktop.services.transfer_register import local_minute
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.transfer_format import Opened, PackageReader

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
MAX_RECORD = 16 << 20


@dataclass
class Loaded:
    opened: Opened
    reader: PackageReader
    records: list[dict[str, Any]]  # record.json of each student, in manifest order

    def member(self, path: str) -> bytes:
        return self.reader.read(path, self.opened.members)


@contextlib.contextmanager
def open_package(
    h: ArchiveHandle,
    path: object,
    passphrase: object,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Iterator[Loaded]:
    if not isinstance(path, str | Path):
        raise RecordInvalid(problems=[Problem("path", "invalid_type", params={"expected": "path"})])
    if not isinstance(passphrase, str):
        raise RecordInvalid(
            problems=[Problem("passphrase", "invalid_type", params={"expected": "text"})]
        )
    file = Path(path)
    try:
        if file.is_dir():
            raise IsADirectoryError(errno.EISDIR, "folder")
        fh = file.open("rb")
    except OSError as exc:
        raise _unreadable(exc) from None
    with fh:
        try:
            size = file.stat().st_size
            reader = _reader(fh, passphrase, size)
            opened = reader.verify(progress, cancelled)
        except OSError as exc:
            raise _unreadable(exc) from None
        man = opened.manifest
        if man.get("source_archive_id") == h.archive_id:
            raise PackageUnreadable(reason="same_archive")
        # Fictitious students must not reach a real archive (and its statistics); a practice
        # archive may take in anything.
        if man.get("practice") is True and not h.meta.practice:
            raise PackageUnreadable(reason="practice")
        if man.get("reason") not in REASONS or not isinstance(man.get("package_id"), str):
            raise PackageUnreadable(reason="tampered")
        if bytes.fromhex(str(man.get("signer_public_key", ""))) != opened.header.public_key:
            raise PackageUnreadable(reason="tampered")
        row = h.db.conn.execute(
            "SELECT recorded_at FROM transfer_packages WHERE direction = 'in' AND package_id = ?",
            (man["package_id"],),
        ).fetchone()
        if row is not None:
            raise PackageAlreadyImported(package_id=man["package_id"],
                                         recorded_at=local_minute(str(row[0])))  # fmt: skip
        records = []
        students = man.get("students")
        if not isinstance(students, list) or not students:
            raise PackageUnreadable(reason="tampered")
        for item in students:
            if not isinstance(item, dict) or not isinstance(item.get("record"), str):
                raise PackageUnreadable(reason="tampered")
            raw = loaded_member(reader, opened, item["record"])
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise PackageUnreadable(reason="tampered") from None
            if not isinstance(record, dict) or not isinstance(record.get("student"), dict):
                raise PackageUnreadable(reason="tampered")
            records.append(record)
        yield Loaded(opened, reader, records)


def _reader(fh: BinaryIO, passphrase: str, size: int) -> PackageReader:
    """Surrounding spaces of a passphrase read off the phone or pasted from a chat do not count
    (export strips them too); a package made with them before that still opens as typed."""
    try:
        return PackageReader(fh, passphrase.strip(), size)
    except WrongPassphrase:
        if passphrase == passphrase.strip():
            raise
    fh.seek(0)
    return PackageReader(fh, passphrase, size)


def _unreadable(exc: OSError) -> PackageUnreadable:
    """The OS's reason as one of ours: its own words are English whatever the language."""
    if isinstance(exc, IsADirectoryError):
        return PackageUnreadable(reason="folder")
    if isinstance(exc, FileNotFoundError):
        return PackageUnreadable(reason="missing")
    if isinstance(exc, PermissionError):
        return PackageUnreadable(reason="no_permission")
    return PackageUnreadable(reason="io", detail=(exc.strerror or type(exc).__name__)[:200])


def key_state(conn: Connection, archive_id: str, school: str, fingerprint: str) -> str:
    """Whether packages of this sending archive came here before with this fingerprint.

    "new": never seen; "same": every earlier package of this archive id had this fingerprint;
    "different": an earlier package of this archive id, or of a school of the same name, was
    signed with another key — a package re-made by someone who learnt the passphrase looks
    exactly like that (a school that set up a new archive too: the clerk asks them)."""
    rows = conn.execute(
        "SELECT source_archive_id, signer_fingerprint FROM transfer_packages "
        "WHERE direction = 'in' AND (source_archive_id = ? OR (source_school = ? AND ? != ''))",
        (archive_id, school, school),
    ).fetchall()
    if any(str(r[1]) != fingerprint for r in rows):
        return "different"
    return "same" if any(str(r[0]) == archive_id for r in rows) else "new"


def same_fingerprint(given: str, actual: str) -> bool:
    """A fingerprint typed or read out (spaces, case, full-width spaces) against the package's."""
    given, actual = "".join(given.split()).upper(), "".join(actual.split()).upper()
    return bool(given) and given == actual


def loaded_member(reader: PackageReader, opened: Opened, path: str) -> bytes:
    if opened.members.get(path, ("", MAX_RECORD + 1))[1] > MAX_RECORD:
        raise PackageUnreadable(reason="tampered")
    return reader.read(path, opened.members)


def student_values(
    record: dict[str, Any], reason: str, major: tuple[str, str] | None
) -> dict[str, Any]:
    """The record's fields as this archive will store them (internal names, family included).

    A 转出 student gets this school's 学号 at confirmation (the sending school's stays in the
    transferred record); the 学籍号 is national and follows the student. ``major``: the class's
    (code, catalogue) when a class is chosen."""
    st = record["student"]
    values: dict[str, Any] = {c: st.get(c) for c in FIELD_COLUMNS if st.get(c) is not None}
    if reason == "transfer_out":
        values.pop("student_no", None)
        # The class decides the major here; the sender's stays in the transferred record. So
        # before a class is chosen the sender's major is no problem of this archive.
        values.pop("major_code", None)
        values.pop("major_catalogue", None)
    if major is not None:
        values["major_code"], values["major_catalogue"] = major
    family = record.get("family_members")
    values["family_members"] = family if isinstance(family, list) else []
    return values


def student_problems(
    conn: Connection,
    values: dict[str, Any],
    record: dict[str, Any],
    reason: str,
    today: datetime.date,
    seen: dict[str, set[str]],
) -> tuple[list[Problem], bool, validation.Checked]:
    """(problems, exists, checked): the rules' errors and what this archive already holds."""
    checked = validation.check_student(values, today=today, majors=archive_majors(conn))
    problems = [p for p in checked.problems if p.severity == "error"]
    st = record["student"]
    exists = False
    number = str(st.get("id_number") or "").strip().upper()
    if number:
        hit = conn.execute(
            "SELECT 1 FROM students WHERE voided = 0 AND UPPER(id_number) = ?", (number,)
        ).fetchone()
        exists = hit is not None or number in seen["id_number"]
        if exists:
            problems.append(Problem("id_number", "transfer_id_number_exists"))
        seen["id_number"].add(number)
    columns = ["registry_no"] + (["student_no", "diploma_no"] if reason == "handover" else [])
    for column in columns:
        value = str(st.get(column) or "").strip()
        if not value:
            continue
        hit = conn.execute(
            f"SELECT 1 FROM students WHERE voided = 0 AND {column} = ?",  # noqa: S608 - fixed names
            (value,),
        ).fetchone()
        seen.setdefault(column, set())
        if hit is not None or value in seen[column]:
            problems.append(Problem(column, "transfer_number_exists", params={"value": value}))
        seen[column].add(value)
    return problems, exists, checked
