"""Generate (once) a large archive for the records benchmarks: N students with 40 grades each.

Five cohorts (2022-2026级, two graduated), 8 majors, classes of ~45, 9 terms, 10 public + 30
professional courses per major, 1-2 family members each, realistic names: weighted common
surnames, polyphonic and compound surnames (单 曾 解 仇 区 朴 查 盖 尉迟 欧阳), and one name in
five drawn from very common two-character names (王伟, 李娜, 张敏 …) so that prefixes such as 王伟
match hundreds of students. A few percent are on leave (some overdue), withdrawn or transferred
out, not yet 已核准, or have aid; most graduates have a destination.

Everything is inserted with executemany inside one ``db.atomic()`` on an archive made by
``create_archive`` with the fast test KDF; the search keys are built in the same transaction.
The archive is cached under ``$XUEJI_BENCH_DIR`` (default: <tmp>/xueji-bench/students-N) and
reused while its ``generated.json`` matches the parameters.

Run: .venv/bin/python benchmarks/gen_archive.py [--students N] [--force]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.majors import MAJORS
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.context import Session
from xueji_desktop.services.search import rebuild_search_keys
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

ADMIN = "admin"
PASSWORD = "Bench-Archive-Password-1"
GENERATOR_VERSION = 1
COHORTS = (2022, 2023, 2024, 2025, 2026)
GRADES_PER_STUDENT = 40
_COMMON = "王伟 王芳 李娜 张伟 王静 李静 张敏 刘洋 王磊 李强 张静 王敏 刘伟 张丽 王丽 李军 王勇 \
李伟 张勇 王艳 李杰 张磊 刘杰 陈静 杨洋 王刚 李明 刘芳 陈伟 王洋"
COMMON_NAMES = tuple(_COMMON.split())
POLYPHONIC = ("单", "曾", "解", "仇", "区", "朴", "查", "盖", "尉迟", "欧阳", "单于", "缪", "翟")
COUNTIES = (
    "430502",
    "430503",
    "430511",
    "430521",
    "430522",
    "430523",
    "430524",
    "430525",
    "430527",
    "430528",
    "430581",
    "431202",
    "450102",
    "522601",
)
BASE = {
    "id_type": "1",
    "student_category": "33110",
    "study_mode": "全日制",
    "admission_mode": "01",
    "boarding_mode": "2",
    "nationality": "156",
    "overseas_status": "00",
    "migrant_child": 0,
    "hukou_type": "农业户口",
    "residence_type": "农村",
    "major_catalogue": "2021",
    "program_length": "三年制",
    "ethnicity": "01",
    "political_status": "03",
    "health_status": "1",
    "enrolment_target": "应届初中毕业生",
    "poverty_registered": 0,
    "staged_training": "非分段培养",
}


def bench_dir(students: int) -> Path:
    base = os.environ.get("XUEJI_BENCH_DIR") or str(Path(tempfile.gettempdir()) / "xueji-bench")
    return Path(base) / f"students-{students}"


def params(students: int) -> dict[str, Any]:
    return {"students": students, "grades": GRADES_PER_STUDENT, "version": GENERATOR_VERSION}


def open_bench(students: int = 100_000, *, force: bool = False) -> tuple[Session, Path]:
    """The cached archive (generated first if missing or stale) and a logged-in admin session."""
    root = bench_dir(students)
    marker = root.parent / f"students-{students}.json"
    if force or not marker.exists() or json.loads(marker.read_text()) != params(students):
        if root.exists():
            shutil.rmtree(root)
        marker.unlink(missing_ok=True)
        root.parent.mkdir(parents=True, exist_ok=True)
        generate(root, students)
        marker.write_text(json.dumps(params(students)))
    return archive_service.login(root, ADMIN, PASSWORD), root


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self, male: bool) -> str:
        r = self.rng.random()
        if r < 0.2:
            return self.rng.choice(COMMON_NAMES)
        surname = (
            self.rng.choice(POLYPHONIC)
            if r < 0.23
            else self.rng.choices(dn.SURNAMES, weights=dn.SURNAME_WEIGHTS)[0]
        )
        chars = dn.MALE_GIVEN_CHARS if male else dn.FEMALE_GIVEN_CHARS
        size = 1 if self.rng.random() < 0.3 else 2
        return surname + "".join(self.rng.choice(chars) for _ in range(size))

    def phone(self) -> str:
        return self.rng.choice(dn.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"


def generate(root: Path, students: int, seed: int = 20261125) -> None:
    t0 = time.perf_counter()
    created = archive_service.create_archive(
        root,
        school_name="基准测试职业中专",
        admin=ADMIN,
        password=PASSWORD,
        kdf=FAST_FOR_TESTS,
        binding="none",
    )
    session = created.session
    rng = random.Random(seed)
    names = _Names(rng)
    now = "2026-11-25T00:00:00Z"
    majors = MAJORS[:8]
    with session.archive.db.atomic() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO majors (code, name, catalogue_version, program_length) "
            "VALUES (?,?,?,3)",
            [(m.code, m.name, "2021") for m in majors],
        )
        terms: list[tuple[int, str, str]] = []  # (id, start, end) in order
        for year in range(COHORTS[0], COHORTS[-1] + 1):
            for sem, start, end in (
                (1, f"{year}-09-01", f"{year + 1}-01-20"),
                (2, f"{year + 1}-02-20", f"{year + 1}-07-10"),
            ):
                if year == COHORTS[-1] and sem == 2:
                    continue
                cur = conn.execute(
                    "INSERT INTO terms (code, name, school_year, semester, start_date, end_date) "
                    "VALUES (?,?,?,?,?,?)",
                    (
                        f"{year}-{year + 1}-{sem}",
                        f"{year}—{year + 1}学年第{sem}学期",
                        year,
                        sem,
                        start,
                        end,
                    ),
                )
                terms.append((int(cur.lastrowid), start, end))
        public = [
            int(
                conn.execute(
                    "INSERT INTO courses (code, name, course_type, credits, hours) "
                    "VALUES (?,?,'public_basic',2,32)",
                    (f"GB{i:03d}", f"公共基础课{i}"),
                ).lastrowid
            )
            for i in range(10)
        ]
        professional: dict[str, list[int]] = {}
        for m in majors:
            professional[m.code] = [
                int(
                    conn.execute(
                        "INSERT INTO courses (code, name, course_type, credits, hours, major_code) "
                        "VALUES (?,?,'professional',3,48,?)",
                        (f"{m.code}-{i:02d}", f"{m.name}课{i}", m.code),
                    ).lastrowid
                )
                for i in range(GRADES_PER_STUDENT - len(public))
            ]
        per_cohort = students // len(COHORTS)
        student_rows: list[tuple[Any, ...]] = []
        family_rows: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        aid_rows: list[tuple[Any, ...]] = []
        destinations: list[tuple[Any, ...]] = []
        grade_plan: list[tuple[int, str, list[int]]] = []  # (student id, major, term ids)
        used_ids: set[str] = set()
        sid = 0
        cols = list(BASE)
        for ci, intake in enumerate(COHORTS):
            count = per_cohort if ci < len(COHORTS) - 1 else students - per_cohort * ci
            graduated_cohort = intake + 3 <= 2026
            cohort_terms = [t for t in terms if t[1] >= f"{intake}-09-01"][:6]
            seq_by_major: dict[str, int] = {}
            for k in range(count):
                major = majors[k % len(majors)]
                class_index = (k // len(majors)) // 45 + 1
                key = f"{intake}-{major.code}-{class_index}"
                class_id = _class_id(conn, key, intake, major.code, class_index, major.name)
                sid += 1
                male = rng.random() < 0.55
                name = names.name(male)
                birth = datetime.date(intake - 16, 1, 1) + datetime.timedelta(
                    days=rng.randrange(730)
                )
                while True:
                    first17 = (
                        f"{rng.choice(COUNTIES)}{birth:%Y%m%d}"
                        f"{rng.randrange(1, 500) * 2 + (1 if male else 0):03d}"
                    )
                    idn = first17 + check_char(first17)
                    if idn not in used_ids:
                        used_ids.add(idn)
                        break
                seq_by_major[major.code] = seq_by_major.get(major.code, 0) + 1
                student_no = f"{intake}{major.code}{seq_by_major[major.code]:04d}"
                r = rng.random()
                status, grad_date, outcome = "enrolled", "", ""
                if graduated_cohort:
                    status, grad_date, outcome = "graduated", f"{intake + 3}-07-01", "graduated"
                    if r < 0.9:
                        destinations.append((sid, "employment", "某某公司", 1, grad_date))
                elif r < 0.02:
                    status = "on_leave"
                    leave = f"{2026 if rng.random() < 0.5 else 2025}-03-01"
                    due = f"{int(leave[:4]) + 1}-03-01"
                    changes.append(
                        (
                            sid,
                            "leave_of_absence",
                            leave,
                            json.dumps({"expected_return_date": due}),
                            "enrolled",
                            "on_leave",
                        )
                    )
                elif r < 0.04:
                    status = "withdrawn"
                    changes.append((sid, "withdrawal", "2025-10-01", "{}", "enrolled", "withdrawn"))
                report = (
                    "approved"
                    if rng.random() < 0.9
                    else rng.choice(("draft", "confirmed", "reported", "returned"))
                )
                student_rows.append(
                    (
                        sid,
                        student_no,
                        "G" + idn,
                        name,
                        "",
                        "1" if male else "2",
                        f"{birth:%Y-%m-%d}",
                        idn,
                        f"{intake}09",
                        major.code,
                        class_id,
                        status,
                        report,
                        outcome,
                        grad_date,
                        names.phone(),
                        "湖南省邵阳市双清区建设路1号",
                        "430502",
                        "430502",
                        "430502",
                        now,
                        now,
                        *BASE.values(),
                    )
                )
                family_rows.append((sid, 1, name[0] + "大山", "父亲", 1, names.phone()))
                if rng.random() < 0.6:
                    family_rows.append((sid, 2, "李秀英", "母亲", 0, names.phone()))
                if rng.random() < 0.3 and cohort_terms:
                    for t in cohort_terms[:2]:
                        aid_rows.append((sid, t[0], "state_grant", 100000, t[1]))
                attended = cohort_terms if rng.random() > 0.005 else cohort_terms[1:]
                grade_plan.append((sid, major.code, [t[0] for t in attended]))
        conn.executemany(
            "INSERT INTO students (id, student_no, registry_no, name, name_pinyin, gender, "  # noqa: S608
            "birth_date, id_number, enrolment_month, major_code, class_group_id, status, "
            "report_status, graduation_outcome, graduation_date, phone, home_address, "
            f"birthplace, native_place, hukou_place, created_at, updated_at, {', '.join(cols)}) "
            f"VALUES ({', '.join('?' * (22 + len(cols)))})",
            student_rows,
        )
        conn.executemany(
            "INSERT INTO family_members (student_id, seq, name, relation, is_guardian, phone) "
            "VALUES (?,?,?,?,?,?)",
            family_rows,
        )
        conn.executemany(
            "INSERT INTO status_changes (student_id, kind, effective_date, details, "
            "status_before, status_after, created_at, created_by) VALUES (?,?,?,?,?,?,?,'bench')",
            [(*c, now) for c in changes],
        )
        conn.executemany(
            "INSERT INTO financial_aid (student_id, term_id, kind, amount_fen, paid_on) "
            "VALUES (?,?,?,?,?)",
            aid_rows,
        )
        conn.executemany(
            "INSERT INTO destinations (student_id, kind, employer, matches_major, recorded_on) "
            "VALUES (?,?,?,?,?)",
            destinations,
        )
        t1 = time.perf_counter()
        print(f"students etc.: {t1 - t0:.1f} s")
        conn.executemany(
            "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) "
            "VALUES (?,?,?,?,?)",
            _grades(rng, grade_plan, public, professional, now),
        )
        t2 = time.perf_counter()
        print(f"grades: {t2 - t1:.1f} s")
        rebuild_search_keys(conn)
        print(f"search keys: {time.perf_counter() - t2:.1f} s")
    session.close()
    print(f"generated {students} students in {time.perf_counter() - t0:.1f} s at {root}")


_CLASSES: dict[str, int] = {}


def _class_id(conn: Any, key: str, intake: int, major: str, index: int, name: str) -> int:
    if key not in _CLASSES:
        cur = conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
            "graduation_year) VALUES (?,?,?,?,?,?)",
            (key, f"{intake}级{name}{index}班", intake, major, "李老师", intake + 3),
        )
        _CLASSES[key] = int(cur.lastrowid)
    return _CLASSES[key]


def _grades(
    rng: random.Random,
    plan: list[tuple[int, str, list[int]]],
    public: list[int],
    professional: dict[str, list[int]],
    now: str,
) -> Iterator[tuple[Any, ...]]:
    for sid, major, term_ids in plan:
        if not term_ids:
            continue
        for i, course in enumerate(public + professional[major]):
            yield sid, course, term_ids[i % len(term_ids)], float(rng.randint(40, 100)), now


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    session, _ = open_bench(args.students, force=args.force)
    conn = session.archive.db.conn
    for table in ("students", "grades", "search_keys", "family_members"):
        print(table, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    session.close()


if __name__ == "__main__":
    main()
