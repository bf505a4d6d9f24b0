"""The visit steps at the counter: a started ticket opens a visit, typing is saved, a restart restores it,
completing receives the dossier, finishes the ticket and asks for the survey."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.queue import IssueRequest, Status
from tests.test_counter_ui import _window, prepared  # noqa: F401  (fixture)
from hcc_desktop.ui.tasks import wait_for_tasks


@pytest.fixture
def win(qapp, qtbot, prepared, clock):  # noqa: F811
    window = _window(qapp, qtbot, prepared, clock, "congchuc")
    yield window
    wait_for_tasks()
    window.services.close()


def _modal(qtbot, name):
    qtbot.waitUntil(lambda: type(QApplication.activeModalWidget()).__name__ == name, timeout=10_000)
    return QApplication.activeModalWidget()


def _start_ticket(win, qtbot):
    queue = win.services.queue
    ticket = queue.issue(win.actor, IssueRequest(reason_code="elderly")).ticket
    with qtbot.waitSignal(win.counter_panel.refreshed, timeout=10_000):
        qtbot.keyClick(win, Qt.Key.Key_F5)
    with qtbot.waitSignal(win.visit_panel.saved, timeout=10_000, raising=False):
        qtbot.keyClick(win, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: win.visit_panel.visit is not None, timeout=10_000)
    return ticket


def test_starting_service_opens_a_visit_and_typing_is_saved(win, qtbot):
    ticket = _start_ticket(win, qtbot)
    panel = win.visit_panel
    assert panel.visit.ticket_id == ticket.id and panel.tabs.isEnabled()
    with qtbot.waitSignal(panel.saved, timeout=10_000):
        panel.papers.need.setText("Làm giấy khai sinh cho cháu nội")
    drafts = win.services.visits.open_drafts(win.actor)
    assert drafts[0].draft["papers"]["need"] == "Làm giấy khai sinh cho cháu nội"


def test_a_draft_left_open_comes_back_after_restart(qapp, qtbot, prepared, clock):  # noqa: F811
    first = _window(qapp, qtbot, prepared, clock, "congchuc")
    _start_ticket(first, qtbot)
    with qtbot.waitSignal(first.visit_panel.saved, timeout=10_000):
        first.visit_panel.support.note.setPlainText("Đọc chậm từng câu hỏi cho bà")
    wait_for_tasks()
    first.services.close()
    first.close()
    second = _window(qapp, qtbot, prepared, clock, "congchuc")
    try:
        qtbot.waitUntil(lambda: second.visit_panel.visit is not None, timeout=10_000)
        assert second.visit_panel.support.note.toPlainText() == "Đọc chậm từng câu hỏi cho bà"
        assert "khôi phục" in second.visit_panel.state.text()
    finally:
        wait_for_tasks()
        second.services.close()


def test_completing_receives_the_dossier_finishes_the_ticket_and_asks_for_the_survey(win, qtbot):
    ticket = _start_ticket(win, qtbot)
    panel = win.visit_panel
    person = win.services.citizens.create(win.actor, CitizenInput(full_name="Hoàng Thị Lan", birth_year=1948,
                                                                  consent=True))
    panel.citizen.set_person(person)
    combo = panel.papers.procedure
    combo.setCurrentIndex(next(i for i in range(combo.count()) if "1.001193" in combo.itemText(i)))
    panel.support.boxes["wrote_form"].setChecked(True)
    next(b for b in panel.result.outcomes.buttons() if b.property("code") == "received").setChecked(True)
    panel.complete()
    survey = _modal(qtbot, "SurveyDialog")
    qtbot.waitUntil(lambda: win.services.queue.ticket(win.actor, ticket.id).status is Status.DONE, timeout=10_000)
    assert panel.visit is None and "Đã tiếp nhận hồ sơ" in panel.state.text()
    survey.reject()
    preview = _modal(qtbot, "PreviewDialog")  # then the appointment slip, to print
    assert "hẹn trả kết quả" in preview.windowTitle()
    preview.reject()
    wait_for_tasks()


def test_receiving_without_a_person_is_explained(win, qtbot):
    _start_ticket(win, qtbot)
    panel = win.visit_panel
    next(b for b in panel.result.outcomes.buttons() if b.property("code") == "received").setChecked(True)
    panel.complete()
    assert "người nộp" in panel.error.text() and panel.visit is not None


def test_walk_in_without_a_ticket(win, qtbot):
    win.visit_panel.walk_in.click()
    qtbot.waitUntil(lambda: win.visit_panel.visit is not None, timeout=10_000)
    assert win.visit_panel.visit.ticket_id is None


def test_a_procedure_without_a_time_limit_takes_the_date_typed(win, qtbot):
    from PySide6.QtCore import QDate

    _start_ticket(win, qtbot)
    panel = win.visit_panel
    person = win.services.citizens.create(win.actor, CitizenInput(full_name="Bùi Văn Tư", consent=True))
    panel.citizen.set_person(person)
    combo = panel.papers.procedure
    index = next(i for i in range(1, combo.count())
                 if panel.papers.procedures[combo.itemData(i)].processing_days is None
                 and not panel.papers.procedures[combo.itemData(i)].same_day)
    combo.setCurrentIndex(index)
    next(b for b in panel.result.outcomes.buttons() if b.property("code") == "received").setChecked(True)
    panel.result.due.setDate(QDate(2026, 12, 10))
    panel.complete()
    survey = _modal(qtbot, "SurveyDialog")
    survey.reject()
    _modal(qtbot, "PreviewDialog").reject()
    overdue_or_soon = win.services.dossiers.received_on(win.actor, *([win.services.clock.now().date()] * 2))
    assert overdue_or_soon[0].due_at.astimezone().date().isoformat() == "2026-12-10"


def test_serving_before_the_lists_arrive_keeps_what_was_typed(win, qtbot):
    """Quick start: the clerk may open a visit before the procedures have loaded; when the lists
    arrive, the steps are rebuilt with what was already typed."""
    panel = win.visit_panel
    procedures = win.services.catalog.procedures()
    panel.walk_in.click()
    qtbot.waitUntil(lambda: panel.visit is not None, timeout=10_000)
    panel.citizen.name.setText("Hoàng Thị Lan")
    panel.papers.need.setText("Xin trích lục khai sinh")
    person = win.services.citizens.create(win.actor, CitizenInput(full_name="Hoàng Thị Lan", consent=True))
    panel.citizen.set_person(person)
    panel.set_context(win.actor, ["Thôn 1"], procedures)  # the lists arriving late
    assert panel.citizen.name.text() == "Hoàng Thị Lan" and panel.citizen.person.id == person.id
    assert panel.papers.need.text() == "Xin trích lục khai sinh" and panel.tabs.isEnabled()
    assert panel.citizen.village.findText("Thôn 1") >= 0


def test_a_full_disk_is_said_under_the_steps_and_what_was_typed_is_saved_once_there_is_room(win, qtbot):
    from hcc_desktop.ui.visit.panel import AUTOSAVE_MS
    from tests.test_disk_full import limited

    _start_ticket(win, qtbot)
    panel = win.visit_panel
    services = win.services
    full = ("CREATE TEMP TRIGGER disk_full AFTER UPDATE ON main.visit "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    panel._retry.setInterval(200)
    with limited(services, full):
        panel.papers.need.setText("Xin cấp bản sao giấy khai sinh")
        qtbot.waitUntil(lambda: "Chưa lưu được" in panel.error.text(), timeout=10_000)
        assert "Ổ đĩa đã đầy" in panel.error.text() and panel.error.isVisible()
        assert QApplication.activeModalWidget() is None  # no box on every key press
        panel.support.boxes["wrote_form"].setChecked(True)
        next(b for b in panel.result.outcomes.buttons() if b.property("code") != "received").setChecked(True)
        qtbot.wait(AUTOSAVE_MS * 2)
        wait_for_tasks()
        panel.complete()  # completing fails the same way, in the same place
        qtbot.waitUntil(lambda: "Ổ đĩa đã đầy" in panel.error.text() and "Chưa lưu" not in panel.error.text(),
                        timeout=10_000)
        assert panel.visit is not None and panel.papers.need.text() == "Xin cấp bản sao giấy khai sinh"
        wait_for_tasks()
    with qtbot.waitSignal(panel.saved, timeout=10_000):  # room again: the draft is saved by itself
        pass
    assert not panel.error.isVisible()
    [draft] = services.visits.open_drafts(win.actor)
    assert draft.draft["papers"]["need"] == "Xin cấp bản sao giấy khai sinh"
