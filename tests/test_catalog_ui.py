"""The catalog dialog: the list marks what needs checking, the editor saves, imports show their rows."""

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog

from hcc_desktop.ui.catalog_dialog import UNVERIFIED, CatalogDialog
from hcc_desktop.ui.catalog_editor import NAME, REQUIRED, WHERE
from hcc_desktop.ui.main_window import MainWindow
from hcc_desktop.ui.tasks import wait_for_tasks


@pytest.fixture
def dialog(qtbot, services, supervisor):
    win = CatalogDialog(services.catalog, supervisor, services.catalog.procedures(active_only=False),
                        seed_codes=services.catalog.seed_codes())
    win.show()
    yield win
    wait_for_tasks()
    win.dirty = False  # closing a dialog with unsaved edits asks first; tests leave without asking
    win.close()
    win.deleteLater()


def _select(dialog, code):
    row = next(i for i, p in enumerate(dialog.procedures) if p.code == code)
    dialog.table.setCurrentCell(row, 0)
    return row


def _report(qtbot):
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().objectName() == "importReport", timeout=10_000)
    return QApplication.activeModalWidget()


def test_list_marks_unverified_procedures(dialog):
    row = _select(dialog, "1.001193")
    assert dialog.table.item(row, 4).text() == "cần kiểm tra"
    assert dialog.table.item(row, 4).background().color() == UNVERIFIED
    assert dialog.table.item(row, 3).text() == "trong ngày"
    assert dialog.editor.name.text() == "Đăng ký khai sinh"
    assert dialog.editor.documents.table.item(1, NAME).text() == "Giấy chứng sinh"
    dialog.search.setText("dat dai")
    visible = [p.code for r, p in enumerate(dialog.procedures) if not dialog.table.isRowHidden(r)]
    assert visible and all(code.startswith("LOCAL-DD") for code in visible)


def test_edit_documents_and_save(dialog, qtbot, services):
    _select(dialog, "1.000656")
    editor = dialog.editor
    editor.fee.setPlainText("Miễn lệ phí")
    editor.verified.click()
    docs = editor.documents
    qtbot.mouseClick(docs.add_button, Qt.MouseButton.LeftButton)
    last = docs.table.rowCount() - 1
    docs.table.item(last, WHERE).setText("Người đi đăng ký")
    docs.table.item(last, REQUIRED).setCheckState(Qt.CheckState.Unchecked)
    assert docs.table.state() == QAbstractItemView.State.EditingState  # the new name cell is open for typing
    docs.table.indexWidget(docs.table.currentIndex()).setText("Giấy ủy quyền")
    dialog.save()  # as Ctrl+S does, before leaving the cell: the typed name is kept
    qtbot.waitUntil(lambda: "Đã lưu" in dialog.message.text() and not dialog.dirty, timeout=10_000)
    _select(dialog, "1.000656")
    assert dialog.editor.documents.table.item(last, NAME).text() == "Giấy ủy quyền"
    dialog.editor.documents.table.setCurrentCell(last, NAME)
    qtbot.mouseClick(dialog.editor.documents.up_button, Qt.MouseButton.LeftButton)
    assert dialog.dirty
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã lưu" in dialog.message.text() and not dialog.dirty, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã lưu" in dialog.message.text() and not dialog.dirty, timeout=10_000)
    saved = services.catalog.procedure("1.000656")
    assert saved.fee == "Miễn lệ phí" and saved.verified
    assert [d.name for d in saved.documents][-2:] == ["Giấy ủy quyền",
                                                      "Giấy tờ tùy thân của người đi đăng ký (xuất trình)"]
    assert not saved.documents[-2].required
    qtbot.waitUntil(lambda: dialog.table.item(dialog.table.currentRow(), 4).text() == "đã kiểm tra", timeout=10_000)
    assert dialog.editor.procedure_id == saved.id and dialog.save_button.isEnabled()


def test_bad_input_is_shown_in_the_form(dialog, qtbot, services):
    _select(dialog, "1.000656")
    dialog.editor.documents.table.item(0, NAME).setText("  ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "Tên giấy tờ thứ 1" in dialog.error.text()
    assert dialog.editor.currentIndex() == 1 and dialog.editor.documents.table.currentRow() == 0
    dialog.editor.days.setText("năm")
    dialog.save()
    assert "Số ngày làm việc" in dialog.error.text()
    assert services.catalog.procedure("1.000656").documents[0].name == "Tờ khai đăng ký khai tử (theo mẫu)"


def test_rejected_import_lists_the_rows(dialog, qtbot, services, tmp_path, monkeypatch):
    path = services.catalog.export_catalog(tmp_path / "sai.xlsx")
    wb = load_workbook(path)
    wb["Thủ tục"].append(["LOCAL-A-01", "", "Hộ tịch", "bốn", "Không", "", "", "Không"])
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = _report(qtbot)
    table = report.problems
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    n = str(len(dialog.procedures) + 2)
    assert ["Thủ tục", n, "Tên thủ tục không được để trống."] in rows
    assert any(r[1] == n and "Số ngày làm việc" in r[2] for r in rows)
    assert "chưa nhập gì" in report.text.text()
    report.reject()
    assert "LOCAL-A-01" not in {p.code for p in services.catalog.procedures(active_only=False)}


def test_import_shows_the_dry_run_then_applies(dialog, qtbot, services, tmp_path, monkeypatch):
    path = services.catalog.export_catalog(tmp_path / "moi.xlsx")
    wb = load_workbook(path)
    wb["Thủ tục"].append(["LOCAL-MOI-01", "Thủ tục mới", "Chứng thực", 2, "Không", "", "", "Không"])
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = _report(qtbot)
    assert "thêm 1 thủ tục mới" in report.text.text() and "LOCAL-MOI-01" in report.text.text()
    assert "LOCAL-MOI-01" not in {p.code for p in services.catalog.procedures()}  # nothing yet
    report.accept()
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.message.text()
                    and "LOCAL-MOI-01" in {p.code for p in dialog.procedures}, timeout=10_000)


def test_export_writes_the_chosen_file(dialog, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "xuat"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã xuất" in dialog.message.text(), timeout=10_000)
    assert load_workbook(tmp_path / "xuat.xlsx").sheetnames == ["Thủ tục", "Giấy tờ"]


def test_read_only_for_a_clerk(qtbot, services, clerk):
    win = CatalogDialog(services.catalog, clerk, services.catalog.procedures())
    qtbot.addWidget(win)
    assert win.editor.name.isReadOnly() and not win.editor.verified.isEnabled()
    assert win.save_button.isHidden() and win.import_button.isHidden() and win.new_button.isHidden()
    assert win.editor.documents.add_button.isHidden()
    win.save()  # does nothing: the service would refuse anyway
    assert not win.error.isVisible()


def test_menu_item_only_for_managers(qtbot, data_dir, supervisor, clerk):
    from hcc_desktop.paths import Paths

    window = MainWindow(Paths.resolve(data_dir))
    qtbot.addWidget(window)
    for actor, visible in ((supervisor, True), (clerk, False)):
        window.actor = actor
        window._enable_for_role()
        assert window.catalog_action.isVisible() is visible
