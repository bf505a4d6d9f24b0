"""Backups on screen: the status-bar line, the backup dialog, the damaged-database offer at start."""

import pytest
from PySide6.QtWidgets import QApplication

from hcc_desktop.app import open_services
from hcc_desktop.paths import Paths
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.backups import BackupDialog, DamagedDialog
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import wait_for_tasks
from tests.conftest import PASSWORD
from tests.test_backups import corrupt_middle


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


def _login(services):
    return services.auth.authenticate("phutrach", PASSWORD)


def test_start_takes_the_daily_backup_and_the_status_bar_shows_it(window, qtbot, clock, supervisor, services):
    services.close()
    Startup(window, clock=clock, login=_login).start()
    qtbot.waitUntil(lambda: not window.status.backup.isHidden(), timeout=15_000)
    assert window.status.backup.text() == "Sao lưu gần nhất: 08:00 25/11"
    assert window.status.backup.styleSheet() == ""  # fresh: no warning
    assert [p.name for p in window.paths.backup_dir.iterdir()] == ["hcc-20261125-080000-hang-ngay.sqlite3"]


def test_status_bar_warns_when_there_is_no_recent_backup(app, qtbot):
    from hcc_desktop.ui.status import StatusBar

    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.set_backup(None, True)
    assert bar.backup.text() == "Chưa có bản sao lưu" and "background" in bar.backup.styleSheet()


def test_backup_now_runs_with_progress_and_lists_it(app, qtbot, services, supervisor):
    dialog = BackupDialog(services.backups, supervisor, services.paths.backup_dir)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Chưa có" in dialog.message.text(), timeout=5_000)
    progress = []
    dialog.progress.valueChanged.connect(progress.append)
    dialog.backup_now.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert "Đã sao lưu" in dialog.message.text() and dialog.backup_now.isEnabled()
    assert dialog.table.item(0, 1).text() == "sao lưu ngay" and "kiểm tra" in dialog.table.item(0, 3).text()
    assert str(services.backups.folder) in dialog.folder.text()
    wait_for_tasks()


def test_damaged_database_at_start_offers_the_latest_backup_and_restores_it(window, qtbot, clock, data_dir,
                                                                           supervisor, services, monkeypatch):
    services.citizens.create(supervisor, CitizenInput(full_name="Nguyễn Thị Lành", consent=True))
    for i in range(300):
        services.citizens.create(supervisor, CitizenInput(full_name=f"Trần Văn {i}", consent=True))
    backup = services.backups.create(supervisor).backup
    services.close()
    corrupt_middle(data_dir / "hcc.sqlite3")
    startup = Startup(window, clock=clock, login=_login)
    window.show()
    startup.start()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), DamagedDialog), timeout=15_000)
    dialog = QApplication.activeModalWidget()
    assert "bị hỏng" in dialog.text.text() and "08:00 25/11/2026" in dialog.text.text()
    assert dialog.latest.path == backup.path and "Traceback" not in dialog.text.text()
    dialog.restore.click()  # nobody named: nothing starts
    assert "tên đăng nhập" in dialog.error.text() and dialog.restore.isEnabled()
    dialog.username.setText("phutrach")
    monkeypatch.setattr("hcc_desktop.ui.backups.PAUSE_AFTER_REFUSALS_MS", 300)
    for attempt in range(1, 6):
        dialog.password.setText("sai-mat-khau")
        dialog.restore.click()
        qtbot.waitUntil(lambda: dialog.quit.isEnabled() and "có gì bị thay đổi" in dialog.error.text(),
                        timeout=20_000)
        assert dialog.isVisible() and dialog.restore.isEnabled() == (attempt < 5)
    assert "chờ một phút" in dialog.error.text()  # five wrong in a row: a pause before the next try
    assert not (data_dir / "backups" / "hu-hong").exists()  # the damaged file was not even set aside
    qtbot.waitUntil(dialog.restore.isEnabled, timeout=5_000)
    dialog.password.setText(PASSWORD)
    dialog.restore.click()
    qtbot.waitUntil(lambda: "đã mở" in window.status.database.text(), timeout=20_000)
    qtbot.waitUntil(lambda: window.actor is not None, timeout=10_000)
    assert list((data_dir / "backups" / "hu-hong").glob("*-hong.sqlite3"))
    hits = window.services.citizens.search(window.actor, "Lành")
    assert [h.full_name for h in hits] == ["Nguyễn Thị Lành"]
    [line] = window.services.audit.lines(window.actor, action=AuditAction.RESTORE)
    assert line.username == "phutrach"
    wait_for_tasks()
    assert startup.exit_code == 0
