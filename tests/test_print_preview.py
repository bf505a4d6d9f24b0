"""The print preview: pages rendered off the UI thread at the window's width, page x/y, print, save."""

import re
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from hcc_desktop.documents.forms import appointment_slip_pdf
from hcc_desktop.ui.print_preview import PreviewDialog
from hcc_desktop.ui.tasks import wait_for_tasks
from test_forms import SLIP


@pytest.fixture(scope="module")
def slip_pdf() -> bytes:
    return appointment_slip_pdf(SLIP)  # two pages: Liên 1 and Liên 2


def _file_printer(path):
    def make(name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer

    return make


def _dialog(qtbot, pdf, **options) -> PreviewDialog:
    options.setdefault("printers", lambda: ["Máy in A4", "Máy in phiếu"])
    dialog = PreviewDialog(pdf, "Giấy tiếp nhận hồ sơ", **options)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _rendered(dialog, number: int) -> bool:
    pixmap = dialog.pages[number].pixmap() if len(dialog.pages) > number else None
    return pixmap is not None and not pixmap.isNull()


def _ink(dialog, number: int) -> float:
    """Share of dark pixels in a page's image, sampled on a grid."""
    image = dialog.pages[number].pixmap().toImage()
    points = [(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)]
    return sum(1 for x, y in points if image.pixelColor(x, y).lightness() < 128) / len(points)


def test_pages_render_at_the_view_width_with_the_page_count(qtbot, slip_pdf):
    dialog = _dialog(qtbot, slip_pdf)
    qtbot.waitUntil(lambda: _rendered(dialog, 0) and _rendered(dialog, 1), timeout=10_000)
    assert len(dialog.pages) == 2
    assert dialog.page_label.text() == "Trang 1/2"
    assert 0.005 < _ink(dialog, 0) < 0.3 and 0.005 < _ink(dialog, 1) < 0.3
    page = dialog.pages[0]
    view = dialog.scroll.viewport().width()
    assert view - 40 <= page.width() <= view
    assert page.height() == pytest.approx(page.width() * 297 / 210, abs=2)
    bar = dialog.scroll.verticalScrollBar()

    def scrolled_to_the_end():  # the layout may still settle after the pages render: scroll again
        bar.setValue(bar.maximum())
        return dialog.page_label.text() == "Trang 2/2"

    qtbot.waitUntil(scrolled_to_the_end, timeout=10_000)
    assert dialog.printer.currentText() == "Máy in A4" and dialog.print_button.isEnabled()


def test_a_wider_window_renders_the_pages_again_wider(qtbot, slip_pdf):
    dialog = _dialog(qtbot, slip_pdf)
    qtbot.waitUntil(lambda: _rendered(dialog, 0), timeout=10_000)
    before = dialog.pages[0].pixmap().width()
    dialog.resize(dialog.width() + 300, dialog.height())
    qtbot.waitUntil(lambda: dialog.pages[0].pixmap().width() > before + 200, timeout=10_000)
    assert dialog.pages[0].width() == dialog.scroll.viewport().width() - 24


def test_save_writes_the_same_pdf(qtbot, tmp_path, slip_pdf, monkeypatch):
    outputs = []
    dialog = _dialog(qtbot, slip_pdf, on_output=outputs.append)
    target = tmp_path / "giay-tiep-nhan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.state.text().startswith("Đã lưu"), timeout=10_000)
    assert (tmp_path / "giay-tiep-nhan.pdf").read_bytes() == slip_pdf
    assert str(tmp_path / "giay-tiep-nhan.pdf") in dialog.state.text()
    assert outputs == ["pdf"]  # the caller records it in the audit trail


def test_save_into_a_missing_folder_says_so(qtbot, tmp_path, slip_pdf):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    outputs = []
    dialog = _dialog(qtbot, slip_pdf, on_output=outputs.append)
    dialog.save_to(blocker / "giay.pdf")
    qtbot.waitUntil(lambda: "Không lưu được" in dialog.state.text(), timeout=10_000)
    assert not (blocker / "giay.pdf").exists()
    assert outputs == []  # nothing was saved, nothing to record


def test_print_sends_every_page_to_the_chosen_printer(qtbot, tmp_path, slip_pdf):
    out = tmp_path / "printed.pdf"
    outputs = []
    dialog = _dialog(qtbot, slip_pdf, printer="Máy in phiếu", printer_factory=_file_printer(out),
                     on_output=outputs.append)
    assert dialog.printer.currentText() == "Máy in phiếu"
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state.text().startswith("Đã gửi"), timeout=20_000)
    assert dialog.state.text() == "Đã gửi 2 trang tới máy in “Máy in phiếu”."
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+2\b", info)
    assert dialog.print_button.isEnabled()
    assert outputs == ["printer:Máy in phiếu"]


def test_without_printers_printing_is_off_and_saving_is_suggested(qtbot, slip_pdf):
    dialog = _dialog(qtbot, slip_pdf, printers=lambda: [])
    assert not dialog.print_button.isEnabled() and not dialog.printer.isEnabled()
    assert "lưu PDF" in dialog.state.text()
    dialog.print_document()  # Ctrl+P does nothing either
    wait_for_tasks()


def test_a_damaged_pdf_is_reported_not_shown(qtbot):
    dialog = _dialog(qtbot, b"%PDF-1.4 not really")
    qtbot.waitUntil(lambda: "Không đọc được" in dialog.state.text(), timeout=10_000)
    assert dialog.pages == [] and dialog.page_label.text() == "Không mở được tài liệu"
