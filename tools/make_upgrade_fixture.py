"""Make the first-release upgrade fixture: an archive as version 0.1.0 (schema 6) writes it.

    .venv/bin/python tools/make_upgrade_fixture.py            # into tests/fixtures/first-release

Run ONCE, by the first release, and committed. Later versions NEVER run it again: the point of
the fixture is that its bytes were written by the first released program, and every later
version must keep opening them (tests/storage/test_upgrade_first_release.py,
docs/design/upgrades.md). The script therefore refuses when the fixture is there already, and
refuses to run on a program whose schema is not ``about.FIRST_RELEASED_SCHEMA`` unless
``--out`` names another folder (for trying it out).

What goes in (small, synthetic, but every kind of record a later migration may have to carry):
the demo generator's school with 3 students per intake (three intakes: 在籍, 毕业, 休学 …, their
学籍异动, grades, rewards and punishments, scans and paper files), then through the services: a
休学 学籍异动, an award and a punishment, a scanned PDF and a photo, a shelf place and a loan
of a paper file, an issued 成绩单 in the register, and a clerk besides the admin. Password-only
(``binding="none"``) so no keyring is needed, with the production KDF (64 MiB, 2 passes: about
half a second a login). ``expected.json`` holds the facts the test checks.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xueji_desktop import about  # noqa: E402
from xueji_desktop.core.demo_data import generate_demo  # noqa: E402
from xueji_desktop.core.roles import Role  # noqa: E402
from xueji_desktop.services import (  # noqa: E402
    attachments,
    discipline,
    documents,
    file_loans,
    paper_files,
    status_changes,
    users,
)
from xueji_desktop.services.archive import create_archive  # noqa: E402
from xueji_desktop.services.demo import load_demo_data  # noqa: E402
from xueji_desktop.services.documents_issue import PrintRequest  # noqa: E402
from xueji_desktop.storage import migrations  # noqa: E402
from xueji_desktop.storage.content_hash import content_hash, table_counts  # noqa: E402
from xueji_desktop.storage.kdf import PRODUCTION  # noqa: E402

DEFAULT_OUT = ROOT / "tests" / "fixtures" / "first-release"
SCHOOL = "升级测试市职业中专"
ADMIN, ADMIN_PASSWORD = "admin", "First-Release-Archive-2026"
CLERK, CLERK_PASSWORD = "clerk1", "Upgrade-Clerk-Lantern-42"
SEED = 2026
INTAKES = (2023, 2024, 2025, 2026)  # the oldest has graduated
DAY = "2026-11-20"  # the services' "today" for what this script records (never the clock)
# A tiny but real PDF (the scan) and PNG (the photo): their bytes are checked after the upgrade.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"% first-release upgrade fixture: scanned enrolment form\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def tiny_png(rgb: tuple[int, int, int] = (200, 120, 40), size: int = 24) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    raw = zlib.compress(row * size)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
            + chunk(b"IEND", b""))  # fmt: skip


def _pick(conn: object, status: str) -> tuple[int, str, str]:
    row = conn.execute(  # type: ignore[attr-defined]
        "SELECT id, student_no, name FROM students WHERE status = ? AND voided = 0 "
        "AND student_no IS NOT NULL ORDER BY student_no LIMIT 1",
        (status,),
    ).fetchone()
    if row is None:
        raise SystemExit(f"the demo data has no student with status {status}")
    return int(row[0]), str(row[1]), str(row[2])


def build(out: Path) -> dict[str, object]:
    archive = out / "archive"
    created = create_archive(
        archive,
        school_name=SCHOOL,
        admin=ADMIN,
        password=ADMIN_PASSWORD,
        kdf=PRODUCTION,
        binding="none",
    )
    session = created.session
    try:
        data = generate_demo(SEED, intakes=INTAKES, students_per_intake=3)
        load_demo_data(created, data, SEED)
        conn = session.archive.db.conn
        sid, student_no, name = _pick(conn, "enrolled")
        status_changes.record_change(
            session, sid, "leave_of_absence", effective_date=DAY,
            details={"expected_return_date": "2027-03-01"}, document_no="校学〔2026〕9号",
        )  # fmt: skip
        award = discipline.add_award(
            session, sid, level="校级", title="三好学生", decided_on="2026-06-30",
            document_no="校发〔2026〕3号",
        )  # fmt: skip
        punishment = discipline.add_punishment(
            session, sid, level="警告", decided_on="2026-10-08", document_no="校发〔2026〕7号",
            reason="旷课",
        )  # fmt: skip
        scan_id = attachments.attach(session, sid, "enrolment_form", SCAN, "application/pdf",
                                     "入学登记表（扫描件）")  # fmt: skip
        photo = tiny_png()
        attachments.set_photo(session, sid, photo)
        paper_files.set_location(session, [sid], cabinet="A", shelf="2", box="07")
        loan = file_loans.lend_file(session, sid, borrower="王老师", purpose="核对学籍材料",
                                    lent_on=DAY, due_on="2026-12-20")  # fmt: skip
        issued = documents.issue(session, PrintRequest("transcript", (sid,), purpose="升学"))
        users.add_user(session, admin_password=ADMIN_PASSWORD, username=CLERK,
                       password=CLERK_PASSWORD, roles=frozenset({Role.CLERK}),
                       display_name="李老师", kdf=PRODUCTION)  # fmt: skip
        statuses = dict(
            conn.execute("SELECT status, count(*) FROM students GROUP BY status").fetchall()
        )
        expected: dict[str, object] = {
            "program_version": about.VERSION,
            "schema": migrations.current_version(session.archive.db),
            "made_on": datetime.date.today().isoformat(),
            "school": SCHOOL,
            "archive_id": session.archive.archive_id,
            "admin": ADMIN,
            "admin_password": ADMIN_PASSWORD,
            "clerk": CLERK,
            "clerk_password": CLERK_PASSWORD,
            "recovery_code": created.recovery_code,
            "kdf": {"memory_kib": PRODUCTION.memory_kib, "iterations": PRODUCTION.iterations},
            "content_hash": content_hash(conn),
            "tables": table_counts(conn),
            "statuses": statuses,
            "users": [r[0] for r in conn.execute("SELECT username FROM users ORDER BY 1")],
            "student": {"id": sid, "student_no": student_no, "name": name, "status": "on_leave"},
            "status_change": {
                "kind": "leave_of_absence",
                "effective_date": DAY,
                "document_no": "校学〔2026〕9号",
            },
            "award": {"id": award, "title": "三好学生", "level": "校级"},
            "punishment": {"id": punishment, "level": "警告", "document_no": "校发〔2026〕7号"},
            "scan": {
                "attachment_id": scan_id,
                "sha256": hashlib.sha256(SCAN).hexdigest(),
                "size": len(SCAN),
            },
            "photo": {"sha256": hashlib.sha256(photo).hexdigest(), "size": len(photo)},
            "paper_file": {"cabinet": "A", "shelf": "2", "box": "07"},
            "loan": {"id": loan, "borrower": "王老师", "lent_on": DAY},
            "document": {"serial": issued.serials[0], "kind": "transcript"},
        }
    finally:
        session.close()
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if (out / "archive").exists():
        print(f"{out / 'archive'} exists: the fixture is made once, never again", file=sys.stderr)
        return 1
    schema = migrations.latest_version()
    if out == DEFAULT_OUT.resolve() and schema != about.FIRST_RELEASED_SCHEMA:
        print(f"this program writes schema {schema}, the first release wrote "
              f"{about.FIRST_RELEASED_SCHEMA}: the fixture must come from that release",
              file=sys.stderr)  # fmt: skip
        return 1
    out.mkdir(parents=True, exist_ok=True)
    expected = build(out)
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / "expected.json").write_text(text, "utf-8")
    size = sum(p.stat().st_size for p in (out / "archive").rglob("*") if p.is_file())
    print(f"fixture at {out}: schema {expected['schema']}, {size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
