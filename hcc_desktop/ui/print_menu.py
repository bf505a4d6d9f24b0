"""The "In ấn" menu: guides, step sheets and leaflets for everyone; the daily log and the record book
for staff who serve at the counter. Each asks what to print in a small dialog, builds the PDF off the
UI thread with a progress bar (page by page, with cancel), then opens the print preview. Printing or
saving a register with personal data is written to the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMenu, QProgressDialog, QRadioButton, QTimeEdit,
                               QVBoxLayout, QHBoxLayout, QWidget)

from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task

if TYPE_CHECKING:
    from hcc_desktop.ui.main_window import MainWindow

STAFF_ROLES = ("clerk", "supervisor", "admin")


class Cancelled(Exception):
    """The person closed the progress dialog; the PDF is not finished."""


def _date_edit(parent: QWidget, day: QDate) -> QDateEdit:
    edit = QDateEdit(day, parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ProcedureDialog(QDialog):
    """Choose one procedure of the catalog (type to search by name or code)."""

    def __init__(self, title: str, procedures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.procedure = QComboBox(self)
        self.procedure.setEditable(True)
        self.procedure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for p in procedures:
            self.procedure.addItem(f"{p.code} — {p.name}", p.code)
        self.procedure.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.procedure.completer().setCompletionMode(self.procedure.completer().CompletionMode.PopupCompletion)
        form = QFormLayout()
        form.addRow(tr("Thủ tục:"), self.procedure)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, tr("Xem trước")))

    def code(self) -> str:
        return self.procedure.currentData() or ""


class DayDialog(QDialog):
    def __init__(self, title: str, today: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.day = _date_edit(self, today)
        self.day.setMaximumDate(today)
        form = QFormLayout()
        form.addRow(tr("Ngày:"), self.day)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, tr("Xem trước")))


class PeriodDialog(QDialog):
    def __init__(self, title: str, today: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.start = _date_edit(self, QDate(today.year(), today.month(), 1))
        self.end = _date_edit(self, today)
        form = QFormLayout()
        form.addRow(tr("Từ ngày:"), self.start)
        form.addRow(tr("Đến ngày:"), self.end)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, tr("Xem trước")))


class LeafletDialog(QDialog):
    """The day, time, place and procedures of a guidance day or a mobile service day."""

    def __init__(self, procedures, today: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tờ rơi ngày hướng dẫn / phục vụ lưu động"))
        self.setMinimumSize(600, 560)
        self.guidance = QRadioButton(tr("Ngày hướng dẫn công dân"), self)
        self.mobile = QRadioButton(tr("Ngày phục vụ lưu động"), self)
        self.guidance.setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.guidance)
        kinds.addWidget(self.mobile)
        kinds.addStretch(1)
        self.day = _date_edit(self, today.addDays(7))
        self.day.setMinimumDate(today)
        self.start, self.end = QTimeEdit(QTime(7, 30), self), QTimeEdit(QTime(11, 30), self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        hours = QHBoxLayout()
        hours.addWidget(self.start)
        hours.addWidget(QLabel("–", self))
        hours.addWidget(self.end)
        hours.addStretch(1)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(tr("ví dụ: Nhà văn hóa thôn Đồng Râm"))
        self.note = QLineEdit(self)
        self.procedures = QListWidget(self)
        for p in procedures:
            item = QListWidgetItem(f"{p.code} — {p.name}", self.procedures)
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Loại:"), kinds)
        form.addRow(tr("Ngày:"), self.day)
        form.addRow(tr("Giờ:"), hours)
        form.addRow(tr("Địa điểm:"), self.place)
        form.addRow(tr("Ghi chú thêm:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Thủ tục được phục vụ (đánh dấu, tối đa 12):"), self))
        layout.addWidget(self.procedures, 1)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, tr("Xem trước")))
        self.on_submit = None  # checks the input first; the dialog closes only when it is accepted

    def accept(self) -> None:
        if self.on_submit is not None:
            self.on_submit()
        else:
            super().accept()

    def value(self):
        from hcc_desktop.services.guides import LeafletInput

        codes = tuple(self.procedures.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.procedures.count())
                      if self.procedures.item(i).checkState() == Qt.CheckState.Checked)
        return LeafletInput("mobile" if self.mobile.isChecked() else "guidance", self.day.date().toPython(),
                            self.start.time().toString("HH:mm"), self.end.time().toString("HH:mm"),
                            self.place.text(), codes, self.note.text())

    def show_error(self, message: str) -> None:
        self.error.setText(message)


def _with_progress(build, *args, context):
    """Run ``build(*args, progress)`` telling ``context`` of each page; stop when the person cancels."""
    def progress(done: int, total: int) -> None:
        if context.cancelled:
            raise Cancelled()
        context.report(done, total)

    return build(*args, progress=progress)


class PrintMenu:
    """The menu's actions, bound to the main window's services and user."""

    def __init__(self, window: MainWindow, menu: QMenu | None = None) -> None:
        self.window = window
        self.menu = menu if menu is not None else QMenu(tr("&In ấn"), window)
        self.guide_action = self._add(tr("Hướng dẫn thủ tục (chữ to)…"), self.open_guide)
        self.steps_action = self._add(tr("Các bước nộp hồ sơ trực tuyến…"), self.open_steps)
        self.leaflet_action = self._add(tr("Tờ rơi ngày hướng dẫn / phục vụ lưu động…"), self.open_leaflet)
        self.menu.addSeparator()
        self.daily_log_action = self._add(tr("Sổ nhật ký phục vụ…"), self.open_daily_log)
        self.record_book_action = self._add(tr("Sổ theo dõi hồ sơ…"), self.open_record_book)
        self.progress: QProgressDialog | None = None
        self.preview = None

    def _add(self, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def set_role(self, role: str | None) -> None:
        self.menu.menuAction().setVisible(role is not None)
        for action in (self.daily_log_action, self.record_book_action):
            action.setVisible(role in STAFF_ROLES)

    # -- context ----------------------------------------------------------------------------------
    @property
    def _services(self):
        return self.window.services

    @property
    def _actor(self):
        return self.window.actor

    def _today(self) -> QDate:
        from hcc_desktop.clock import local_today

        return QDate(local_today(self._services.clock))

    def _procedures(self, then) -> None:
        run_task(self.window, self._services.catalog.procedures).on_success(then)

    # -- the documents ------------------------------------------------------------------------------
    def open_guide(self) -> None:
        self._procedures(lambda procedures: self._pick(tr("In hướng dẫn thủ tục"), procedures,
                                                       self._services.guides.guide_pdf, tr("Hướng dẫn thủ tục"),
                                                       "huong-dan"))

    def open_steps(self) -> None:
        self._procedures(lambda procedures: self._pick(tr("In các bước nộp trực tuyến"), procedures,
                                                       self._services.guides.steps_pdf,
                                                       tr("Các bước nộp hồ sơ trực tuyến"), "nop-truc-tuyen"))

    def _pick(self, title: str, procedures, build, doc_title: str, stem: str) -> None:
        dialog = ProcedureDialog(title, procedures, self.window)
        dialog.setObjectName("printProcedureDialog")

        def chosen() -> None:
            code = dialog.code()
            if code:
                self._render(build, (self._actor, code), doc_title, f"{stem}-{code}.pdf")

        dialog.accepted.connect(chosen)
        dialog.open()

    def open_leaflet(self) -> None:
        self._procedures(self._leaflet)

    def _leaflet(self, procedures) -> None:
        dialog = LeafletDialog(procedures, self._today(), self.window)
        dialog.setObjectName("leafletDialog")

        def check() -> None:  # the dialog stays open with the reason when the input is refused
            value = dialog.value()
            run_task(dialog, self._services.guides.leaflet, self._actor, value).on_success(
                lambda _data: (dialog.done(QDialog.DialogCode.Accepted),
                               self._render(self._services.guides.leaflet_pdf, (self._actor, value),
                                            tr("Tờ rơi"), f"to-roi-{value.day.isoformat()}.pdf"))).on_failure(
                lambda exc: dialog.show_error(exc.message) if isinstance(exc, HccError) else None)

        dialog.on_submit = check
        dialog.open()

    def open_daily_log(self) -> None:
        dialog = DayDialog(tr("In sổ nhật ký phục vụ"), self._today(), self.window)
        dialog.setObjectName("dailyLogDialog")

        def chosen() -> None:
            day = dialog.day.date().toPython()
            self._render(self._services.logbook.daily_log_pdf, (self._actor, day), tr("Sổ nhật ký phục vụ"),
                         f"so-nhat-ky-{day.isoformat()}.pdf", ("daily_log", f"daily_log:{day.isoformat()}"))

        dialog.accepted.connect(chosen)
        dialog.open()

    def open_record_book(self) -> None:
        dialog = PeriodDialog(tr("In sổ theo dõi hồ sơ"), self._today(), self.window)
        dialog.setObjectName("recordBookDialog")

        def chosen() -> None:
            start, end = dialog.start.date().toPython(), dialog.end.date().toPython()
            self._render(self._services.logbook.record_book_pdf, (self._actor, start, end), tr("Sổ theo dõi hồ sơ"),
                         f"so-theo-doi-ho-so-{start.isoformat()}-{end.isoformat()}.pdf",
                         ("record_book", f"record_book:{start.isoformat()}..{end.isoformat()}"))

        dialog.accepted.connect(chosen)
        dialog.open()

    # -- building, then the preview --------------------------------------------------------------
    def _render(self, build, args: tuple, title: str, file_name: str, audit: tuple[str, str] | None = None) -> None:
        progress = QProgressDialog(tr("Đang tạo “{t}”…", t=title), tr("Hủy"), 0, 0, self.window)
        progress.setObjectName("printProgress")
        progress.setWindowTitle(tr("In ấn"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self.progress = progress
        task = run_task(self.window, _with_progress, build, *args, with_context=True)
        progress.canceled.connect(task.cancel)

        def advance(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(tr("Đang tạo “{t}”: trang {x}/{n}", t=title, x=done, n=total))

        def finished(pdf: bytes) -> None:
            progress.reset()
            progress.hide()
            self._preview(pdf, title, file_name, audit)

        def failed(exc: BaseException) -> None:
            progress.reset()
            progress.hide()
            if isinstance(exc, Cancelled):
                return
            from hcc_desktop.ui.errors import present_error

            present_error(self.window, exc)

        task.on_progress(advance).on_success(finished).on_failure(failed)

    def _preview(self, pdf: bytes, title: str, file_name: str, audit: tuple[str, str] | None) -> None:
        from hcc_desktop.ui.print_preview import PreviewDialog

        record = None
        if audit is not None:
            logbook, actor = self._services.logbook, self._actor
            record = lambda output: run_task(self.window, logbook.record_output, actor,  # noqa: E731
                                             audit[0], audit[1], output)
        self.preview = PreviewDialog(pdf, title, self.window, file_name=file_name, on_output=record)
        self.preview.setObjectName("printPreview")
        self.preview.open()
