"""Printing the PDFs we render (queue tickets, receipts) straight to a printer, no dialog.

Each page is rasterized with QtPdf at the printer's resolution (at least
203 dpi, the usual thermal head) and painted on a page of exactly the PDF's
size with no margins, so an 80 mm ticket comes out 80 mm wide. Safe to call
from a worker thread (``run_task``): QPainter on QPrinter/QImage is
thread-safe in Qt.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hcc_desktop.errors import HccError, ValidationError
from hcc_desktop.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

logger = logging.getLogger(__name__)

THERMAL_DPI = 203
MAX_DPI = 600  # an office or PDF printer reports 1200 dpi; 600 is plenty for a raster of our pages
MAX_COPIES = 20

PrinterFactory = Callable[[str], "QPrinter"]


class PrintingError(HccError):
    """Printing or saving a document failed."""


class PrinterNotFound(PrintingError):
    """No printer has the configured name (renamed, removed, or never set)."""


class UnreadablePdf(PrintingError):
    """The bytes to print are not a PDF QtPdf can read."""


class PrinterRefused(PrintingError):
    """The printer would not start or finish the job (off, offline, out of paper, no rights)."""


class PdfNotSaved(PrintingError):
    """The PDF could not be written to the chosen place."""


def available_printers() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    return list(QPrinterInfo.availablePrinterNames())


def default_printer() -> str:
    """The system's default printer name, or "" if there is none."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return QPrinterInfo.defaultPrinterName()


def _system_printer(name: str) -> QPrinter:
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(name) if name else None
    if info is None or info.isNull():
        if not name:
            raise PrinterNotFound(tr("Chưa chọn máy in. Hãy chọn máy in trong Hệ thống → Cài đặt → Thiết bị."))
        raise PrinterNotFound(tr("Không tìm thấy máy in “{name}”. Hãy chọn máy in trong Hệ thống → Cài đặt → "
                                 "Thiết bị.", name=name))
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def _open_pdf(pdf: bytes) -> tuple[QPdfDocument, object]:
    """The loaded document and the buffer it keeps reading from (keep both alive together)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)  # synchronous for a random-access device
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        logger.warning("cannot read PDF to print: %s", document.error())
        document.close()
        raise UnreadablePdf(tr("Không đọc được tài liệu cần in (tệp PDF bị hỏng hoặc trống). Hãy tạo lại rồi in."))
    return document, buffer


def _set_page(printer: QPrinter, document: QPdfDocument) -> None:
    """The printer's paper: the first page's size, in points, with no margins (set before printing starts)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    size = QPageSize(document.pagePointSize(0), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                      QPageLayout.Unit.Point))


def _target(paper: QRectF, image: QImage) -> QRectF:
    """Where a page image goes: the whole paper, or fitted at its top if a later page has another shape."""
    from PySide6.QtCore import QRectF

    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF((paper.width() - width) / 2, 0, width, height)


def _page_image(document: QPdfDocument, page: int, dpi: int) -> QImage:
    """The page rendered at ``dpi`` on white (QtPdf leaves the background transparent), in grey levels."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QImage, QPainter

    points = document.pagePointSize(page)
    pixels = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
    rendered = document.render(page, pixels)
    image = QImage(pixels, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def print_pdf(pdf: bytes, printer_name: str, *, copies: int = 1,
              printer_factory: PrinterFactory | None = None) -> int:
    """Print every page of ``pdf`` ``copies`` times on ``printer_name``; return the pages printed.

    ``printer_factory(name)`` replaces the system lookup (tests pass a QPrinter
    writing a PDF file). Copies are printed one after another rather than left
    to the driver, which many thermal-printer drivers ignore.
    """
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter

    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError(tr("Số bản in phải từ 1 đến {n}.", n=MAX_COPIES), "copies")
    document, buffer = _open_pdf(pdf)
    try:
        printer = (printer_factory or _system_printer)(printer_name)
        name = printer.printerName() or printer_name
        refused = PrinterRefused(tr("Máy in “{name}” không nhận lệnh in. Hãy kiểm tra máy in đã bật, còn giấy "
                                    "và đã nối với máy tính, rồi in lại.", name=name))
        printer.setDocName(document.metaData(document.MetaDataField.Title) or "HCC")
        _set_page(printer, document)
        dpi = min(MAX_DPI, max(THERMAL_DPI, printer.resolution()))
        painter = QPainter()
        if not painter.begin(printer):
            raise refused
        printed = 0
        try:
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            images: dict[int, QImage] = {}
            for _copy in range(copies):
                for page in range(document.pageCount()):
                    if printed and not printer.newPage():
                        raise refused
                    if page not in images:
                        images[page] = _page_image(document, page, dpi)
                    painter.drawImage(_target(paper, images[page]), images[page])
                    printed += 1
        finally:
            finished = painter.end()
        if not finished or printer.printerState() == QPrinter.PrinterState.Error:
            raise refused
        logger.info("printed %s page(s) on a %s dpi raster", printed, dpi)
        return printed
    finally:
        document.close()
        buffer.close()


def save_pdf(pdf: bytes, path: str | Path) -> Path:
    """Write ``pdf`` to ``path`` atomically (a temporary name, flushed, then renamed)."""
    from hcc_desktop.documents.pdf import atomic_write

    target = Path(path)
    try:
        return atomic_write(target, pdf)
    except OSError as exc:
        with contextlib.suppress(OSError):
            target.with_name(target.name + ".part").unlink(missing_ok=True)
        logger.warning("cannot save PDF: %s", exc.strerror or type(exc).__name__)
        raise PdfNotSaved(tr("Không lưu được tệp PDF vào “{path}”. Hãy chọn thư mục khác hoặc kiểm tra ổ đĩa "
                             "còn chỗ trống.", path=str(target))) from exc
