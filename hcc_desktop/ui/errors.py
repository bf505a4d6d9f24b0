"""The one error presenter: a clear sentence for the user, the traceback only in the log."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr

logger = logging.getLogger(__name__)
_open_boxes: list[QMessageBox] = []
log_file_hint: str = ""


def user_message(exc: BaseException) -> str:
    if isinstance(exc, HccError):
        return exc.message
    where = tr(" Chi tiết kỹ thuật đã được ghi vào nhật ký: {path}", path=log_file_hint) if log_file_hint else ""
    return tr("Đã xảy ra lỗi ngoài dự kiến nên việc vừa làm chưa hoàn tất. "
              "Dữ liệu đã lưu trước đó vẫn an toàn.") + where


def present_error(parent: QWidget | None, exc: BaseException, *, on_closed=None) -> QMessageBox:
    """Show ``exc`` to the user without blocking; log the traceback of unexpected errors."""
    if isinstance(exc, HccError):
        logger.info("shown to user: %s", type(exc).__name__)
    else:
        logger.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Warning if isinstance(exc, HccError) else QMessageBox.Icon.Critical,
                      tr("Không thực hiện được"), user_message(exc), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    _open_boxes.append(box)

    def closed() -> None:
        if box in _open_boxes:
            _open_boxes.remove(box)
        if on_closed is not None:
            on_closed()

    box.finished.connect(closed)
    box.open()
    return box


def install_excepthook() -> None:
    """Route uncaught exceptions (in slots, timers, the main loop) to the presenter."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        exc = exc if exc is not None else exc_type()
        exc.__traceback__ = tb
        if QApplication.instance() is None:
            logger.error("uncaught exception", exc_info=(exc_type, exc, tb))
            return
        present_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
