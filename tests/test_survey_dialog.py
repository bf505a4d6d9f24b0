"""The satisfaction dialog: a click, the keyboard or a skip records exactly once, through the real service."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from hcc_desktop.services.visits import VisitInput
from hcc_desktop.storage.case_models import Survey
from hcc_desktop.ui.survey_dialog import SurveyDialog
from hcc_desktop.ui.tasks import wait_for_tasks


class CountingVisits:
    """The real VisitService, counting the calls to record_survey."""

    def __init__(self, visits):
        self._visits = visits
        self.calls = []

    def record_survey(self, *args):
        self.calls.append(args[2:])
        return self._visits.record_survey(*args)


@pytest.fixture
def visit(services, clerk):
    started = services.visits.start(clerk)
    services.visits.complete(clerk, started.id, VisitInput(outcome="guided_only"))
    return started.id


@pytest.fixture
def counting(services):
    return CountingVisits(services.visits)


@pytest.fixture
def dialog(qtbot, counting, clerk, visit):
    dlg = SurveyDialog(counting, clerk, visit)
    qtbot.addWidget(dlg)
    dlg.thanks_timer.setInterval(50)
    dlg.show()
    qtbot.waitExposed(dlg)
    yield dlg
    wait_for_tasks()


def _surveys(services):
    with services.db.read_core() as conn:
        return [(r.level, r.trips, r.comment, r.skipped) for r in conn.execute(select(Survey.__table__))]


def test_click_level_trips_and_send_records_once_then_thanks_and_closes(dialog, qtbot, counting, services):
    assert [b.level for b in dialog.level_buttons.values()] == [5, 4, 3, 2, 1]
    assert dialog.level_buttons[1].text() == "Rất không hài lòng"
    assert dialog.font().pointSize() >= 20
    assert not dialog.send_button.isEnabled()
    qtbot.mouseClick(dialog.level_buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.trip_buttons[2], Qt.MouseButton.LeftButton)
    dialog.comment.setText("Cán bộ hướng dẫn tận tình")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        dialog.send()  # a double click while the first is saving
    assert saved.args == [4]
    assert dialog.pages.currentWidget() is dialog.thanks and dialog.thanks.text() == "Cảm ơn ông/bà!"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert counting.calls == [(4, 2, "Cán bộ hướng dẫn tận tình")]
    assert _surveys(services) == [(4, 2, "Cán bộ hướng dẫn tận tình", False)]


def test_digits_pick_a_level_and_enter_sends(dialog, qtbot, counting, services):
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # nothing chosen yet: a hint, nothing recorded
    assert "chọn một mức" in dialog.error.text() and counting.calls == []
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    assert dialog.levels.checkedId() == 2
    qtbot.keyClick(dialog, Qt.Key.Key_5)
    assert dialog.levels.checkedId() == 5 and dialog.send_button.isEnabled()
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert _surveys(services) == [(5, None, "", False)]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # during the thanks: just closes, records nothing more
    assert not dialog.isVisible() and len(counting.calls) == 1


def test_digits_typed_in_the_comment_stay_in_the_comment(dialog, qtbot):
    dialog.comment.setFocus()
    qtbot.keyClicks(dialog.comment, "3")
    assert dialog.comment.text() == "3" and dialog.levels.checkedId() == -1


def test_escape_records_a_skip_and_closes(dialog, qtbot, counting, services):
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert saved.args == [None]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert counting.calls == [(None, None, "")]
    assert _surveys(services) == [(None, None, "", True)]


def test_an_already_surveyed_visit_shows_the_error_inline(dialog, qtbot, services, clerk, visit, counting):
    services.visits.record_survey(clerk, visit, 5, 0)
    qtbot.mouseClick(dialog.level_buttons[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert dialog.error.text() == "Lượt hỗ trợ này đã được đánh giá."
    assert dialog.error.font().pointSize() >= 20
    assert dialog.isVisible() and dialog.pages.currentWidget() is not dialog.thanks
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)  # the error was seen: close, no retry
    assert not dialog.isVisible()
    assert len(counting.calls) == 1 and _surveys(services) == [(5, 0, "", False)]


def test_full_screen_toggle(dialog, qtbot):
    qtbot.mouseClick(dialog.full_screen, Qt.MouseButton.LeftButton)
    assert dialog.isFullScreen()
    qtbot.keyClick(dialog, Qt.Key.Key_F11)
    assert not dialog.isFullScreen() and not dialog.full_screen.isChecked()


def test_every_face_paints(dialog):
    for button in dialog.level_buttons.values():
        button.setChecked(True)
        assert not button.grab().isNull()
