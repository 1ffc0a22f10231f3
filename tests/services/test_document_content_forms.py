"""Document content for 学籍异动 forms, the hand-over list and the class documents; the built-in
templates parse, and every kind renders with its values (the printed text read back)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.services.test_document_content import TODAY, School, build, make_school, tiny_png
from xueji_desktop.core.errors import DocumentNotApplicable, NotFound, ValidationError
from xueji_desktop.printing import model
from xueji_desktop.printing.blocks import PLACEHOLDER
from xueji_desktop.printing.model import Document, Letterhead
from xueji_desktop.printing.render import render_pdf
from xueji_desktop.printing.templates import builtin_templates, parse_template
from xueji_desktop.resources import resources_root
from xueji_desktop.services import attachments
from xueji_desktop.services import document_content as dc
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created

TEMPLATES = resources_root() / "templates"
ENGINE_VALUES = {"school_name", "school_code", "serial", "key_fingerprint"}


@pytest.fixture
def school(archive: Created) -> School:
    return make_school(archive)


def _leave_and_return(school: School) -> tuple[int, int, int]:
    sid = school.student(name="赵六", student_no="20257102010003")
    leave = sc.record_change(
        school.session, sid, "leave_of_absence", effective_date="2026-03-02",
        details={"expected_return_date": "2026-09-01", "remark": "因病"},
        reason_code="疾病", document_no="测职专籍〔2026〕1号", approver="校长办公会",
    )  # fmt: skip
    back = sc.record_change(
        school.session, sid, "return_from_leave", effective_date="2026-09-01",
        document_no="测职专籍〔2026〕5号",
    )  # fmt: skip
    return sid, leave, back


# -- 学籍异动 forms ---------------------------------------------------------------------------


def test_leave_and_return_forms_carry_the_event(school: School) -> None:
    sid, leave, back = _leave_and_return(school)
    form = build(school, model.LEAVE_FORM, sid).fields
    assert form["event_kind"] == "休学" and form["event_reason"] == "疾病"
    assert form["effective_date"] == "2026年3月2日"
    assert form["expected_return_date"] == "2026年9月1日"
    assert form["document_no"] == "测职专籍〔2026〕1号" and form["approver"] == "校长办公会"
    assert form["event_remark"] == "因病"
    assert (form["status_before"], form["status_after"]) == ("在籍", "休学")
    ret = build(school, model.RETURN_FORM, sid).fields
    assert ret["effective_date"] == "2026年9月1日"
    assert (ret["leave_from"], ret["leave_until"]) == ("2026年3月2日", "2026年9月1日")
    # The notice defaults to the latest event; event_id picks another one.
    assert build(school, model.STATUS_CHANGE_NOTICE, sid).fields["event_kind"] == "复学"
    notice = build(school, model.STATUS_CHANGE_NOTICE, sid, event_id=str(leave))
    assert notice.fields["event_kind"] == "休学"
    with pytest.raises(DocumentNotApplicable) as wrong:
        build(school, model.LEAVE_FORM, sid, event_id=str(back))
    assert wrong.value.fields == {"kind": model.LEAVE_FORM, "reason": "wrong_event"}


def test_forms_refused_without_the_event_and_for_revoked_or_foreign_events(school: School) -> None:
    sid, leave, back = _leave_and_return(school)
    for kind in (model.WITHDRAWAL_FORM, model.TRANSFER_APPLICATION, model.TRANSFER_ACCEPTANCE):
        with pytest.raises(DocumentNotApplicable) as refused:
            build(school, kind, sid)
        assert refused.value.fields["reason"] == "no_event"
    with pytest.raises(NotFound) as foreign:
        build(school, model.LEAVE_FORM, school.ids["li"], event_id=str(leave))
    assert foreign.value.fields["kind"] == "status_change"
    with pytest.raises(NotFound):
        build(school, model.LEAVE_FORM, sid, event_id="999999")
    with pytest.raises(ValidationError):
        build(school, model.LEAVE_FORM, sid, event_id="1; DROP")
    sc.revoke_change(school.session, back, "录入错误")
    with pytest.raises(DocumentNotApplicable) as revoked:
        build(school, model.RETURN_FORM, sid, event_id=str(back))
    assert revoked.value.fields["reason"] == "voided"
    with pytest.raises(DocumentNotApplicable) as gone:  # the default skips revoked events
        build(school, model.RETURN_FORM, sid)
    assert gone.value.fields["reason"] == "no_event"


def test_withdrawal_and_transfer_out_forms(school: School) -> None:
    quits = school.student(name="钱七")
    sc.record_change(school.session, quits, "withdrawal", effective_date="2026-10-08",
                     reason_code="自动退学", document_no="测职专籍〔2026〕7号")  # fmt: skip
    form = build(school, model.WITHDRAWAL_FORM, quits).fields
    assert form["event_reason"] == "自动退学" and form["effective_date"] == "2026年10月8日"
    assert form["status"] == "退学" and form["leaving_month"] == "2026年10月"
    moves = school.student(name="孙八")
    sc.record_change(school.session, moves, "transfer_out", effective_date="2026-11-02",
                     details={"to_school": "怀化市职业中专"})  # fmt: skip
    app = build(school, model.TRANSFER_APPLICATION, moves).fields
    assert app["transfer_from"] == "测试市职业中专" and app["transfer_to"] == "怀化市职业中专"
    assert app["event_category"] == "转学（转出）"


def test_transfer_acceptance_from_a_transfer_in(school: School) -> None:
    sid = school.student(name="周九", report_status="draft", class_id=school.ids["c1"])
    sc.record_change(school.session, sid, "transfer_in", effective_date="2027-02-20",
                     details={"from_school": "衡阳市职业中专", "class_group_id": school.ids["c1"]},
                     document_no="测职专籍〔2027〕2号")  # fmt: skip
    letter = build(school, model.TRANSFER_ACCEPTANCE, sid).fields
    assert letter["transfer_from"] == "衡阳市职业中专"
    assert letter["transfer_to"] == "测试市职业中专"
    assert letter["effective_date"] == "2027年2月20日"
    # The same event serves the 转学申请表 (both schools sign it).
    assert build(school, model.TRANSFER_APPLICATION, sid).fields["transfer_to"] == "测试市职业中专"


# -- hand-over list -------------------------------------------------------------------------------


def test_handover_lists_the_held_documents_by_default(school: School) -> None:
    sid = school.ids["zhang"]
    attachments.attach(school.session, sid, "id_copy", tiny_png(), "image/png")
    attachments.attach(school.session, sid, "id_copy", tiny_png(), "image/png")
    attachments.attach(school.session, sid, "transcript", tiny_png(), "image/png")
    doc = build(school, model.HANDOVER_LIST, sid, receiver="邵阳市人才中心", via="机要",
                dispatch_no="湘机2028-0815")  # fmt: skip
    rows = doc.tables["documents"].rows
    assert [r[1:3] for r in rows] == [("身份证件复印件", "2份"), ("照片", "1份"), ("成绩单", "1份")]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    f = doc.fields
    assert (f["document_count"], f["document_pieces"]) == ("3", "4")
    assert f["document_total"] == "3项，共4份"
    assert (f["receiver"], f["via"], f["dispatch_no"]) == (
        "邵阳市人才中心",
        "机要",
        "湘机2028-0815",
    )
    assert doc.photo is None


def test_handover_takes_the_clerks_list_and_defaults_the_receiver(school: School) -> None:
    sid = school.student(name="吴十")
    sc.record_change(school.session, sid, "transfer_out", effective_date="2026-11-02",
                     details={"to_school": "怀化市职业中专"})  # fmt: skip
    doc = build(
        school, model.HANDOVER_LIST, sid, documents="入学登记表\n\n成绩单×2\n 毕业生登记表 "
    )
    assert [r[1:3] for r in doc.tables["documents"].rows] == [
        ("入学登记表", "1份"), ("成绩单", "2份"), ("毕业生登记表", "1份")
    ]  # fmt: skip
    assert doc.fields["document_total"] == "3项，共4份"
    assert doc.fields["receiver"] == "怀化市职业中专"


# -- class documents ------------------------------------------------------------------------------


def test_roster_in_student_no_order_without_voided(school: School) -> None:
    school.student(name="作废生", student_no="20257102019999", voided=1, void_reason="重复")
    doc = dc.class_document(school.handle, model.ROSTER, school.ids["c1"], today=TODAY)
    table = doc.tables["students"]
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    assert [r["name"] for r in rows] == ["张三", "李四"]
    assert rows[0]["seq"] == "1" and rows[0]["student_no"] == "20257102010001"
    assert rows[0]["status"] == "毕业" and rows[1]["status"] == "在籍"
    assert rows[1]["gender"] == "女" and rows[1]["ethnicity"] == "汉族"
    assert rows[0]["birth_date"] == "2010年3月15日"
    f = doc.fields
    assert (f["student_count"], f["male_count"], f["female_count"], f["enrolled_count"]) == (
        "2", "1", "1", "1"
    )  # fmt: skip
    assert f["class_name"] == "2025级计算机1班" and f["head_teacher"] == "李老师"
    assert doc.subject == "2025级计算机1班" and doc.photo is None


def test_graduate_register_lists_graduates_with_diploma_and_signature_column(
    school: School,
) -> None:
    doc = dc.class_document(school.handle, model.GRADUATE_REGISTER, school.ids["c1"], today=TODAY)
    table = doc.tables["students"]
    assert len(table.rows) == 1
    row = dict(zip(table.columns, table.rows[0], strict=True))
    assert row["name"] == "张三" and row["diploma_no"] == "4300010001280001"
    assert row["graduation_date"] == "2028年6月30日"
    assert row["signature"] == "" and row["collected_on"] == ""
    assert doc.fields["graduate_count"] == "1" and doc.fields["graduation_year"] == "2028届"
    with pytest.raises(DocumentNotApplicable) as none:
        dc.class_document(school.handle, model.GRADUATE_REGISTER, school.ids["c1"],
                          params={"graduation_year": "2027"})  # fmt: skip
    assert none.value.fields["reason"] == "no_students"
    with pytest.raises(ValidationError):
        dc.class_document(school.handle, model.GRADUATE_REGISTER, school.ids["c1"],
                          params={"graduation_year": "20x8"})  # fmt: skip


def test_class_refusals(school: School) -> None:
    with pytest.raises(DocumentNotApplicable) as empty:
        dc.class_document(school.handle, model.ROSTER, school.ids["c2"])
    assert empty.value.fields == {"kind": model.ROSTER, "reason": "no_students"}
    with pytest.raises(NotFound) as missing:
        dc.class_document(school.handle, model.ROSTER, 999_999)
    assert missing.value.fields["kind"] == "class_group"
    with pytest.raises(ValidationError):
        dc.class_document(school.handle, model.TRANSCRIPT, school.ids["c1"])


def test_class_students_are_those_the_kind_applies_to(school: School) -> None:
    sid, _, _ = _leave_and_return(school)
    c1 = school.ids["c1"]
    everyone = [school.ids["zhang"], school.ids["li"], sid]
    assert dc.class_students(school.handle, model.TRANSCRIPT, c1) == everyone
    assert dc.class_students(school.handle, model.GRADUATION_ATTESTATION, c1) == [everyone[0]]
    assert dc.class_students(school.handle, model.ENROLMENT_CERTIFICATE, c1) == everyone[1:]
    assert dc.class_students(school.handle, model.LEAVE_FORM, c1) == [sid]
    assert dc.class_students(school.handle, model.INCOMPLETION_ATTESTATION, c1) == []
    assert dc.class_students(school.handle, model.GRADUATE_REGISTER, c1) == [everyone[0]]
    with pytest.raises(NotFound):
        dc.class_students(school.handle, model.TRANSCRIPT, 999_999)


# -- templates ----------------------------------------------------------------------------------


def test_every_kind_has_a_builtin_template_that_parses() -> None:
    for kind in (*model.STUDENT_KINDS, *model.CLASS_KINDS):
        found = builtin_templates(kind)
        assert found and found[0].name == "standard", kind
        for path in sorted((TEMPLATES / kind).glob("*.json")):
            assert parse_template(path.read_bytes(), path.name).kind == kind
    overlay = parse_template((TEMPLATES / "graduation_attestation" / "overlay.json").read_text(),
                             "overlay.json")  # fmt: skip
    assert overlay.mode == "overlay" and overlay.items and overlay.qr is not None
    for kind in (model.ROSTER, model.GRADUATE_REGISTER):
        assert builtin_templates(kind)[0].orientation == "landscape"


def _all_documents(school: School) -> dict[str, Document]:
    sid, _, _ = _leave_and_return(school)
    quits = school.student(name="钱七")
    sc.record_change(school.session, quits, "withdrawal", effective_date="2026-10-08")
    newcomer = school.student(name="周九", report_status="draft")
    sc.record_change(school.session, newcomer, "transfer_in", effective_date="2027-02-20",
                     details={"from_school": "衡阳市职业中专"})  # fmt: skip
    gone = school.student(status="studied_without_completing",
                          graduation_outcome="studied_without_completing",
                          graduation_date="2026-09-30")  # fmt: skip
    subject = {
        model.INCOMPLETION_ATTESTATION: gone,
        model.ENROLMENT_CERTIFICATE: school.ids["li"],
        model.VERIFICATION_SHEET: school.ids["li"],
        model.LEAVE_FORM: sid, model.RETURN_FORM: sid, model.STATUS_CHANGE_NOTICE: sid,
        model.WITHDRAWAL_FORM: quits,
        model.TRANSFER_APPLICATION: newcomer, model.TRANSFER_ACCEPTANCE: newcomer,
    }  # fmt: skip
    docs = {
        k: build(school, k, subject.get(k, school.ids["zhang"]), purpose="升学")
        for k in model.STUDENT_KINDS
    }
    for k in model.CLASS_KINDS:
        docs[k] = dc.class_document(school.handle, k, school.ids["c1"], today=TODAY)
    return docs


def test_every_field_a_template_names_is_built(school: School) -> None:
    """A typo in a template field would print an empty cell silently: each template names only
    fields its kind's builder provides (or the engine adds)."""
    docs = _all_documents(school)
    for kind, doc in docs.items():
        for template in builtin_templates(kind):
            text = (TEMPLATES / kind / f"{template.name}.json").read_text("utf-8")
            named = set(PLACEHOLDER.findall(text))
            named |= {m for m in _json_fields(text)}
            unknown = named - set(doc.fields) - ENGINE_VALUES - set(doc.tables)
            table_cols = {c for t in doc.tables.values() for c in t.columns}
            assert not unknown - table_cols, (kind, template.name, unknown - table_cols)


def _json_fields(text: str) -> set[str]:
    import json

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("field", "source", "date_field"):
                if isinstance(node.get(key), str):
                    found.add(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))
    return found


def test_every_kind_renders_its_values(school: School) -> None:
    docs = _all_documents(school)
    letterhead = Letterhead("测试市职业中专", "4300010001")
    for kind, doc in docs.items():
        for template in builtin_templates(kind):
            pdf = render_pdf([doc], template, letterhead)
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
            text = text.replace(" ", "").replace("\n", "")
            if kind in model.CLASS_KINDS:
                assert "张三" in text and "20257102010001" in text, kind
                continue
            assert doc.fields["name"] in text, (kind, template.name)
            if kind in (model.TRANSCRIPT, model.GRADUATION_ATTESTATION, model.REGISTRATION_CARD):
                assert doc.fields["id_number"] in text, (kind, template.name)
    transcript = render_pdf([docs[model.TRANSCRIPT]], builtin_templates(model.TRANSCRIPT)[0],
                            letterhead)  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(transcript)).pages)
    for value in ("88", "52", "70", "补考合格", "4300010001280001", "2025—2026学年第一学期"):
        assert value in text
