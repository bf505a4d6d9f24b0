"""Việc cần theo dõi (Ctrl+J): open referrals, complaints, submissions waiting for the connection, and the
count of scenarios over a period. Each can be closed from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from hcc_desktop.clock import to_local
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    if rows:
        table.selectRow(0)


def _when(moment) -> str:
    return to_local(moment).strftime("%H:%M %d/%m") if moment else ""


class FollowUpDialog(QDialog):
    def __init__(self, services: "Services", actor: "Actor", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpDialog")
        self.setWindowTitle(tr("Việc cần theo dõi — giới thiệu, phản ánh, chờ nộp trực tuyến"))
        self.resize(1150, 560)
        self._services, self._actor = services, actor
        self._follow = services.continuity.followups
        self.referrals, self.complaints, self.pending = [], [], []
        self.tabs = QTabWidget(self)
        self.error = ErrorLabel(self)
        self._referral_tab()
        self._complaint_tab()
        self._pending_tab()
        self._count_tab()
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.reload()

    def _tab(self, title: str, table: QTableWidget, *rows) -> None:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.addWidget(table, 1)
        for widgets in rows:
            line = QHBoxLayout()
            for widget in widgets:
                line.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
            column.addLayout(line)
        self.tabs.addTab(page, title)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        return button

    def _referral_tab(self) -> None:
        self.referral_table = _table(self, [tr("Số"), tr("Người dân"), tr("Giới thiệu đến"), tr("Lúc"),
                                            tr("Hẹn quay lại"), tr("Trạng thái"), tr("Nội dung")])
        self.outcome = QLineEdit(self)
        self.outcome.setPlaceholderText(tr("Kết quả (bắt buộc khi đóng)"))
        self.referral_ref = QLineEdit(self)
        self.referral_ref.setPlaceholderText(tr("Mã phản ánh / mã hồ sơ (nếu có)"))
        self._tab(tr("Giới thiệu, hẹn quay lại"), self.referral_table,
                  (self._button(tr("Người dân đã quay lại: cấp số ưu tiên"), self.came_back),
                   self._button(tr("In lại giấy giới thiệu"), self.reprint)),
                  (self.outcome, self.referral_ref, self._button(tr("Đóng giấy giới thiệu"), self.close_referral)))

    def _complaint_tab(self) -> None:
        self.complaint_table = _table(self, [tr("Người phản ánh"), tr("Lúc"), tr("Hình thức"), tr("Trạng thái"),
                                             tr("Nội dung"), tr("Đã trả lời / chuyển")])
        self.complaint_status = QComboBox(self)
        for code, label in ((("answered", tr("đã trả lời")), ("forwarded", tr("đã chuyển")), ("closed", tr("đóng")))):
            self.complaint_status.addItem(label, code)
        self.response = QLineEdit(self)
        self.response.setPlaceholderText(tr("Nội dung trả lời"))
        self.forwarded = QLineEdit(self)
        self.forwarded.setPlaceholderText(tr("Chuyển đến (nếu chuyển)"))
        self._tab(tr("Phản ánh"), self.complaint_table,
                  (self.complaint_status, self.response, self.forwarded,
                   self._button(tr("Cập nhật phản ánh"), self.update_complaint)))

    def _pending_tab(self) -> None:
        self.pending_table = _table(self, [tr("Người dân"), tr("Thủ tục"), tr("Ghi lúc"), tr("Nhu cầu, ghi chú")])
        self.online_ref = QLineEdit(self)
        self.online_ref.setPlaceholderText(tr("Mã hồ sơ trên Cổng Dịch vụ công"))
        self._tab(tr("Chờ nộp khi có mạng"), self.pending_table,
                  (self.online_ref, self._button(tr("Đã nộp trực tuyến"), self.submitted)))

    def _count_tab(self) -> None:
        self.count_table = _table(self, [tr("Tình huống"), tr("Số lần"), tr("Giới thiệu"), tr("Chưa quay lại"),
                                         tr("Phản ánh"), tr("Chờ nộp")])
        self.first, self.last = QDateEdit(self), QDateEdit(self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        today = QDate.currentDate()
        self.first.setDate(QDate(today.year(), today.month(), 1))
        self.last.setDate(today)
        self._tab(tr("Thống kê theo tình huống"), self.count_table,
                  (QLabel(tr("Từ ngày"), self), self.first, QLabel(tr("đến ngày"), self), self.last,
                   self._button(tr("Xem"), self.count)))

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        f, a = self._follow, self._actor
        run_task(self, lambda: (f.referrals(a), f.complaints(a), f.pending(a))).on_success(self._show) \
            .on_failure(lambda exc: show_failure(self.error, exc))
        self.count()

    def _show(self, lists) -> None:
        self.referrals, self.complaints, self.pending = lists
        _fill(self.referral_table, [[r.code, r.citizen_name, r.office_name, _when(r.at),
                                     r.return_on.strftime("%d/%m/%Y") if r.return_on else "", r.status_label, r.reason]
                                    for r in self.referrals])
        _fill(self.complaint_table, [[c.person_name, _when(c.received_at), c.channel and _channel(c.channel),
                                      c.status_label, c.content, c.response or c.forwarded_to]
                                     for c in self.complaints])
        _fill(self.pending_table, [[p.citizen_name, p.procedure_name, _when(p.queued_at), p.note]
                                   for p in self.pending])
        self.tabs.setTabText(0, tr("Giới thiệu, hẹn quay lại ({n})", n=len(self.referrals)))
        self.tabs.setTabText(1, tr("Phản ánh ({n})", n=len(self.complaints)))
        self.tabs.setTabText(2, tr("Chờ nộp khi có mạng ({n})", n=len(self.pending)))

    def count(self) -> None:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        run_task(self, self._services.continuity.incidents.counts, self._actor, first, last).on_success(
            lambda counts: _fill(self.count_table, [[c.title, str(c.incidents), str(c.referrals),
                                                     str(c.referrals_open), str(c.complaints), str(c.pending)]
                                                    for c in counts])).on_failure(
            lambda exc: show_failure(self.error, exc))

    # -- actions --------------------------------------------------------------------------
    def _chosen(self, table: QTableWidget, items: list):
        row = table.currentRow()
        if 0 <= row < len(items):
            return items[row]
        self.error.show_error(tr("Hãy chọn một dòng trong danh sách."))
        return None

    def _run(self, fn, *args, fields=None) -> None:
        self.error.clear_error()
        run_task(self, fn, self._actor, *args).on_success(lambda _r: self.reload()) \
            .on_failure(lambda exc: show_failure(self.error, exc, fields))

    def came_back(self) -> None:
        referral = self._chosen(self.referral_table, self.referrals)
        if referral is None:
            return

        def issued(result) -> None:
            _r, ticket = result
            self.error.show_error(tr("Đã cấp số ưu tiên {c} cho người quay lại.", c=ticket.ticket.code))
            self.reload()

        run_task(self, self._follow.came_back, self._actor, referral.id).on_success(issued) \
            .on_failure(lambda exc: show_failure(self.error, exc))

    def reprint(self) -> None:
        from hcc_desktop.ui.playbooks.panel import _audited, _preview, _referral_slip

        referral = self._chosen(self.referral_table, self.referrals)
        if referral is not None:
            title = tr("Giấy giới thiệu")
            record = _audited(self, self._services, self._actor, f"referral:{referral.id}", title)
            run_task(self, _referral_slip, self._services, self._actor, referral.id).on_success(
                lambda pdf: _preview(self, pdf, title, record))

    def close_referral(self) -> None:
        referral = self._chosen(self.referral_table, self.referrals)
        if referral is not None:
            self._run(self._follow.close_referral, referral.id, self.outcome.text(), self.referral_ref.text(),
                      fields={"outcome": self.outcome})

    def update_complaint(self) -> None:
        complaint = self._chosen(self.complaint_table, self.complaints)
        if complaint is not None:
            self._run(lambda actor, cid: self._follow.update_complaint(
                actor, cid, self.complaint_status.currentData(), response=self.response.text(),
                forwarded_to=self.forwarded.text()), complaint.id,
                fields={"response": self.response, "forwarded_to": self.forwarded})

    def submitted(self) -> None:
        pending = self._chosen(self.pending_table, self.pending)
        if pending is not None:
            self._run(self._follow.mark_submitted, pending.id, self.online_ref.text(),
                      fields={"online_ref": self.online_ref})


def _channel(code: str) -> str:
    from hcc_desktop.services.followups import CHANNELS

    return CHANNELS.get(code, code)
