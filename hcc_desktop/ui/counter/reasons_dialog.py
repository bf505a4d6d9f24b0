"""The supervisor's editor of priority reasons: name, tier, in use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, dialog_buttons, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.queue import QueueService, Reason

TIERS = (("head", tr("ưu tiên đặc biệt (đầu hàng)")), ("priority", tr("ưu tiên")), ("regular", tr("thường")))


class ReasonsDialog(QDialog):
    def __init__(self, queue: "QueueService", actor: "Actor", reasons: list["Reason"],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Nhóm ưu tiên"))
        self.resize(760, 420)
        self._queue, self._actor, self._reasons = queue, actor, reasons
        intro = QLabel(tr("Thứ tự gọi: ưu tiên đặc biệt → ưu tiên → thường. Bỏ chọn “Đang dùng” để ẩn một nhóm "
                          "khỏi màn hình cấp số; các số đã cấp giữ nguyên nhóm cũ."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(reasons), 3, self)
        self.table.setHorizontalHeaderLabels([tr("Tên nhóm"), tr("Hạng"), tr("Đang dùng")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.rows: list[tuple[QLineEdit, QComboBox, QCheckBox]] = []
        for row, reason in enumerate(reasons):
            name, tier, active = QLineEdit(reason.label, self), QComboBox(self), QCheckBox(self)
            for value, label in TIERS:
                tier.addItem(label, value)
            tier.setCurrentIndex(tier.findData(reason.tier.value))
            active.setChecked(reason.active)
            for col, widget in enumerate((name, tier, active)):
                self.table.setCellWidget(row, col, widget)
            self.rows.append((name, tier, active))
        self.error = ErrorLabel(self)
        self.buttons = dialog_buttons(self, tr("Lưu"), self.save, save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def changes(self) -> dict[str, dict]:
        result = {}
        for reason, (name, tier, active) in zip(self._reasons, self.rows):
            change = {}
            if name.text() != reason.label:
                change["label"] = name.text()
            if tier.currentData() != reason.tier.value:
                change["tier"] = tier.currentData()
            if active.isChecked() != reason.active:
                change["active"] = active.isChecked()
            if change:
                result[reason.code] = change
        return result

    def save(self) -> None:
        self.error.clear_error()
        self.buttons.setEnabled(False)
        run_task(self, self._queue.update_reasons, self._actor, self.changes()) \
            .on_success(lambda _r: self.accept()).on_failure(self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_failure(self.error, exc)
