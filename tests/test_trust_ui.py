"""Trust at the counter: the idle lock screen, quick change of user, lock-out in the log-in dialog,
unlocking from the accounts dialog, and the audit viewer."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hcc_desktop.paths import Paths
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import wait_for_tasks
from tests.conftest import PASSWORD


@pytest.fixture
def window(qapp, qtbot, data_dir, clock):
    from hcc_desktop.app import open_services
    from hcc_desktop.services.auth import Role

    create_application()
    with open_services(data_dir, clock=clock) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, PASSWORD)
    win = MainWindow(Paths.resolve(data_dir))
    qtbot.addWidget(win)
    yield win
    wait_for_tasks()
    if win.services is not None:
        win.services.close()


def _start(window, qtbot, clock, user="phutrach"):
    startup = Startup(window, clock=clock, login=lambda s: s.auth.authenticate(user, PASSWORD))
    window.show()
    with qtbot.waitSignal(window.ready, timeout=15_000):
        startup.start()
    return startup


def _modal(qtbot, cls):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), cls), timeout=10_000)
    return QApplication.activeModalWidget()


def test_idle_time_covers_the_work_and_the_same_password_uncovers_it(window, qtbot, clock):
    _start(window, qtbot, clock, "congchuc")
    lock = window.screen_lock
    assert lock.watcher.timer.interval() == 10 * 60_000  # the default setting
    lock.watcher.set_interval_ms(150)
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    assert not window.counter_panel.isVisible() and "Đặng Văn Lâm" in lock.screen.who.text()
    assert not window.dossiers_action.isEnabled() and not window.menuBar().isEnabled()  # nothing works behind it
    lock.screen.password.setText("sai-mat-khau")
    lock.screen.unlock_button.click()
    qtbot.waitUntil(lambda: lock.screen.error.isVisible(), timeout=10_000)
    assert "Sai tên đăng nhập hoặc mật khẩu" in lock.screen.error.text() and lock.locked
    lock.screen.password.setText(PASSWORD)
    lock.screen.unlock_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.work, timeout=10_000)
    assert window.dossiers_action.isEnabled() and window.actor.username == "congchuc"


def test_input_keeps_the_screen_unlocked(window, qtbot, clock):
    _start(window, qtbot, clock)
    lock = window.screen_lock
    lock.watcher.set_interval_ms(400)
    for _ in range(6):
        qtbot.wait(150)
        qtbot.keyClick(window.counter_panel, Qt.Key.Key_Shift)  # someone is working
        assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)


def test_zero_minutes_turns_the_idle_lock_off(window, qtbot, clock):
    services = _start(window, qtbot, clock).window.services
    boss = window.actor
    services.settings.update(boss, {"idle_lock_minutes": 0})
    window.refresh()
    qtbot.waitUntil(lambda: not window.screen_lock.watcher.timer.isActive(), timeout=10_000)


def test_quick_user_switch_asks_who_is_working(window, qtbot, clock):
    from hcc_desktop.ui.login import LoginDialog

    _start(window, qtbot, clock)
    window.switch_action.trigger()  # Ctrl+Shift+U
    assert window.switch_action.shortcut().toString() == "Ctrl+Shift+U"
    assert window.screen_lock.locked
    window.screen_lock.screen.switch_button.click()
    login = _modal(qtbot, LoginDialog)
    assert window.actor is None
    login.username.setText("congchuc")
    login.password.setText(PASSWORD)
    login._submit()
    qtbot.waitUntil(lambda: window.actor is not None and window.stack.currentWidget() is window.work, timeout=10_000)
    assert window.actor.username == "congchuc" and not window.settings_action.isVisible()


def test_log_in_dialog_says_until_when_an_account_is_locked(window, qtbot, clock):
    from hcc_desktop.ui.login import LoginDialog

    startup = Startup(window, clock=clock)
    window.show()
    startup.start()
    login = _modal(qtbot, LoginDialog)
    for _ in range(5):
        login.username.setText("congchuc")
        login.password.setText("sai-mat-khau")
        login._submit()
        qtbot.waitUntil(lambda: login.buttons.isEnabled() and login.error.isVisible(), timeout=10_000)
    assert "tạm khóa đến 08:15 25/11/2026" in login.error.text()
    login.password.setText(PASSWORD)
    login._submit()
    qtbot.waitUntil(lambda: login.buttons.isEnabled(), timeout=10_000)
    assert "tạm khóa" in login.error.text() and window.actor is None


def test_supervisor_unlocks_from_the_accounts_dialog(window, qtbot, clock):
    from hcc_desktop.errors import AuthenticationFailed
    from hcc_desktop.ui.accounts import AccountsDialog

    _start(window, qtbot, clock)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            window.services.auth.authenticate("congchuc", "sai-mat-khau")
    window.accounts_action.trigger()
    accounts = _modal(qtbot, AccountsDialog)
    qtbot.waitUntil(lambda: accounts.table.rowCount() == 2, timeout=10_000)
    row = next(r for r in range(2) if accounts.table.item(r, 1).text() == "congchuc")
    assert accounts.table.item(row, 3).text() == "tạm khóa đến 08:15 25/11/2026"
    accounts.table.selectRow(row)
    accounts.unlock_button.click()
    qtbot.waitUntil(lambda: accounts.table.item(row, 3).text() == "đang dùng", timeout=10_000)
    assert window.services.auth.authenticate("congchuc", PASSWORD).username == "congchuc"


def test_audit_viewer_filters_and_checks_the_chain(window, qtbot, clock):
    from hcc_desktop.ui.audit_viewer import AuditViewer

    _start(window, qtbot, clock)
    assert window.audit_action.isVisible()
    window.audit_action.trigger()
    viewer = _modal(qtbot, AuditViewer)
    qtbot.waitUntil(lambda: viewer.table.rowCount() > 0, timeout=10_000)
    actions = {viewer.table.item(r, 2).text() for r in range(viewer.table.rowCount())}
    assert {"đăng nhập", "quản lý tài khoản"} <= actions
    assert viewer.table.item(0, 0).text().startswith("25/11/2026 08:00")  # local time
    viewer.action.setCurrentIndex(viewer.action.findData("account"))
    viewer.show_button.click()
    qtbot.waitUntil(lambda: viewer.table.rowCount() == 2, timeout=10_000)
    details = {viewer.table.item(r, 4).text() for r in range(2)}
    assert "tạo tài khoản: congchuc; vai trò: công chức tiếp nhận" in details
    viewer.verify_button.click()
    qtbot.waitUntil(lambda: viewer.verdict.text().startswith("Toàn vẹn"), timeout=10_000)


def test_clerks_have_no_audit_viewer(window, qtbot, clock):
    _start(window, qtbot, clock, "congchuc")
    assert not window.audit_action.isVisible()
