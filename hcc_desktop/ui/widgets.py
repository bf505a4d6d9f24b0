"""Small widgets shared by dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from hcc_desktop.errors import HccError, ValidationError


class ErrorLabel(QLabel):
    """A red line under a form that says what is wrong (empty and hidden when all is well)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.hide()

    def show_error(self, exc: HccError | str) -> None:
        self.setText(exc if isinstance(exc, str) else exc.message)
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


def mark_field(fields: dict[str, QWidget], exc: BaseException) -> None:
    """Put the cursor in the field a ValidationError names, and outline it."""
    for widget in fields.values():
        widget.setStyleSheet("")
    if isinstance(exc, ValidationError) and exc.field in fields:
        widget = fields[exc.field]
        widget.setStyleSheet("border: 2px solid #b00020;")
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()


def password_field(parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
