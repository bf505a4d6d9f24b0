"""Backups on screen: the status-bar line, Hệ thống → Sao lưu…, and the damaged-database offer at start."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.errors import present_error
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, password_field

if TYPE_CHECKING:
    from hcc_desktop.services.backups import BackupInfo

logger = logging.getLogger(__name__)
CHECK_EVERY_MS = 30 * 60 * 1000  # the day's backup is taken within half an hour of a new day
REFUSALS_BEFORE_PAUSE, PAUSE_AFTER_REFUSALS_MS = 5, 60_000  # wrong passwords at the damaged-database dialog


def _when(info: "BackupInfo") -> str:
    return f"{info.when:%H:%M %d/%m/%Y}"


def _size(info: "BackupInfo") -> str:
    return tr("{mb} MB", mb=f"{info.size / 1e6:.1f}")


def refresh_status(window) -> None:
    backups = window.services.backups

    def state():
        latest = backups.latest()
        return (latest.when if latest else None), backups.is_stale(latest)

    run_task(window, state).on_success(lambda result: window.status.set_backup(*result)) \
        .on_failure(lambda _exc: logger.warning("backup state unknown", exc_info=_exc))


def after_load(window) -> None:
    """The full services have loaded: the day's automatic backup if due, then every half hour."""

    def daily() -> None:
        if window.services is None:
            return
        run_task(window, window.services.backups.daily_if_due) \
            .on_success(lambda result: _daily_done(window, result)).on_failure(lambda exc: _daily_failed(window, exc))

    daily()
    timer = QTimer(window)
    timer.setObjectName("backupTimer")
    timer.timeout.connect(daily)
    timer.start(CHECK_EVERY_MS)


def _daily_done(window, result) -> None:
    if result is not None and result.second_problem:
        window.statusBar().showMessage(result.second_problem, 30_000)
    refresh_status(window)


def _daily_failed(window, exc: BaseException) -> None:
    refresh_status(window)
    present_error(window, exc)


class BackupDialog(QDialog):
    """The list of backups, where they are, and "Sao lưu ngay" with its progress (supervisors)."""

    def __init__(self, backups, actor, folder, parent: QWidget | None = None,
                 on_backup: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(tr("Sao lưu dữ liệu"))
        self.resize(760, 460)
        self._backups, self._actor, self._on_backup, self._folder = backups, actor, on_backup, folder
        layout = QVBoxLayout(self)
        self.folder = QLabel(tr("Thư mục sao lưu: {p}", p=str(folder)), self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setWordWrap(True)
        layout.addWidget(self.folder)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([tr("Thời điểm"), tr("Loại"), tr("Dung lượng"), tr("Kiểm tra")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons = QHBoxLayout()
        self.backup_now = QPushButton(tr("Sao lưu ngay"), self)
        self.backup_now.setObjectName("backupNow")
        self.backup_now.clicked.connect(self.start_backup)
        self.open_folder = QPushButton(tr("Mở thư mục sao lưu"), self)
        self.open_folder.clicked.connect(self._open_folder)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        for button in (self.backup_now, self.open_folder):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        run_task(self, self._backups.list, self._actor).on_success(self._show)

    def _show(self, backups: list) -> None:
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            cells = (_when(info), info.label, _size(info), tr("đã kiểm tra toàn vẹn") if info.verified else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        if not backups:
            self.message.setText(tr("Chưa có bản sao lưu nào."))

    def start_backup(self) -> None:
        self.backup_now.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.setText(tr("Đang sao lưu…"))
        run_task(self, self._run, with_context=True).on_progress(self._progress) \
            .on_success(self._done).on_failure(self._failed)

    def _run(self, context):
        return self._backups.create(self._actor, progress=context.report)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, result) -> None:
        self.backup_now.setEnabled(True)
        self.progress.hide()
        self.message.setText(result.message())
        self.message.setStyleSheet("color:#8a4b00; font-weight:bold;" if result.second_problem else "")
        self.reload()
        if self._on_backup is not None:
            self._on_backup()

    def _failed(self, exc: BaseException) -> None:
        self.backup_now.setEnabled(True)
        self.progress.hide()
        self.message.setText("")
        present_error(self, exc)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))


def open_backups(window) -> None:
    BackupDialog(window.services.backups, window.actor, window.paths.backup_dir, window,
                 lambda: refresh_status(window)).open()


class DamagedDialog(QDialog):
    """At start: the database is damaged; offer the latest good backup (the damaged file is kept aside)."""

    def __init__(self, paths, clock, message: str, latest: "BackupInfo", parent: QWidget | None = None,
                 release: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDialog")
        self.setWindowTitle(tr("Cơ sở dữ liệu bị hỏng"))
        self.setMinimumWidth(620)
        self._paths, self._clock, self.latest, self._release = paths, clock, latest, release
        self.restored = False
        self._refusals = 0
        layout = QVBoxLayout(self)
        title = QLabel(tr("Cơ sở dữ liệu bị hỏng nên chương trình chưa mở được."), self)
        title.setStyleSheet("font-size: 14pt; font-weight: bold; color: #b00020;")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.text = QLabel(tr(
            "{msg}\n\nBản sao lưu tốt gần nhất: {when} ({kind}, {size}).\n"
            "Khôi phục bản này thì những gì nhập sau thời điểm đó cần nhập lại. Tệp bị hỏng được giữ "
            "nguyên trong thư mục {aside} để kỹ thuật viên xem xét.",
            msg=message, when=_when(latest), kind=latest.label, size=_size(latest),
            aside=str(paths.backup_dir / "hu-hong")), self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        who = QLabel(tr("Người khôi phục đăng nhập bằng tài khoản có trong bản sao lưu (cán bộ, người phụ trách "
                        "hoặc quản trị); việc khôi phục được ghi vào nhật ký kiểm soát với tên người đó."), self)
        who.setWordWrap(True)
        layout.addWidget(who)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("restoreUser")
        self.password = password_field(self)
        self.password.setObjectName("restorePassword")
        self.password.returnPressed.connect(self.start_restore)
        form.addRow(tr("Tên đăng nhập"), self.username)
        form.addRow(tr("Mật khẩu"), self.password)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons = QHBoxLayout()
        self.restore = QPushButton(tr("Khôi phục bản sao lưu này"), self)
        self.restore.setObjectName("restoreLatest")
        self.restore.setDefault(True)
        self.restore.clicked.connect(self.start_restore)
        self.quit = QPushButton(tr("Thoát, chưa khôi phục"), self)
        self.quit.clicked.connect(self.reject)
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        buttons.addWidget(self.quit)
        layout.addLayout(buttons)

    def start_restore(self) -> None:
        from hcc_desktop.services.backups import authenticate_in_backup

        if not self.restore.isEnabled():
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.show_error(tr("Hãy nhập tên đăng nhập và mật khẩu của người khôi phục."))
            (self.username if not username else self.password).setFocus()
            return
        self.error.clear_error()
        self._busy(True)
        run_task(self, authenticate_in_backup, self.latest.path, username, password) \
            .on_success(self._restore_as).on_failure(self._refused)

    def _restore_as(self, actor) -> None:
        """The person may restore: the damaged file is set aside and the backup put in its place."""
        from hcc_desktop.services.backups import restore_after_damage

        self._refusals = 0
        if self._release is not None:
            self._release()
        path, paths, clock = self.latest.path, self._paths, self._clock
        run_task(self, lambda context: restore_after_damage(paths, clock, path, actor, context.report),
                 with_context=True) \
            .on_progress(lambda done, total: (self.progress.setRange(0, max(total, 1)), self.progress.setValue(done))) \
            .on_success(self._restored).on_failure(self._failed)

    def _busy(self, busy: bool) -> None:
        self.restore.setEnabled(not busy)
        self.quit.setEnabled(not busy)
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)

    def _refused(self, exc: BaseException) -> None:
        """A wrong password or a role that may not restore: nothing was touched."""
        self._busy(False)
        if not isinstance(exc, HccError):
            present_error(self, exc)
            return
        self._refusals += 1
        self.error.show_error(exc.message + " " + tr("Chưa khôi phục; không có gì bị thay đổi."))
        self.password.selectAll()
        self.password.setFocus()
        if self._refusals >= REFUSALS_BEFORE_PAUSE:  # guessing passwords here is slowed down
            self.restore.setEnabled(False)
            self.error.show_error(tr("Sai {n} lần liền; hãy chờ một phút rồi thử lại. Không có gì bị thay đổi.",
                                     n=self._refusals))
            QTimer.singleShot(PAUSE_AFTER_REFUSALS_MS, lambda: self.restore.setEnabled(True))

    def _restored(self, _result) -> None:
        self.restored = True
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        """The restore itself failed: its message says what happened (no claim that nothing changed)."""
        self._busy(False)
        present_error(self, exc)
