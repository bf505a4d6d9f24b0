"""The main window: menus for what works, the counter panel, the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from hcc_desktop import APP_NAME
from hcc_desktop.clock import local_today
from hcc_desktop.i18n import tr
from hcc_desktop.paths import Paths
from hcc_desktop.ui.status import StatusBar, vietnamese_date
from hcc_desktop.ui.tasks import run_task

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.ui.counter.panel import CounterPanel


class MainWindow(QMainWindow):
    ready = Signal()          # the counter panel for the logged-in user has its data
    logout_requested = Signal()

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.resize(1366, 768)
        self.setMinimumSize(1024, 640)
        self.paths = paths
        self.services: Services | None = None
        self.actor: Actor | None = None
        self.settings_view = None
        self.counter_panel: CounterPanel | None = None
        self.visit_panel = None
        self._waiting_ready = False
        self.loading = QLabel(tr("Đang mở dữ liệu…"), self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setStyleSheet("font-size: 16pt; color: #555;")
        self.work = QWidget(self)
        self.header = QLabel(self.work)
        self.header.setObjectName("header")
        self.header.setStyleSheet("font-size: 13pt; padding: 4px 8px; background: #0b3d91; color: white;")
        QVBoxLayout(self.work).addWidget(self.header)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.work)
        self.setCentralWidget(self.stack)
        self.status = StatusBar(self)
        self.status.set_folder(str(paths.data_dir))
        self.setStatusBar(self.status)
        self._build_menus()
        from hcc_desktop.ui.lock_screen import ScreenLock

        self.screen_lock = ScreenLock(self)
        self._update_title()

    # -- menus ------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        queue = self.menuBar().addMenu(tr("&Hàng chờ"))
        self.board_action = self._action(tr("Bảng hiển thị phòng chờ"), self.open_board, "Ctrl+D")
        self.dossiers_action = self._action(tr("Hồ sơ quá hạn và sắp đến hạn…"), self.open_dossiers, "Ctrl+H")
        self.reasons_action = self._action(tr("Nhóm ưu tiên…"), self.open_reasons)
        queue.addAction(self.board_action)
        queue.addAction(self.dossiers_action)
        queue.addAction(self.reasons_action)
        self._print_qmenu = self.menuBar().addMenu(tr("&In ấn"))  # its actions come at the first log-in
        self._print_menu = None
        reports = self.menuBar().addMenu(tr("&Báo cáo"))
        self.reports_action = self._action(tr("Báo cáo theo kỳ…"), self.open_reports, "Ctrl+Shift+R")
        self.outbox_action = self._action(tr("Hộp gửi đi và gói dữ liệu…"), self.open_outbox, "Ctrl+Shift+G")
        reports.addAction(self.reports_action)
        reports.addAction(self.outbox_action)
        self.reports_menu = reports
        system = self.menuBar().addMenu(tr("Hệ &thống"))
        self.settings_action = self._action(tr("Cài đặt…"), self.open_settings, "Ctrl+,")
        self.accounts_action = self._action(tr("Tài khoản người dùng…"), self.open_accounts)
        self.calendar_action = self._action(tr("Lịch làm việc…"), self.open_calendar)
        self.catalog_action = self._action(tr("Danh mục thủ tục…"), self.open_catalog)
        self.retention_action = self._action(tr("Lưu giữ dữ liệu cá nhân…"), self.open_retention)
        self.audit_action = self._action(tr("Nhật ký kiểm soát…"), self.open_audit)
        self.password_action = self._action(tr("Đổi mật khẩu…"), self.open_change_password)
        self.backups_action = self._action(tr("Sao lưu…"), self.open_backups)
        self.switch_action = self._action(tr("Khóa màn hình / đổi người dùng"), self.lock_screen, "Ctrl+Shift+U")
        self.logout_action = self._action(tr("Đăng xuất"), self.logout_requested.emit, "Ctrl+Shift+L")
        self.quit_action = self._action(tr("Thoát"), self.close, QKeySequence.StandardKey.Quit)
        for action in (self.settings_action, self.accounts_action, self.audit_action, self.calendar_action,
                       self.catalog_action, self.retention_action, self.backups_action, self.password_action):
            system.addAction(action)
        system.addSeparator()
        system.addAction(self.switch_action)
        system.addAction(self.logout_action)
        system.addAction(self.quit_action)
        from hcc_desktop.ui.playbooks.wiring import build_menu

        build_menu(self)
        help_menu = self.menuBar().addMenu(tr("Trợ &giúp"))
        self.about_action = self._action(tr("Giới thiệu HCC Desktop"), self.open_about)
        help_menu.addAction(self.about_action)
        self._enable_for_role()

    def _enable_for_role(self) -> None:
        manager = self.actor is not None and self.actor.role.value in ("supervisor", "admin")
        for action in (self.settings_action, self.accounts_action, self.reasons_action, self.calendar_action,
                       self.catalog_action, self.retention_action, self.backups_action, self.reports_action,
                       self.outbox_action, self.audit_action):
            action.setVisible(manager)
        self.reports_menu.menuAction().setVisible(manager)
        for action in (self.password_action, self.switch_action, self.logout_action, self.board_action):
            action.setVisible(self.actor is not None)
        self.dossiers_action.setVisible(self.actor is not None and self.actor.role.value != "volunteer")
        from hcc_desktop.ui.playbooks.wiring import enable_for_role

        enable_for_role(self)
        if self.actor is None and self._print_menu is None:
            self._print_qmenu.menuAction().setVisible(False)  # nobody to print for: nothing to build yet
        else:
            self.print_menu.set_role(None if self.actor is None else self.actor.role.value)

    @property
    def print_menu(self):
        """The "In ấn" menu's actions, built when first needed (not on the way to the first screen)."""
        if self._print_menu is None:
            from hcc_desktop.ui.print_menu import PrintMenu

            self._print_menu = PrintMenu(self, self._print_qmenu)
        return self._print_menu

    def _update_title(self, center: str = "") -> None:
        title = " — ".join(p for p in (APP_NAME, center) if p)
        if self.actor is not None:
            title += f"  [{self.actor.full_name} · {self.actor.role.label}]"
        self.setWindowTitle(title)

    # -- state ------------------------------------------------------------------
    def attach(self, services: "Services", demo: bool) -> None:
        from hcc_desktop.ui.counter.panel import CounterPanel

        self.services = services
        self.status.set_clock(services.clock)
        self.status.set_database_state(tr("đã mở ({mode})", mode=services.db.journal_mode().upper()), True)
        self.status.demo.setVisible(demo)
        self.loading.setText(tr("Mời đăng nhập"))
        self.counter_panel = CounterPanel(services.queue, services.clock, self.work)
        self.counter_panel.refreshed.connect(self._panel_refreshed)
        self.counter_panel.issue_requested.connect(self.open_issue)
        self.counter_panel.called.connect(self._announce)
        self.work.layout().addWidget(self.counter_panel, 1)
        from hcc_desktop.ui.visit.wiring import attach_visit_panel

        self.visit_panel = attach_visit_panel(self, services)

    def set_actor(self, actor: "Actor | None") -> None:
        self.actor = actor
        self._enable_for_role()
        self.status.set_pending(None)
        if actor is None:
            self.screen_lock.reset()
            if self.counter_panel is not None:
                self.counter_panel.stop()
            self.stack.setCurrentWidget(self.loading)
            self._update_title()
            return
        self.refresh()

    def refresh(self) -> None:
        assert self.services is not None
        run_task(self, self.services.settings.view).on_success(self._show_work)

    def _show_work(self, settings) -> None:
        if self.actor is None or self.services is None:
            return
        self.settings_view = settings
        self.screen_lock.configure(settings.idle_lock_minutes)
        today = vietnamese_date(local_today(self.services.clock))
        self.header.setText(tr("{center}  ·  {today}  ·  {name} ({role})", center=settings.center_name,
                               today=today, name=self.actor.full_name, role=self.actor.role.label))
        if not self.screen_lock.locked:  # a refresh never uncovers the work
            self.stack.setCurrentWidget(self.work)
        self._update_title(settings.center_name)
        self._waiting_ready = True
        self.counter_panel.set_context(self.actor, settings.counters)
        from hcc_desktop.ui.visit.wiring import prepare

        prepare(self, self.services, self.actor, settings)
        from hcc_desktop.ui.playbooks.wiring import check_recovery

        check_recovery(self)
        self.refresh_pending()

    def refresh_pending(self) -> None:
        """The status bar's count of records not yet sent upward (every few minutes, and after the outbox)."""
        if self.services is None or self.actor is None or self.services.exchange is None:
            return
        if not hasattr(self, "_pending_timer"):
            from PySide6.QtCore import QTimer

            self._pending_timer = QTimer(self)
            self._pending_timer.timeout.connect(self.refresh_pending)
            self._pending_timer.start(5 * 60 * 1000)
        run_task(self, self.services.exchange.pending_records).on_success(
            lambda n: self.status.set_pending(n) if self.actor is not None else None)

    def lock_screen(self) -> None:
        """Cover the work until the same password is typed again, or someone else logs in."""
        self.screen_lock.lock()

    def actions_for_lock(self) -> list:
        """Every action with a shortcut or a menu entry: none of them works behind the lock screen."""
        from PySide6.QtGui import QAction

        return [a for a in self.findChildren(QAction) if not a.menu()]

    def _panel_refreshed(self) -> None:
        if self._waiting_ready:
            self._waiting_ready = False
            self.ready.emit()
            self.screen_lock.watcher.watch()  # the idle countdown sees input from now on
            if self.actor is not None and self.actor.role.value != "volunteer":
                from PySide6.QtCore import QTimer

                from hcc_desktop.ui.counter.issue_flow import warm_up_voice

                QTimer.singleShot(500, self, lambda: warm_up_voice(self))  # dropped if the window goes

    # -- queue ------------------------------------------------------------------
    def open_issue(self) -> None:
        from hcc_desktop.ui.counter.issue_flow import open_issue_dialog

        open_issue_dialog(self, self.services, self.actor, self.settings_view)

    def _announce(self, ticket, counter: str) -> None:
        from hcc_desktop.ui.counter.issue_flow import announce

        announce(self, ticket, counter)

    def open_board(self) -> None:
        from hcc_desktop.ui.counter.issue_flow import open_board

        open_board(self, self.services, self.settings_view)

    def open_dossiers(self) -> None:
        from hcc_desktop.ui.dossier_list import DossierListDialog

        from hcc_desktop.services.paperwork import DossierPapers

        DossierListDialog(self.services.dossiers, self.actor, self.services.clock, self,
                          DossierPapers(self.services, self.actor)).open()

    def open_reasons(self) -> None:
        from hcc_desktop.ui.counter.reasons_dialog import ReasonsDialog

        services, actor = self.services, self.actor
        run_task(self, services.queue.reasons, include_inactive=True).on_success(
            lambda reasons: ReasonsDialog(services.queue, actor, reasons, self).open())

    def open_catalog(self) -> None:
        from hcc_desktop.ui.catalog_dialog import CatalogDialog

        catalog, actor = self.services.catalog, self.actor
        run_task(self, lambda: (catalog.procedures(active_only=False), catalog.seed_codes())).on_success(
            lambda loaded: CatalogDialog(catalog, actor, loaded[0], self, loaded[1]).open())

    # -- reports and exchange -------------------------------------------------------
    def open_reports(self) -> None:
        from hcc_desktop.ui.reports_dialog import ReportsDialog

        dialog = ReportsDialog(self.services.reports, self.actor, local_today(self.services.clock), self)
        dialog.finished.connect(lambda _r: self.refresh_pending())
        dialog.open()
        dialog.load()

    def open_outbox(self) -> None:
        from hcc_desktop.ui.outbox_dialog import OutboxDialog

        dialog = OutboxDialog(self.services.exchange, self.actor, str(self.paths.data_dir / "goi-gui-di"), self)
        dialog.finished.connect(lambda _r: self.refresh_pending())
        dialog.open()

    # -- dialogs ----------------------------------------------------------------
    def open_settings(self) -> None:
        from hcc_desktop.ui.settings_dialog import SettingsDialog

        services, actor = self.services, self.actor

        def show(current) -> None:
            from hcc_desktop.ui.counter.issue_flow import announcer_for

            dialog = SettingsDialog(services.settings, actor, current, self, announcer_for(self).voice_status()[1])
            dialog.accepted.connect(self.refresh)
            dialog.open()

        run_task(self, services.settings.view).on_success(show)

    def open_accounts(self) -> None:
        from hcc_desktop.ui.accounts import AccountsDialog

        AccountsDialog(self.services.auth, self.actor, self).open()

    def open_retention(self) -> None:
        from hcc_desktop.ui.retention_dialog import RetentionDialog

        RetentionDialog(self.services.retention, self.actor, self).open()

    def open_audit(self) -> None:
        from hcc_desktop.ui.audit_viewer import AuditViewer

        AuditViewer(self.services, self.actor, self).open()

    def open_calendar(self) -> None:
        from hcc_desktop.ui.calendar_dialog import CalendarDialog

        CalendarDialog(self.services.calendar, self.actor, local_today(self.services.clock), self).open()

    def open_change_password(self) -> None:
        from hcc_desktop.ui.accounts import ChangePasswordDialog

        ChangePasswordDialog(self.services.auth, self.actor, self).open()

    def open_backups(self) -> None:
        from hcc_desktop.ui.backups import open_backups

        open_backups(self)

    def open_about(self) -> None:
        from hcc_desktop.ui.about import AboutDialog

        AboutDialog(str(self.paths.data_dir), self).open()

    def closeEvent(self, event) -> None:
        from hcc_desktop.ui.counter.issue_flow import close_board

        close_board(self)
        from hcc_desktop.ui.playbooks.wiring import closing

        closing(self)
        self.screen_lock.watcher.detach()
        super().closeEvent(event)
