"""The supervisor's reports: pick a period, read the figures with bars, export the workbook (progress, cancel)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QMessageBox, QPushButton, QStyledItemDelegate,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.progress import run_with_progress
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor

KINDS = (("day", tr("Ngày")), ("week", tr("Tuần")), ("month", tr("Tháng")), ("range", tr("Khoảng tùy chọn")))
PROFILE_LABELS = (("aggregate", tr("Số liệu tổng hợp (gửi cấp trên, không có thông tin cá nhân)")),
                  ("detail", tr("Kèm danh sách chi tiết, CCCD che bớt")),
                  ("full", tr("Kèm danh sách chi tiết, CCCD đầy đủ (ghi nhật ký)")))
BAR_ROLE = Qt.ItemDataRole.UserRole + 1


class BarDelegate(QStyledItemDelegate):
    """Draws the share of a figure in its section as a bar (QtCharts is not in the installer build)."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        share = index.data(BAR_ROLE)
        if not share:
            return
        rect = option.rect.adjusted(4, 5, -4, -5)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#0b3d91"))
        painter.drawRect(QRect(rect.left(), rect.top(), max(2, int(rect.width() * share)), rect.height()))
        painter.restore()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ReportsDialog(QDialog):
    def __init__(self, reports, actor: "Actor", today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsDialog")
        self.setWindowTitle(tr("Báo cáo"))
        self.resize(1000, 680)
        self._reports, self._actor = reports, actor
        self.summary = None
        self.task = None
        self.kind = QComboBox(self)
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.first = QDateEdit(_qdate(today), self)
        self.last = QDateEdit(_qdate(today), self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.show_button = QPushButton(tr("Xem (F5)"), self)
        self.show_button.clicked.connect(self.load)
        QShortcut(QKeySequence("F5"), self, self.load)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.first.dateChanged.connect(self._kind_changed)
        self.title = QLabel(self)
        self.title.setObjectName("reportTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("reportTable")
        self.table.setHorizontalHeaderLabels([tr("Chỉ tiêu"), tr("Số liệu"), tr("Đơn vị"), ""])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(3, 260)
        self.table.setItemDelegateForColumn(3, BarDelegate(self.table))
        self.profile = QComboBox(self)
        for key, label in PROFILE_LABELS:
            self.profile.addItem(label, key)
        self.profile.setCurrentIndex(1)
        self.export_button = QPushButton(tr("Xuất Excel… (Ctrl+E)"), self)
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(self.choose_file)
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.error = ErrorLabel(self)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        for widget in (QLabel(tr("Kỳ báo cáo:"), self), self.kind, QLabel(tr("từ"), self), self.first,
                       QLabel(tr("đến"), self), self.last, self.show_button):
            top.addWidget(widget)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(tr("Xuất:"), self))
        bottom.addWidget(self.profile)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.kind.setCurrentIndex(2)
        self._kind_changed()

    # -- period -------------------------------------------------------------------
    def period(self):
        from hcc_desktop.services.reports import Period

        first = self.first.date().toPython()
        kind = self.kind.currentData()
        if kind == "day":
            return Period.day(first)
        if kind == "week":
            return Period.week(first)
        if kind == "month":
            return Period.month(first)
        return Period(first, self.last.date().toPython())

    def _kind_changed(self) -> None:
        custom = self.kind.currentData() == "range"
        self.last.setEnabled(custom)
        if not custom:
            try:
                self.last.blockSignals(True)
                self.last.setDate(_qdate(self.period().last))
            finally:
                self.last.blockSignals(False)

    def load(self) -> None:
        self.error.clear_error()
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001 — a ValidationError shown beside the form
            show_failure(self.error, exc)
            return
        self.show_button.setEnabled(False)
        run_task(self, self._reports.summary, self._actor, period).on_success(self._show).on_failure(self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        self.export_button.setEnabled(True)
        show_failure(self.error, exc)

    def _show(self, summary) -> None:
        self.show_button.setEnabled(True)
        self.summary = summary
        demo = tr("  (DỮ LIỆU MẪU)") if summary.demo else ""
        self.title.setText(tr("{center} — {period}", center=summary.center, period=summary.period.label) + demo)
        rows = sum(1 + len(s.figures) for s in summary.sections)
        self.table.setRowCount(rows)
        row = 0
        for section in summary.sections:
            head = QTableWidgetItem(section.title)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.table.setItem(row, 0, head)
            for col in (1, 2, 3):
                self.table.setItem(row, col, QTableWidgetItem(""))
            row += 1
            top = max([f.value for f in section.figures if isinstance(f.value, (int, float))] or [0])
            for fig in section.figures:
                value = "—" if fig.value is None else (f"{fig.value:,.1f}" if isinstance(fig.value, float)
                                                        else f"{fig.value:,}").replace(",", ".")
                number = QTableWidgetItem(value)
                number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                bar = QTableWidgetItem("")
                if section.chart and top and isinstance(fig.value, (int, float)):
                    bar.setData(BAR_ROLE, fig.value / top)
                for col, item in enumerate((QTableWidgetItem(fig.label), number, QTableWidgetItem(fig.unit), bar)):
                    self.table.setItem(row, col, item)
                row += 1
        self.table.resizeColumnToContents(1)

    # -- export -------------------------------------------------------------------
    def choose_file(self) -> None:
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001
            show_failure(self.error, exc)
            return
        name = f"bao-cao-{period.first:%Y%m%d}-{period.last:%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, tr("Lưu báo cáo Excel"), name, tr("Tệp Excel (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        profile = self.profile.currentData()
        if profile == "full":
            answer = QMessageBox.question(self, tr("CCCD đầy đủ"), tr(
                "Báo cáo sẽ có số CCCD đầy đủ của người dân. Việc xuất này được ghi vào nhật ký kiểm soát. "
                "Tiếp tục?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        period = self.period()
        self.export_button.setEnabled(False)
        from pathlib import Path

        run = run_with_progress(self, tr("Đang ghi báo cáo…"), "reportProgress", self._reports.export_workbook,
                                self._actor, period, Path(path), profile=profile)
        self.progress, self.task = run.dialog, run.task
        run.then(self._exported, self._export_failed, cancelled=self._cancelled)

    def _exported(self, result) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(tr("Đã ghi {name}: {n} dòng chi tiết.", name=result.path.name,
                                n=sum(list(result.rows.values())[1:])))  # the summary sheet first

    def _cancelled(self) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(tr("Đã hủy; không để lại tệp nào."))

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        show_failure(self.error, exc)
