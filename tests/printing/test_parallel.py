"""Split batches rendered on worker processes: same PDFs, same order, cancel stops them."""

from __future__ import annotations

import pytest

from tests.printing.conftest import SCHOOL, make_template, page_texts, transcript
from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.printing import parallel
from xueji_desktop.printing.model import Document, Letterhead


def _docs(n: int) -> list[Document]:
    return [transcript(name=f"学生{i:03d}", rows=3) for i in range(n)]


def test_a_large_batch_uses_workers_and_keeps_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    docs = _docs(parallel.MIN_PARALLEL + 3)
    assert parallel.workers_for(len(docs)) == 2
    pdfs = list(parallel.render_each(docs, make_template(), Letterhead(SCHOOL)))
    assert len(pdfs) == len(docs)
    for i, pdf in enumerate(pdfs):
        assert f"学生{i:03d}" in page_texts(pdf)[0]


def test_a_small_batch_renders_here() -> None:
    assert parallel.workers_for(parallel.MIN_PARALLEL - 1) == 1
    pdfs = list(parallel.render_each(_docs(2), make_template(), Letterhead(SCHOOL)))
    assert ["学生000" in page_texts(p)[0] for p in pdfs] == [True, False]


def test_cancel_stops_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    docs = _docs(parallel.MIN_PARALLEL * 2)
    got: list[bytes] = []
    with pytest.raises(OperationCancelled):
        for pdf in parallel.render_each(
            docs, make_template(), Letterhead(SCHOOL), cancelled=lambda: len(got) >= 5
        ):
            got.append(pdf)
    assert len(got) == 5
