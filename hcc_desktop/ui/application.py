"""Starting the GUI: the window first, then the data folder off the UI thread, then log-in."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hcc_desktop import APP_NAME, __version__
from hcc_desktop.errors import DatabaseDamaged, DataFolderDamaged, HccError
from hcc_desktop.i18n import tr
from hcc_desktop.paths import Paths
from hcc_desktop.ui import errors as error_presenter
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import run_task, wait_for_tasks

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.clock import Clock
    from hcc_desktop.services.auth import Actor

logger = logging.getLogger(__name__)
EXIT_BUG = 3
_fonts_loaded = False


def register_qt_fonts() -> str:
    """Load the shipped Noto Sans into Qt (once) and return its family name."""
    global _fonts_loaded
    from hcc_desktop.documents.fonts import font_files

    if not _fonts_loaded:
        for path in font_files().values():
            QFontDatabase.addApplicationFont(str(path))
        _fonts_loaded = True
    return "Noto Sans"


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()  # calls waiting for the services (quick start) must not starve the rest
    pool.setMaxThreadCount(max(6, pool.maxThreadCount()))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("HCC")
    font = QFont(register_qt_fonts())
    font.setPointSize(11)
    app.setFont(font)
    return app


def _open(paths: Paths, clock: "Clock | None"):
    from hcc_desktop.app import open_services

    services = open_services(paths.data_dir, clock=clock)
    try:
        services.health.startup_check()  # PRAGMA quick_check, here on the worker, not on the quick path
    except BaseException:
        services.close()
        raise
    return services, services.auth.has_users(), services.db.is_demo(), services.settings.view().center_name


def _quick_open(paths: Paths, clock: "Clock | None"):
    """The first screen's data without loading SQLAlchemy (None: the full start-up must run first)."""
    from hcc_desktop.clock import SystemClock
    from hcc_desktop.early import EarlyServices
    from hcc_desktop.storage.migrations import HEAD
    from hcc_desktop.storage.quick import QuickReader

    reader = QuickReader.open(paths.database, HEAD)
    if reader is None:
        return None
    try:
        early = EarlyServices(paths, clock or SystemClock(), reader)
        return early, early.db.is_demo(), early.settings.view().center_name
    except Exception:  # noqa: BLE001 — anything odd: the full start-up will say what is wrong
        logger.info("quick start not possible; opening the data folder in full", exc_info=True)
        reader.close()
        return None


class Startup(QObject):
    """Opens the data folder, then asks who is working (or uses ``login`` headless)."""

    def __init__(self, window: MainWindow, clock: "Clock | None" = None,
                 login: Callable[["Services"], "Actor"] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self._clock = clock
        self._login = login
        self.exit_code = 0
        self._center = ""
        window.logout_requested.connect(self.logout)

    def start(self) -> None:
        """A data folder already at the current schema shows the counter before SQLAlchemy and the
        services have loaded (they load meanwhile: ``hcc_desktop.early``); otherwise the full open
        (migrations, first run) comes first."""
        run_task(self.window, _quick_open, self.window.paths, self._clock) \
            .on_success(self._quick_opened).on_failure(lambda _exc: self._full_start())

    def _full_start(self) -> None:
        run_task(self.window, _open, self.window.paths, self._clock) \
            .on_success(self._opened).on_failure(self._open_failed)

    def _quick_opened(self, result) -> None:
        if result is None:
            self._full_start()
            return
        early, demo, self._center = result
        self.window.attach(early, demo)

        def load() -> None:  # on the worker: calls waiting for the services go on at once
            try:
                early.resolve(_open(self.window.paths, self._clock)[0])
            except BaseException as exc:
                early.fail(exc)
                raise

        def failed(exc: BaseException) -> None:
            self.window.set_actor(None)
            self._open_failed(exc)

        run_task(self.window, load).on_success(lambda _r: self._loaded()).on_failure(failed)
        if self._login is not None:
            run_task(self.window, self._login, early).on_success(self.window.set_actor)
        else:
            self.ask_login()

    def _opened(self, result) -> None:
        services, has_users, demo, self._center = result
        self.window.attach(services, demo)
        self._loaded()
        if self._login is not None:
            run_task(self.window, self._login, services).on_success(self.window.set_actor)
        elif has_users:
            self.ask_login()
        else:
            self._first_run()

    def _loaded(self) -> None:
        from hcc_desktop.ui.backups import after_load

        after_load(self.window)

    def ask_login(self) -> None:
        from hcc_desktop.ui.login import LoginDialog

        dialog = LoginDialog(self.window.services.auth, self._center, self.window)
        dialog.accepted_actor.connect(self.window.set_actor)
        dialog.rejected.connect(self.window.close)
        dialog.open()

    def _first_run(self) -> None:
        from hcc_desktop.ui.login import FirstRunDialog

        services = self.window.services
        dialog = FirstRunDialog(services.auth, services.settings, self._center, self.window)
        dialog.accepted_actor.connect(self.window.set_actor)
        dialog.rejected.connect(self.window.close)
        dialog.open()

    def logout(self) -> None:
        actor, services = self.window.actor, self.window.services
        self.window.set_actor(None)
        if actor is not None and services is not None:
            run_task(self.window, services.auth.logout, actor)
        self.ask_login()

    def _open_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseDamaged) and self._offer_backup(exc):
            return
        self.exit_code = exc.exit_code if isinstance(exc, HccError) else EXIT_BUG
        self.window.status.set_database_state(tr("không dùng được"), False)
        if isinstance(exc, DataFolderDamaged):
            exc = DataFolderDamaged(exc.message + " " + tr(
                "Chương trình không ghi gì vào tệp này. Hãy báo người phụ trách kỹ thuật; "
                "các bản sao lưu nằm trong thư mục {path}.", path=self.window.paths.backup_dir))
        self.window.loading.setText(error_presenter.user_message(exc))
        self.window.loading.setWordWrap(True)
        error_presenter.present_error(self.window, exc,
                                      on_closed=lambda: QApplication.instance().exit(self.exit_code))


    def _offer_backup(self, exc: DatabaseDamaged) -> bool:
        """A damaged database with a backup at hand: offer to restore it (False: no backup to offer)."""
        from hcc_desktop.clock import SystemClock
        from hcc_desktop.services.backups import list_backups
        from hcc_desktop.ui.backups import DamagedDialog

        paths = self.window.paths
        found = list_backups(paths.backup_dir)
        if not found:
            return False
        logger.warning("database damaged at start; offering the latest backup")
        self.window.status.set_database_state(tr("bị hỏng"), False)
        self.window.loading.setText(exc.message)
        self.window.loading.setWordWrap(True)
        early = self.window.services
        release = getattr(early, "release", None)  # the quick start's reader still has the file open
        dialog = DamagedDialog(paths, self._clock or SystemClock(), exc.message, found[0], self.window, release)
        dialog.finished.connect(lambda _code: self._after_offer(dialog.restored, exc))
        dialog.open()
        return True

    def _after_offer(self, restored: bool, exc: DatabaseDamaged) -> None:
        if not restored:
            self.exit_code = exc.exit_code
            QApplication.instance().exit(self.exit_code)
            return
        self.window.loading.setText(tr("Đã khôi phục; đang mở dữ liệu…"))
        early = self.window.services
        if early is None:
            self._full_start()
            return

        def reload() -> None:  # the quick start had shown the counter: its services now load from the restored file
            early.resolve(_open(self.window.paths, self._clock)[0])

        run_task(self.window, reload).on_success(lambda _r: self._reloaded()).on_failure(self._open_failed)

    def _reloaded(self) -> None:
        self.window.status.set_database_state(
            tr("đã mở ({mode})", mode=self.window.services.db.journal_mode().upper()), True)
        self._loaded()
        from hcc_desktop.ui.login import LoginDialog

        if self._login is not None:
            run_task(self.window, self._login, self.window.services).on_success(self.window.set_actor)
        elif not any(isinstance(w, LoginDialog) and w.isVisible() for w in self.window.findChildren(LoginDialog)):
            self.ask_login()


def run_gui(data_dir: str | None = None) -> int:
    from hcc_desktop.logging_setup import setup_logging

    paths = Paths.resolve(data_dir)
    log_file = setup_logging(paths.log_dir)
    error_presenter.log_file_hint = str(log_file or "")
    app = create_application()
    error_presenter.install_excepthook()
    window = MainWindow(paths)
    startup = Startup(window)
    window.show()
    startup.start()
    code = app.exec()
    wait_for_tasks()
    if window.services is not None:
        window.services.close()
    return code or startup.exit_code
