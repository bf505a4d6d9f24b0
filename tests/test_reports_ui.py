"""The reports screen and the outbox: figures with bars, export with progress and cancel, import after a dry run."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton

from hcc_desktop.app import open_services
from hcc_desktop.services.package_file import Cancelled
from hcc_desktop.ui.outbox_dialog import OutboxDialog
from hcc_desktop.ui.reports_dialog import BAR_ROLE, ReportsDialog
from hcc_desktop.ui.status import StatusBar
from hcc_desktop.ui.tasks import wait_for_tasks

DAY = date(2026, 11, 25)


def test_the_period_figures_are_shown_with_bars(qtbot, services, supervisor):
    dialog = ReportsDialog(services.reports, supervisor, DAY)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("week"))
    assert dialog.last.date().toPython() == date(2026, 11, 29)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 20, timeout=10_000)
    assert "23/11/2026" in dialog.title.text() and "29/11/2026" in dialog.title.text()
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Mức độ hài lòng" in labels and "Hồ sơ tiếp nhận trong kỳ" in labels
    wait_for_tasks()


def test_bars_are_drawn_for_chart_sections(qtbot, services, supervisor, clerk):
    from hcc_desktop.services.visits import VisitInput

    for level in (5, 5, 4):
        visit = services.visits.start(clerk)
        services.visits.complete(clerk, visit.id, VisitInput(outcome="guided_only", support=("guided",)))
        services.visits.record_survey(clerk, visit.id, level, 0)
    dialog = ReportsDialog(services.reports, supervisor, DAY)
    qtbot.addWidget(dialog)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    shares = {dialog.table.item(r, 0).text(): dialog.table.item(r, 3).data(BAR_ROLE)
              for r in range(dialog.table.rowCount())}
    assert shares["Rất hài lòng"] == 1.0 and shares["Hài lòng"] == 0.5
    wait_for_tasks()


def test_export_writes_the_workbook_and_says_so(qtbot, services, supervisor, tmp_path):
    dialog = ReportsDialog(services.reports, supervisor, DAY)
    qtbot.addWidget(dialog)
    dialog.export_to(str(tmp_path / "bao-cao.xlsx"))
    qtbot.waitUntil(lambda: "Đã ghi" in dialog.message.text(), timeout=20_000)
    assert (tmp_path / "bao-cao.xlsx").exists() and dialog.export_button.isEnabled()
    wait_for_tasks()


class SlowReports:
    """Stands in for the report service: writes until told to stop, like a long export."""

    def __init__(self) -> None:
        self.started = threading.Event()

    def export_workbook(self, actor, period, path, *, profile, context):
        for done in range(10_000):
            self.started.set()
            context.report(done, 10_000)
            if context.cancelled:
                raise Cancelled()
            threading.Event().wait(0.01)
        raise AssertionError("not cancelled")


def test_cancel_stops_the_export_and_says_nothing_was_left(qtbot, supervisor, tmp_path):
    slow = SlowReports()
    dialog = ReportsDialog(slow, supervisor, DAY)
    qtbot.addWidget(dialog)
    dialog.export_to(str(tmp_path / "x.xlsx"))
    assert slow.started.wait(10)
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 10_000, timeout=10_000)
    cancel = dialog.progress.findChild(QPushButton)
    assert cancel.text() == "Hủy"
    cancel.click()
    qtbot.waitUntil(lambda: "Đã hủy" in dialog.message.text(), timeout=10_000)
    assert not (tmp_path / "x.xlsx").exists() and dialog.export_button.isEnabled()
    wait_for_tasks()


def test_outbox_creates_marks_and_imports_after_a_dry_run(qtbot, services, supervisor, tmp_path, clock):
    with open_services(tmp_path / "laptop", clock=clock) as laptop:
        boss = laptop.auth.create_first_supervisor("laptop", "Phạm Văn Hải", "mat-khau-123")
        package = laptop.exchange.export_package(boss, tmp_path / "from-laptop", full=True).path
    dialog = OutboxDialog(services.exchange, supervisor, str(tmp_path / "out"))
    qtbot.addWidget(dialog)
    dialog.export(False)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 5).text() == "đã tạo, chưa gửi"
    dialog.table.selectRow(0)
    dialog.move("sent")
    qtbot.waitUntil(lambda: dialog.table.item(0, 5).text() == "đã gửi, chờ xác nhận", timeout=10_000)
    dialog.dry_run(str(package))
    qtbot.waitUntil(lambda: "Gói" in dialog.details.toPlainText(), timeout=10_000)
    assert "tài khoản: 1 mới" in dialog.details.toPlainText()
    box = next(w for w in dialog.findChildren(QMessageBox) if w.objectName() == "importConfirm")
    assert [u.username for u in services.auth.list_users(supervisor)] == ["phutrach"]  # nothing yet
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.details.toPlainText(), timeout=10_000)
    assert len(services.auth.list_users(supervisor)) == 2
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    wait_for_tasks()


def test_status_bar_counts_records_not_yet_sent(qtbot):
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.set_pending(1234)
    assert bar.pending.text() == "1.234 bản ghi chưa gửi" and not bar.pending.isHidden()
    bar.set_pending(None)
    assert bar.pending.isHidden()
