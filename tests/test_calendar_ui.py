"""The working-calendar dialog: overrides added and removed through the service; managers only in the menu."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from hcc_desktop.paths import Paths
from hcc_desktop.services.calendar import Override
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.calendar_dialog import CalendarDialog
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import wait_for_tasks
from tests.conftest import PASSWORD


@pytest.fixture
def dialog(qtbot, services, supervisor):
    dlg = CalendarDialog(services.calendar, supervisor, date(2026, 11, 25))
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.loaded, timeout=10_000):
        dlg.show()
    yield dlg
    wait_for_tasks()


def _month_lines(dlg) -> list[str]:
    return [dlg.month_list.item(i).text() for i in range(dlg.month_list.count())]


def test_the_month_lists_holidays_in_words(dialog):
    assert dialog.month.monthShown() == 11
    assert _month_lines(dialog) == ["Thứ Ba, 24/11/2026 — Nghỉ lễ: Ngày Văn hóa Việt Nam"]
    assert "20 ngày làm việc, 10 ngày nghỉ" in dialog.month_title.text()
    assert dialog.month.dateTextFormat(QDate(2026, 11, 24)).background().color().name() == "#f6c9c9"


def test_adding_an_override_stores_it_and_shows_it(dialog, qtbot, services, supervisor):
    dialog.day_edit.setDate(QDate(2026, 11, 27))
    dialog.kind.setCurrentIndex(dialog.kind.findData("off"))
    dialog.reason.setText("Lễ hội truyền thống của xã")  # QTest types Latin-1 only
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.calendar.overrides(supervisor) == [
        Override(date(2026, 11, 27), "off", "Lễ hội truyền thống của xã")]
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Ngày nghỉ thêm"
    assert "Thứ Sáu, 27/11/2026 — Nghỉ theo lịch riêng của xã: Lễ hội truyền thống của xã" in _month_lines(dialog)
    assert dialog.reason.text() == ""
    assert dialog.month.dateTextFormat(QDate(2026, 11, 27)).fontUnderline()


def test_an_override_in_another_month_turns_the_page(dialog, qtbot, services, supervisor):
    dialog.day_edit.setDate(QDate(2027, 1, 2))
    dialog.kind.setCurrentIndex(dialog.kind.findData("work"))
    dialog.reason.setText("Làm bù")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter saves
    assert (dialog.month.yearShown(), dialog.month.monthShown()) == (2027, 1)
    assert "Thứ Bảy, 02/01/2027 — Làm việc theo lịch riêng của xã: Làm bù" in _month_lines(dialog)
    assert services.calendar.overrides(supervisor, 2027) == [Override(date(2027, 1, 2), "work", "Làm bù")]


def test_a_missing_reason_is_shown_inline_and_nothing_is_stored(dialog, qtbot, services, supervisor):
    dialog.day_edit.setDate(QDate(2026, 12, 1))
    dialog.save()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert dialog.error.text() == "Hãy ghi lý do điều chỉnh (ví dụ: số văn bản của UBND xã)."
    assert dialog.save_button.isEnabled()
    assert services.calendar.overrides(supervisor) == []


def test_removing_the_selected_override(qtbot, services, supervisor):
    services.calendar.set_override(supervisor, date(2026, 11, 26), "off", "Họp")
    dlg = CalendarDialog(services.calendar, supervisor, date(2026, 11, 25))
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.loaded, timeout=10_000):
        dlg.show()
    dlg.table.selectRow(0)
    with qtbot.waitSignal(dlg.loaded, timeout=10_000):
        qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    assert services.calendar.overrides(supervisor) == []
    assert dlg.table.rowCount() == 0
    wait_for_tasks()


def _window(qtbot, data_dir, clock, user):
    create_application()
    win = MainWindow(Paths.resolve(data_dir))
    qtbot.addWidget(win)
    win.announcer = _SilentAnnouncer()  # no speech engine in tests
    startup = Startup(win, clock=clock, login=lambda s: s.auth.authenticate(user, PASSWORD))
    win.show()
    with qtbot.waitSignal(win.ready, timeout=10_000):
        startup.start()
    return win


class _SilentAnnouncer:
    def voice_status(self):
        return False, ""


@pytest.mark.parametrize("user, visible", [("congchuc", False), ("phutrach", True)])
def test_only_managers_see_the_calendar_menu_item(qapp, qtbot, data_dir, clock, user, visible):
    from hcc_desktop.app import open_services

    with open_services(data_dir, clock=clock) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", "clerk", PASSWORD)
    win = _window(qtbot, data_dir, clock, user)
    try:
        assert win.calendar_action.isVisible() is visible
        assert win.calendar_action.text() == "Lịch làm việc…"
        if visible:
            win.calendar_action.trigger()
            opened = win.findChild(CalendarDialog)
            qtbot.waitUntil(lambda: opened.month_list.count() == 1, timeout=10_000)
            assert opened.month.monthShown() == 11  # today, from the program's clock
            opened.reject()
    finally:
        wait_for_tasks()
        win.services.close()
