"""The supervisor's editor of the playbooks and of the offices people are sent to; originals can always be
restored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLineEdit, QListWidget,
                               QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor


def _text(parent, height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setMaximumHeight(height)
    return edit


class PlaybookEditor(QDialog):
    def __init__(self, services: "Services", actor: "Actor", playbooks: list, offices: list,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playbookEditor")
        self.setWindowTitle(tr("Sửa kịch bản xử lý tình huống và nơi giới thiệu"))
        self.resize(1100, 680)
        self._services, self._actor = services, actor
        self.playbooks, self.offices = playbooks, offices
        self.error = ErrorLabel(self)
        tabs = QTabWidget(self)
        tabs.addTab(self._playbook_page(), tr("Kịch bản"))
        tabs.addTab(self._office_page(), tr("Nơi giới thiệu, nơi cấp giấy tờ"))
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self._fill_lists()

    # -- playbooks ----------------------------------------------------------------------
    def _playbook_page(self) -> QWidget:
        from hcc_desktop.services.playbook_data import ACTIONS, action_label

        page = QWidget(self)
        self.pb_list = QListWidget(page)
        self.pb_list.currentRowChanged.connect(self._show_playbook)
        self.title = QLineEdit(page)
        self.difficulty, self.handling, self.responsible = _text(page), _text(page), _text(page, 45)
        self.steps = _text(page, 150)
        self.record = _text(page, 45)
        self.bring = _text(page, 60)
        self.action = QComboBox(page)
        for code in ACTIONS:
            self.action.addItem(action_label(code), code)
        self.office = QComboBox(page)
        self.active = QCheckBox(tr("Đang dùng"), page)
        form = QFormLayout()
        for label, widget in ((tr("Tình huống"), self.title), (tr("Khó khăn"), self.difficulty),
                              (tr("Cách xử lý"), self.handling), (tr("Người thực hiện"), self.responsible),
                              (tr("Các bước (mỗi dòng một bước)"), self.steps), (tr("Cần ghi lại"), self.record),
                              (tr("Theo dõi"), self.action), (tr("Nơi giới thiệu"), self.office),
                              (tr("Cần mang (mỗi dòng một thứ)"), self.bring), ("", self.active)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        for text, slot in ((tr("Lưu kịch bản"), self.save_playbook), (tr("Khôi phục bản gốc"), self.restore_one),
                           (tr("Khôi phục tất cả"), self.restore_all)):
            button = QPushButton(text, page)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        row = QHBoxLayout(page)
        row.addWidget(self.pb_list, 2)
        row.addLayout(right, 5)
        self.fields = {"title": self.title, "steps": self.steps, "office": self.office, "action": self.action}
        return page

    def _fill_lists(self) -> None:
        row = max(0, self.pb_list.currentRow())
        self.pb_list.clear()
        for p in self.playbooks:
            self.pb_list.addItem(p.title + (tr(" (đã sửa)") if p.edited else "") + ("" if p.active else tr(" (tắt)")))
        self.office.clear()
        self.office.addItem(tr("— không —"), "")
        for o in self.offices:
            self.office.addItem(o.name, o.code)
        self.of_list.clear()
        for o in self.offices:
            self.of_list.addItem(o.name + ("" if o.verified else tr(" (cần kiểm tra)")) + ("" if o.active else tr(" (đóng)")))
        self.pb_list.setCurrentRow(min(row, len(self.playbooks) - 1))
        self.of_list.setCurrentRow(0)

    def _show_playbook(self, row: int) -> None:
        if not 0 <= row < len(self.playbooks):
            return
        p = self.playbooks[row]
        self.title.setText(p.title)
        for edit, text in ((self.difficulty, p.difficulty), (self.handling, p.handling),
                           (self.responsible, p.responsible), (self.steps, "\n".join(p.steps)),
                           (self.record, p.record), (self.bring, p.bring)):
            edit.setPlainText(text)
        self.action.setCurrentIndex(max(0, self.action.findData(p.action)))
        self.office.setCurrentIndex(max(0, self.office.findData(p.office)))
        self.active.setChecked(p.active)

    def _current(self):
        row = self.pb_list.currentRow()
        return self.playbooks[row] if 0 <= row < len(self.playbooks) else None

    def save_playbook(self) -> None:
        from hcc_desktop.services.playbook_data import PlaybookInput

        p = self._current()
        if p is None:
            return
        data = PlaybookInput(p.code, self.title.text(), self.difficulty.toPlainText(), self.handling.toPlainText(),
                             self.responsible.toPlainText(), tuple(self.steps.toPlainText().split("\n")),
                             self.record.toPlainText(), self.action.currentData(), self.office.currentData(),
                             self.bring.toPlainText(), p.source, p.plan_row, self.active.isChecked())
        self._change(self._services.playbooks.save_playbook, data)

    def restore_one(self) -> None:
        p = self._current()
        if p is not None:
            self._change(self._services.playbooks.restore_playbooks, [p.code])

    def restore_all(self) -> None:
        self._change(self._services.playbooks.restore_playbooks, None)

    def _change(self, fn, *args) -> None:
        self.error.clear_error()
        run_task(self, fn, self._actor, *args).on_success(lambda _r: self.reload()) \
            .on_failure(lambda exc: show_failure(self.error, exc, self.fields))

    def reload(self) -> None:
        playbooks = self._services.playbooks
        run_task(self, lambda: (playbooks.playbooks(include_inactive=True), playbooks.offices())).on_success(
            self._reloaded)

    def _reloaded(self, loaded) -> None:
        self.playbooks, self.offices = loaded
        self._fill_lists()

    # -- offices ------------------------------------------------------------------------
    def _office_page(self) -> QWidget:
        page = QWidget(self)
        self.of_list = QListWidget(page)
        self.of_list.currentRowChanged.connect(self._show_office)
        self.of_name, self.of_phone = QLineEdit(page), QLineEdit(page)
        self.of_address, self.of_hours, self.of_note = _text(page, 45), _text(page, 45), _text(page, 45)
        self.of_matches = _text(page, 45)
        self.of_verified = QCheckBox(tr("Đã kiểm tra địa chỉ, giờ làm việc"), page)
        self.of_active = QCheckBox(tr("Đang mở (nhận người được giới thiệu)"), page)
        form = QFormLayout()
        for label, widget in ((tr("Tên"), self.of_name), (tr("Địa chỉ"), self.of_address),
                              (tr("Giờ làm việc"), self.of_hours), (tr("Điện thoại"), self.of_phone),
                              (tr("Nhận ra trong “nơi cấp” (mỗi dòng một cụm từ)"), self.of_matches),
                              (tr("Ghi chú"), self.of_note), ("", self.of_verified), ("", self.of_active)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        for text, slot in ((tr("Lưu nơi giới thiệu"), self.save_office),
                           (tr("Khôi phục danh sách cài sẵn"), self.restore_offices)):
            button = QPushButton(text, page)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(self.of_list, 2)
        row.addLayout(right, 5)
        return page

    def _show_office(self, row: int) -> None:
        if not 0 <= row < len(self.offices):
            return
        o = self.offices[row]
        self.of_name.setText(o.name)
        self.of_phone.setText(o.phone)
        for edit, text in ((self.of_address, o.address), (self.of_hours, o.hours), (self.of_note, o.note),
                           (self.of_matches, "\n".join(o.matches))):
            edit.setPlainText(text)
        self.of_verified.setChecked(o.verified)
        self.of_active.setChecked(o.active)

    def save_office(self) -> None:
        from hcc_desktop.services.playbook_data import OfficeInput

        row = self.of_list.currentRow()
        if not 0 <= row < len(self.offices):
            return
        data = OfficeInput(self.offices[row].code, self.of_name.text(), self.of_address.toPlainText(),
                           self.of_hours.toPlainText(), self.of_phone.text(),
                           tuple(self.of_matches.toPlainText().split("\n")), self.of_note.toPlainText(),
                           self.of_verified.isChecked(), self.of_active.isChecked())
        self._change(self._services.playbooks.save_office, data)

    def restore_offices(self) -> None:
        self._change(self._services.playbooks.restore_offices)
