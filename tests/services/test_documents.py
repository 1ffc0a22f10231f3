"""Issuing printed documents (issue 5 §4): register rows, audit entries, superseding, verifying
genuine / superseded / not issued, forged QR payloads. Real archives, real PDFs (pypdf)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pypdf
import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.core.errors import (
    DocumentNotApplicable,
    NotFound,
    OutputFileError,
    UnprintableText,
    ValidationError,
)
from xueji_desktop.services import audit, documents
from xueji_desktop.services import document_signing as signing
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.services.documents_issue import PARAMS
from xueji_desktop.storage.content_hash import content_hash


@dataclass
class School:
    session: Session
    class_id: int
    students: list[int]


def _school(created: Created, names: tuple[str, ...] = ("王小明", "李娜")) -> School:
    s = created.session
    ids = setup_structure(s)
    sids = [insert_student(s, ids["c1"], name=n) for n in names]
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO grades (student_id, course_id, term_id, score, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (sids[0], ids["math"], ids["t1"], 87.5, "2026-01-10T00:00:00Z"),
        )
    return School(s, ids["c1"], sids)


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> School:
    return _school(make_archive())


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _actions(session: Session) -> list[str]:
    return [e.action for e in audit.iter_entries(session.archive.db.conn)]


def _qr(session: Session, serial: str) -> str:
    e = documents.register_entries(session, limit=1000)
    entry = next(x for x in e if x.serial == serial)
    return signing.qr_text(serial, entry.content_digest, entry.signature)


def test_transcript_for_one_student(school: School) -> None:
    s = school.session
    issued = documents.issue(s, PrintRequest("transcript", (school.students[0],), purpose="升学"))
    assert issued.pages == 1 and len(issued.serials) == 1
    serial = issued.serials[0]
    assert serial.startswith("CJD") and signing.SERIAL_RE.match(serial)
    text = _text(issued.pdf)
    assert "王小明" in text and serial in text and "87.5" in text.replace(" ", "")
    sid_no = s.archive.db.conn.execute(
        "SELECT id_number FROM students WHERE id = ?", (school.students[0],)
    ).fetchone()[0]
    assert sid_no in text.replace(" ", "")
    assert documents.key_fingerprint(s) in text
    [entry] = documents.register_entries(s)
    assert (entry.serial, entry.kind, entry.student_id, entry.purpose) == (
        serial, "transcript", school.students[0], "升学")  # fmt: skip
    assert entry.issued_by == s.username and entry.current and len(entry.content_digest) == 64
    assert _actions(s)[-1] == "document_issued"
    assert audit.verify(s.archive).ok


def test_class_in_one_pdf_then_superseded(school: School) -> None:
    s = school.session
    first = documents.issue(s, PrintRequest("transcript", class_group_id=school.class_id))
    assert len(first.serials) == 2 and first.pages == 2
    text = _text(first.pdf)
    assert "王小明" in text and "李娜" in text
    again = documents.issue(s, PrintRequest("transcript", (school.students[1],)))
    states = {e.serial: e for e in documents.register_entries(s)}
    assert states[first.serials[1]].superseded_by == again.serials[0]
    assert states[first.serials[0]].current  # the other student's stays current
    assert documents.verify(s, first.serials[0]).outcome == "genuine"
    v = documents.verify(s, first.serials[1])
    assert v.outcome == "superseded" and v.superseded_by == again.serials[0]
    assert v.subject.endswith("李娜")
    assert _actions(s).count("document_issued") == 3


def test_unsigned_kinds_have_serial_but_no_qr(school: School) -> None:
    s = school.session
    issued = documents.issue(s, PrintRequest("registration_card", (school.students[0],)))
    assert issued.serials[0].startswith("XJK")
    assert documents.key_fingerprint(s) not in _text(issued.pdf)
    assert documents.verify(s, issued.serials[0]).outcome == "genuine"
    roster = documents.issue(s, PrintRequest("roster", class_group_id=school.class_id))
    [entry] = documents.register_entries(s, kind="roster")
    assert entry.class_group_id == school.class_id and entry.serial == roster.serials[0]


def test_verify_qr_text_and_forgeries(make_archive: Callable[..., Created]) -> None:
    a, b = _school(make_archive("a")), _school(make_archive("b"))
    sa = a.session
    issued = documents.issue(sa, PrintRequest("transcript", (a.students[0],)))
    serial = issued.serials[0]
    qr = _qr(sa, serial)
    assert documents.verify(sa, qr).outcome == "genuine"
    assert documents.verify(sa, qr.lower().replace(":", "：")).outcome == "genuine"
    documents.issue(sa, PrintRequest("transcript", (a.students[1],)))  # another serial exists
    prefix, ser, digest, sig = qr.split(":")
    other = "CJD" + ser[3:-1] + "2"
    forged = {
        "serial": f"{prefix}:{other}:{digest}:{sig}",
        "digest": f"{prefix}:{ser}:{'0' * 16}:{sig}",
        "signature": f"{prefix}:{ser}:{digest}:{('B' if sig[0] == 'A' else 'A') + sig[1:]}",
        # the last Base32 character's unused low bit: decodes to the same bytes, still refused
        "padding": f"{prefix}:{ser}:{digest}:{sig[:-1]}{B32[B32.index(sig[-1]) ^ 1]}",
    }
    for why, text in forged.items():
        assert documents.verify(sa, text).outcome == "not_issued", why
    # the same serial issued by another archive: its QR code does not verify here
    documents.issue(b.session, PrintRequest("transcript", (b.students[0],)))
    other_qr = _qr(b.session, serial)
    assert documents.verify(b.session, other_qr).outcome == "genuine"
    assert documents.verify(sa, other_qr).outcome == "not_issued"
    # even with this archive's digest: a signature made with another archive's key fails
    hb = b.session.archive
    key_b = signing.signing_key(hb.keys.audit_key, hb.archive_id)
    entry = documents.register_entries(sa, kind="transcript")[-1]
    forged_sig = signing.sign(key_b, sa.archive.archive_id, serial, "transcript",
                              entry.content_digest)  # fmt: skip
    v = documents.verify(sa, signing.qr_text(serial, entry.content_digest, forged_sig))
    assert v.outcome == "not_issued" and v.reason == "signature"


@pytest.mark.parametrize("junk", ["", " ", "x" * 10_000, "\x00\x01\xff", "CJD2026-999999", "😀"])
def test_verify_garbage_is_not_issued(school: School, junk: str) -> None:
    assert documents.verify(school.session, junk).outcome == "not_issued"


def test_void_makes_superseded_and_restores_the_previous(school: School) -> None:
    s = school.session
    old = documents.issue(s, PrintRequest("transcript", (school.students[0],))).serials[0]
    new = documents.issue(s, PrintRequest("transcript", (school.students[0],))).serials[0]
    assert documents.verify(s, old).outcome == "superseded"
    documents.void_documents(s, [new], "预览后未打印")
    v = documents.verify(s, new)
    assert v.outcome == "superseded" and v.void_reason == "预览后未打印" and v.voided_at
    assert documents.verify(s, old).outcome == "genuine"
    assert _actions(s)[-1] == "document_voided"
    with pytest.raises(ValidationError):
        documents.void_documents(s, [old], "  ")
    with pytest.raises(NotFound):
        documents.void_documents(s, ["CJD2026-999999"], "错")


def test_rare_character_refused_before_anything_then_marked(
    make_archive: Callable[..., Created],
) -> None:
    sch = _school(make_archive(), names=("王\U00020000",))
    s = sch.session
    before = content_hash(s.archive.db.conn)
    with pytest.raises(UnprintableText) as info:
        documents.issue(s, PrintRequest("transcript", (sch.students[0],)))
    assert "\U00020000" in str(info.value.fields["chars"])
    assert content_hash(s.archive.db.conn) == before
    assert documents.register_entries(s) == []
    issued = documents.issue(s, PrintRequest("transcript", (sch.students[0],), mark_missing=True))
    assert "王□" in _text(issued.pdf)


def test_refusals_leave_nothing(school: School) -> None:
    s = school.session
    before = content_hash(s.archive.db.conn)
    bad = [
        PrintRequest("no_such_kind", (school.students[0],)),
        PrintRequest("recovery_sheet", (school.students[0],)),
        PrintRequest("transcript"),
        PrintRequest("transcript", (10**9,)),
        PrintRequest("roster", (school.students[0],)),
        PrintRequest("transcript", (school.students[0],), params={"nonsense": "1"}),
        PrintRequest("transcript", (school.students[0],), offset_mm=(99.0, 0.0)),
        PrintRequest("transcript", (school.students[0],), template="no-such-template"),
    ]
    for request in bad:
        with pytest.raises((ValidationError, NotFound, DocumentNotApplicable)):
            documents.issue(s, request)
    assert content_hash(s.archive.db.conn) == before


def test_cancel_before_register_leaves_nothing(school: School) -> None:
    s = school.session
    before = content_hash(s.archive.db.conn)
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    from xueji_desktop.core.errors import OperationCancelled

    with pytest.raises(OperationCancelled):
        documents.issue(s, PrintRequest("transcript", class_group_id=school.class_id),
                        cancelled=cancelled)  # fmt: skip
    assert content_hash(s.archive.db.conn) == before


def test_print_and_save_are_audited(school: School, tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = school.session
    issued = documents.issue(s, PrintRequest("enrolment_certificate", (school.students[0],)))
    documents.record_printed(s, issued.serials, "HP LaserJet", 2)
    folder = tmp_path / "out"
    folder.mkdir()
    path = documents.save_pdf(s, issued.pdf, folder / "在读证明.pdf", issued.serials)
    assert path.read_bytes() == issued.pdf
    assert _actions(s)[-2:] == ["document_printed", "document_saved"]
    assert [p.name for p in folder.iterdir()] == ["在读证明.pdf"]
    with pytest.raises(OutputFileError):
        documents.save_pdf(s, issued.pdf, folder / "在读证明.pdf", issued.serials)


def test_params_match_the_cli() -> None:
    from xueji_desktop import cli_documents
    from xueji_desktop.printing.templates import KIND_NAMES
    from xueji_desktop.services.documents_kinds import KIND_NAMES as OURS

    assert frozenset(cli_documents._PARAMS) == PARAMS
    assert {k: v for k, v in KIND_NAMES.items() if k in OURS} == OURS


def test_the_printed_qr_text_verifies(school: School, monkeypatch: pytest.MonkeyPatch) -> None:
    """What goes to the engine (the QR code's text and the footer fingerprint) verifies."""
    from xueji_desktop.services import documents_issue

    seen: list[object] = []
    real = documents_issue.render

    def spy(plan, docs, *a, **k):  # type: ignore[no-untyped-def]
        seen.extend(docs)
        return real(plan, docs, *a, **k)

    monkeypatch.setattr(documents_issue, "render", spy)
    s = school.session
    issued = documents.issue(s, PrintRequest("enrolment_certificate", (school.students[0],)))
    [doc] = seen
    assert doc.serial == issued.serials[0] and doc.qr_text.startswith("XJ1:" + doc.serial + ":")
    assert doc.key_fingerprint == documents.key_fingerprint(s)
    assert documents.verify(s, doc.qr_text).outcome == "genuine"
    seen.clear()
    documents.issue(s, PrintRequest("registration_card", (school.students[0],)))
    [card] = seen
    assert card.serial and not card.qr_text and not card.key_fingerprint
