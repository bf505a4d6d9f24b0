"""The outbox: files exported and imported with their state; new packages; importing a laptop's package.

An import is first run dry: the supervisor reads what would change (new, same, newer, older,
conflicts, quarantined with reasons) and only then applies it. Conflicts wait in their own
list until the supervisor keeps this machine's version or takes the package's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from hcc_desktop.clock import format_local
from hcc_desktop.i18n import tr
from hcc_desktop.ui.progress import run_with_progress
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor

HEADERS = (tr("Lúc"), tr("Chiều"), tr("Loại"), tr("Tệp"), tr("Số bản ghi"), tr("Trạng thái"))


def summary_text(summary) -> str:
    """The dry-run (or applied) summary as plain lines a supervisor reads before deciding."""
    from hcc_desktop.services.exchange_tables import BY_NAME

    lines = [tr("Gói {name} của “{center}” ({scope}).", name=summary.file_name, center=summary.center,
                scope=summary.scope)]
    if summary.already_imported:
        lines.append(tr("Gói này đã được nhập trước đây: bản ghi giống hệt được bỏ qua."))
    for name, c in summary.tables.items():
        if c.total:
            lines.append(tr("• {t}: {new} mới, {same} đã có, {upd} bản mới hơn, {old} bản cũ hơn (giữ của máy này), "
                            "{conf} xung đột, {bad} cách ly, {other} giữ/gộp", t=BY_NAME[name].label, new=c.new,
                            same=c.same, upd=c.updated, old=c.older, conf=c.conflicts, bad=c.quarantined,
                            other=c.kept + c.merged))
    for problem in summary.problems[:30]:
        lines.append(tr("  cách ly {t} {key}: {reason}", t=BY_NAME[problem.table].label, key=problem.key[:8],
                        reason=problem.reason))
    return "\n".join(lines)


class OutboxDialog(QDialog):
    def __init__(self, exchange, actor: "Actor", out_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.setWindowTitle(tr("Hộp gửi đi và gói dữ liệu"))
        self.resize(1100, 600)
        self._exchange, self._actor, self._out_dir = exchange, actor, out_dir
        self.items: list = []
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("outboxTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # times and states read whole
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.pending = QLabel(self)
        self.pending.setObjectName("outboxPending")
        self.error = ErrorLabel(self)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(170)
        buttons = {
            "incremental": (tr("Tạo gói phần mới"), lambda: self.export(False)),
            "full": (tr("Tạo gói toàn bộ"), lambda: self.export(True)),
            "sent": (tr("Đánh dấu đã gửi"), lambda: self.move("sent")),
            "ack": (tr("Cấp trên đã nhận"), lambda: self.move("ack")),
            "import": (tr("Nhập gói của máy khác…"), self.choose_package),
            "conflicts": (tr("Xung đột…"), self.open_conflicts),
        }
        row = QHBoxLayout()
        self.buttons = {}
        for key, (text, slot) in buttons.items():
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pending)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        exchange, actor = self._exchange, self._actor
        run_task(self, lambda: (exchange.outbox(actor), exchange.pending_records(),
                                len(exchange.conflicts(actor)))).on_success(self._show)

    def _show(self, loaded) -> None:
        self.items, pending, conflicts = loaded
        self.pending.setText(tr("{n} bản ghi chưa gửi · {c} xung đột chờ quyết định", n=pending, c=conflicts))
        self.buttons["conflicts"].setEnabled(conflicts > 0)
        self.table.setRowCount(len(self.items))
        kinds = {"report": tr("báo cáo"), "package": tr("gói dữ liệu")}
        for r, item in enumerate(self.items):
            values = (format_local(item.created_at), tr("gửi đi") if item.direction == "out" else tr("nhận về"),
                      kinds.get(item.kind, item.kind), item.file_name, f"{item.records:,}".replace(",", "."),
                      item.status_label)
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if c == 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, cell)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def export(self, full: bool) -> None:
        """A new package (everything, or what the upper level has not acknowledged), with progress and "Hủy"."""
        from pathlib import Path

        self.error.clear_error()
        self._exporting(True)
        self.progress = run_with_progress(self, tr("Đang ghi gói dữ liệu…"), "packageProgress",
                                          self._exchange.export_package, self._actor, Path(self._out_dir),
                                          full=full).then(self._exported, self._export_failed,
                                                          cancelled=self._export_cancelled).dialog

    def _exporting(self, busy: bool) -> None:
        for key in ("incremental", "full"):
            self.buttons[key].setEnabled(not busy)

    def _exported(self, result) -> None:
        self._exporting(False)
        self.details.setPlainText(tr("Đã ghi {path}: {n} bản ghi.", path=result.path, n=result.records))
        self.refresh()

    def _export_cancelled(self) -> None:
        self._exporting(False)
        self.details.setPlainText(tr("Đã hủy tạo gói dữ liệu. Không có tệp nào được ghi, hộp gửi đi không thay đổi; "
                                     "lần tạo gói sau vẫn gồm đủ mọi bản ghi chưa gửi."))

    def _export_failed(self, exc: BaseException) -> None:
        self._exporting(False)
        show_failure(self.error, exc)

    def move(self, action: str) -> None:
        item = self.selected()
        if item is None:
            self.error.show_error(tr("Hãy chọn một tệp trong danh sách."))
            return
        call = self._exchange.mark_sent if action == "sent" else self._exchange.acknowledge
        run_task(self, call, self._actor, item.id).on_success(lambda _r: self.refresh()).on_failure(
            lambda exc: show_failure(self.error, exc))

    def choose_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn gói dữ liệu"), "", tr("Gói dữ liệu (*.zip)"))
        if path:
            self.dry_run(path)

    def dry_run(self, path: str) -> None:
        from pathlib import Path

        self.error.clear_error()
        run_task(self, self._exchange.import_package, self._actor, Path(path), dry_run=True).on_success(
            lambda summary: self._confirm(path, summary)).on_failure(lambda exc: show_failure(self.error, exc))

    def _confirm(self, path: str, summary) -> None:
        text = summary_text(summary)
        self.details.setPlainText(text)
        box = QMessageBox(QMessageBox.Icon.Question, tr("Nhập gói dữ liệu"),
                          tr("Chạy thử xong. Nhập gói này? (Sẽ sao lưu dữ liệu trước khi nhập.)"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("importConfirm")
        box.setDetailedText(text)
        box.buttonClicked.connect(lambda b: self.apply(path) if box.standardButton(b) == QMessageBox.StandardButton.Yes
                                  else None)
        box.open()

    def apply(self, path: str) -> None:
        from pathlib import Path

        run_task(self, self._exchange.import_package, self._actor, Path(path)).on_success(
            lambda summary: (self.details.setPlainText(summary_text(summary) + "\n" + tr(
                "Đã nhập. Bản sao lưu trước khi nhập: {b}", b=summary.backup or "-")
                + (" " + summary.backup_note if summary.backup_note else "")), self.refresh())).on_failure(
            lambda exc: show_failure(self.error, exc))

    def open_conflicts(self) -> None:
        exchange, actor = self._exchange, self._actor
        def show(found) -> None:
            from hcc_desktop.ui.conflicts_dialog import ConflictsDialog

            ConflictsDialog(exchange, actor, found, self, self.refresh).open()

        run_task(self, exchange.conflicts, actor).on_success(show)
