"""The supervisor's audit viewer (Hệ thống → Nhật ký kiểm soát): lines filtered by period, user and
action, in local time and plain Vietnamese, and a check of the hash chain run off the UI thread."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.clock import LOCAL_TZ, format_local, local_today
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor

LIMIT = 2000


def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ)


def _load(services: "Services", actor: "Actor", first: date, last: date, username: str, action: str):
    """On the worker: the lines, and the accounts' names to say whom a line is about."""
    from hcc_desktop.services.audit import AuditAction

    lines = services.audit.lines(actor, since=_utc_start(first), until=_utc_start(last + timedelta(days=1)),
                                 action=AuditAction(action) if action else None, username=username or None,
                                 limit=LIMIT)
    names = {str(u.id): u.username for u in services.auth.list_users(actor)}
    return lines, names


class AuditViewer(QDialog):
    HEADERS = (tr("Thời gian"), tr("Người dùng"), tr("Việc"), tr("Đối tượng"), tr("Chi tiết"))

    def __init__(self, services: "Services", actor: "Actor", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Nhật ký kiểm soát"))
        self.resize(1100, 620)
        self._services, self._actor = services, actor
        today = local_today(services.clock)
        self.first = self._date_edit(today - timedelta(days=6))
        self.last = self._date_edit(today)
        self.user = QComboBox(self)
        self.user.addItem(tr("Tất cả người dùng"), "")
        self.action = QComboBox(self)
        self.action.addItem(tr("Tất cả việc"), "")
        from hcc_desktop.services.audit_text import ACTIONS, action_label  # plain Python, no database

        for code in ACTIONS:
            self.action.addItem(action_label(code), code)
        self.show_button = QPushButton(tr("Xem"), self)
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.reload)
        filters = QHBoxLayout()
        for label, widget in ((tr("Từ ngày"), self.first), (tr("đến ngày"), self.last), (tr("Người dùng"), self.user),
                              (tr("Việc"), self.action)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        self.table = self._build_table()
        self.count = QLabel(self)
        self.verify_button = QPushButton(tr("Kiểm tra toàn vẹn"), self)
        self.verify_button.setToolTip(tr("Tính lại chuỗi băm của toàn bộ nhật ký: phát hiện dòng bị sửa hoặc bị xóa."))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.verdict, 1)
        bottom.addWidget(close)
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        run_task(self, services.auth.list_users, actor).on_success(self._fill_users)
        self.reload()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        return edit

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(self.HEADERS), self)
        table.setHorizontalHeaderLabels(self.HEADERS)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        return table

    def _fill_users(self, users) -> None:
        for user in users:
            self.user.addItem(f"{user.username} — {user.full_name}", user.username)

    def reload(self) -> None:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        if first > last:
            self.error.show_error(tr("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
            return
        self.error.clear_error()
        self.show_button.setEnabled(False)
        run_task(self, _load, self._services, self._actor, first, last, self.user.currentData(),
                 self.action.currentData()).on_success(self._show).on_failure(self._failed)

    def _show(self, loaded) -> None:
        from hcc_desktop.services.audit_text import detail_text, subject_text

        lines, names = loaded
        self.show_button.setEnabled(True)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = (format_local(line.at, "%d/%m/%Y %H:%M:%S"), line.username or tr("(không rõ)"),
                     line.action.label, subject_text(line.subject, names), detail_text(line.detail))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        more = tr(" (chỉ hiện {n} dòng mới nhất; hãy thu hẹp bộ lọc)", n=LIMIT) if len(lines) >= LIMIT else ""
        self.count.setText(tr("{n} dòng, mới nhất ở trên", n=len(lines)) + more)

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        self.verify_button.setEnabled(True)
        show_failure(self.error, exc)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verdict.setStyleSheet("")
        self.verdict.setText(tr("Đang kiểm tra…"))
        run_task(self, self._services.audit.verify).on_success(self._verified).on_failure(self._failed)

    def _verified(self, check) -> None:
        self.verify_button.setEnabled(True)
        if check.ok:
            self.verdict.setStyleSheet("color: #1b5e20; font-weight: bold;")
            self.verdict.setText(tr("Toàn vẹn: {n} dòng nhật ký, không dòng nào bị sửa hay bị xóa.", n=check.lines))
        else:
            self.verdict.setStyleSheet("color: #b00020; font-weight: bold;")
            self.verdict.setText(tr("Nhật ký đã bị can thiệp ({n} dòng): ", n=check.lines) + " ".join(check.problems))
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
