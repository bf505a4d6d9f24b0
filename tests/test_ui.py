"""Widget wiring: start-up, log-in, role-dependent menus, dialogs, tasks and the error presenter."""

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from hcc_desktop.errors import ValidationError
from hcc_desktop.paths import Paths
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.errors import present_error
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import run_task, wait_for_tasks
from tests.conftest import PASSWORD


@pytest.fixture
def app(qapp):
    return create_application()


@pytest.fixture
def window(app, qtbot, data_dir):
    win = MainWindow(Paths.resolve(data_dir))
    qtbot.addWidget(win)
    yield win
    wait_for_tasks()
    if win.services is not None:
        win.services.close()


def _start(window, qtbot, clock, login=None):
    startup = Startup(window, clock=clock, login=login)
    window.show()
    startup.start()
    return startup


def _modal(qtbot, cls):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), cls), timeout=10_000)
    return QApplication.activeModalWidget()


def _ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_window_is_shown_before_data_is_opened_then_becomes_ready(window, qtbot, clock, data_dir):
    from hcc_desktop.app import open_services

    with open_services(data_dir, clock=clock) as services:
        services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
    assert window.loading.text() == "Đang mở dữ liệu…"
    with qtbot.waitSignal(window.ready, timeout=10_000):
        _start(window, qtbot, clock, login=lambda s: s.auth.authenticate("phutrach", PASSWORD))
    assert window.stack.currentWidget() is window.work
    assert "Nguyễn Thị Hường" in window.header.text() and "Thứ Tư, 25/11/2026" in window.header.text()
    assert window.counter_panel.isVisibleTo(window)
    assert "Dữ liệu:" in window.status.folder.text() and "WAL" in window.status.database.text()
    assert window.status.clock.text() == "08:00 · 25/11/2026"
    assert not window.status.demo.isVisibleTo(window)


def test_first_run_creates_the_supervisor_and_names_the_center(window, qtbot, clock):
    _start(window, qtbot, clock)
    from hcc_desktop.ui.login import FirstRunDialog

    dialog = _modal(qtbot, FirstRunDialog)
    dialog.center.setText("Trung tâm Phục vụ hành chính công xã Lạc Phương")
    dialog.full_name.setText("Phạm Văn Đông")
    dialog.username.setText("dong")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText("khac-han")
    _ok(dialog)
    assert "không khớp" in dialog.error.text() and dialog.isVisible()
    dialog.repeat.setText(PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        _ok(dialog)
    assert window.header.text().startswith("Trung tâm Phục vụ hành chính công xã Lạc Phương")
    assert window.settings_action.isVisible() and window.accounts_action.isVisible()


def test_wrong_password_shows_a_message_in_the_dialog(window, qtbot, clock, data_dir):
    from hcc_desktop.app import open_services
    from hcc_desktop.ui.login import LoginDialog

    with open_services(data_dir, clock=clock) as services:
        supervisor = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.auth.create_user(supervisor, "congchuc", "Đặng Văn Lâm", "clerk", PASSWORD)
    _start(window, qtbot, clock)
    dialog = _modal(qtbot, LoginDialog)
    dialog.username.setText("congchuc")
    dialog.password.setText("sai-mat-khau")
    _ok(dialog)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "Sai tên đăng nhập hoặc mật khẩu" in dialog.error.text() and dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        _ok(dialog)
    # a clerk sees no supervisor menus
    assert not window.settings_action.isVisible() and not window.accounts_action.isVisible()
    assert window.logout_action.isVisible()


def test_settings_dialog_keeps_bad_input_and_points_at_it(window, qtbot, clock, data_dir):
    from hcc_desktop.app import open_services
    from hcc_desktop.ui.settings_dialog import SettingsDialog

    with open_services(data_dir, clock=clock) as services:
        services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        _start(window, qtbot, clock, login=lambda s: s.auth.authenticate("phutrach", PASSWORD))
    window.settings_action.trigger()
    dialog = _modal(qtbot, SettingsDialog)
    dialog.fields["center_name"].setText("   ")
    dialog.fields["counters"].setPlainText("Quầy 1\nQuầy 2")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "Tên Trung tâm không được để trống" in dialog.error.text() and dialog.isVisible()
    assert window.services.settings.view().counters == ["Quầy 1"]  # nothing half-written
    dialog.fields["center_name"].setText("Trung tâm xã Tuệ Tĩnh")
    with qtbot.waitSignal(window.ready, timeout=10_000):
        dialog.save()
    panel = window.counter_panel.counter
    assert [panel.itemText(i) for i in range(panel.count())] == ["Quầy 1", "Quầy 2"]
    assert window.header.text().startswith("Trung tâm xã Tuệ Tĩnh")


def test_supervisor_adds_an_account_from_the_accounts_dialog(window, qtbot, clock, data_dir):
    from hcc_desktop.app import open_services
    from hcc_desktop.ui.accounts import AccountsDialog, AddAccountDialog

    with open_services(data_dir, clock=clock) as services:
        services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        _start(window, qtbot, clock, login=lambda s: s.auth.authenticate("phutrach", PASSWORD))
    window.accounts_action.trigger()
    accounts = _modal(qtbot, AccountsDialog)
    qtbot.waitUntil(lambda: accounts.table.rowCount() == 1, timeout=10_000)
    accounts.add_button.click()
    add = _modal(qtbot, AddAccountDialog)
    add.full_name.setText("Lê Thu Hà")
    add.username.setText("tnv1")
    add.role.setCurrentIndex(add.role.findData("volunteer"))
    add.password.setText(PASSWORD)
    add.repeat.setText(PASSWORD)
    _ok(add)
    qtbot.waitUntil(lambda: accounts.table.rowCount() == 2, timeout=10_000)
    cells = {accounts.table.item(r, 1).text(): accounts.table.item(r, 2).text() for r in range(2)}
    assert cells["tnv1"] == "tình nguyện viên"


def test_logout_asks_for_log_in_again(window, qtbot, clock, data_dir):
    from hcc_desktop.app import open_services
    from hcc_desktop.ui.login import LoginDialog

    with open_services(data_dir, clock=clock) as services:
        services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        _start(window, qtbot, clock, login=lambda s: s.auth.authenticate("phutrach", PASSWORD))
    window.logout_action.trigger()
    assert window.actor is None and window.stack.currentWidget() is window.loading
    assert _modal(qtbot, LoginDialog)


def test_damaged_database_shows_a_clear_message_and_exits_2(window, qtbot, clock, data_dir, app):
    data_dir.mkdir(parents=True)
    (data_dir / "hcc.sqlite3").write_bytes(b"\x13" * 8192)
    startup = _start(window, qtbot, clock)
    box = _modal(qtbot, QMessageBox)
    assert "bị hỏng" in box.text() and "Traceback" not in box.text()
    assert startup.exit_code == 2
    assert "không dùng được" in window.status.database.text()


def test_run_task_delivers_results_and_failures_on_the_ui_thread(app, qtbot):
    results = []
    run_task(None, lambda a, b: a + b, 2, 3).on_success(results.append)
    qtbot.waitUntil(lambda: results == [5], timeout=5_000)

    def fails():
        raise ValidationError("Sai dữ liệu")

    run_task(None, fails).on_failure(results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5_000)
    assert isinstance(results[1], ValidationError)


def test_task_progress_and_cancel(app, qtbot):
    seen, finished = [], []

    def work(context):
        for i in range(1000):
            if context.cancelled:
                return "dừng"
            context.report(i, 1000)
            if i == 3:
                context.cancel()  # what the Cancel button does
        return "xong"

    handle = run_task(None, work, with_context=True).on_progress(lambda d, t: seen.append(d))
    handle.on_success(finished.append)
    qtbot.waitUntil(lambda: bool(finished), timeout=5_000)
    assert finished == ["dừng"] and seen[:4] == [0, 1, 2, 3]


def test_unexpected_errors_show_a_plain_sentence_not_a_traceback(app, qtbot, caplog):
    box = present_error(None, KeyError("secret internals"))
    assert "lỗi ngoài dự kiến" in box.text() and "secret" not in box.text()
    assert "unexpected error" in caplog.text
    box.close()
    box2 = present_error(None, ValidationError("Số CCCD phải có 12 chữ số."))
    assert box2.text() == "Số CCCD phải có 12 chữ số."
    box2.close()


def test_about_lists_versions(window, qtbot):
    from hcc_desktop.ui.about import AboutDialog

    window.show()
    window.about_action.trigger()
    dialog = _modal(qtbot, AboutDialog)
    text = dialog.findChild(type(window.loading), "aboutText").text()
    for name in ("HCC Desktop", "PySide6", "SQLite", "SQLAlchemy", "reportlab", "openpyxl", "holidays"):
        assert name in text
    assert isinstance(dialog, QDialog)
