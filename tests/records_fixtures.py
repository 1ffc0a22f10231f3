"""Test-data builders for the records issue: a school structure, complete students, and the
extra accounts (viewer, second admin, …) the role tests log in as.

These write straight into the real encrypted archive (one ``atomic()``), so tests of one service
do not depend on the others. Values are valid against the national code tables.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.conftest import ADMIN, ADMIN_PASSWORD, SCHOOL
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.roles import Role
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, create_archive
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import now_utc

_SEQ = itertools.count(1)

MAJOR = "710201"  # 计算机应用 (demo catalogue)
MAJOR2 = "730301"  # 会计事务


def cn_number(n: int) -> str:
    """Digits as Chinese numerals: test names must be names (no ASCII digits)."""
    return "".join("零一二三四五六七八九"[int(d)] for d in str(n))


def make_id_number(birth: str = "20100315", region: str = "430502", *, male: bool = True) -> str:
    """A valid 18-char ID number, unique per call (sequence from a counter)."""
    n = next(_SEQ) % 500
    seq = f"{(n * 2 + (1 if male else 0)) % 1000:03d}"
    first17 = region + birth + seq
    return first17 + check_char(first17)


def setup_structure(session: Session) -> dict[str, int]:
    """Two majors, two classes (2025级), two terms, three courses. Returns their ids by key."""
    ids: dict[str, int] = {}
    with session.archive.db.atomic() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO majors (code, name, catalogue_version, program_length) "
            "VALUES (?,?,?,?)",
            [(MAJOR, "计算机应用", "2021", 3), (MAJOR2, "会计事务", "2021", 3)],
        )
        for key, name, major in (("c1", "2025级计算机1班", MAJOR), ("c2", "2025级会计1班", MAJOR2)):
            cur = conn.execute(
                "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
                "graduation_year) VALUES (?,?,?,?,?,?)",
                (f"2025-{key}", name, 2025, major, "李老师", 2028),
            )
            ids[key] = int(cur.lastrowid)
        for key, code, name, year, sem, start, end in (
            ("t1", "2025-2026-1", "2025—2026学年第一学期", 2025, 1, "2025-09-01", "2026-01-20"),
            ("t2", "2025-2026-2", "2025—2026学年第二学期", 2025, 2, "2026-02-20", "2026-07-10"),
        ):
            cur = conn.execute(
                "INSERT INTO terms (code, name, school_year, semester, start_date, end_date) "
                "VALUES (?,?,?,?,?,?)",
                (code, name, year, sem, start, end),
            )
            ids[key] = int(cur.lastrowid)
        for key, code, name, ctype, credits in (
            ("math", "GB001", "数学", "public_basic", 4.0),
            ("chinese", "GB002", "语文", "public_basic", 4.0),
            ("prog", "ZY101", "程序设计基础", "professional", 6.0),
        ):
            cur = conn.execute(
                "INSERT INTO courses (code, name, course_type, credits, hours, major_code) "
                "VALUES (?,?,?,?,?,?)",
                (code, name, ctype, credits, 64, None if ctype == "public_basic" else MAJOR),
            )
            ids[key] = int(cur.lastrowid)
    return ids


def student_values(**overrides: Any) -> dict[str, Any]:
    """A complete, valid record in internal names and stored codes."""
    male = overrides.pop("male", True)
    birth = overrides.pop("birth", "20100315")
    idn = overrides.pop("id_number", None) or make_id_number(birth, male=male)
    values: dict[str, Any] = {
        "name": "张三",
        "name_pinyin": "zhang san",
        "gender": "1" if male else "2",
        "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
        "id_type": "1",
        "id_number": idn,
        "student_category": "33110",
        "study_mode": "全日制",
        "admission_mode": "01",
        "boarding_mode": "2",
        "nationality": "156",
        "overseas_status": "00",
        "migrant_child": 0,
        "birthplace": "430502",
        "native_place": "430502",
        "hukou_place": "430502",
        "hukou_type": "农业户口",
        "residence_type": "农村",
        "enrolment_month": "202509",
        "major_code": MAJOR,
        "major_catalogue": "2021",
        "program_length": "三年制",
        "ethnicity": "01",
        "political_status": "03",
        "health_status": "1",
        "enrolment_target": "应届初中毕业生",
        "phone": "13812345678",
        "poverty_registered": 0,
        "staged_training": "非分段培养",
        "home_address": "湖南省邵阳市双清区建设路1号",
    }
    values.update(overrides)
    return values


def insert_student(
    session: Session,
    class_group_id: int | None = None,
    *,
    student_no: str | None = None,
    registry_no: str | None = None,
    status: str = "enrolled",
    report_status: str = "approved",
    family: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> int:
    """Insert one student directly (no validation, no audit) and return its id."""
    values = student_values(**overrides)
    n = next(_SEQ)
    values.update(
        student_no=student_no if student_no is not None else f"2025710201{n:04d}",
        registry_no=registry_no if registry_no is not None else "G" + values["id_number"],
        class_group_id=class_group_id,
        status=status,
        report_status=report_status,
        created_at=now_utc(),
        updated_at=now_utc(),
    )
    cols = list(values)
    with session.archive.db.atomic() as conn:
        cur = conn.execute(
            f"INSERT INTO students ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
            [values[c] for c in cols],
        )
        sid = int(cur.lastrowid)
        for seq, fm in enumerate(
            family
            if family is not None
            else [{"name": "张大山", "relation": "父亲", "is_guardian": 1, "phone": "13912345678"}],
            start=1,
        ):
            fcols = ["student_id", "seq", *fm]
            conn.execute(
                f"INSERT INTO family_members ({', '.join(fcols)}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(fcols))})",
                [sid, seq, *fm.values()],
            )
    return sid


# -- accounts ------------------------------------------------------------------------------------


def add_account(owner: Session, username: str, password: str, roles: Iterable[Role]) -> None:
    """Another account, added by the admin the ``archive`` fixture creates (fast KDF)."""
    user_service.add_user(
        owner,
        admin_password=ADMIN_PASSWORD,
        username=username,
        password=password,
        roles=frozenset(roles),
        kdf=FAST_FOR_TESTS,
    )


def password_only_archive(
    root: Path, accounts: Iterable[tuple[str, str, Iterable[Role]]] = ()
) -> Created:
    """An archive opened by password alone (no keyring is involved) with ``accounts`` (user name,
    password, roles) added; the owner's (admin+clerk) session is left open for the caller."""
    created = create_archive(
        root,
        school_name=SCHOOL,
        admin=ADMIN,
        password=ADMIN_PASSWORD,
        kdf=FAST_FOR_TESTS,
        binding="none",
    )
    try:
        for username, password, roles in accounts:
            add_account(created.session, username, password, roles)
    except BaseException:
        created.session.close()
        raise
    return created
