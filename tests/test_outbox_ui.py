"""The outbox: a package written with progress and "Hủy"; a conflict shown whole, side by side."""

from __future__ import annotations

import threading

import pytest
from exchange_helpers import add_people, clock, demo_folder
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select, update

from hcc_desktop.app import open_services
from hcc_desktop.services.demo import DEMO_PASSWORD
from hcc_desktop.storage.case_models import Citizen
from hcc_desktop.ui.conflicts_dialog import DIFFERS, DIFFERS_BACKGROUND, ConflictsDialog
from hcc_desktop.ui.outbox_dialog import OutboxDialog
from hcc_desktop.ui.tasks import wait_for_tasks

C = Citizen.__table__


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-built")


@pytest.fixture
def center(built, tmp_path):
    services = open_services(demo_folder(built, 1, tmp_path / "center"), clock=clock())
    yield services, services.auth.authenticate("phutrach", DEMO_PASSWORD)
    wait_for_tasks()
    services.close()


class _Gate:
    """The export's task context, held after each progress report until the test lets it go on or cancels."""

    def __init__(self, context, steps: threading.Semaphore) -> None:
        self._context, self._steps = context, steps

    @property
    def cancelled(self) -> bool:
        return self._context.cancelled

    def report(self, done: int, total: int) -> None:
        self._context.report(done, total)
        while not self._steps.acquire(timeout=0.02) and not self._context.cancelled:
            pass


class Stepped:
    """The real exchange service; its exports advance one progress report at a time."""

    def __init__(self, exchange) -> None:
        self._exchange = exchange
        self.steps = threading.Semaphore(0)

    def __getattr__(self, name):
        return getattr(self._exchange, name)

    def export_package(self, actor, out_dir, *, full=False, context):
        return self._exchange.export_package(actor, out_dir, full=full, context=_Gate(context, self.steps))


def _outbox(qtbot, exchange, boss, out) -> OutboxDialog:
    dialog = OutboxDialog(exchange, boss, str(out))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "bản ghi chưa gửi" in dialog.pending.text(), timeout=10_000)
    return dialog


def test_cancelling_a_package_shows_progress_then_leaves_no_file_and_the_outbox_unchanged(qtbot, center, tmp_path):
    services, boss = center
    add_people(services, 4500)
    services.exchange.export_package(boss, tmp_path / "earlier", full=True)  # one line already in the outbox
    listed = services.exchange.outbox(boss)
    stepped = Stepped(services.exchange)
    out = tmp_path / "out"
    dialog = _outbox(qtbot, stepped, boss, out)
    assert dialog.table.rowCount() == len(listed)
    dialog.export(False)
    assert not dialog.buttons["incremental"].isEnabled() and not dialog.buttons["full"].isEnabled()
    progress = dialog.progress
    qtbot.waitUntil(lambda: progress.isVisible() and progress.maximum() > 4500, timeout=10_000)
    assert progress.labelText() == "Đang ghi gói dữ liệu…" and progress.value() == 0
    for _ in range(3):  # into the people's part: progress reported inside it
        stepped.steps.release()
    qtbot.waitUntil(lambda: progress.value() > 2000, timeout=10_000)
    assert progress.value() < progress.maximum()
    cancel = progress.findChild(QPushButton)
    assert cancel.text() == "Hủy"
    cancel.click()
    qtbot.waitUntil(lambda: "Đã hủy" in dialog.details.toPlainText(), timeout=10_000)
    assert "Không có tệp nào được ghi" in dialog.details.toPlainText()
    assert list(out.iterdir()) == []
    assert services.exchange.outbox(boss) == listed and dialog.table.rowCount() == len(listed)
    assert dialog.buttons["incremental"].isEnabled() and not progress.isVisible()
    assert not dialog.error.isVisible()


def test_a_written_package_appears_in_the_list_with_its_state(qtbot, center, tmp_path):
    services, boss = center
    out = tmp_path / "out"
    dialog = _outbox(qtbot, services.exchange, boss, out)
    before = dialog.table.rowCount()
    dialog.export(True)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == before + 1, timeout=20_000)
    written, = out.iterdir()
    assert dialog.table.item(0, 3).text() == written.name and written.name.endswith("-full.zip")
    assert [dialog.table.item(0, c).text() for c in (1, 2, 5)] == ["gửi đi", "gói dữ liệu", "đã tạo, chưa gửi"]
    assert "Đã ghi" in dialog.details.toPlainText() and not dialog.progress.isVisible()
    assert dialog.buttons["full"].isEnabled()


@pytest.fixture
def conflict(built, tmp_path):
    """The same person edited on a laptop and at the center after the laptop's first package was imported;
    the laptop also corrected the CCCD's middle digits (masked, both numbers read alike)."""
    laptop = open_services(demo_folder(built, 1, tmp_path / "laptop"), clock=clock())
    center = open_services(demo_folder(built, 2, tmp_path / "center"), clock=clock())
    boss_l = laptop.auth.authenticate("phutrach", DEMO_PASSWORD)
    boss_c = center.auth.authenticate("phutrach", DEMO_PASSWORD)
    with laptop.db.read_core() as conn:
        person = conn.scalar(select(C.c.id).order_by(C.c.id).limit(1))
    with laptop.db.write_core() as conn:
        conn.execute(update(C).where(C.c.id == person).values(laptop.db.stamp({"cccd": "001203004567"}, new=False)))
    center.exchange.import_package(boss_c, laptop.exchange.export_package(boss_l, tmp_path / "o1", full=True).path)
    laptop.clock.advance(minutes=5)
    center.clock.advance(minutes=3)
    with laptop.db.write_core() as conn:
        conn.execute(update(C).where(C.c.id == person).values(laptop.db.stamp(
            {"cccd": "001299994567", "note": "đã đổi địa chỉ"}, new=False)))
    with center.db.write_core() as conn:
        conn.execute(update(C).where(C.c.id == person).values(center.db.stamp(
            {"note": "ghi chú tại Trung tâm"}, new=False)))
    laptop.clock.advance(minutes=1)
    summary = center.exchange.import_package(boss_c, laptop.exchange.export_package(boss_l, tmp_path / "o2",
                                                                                     full=True).path)
    assert summary.conflicts == 1
    yield center, boss_c, person
    wait_for_tasks()
    laptop.close()
    center.close()


def _rows(dialog) -> list[list[str]]:
    table = dialog.record
    return [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]


def test_a_conflict_shows_the_whole_record_with_what_differs_marked_first(qtbot, conflict):
    center, boss, person = conflict
    found = center.exchange.conflicts(boss)
    closed = []
    dialog = ConflictsDialog(center.exchange, boss, found, None, lambda: closed.append(True))
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    by_label = {r[1]: r for r in rows}
    assert len(rows) == len(found[0].fields) > 15  # every column, not only the differing ones
    marked = [r for r in rows if r[0] == DIFFERS]
    assert rows[:len(marked)] == marked  # the differing ones first
    assert {r[1] for r in marked} == {"Số CCCD", "Ghi chú", "Sửa lần cuối lúc"}
    assert by_label["Ghi chú"][2:] == ["ghi chú tại Trung tâm", "đã đổi địa chỉ"]
    assert by_label["Số CCCD"][2:] == ["001******567", "001******567"]  # masked, yet marked as differing
    assert by_label["Họ và tên"][0] == "" and by_label["Họ và tên"][2] == by_label["Họ và tên"][3] != ""
    assert by_label["Mã bản ghi"][2] == f"#{person.hex[:8]}"
    shown = " ".join(" ".join(r) for r in rows) + " ".join(
        dialog.record.item(r, c).toolTip() for r in range(len(rows)) for c in range(4))
    assert "001203004567" not in shown and "001299994567" not in shown
    first, last = dialog.record.item(0, 2), dialog.record.item(len(rows) - 1, 2)
    assert first.font().weight() == QFont.Weight.Bold and first.background().color() == DIFFERS_BACKGROUND
    assert last.font().weight() != QFont.Weight.Bold and last.background().color() != DIFFERS_BACKGROUND
    assert "Số CCCD" in dialog.table.item(0, 1).text() and "Sửa lần cuối" not in dialog.table.item(0, 1).text()
    assert "3 trường khác nhau" in dialog.caption.text()
    assert "Số CCCD khác nhau ở những chữ số được che." in dialog.caption.text()
    dialog.take.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)
    assert dialog.record.rowCount() == 0 and dialog.caption.text() == "Không còn xung đột nào."
    assert not dialog.keep.isEnabled() and center.exchange.conflicts(boss) == []
    with center.db.read_core() as conn:
        assert conn.execute(select(C.c.cccd, C.c.note).where(C.c.id == person)).one() == (
            "001299994567", "đã đổi địa chỉ")
    dialog.accept()
    assert closed == [True]
