"""Step 1: find the person as you type, or enter a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.citizens import CitizenService

SEARCH_DELAY_MS = 250


class CitizenBox(QWidget):
    chosen = Signal(object)  # CitizenInfo or CitizenHit of the person being served
    changed = Signal()

    def __init__(self, citizens: "CitizenService", villages: list[str], parent: QWidget | None = None) -> None:
        from hcc_desktop.services.vocab import Gender, Vneid, Vulnerability

        super().__init__(parent)
        self._citizens = citizens
        self.actor: Actor | None = None
        self.person = None
        self.query = QLineEdit(self)
        self.query.setObjectName("citizenQuery")
        self.query.setPlaceholderText(tr("Tìm theo tên, số CCCD, số điện thoại hoặc mã hồ sơ — Enter: chọn người "
                                         "đầu tiên, ↓: xem danh sách"))
        self.query.returnPressed.connect(self._enter_in_query)
        self.query.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("citizenResults")
        self.results.itemActivated.connect(self._pick)
        self.results.itemDoubleClicked.connect(self._pick)
        self.selected = QLabel(tr("Chưa chọn người dân."), self)
        self.selected.setObjectName("citizenSelected")
        self.selected.setStyleSheet("font-weight: bold;")
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.name, self.year, self.cccd, self.phone = (QLineEdit(self) for _ in range(4))
        self.gender, self.village, self.vneid = QComboBox(self), QComboBox(self), QComboBox(self)
        self.gender.setMinimumWidth(90)
        self.year.setMaximumWidth(90)
        self.gender.addItem("", "")
        for g in Gender:
            if g.value:
                self.gender.addItem(g.label, g.value)
        self.village.addItem("", "")
        for v in villages:
            self.village.addItem(v, v)
        for v in Vneid:
            self.vneid.addItem(v.label, v.value)
        self.vneid.setCurrentIndex(self.vneid.findData("unknown"))
        self.vulnerable = {v.value: QCheckBox(v.label, self) for v in Vulnerability}
        self.consent = QCheckBox(tr("Đồng ý để Trung tâm lưu thông tin"), self)
        self.create_button = QPushButton(tr("Lưu người mới (Enter)"), self)
        self.create_button.clicked.connect(self.create)
        self.error = ErrorLabel(self)
        self.fields = {"full_name": self.name, "birth_year": self.year, "cccd": self.cccd, "phone": self.phone,
                       "gender": self.gender, "village": self.village}
        for widget in (self.name, self.year, self.cccd, self.phone):
            widget.textChanged.connect(lambda _t: self.changed.emit())
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(tr("Họ và tên"), self.name)
        row = QHBoxLayout()
        row.addWidget(self.year)
        row.addWidget(QLabel(tr("Giới tính"), self))
        row.addWidget(self.gender)
        row.addStretch(1)
        form.addRow(tr("Năm sinh"), row)
        form.addRow(tr("Số CCCD (12 số)"), self.cccd)
        form.addRow(tr("Điện thoại"), self.phone)
        form.addRow("", self.consent)  # right after the phone: one Tab, one Space
        form.addRow(tr("Thôn / bon / ấp"), self.village)
        form.addRow(tr("VNeID"), self.vneid)
        grid = QGridLayout()
        for i, box in enumerate(self.vulnerable.values()):  # one column: the labels are long
            grid.addWidget(box, i, 0)
        find = QVBoxLayout()
        find.addWidget(self.query)
        find.addWidget(self.results, 1)
        find.addWidget(self.selected)
        find.addWidget(self.error)
        new = QWidget(self)
        new_layout = QVBoxLayout(new)
        new_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(tr("Người chưa có trong danh sách:"), new)
        heading.setStyleSheet("font-weight: bold;")
        new_layout.addWidget(heading)
        new_layout.addLayout(form)
        new_layout.addWidget(QLabel(tr("Thuộc diện:"), new))
        new_layout.addLayout(grid)
        new_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        order = [self.name, self.year, self.gender, self.cccd, self.phone, self.consent, self.village, self.vneid,
                 *self.vulnerable.values(), self.create_button]
        for first, second in zip(order, order[1:]):  # Tab follows the form as it reads
            QWidget.setTabOrder(first, second)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter anywhere in the new person's form saves it
            QShortcut(QKeySequence(key), new, self.create).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(new)
        layout = QHBoxLayout(self)
        layout.addLayout(find, 5)
        layout.addWidget(scroll, 6)

    def eventFilter(self, watched, event) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.query and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down \
                and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def _enter_in_query(self) -> None:
        """Enter: the first person found; nobody found: start the new person's form with what was typed."""
        if self._timer.isActive():  # the search for the last keys has not run yet
            self._timer.stop()
            self._enter_pending = True
            self.search()
            return
        first = self.results.item(0)
        hit = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        if hit is not None:
            self.set_person(hit)
        elif len(self.query.text().strip()) >= 2:
            self._start_new_person()

    def _start_new_person(self) -> None:
        from hcc_desktop.services.validators import fields_from_search

        fields = fields_from_search(self.query.text())
        for key, widget in (("full_name", self.name), ("cccd", self.cccd), ("phone", self.phone)):
            if fields.get(key) and not widget.text():
                widget.setText(fields[key])
        (self.year if self.name.text() else self.name).setFocus()

    def search(self) -> None:
        text = self.query.text().strip()
        if self.actor is None or len(text) < 2:
            self.results.clear()
            return
        run_task(self, self._citizens.search, self.actor, text).on_success(self._show)

    _enter_pending = False

    def _show(self, hits) -> None:
        self._fill(hits)
        if self._enter_pending:
            self._enter_pending = False
            self._enter_in_query()

    def _fill(self, hits) -> None:
        self.results.clear()
        for hit in hits:
            parts = [hit.full_name, str(hit.birth_year or ""), hit.village, hit.cccd, hit.phone]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if not hits:
            self.results.addItem(QListWidgetItem(tr("Không thấy ai; hãy nhập người mới bên dưới.")))

    def _pick(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is not None:
            self.set_person(hit)

    def set_person(self, person) -> None:
        self.person = person
        self.selected.setText(tr("Người được phục vụ: {name}{year}", name=person.full_name,
                                 year=f", {person.birth_year}" if person.birth_year else ""))
        self.chosen.emit(person)
        self.changed.emit()

    def create(self) -> None:
        from hcc_desktop.services.citizens import CitizenInput

        data = CitizenInput(full_name=self.name.text(), birth_year=self.year.text() or None,
                            gender=self.gender.currentData(), cccd=self.cccd.text(), phone=self.phone.text(),
                            village=self.village.currentData(), vneid=self.vneid.currentData(),
                            vulnerabilities=[k for k, box in self.vulnerable.items() if box.isChecked()],
                            consent=self.consent.isChecked())
        self.error.clear_error()
        run_task(self, self._citizens.create, self.actor, data).on_success(self.set_person).on_failure(
            lambda exc: show_failure(self.error, exc, self.fields))

    def draft(self) -> dict:
        return {"query": self.query.text(), "name": self.name.text(), "year": self.year.text(),
                "cccd": self.cccd.text(), "phone": self.phone.text(),
                "person": str(self.person.id) if self.person is not None else ""}

    def restore(self, draft: dict) -> None:
        for key, widget in (("query", self.query), ("name", self.name), ("year", self.year),
                            ("cccd", self.cccd), ("phone", self.phone)):
            widget.setText(draft.get(key, ""))

    def clear(self) -> None:
        self.person = None
        self.selected.setText(tr("Chưa chọn người dân."))
        for widget in (self.query, self.name, self.year, self.cccd, self.phone):
            widget.clear()
        self.results.clear()
        self.error.clear_error()
