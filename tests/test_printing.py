"""Printing our PDFs with no dialog: to a PDF-output QPrinter standing in for the thermal printer."""

import io
import re
import subprocess

import pytest
from PySide6.QtPrintSupport import QPrinter

from hcc_desktop.documents.ticket import TicketPrint, render_ticket_pdf
from hcc_desktop.errors import HccError, ValidationError
from hcc_desktop.services.queue_rules import Tier
from hcc_desktop.ui.printing import (PdfNotSaved, PrinterNotFound, PrinterRefused, UnreadablePdf,
                                     available_printers, default_printer, print_pdf, save_pdf)
from hcc_desktop.ui.tasks import run_task, wait_for_tasks

TICKET = TicketPrint("Trung tâm Phục vụ hành chính công xã Lạc Phương", "U012", "Ưu tiên", "Người cao tuổi",
                     "08:05 25/11/2026", 3, 12, ("khó đi lại",), tier=Tier.PRIORITY)


@pytest.fixture
def ticket(tmp_path):
    """The rendered ticket, as bytes and as a file."""
    path = tmp_path / "ticket.pdf"
    path.write_bytes(render_ticket_pdf(TICKET))
    return path


def _file_printer(path):
    """A printer_factory whose printer writes a PDF file instead of paper."""
    def make(name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer

    return make


def _info(path) -> tuple[int, float, float]:
    """Pages, width and height (points) from pdfinfo."""
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out)
    return int(re.search(r"Pages:\s+(\d+)", out).group(1)), float(size.group(1)), float(size.group(2))


def _ink(path, page: int = 1) -> float:
    """Share of dark pixels on one page, rasterized at 50 dpi."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", str(page), "-l", str(page), str(path)],
                         check=True, capture_output=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
    pixels = pgm[header.end():]
    return sum(1 for value in pixels if value < 128) / len(pixels)


def _two_page_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 300))
    for text in ("one", "two"):
        canvas.setFont("Helvetica-Bold", 40)
        canvas.drawString(20, 200, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_ticket_prints_on_a_page_of_its_own_size_looking_the_same(qapp, tmp_path, ticket):
    out = tmp_path / "printed.pdf"
    assert print_pdf(ticket.read_bytes(), "Máy in nhiệt", printer_factory=_file_printer(out)) == 1
    pages, width, height = _info(ticket)
    printed_pages, printed_width, printed_height = _info(out)
    assert printed_pages == pages == 1
    # Qt's PDF writer rounds page sizes to whole points.
    assert printed_width == pytest.approx(width, abs=1) and printed_height == pytest.approx(height, abs=1)
    assert 0.03 < _ink(out) < 0.5
    assert _ink(out) == pytest.approx(_ink(ticket), abs=0.02)


def test_every_page_and_every_copy_is_printed(qapp, tmp_path):
    out = tmp_path / "printed.pdf"
    assert print_pdf(_two_page_pdf(), "", copies=2, printer_factory=_file_printer(out)) == 4
    assert _info(out)[0] == 4
    assert all(_ink(out, page) > 0.01 for page in range(1, 5))


def test_printing_from_a_worker_thread(qapp, qtbot, tmp_path, ticket):
    out = tmp_path / "printed.pdf"
    results = []
    run_task(None, print_pdf, ticket.read_bytes(), "Máy in nhiệt",
             printer_factory=_file_printer(out)).on_success(results.append)
    assert wait_for_tasks()
    qtbot.waitUntil(lambda: results == [1])
    assert _info(out)[0] == 1


def test_an_unknown_printer_is_named_in_vietnamese(qapp, ticket):
    with pytest.raises(PrinterNotFound) as raised:
        print_pdf(ticket.read_bytes(), "Máy in không có thật 404")
    assert str(raised.value) == ("Không tìm thấy máy in “Máy in không có thật 404”. "
                                 "Hãy chọn máy in trong Hệ thống → Cài đặt → Thiết bị.")
    with pytest.raises(PrinterNotFound, match="Chưa chọn máy in"):
        print_pdf(ticket.read_bytes(), "")


@pytest.mark.parametrize("garbage", [b"", b"not a pdf at all", b"%PDF-1.4\n%broken\n"])
def test_a_pdf_that_cannot_be_read_is_refused_before_printing(qapp, tmp_path, garbage):
    out = tmp_path / "printed.pdf"
    with pytest.raises(UnreadablePdf, match="Không đọc được tài liệu cần in"):
        print_pdf(garbage, "", printer_factory=_file_printer(out))
    assert not out.exists()


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_a_printer_refusing_the_job_gives_a_clear_error(qapp, tmp_path, ticket):
    with pytest.raises(PrinterRefused) as raised:
        print_pdf(ticket.read_bytes(), "Máy in nhiệt", printer_factory=_file_printer(tmp_path / "no" / "dir.pdf"))
    assert str(raised.value).startswith("Máy in “Máy in nhiệt” không nhận lệnh in.")
    assert isinstance(raised.value, HccError)


@pytest.mark.parametrize("copies", [0, -1, 21])
def test_copies_out_of_range(qapp, ticket, copies):
    with pytest.raises(ValidationError, match="Số bản in phải từ 1 đến 20"):
        print_pdf(ticket.read_bytes(), "", copies=copies)


def test_printer_lists_are_plain_names(qapp):
    names = available_printers()
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    assert isinstance(default_printer(), str)
    assert default_printer() in names or default_printer() == ""


def test_save_pdf_writes_atomically(tmp_path, ticket):
    target = save_pdf(ticket.read_bytes(), tmp_path / "phiếu" / "U012.pdf")
    assert target == tmp_path / "phiếu" / "U012.pdf" and target.read_bytes() == ticket.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["U012.pdf"]
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(PdfNotSaved, match="Không lưu được tệp PDF"):
        save_pdf(b"%PDF", blocker / "U012.pdf")
