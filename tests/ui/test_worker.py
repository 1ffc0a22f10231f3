"""The session worker: results and errors come back on the GUI thread, calls never overlap."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from xueji_desktop.core.errors import WrongCredentials
from xueji_desktop.ui.worker import SessionWorker


def test_result_comes_back_on_the_gui_thread(qtbot: QtBot, worker: SessionWorker) -> None:
    seen: dict[str, object] = {}

    def job() -> int:
        seen["job_thread"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = threading.current_thread()

    with qtbot.waitSignal(worker.busyChanged, timeout=5000, check_params_cb=lambda b: not b):
        worker.run(job, on_done=done, on_error=lambda e: None)
        assert worker.busy
    assert seen["value"] == 42
    assert seen["job_thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()
    assert not worker.busy


def test_an_exception_comes_back_as_the_error(qtbot: QtBot, worker: SessionWorker) -> None:
    errors: list[BaseException] = []

    def job() -> None:
        raise WrongCredentials()

    worker.run(job, on_done=lambda _: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], WrongCredentials)


def test_calls_run_one_after_another(qtbot: QtBot, worker: SessionWorker) -> None:
    """Services are not re-entrant: one session, one thread, never two calls at once."""
    running = 0
    overlap = False
    order: list[int] = []
    lock = threading.Lock()

    def job(n: int) -> int:
        nonlocal running, overlap
        with lock:
            running += 1
            overlap = overlap or running > 1
        time.sleep(0.01)
        with lock:
            running -= 1
        return n

    for n in range(8):
        worker.run(lambda n=n: job(n), on_done=order.append, on_error=lambda e: None)
    qtbot.waitUntil(lambda: len(order) == 8, timeout=5000)
    assert not overlap
    assert order == list(range(8))


def test_answer_for_a_closed_widget_is_dropped(qtbot: QtBot, worker: SessionWorker) -> None:
    widget = QWidget()
    release = threading.Event()
    delivered: list[object] = []
    worker.run(lambda: release.wait(5), on_done=delivered.append, on_error=delivered.append,
               context=widget)  # fmt: skip
    shiboken6.delete(widget)  # the window was closed before the answer arrived
    release.set()
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    assert delivered == []


def test_shutdown_runs_the_last_call_after_queued_work(worker: SessionWorker) -> None:
    order: list[str] = []
    worker.run(lambda: order.append("job"), on_done=lambda _: None, on_error=lambda e: None)
    worker.shutdown(lambda: order.append("close"))
    assert order == ["job", "close"]
