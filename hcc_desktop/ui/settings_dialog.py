"""Settings editor, built from the declarations in ``hcc_desktop.settings``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QSpinBox, QTabWidget, QTimeEdit, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.settings import SETTINGS, SettingDef, SettingsView
from hcc_desktop.ui.status import WEEKDAYS
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, dialog_buttons, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.settings import SettingsService

GROUPS = {"center": tr("Trung tâm"), "hours": tr("Giờ làm việc"), "queue": tr("Hàng chờ"), "devices": tr("Thiết bị"),
          "backup": tr("Sao lưu"),
          "security": tr("Bảo mật")}


class _WeekdayPicker(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = [QCheckBox(name, self) for name in WEEKDAYS]
        for box in self.boxes:
            layout.addWidget(box)

    def value(self) -> list[int]:
        return [i for i, box in enumerate(self.boxes) if box.isChecked()]

    def set_value(self, days: list[int]) -> None:
        for i, box in enumerate(self.boxes):
            box.setChecked(i in days)


def _editor(d: SettingDef, parent: QWidget) -> QWidget:
    if d.kind == "text_list":
        widget = QPlainTextEdit(parent)
        widget.setFixedHeight(90)
    elif d.kind == "time":
        widget = QTimeEdit(parent)
        widget.setDisplayFormat("HH:mm")
    elif d.kind == "weekdays":
        widget = _WeekdayPicker(parent)
    elif d.kind == "bool":
        widget = QCheckBox(parent)
    elif d.kind == "printer":
        from hcc_desktop.ui.printing import available_printers

        widget = QComboBox(parent)
        widget.addItem(tr("(không in — hiện số to để ghi ra giấy)"), "")
        for name in available_printers():
            widget.addItem(name, name)
    elif d.kind == "int":
        widget = QSpinBox(parent)
        widget.setRange(0, 1000)  # the setting's own parser enforces the real range with a message
    else:
        widget = QLineEdit(parent)
    widget.setObjectName(d.key)
    widget.setToolTip(d.help)
    return widget


def _set(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText("\n".join(value))
    elif isinstance(widget, QTimeEdit):
        widget.setTime(QTime.fromString(value, "HH:mm"))
    elif isinstance(widget, _WeekdayPicker):
        widget.set_value(value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QComboBox):
        if widget.findData(value) < 0:  # a printer set earlier that this PC does not see now
            widget.addItem(tr("{p} (không thấy trên máy này)", p=value), value)
        widget.setCurrentIndex(widget.findData(value))
    else:
        widget.setText(str(value))


def _get(widget: QWidget) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTimeEdit):
        return widget.time().toString("HH:mm")
    if isinstance(widget, _WeekdayPicker):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return widget.text()


class SettingsDialog(QDialog):
    def __init__(self, settings: "SettingsService", actor: "Actor", current: SettingsView,
                 parent: QWidget | None = None, voice_status: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Cài đặt"))
        self.resize(640, 480)
        self._settings, self._actor = settings, actor
        self.fields: dict[str, QWidget] = {}
        tabs = QTabWidget(self)
        forms: dict[str, QFormLayout] = {}
        for group, title in GROUPS.items():
            page = QWidget(tabs)
            forms[group] = QFormLayout(page)
            tabs.addTab(page, title)
        for d in SETTINGS:
            editor = _editor(d, self)
            _set(editor, getattr(current, d.key))
            forms[d.group].addRow(d.label, editor)
            self.fields[d.key] = editor
        if voice_status:
            self.voice_status = QLabel(voice_status, self)
            self.voice_status.setObjectName("voiceStatus")
            self.voice_status.setWordWrap(True)
            forms["devices"].addRow(tr("Giọng đọc"), self.voice_status)
        self.error = ErrorLabel(self)
        self.buttons = dialog_buttons(self, tr("Lưu"), self.save, save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.tabs = tabs

    def values(self) -> dict[str, Any]:
        return {key: _get(widget) for key, widget in self.fields.items()}

    def save(self) -> None:
        self.error.clear_error()
        self.buttons.setEnabled(False)
        run_task(self, self._settings.update, self._actor, self.values()) \
            .on_success(self._saved).on_failure(self._failed)

    def _saved(self, _view) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        field = getattr(exc, "field", None)
        if field in self.fields:
            group = next(d.group for d in SETTINGS if d.key == field)
            self.tabs.setCurrentIndex(list(GROUPS).index(group))
        show_failure(self.error, exc, self.fields)
