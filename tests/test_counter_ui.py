"""Counter panel wiring: shortcuts call the right service action; issuing takes three keystrokes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from hcc_desktop.app import open_services
from hcc_desktop.paths import Paths
from hcc_desktop.services.queue import IssueRequest, Status
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import wait_for_tasks
from tests.conftest import PASSWORD


class FakeAnnouncer:
    def __init__(self):
        self.calls = []

    def set_options(self, chime, voice):
        pass

    def announce(self, code, counter):
        self.calls.append((code, counter))

    def voice_status(self):
        return False, "Máy này chưa có giọng đọc tiếng Việt; chỉ phát chuông."


@pytest.fixture
def prepared(data_dir, clock):
    with open_services(data_dir, clock=clock) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", "clerk", PASSWORD)
        services.auth.create_user(boss, "tnv", "Lê Thu Hà", "volunteer", PASSWORD)
    return data_dir


def _window(qapp, qtbot, data_dir, clock, user):
    create_application()
    win = MainWindow(Paths.resolve(data_dir))
    qtbot.addWidget(win)
    win.announcer = FakeAnnouncer()
    startup = Startup(win, clock=clock, login=lambda s: s.auth.authenticate(user, PASSWORD))
    win.show()
    with qtbot.waitSignal(win.ready, timeout=10_000):
        startup.start()
    return win


@pytest.fixture
def clerk_window(qapp, qtbot, prepared, clock):
    win = _window(qapp, qtbot, prepared, clock, "congchuc")
    yield win
    wait_for_tasks()
    win.services.close()


def _refreshed(qtbot, win, action):
    with qtbot.waitSignal(win.counter_panel.refreshed, timeout=10_000):
        action()


def _issue(win, reason="none", **kw):
    actor = win.services.auth.authenticate("congchuc", PASSWORD)
    return win.services.queue.issue(actor, IssueRequest(reason_code=reason, **kw)).ticket


def test_f5_calls_next_by_priority_and_announces(clerk_window, qtbot):
    win = clerk_window
    _issue(win)
    elderly = _issue(win, "elderly", citizen_name="Hoàng Thị Lan")
    _refreshed(qtbot, win, win.counter_panel.refresh)
    assert win.counter_panel.waiting.count() == 2
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F5))
    assert win.counter_panel.card.code.text() == elderly.code == "U001"
    assert "Hoàng Thị Lan" in win.counter_panel.card.person.text()
    assert win.announcer.calls == [("U001", "Quầy 1")]
    assert win.counter_panel.waiting.count() == 1


def test_actions_by_keyboard(clerk_window, qtbot, monkeypatch):
    win = clerk_window
    first = _issue(win)
    _issue(win)
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F5))
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F6))          # recall
    assert win.services.queue.ticket(win.actor, first.id).recall_count == 1
    assert len(win.announcer.calls) == 2
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier))
    assert win.services.queue.ticket(win.actor, first.id).status is Status.SERVING
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F9))          # finish
    assert win.services.queue.ticket(win.actor, first.id).status is Status.DONE
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F5))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (15, True))
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F7))          # postpone 15 min
    assert win.counter_panel.absent.count() == 1 and win.counter_panel.card.ticket is None


def test_f8_marks_absent_and_ctrl_r_reactivates(clerk_window, qtbot):
    win = clerk_window
    t = _issue(win)
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F5))
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F8))
    assert win.services.queue.ticket(win.actor, t.id).status is Status.NO_SHOW
    win.counter_panel.absent.setCurrentRow(0)
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier))
    assert win.services.queue.ticket(win.actor, t.id).status is Status.WAITING


def test_calling_from_an_empty_queue_says_so(clerk_window, qtbot):
    win = clerk_window
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F5))
    assert "Không còn ai đang chờ" in win.counter_panel.error.text()


def test_needs_show_go_to_the_person(clerk_window, qtbot):
    win = clerk_window
    _issue(win, "disabled", needs=("hearing",))
    _refreshed(qtbot, win, lambda: qtbot.keyClick(win, Qt.Key.Key_F5))
    assert "ra tận nơi mời" in win.counter_panel.card.alert.text()
    assert win.counter_panel.card.alert.isVisibleTo(win)


def _modal(qtbot, name):
    qtbot.waitUntil(lambda: type(QApplication.activeModalWidget()).__name__ == name, timeout=10_000)
    return QApplication.activeModalWidget()


def test_issuing_takes_three_keystrokes_and_enter_twice_gives_one_ticket(clerk_window, qtbot):
    win = clerk_window
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)      # 1
    dialog = _modal(qtbot, "IssueDialog")
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_2)                                 # 2: người cao tuổi
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return)                            # 3
    dialog.submit()  # a second Enter / double click while the first is saving
    result = _modal(qtbot, "TicketResultDialog")
    assert result.code.text() == "U001"
    assert "Chưa cài máy in phiếu" in result.state.text()
    snapshot = win.services.queue.snapshot(win.actor)
    assert [t.code for t in snapshot.waiting] == ["U001"]
    result.accept()


def test_bad_birth_year_is_shown_in_the_dialog(clerk_window, qtbot):
    win = clerk_window
    win.counter_panel.actions["issue"].trigger()
    dialog = _modal(qtbot, "IssueDialog")
    dialog.birth_year.setText("1700")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "Năm sinh phải từ" in dialog.error.text()
    assert win.services.queue.snapshot(win.actor).waiting == []
    dialog.reject()


def test_volunteer_issues_but_cannot_call(qapp, qtbot, prepared, clock):
    win = _window(qapp, qtbot, prepared, clock, "tnv")
    try:
        assert not win.counter_panel.actions["call_next"].isEnabled()
        assert not win.counter_panel.buttons["call_next"].isVisibleTo(win)
        assert win.counter_panel.actions["issue"].isEnabled()
        assert not win.reasons_action.isVisible()
    finally:
        wait_for_tasks()
        win.services.close()
