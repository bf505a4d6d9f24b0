"""Small widgets shared by dialogs."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from hcc_desktop.errors import HccError, ValidationError
from hcc_desktop.i18n import tr


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


def dialog_buttons(dialog: QDialog, ok_text: str, on_ok: Callable[[], None], *, save: bool = False,
                   cancel_text: str | None = None) -> QDialogButtonBox:
    """OK (or Save) and Cancel with Vietnamese labels; OK calls ``on_ok``, Cancel rejects the dialog."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or tr("Hủy"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def show_failure(error: ErrorLabel, exc: BaseException, fields: dict[str, QWidget] | None = None) -> None:
    """Show a typed error in the form; anything else is a bug and goes to the error presenter."""
    if not isinstance(exc, HccError):
        raise exc
    error.show_error(exc)
    if fields is not None:
        mark_field(fields, exc)
