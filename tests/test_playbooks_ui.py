"""The playbooks at the counter: F1 during a visit, applying records the incident and prints the referral slip;
the back-entry screen; the menu by role; the recovery notice after an abrupt shutdown."""

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hcc_desktop.clock import to_local
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.ui.tasks import wait_for_tasks
from tests.conftest import PASSWORD
from tests.test_counter_ui import _window, prepared  # noqa: F401  (fixture)
from tests.test_visit_ui import _modal, _start_ticket

PRINT = AuditAction.PRINT


@pytest.fixture
def win(qapp, qtbot, prepared, clock):  # noqa: F811
    window = _window(qapp, qtbot, prepared, clock, "congchuc")
    yield window
    wait_for_tasks()
    window.services.close()


def test_f1_during_a_visit_applies_a_playbook_to_it_and_prints_the_referral(win, qtbot, tmp_path):
    _start_ticket(win, qtbot)
    visit = win.visit_panel.visit
    qtbot.keyClick(win, Qt.Key.Key_F1)
    dialog = _modal(qtbot, "PlaybookDialog")
    assert dialog.list.count() == 12 and dialog.context.visit_id == visit.id
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    assert dialog.current().code == "no_vneid" and dialog.office.isVisible()
    dialog.steps.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.note.setPlainText("Chưa có tài khoản VNeID")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.applied), timeout=10_000)
    preview = _modal(qtbot, "PreviewDialog")
    assert "Giấy giới thiệu" in preview.windowTitle()
    preview.save_to(tmp_path / "giay-gioi-thieu.pdf")  # a paper with the person's details: audited
    referral_id = win.services.continuity.followups.referrals(win.actor)[0].id
    boss = win.services.auth.authenticate("phutrach", PASSWORD)
    qtbot.waitUntil(lambda: [(x.subject, x.detail["output"]) for x in win.services.audit.lines(boss, action=PRINT)]
                    == [(f"referral:{referral_id}", "pdf")], timeout=10_000)
    preview.reject()
    incidents = win.services.continuity.incidents.for_visit(win.actor, visit.id)
    assert [(i.playbook_code, i.note) for i in incidents] == [("no_vneid", "Chưa có tài khoản VNeID")]
    assert incidents[0].steps[0][1] and not incidents[0].steps[1][1]
    referral = win.services.continuity.followups.referrals(win.actor)[0]
    assert referral.office_name == "Công an xã" and referral.visit_id == visit.id
    dialog.accept()


def test_a_complaint_without_content_is_refused_in_the_panel(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_F1)
    dialog = _modal(qtbot, "PlaybookDialog")
    qtbot.keyClick(dialog, Qt.Key.Key_Equal)
    assert dialog.current().code == "complaint" and dialog.content.isVisible()
    dialog.person.setText("Trần Văn Đông")
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "nội dung" in dialog.error.text() and dialog.applied == []
    dialog.content.setPlainText("Chờ lâu quá")
    dialog.apply()
    qtbot.waitUntil(lambda: bool(dialog.applied), timeout=10_000)
    assert win.services.continuity.followups.complaints(win.actor)[0].content == "Chờ lâu quá"
    dialog.accept()


def test_back_entry_screen_records_paper_tickets_and_refuses_a_future_time(win, qtbot, clock):
    from hcc_desktop.ui.playbooks.backentry import BackEntryDialog

    clock.advance(hours=2)
    dialog = BackEntryDialog(win.services, win.actor, win, rows=0)
    qtbot.addWidget(dialog)
    dialog.show()
    now = clock.now()
    hm = lambda minutes: to_local(now + timedelta(minutes=minutes)).strftime("%H:%M")  # noqa: E731
    dialog.add_row({"code": "T001", "issued": hm(-50), "name": "Hoàng Thị Lan"})
    dialog.add_row({"code": "T002", "issued": hm(30)})
    dialog.record()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "chưa tới" in dialog.error.text() and win.services.queue.snapshot(win.actor).waiting == []
    dialog.table.item(1, 1).setText(hm(-40))
    dialog.record()
    qtbot.waitUntil(lambda: "Đã nhập bù 2 phiếu" in dialog.result.text(), timeout=10_000)
    assert [t.code for t in win.services.queue.snapshot(win.actor).waiting] == ["T001", "T002"]


def test_menu_by_role(win, qapp, qtbot, prepared, clock):  # noqa: F811
    actions = win.playbook_actions
    assert actions["open_all"].shortcut().toString() == "F1" and actions["followups"].isVisible()
    assert not actions["editor"].isVisible()
    volunteer = _window(qapp, qtbot, prepared, clock, "tnv")
    try:
        assert volunteer.playbook_actions["open_all"].isVisible()
        assert not volunteer.playbook_actions["backentry"].isVisible()
    finally:
        wait_for_tasks()
        volunteer.services.close()


def test_after_an_abrupt_shutdown_the_clerk_is_told_what_was_recovered(qapp, qtbot, prepared, clock):  # noqa: F811
    from hcc_desktop.services.recovery import MARKER

    (prepared / MARKER).write_text(json.dumps({"pid": -1, "started": clock.now().isoformat()}))
    window = _window(qapp, qtbot, prepared, clock, "congchuc")
    try:
        qtbot.waitUntil(lambda: getattr(window, "recovery_notice", None) is not None, timeout=10_000)
        assert "tắt đột ngột" in window.recovery_notice.text() and "Hàng chờ" in window.recovery_notice.text()
        window.recovery_notice.accept()
        window.close()
        assert not (prepared / MARKER).exists()
    finally:
        wait_for_tasks()
        window.services.close()
