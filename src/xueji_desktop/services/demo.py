"""``xueji demo``: a practice archive (练习库) full of realistic synthetic students.

Deterministic for a seed: the rows in ``majors``, ``class_groups``, ``students`` and
``family_members`` are identical for the same seed (student timestamps come from the enrolment
month, not the clock; only the archive's own rows - users, key-slot registry, audit log - differ).
The demo admin is ``admin`` with the password in ``DEMO_PASSWORD`` (documented in the README).
The archive is always password-only (not bound to the workstation), so the practice archive opens
anywhere, and it is marked as practice in every window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from xueji_desktop.core.demo_data import DemoData, generate_demo
from xueji_desktop.services import audit
from xueji_desktop.services.archive import Created, create_archive
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "xueji-demo-2026"  # noqa: S105 - published in the README on purpose


def create_demo(
    root: Path,
    *,
    seed: int = 1,
    password: str = DEMO_PASSWORD,
    kdf: KdfParams = PRODUCTION,
    students_per_intake: int = 400,
    progress: Callable[[int, int], None] | None = None,
) -> Created:
    data = generate_demo(seed, students_per_intake=students_per_intake)
    created = create_archive(
        root,
        school_name=data.school.name,
        school_code=data.school.code,
        admin=DEMO_ADMIN,
        password=password,
        kdf=kdf,
        binding="none",
        practice=True,
    )
    load_demo_data(created, data, seed, progress)
    return created


def enrolment_timestamp(enrolment_month: str) -> str:
    """``created_at``/``updated_at`` of a demo student: 08:00 UTC on the 1st of the enrolment
    month ("202409" -> "2024-09-01T08:00:00.000000Z"), in the format of ``layout.now_utc()``."""
    return f"{enrolment_month[:4]}-{enrolment_month[4:6]}-01T08:00:00.000000Z"


def load_demo_data(
    created: Created, data: DemoData, seed: int, progress: Callable[[int, int], None] | None = None
) -> None:
    session = created.session
    h = session.archive
    total = len(data.students)
    with h.db.atomic() as conn:
        conn.executemany(
            "INSERT INTO majors (code, name, catalogue_version, program_length) VALUES (?,?,?,?)",
            [(m.code, m.name, m.catalogue_version, m.program_length) for m in data.majors],
        )
        class_ids: dict[str, int] = {}
        for cg in data.class_groups:
            cur = conn.execute(
                "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher) "
                "VALUES (?,?,?,?,?)",
                (cg.key, cg.name, cg.intake_year, cg.major_code, cg.head_teacher),
            )
            class_ids[cg.key] = int(cur.lastrowid)
        major_of = {cg.key: cg.major_code for cg in data.class_groups}
        for done, s in enumerate(data.students, start=1):
            ts = enrolment_timestamp(s.enrolment_month)
            cur = conn.execute(
                "INSERT INTO students (student_no, registry_no, name, name_pinyin, gender, "
                "birth_date, id_type, id_number, ethnicity, political_status, native_place, "
                "hukou_place, hukou_type, major_code, class_group_id, enrolment_month, phone, "
                "home_address, status, report_status, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    s.student_no,
                    "G" + s.id_number,
                    s.name,
                    s.name_pinyin,
                    s.gender,
                    s.birth_date.isoformat(),
                    s.id_type,
                    s.id_number,
                    s.ethnicity,
                    s.political_status,
                    s.native_place,
                    s.hukou_place,
                    s.hukou_type,
                    major_of[s.class_key],
                    class_ids[s.class_key],
                    s.enrolment_month,
                    s.phone,
                    s.address,
                    "enrolled",
                    "approved",
                    ts,
                    ts,
                ),
            )
            sid = int(cur.lastrowid)
            conn.executemany(
                "INSERT INTO family_members (student_id, seq, relation, name, phone, is_guardian)"
                " VALUES (?,?,?,?,?,?)",
                [
                    (sid, i, f.relation, f.name, f.phone, int(f.is_guardian))
                    for i, f in enumerate(s.family_members, start=1)
                ],
            )
            if progress is not None and (done % 200 == 0 or done == total):
                progress(done, total)
        audit.record(
            h,
            session.username,
            "demo_data_loaded",
            target_type="archive",
            target_id=h.archive_id,
            details={
                "seed": seed,
                "students": total,
                "majors": len(data.majors),
                "class_groups": len(data.class_groups),
            },
        )
