"""The main window: menus for what works, the current panel, the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from hcc_desktop import APP_NAME
from hcc_desktop.clock import local_today
from hcc_desktop.i18n import tr
from hcc_desktop.paths import Paths
from hcc_desktop.ui.home import HomePanel
from hcc_desktop.ui.status import StatusBar
from hcc_desktop.ui.tasks import run_task

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor


class MainWindow(QMainWindow):
    ready = Signal()          # the panel for the logged-in user has its data
    logout_requested = Signal()

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.resize(1366, 768)
        self.setMinimumSize(1024, 640)
        self.paths = paths
        self.services: Services | None = None
        self.actor: Actor | None = None
        self.loading = QLabel(tr("Đang mở dữ liệu…"), self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setStyleSheet("font-size: 16pt; color: #555;")
        self.home = HomePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)
        self.status = StatusBar(self)
        self.status.set_folder(str(paths.data_dir))
        self.setStatusBar(self.status)
        self._build_menus()
        self._update_title()

    # -- menus ------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        system = self.menuBar().addMenu(tr("&Hệ thống"))
        self.settings_action = self._action(tr("Cài đặt…"), self.open_settings, "Ctrl+,")
        self.accounts_action = self._action(tr("Tài khoản người dùng…"), self.open_accounts)
        self.password_action = self._action(tr("Đổi mật khẩu…"), self.open_change_password)
        self.logout_action = self._action(tr("Đăng xuất"), self.logout_requested.emit, "Ctrl+Shift+L")
        self.quit_action = self._action(tr("Thoát"), self.close, QKeySequence.StandardKey.Quit)
        for action in (self.settings_action, self.accounts_action, self.password_action):
            system.addAction(action)
        system.addSeparator()
        system.addAction(self.logout_action)
        system.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(tr("Trợ &giúp"))
        self.about_action = self._action(tr("Giới thiệu HCC Desktop"), self.open_about)
        help_menu.addAction(self.about_action)
        self._enable_for_role()

    def _enable_for_role(self) -> None:
        from_role = self.actor is not None and self.actor.role.value in ("supervisor", "admin")
        self.settings_action.setVisible(from_role)
        self.accounts_action.setVisible(from_role)
        self.password_action.setVisible(self.actor is not None)
        self.logout_action.setVisible(self.actor is not None)

    def _update_title(self, center: str = "") -> None:
        parts = [APP_NAME]
        if center:
            parts.append(center)
        title = " — ".join(parts)
        if self.actor is not None:
            title += f"  [{self.actor.full_name} · {self.actor.role.label}]"
        self.setWindowTitle(title)

    # -- state ------------------------------------------------------------------
    def attach(self, services: "Services", demo: bool) -> None:
        self.services = services
        self.status.set_clock(services.clock)
        self.status.set_database_state(tr("đã mở ({mode})", mode=services.db.journal_mode().upper()), True)
        self.status.demo.setVisible(demo)
        self.loading.setText(tr("Mời đăng nhập"))

    def set_actor(self, actor: "Actor | None") -> None:
        self.actor = actor
        self._enable_for_role()
        if actor is None:
            self.stack.setCurrentWidget(self.loading)
            self._update_title()
            return
        self.refresh()

    def refresh(self) -> None:
        assert self.services is not None
        run_task(self, self.services.settings.view).on_success(self._show_home)

    def _show_home(self, settings) -> None:
        if self.actor is None or self.services is None:
            return
        self.home.show_state(settings, self.actor, local_today(self.services.clock))
        self.stack.setCurrentWidget(self.home)
        self._update_title(settings.center_name)
        self.ready.emit()

    # -- dialogs ----------------------------------------------------------------
    def open_settings(self) -> None:
        from hcc_desktop.ui.settings_dialog import SettingsDialog

        services, actor = self.services, self.actor

        def show(current) -> None:
            dialog = SettingsDialog(services.settings, actor, current, self)
            dialog.accepted.connect(self.refresh)
            dialog.open()

        run_task(self, services.settings.view).on_success(show)

    def open_accounts(self) -> None:
        from hcc_desktop.ui.accounts import AccountsDialog

        AccountsDialog(self.services.auth, self.actor, self).open()

    def open_change_password(self) -> None:
        from hcc_desktop.ui.accounts import ChangePasswordDialog

        ChangePasswordDialog(self.services.auth, self.actor, self).open()

    def open_about(self) -> None:
        from hcc_desktop.ui.about import AboutDialog

        AboutDialog(str(self.paths.data_dir), self).open()
