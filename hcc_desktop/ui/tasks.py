"""The one way the UI runs work off its thread.

    run_task(self, services.settings.view).on_success(self._show)

The function runs on Qt's thread pool; ``on_success`` / ``on_failure`` run
back on the UI thread (results arrive through queued signals, so callbacks
chained right after ``run_task`` are always in place before they fire). A failure with no handler goes to the error presenter.
Functions that take a ``TaskContext`` (``run_task(..., with_context=True)``)
can report progress and notice a cancel request.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)
_running: set["TaskHandle"] = set()


class TaskContext:
    def __init__(self, signals: "_Signals") -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self._signals.progress.emit(done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, call: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._call = call
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # noqa: BLE001 — every failure must reach the UI thread
            self._emit(self._signals.failed, exc)
        else:
            self._emit(self._signals.succeeded, result)

    @staticmethod
    def _emit(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the program is closing and took the receiver with it: nobody to tell
            logger.debug("task finished after its receiver was deleted")


class TaskHandle:
    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent
        self.signals = _Signals()
        self.context = TaskContext(self.signals)
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: list[Callable[[int, int], None]] = []
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)
        self.signals.progress.connect(self._progress)

    def on_success(self, callback: Callable[[Any], None]) -> "TaskHandle":
        self._on_success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> "TaskHandle":
        self._on_failure = callback
        return self

    def on_progress(self, callback: Callable[[int, int], None]) -> "TaskHandle":
        self._on_progress.append(callback)
        return self

    def cancel(self) -> None:
        self.context.cancel()

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _progress(self, done: int, total: int) -> None:
        if self._alive():
            for callback in self._on_progress:
                callback(done, total)

    def _succeeded(self, result: Any) -> None:
        _running.discard(self)
        if self._on_success is not None and self._alive():
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        _running.discard(self)
        if not self._alive():
            logger.error("task failed after its window closed", exc_info=exc)
        elif self._on_failure is not None:
            self._on_failure(exc)
        else:
            from hcc_desktop.ui.errors import present_error

            present_error(self._parent, exc)


def run_task(parent: QWidget | None, fn: Callable[..., Any], *args: Any,
             with_context: bool = False, **kwargs: Any) -> TaskHandle:
    handle = TaskHandle(parent)
    if with_context:
        kwargs["context"] = handle.context
    _running.add(handle)
    QThreadPool.globalInstance().start(_Runnable(lambda: fn(*args, **kwargs), handle.signals))
    return handle


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Wait for running tasks (at exit, and in tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
