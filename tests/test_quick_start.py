"""The first screen without SQLAlchemy: the same answers as the services, or no quick start at all."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from hcc_desktop.early import EarlyServices
from hcc_desktop.errors import AuthenticationFailed
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.queue import IssueRequest
from hcc_desktop.storage.migrations import HEAD
from hcc_desktop.storage.quick import QuickReader
from tests.conftest import PASSWORD


@pytest.fixture
def busy_queue(services, supervisor, clerk, clock):
    """Every state the snapshot shows: waiting in three tiers, postponed, absent, called, serving, done."""
    queue = services.queue
    issued = [queue.issue(clerk, IssueRequest(reason_code=code, citizen_name=name, needs=needs)).ticket
              for code, name, needs in (("none", "Lò Văn Páo", ()), ("elderly", "Hà Thị Én", ("hearing",)),
                                        ("disabled", "Đinh Văn Sáu", ("mobility",)), ("none", "", ()),
                                        ("pregnant", "Vi Thị Nga", ()), ("none", "Mùa A Dính", ()),
                                        ("none", "Lý Thị Mai", ()))]
    clock.advance(minutes=3)
    served = queue.call_next(clerk, "Quầy 1")
    queue.start(clerk, served.id)
    queue.finish(clerk, served.id)
    absent = queue.call_next(clerk, "Quầy 1")
    queue.no_show(clerk, absent.id)
    later = queue.call_next(clerk, "Quầy 1")
    queue.postpone(clerk, later.id, 10)
    serving = queue.call_next(clerk, "Quầy 1")
    queue.start(clerk, serving.id)
    clock.advance(minutes=2)
    return issued


def _reader(services) -> QuickReader:
    reader = QuickReader.open(services.paths.database, HEAD)
    assert reader is not None
    return reader


def test_the_quick_snapshot_equals_the_services_one(services, supervisor, clerk, clock, busy_queue):
    reader = _reader(services)
    try:
        for actor in (clerk, None, supervisor):
            full = services.queue.snapshot(actor)
            quick = reader.snapshot(actor, full.day, clock.now(), services.queue.policy())
            assert quick == full
        assert full.waiting and full.postponed and full.active and full.recent_calls  # every part was compared
        shown = full.waiting + full.postponed + full.active
        assert any(t.needs for t in shown) and any(t.status.value == "no_show" for t in full.postponed)
        assert any(t.postponed_until for t in full.postponed) and any(t.citizen_name for t in full.waiting)
        assert reader.settings().counters == services.settings.view().counters
        assert reader.is_demo() is services.db.is_demo() and reader.journal_mode() == "wal"
    finally:
        reader.close()


def test_quick_log_in_matches_the_services_and_refuses_the_same(services, clerk, clock):
    reader = _reader(services)
    try:
        now = clock.now()
        assert reader.authenticate("  CongChuc ", PASSWORD, now) == services.auth.authenticate("congchuc", PASSWORD)
        for user, password in (("congchuc", "sai-mat-khau"), ("khong-co", PASSWORD)):
            with pytest.raises(AuthenticationFailed, match="Sai tên đăng nhập"):
                reader.authenticate(user, password, now)
    finally:
        reader.close()


def test_no_quick_start_when_the_full_start_up_must_run(services, supervisor, data_dir, tmp_path):
    assert QuickReader.open(tmp_path / "none.sqlite3", HEAD) is None  # no data folder yet
    assert QuickReader.open(services.paths.database, "0001") is None  # migrations to apply
    garbage = tmp_path / "random.sqlite3"
    garbage.write_bytes(bytes(range(256)) * 64)
    assert QuickReader.open(garbage, HEAD) is None  # damaged: the full start-up says so
    services.close()
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    con.execute("UPDATE user_account SET active = 0")
    con.commit()
    con.close()
    assert QuickReader.open(data_dir / "hcc.sqlite3", HEAD) is None  # no one can log in: the full path


def test_early_calls_wait_for_the_services_then_go_to_them(services, supervisor, clerk, clock):
    early = EarlyServices(services.paths, clock, _reader(services))
    assert early.auth.authenticate("congchuc", PASSWORD).username == "congchuc"
    answers = []
    worker = threading.Thread(target=lambda: answers.append(early.citizens.search(clerk, "lan")))
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and not answers  # a service the reader cannot answer: it waits
    assert early.resolve(services) == [clerk]  # who logged in early: their audit lines are written now
    worker.join(10)
    assert answers == [[]]
    assert early.queue.snapshot(clerk) == services.queue.snapshot(clerk)  # now the real one
    assert early.audit is services.audit
    boss = services.auth.authenticate("phutrach", PASSWORD)
    lines = [(line.username, line.detail) for line in services.audit.lines(boss, action=AuditAction.LOGIN)]
    assert ("congchuc", {"checked": "at start-up"}) in lines


def test_a_failed_load_reaches_the_waiting_calls(services, supervisor, clock):
    early = EarlyServices(services.paths, clock, _reader(services))
    early.fail(RuntimeError("hỏng"))
    with pytest.raises(RuntimeError, match="hỏng"):
        early.dossiers.overdue(None)


def test_the_window_logs_in_early_and_the_login_is_audited(qapp, qtbot, prepared, clock):  # noqa: F811
    from tests.test_counter_ui import _window

    win = _window(qapp, qtbot, prepared, clock, "congchuc")
    try:
        assert isinstance(win.services, EarlyServices)
        qtbot.waitUntil(lambda: win.services.loaded, timeout=20_000)
        boss = win.services.auth.authenticate("phutrach", PASSWORD)

        def audited():
            return [(line.username, line.detail) for line in win.services.audit.lines(boss, action=AuditAction.LOGIN)]

        qtbot.waitUntil(lambda: ("congchuc", {"checked": "at start-up"}) in audited(), timeout=10_000)
    finally:
        from hcc_desktop.ui.tasks import wait_for_tasks

        wait_for_tasks()
        win.services.close()


from tests.test_counter_ui import prepared  # noqa: E402,F401  (fixture)


FIRST_SCREEN = r'''
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from hcc_desktop.clock import SystemClock
from hcc_desktop.early import EarlyServices
from hcc_desktop.paths import Paths
from hcc_desktop.storage.migrations import HEAD
from hcc_desktop.storage.quick import QuickReader
from hcc_desktop.ui.application import create_application
from hcc_desktop.ui.main_window import MainWindow

app = create_application()
paths = Paths.resolve(sys.argv[1])
window = MainWindow(paths)
window.show()
early = EarlyServices(paths, SystemClock(), QuickReader.open(paths.database, HEAD))
window.attach(early, False)  # the services never load in this process


def ready():
    print("READY", "sqlalchemy" in sys.modules, window.counter_panel.snapshot is not None, flush=True)
    os._exit(0)  # workers wait for services that will never come


window.ready.connect(ready)
window.set_actor(early.auth.authenticate("congchuc", sys.argv[2]))
QTimer.singleShot(20_000, lambda: os._exit(1))
app.exec()
'''


def test_the_first_screen_needs_no_sqlalchemy(prepared, tmp_path):  # noqa: F811
    """Building the counter, logging in and showing the queue must not import SQLAlchemy (it loads
    on a worker meanwhile); a widget importing a database-backed service at construction breaks this."""
    import subprocess
    import sys

    script = tmp_path / "first_screen.py"
    script.write_text(FIRST_SCREEN)
    import os

    root = str(__import__("pathlib").Path(__file__).parents[1])  # this checkout, not another installed one
    out = subprocess.run([sys.executable, str(script), str(prepared), PASSWORD], capture_output=True, text=True,
                         timeout=60, cwd=root, env={**os.environ, "PYTHONPATH": root})
    assert "READY False True" in out.stdout, out.stdout + out.stderr


def test_quick_start_and_backups_in_a_folder_named_with_uri_characters(tmp_path, clock):
    """A Windows user folder may be called "Phòng #2 (100%)": the file is still found."""
    from hcc_desktop.app import open_services
    from hcc_desktop.services.auth import Role

    folder = tmp_path / "Phòng #2 (100%)"
    with open_services(folder, clock=clock) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Người Phụ Trách", PASSWORD)
        services.auth.create_user(boss, "congchuc", "Cán Bộ", Role.CLERK, PASSWORD)
        backup = services.backups.create(boss).backup
    reader = QuickReader.open(folder / "hcc.sqlite3", HEAD)
    assert reader is not None
    try:
        assert reader.authenticate("congchuc", PASSWORD, clock.now()).username == "congchuc"
    finally:
        reader.close()
    assert backup.path.parent.parent == folder and backup.size > 0
