"""Document content (services/document_content.py) from a real archive: every value as printed,
refusals, the content digest. The school below (``make_school``) is shared with
test_document_content_forms.py: one class, grades with 补考, family, a photo, and students in the
states the documents need, made through the real services where they exist."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import struct
import zlib
from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import DocumentNotApplicable, NotFound, ValidationError
from xueji_desktop.core.fields import STUDENT_FIELDS
from xueji_desktop.printing import model
from xueji_desktop.printing.model import Document
from xueji_desktop.resources import resources_root
from xueji_desktop.services import attachments, document_settings, grades, graduation
from xueji_desktop.services import document_content as dc
from xueji_desktop.services import document_tables as dc_tables
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.layout import now_utc

RESOURCES = resources_root() / "templates"

TODAY = datetime.date(2028, 7, 10)
NOW = datetime.datetime(2028, 7, 10, 12).timestamp()


def tiny_png() -> bytes:
    """A real 2×2 grey PNG (the renderer decodes it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@dataclasses.dataclass
class School:
    session: Session
    ids: dict[str, int]

    @property
    def handle(self) -> Any:
        return self.session.archive

    def student(self, **kw: Any) -> int:
        kw.setdefault("report_status", "approved")
        class_id = kw.pop("class_id", self.ids["c1"])
        return insert_student(self.session, class_id, **kw)

    def grade(self, sid: int, course: str, term: str, score: float | None, label: str = "") -> None:
        grades.record_grade(
            self.session, sid, self.ids[course], self.ids[term], score=score, grade_label=label
        )

    def pass_all(self, sid: int) -> None:
        self.grade(sid, "math", "t1", 88)
        self.grade(sid, "chinese", "t1", 52)
        grades.record_makeup(
            self.session, sid, self.ids["chinese"], self.ids["t1"], score=70,
            exam_date="2026-03-02",
        )  # fmt: skip
        self.grade(sid, "prog", "t2", 91)

    def set_score(self, sid: int, course: str, term: str, score: float) -> None:
        with self.session.archive.db.atomic() as conn:
            conn.execute(
                "UPDATE grades SET score = ?, updated_at = ? WHERE student_id = ? AND course_id = ?"
                " AND term_id = ?",
                (score, now_utc(), sid, self.ids[course], self.ids[term]),
            )


def make_school(created: Created) -> School:
    session = created.session
    session.archive.clock = lambda: NOW
    ids = setup_structure(session)
    with session.archive.db.atomic() as conn:
        conn.execute("UPDATE school SET code = '4300010001' WHERE id = 1")
    school = School(session, ids)
    # 张三: graduated, with a 补考, a photo and two family members.
    zhang = school.student(
        name="张三", student_no="20257102010001", birth="20100315",
        family=[
            {"name": "张大山", "relation": "父亲", "is_guardian": 1, "phone": "13912345678",
             "employer": "邵阳市建筑公司"},
            {"name": "李小梅", "relation": "母亲", "is_guardian": 0, "phone": "13912345679"},
        ],
    )  # fmt: skip
    school.pass_all(zhang)
    attachments.set_photo(session, zhang, tiny_png())
    graduation.graduate(
        session, zhang, outcome="graduation", effective_date="2028-06-30",
        diploma_no="4300010001280001", document_no="测职专籍〔2028〕9号",
    )  # fmt: skip
    ids["zhang"] = zhang
    # 李四: enrolled, no grades.
    ids["li"] = school.student(name="李四", student_no="20257102010002", male=False)
    return school


@pytest.fixture
def school(archive: Created) -> School:
    return make_school(archive)


def build(school: School, kind: str, sid: int, **params: str) -> Document:
    return dc.student_document(school.handle, kind, sid, params=params, today=TODAY)


# -- transcript -----------------------------------------------------------------------------


def test_transcript_lists_every_term_with_makeup_results_and_the_diploma(school: School) -> None:
    doc = build(school, model.TRANSCRIPT, school.ids["zhang"])
    f = doc.fields
    assert doc.subject == "20257102010001 张三"
    assert f["name"] == "张三"
    assert f["id_number"].startswith("43050220100315") and len(f["id_number"]) == 18
    assert f["birth_date"] == "2010年3月15日"
    assert f["enrolment_month"] == "2025年9月"
    assert f["leaving_month"] == "2028年6月"
    assert f["program_length"] == "3年"
    assert f["gender"] == "男"
    assert f["major"] == "计算机应用"
    assert f["graduation_outcome"] == "毕业"
    assert f["diploma_no"] == "4300010001280001"
    courses = doc.tables["courses"]
    assert courses.columns == dc_tables.COURSE_COLUMNS
    assert courses.groups == (("2025—2026学年第一学期", 0), ("2025—2026学年第二学期", 2))
    by_course = {r[1]: r for r in courses.rows}
    assert by_course["数学"][2:] == ("公共基础课", "4", "88", "", "", "合格")
    assert by_course["语文"][2:] == ("公共基础课", "4", "52", "70", "", "补考合格")
    assert by_course["程序设计基础"][2:] == ("专业课", "6", "91", "", "", "合格")
    # The default summary: totals and the plain average; the weighted one is not chosen.
    assert f["total_credits"] == "14"
    assert f["earned_credits"] == "14"
    assert f["average_score"] == "77.0"  # (88 + 52 + 91) / 3
    assert f["weighted_average"] == ""
    assert doc.photo == tiny_png()


def test_transcript_summary_follows_the_school_setting(school: School) -> None:
    # Through the settings service the print settings page calls: the builder reads its key.
    document_settings.set_transcript_summary(school.session, ["weighted_average", "earned_credits"])
    f = build(school, model.TRANSCRIPT, school.ids["zhang"]).fields
    assert f["weighted_average"] == "79.0"  # (88*4 + 52*4 + 91*6) / 14
    assert f["earned_credits"] == "14"
    assert f["total_credits"] == "" and f["average_score"] == ""


def test_transcript_failed_course_labels_and_no_diploma_before_graduation(school: School) -> None:
    sid = school.ids["li"]
    school.grade(sid, "math", "t1", 40)
    school.grade(sid, "prog", "t2", None, "良好")
    doc = build(school, model.TRANSCRIPT, sid)
    rows = {r[1]: r for r in doc.tables["courses"].rows}
    assert rows["数学"][4:] == ("40", "", "", "不合格")
    assert rows["程序设计基础"][4:] == ("良好", "", "", "合格")
    assert doc.fields["total_credits"] == "10"
    assert doc.fields["earned_credits"] == "6"
    assert doc.fields["average_score"] == "40.0"  # graded-by-label courses are not averaged
    assert doc.fields["diploma_no"] == "" and doc.fields["graduation_outcome"] == ""
    assert doc.fields["leaving_month"] == ""
    assert doc.photo is None


def test_transcript_without_grades_has_an_empty_table(school: School) -> None:
    doc = build(school, model.TRANSCRIPT, school.ids["li"])
    assert doc.tables["courses"].rows == ()
    assert doc.fields["total_credits"] == "" and doc.fields["average_score"] == ""


# -- registration card, verification sheet --------------------------------------------------------


def test_registration_card_has_identity_family_and_photo(school: School) -> None:
    doc = build(school, model.REGISTRATION_CARD, school.ids["zhang"])
    f = doc.fields
    assert (f["ethnicity"], f["political_status"], f["hukou_type"]) == (
        "汉族",
        "共青团员",
        "农业户口",
    )
    assert f["native_place"] == "湖南省邵阳市双清区"
    assert f["address"] == "湖南省邵阳市双清区建设路1号"
    family = doc.tables["family"]
    rows = [dict(zip(family.columns, r, strict=True)) for r in family.rows]
    assert rows[0]["relation"] == "父亲" and rows[0]["name"] == "张大山"
    assert rows[0]["guardian"] == "是" and rows[0]["work_unit"] == "邵阳市建筑公司"
    assert rows[1]["relation"] == "母亲" and rows[1]["guardian"] == "否"
    assert doc.photo == tiny_png()


def test_verification_sheet_lists_every_field_empty_ones_too(school: School) -> None:
    doc = build(school, model.VERIFICATION_SHEET, school.ids["li"])
    items = doc.tables["items"]
    cells = [(r[i], r[i + 1], r[i + 2]) for r in items.rows for i in (0, 3)]
    values = {label: value for label, value, _ in cells if label}
    listed = {name for _, names in dc_tables.VERIFICATION_GROUPS for name in names}
    expected = {f.name for f in STUDENT_FIELDS} - {"graduation_assessment"}
    assert listed == expected  # every field of the record, so nothing goes unchecked
    assert len(values) == len(expected)
    assert values["姓名"] == "李四" and values["性别"] == "女"
    assert values["曾用名"] == "" and values["电子信箱"] == ""  # empty: for the student to fill
    assert values["政治面貌"] == "中国共产主义青年团团员"  # the full label on the check sheet
    assert values["户口性质"] == "农业户口" and values["随迁子女"] == "否"
    assert values["专业"] == "计算机应用" and values["班级"] == "2025级计算机1班"
    assert all(c == "" for _, _, c in cells)
    assert [h for h, _ in items.groups] == ["基本信息", "籍贯与户口", "学籍信息", "联系方式"]
    assert len(doc.tables["family"].rows) == 3  # one member and two blank rows to fill


# -- certificates ---------------------------------------------------------------------------


def test_graduation_attestation_only_for_graduates(school: School) -> None:
    doc = build(school, model.GRADUATION_ATTESTATION, school.ids["zhang"])
    assert doc.fields["diploma_no"] == "4300010001280001"
    assert doc.fields["enrolment_month"] == "2025年9月"
    assert doc.fields["leaving_month"] == "2028年6月"
    assert doc.photo == tiny_png()
    with pytest.raises(DocumentNotApplicable) as refused:
        build(school, model.GRADUATION_ATTESTATION, school.ids["li"])
    assert refused.value.fields == {"kind": model.GRADUATION_ATTESTATION, "reason": "not_graduated"}


def test_graduation_attestation_template_has_the_classic_wording() -> None:
    text = (RESOURCES / "graduation_attestation" / "standard.json").read_text("utf-8")
    for words in ("兹证明{name}", "于{enrolment_month}至{leaving_month}在我校{major}专业学习",
                  "学制{program_length}", "修完教学计划规定的全部课程，成绩合格，准予毕业。",
                  "毕业证书编号：{diploma_no}。", "因原证书遗失，特此证明。"):  # fmt: skip
        assert words in text


def test_incompletion_attestation_only_for_incomplete(school: School) -> None:
    sid = school.student(
        name="王五", status="studied_without_completing",
        graduation_outcome="studied_without_completing", graduation_date="2026-09-30",
    )  # fmt: skip
    doc = build(school, model.INCOMPLETION_ATTESTATION, sid)
    assert doc.fields["leaving_month"] == "2026年9月"
    assert doc.fields["graduation_outcome"] == "肄业"
    for other in (school.ids["li"], school.ids["zhang"]):
        with pytest.raises(DocumentNotApplicable) as refused:
            build(school, model.INCOMPLETION_ATTESTATION, other)
        assert refused.value.fields["reason"] == "not_incomplete"


def test_enrolment_certificate_states_the_purpose_and_only_for_enrolled(school: School) -> None:
    doc = build(school, model.ENROLMENT_CERTIFICATE, school.ids["li"], purpose="办理户籍迁移")
    assert doc.fields["purpose"] == "办理户籍迁移"
    assert doc.fields["purpose_line"] == "此证明仅用于办理户籍迁移。"
    assert doc.fields["class_name"] == "2025级计算机1班"
    assert doc.photo is None
    assert build(school, model.ENROLMENT_CERTIFICATE, school.ids["li"]).fields["purpose_line"] == ""
    on_leave = school.student(status="on_leave")
    for sid in (school.ids["zhang"], on_leave):
        with pytest.raises(DocumentNotApplicable) as refused:
            build(school, model.ENROLMENT_CERTIFICATE, sid)
        assert refused.value.fields["reason"] == "not_enrolled"


def test_graduate_form_takes_the_boxes_from_params_and_the_record(school: School) -> None:
    sid = school.ids["zhang"]
    blank = build(school, model.GRADUATE_FORM, sid)
    assert blank.fields["self_assessment"] == "" and blank.fields["school_opinion"] == ""
    assert blank.fields["awards"] == "无" and blank.fields["punishments"] == "无"
    filled = build(school, model.GRADUATE_FORM, sid, self_assessment="在校三年，勤奋好学。",
                   teacher_comment="表现良好。", school_opinion="同意毕业。")  # fmt: skip
    assert filled.fields["self_assessment"] == "在校三年，勤奋好学。"
    assert filled.fields["teacher_comment"] == "表现良好。"
    assert filled.fields["school_opinion"] == "同意毕业。"
    withdrawn = school.student(status="withdrawn")
    with pytest.raises(DocumentNotApplicable):
        build(school, model.GRADUATE_FORM, withdrawn)


# -- refusals, unknown ids ----------------------------------------------------------------------


def test_unknown_and_voided_students(school: School) -> None:
    with pytest.raises(NotFound) as missing:
        build(school, model.TRANSCRIPT, 999_999)
    assert missing.value.fields["kind"] == "student"
    voided = school.student(voided=1, void_reason="重复录入")
    with pytest.raises(DocumentNotApplicable) as refused:
        build(school, model.TRANSCRIPT, voided)
    assert refused.value.fields["reason"] == "voided"
    with pytest.raises(ValidationError):
        build(school, model.ROSTER, school.ids["li"])  # a class kind
    with pytest.raises(ValidationError):
        build(school, "diploma", school.ids["li"])


# -- the content digest -------------------------------------------------------------------------


def test_digest_is_stable_and_follows_the_content(school: School) -> None:
    sid = school.ids["zhang"]
    first = build(school, model.TRANSCRIPT, sid)
    again = build(school, model.TRANSCRIPT, sid)
    digest = dc.content_digest(first)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert dc.content_digest(again) == digest
    # Issuance data is not content: serial, QR text, fingerprint and subject are left out.
    issued = dataclasses.replace(
        first, serial="CJ2028-000001", qr_text="XJ1:X", key_fingerprint="AB", subject="x"
    )
    assert dc.content_digest(issued) == digest
    school.set_score(sid, "math", "t1", 89)
    changed = build(school, model.TRANSCRIPT, sid)
    assert dc.content_digest(changed) != digest
    assert dc.content_digest(dataclasses.replace(first, photo=b"other")) != digest
    other_day = dc.student_document(school.handle, model.TRANSCRIPT, sid,
                                    today=datetime.date(2028, 7, 11))  # fmt: skip
    assert dc.content_digest(other_day) != digest  # the issue date is printed


def test_digest_is_the_sha256_of_the_canonical_json() -> None:
    table = model.Table(("x",), (("1",),), (("组", 0),))
    doc = Document(kind="roster", fields={"b": "二", "a": "一"}, tables={"t": table}, photo=b"p")
    canonical = json.dumps(
        {"fields": {"a": "一", "b": "二"}, "kind": "roster",
         "photo": hashlib.sha256(b"p").hexdigest(),
         "tables": {"t": {"columns": ["x"], "groups": [["组", 0]], "rows": [["1"]]}}},
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )  # fmt: skip
    assert dc.content_digest(doc) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- cost per document --------------------------------------------------------------------------


def test_transcript_queries_do_not_grow_with_the_courses(school: School) -> None:
    """A batch prints 1,000 transcripts: a fixed number of queries each, not one per course."""
    conn = school.handle.db.conn
    few, many = school.ids["li"], school.ids["zhang"]
    counts = []
    for sid in (few, many):
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        try:
            build(school, model.TRANSCRIPT, sid)
        finally:
            conn.set_trace_callback(None)
        counts.append(len(seen))
    assert counts[0] == counts[1] and counts[0] <= 4
