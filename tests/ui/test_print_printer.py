"""Printing a PDF held in memory through QPrinter, on a thread: pages, paper, content, cancel."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from xueji_desktop.ui.pdf_printer import (
    MAX_DPI,
    PdfBytes,
    PdfPrintJob,
    printer_label,
    run_in_thread,
)

MM = 72 / 25.4


def sample_pdf(pages: int = 3, *, wide_last: bool = False) -> bytes:
    """Pages with a black square in the top-left quarter; the last one landscape if asked."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for number in range(pages):
        size = landscape(A4) if wide_last and number == pages - 1 else A4
        c.setPageSize(size)
        c.rect(20 * MM, size[1] - 80 * MM, 60 * MM, 60 * MM, stroke=0, fill=1)
        c.drawString(100, 100, f"page {number + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def run_job(qtbot: QtBot, job: PdfPrintJob) -> tuple[list[int], list[str], list[tuple[int, int]]]:
    done: list[int] = []
    failed: list[str] = []
    steps: list[tuple[int, int]] = []
    job.succeeded.connect(done.append)
    job.failed.connect(failed.append)
    job.progressed.connect(lambda a, b: steps.append((a, b)))
    with qtbot.waitSignal(job.finished, timeout=60_000):
        job.start()
    qtbot.waitUntil(lambda: bool(done or failed))
    return done, failed, steps


def test_prints_every_page_on_paper_of_the_pdf_size(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    job = PdfPrintJob(sample_pdf(3, wide_last=True), printer)
    done, failed, steps = run_job(qtbot, job)
    assert (done, failed) == ([3], [])
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert printer_label(printer) == "PDF"
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    first, last = reader.pages[0].mediabox, reader.pages[2].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)
    assert (round(float(last.width)), round(float(last.height))) == (842, 595)  # stays landscape
    # Each page is one image at the capped resolution, and the square is where the PDF put it.
    image = reader.pages[0].images[0].image
    assert abs(image.width - round(210 / 25.4 * MAX_DPI)) <= 2
    dots = MAX_DPI / 25.4
    gray = image.convert("L")
    assert gray.getpixel((int(50 * dots), int(50 * dots))) < 60  # inside the square: black
    assert gray.getpixel((int(150 * dots), int(50 * dots))) > 200  # beside it: white paper


def test_cancel_stops_before_the_next_page(qtbot: QtBot, tmp_path: Path) -> None:
    job = PdfPrintJob(sample_pdf(6), pdf_printer(tmp_path / "cancelled.pdf"))
    job.progressed.connect(lambda done, _total: job.cancel() if done == 2 else None)
    done, failed, steps = run_job(qtbot, job)
    assert (done, failed) == ([], ["cancelled"])
    assert steps[-1][0] <= 3  # a page at most was on its way when the cancel arrived


def test_bytes_that_are_not_a_pdf_are_refused(qtbot: QtBot, tmp_path: Path) -> None:
    job = PdfPrintJob(b"not a pdf at all", pdf_printer(tmp_path / "x.pdf"))
    done, failed, _ = run_job(qtbot, job)
    assert (done, failed) == ([], ["unreadable"])
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_from_memory_counts_pages(qtbot: QtBot) -> None:
    pdf = PdfBytes(sample_pdf(2))
    assert pdf.ok and pdf.page_count() == 2
    assert not PdfBytes(b"%PDF-broken").ok


def test_background_call_answers_on_the_gui_thread(qtbot: QtBot) -> None:
    from PySide6.QtCore import QObject, QThread

    owner = QObject()
    seen: list[object] = []

    def on_done(value: object) -> None:
        seen.append((value, QThread.currentThread() is owner.thread()))

    run_in_thread(lambda: 6 * 7, owner, on_done, seen.append)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True)]
    errors: list[BaseException] = []
    run_in_thread(lambda: 1 / 0, owner, seen.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


def test_preview_pane_shows_pages_and_zooms(qtbot: QtBot) -> None:
    from PySide6.QtPdfWidgets import QPdfView

    from xueji_desktop.ui.print_preview import PdfPane

    pane = PdfPane()
    qtbot.addWidget(pane)
    pane.resize(600, 800)
    pane.show()
    assert pane.show_pdf(sample_pdf(2)) and pane.page_count() == 2
    assert pane.pages_label.text() == "共 2 页"
    pane.zoom(1.25)
    assert pane.view.zoomMode() == QPdfView.ZoomMode.Custom
    larger = pane.view.zoomFactor()
    pane.zoom(1 / 1.25)
    assert pane.view.zoomFactor() < larger
    pane.fit_page()
    assert pane.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert not pane.show_pdf(b"no pdf") and pane.page_count() == 0
