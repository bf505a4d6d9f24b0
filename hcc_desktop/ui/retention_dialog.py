"""Hệ thống → Lưu giữ dữ liệu cá nhân: what anonymizing closed, old records would change, then doing it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor


class RetentionDialog(QDialog):
    def __init__(self, retention, actor: "Actor", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lưu giữ dữ liệu cá nhân"))
        self.resize(760, 460)
        self._retention, self._actor = retention, actor
        self.counts = None
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels((tr("Sẽ ẩn danh"), tr("Số bản ghi")))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.apply_button = QPushButton(tr("Ẩn danh ngay"), self)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.ask)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.explain.setText(tr("Đang đếm…"))
        run_task(self, self._retention.preview, self._actor).on_success(self._show) \
            .on_failure(lambda exc: show_failure(self.error, exc))

    def _show(self, counts) -> None:
        from hcc_desktop.clock import to_local

        self.counts = counts
        if counts.cutoff is None:
            self.explain.setText(tr("Cài đặt “Ẩn danh hồ sơ đã xong sau (năm)” đang là 0: không ẩn danh gì."))
        else:
            self.explain.setText(tr(
                "Người dân không còn hồ sơ hay lượt hỗ trợ nào đang mở và không có gì mới từ {d} trở về trước "
                "sẽ được ẩn danh: tên thay bằng “Người dân đã ẩn danh”; xóa số định danh, điện thoại, địa chỉ, ngày "
                "sinh và các ghi chú. Năm sinh, giới tính, thôn, thủ tục, ngày tháng và kết quả được giữ để thống kê. "
                "Việc này không hoàn tác được.", d=to_local(counts.cutoff).strftime("%d/%m/%Y")))
        lines = counts.lines()
        self.table.setRowCount(len(lines))
        for row, (label, n) in enumerate(lines):
            self.table.setItem(row, 0, QTableWidgetItem(label[:1].upper() + label[1:]))
            self.table.setItem(row, 1, QTableWidgetItem(f"{n:,}".replace(",", ".")))
        self.apply_button.setEnabled(counts.total > 0)
        self.apply_button.setText(tr("Ẩn danh {n} bản ghi", n=f"{counts.total:,}".replace(",", "."))
                                  if counts.total else tr("Không có gì cần ẩn danh"))

    def ask(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Ẩn danh dữ liệu cá nhân"),
                          tr("Ẩn danh {n} bản ghi? Không hoàn tác được (các bản sao lưu cũ vẫn còn dữ liệu cũ).",
                             n=self.counts.total), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("confirmRetention")
        box.accepted.connect(self.apply)
        box.open()
        self.confirm = box

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        self.result.setText(tr("Đang ẩn danh…"))
        run_task(self, self._retention.apply, self._actor).on_success(self._done) \
            .on_failure(lambda exc: show_failure(self.error, exc))

    def _done(self, counts) -> None:
        self.result.setText(tr("Đã ẩn danh {n} bản ghi; nhật ký kiểm soát đã ghi lại.", n=counts.total))
        self.reload()
