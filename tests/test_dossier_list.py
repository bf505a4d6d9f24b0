"""The list of dossiers needing attention: overdue marked, a state change with its reason, refusals explained."""

from datetime import timedelta

import pytest

from hcc_desktop.services.dossiers import DossierInput, DossierStatus
from hcc_desktop.ui.dossier_list import DossierListDialog
from hcc_desktop.ui.tasks import wait_for_tasks
from tests.test_dossiers import _citizen, _procedure


@pytest.fixture
def late(services, clerk, clock):
    procedure = _procedure(services, code="TEST-1D", same_day=False, processing_days=1)
    dossier = services.dossiers.receive(clerk, DossierInput(_citizen(services), procedure))
    clock.advance(days=3)
    return dossier


def test_overdue_dossiers_are_listed_and_moved_on(qtbot, services, clerk, late):
    dialog = DossierListDialog(services.dossiers, clerk, services.clock)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 0).text() == late.code and dialog.table.item(0, 5).text() == "QUÁ HẠN"
    assert "1 hồ sơ quá hạn" in dialog.summary.text()
    dialog.table.selectRow(0)
    dialog.next_state.setCurrentIndex(dialog.next_state.findData("needs_supplement"))
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert "lý do" in dialog.error.text()
    dialog.reason.setText("Thiếu giấy chứng sinh")
    dialog.apply()
    qtbot.waitUntil(lambda: services.dossiers.get(clerk, late.id).status is DossierStatus.NEEDS_SUPPLEMENT,
                    timeout=10_000)
    wait_for_tasks()


def test_resolved_dossiers_leave_the_list(qtbot, services, clerk, late):
    services.dossiers.change_status(clerk, late.id, "resolved")
    dialog = DossierListDialog(services.dossiers, clerk, services.clock)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "0 hồ sơ quá hạn" in dialog.summary.text(), timeout=10_000)
    assert dialog.table.rowCount() == 0 and not dialog.apply_button.isEnabled()
    wait_for_tasks()


def test_an_overdue_dossier_is_rescheduled_and_the_apology_printed(qtbot, services, clerk, late, monkeypatch):
    from PySide6.QtCore import QDate

    from hcc_desktop.services.paperwork import DossierPapers
    from hcc_desktop.ui import dossier_list

    shown = []
    monkeypatch.setattr(dossier_list.DossierListDialog, "_preview",
                        lambda self, pdf, title, dossier_id: shown.append((pdf[:4], title)))
    services.citizens  # the papers read the applicant through the citizen service
    dialog = DossierListDialog(services.dossiers, clerk, services.clock, None, DossierPapers(services, clerk))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    assert dialog.apology_button.isEnabled() and not dialog.supplement_button.isEnabled()
    dialog.new_due.setDate(QDate(2026, 12, 4))
    dialog.reason.setText("Cần xác minh thêm")
    dialog.reschedule()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [(b"%PDF", "Thư xin lỗi và hẹn lại")]
    moved = services.dossiers.get(clerk, late.id)
    assert moved.due_at.isoformat() == "2026-12-04T10:00:00+00:00"
    assert services.dossiers.history(clerk, late.id)[-1].kind == "rescheduled"
    wait_for_tasks()


def test_saving_the_supplement_request_is_recorded_in_the_audit_trail(qtbot, services, clerk, supervisor, late,
                                                                       tmp_path):
    from hcc_desktop.services.audit import AuditAction
    from hcc_desktop.services.paperwork import DossierPapers
    from hcc_desktop.ui.print_preview import PreviewDialog

    services.dossiers.change_status(clerk, late.id, "needs_supplement", "Thiếu giấy chứng sinh")
    dialog = DossierListDialog(services.dossiers, clerk, services.clock, None, DossierPapers(services, clerk))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    assert dialog.supplement_button.isEnabled()
    dialog.print_supplement()
    qtbot.waitUntil(lambda: bool(dialog.findChildren(PreviewDialog)), timeout=10_000)
    preview = dialog.findChildren(PreviewDialog)[0]
    preview.save_to(tmp_path / "phieu.pdf")
    qtbot.waitUntil(lambda: bool(services.audit.lines(supervisor, action=AuditAction.PRINT)), timeout=10_000)
    [line] = services.audit.lines(supervisor, action=AuditAction.PRINT)
    assert (line.username, line.subject) == ("congchuc", f"dossier:{late.id}")
    assert line.detail == {"document": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "output": "pdf"}
    preview.close()
    wait_for_tasks()


def test_refusing_a_dossier_prints_the_refusal_notice_with_its_reason(qtbot, services, clerk, late, monkeypatch):
    import subprocess

    from hcc_desktop.services.paperwork import DossierPapers
    from hcc_desktop.ui import dossier_list

    shown = []
    monkeypatch.setattr(dossier_list.DossierListDialog, "_preview",
                        lambda self, pdf, title, dossier_id: shown.append((pdf, title, dossier_id)))
    dialog = DossierListDialog(services.dossiers, clerk, services.clock, None, DossierPapers(services, clerk))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    dialog.next_state.setCurrentIndex(dialog.next_state.findData("refused"))
    dialog.reason.setText("Không thuộc thẩm quyền giải quyết của xã")
    dialog.apply()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    pdf, title, dossier_id = shown[0]
    assert title == "Phiếu từ chối tiếp nhận giải quyết hồ sơ" and dossier_id == late.id
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Không thuộc thẩm quyền giải quyết của xã" in text
    assert services.dossiers.get(clerk, late.id).status is DossierStatus.REFUSED
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)  # refused: off the list
    wait_for_tasks()
