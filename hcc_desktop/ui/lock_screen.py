"""The lock screen: after a while with no input (a setting) or at once for a quick change of user
(Ctrl+Shift+U), the work is covered; the same person unlocks with their password, or "Đổi người dùng"
logs them out for someone else. The waiting-room display board is a window of its own and keeps running.

An application-wide event filter restarts a timer on every key, click, wheel or touch, so typing in
any dialog counts as activity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, password_field, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.ui.main_window import MainWindow



def _input_events() -> frozenset:
    """The events that count as someone at the keyboard (built on first use: Qt's event-type enum is
    large, and building its Python side at import cost start-up ≈ 10 ms)."""
    global _INPUT
    if _INPUT is None:
        _INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                            QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride})
    return _INPUT


_INPUT: frozenset | None = None


class IdleWatcher(QObject):
    """Emits ``idle`` after ``interval`` ms without user input anywhere in the application (0 = never)."""

    idle = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._watching = False

    def watch(self) -> None:
        """Start seeing input (once the counter is on screen: a Python filter on every event of the
        application makes Qt build the Python side of each event class on first use, ≈ 0.1 s, which
        start-up need not wait for)."""
        if not self._watching:
            _input_events()
            app = QApplication.instance()
            app.installEventFilter(self)
            app.aboutToQuit.connect(self.detach)  # no Python filter left while the interpreter shuts down
            self._watching = True
        self.restart()

    def detach(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(int(minutes) * 60_000)

    def set_interval_ms(self, interval: int) -> None:
        self.timer.setInterval(max(0, interval))
        self.restart()

    def restart(self) -> None:
        if self.timer.interval() > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.timer.isActive():  # _INPUT is built by watch()
            self.timer.start()  # restart the countdown
        return False


class LockScreen(QWidget):
    unlocked = Signal(object)   # the actor, password checked again
    switch_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._auth = None
        self._actor: "Actor | None" = None
        title = QLabel(tr("Màn hình đã khóa"), self)
        title.setStyleSheet("font-size: 20pt; font-weight: bold; color: #0b3d91;")
        self.who = QLabel(self)
        self.who.setStyleSheet("font-size: 13pt;")
        self.password = password_field(self)
        self.password.setObjectName("password")
        self.password.setMinimumWidth(320)
        self.password.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton(tr("Mở khóa"), self)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.switch_button = QPushButton(tr("Đổi người dùng"), self)
        self.switch_button.clicked.connect(self.switch_requested)
        self.error = ErrorLabel(self)
        self.error.setMaximumWidth(520)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        for button in (self.unlock_button, self.switch_button):
            button.setMinimumWidth(150)
        box = QVBoxLayout()
        box.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.who, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addSpacing(12)
        box.addWidget(QLabel(tr("Nhập mật khẩu để tiếp tục làm việc:"), self), 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.error, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(box)
        outer.addStretch(2)

    def show_for(self, auth, actor: "Actor") -> None:
        self._auth, self._actor = auth, actor
        self.who.setText(tr("{name} ({role})", name=actor.full_name, role=actor.role.label))
        self.password.clear()
        self.error.clear_error()
        self.unlock_button.setEnabled(True)
        self.password.setFocus()

    def submit(self) -> None:
        if self._actor is None or not self.unlock_button.isEnabled():
            return
        self.error.clear_error()
        self.unlock_button.setEnabled(False)
        run_task(self, self._auth.authenticate, self._actor.username, self.password.text()) \
            .on_success(self._checked).on_failure(self._failed)

    def _checked(self, actor: "Actor") -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.unlocked.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        show_failure(self.error, exc)
        self.password.setFocus()


class ScreenLock(QObject):
    """Wires the idle timer and the lock screen into the main window."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.screen = LockScreen(window.stack)
        window.stack.addWidget(self.screen)
        self.watcher = IdleWatcher(self)
        self.watcher.idle.connect(self.lock)
        self.screen.unlocked.connect(self._unlocked)
        self.screen.switch_requested.connect(self._switch)
        self._disabled: list = []

    @property
    def locked(self) -> bool:
        return self.window.stack.currentWidget() is self.screen

    def configure(self, minutes: int) -> None:
        """After log-in, and whenever the settings change."""
        self.watcher.set_minutes(minutes)

    def lock(self) -> None:
        window = self.window
        if window.actor is None or window.services is None or window.stack.currentWidget() is not window.work:
            return
        for dialog in window.findChildren(QDialog):  # nothing of the work stays on screen (notices may)
            if dialog.isVisible() and not isinstance(dialog, QMessageBox):
                dialog.reject()
        self._disabled = [a for a in window.actions_for_lock() if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        window.menuBar().setEnabled(False)
        window.stack.setCurrentWidget(self.screen)
        self.watcher.stop()
        self.screen.show_for(window.services.auth, window.actor)

    def _restore(self) -> None:
        self.window.menuBar().setEnabled(True)
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []

    def _unlocked(self, actor: "Actor") -> None:
        self._restore()
        if actor.user_id != getattr(self.window.actor, "user_id", None):
            self.window.set_actor(actor)
            return
        self.window.stack.setCurrentWidget(self.window.work)
        self.watcher.restart()

    def _switch(self) -> None:
        self._restore()
        self.window.logout_requested.emit()

    def reset(self) -> None:
        """Logged out: no lock screen, no countdown."""
        self.watcher.stop()
        self._restore()
