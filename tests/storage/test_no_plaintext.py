"""No plaintext on disk (issue 2 §7, reliability goal K4).

Canary names, ID numbers, a guardian, a blob text and a failed login typed with a canary user name
go in through the services; then every byte of every file under the archive folder (and the rest of
the fake home) is searched for each canary in UTF-8, UTF-16-LE and GBK, and for the archive's keys
in hex and base64, while the session is open (WAL present) and again after it closed.
"""

from __future__ import annotations

import base64
import contextlib
import re
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.core.errors import WrongCredentials
from xueji_desktop.core.id_number import check_char, mask_id_number
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import students
from xueji_desktop.services.context import Session

CANARY_NAMES = ("金丝雀测试甲", "金丝雀测试乙")
CANARY_GUARDIAN = "金丝雀监护丙"
CANARY_ADDRESS = "金丝雀路九十九号"
CANARY_BLOB = "金丝雀附件内容：学籍卡扫描件 CANARY-BLOB-7f3e"
CANARY_LOGIN = "金丝雀测试甲"  # typed as a user name at a failed login
CANARY_ASCII = "CANARYXJ-4b1d"


def canary_id(first17: str) -> str:
    return first17 + check_char(first17)


CANARY_IDS = (
    canary_id("35082120080229357"),  # 2008-02-29, male
    canary_id("64030220091111444"),  # 2009-11-11, female
)


def encodings(text: str) -> list[bytes]:
    out = [text.encode("utf-8"), text.encode("utf-16-le")]
    with contextlib.suppress(UnicodeEncodeError):
        out.append(text.encode("gbk"))
    return out


def key_forms(key: bytes) -> list[bytes]:
    b64 = base64.b64encode(key)[:40]  # 30 bytes: the same at any 3-byte aligned position
    url = base64.urlsafe_b64encode(key)[:40]
    return [key, key.hex().encode(), key.hex().upper().encode(), b64, url]


def all_files(*roots: Path) -> list[Path]:
    return sorted({p for root in roots for p in root.rglob("*") if p.is_file()})


def scan(files: list[Path], needles: dict[str, list[bytes]]) -> list[str]:
    hits = []
    for path in files:
        data = path.read_bytes()
        for label, forms in needles.items():
            for form in forms:
                if form in data:
                    hits.append(f"{path.name}: {label} ({form[:12]!r}…)")
    return hits


def populate(session: Session) -> None:
    for i, (name, idn) in enumerate(zip(CANARY_NAMES, CANARY_IDS, strict=True)):
        students.add_student(
            session,
            {
                "student_no": f"{CANARY_ASCII}-{i}",
                "registry_no": "G" + idn,
                "name": name,
                "former_name": name + "曾用",
                "gender": "1" if int(idn[16]) % 2 else "2",
                "birth_date": f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}",
                "id_number": idn,
                "home_address": CANARY_ADDRESS,
                "family_members": [
                    {
                        "relation": "母亲",
                        "name": CANARY_GUARDIAN,
                        "phone": "13912345678",
                        "is_guardian": True,
                    }
                ],
            },
        )
    for sid in (1, 2):
        students.get_student(session, sid)  # record_viewed entries
    session.archive.blobs().put(CANARY_BLOB.encode("utf-8"))


@pytest.mark.parametrize("binding", ["auto", "none"])
def test_no_canary_or_key_in_any_file(make_archive, fake_home, binding):
    created = make_archive(binding=binding)
    session = created.session
    h = session.archive
    root = h.layout.root
    populate(session)
    with pytest.raises(WrongCredentials):
        archive_service.login(root, CANARY_LOGIN, "金丝雀的错误口令-123")
    session.close()
    # A real login flushes the failed attempt (with the typed name) into the audit chain.
    session = archive_service.login(root, ADMIN, ADMIN_PASSWORD)
    h = session.archive
    students.add_student(
        session,
        {
            "student_no": f"{CANARY_ASCII}-late",
            "name": CANARY_NAMES[0] + "后",
            "gender": "1",
            "birth_date": "2008-02-29",
            "id_number": canary_id("35082120080229375"),
            "home_address": CANARY_ADDRESS,
        },
    )
    keys = h.keys
    needles: dict[str, list[bytes]] = {}
    for text in (*CANARY_NAMES, CANARY_GUARDIAN, CANARY_ADDRESS, CANARY_BLOB, CANARY_ASCII):
        needles[text] = encodings(text)
    for idn in (*CANARY_IDS, canary_id("35082120080229375")):
        needles[mask_id_number(idn)] = encodings(idn)
    needles["data key"] = key_forms(keys.data_key)
    needles["audit key"] = key_forms(keys.audit_key)
    needles["blob key"] = key_forms(keys.blob_key)

    wal = Path(str(h.layout.db) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the open session should have a WAL"
    files = all_files(root, fake_home)
    names = {p.name for p in files}
    assert {"xueji.db", "xueji.db-wal", "keyslots.json", "archive.json"} <= names
    assert "login-throttle.json" in names
    assert any(p.suffix == ".xjb" for p in files)
    if binding == "none":
        assert "audit-anchor.json" in names
    assert scan(files, needles) == []
    assert not h.layout.db.read_bytes().startswith(b"SQLite format 3")

    session.close()
    assert not wal.exists() or wal.stat().st_size == 0
    files = all_files(root, fake_home)
    assert scan(files, needles) == []
    assert not h.layout.db.read_bytes().startswith(b"SQLite format 3")

    # The data really is in there: the canaries come back through the key.
    session = archive_service.login(root, ADMIN, ADMIN_PASSWORD)
    try:
        got = {r.name for r in students.list_students(session)}
        assert set(CANARY_NAMES) <= got
        blob_name = session.archive.blobs().name_for(CANARY_BLOB.encode())
        assert session.archive.blobs().get(blob_name).decode() == CANARY_BLOB
        assert_audit_masks_ids(session)
    finally:
        session.close()


def assert_audit_masks_ids(session: Session) -> None:
    rows = session.archive.db.conn.execute(
        "SELECT seq, action, target_id, details FROM audit_log ORDER BY seq"
    ).fetchall()
    text = "\n".join(f"{r[2]} {r[3]}" for r in rows)
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", text), "a whole ID number in audit_log"
    assert not re.search(r"(?<!\d)\d{15}(?!\d)", text), "a 15-digit ID number in audit_log"
    for idn in CANARY_IDS:
        assert idn not in text
        assert mask_id_number(idn) in text  # the change is recorded, masked
    actions = [r[1] for r in rows]
    assert actions.count("student_added") == 3
    assert actions.count("record_viewed") == 2
    assert "login_failed" in actions


def test_the_scan_itself_finds_planted_canaries(tmp_path):
    """Negative control: the search above would see a canary in each encoding and the key."""
    key = bytes(range(32))
    needles = {"name": encodings(CANARY_NAMES[0]), "key": key_forms(key)}
    for i, form in enumerate([*encodings(CANARY_NAMES[0]), *key_forms(key)]):
        (tmp_path / f"f{i}").write_bytes(b"\x00prefix" + form + b"suffix")
    (tmp_path / "b64").write_bytes(b'{"k": "' + base64.b64encode(b"abc" + key) + b'"}')
    hits = scan(all_files(tmp_path), needles)
    assert len({h.split(":")[0] for h in hits}) == len(encodings(CANARY_NAMES[0])) + 5 + 1
