"""Dossiers that need attention today: overdue first, then due soon; move one to its next state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.clock import to_local
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.dossiers import DossierService

HEADERS = (tr("Mã hồ sơ"), tr("Người nộp"), tr("Thủ tục"), tr("Hẹn trả"), tr("Trạng thái"), tr("Tình hình"))


class DossierListDialog(QDialog):
    def __init__(self, dossiers: "DossierService", actor: "Actor", clock, parent: QWidget | None = None,
                 papers=None) -> None:
        """``papers`` (a :class:`hcc_desktop.services.paperwork.DossierPapers`) renders the forms to print."""
        super().__init__(parent)
        self._papers = papers
        self.setWindowTitle(tr("Hồ sơ quá hạn, sắp đến hạn và chờ bổ sung"))
        self.resize(1100, 560)
        self._dossiers, self._actor, self._clock = dossiers, actor, clock
        self.rows: list = []
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.summary = QLabel(self)
        self.summary.setObjectName("dossierSummary")
        self.next_state = QComboBox(self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Lý do / giấy tờ còn thiếu (bắt buộc khi cần bổ sung hoặc từ chối)"))
        self.apply_button = QPushButton(tr("Chuyển trạng thái"), self)
        self.apply_button.clicked.connect(self.apply)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        self.supplement_button = QPushButton(tr("In phiếu yêu cầu bổ sung"), self)
        self.supplement_button.clicked.connect(self.print_supplement)
        self.new_due = QDateEdit(self)
        self.new_due.setCalendarPopup(True)
        self.new_due.setDisplayFormat("dd/MM/yyyy")
        self.new_due.setDate(QDate.currentDate().addDays(3))
        self.apology_button = QPushButton(tr("Hẹn lại và in thư xin lỗi"), self)
        self.apology_button.clicked.connect(self.reschedule)
        papers_row = QHBoxLayout()
        papers_row.addWidget(self.supplement_button)
        papers_row.addStretch(1)
        papers_row.addWidget(QLabel(tr("Ngày hẹn mới:"), self))
        papers_row.addWidget(self.new_due)
        papers_row.addWidget(self.apology_button)
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Chuyển sang:"), self))
        row.addWidget(self.next_state)
        row.addWidget(self.reason, 1)
        row.addWidget(self.apply_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        if papers is not None:
            layout.addLayout(papers_row)
        else:
            for widget in (self.supplement_button, self.new_due, self.apology_button):
                widget.hide()
        self.reload()

    def reload(self) -> None:
        run_task(self, lambda: (self._dossiers.overdue(self._actor), self._dossiers.due_soon(self._actor),
                                self._dossiers.waiting_for_papers(self._actor))) \
            .on_success(self._show).on_failure(lambda exc: show_failure(self.error, exc))

    def _show(self, lists) -> None:
        overdue, soon, waiting = lists
        self.rows = [(d, True) for d in overdue] + [(d, False) for d in soon] + [(d, False) for d in waiting]
        self.summary.setText(tr("{a} hồ sơ quá hạn, {b} hồ sơ đến hạn trong 2 ngày tới, {c} hồ sơ chờ người dân "
                                "bổ sung giấy tờ (không tính hạn).", a=len(overdue), b=len(soon), c=len(waiting)))
        self.table.setRowCount(len(self.rows))
        for r, (d, late) in enumerate(self.rows):
            state = tr("QUÁ HẠN") if late else tr("chờ bổ sung") if d.status.value == "needs_supplement" \
                else tr("sắp đến hạn")
            cells = (d.code, d.citizen_name, d.procedure_name, to_local(d.due_at).strftime("%H:%M %d/%m/%Y"),
                     d.status.label, state)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if late:
                    item.setForeground(_red())
                self.table.setItem(r, c, item)
        self._selected()

    def selected(self):
        r = self.table.currentRow()
        return self.rows[r][0] if 0 <= r < len(self.rows) else None

    def _selected(self) -> None:
        from hcc_desktop.services.dossiers import TRANSITIONS

        self.next_state.clear()
        dossier = self.selected()
        if dossier is not None:
            for state in TRANSITIONS[dossier.status]:
                self.next_state.addItem(state.label, state.value)
        self.apply_button.setEnabled(self.next_state.count() > 0)
        self.supplement_button.setEnabled(dossier is not None and dossier.status.value == "needs_supplement")
        late = dossier is not None and dossier.overdue(self._clock.now())
        self.apology_button.setEnabled(late)
        self.new_due.setEnabled(late)

    def apply(self) -> None:
        dossier = self.selected()
        if dossier is None or self.next_state.currentData() is None:
            self.error.show_error(tr("Hãy chọn một hồ sơ trong danh sách."))
            return
        self.error.clear_error()
        target = self.next_state.currentData()
        papers = self._papers

        def work():
            self._dossiers.change_status(self._actor, dossier.id, target, self.reason.text())
            # A refusal is handed to the person in writing (Phiếu từ chối), with the reason just given.
            return papers.refusal_notice(dossier.id) if target == "refused" and papers is not None else None

        def done(pdf) -> None:
            self.reason.clear()
            self.reload()
            if pdf is not None:
                self._preview(pdf, tr("Phiếu từ chối tiếp nhận giải quyết hồ sơ"), dossier.id)

        run_task(self, work).on_success(done) \
            .on_failure(lambda exc: show_failure(self.error, exc, {"detail": self.reason}))

    def print_supplement(self) -> None:
        dossier = self.selected()
        run_task(self, self._papers.supplement_request, dossier.id).on_success(
            lambda pdf: self._preview(pdf, tr("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), dossier.id)).on_failure(
            lambda exc: show_failure(self.error, exc))

    def _preview(self, pdf: bytes, title: str, dossier_id) -> None:
        from hcc_desktop.ui.print_preview import PreviewDialog

        record = lambda output: run_task(self, self._papers.record_output, dossier_id, title, output)  # noqa: E731
        PreviewDialog(pdf, title, self, on_output=record).open()

    def reschedule(self) -> None:
        """Record the new date with its reason, then print the apology letter with it."""
        dossier = self.selected()
        original = dossier.due_at
        new_due = self._papers.closing_time(self.new_due.date().toPython())

        def work() -> bytes:
            self._dossiers.reschedule(self._actor, dossier.id, new_due, self.reason.text())
            return self._papers.apology_letter(dossier.id, original)

        self.error.clear_error()
        run_task(self, work).on_success(
            lambda pdf: (self.reload(), self._preview(pdf, tr("Thư xin lỗi và hẹn lại"), dossier.id))) \
            .on_failure(lambda exc: show_failure(self.error, exc, {"reason": self.reason, "due_at": self.new_due}))



def _red():
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor("#b00020"))

