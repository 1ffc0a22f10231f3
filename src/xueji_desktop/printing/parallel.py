"""One PDF per document for a large batch, rendered on several processes.

ReportLab is pure Python and holds the interpreter lock, so a split batch (1,000 transcripts, one
file each) runs on one core however many the machine has. Above ``MIN_PARALLEL`` documents the
work goes to a pool of worker processes started with "spawn" (the only method Windows has, and
safe beside Qt's threads on Linux). Documents travel to the workers and PDFs come back through
pipes: nothing touches the disk. Results come back in order; a cancel stops the pool and drops
what was not yet collected.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.printing.model import Document, Letterhead
from xueji_desktop.printing.templates import Template

MIN_PARALLEL = 24  # below this, starting the workers (~0.5 s each) costs more than it saves
MAX_WORKERS = 4
IN_FLIGHT = 4  # documents queued per worker: bounds memory, keeps cancel prompt


def _render_one(
    doc: Document,
    template: Template,
    letterhead: Letterhead,
    offset_mm: tuple[float, float],
    mark_missing: bool,
) -> bytes:
    from xueji_desktop.printing.render import render_pdf

    return render_pdf([doc], template, letterhead, offset_mm=offset_mm, mark_missing=mark_missing)


def workers_for(count: int) -> int:
    """How many processes a batch of ``count`` documents gets (1 = render here)."""
    cpus = os.cpu_count() or 1
    if count < MIN_PARALLEL or cpus < 2:
        return 1
    return min(cpus, MAX_WORKERS)


def render_each(
    documents: Sequence[Document],
    template: Template,
    letterhead: Letterhead,
    *,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    mark_missing: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[bytes]:
    """One PDF per document, in order. Raises OperationCancelled when ``cancelled()`` says so."""

    def stop() -> bool:
        return cancelled is not None and cancelled()

    args = (template, letterhead, offset_mm, mark_missing)
    workers = workers_for(len(documents))
    if workers == 1:
        for doc in documents:
            if stop():
                raise OperationCancelled()
            yield _render_one(doc, *args)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        pending: deque[Future[bytes]] = deque()
        queue = iter(documents)
        for doc in queue:
            pending.append(pool.submit(_render_one, doc, *args))
            if len(pending) >= workers * IN_FLIGHT:
                break
        while pending:
            if stop():
                raise OperationCancelled()
            pdf = pending.popleft().result()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(pool.submit(_render_one, nxt, *args))
            yield pdf
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
