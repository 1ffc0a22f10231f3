"""Every document kind issued for demo students through the service and parsed back (issue 5 §5):
names, ID numbers, scores and serials in the text, every font an embedded subset."""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdf
import pytest

from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.errors import DocumentNotApplicable, ValidationError
from xueji_desktop.printing import model
from xueji_desktop.services import document_content as dc
from xueji_desktop.services import documents
from xueji_desktop.services.archive import Created
from xueji_desktop.services.demo import DEMO_INTAKES, load_demo_data
from xueji_desktop.services.documents import PrintRequest

# The demo school has no 肄业 student and no 转入; tests/services/test_document_content*.py
# build those two kinds from hand-made records.
NOT_IN_DEMO = {model.INCOMPLETION_ATTESTATION, model.TRANSFER_ACCEPTANCE}
PARAMS = {model.HANDOVER_LIST: {"receiver": "示范市人才交流中心", "dispatch_no": "JY2026-0815"}}
# Kinds whose page shows the student's ID number.
SHOWS_ID = {
    model.TRANSCRIPT, model.REGISTRATION_CARD, model.VERIFICATION_SHEET,
    model.GRADUATION_ATTESTATION, model.ENROLMENT_CERTIFICATE, model.HANDOVER_LIST,
}  # fmt: skip


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(p.extract_text() for p in pages).replace(" ", "")


def _fonts_embedded(pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = []
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if obj is not None and hasattr(obj, "get") and obj.get("/Type") == "/Font":
            fonts.append(obj)
    assert fonts
    for font in fonts:
        assert "Helvetica" not in str(font.get("/BaseFont"))
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font.get("/BaseFont")
        assert str(font["/BaseFont"]).split("+")[0].lstrip("/").isupper()  # a subset tag


def test_every_kind_for_demo_students(make_archive: Callable[..., Created]) -> None:
    created = make_archive("kinds")
    load_demo_data(created, generate_demo(3, intakes=DEMO_INTAKES, students_per_intake=150), 3)
    s = created.session
    conn = s.archive.db.conn
    classes = [int(r[0]) for r in conn.execute("SELECT id FROM class_groups ORDER BY id")]
    missing = set()
    for kind in model.STUDENT_KINDS:
        sid = next((ids[0] for c in classes if (ids := dc.class_students(s.archive, kind, c))),
                   None)  # fmt: skip
        if sid is None:
            missing.add(kind)
            continue
        name, id_number = conn.execute(
            "SELECT name, id_number FROM students WHERE id = ?", (sid,)
        ).fetchone()
        assert kind in documents.applicable_kinds(s, [sid]), kind
        issued = documents.issue(s, PrintRequest(kind, (sid,), params=PARAMS.get(kind, {})))
        text = _text(issued.pdf)
        assert name in text and issued.serials[0] in text, kind
        if kind in SHOWS_ID:
            assert id_number in text, kind
        if kind == model.TRANSCRIPT:
            score = conn.execute(
                "SELECT score FROM grades WHERE student_id = ? AND score IS NOT NULL LIMIT 1",
                (sid,),
            ).fetchone()[0]
            assert f"{score:g}" in text
        _fonts_embedded(issued.pdf)
    assert missing == NOT_IN_DEMO
    # A student without any 学籍异动 is offered none of the forms made from one.
    quiet = conn.execute(
        "SELECT id FROM students WHERE voided = 0 AND status = 'enrolled' AND id NOT IN "
        "(SELECT student_id FROM status_changes) LIMIT 2"
    ).fetchall()
    offered = documents.applicable_kinds(s, [int(r[0]) for r in quiet])
    assert model.TRANSCRIPT in offered and model.ENROLMENT_CERTIFICATE in offered
    assert not {model.LEAVE_FORM, model.STATUS_CHANGE_NOTICE, model.GRADUATION_ATTESTATION} & set(
        offered
    )
    assert documents.applicable_kinds(s, [int(quiet[0][0]), 999_999]) == []
    for kind in model.CLASS_KINDS:
        cid = next(c for c in classes if dc.class_students(s.archive, kind, c))
        issued = documents.issue(s, PrintRequest(kind, class_group_id=cid))
        text = _text(issued.pdf)
        for sid in dc.class_students(s.archive, kind, cid):
            name = conn.execute("SELECT name FROM students WHERE id = ?", (sid,)).fetchone()[0]
            assert name in text, kind
        assert issued.serials[0] in text, kind
        _fonts_embedded(issued.pdf)


def test_all_graduates_of_one_year(make_archive: Callable[..., Created]) -> None:
    created = make_archive("year")
    load_demo_data(created, generate_demo(5, intakes=DEMO_INTAKES, students_per_intake=20), 5)
    s = created.session
    conn = s.archive.db.conn
    rows = conn.execute(
        "SELECT substr(graduation_date, 1, 4), count(*) FROM students "
        "WHERE status = 'graduated' AND voided = 0 GROUP BY 1"
    ).fetchall()
    year, count = int(rows[0][0]), int(rows[0][1])
    ids = dc.year_graduates(s.archive, model.TRANSCRIPT, year)
    assert len(ids) == count and dc.year_graduates(s.archive, model.TRANSCRIPT, 1990) == []
    issued = documents.issue(s, PrintRequest(model.TRANSCRIPT, graduation_year=year))
    assert len(issued.serials) == count
    with pytest.raises(ValidationError):
        documents.issue(s, PrintRequest(model.TRANSCRIPT, ids[:1], graduation_year=year))
    with pytest.raises(DocumentNotApplicable):
        documents.issue(s, PrintRequest(model.TRANSCRIPT, graduation_year=1990))
