"""The demo archive room (issue 8): every demo student's paper file with its place and papers,
one receiving batch per intake, loans (a few still out, one or two of them overdue as of the
demo's "today") and the dispatch register for the students who have left (most with their
receipt back, a few waiting past the receipt period, a few not sent yet, a few kept by the
school, one dispatch voided and sent again).

Pure and deterministic for a seed, like the rest of the demo data: it reads the generated
``DemoData`` (who left when and where to, which papers were scanned) and never the clock.
services/demo_load.py writes the rows.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from xueji_desktop.core.demo_types import DemoData, DemoStudent

__all__ = [
    "DemoDispatch",
    "DemoFiles",
    "DemoIntake",
    "DemoLoan",
    "DemoPaperFile",
    "plan_files",
]

Date = datetime.date
_DAY = datetime.timedelta(days=1)
IN_SCHOOL = ("enrolled", "on_leave")
# The papers a junior school hands over with a new student (the checklist's "always" types).
INTAKE_PAPERS = (
    "enrolment_form",
    "id_copy",
    "hukou_copy",
    "admission_notice",
    "junior_diploma",
    "photo",
    "conduct_record",
    "transcript",
)
PHOTOS = 4  # 一寸照片 in the folder
TALENT_CENTRE = ("邵阳市人才交流服务中心", "邵阳市双清区宝庆东路18号 人才中心档案室")
HUKOU_OFFICE = ("户籍所在地县（区）人力资源和社会保障局", "")
ARMED_FORCES = ("邵阳市双清区人民武装部", "邵阳市双清区东大路9号")
FILES_PER_BOX = 30
# Receiving clerks at the other end, for the 回执's signature.
SIGNERS = ("周敏", "陈晓红", "李卫东", "刘芳", "王建国", "谭丽", "唐志强", "蒋春兰")
BORROWERS = (
    ("刘建军", "邵阳市双清区人民武装部", "征兵政审"),
    ("张老师", "本校学生科", "学籍异动审核"),
    ("王老师", "本校资助中心", "资助材料核对"),
    ("李老师", "班主任", "班主任查阅学生材料"),
    ("赵科长", "邵阳市教育局职成科", "学籍抽查"),
    ("陈干事", "邵阳市公安局双清分局", "政审调查"),
)


@dataclass(frozen=True, slots=True)
class DemoIntake:
    """A receiving batch (file_intakes) and what each student's file held (file_intake_items)."""

    year: int
    received_on: Date
    source: str
    delivered_by: str
    remark: str
    items: tuple[
        tuple[str, Mapping[str, int], tuple[str, ...], str], ...
    ]  # 学号, papers, missing, remark


@dataclass(frozen=True, slots=True)
class DemoPaperFile:
    student_no: str
    cabinet: str
    shelf: str
    box: str
    received_on: Date
    intake_year: int
    contents: Mapping[str, int]
    kept: bool = False
    remark: str = ""
    kept_on: Date | None = None


@dataclass(frozen=True, slots=True)
class DemoLoan:
    student_no: str
    borrower: str
    borrower_unit: str
    purpose: str
    lent_on: Date
    due_on: Date
    returned_on: Date | None = None
    return_remark: str = ""


@dataclass(frozen=True, slots=True)
class DemoDispatch:
    student_no: str
    receiver_kind: str
    receiver: str
    receiver_address: str
    via: str
    dispatch_no: str
    carrier: str
    dispatched_on: Date
    batch_id: str
    receipt_on: Date | None = None
    receipt_signer: str = ""
    voided_on: Date | None = None
    void_reason: str = ""


@dataclass
class DemoFiles:
    intakes: list[DemoIntake] = field(default_factory=list)
    files: list[DemoPaperFile] = field(default_factory=list)
    loans: list[DemoLoan] = field(default_factory=list)
    dispatches: list[DemoDispatch] = field(default_factory=list)


def _batch_id(seed: int, key: str) -> str:
    """A dispatch batch id that is the same for the same seed (the service uses uuid4 hex)."""
    return hashlib.sha256(f"demo-{seed}-{key}".encode()).hexdigest()[:32]


def _left_on(data: DemoData) -> dict[str, Date]:
    """The day each student who has left did so (graduation, or the last 学籍异动 out)."""
    out: dict[str, Date] = {}
    for c in data.status_changes:
        if c.status_after not in IN_SCHOOL and c.status_before in IN_SCHOOL:
            out[c.student_no] = c.effective_date
    for s in data.students:
        if s.status not in IN_SCHOOL and s.student_no not in out and s.graduation_date:
            out[s.student_no] = s.graduation_date
    return out


def _place_and_papers(
    data: DemoData,
) -> tuple[dict[str, tuple[str, str, str]], dict[str, Counter[str]]]:
    """Cabinet per intake, shelf per major, 30 files a box in 学号 order; the folder's papers
    follow the scans (one piece each), the 学籍异动 approval forms and the photos."""
    # The 学号 ({intake}{major}{seq}) is fixed, so a file stays put when the student changes major.
    intakes = sorted({s.student_no[:4] for s in data.students})
    majors = sorted({s.student_no[4:-4] for s in data.students})
    places: dict[str, tuple[str, str, str]] = {}
    count: Counter[tuple[str, str]] = Counter()
    for s in sorted(data.students, key=lambda s: s.student_no):
        year, major = s.student_no[:4], s.student_no[4:-4]
        n = count[(year, major)]
        count[(year, major)] += 1
        places[s.student_no] = (
            f"{intakes.index(year) + 1}号柜",
            f"第{majors.index(major) + 1}层",
            f"{n // FILES_PER_BOX + 1}号盒",
        )
    papers: dict[str, Counter[str]] = {
        s.student_no: Counter({"photo": PHOTOS}) for s in data.students
    }
    for d in data.documents:
        papers[d.student_no][d.doc_type] = 1
    for c in data.status_changes:
        if c.kind not in ("graduation", "completion"):
            papers[c.student_no]["status_change_proof"] += 1
    return places, papers


def plan_files(seed: int, data: DemoData) -> DemoFiles:
    rng = random.Random(f"{seed}-paper-files")
    today = data.today
    out = DemoFiles()
    places, papers = _place_and_papers(data)
    left = _left_on(data)
    by_year: dict[int, list[DemoStudent]] = {}
    for s in data.students:
        by_year.setdefault(int(s.enrolment_month[:4]), []).append(s)
    received: dict[str, Date] = {}
    for year in sorted(by_year):
        day = min(Date(year, 9, 6), today)
        items = []
        for s in sorted(by_year[year], key=lambda s: s.student_no):
            have = {p: n for p in INTAKE_PAPERS if (n := papers[s.student_no].get(p, 0))}
            missing = tuple(p for p in INTAKE_PAPERS if p not in have)
            note = "缺件待补交" if missing else ""
            items.append((s.student_no, have, missing, note))
            received[s.student_no] = day
        out.intakes.append(
            DemoIntake(
                year,
                day,
                "示范市教育局（各初中学校移交的学籍档案）",
                "市教育局招生办 周老师",
                f"{year}级新生档案",
                tuple(items),
            )
        )
    gone = sorted((day, no) for no, day in left.items())
    # The students who left last are not sent yet; a few others the school keeps (归档保存).
    not_sent = {no for _, no in gone[-4:]} | {
        no for _, no in rng.sample(gone[:-4], min(2, len(gone) // 50))
    }
    keepable = [no for _, no in gone if no not in not_sent]
    kept = set(rng.sample(keepable, min(3, len(keepable) // 40)))
    by_no = {s.student_no: s for s in data.students}
    for s in data.students:
        cab, shelf, box = places[s.student_no]
        is_kept = s.student_no in kept
        out.files.append(
            DemoPaperFile(
                s.student_no,
                cab,
                shelf,
                box,
                received[s.student_no],
                int(s.enrolment_month[:4]),
                dict(papers[s.student_no]),
                is_kept,
                "学校归档保存：无法联系到本人，户籍所在地不接收" if is_kept else "",
                min(left[s.student_no] + 20 * _DAY, today) if is_kept else None,
            )
        )
    _dispatches(seed, rng, data, out, left, not_sent | kept, by_no)
    _loans(rng, data, out, left)
    return out


def _receiver(
    data_dest: Mapping[str, tuple[str, str]], to_school: Mapping[str, str], s: DemoStudent
) -> tuple[str, str, str]:
    """(receiver kind, receiver, address) by how the student left and their destination."""
    if s.student_no in to_school:
        return "school", to_school[s.student_no], ""
    kind, employer = data_dest.get(s.student_no, ("", ""))
    if kind == "further_study" and employer:
        return "school", employer, ""
    if kind == "military":
        return "military", *ARMED_FORCES
    if s.status == "graduated" and kind == "employment":
        return "talent_centre", *TALENT_CENTRE
    return "hukou_place", *HUKOU_OFFICE


def _dispatches(
    seed: int,
    rng: random.Random,
    data: DemoData,
    out: DemoFiles,
    left: Mapping[str, Date],
    skip: set[str],
    by_no: Mapping[str, DemoStudent],
) -> None:
    dest = {d.student_no: (d.kind, d.employer) for d in data.destinations}
    to_school = {c.student_no: c.to_school for c in data.status_changes if c.kind == "transfer_out"}
    numbers: Counter[int] = Counter()

    def number(day: Date) -> str:
        numbers[day.year] += 1
        return f"湘机{day.year}-{numbers[day.year]:04d}"

    sent = sorted((left[no], by_no[no].class_key, no) for no in left if no not in skip)
    waiting = {no for _, _, no in rng.sample(sent, min(5, len(sent) // 30))} if sent else set()
    voided_one = sent[len(sent) // 3][2] if len(sent) > 10 else ""
    for day_left, class_key, no in sent:
        s = by_no[no]
        kind, receiver, address = _receiver(dest, to_school, s)
        if kind == "talent_centre":  # one batch per class, ten days after leaving
            day, batch = day_left + 10 * _DAY, _batch_id(seed, class_key)
        else:
            day, batch = day_left + rng.randrange(7, 25) * _DAY, _batch_id(seed, no)
        if day > data.today:
            continue  # left too recently: on the dispatch-due list
        in_person = kind == "school" and rng.random() < 0.3
        # In person: a teacher of the next school takes it; the slip names who took it.
        via, carrier = (
            ("in_person", rng.choice(SIGNERS)) if in_person else ("confidential_mail", "")
        )
        if no == voided_one:  # sent to the wrong place, came back, voided and sent again
            wrong = ("talent_centre", *TALENT_CENTRE)
            if kind == "talent_centre":
                wrong = ("hukou_place", *HUKOU_OFFICE)
            out.dispatches.append(
                DemoDispatch(
                    no,
                    *wrong,
                    "confidential_mail",
                    number(day),
                    "",
                    day,
                    _batch_id(seed, no + "-void"),
                    voided_on=day + 12 * _DAY,
                    void_reason="寄错单位，档案被退回",
                )
            )
            day = day + 14 * _DAY
        dispatch_no = "" if in_person else number(day)
        receipt = day + rng.randrange(6, 40) * _DAY
        if no in waiting or receipt > data.today:
            receipt_on, signer = None, ""
        else:
            receipt_on, signer = receipt, rng.choice(SIGNERS)
        out.dispatches.append(
            DemoDispatch(
                no,
                kind,
                receiver,
                address,
                via,
                dispatch_no,
                carrier,
                day,
                batch,
                receipt_on,
                signer,
            )
        )


def _loans(rng: random.Random, data: DemoData, out: DemoFiles, left: Mapping[str, Date]) -> None:
    """Loans of files still in school: returned ones over the years, six still out as of today,
    two of them past their due date."""
    at_school = sorted(s.student_no for s in data.students if s.status in IN_SCHOOL)
    if len(at_school) < 20:
        return
    chosen = rng.sample(at_school, min(26, len(at_school)))
    now = data.today
    for i, no in enumerate(chosen):
        borrower, unit, purpose = BORROWERS[i % len(BORROWERS)]
        start = max(Date(int(no[:4]), 10, 1), now - 700 * _DAY)
        if i < 2:  # overdue
            lent = now - (50 + 15 * i) * _DAY
            out.loans.append(DemoLoan(no, borrower, unit, purpose, lent, lent + 30 * _DAY))
        elif i < 6:  # out, not yet due
            lent = now - (3 + 4 * i) * _DAY
            out.loans.append(DemoLoan(no, borrower, unit, purpose, lent, lent + 30 * _DAY))
        elif start < now - 40 * _DAY:
            lent = start + rng.randrange((now - 40 * _DAY - start).days) * _DAY
            back = lent + rng.randrange(2, 35) * _DAY
            out.loans.append(
                DemoLoan(
                    no,
                    borrower,
                    unit,
                    purpose,
                    lent,
                    lent + 30 * _DAY,
                    back,
                    "完好归还" if rng.random() < 0.8 else "已核对，材料齐全",
                )
            )
