"""Accounts: the supervisor's list of users, adding one, locking one; changing one's own password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, dialog_buttons, password_field, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor, AuthService, UserInfo


class _SubmitDialog(QDialog):
    """Form dialog whose submission runs off the UI thread and shows errors inline."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.error = ErrorLabel(self)
        self.buttons = dialog_buttons(self, ok_text, self._confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}

    def _confirm(self) -> None:
        """Subclasses define what OK does."""

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(key)
        self.form.addRow(label, widget)
        self.fields[key] = widget
        return widget

    def submit(self, fn, *args) -> None:
        self.error.clear_error()
        self.buttons.setEnabled(False)
        run_task(self, fn, *args).on_success(self._ok).on_failure(self._failed)

    def _ok(self, _result) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_failure(self.error, exc, self.fields)

    def passwords_match(self, first: QLineEdit, second: QLineEdit) -> bool:
        if first.text() == second.text():
            return True
        self._failed(ValidationError(tr("Hai lần nhập mật khẩu không khớp nhau."), second.objectName()))
        return False


class AddAccountDialog(_SubmitDialog):
    def __init__(self, auth: "AuthService", actor: "Actor", parent: QWidget | None = None) -> None:
        from hcc_desktop.services.auth import Role

        super().__init__(tr("Thêm tài khoản"), tr("Tạo tài khoản"), parent)
        self._auth, self._actor = auth, actor
        self.full_name = self.add("full_name", tr("Họ và tên"), QLineEdit(self))
        self.username = self.add("username", tr("Tên đăng nhập"), QLineEdit(self))
        self.role = self.add("role", tr("Vai trò"), QComboBox(self))
        roles = [Role.CLERK, Role.VOLUNTEER, Role.SUPERVISOR] + ([Role.ADMIN] if actor.role is Role.ADMIN else [])
        for role in roles:
            self.role.addItem(role.label, role.value)
        self.password = self.add("password", tr("Mật khẩu"), password_field(self))
        self.repeat = self.add("repeat", tr("Nhập lại mật khẩu"), password_field(self))

    def _confirm(self) -> None:
        if self.passwords_match(self.password, self.repeat):
            self.submit(self._auth.create_user, self._actor, self.username.text(), self.full_name.text(),
                        self.role.currentData(), self.password.text())


class ChangePasswordDialog(_SubmitDialog):
    def __init__(self, auth: "AuthService", actor: "Actor", parent: QWidget | None = None) -> None:
        super().__init__(tr("Đổi mật khẩu"), tr("Đổi mật khẩu"), parent)
        self._auth, self._actor = auth, actor
        self.old = self.add("old", tr("Mật khẩu hiện tại"), password_field(self))
        self.new = self.add("password", tr("Mật khẩu mới"), password_field(self))
        self.repeat = self.add("repeat", tr("Nhập lại mật khẩu mới"), password_field(self))

    def _confirm(self) -> None:
        if self.passwords_match(self.new, self.repeat):
            self.submit(self._auth.change_password, self._actor, self.old.text(), self.new.text())


class AccountsDialog(QDialog):
    HEADERS = (tr("Họ và tên"), tr("Tên đăng nhập"), tr("Vai trò"), tr("Trạng thái"))

    def __init__(self, auth: "AuthService", actor: "Actor", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tài khoản người dùng"))
        self.resize(680, 420)
        self._auth, self._actor = auth, actor
        self._users: list[UserInfo] = []
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton(tr("Thêm tài khoản…"), self)
        self.toggle_button = QPushButton(tr("Khóa / mở khóa"), self)
        self.unlock_button = QPushButton(tr("Mở khóa tạm (nhập sai mật khẩu)"), self)
        close = QPushButton(tr("Đóng"), self)
        self.add_button.clicked.connect(self._add)
        self.toggle_button.clicked.connect(self._toggle)
        self.unlock_button.clicked.connect(self._unlock)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.toggle_button)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        row.addWidget(close)
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        run_task(self, self._auth.list_users, self._actor).on_success(self._show)

    def _show(self, users: list["UserInfo"]) -> None:
        self._users = users
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            state = tr("đang dùng") if user.active else tr("đã khóa")
            if user.locked_until is not None:
                from hcc_desktop.clock import format_local

                state = tr("tạm khóa đến {time}", time=format_local(user.locked_until))
            for col, text in enumerate((user.full_name, user.username, user.role.label, state)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _add(self) -> None:
        dialog = AddAccountDialog(self._auth, self._actor, self)
        dialog.accepted.connect(self.reload)
        dialog.open()

    def _selected(self) -> "UserInfo | None":
        row = self.table.currentRow()
        if not 0 <= row < len(self._users):
            self.error.show_error(tr("Hãy chọn một tài khoản trong danh sách."))
            return None
        self.error.clear_error()
        return self._users[row]

    def _unlock(self) -> None:
        user = self._selected()
        if user is None:
            return
        if user.locked_until is None:
            self.error.show_error(tr("Tài khoản “{u}” không bị khóa tạm.", u=user.username))
            return
        run_task(self, self._auth.unlock, self._actor, user.id) \
            .on_success(lambda _u: self.reload()).on_failure(self._failed)

    def _toggle(self) -> None:
        user = self._selected()
        if user is None:
            return
        run_task(self, self._auth.set_active, self._actor, user.id, not user.active) \
            .on_success(lambda _u: self.reload()).on_failure(self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.error, exc)
