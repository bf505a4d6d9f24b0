"""Issuing a number: Ctrl+N, a digit for the priority reason, Enter. Three keystrokes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, dialog_buttons, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.queue import IssuedTicket, QueueService, Reason

NEEDS = (("hearing", tr("Khiếm thính")), ("vision", tr("Khiếm thị")), ("mobility", tr("Khó đi lại")))


class IssueDialog(QDialog):
    issued = Signal(object)  # IssuedTicket

    def __init__(self, queue: "QueueService", actor: "Actor", reasons: list["Reason"],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Cấp số thứ tự"))
        self.setMinimumWidth(560)
        self._queue, self._actor = queue, actor
        self._request_id = uuid.uuid4()  # one dialog = one ticket, however often Enter is pressed
        self._busy = False
        self.reasons = QListWidget(self)
        self.reasons.setObjectName("reasons")
        for index, reason in enumerate(reasons, start=1):
            item = QListWidgetItem(f"{index}. {reason.label} — {reason.tier.label}")
            item.setData(Qt.ItemDataRole.UserRole, reason)
            self.reasons.addItem(item)
            if index <= 9:
                QShortcut(QKeySequence(str(index)), self, activated=lambda row=index - 1: self.choose(row))
        regular = next((i for i, r in enumerate(reasons) if r.tier.value == "regular"), 0)
        self.reasons.setCurrentRow(regular)
        self.reasons.setFixedHeight(min(9, len(reasons)) * 26 + 8)
        self.reasons.itemDoubleClicked.connect(lambda _item: self.submit())
        self.name = QLineEdit(self)
        self.birth_year = QLineEdit(self)
        self.birth_year.setMaxLength(4)
        self.birth_year.setPlaceholderText(tr("ví dụ 1948"))
        self.seat = QLineEdit(self)
        self.note = QLineEdit(self)
        self.verified = QCheckBox(tr("Đã xem giấy tờ chứng minh"), self)
        self.needs = {key: QCheckBox(label, self) for key, label in NEEDS}
        needs_row = QHBoxLayout()
        for box in self.needs.values():
            needs_row.addWidget(box)
        form = QFormLayout()
        form.addRow(tr("Họ tên (không bắt buộc)"), self.name)
        form.addRow(tr("Năm sinh"), self.birth_year)
        form.addRow(tr("Chỗ ngồi"), self.seat)
        form.addRow(tr("Lý do ưu tiên (ghi rõ)"), self.note)
        form.addRow("", self.verified)
        form.addRow(tr("Cần hỗ trợ"), needs_row)
        self.fields = {"citizen_name": self.name, "birth_year": self.birth_year, "seat": self.seat,
                       "reason_note": self.note, "reason_code": self.reasons}
        self.error = ErrorLabel(self)
        self.buttons = dialog_buttons(self, tr("Cấp số (Enter)"), self.submit)
        hint = QLabel(tr("Bấm số 1–{n} để chọn nhóm, Enter để cấp số. Các ô khác không bắt buộc.",
                         n=min(9, len(reasons))), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.reasons)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reasons.setFocus()

    def choose(self, row: int) -> None:
        if 0 <= row < self.reasons.count() and not self._typing():
            self.reasons.setCurrentRow(row)
            self.reasons.setFocus()

    def _typing(self) -> bool:
        return isinstance(self.focusWidget(), QLineEdit)

    def request(self):
        from hcc_desktop.services.queue import IssueRequest

        reason = self.reasons.currentItem().data(Qt.ItemDataRole.UserRole)
        return IssueRequest(reason_code=reason.code, citizen_name=self.name.text(),
                            birth_year=self.birth_year.text() or None, seat=self.seat.text(),
                            needs=tuple(k for k, box in self.needs.items() if box.isChecked()),
                            reason_note=self.note.text(), reason_verified=self.verified.isChecked(),
                            request_id=self._request_id)

    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.buttons.setEnabled(False)
        self.error.clear_error()
        run_task(self, self._queue.issue, self._actor, self.request()).on_success(self._done).on_failure(self._failed)

    def _done(self, issued: "IssuedTicket") -> None:
        self._busy = False
        self.issued.emit(issued)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        show_failure(self.error, exc, self.fields)
