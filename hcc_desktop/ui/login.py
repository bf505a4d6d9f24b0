"""Log-in dialog, and the first-run dialog that creates the first supervisor account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, dialog_buttons, password_field, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor, AuthService
    from hcc_desktop.services.settings import SettingsService


class _FormDialog(QDialog):
    """A titled form with OK/Cancel, an error line, and submission off the UI thread.

    Subclasses define ``_submit``, called when the user confirms.
    """

    accepted_actor = Signal(object)

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.error = ErrorLabel(self)
        self.buttons = dialog_buttons(self, ok_text, self._submit, cancel_text=tr("Thoát"))
        layout = QVBoxLayout(self)
        heading = QLabel(intro, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}

    def add_field(self, key: str, label: str, widget: QLineEdit) -> QLineEdit:
        widget.setObjectName(key)
        self.form.addRow(label, widget)
        self.fields[key] = widget
        return widget

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def _done(self, actor: "Actor") -> None:
        self._busy(False)
        self.accepted_actor.emit(actor)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        show_failure(self.error, exc, self.fields)
        self.adjustSize()  # room for a message of several lines


class LoginDialog(_FormDialog):
    def __init__(self, auth: "AuthService", center_name: str, parent: QWidget | None = None) -> None:
        super().__init__(tr("Đăng nhập — HCC Desktop"), center_name, tr("Đăng nhập"), parent)
        self._auth = auth
        self.username = self.add_field("username", tr("Tên đăng nhập"), QLineEdit(self))
        self.password = self.add_field("password", tr("Mật khẩu"), password_field(self))
        self.username.setFocus()

    def _submit(self) -> None:
        self.error.clear_error()
        self._busy(True)
        run_task(self, self._auth.authenticate, self.username.text(), self.password.text()) \
            .on_success(self._done).on_failure(self._wrong)

    def _wrong(self, exc: BaseException) -> None:
        self.password.clear()
        self._failed(exc)
        self.password.setFocus()


class FirstRunDialog(_FormDialog):
    """Shown once, when the data folder has no account yet."""

    def __init__(self, auth: "AuthService", settings: "SettingsService", default_center: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Thiết lập lần đầu — HCC Desktop"),
                         tr("Chưa có tài khoản nào. Hãy nhập tên Trung tâm và tạo tài khoản "
                            "phụ trách Trung tâm đầu tiên; các tài khoản khác được tạo sau trong "
                            "mục Hệ thống → Tài khoản người dùng."), tr("Tạo tài khoản"), parent)
        self._auth, self._settings = auth, settings
        self.center = self.add_field("center_name", tr("Tên Trung tâm"), QLineEdit(self))
        self.center.setText(default_center)
        self.commune = self.add_field("commune", tr("Xã"), QLineEdit(self))
        self.full_name = self.add_field("full_name", tr("Họ và tên"), QLineEdit(self))
        self.username = self.add_field("username", tr("Tên đăng nhập"), QLineEdit(self))
        self.password = self.add_field("password", tr("Mật khẩu"), password_field(self))
        self.repeat = self.add_field("repeat", tr("Nhập lại mật khẩu"), password_field(self))

    def _submit(self) -> None:
        self.error.clear_error()
        if self.password.text() != self.repeat.text():
            self._failed(ValidationError(tr("Hai lần nhập mật khẩu không khớp nhau."), "repeat"))
            return
        self._busy(True)
        values = (self.center.text(), self.commune.text(), self.full_name.text(),
                  self.username.text(), self.password.text())
        run_task(self, self._create, *values).on_success(self._done).on_failure(self._failed)

    def _create(self, center: str, commune: str, full_name: str, username: str, password: str) -> "Actor":
        from hcc_desktop.settings import definition

        definition("center_name").coerce(center)  # refuse before anything is written
        actor = self._auth.create_first_supervisor(username, full_name, password)
        self._settings.update(actor, {"center_name": center, "commune": commune})
        return actor
