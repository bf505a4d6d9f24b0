"""Step 1: find the person as you type, or enter a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
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
        from hcc_desktop.services.citizens import Gender, Vneid, Vulnerability

        super().__init__(parent)
        self._citizens = citizens
        self.actor: Actor | None = None
        self.person = None
        self.query = QLineEdit(self)
        self.query.setObjectName("citizenQuery")
        self.query.setPlaceholderText(tr("Tìm theo tên, số CCCD, số điện thoại hoặc mã hồ sơ (Ctrl+F)"))
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
        self.create_button = QPushButton(tr("Lưu người mới"), self)
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
        for label, widget in ((tr("Năm sinh"), self.year), (tr("Giới tính"), self.gender)):
            row.addWidget(QLabel(label, self))
            row.addWidget(widget)
        form.addRow(row)
        form.addRow(tr("Số CCCD (12 số)"), self.cccd)
        form.addRow(tr("Điện thoại"), self.phone)
        form.addRow(tr("Thôn / bon / ấp"), self.village)
        form.addRow(tr("VNeID"), self.vneid)
        grid = QGridLayout()
        for i, box in enumerate(self.vulnerable.values()):
            grid.addWidget(box, i // 2, i % 2)
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
        new_layout.addWidget(self.consent)
        new_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        new_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(new)
        layout = QHBoxLayout(self)
        layout.addLayout(find, 1)
        layout.addWidget(scroll, 1)

    def search(self) -> None:
        text = self.query.text().strip()
        if self.actor is None or len(text) < 2:
            self.results.clear()
            return
        run_task(self, self._citizens.search, self.actor, text).on_success(self._show)

    def _show(self, hits) -> None:
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
