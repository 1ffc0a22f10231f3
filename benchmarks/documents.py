"""Printed documents (issue 5 §6): issuing speed, file size, and the ratio to bare ReportLab.

Measures, including the archive queries, numbering, signing, registering and writing:

1. transcripts for a class of 50 into one PDF (``documents.issue``);
2. 1,000 transcripts, one file each (``documents.issue_to_files(split=True)``);
3. the size of a one-page transcript with photo and QR code, broken down into font subset,
   photo and the rest (PDF objects parsed with pypdf);
4. a bare ReportLab loop drawing the same pages (same font subset, same texts, ruled table,
   photo, QR code) into one file and into 1,000 files, for the ratio.

Archive: the one benchmarks/gen_archive.py cached (``--bench-students N``, only if already
generated), else a fresh demo archive (1,200 students with photos and grades) in a temp folder.

Run: .venv/bin/python benchmarks/documents.py [--bench-students N] [--files 1000]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdf  # noqa: E402

from xueji_desktop.printing import model  # noqa: E402
from xueji_desktop.services import documents  # noqa: E402
from xueji_desktop.services import documents_issue as steps  # noqa: E402
from xueji_desktop.services.context import Session  # noqa: E402
from xueji_desktop.services.documents import PrintRequest  # noqa: E402


def open_archive(bench_students: int | None, tmp: Path) -> Session:
    if bench_students:
        from benchmarks import gen_archive

        folder = gen_archive.bench_dir(bench_students)
        if (folder / "generated.json").exists():
            session, _ = gen_archive.open_bench(bench_students)
            print(f"archive: {folder} ({bench_students} students, gen_archive)")
            return session
        print(f"no generated archive at {folder}; using a demo archive")
    from xueji_desktop.services import demo

    created = demo.create_demo(tmp / "demo", seed=1, password=demo.DEMO_PASSWORD)
    print("archive: fresh demo archive (1,200 students)")
    return created.session


def realistic_photo() -> bytes:
    """A 358x441 JPEG with the detail of a real face photo (gradients and fine noise), quality
    90: about the size a 高拍仪 or scanner gives after the app's crop."""
    import random

    from PIL import Image, ImageFilter

    rng = random.Random(5)
    img = Image.new("RGB", (358, 441))

    def noise() -> int:
        return rng.randint(-25, 25)

    pixels = [
        (120 + x // 6 + noise(), 90 + y // 8 + noise(), 160 - x // 5 + noise())
        for y in range(441)
        for x in range(358)
    ]
    img.putdata(pixels)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def students_with_grades(session: Session, n: int, *, min_grades: int = 1) -> list[int]:
    rows = session.archive.db.conn.execute(
        "SELECT student_id FROM grades GROUP BY student_id HAVING count(*) >= ? "
        "ORDER BY student_id LIMIT ?",
        (min_grades, n),
    ).fetchall()
    return [int(r[0]) for r in rows]


def one_page_student(session: Session) -> int:
    """A student with a photo whose transcript fits on one page (a first-year student)."""
    conn = session.archive.db.conn
    rows = conn.execute(
        "SELECT s.id FROM students s JOIN grades g ON g.student_id = s.id "
        "WHERE s.photo_blob IS NOT NULL AND s.photo_blob != '' "
        "GROUP BY s.id HAVING count(*) BETWEEN 5 AND 20 ORDER BY s.id LIMIT 20"
    ).fetchall()
    for (sid,) in rows:
        issued = documents.issue(session, PrintRequest("transcript", (int(sid),)))
        if issued.pages == 1:
            documents.void_documents(session, issued.serials, "benchmark probe")
            return int(sid)
    raise SystemExit("no student with a photo and a one-page transcript")


def breakdown(pdf: bytes) -> dict[str, int]:
    """Bytes of the font subsets (font programs, ToUnicode maps, widths), images, and the rest."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    font_ids: set[int] = set()
    image_ids: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources", {})
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            for key in ("/ToUnicode",):
                if key in font:
                    font_ids.add(font.raw_get(key).idnum)
            for desc in font.get("/DescendantFonts", []):
                d = desc.get_object()
                if "/W" in d and hasattr(d.raw_get("/W"), "idnum"):
                    font_ids.add(d.raw_get("/W").idnum)
                fd = d.get("/FontDescriptor")
                if fd is not None:
                    fdo = fd.get_object()
                    for key in ("/FontFile2", "/FontFile", "/FontFile3", "/CIDSet"):
                        if key in fdo:
                            font_ids.add(fdo.raw_get(key).idnum)
            fd = font.get("/FontDescriptor")
            if fd is not None:
                fdo = fd.get_object()
                for key in ("/FontFile2", "/FontFile", "/FontFile3"):
                    if key in fdo:
                        font_ids.add(fdo.raw_get(key).idnum)
        for ref in resources.get("/XObject", {}).values():
            xo = ref.get_object()
            if xo.get("/Subtype") == "/Image":
                image_ids.add(ref.idnum)
                if "/SMask" in xo:
                    image_ids.add(xo.raw_get("/SMask").idnum)

    def size(idnum: int) -> int:
        obj = reader.get_object(idnum)
        return len(getattr(obj, "_data", b""))  # the stream as stored (compressed)

    fonts = sum(size(i) for i in font_ids)
    images = sum(size(i) for i in image_ids)
    return {"total": len(pdf), "font subset": fonts, "photo": images,
            "rest": len(pdf) - fonts - images}  # fmt: skip


# -- bare ReportLab ---------------------------------------------------------------------------


def bare_pages(docs: Sequence[model.Document], out: Path | None) -> bytes:
    """The same texts, a ruled table, the photo and a QR code, drawn directly with ReportLab."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode import qr
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from xueji_desktop.printing import fonts

    fonts.ensure_registered()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, initialFontName=fonts.REGULAR)
    width, height = A4
    for doc in docs:
        c.setFont(fonts.BOLD, 18)
        c.drawCentredString(width / 2, height - 30 * mm, doc.fields.get("school_name", "学校"))
        c.drawCentredString(width / 2, height - 42 * mm, "学生成绩单")
        c.setFont(fonts.REGULAR, 10.5)
        y = height - 55 * mm
        for key in ("name", "gender", "birth_date", "student_no", "registry_no", "id_number",
                    "major", "class_name", "enrolment_month"):  # fmt: skip
            c.drawString(25 * mm, y, f"{key}  {doc.fields.get(key, '')}")
            y -= 6 * mm
        if doc.photo:
            c.drawImage(ImageReader(io.BytesIO(doc.photo)), 160 * mm, height - 95 * mm,
                        25 * mm, 35 * mm)  # fmt: skip
        table = doc.tables.get("courses")
        for row in table.rows if table else ():
            c.line(20 * mm, y + 4.5 * mm, 190 * mm, y + 4.5 * mm)
            x = 22 * mm
            for cell in row:
                c.drawString(x, y, cell)
                x += 21 * mm
            y -= 6.5 * mm
            if y < 40 * mm:
                c.showPage()
                c.setFont(fonts.REGULAR, 10.5)
                y = height - 30 * mm
        if doc.qr_text:
            widget = qr.QrCodeWidget(doc.qr_text, barLevel="M")
            x0, y0, x1, y1 = widget.getBounds()
            d = Drawing(22 * mm, 22 * mm, transform=[22 * mm / (x1 - x0), 0, 0,
                                                     22 * mm / (y1 - y0), 0, 0])  # fmt: skip
            d.add(widget)
            renderPDF.draw(d, c, 168 * mm, 12 * mm)
        c.drawString(20 * mm, 15 * mm, f"第 1 页 共 1 页  {doc.serial}")
        c.showPage()
    c.save()
    data = buf.getvalue()
    if out is not None:
        out.write_bytes(data)
    return data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-students", type=int, default=0)
    ap.add_argument("--files", type=int, default=1000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="xueji-doc-bench-"))
    try:
        session = open_archive(args.bench_students, tmp)
        run(session, tmp, args.files)
        session.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(session: Session, tmp: Path, n_files: int) -> None:
    fifty = students_with_grades(session, 50, min_grades=10)
    documents.issue(session, PrintRequest("transcript", (fifty[0],)))  # fonts loaded, caches warm
    runs = []
    for _ in range(5):  # this machine varies by a third from one run to the next
        t = time.perf_counter()
        issued = documents.issue(session, PrintRequest("transcript", tuple(fifty)))
        runs.append(time.perf_counter() - t)
    class_s = statistics.median(runs)
    print(f"class of {len(fifty)} transcripts, one PDF: median {class_s:.2f} s of 5 (min "
          f"{min(runs):.2f} s, max {max(runs):.2f} s), {issued.pages} pages, "
          f"{len(issued.pdf) / 1024:.0f} KB")  # fmt: skip

    many = students_with_grades(session, n_files)
    out = tmp / "split"
    t = time.perf_counter()
    paths = documents.issue_to_files(session, PrintRequest("transcript", tuple(many)), out,
                                     split=True, pattern="{student_no}_{serial}")  # fmt: skip
    split_s = time.perf_counter() - t
    sizes = [p.stat().st_size for p in paths]
    print(f"{len(paths)} transcripts, one file each: {split_s:.2f} s, "
          f"mean {sum(sizes) / len(sizes) / 1024:.0f} KB per file")  # fmt: skip

    sid = one_page_student(session)
    one = documents.issue(session, PrintRequest("transcript", (sid,)))
    parts = breakdown(one.pdf)
    print("one-page transcript with photo and QR: "
          + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in parts.items()))  # fmt: skip
    # The demo photos are tiny placeholders; a scanned ID photo is a 358x441 JPEG of 20-40 KB.
    from xueji_desktop.services import attachments

    attachments.set_photo(session, sid, realistic_photo())
    one = documents.issue(session, PrintRequest("transcript", (sid,)))
    parts = breakdown(one.pdf)
    print("the same with a realistic 358x441 JPEG photo: "
          + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in parts.items()))  # fmt: skip

    # bare ReportLab on the same documents (built and signed once, outside the timing). Drawing
    # the QR code through ReportLab's widget (renderPDF) costs ~140 ms a code here, far more than
    # the page, so the loop is timed with and without it.
    handle = session.archive
    plan = steps.plan(handle, PrintRequest("transcript", tuple(fifty)))
    docs = steps.number_and_sign(handle, plan, steps.build(handle, plan, None, None, 0)).documents
    plain = [dataclasses.replace(d, qr_text="") for d in docs]
    t = time.perf_counter()
    bare = bare_pages(plain, None)
    bare_class = time.perf_counter() - t
    t = time.perf_counter()
    bare_pages(docs, None)
    bare_class_qr = time.perf_counter() - t
    bare_pages_n = len(pypdf.PdfReader(io.BytesIO(bare)).pages)
    print(f"bare ReportLab, {len(docs)} documents ({bare_pages_n} pages) into one file: "
          f"{bare_class:.2f} s without QR (ratio {class_s / bare_class:.1f}x), "
          f"{bare_class_qr:.2f} s with ReportLab's QR widget (ratio "
          f"{class_s / bare_class_qr:.1f}x)")  # fmt: skip
    sample = many[: min(len(many), 200)]
    plan_many = steps.plan(handle, PrintRequest("transcript", tuple(sample)))
    built = steps.build(handle, plan_many, None, None, 0)
    docs_many = steps.number_and_sign(handle, plan_many, built).documents
    bare_dir = tmp / "bare"
    bare_dir.mkdir()
    t = time.perf_counter()
    for i, doc in enumerate(docs_many):
        bare_pages([dataclasses.replace(doc, qr_text="")], bare_dir / f"{i}.pdf")
    per_file = (time.perf_counter() - t) / len(docs_many)
    t = time.perf_counter()
    for i, doc in enumerate(docs_many[:50]):
        bare_pages([doc], bare_dir / f"q{i}.pdf")
    per_file_qr = (time.perf_counter() - t) / min(50, len(docs_many))
    ours = split_s / len(paths)
    print(f"bare ReportLab, one file each: {per_file * 1000:.0f} ms a file without QR "
          f"(ratio {ours / per_file:.1f}x), {per_file_qr * 1000:.0f} ms with ReportLab's QR "
          f"widget (ratio {ours / per_file_qr:.1f}x); ours {ours * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
