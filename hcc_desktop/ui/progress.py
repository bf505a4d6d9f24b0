"""Long work that writes a file, with a progress dialog and "Hủy".

    run = run_with_progress(self, tr("Đang ghi …"), "someProgress", service.write, actor, path)
    run.then(self._written, self._failed, cancelled=self._cancelled)

The function runs through ``run_task`` with a ``TaskContext`` (it reports progress and
raises ``package_file.Cancelled`` when asked to stop, leaving nothing behind). The dialog
shows after 300 ms, follows the reports, and is closed before any callback runs.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import TaskHandle, run_task


class ProgressRun:
    def __init__(self, dialog: QProgressDialog, task: TaskHandle) -> None:
        self.dialog = dialog
        self.task = task
        task.on_progress(self._advance)

    def _advance(self, done: int, total: int) -> None:
        if total:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()

    def then(self, done: Callable[[Any], None], failed: Callable[[BaseException], None], *,
             cancelled: Callable[[], None]) -> "ProgressRun":
        """``done(result)``, ``cancelled()`` when the person stopped it, ``failed(exc)`` otherwise."""
        def on_failure(exc: BaseException) -> None:
            from hcc_desktop.services.package_file import Cancelled

            self._close()
            if isinstance(exc, Cancelled):
                cancelled()
            else:
                failed(exc)

        self.task.on_success(lambda result: (self._close(), done(result))).on_failure(on_failure)
        return self


def run_with_progress(parent: QWidget, label: str, name: str, fn: Callable[..., Any], *args: Any,
                      **kwargs: Any) -> ProgressRun:
    dialog = QProgressDialog(label, tr("Hủy"), 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(parent.windowTitle())
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    task = run_task(parent, fn, *args, with_context=True, **kwargs)
    dialog.canceled.connect(task.cancel)
    return ProgressRun(dialog, task)
