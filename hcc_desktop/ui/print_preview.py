"""Print preview for the PDFs we render: the pages at the window's width, then print or save.

    PreviewDialog(pdf, tr("Giấy tiếp nhận hồ sơ"), parent, printer=settings.a4_printer,
                  file_name="giay-tiep-nhan-HS-261125-001.pdf").open()

Pages are rendered with QtPdf on the thread pool (``run_task``), only those in view (and the next
one), again when the width changes; until then a page is a white sheet of the right shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task

logger = logging.getLogger(__name__)
GAP = 12  # pixels around and between pages


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points (worker thread); raises UnreadablePdf."""
    from hcc_desktop.ui.printing import _open_pdf

    document, buffer = _open_pdf(pdf)
    try:
        return [(document.pagePointSize(i).width(), document.pagePointSize(i).height())
                for i in range(document.pageCount())]
    finally:
        document.close()
        buffer.close()


def render_pages(pdf: bytes, pages: list[int], width: int) -> dict[int, QImage]:
    """The given pages as images ``width`` pixels wide, white behind the ink (worker thread)."""
    from PySide6.QtGui import QPainter

    from hcc_desktop.ui.printing import _open_pdf

    document, buffer = _open_pdf(pdf)
    try:
        images = {}
        for page in pages:
            size = document.pagePointSize(page)
            pixels = QSize(width, max(1, round(width * size.height() / size.width())))
            image = QImage(pixels, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.white)
            painter = QPainter(image)
            painter.drawImage(0, 0, document.render(page, pixels))
            painter.end()
            images[page] = image
        return images
    finally:
        document.close()
        buffer.close()


class PreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None, *, printer: str = "",
                 file_name: str = "tai-lieu.pdf", printers: Callable[[], list[str]] | None = None,
                 printer_factory=None, on_output: Callable[[str], object] | None = None) -> None:
        """``printers`` lists the printers to offer (default: the system's); ``printer_factory`` is passed
        to ``print_pdf`` (tests print to a file); ``on_output("printer:NAME" | "pdf")`` is called after each
        print or save (documents with personal data record it in the audit trail)."""
        super().__init__(parent)
        self.setWindowTitle(tr("Xem trước khi in — {title}", title=title))
        self.resize(900, 700)
        self._pdf, self._file_name, self._factory = pdf, file_name, printer_factory
        self._on_output = on_output
        self._sizes: list[tuple[float, float]] = []
        self._width = 0  # pixels of the rendered images
        self._pending: set[int] = set()
        self.pages: list[QLabel] = []
        self._build(printer, printers)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._fit)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        run_task(self, page_sizes, pdf).on_success(self._opened).on_failure(self._failed)

    def _build(self, printer: str, printers: Callable[[], list[str]] | None) -> None:
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # a steady width to fit
        self.sheet = QWidget()
        self.sheet.setObjectName("previewSheet")
        self.sheet.setStyleSheet("#previewSheet { background: #6b6f75; }")
        self._column = QVBoxLayout(self.sheet)
        self._column.setContentsMargins(GAP, GAP, GAP, GAP)
        self._column.setSpacing(GAP)
        self.scroll.setWidget(self.sheet)
        self.page_label = QLabel(tr("Đang mở tài liệu…"), self)
        self.page_label.setObjectName("pageLabel")
        self.state = QLabel(self)
        self.state.setObjectName("previewState")
        self.state.setWordWrap(True)
        self.printer = QComboBox(self)
        self.printer.setMinimumWidth(220)
        self.printer.setToolTip(tr("Máy in"))
        if printers is None:
            from hcc_desktop.ui.printing import available_printers, default_printer

            printers, printer = available_printers, printer or default_printer()
        names = printers()
        self.printer.addItems(names)
        if printer in names:
            self.printer.setCurrentText(printer)
        self.print_button = QPushButton(tr("In"), self)
        self.save_button = QPushButton(tr("Lưu PDF…"), self)
        close = QPushButton(tr("Đóng"), self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.choose_and_save)
        close.clicked.connect(self.reject)
        if not names:
            self.printer.setEnabled(False)
            self.print_button.setEnabled(False)
            self.state.setText(tr("Máy tính chưa có máy in nào; hãy lưu PDF để in ở máy khác."))
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.choose_and_save)
        row = QHBoxLayout()
        row.addWidget(self.page_label)
        row.addStretch(1)
        for widget in (QLabel(tr("Máy in:"), self), self.printer, self.print_button, self.save_button, close):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.state)
        layout.addLayout(row)

    # -- pages ----------------------------------------------------------------
    def _opened(self, sizes: list[tuple[float, float]]) -> None:
        self._sizes = sizes
        for number in range(len(sizes)):
            page = QLabel(self.sheet)
            page.setObjectName(f"page{number + 1}")
            page.setStyleSheet("background: white;")
            self._column.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(page)
        self._column.addStretch(1)
        self._fit()

    def _fit(self) -> None:
        """Pages as wide as the view (fit width); the pages in view are rendered again at that width."""
        if not self._sizes:
            return
        logical = max(100, self.scroll.viewport().width() - 2 * GAP)
        ratio = self.devicePixelRatioF()
        for page, (w, h) in zip(self.pages, self._sizes):
            page.setFixedSize(logical, round(logical * h / w))
        if round(logical * ratio) != self._width:
            self._width = round(logical * ratio)
            self._pending.clear()
            for page in self.pages:
                page.setProperty("renderedWidth", 0)
        self._scrolled()

    def _scrolled(self, *_args) -> None:
        if not self.pages:
            return
        view = self.scroll.viewport().rect().translated(0, self.scroll.verticalScrollBar().value())
        visible = [i for i, page in enumerate(self.pages) if page.geometry().intersects(view)]
        middle = view.center().y()
        current = min(range(len(self.pages)), key=lambda i: abs(self.pages[i].geometry().center().y() - middle))
        self.page_label.setText(tr("Trang {x}/{n}", x=current + 1, n=len(self.pages)))
        wanted = {i for i in visible + [max(visible, default=-1) + 1] if 0 <= i < len(self.pages)}
        wanted = sorted(i for i in wanted if self.pages[i].property("renderedWidth") != self._width
                        and i not in self._pending)
        if wanted:
            self._pending.update(wanted)
            width = self._width
            run_task(self, render_pages, self._pdf, wanted, width).on_success(
                lambda images: self._rendered(images, width)).on_failure(self._failed)

    def _rendered(self, images: dict[int, QImage], width: int) -> None:
        if width != self._width:
            return  # the window changed width meanwhile; _fit asked for new images
        for number, image in images.items():
            self._pending.discard(number)
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self.pages[number].setPixmap(QPixmap.fromImage(image))
            self.pages[number].setProperty("renderedWidth", width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._timer.start()

    # -- print and save ---------------------------------------------------------
    def print_document(self) -> None:
        name = self.printer.currentText()
        if not self.print_button.isEnabled() or not name:
            return
        from hcc_desktop.ui.printing import print_pdf

        self.print_button.setEnabled(False)
        self._say(tr("Đang gửi tài liệu tới máy in “{p}”…", p=name))
        run_task(self, print_pdf, self._pdf, name, printer_factory=self._factory).on_success(
            lambda pages: self._done(tr("Đã gửi {n} trang tới máy in “{p}”.", n=pages, p=name),
                                     "printer:" + name)).on_failure(self._failed)

    def choose_and_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Lưu PDF"), self._file_name, tr("Tệp PDF (*.pdf)"))
        if path:
            self.save_to(path if path.lower().endswith(".pdf") else path + ".pdf")

    def save_to(self, path: str | Path) -> None:
        from hcc_desktop.ui.printing import save_pdf

        run_task(self, save_pdf, self._pdf, path).on_success(
            lambda saved: self._done(tr("Đã lưu {p}", p=str(saved)), "pdf")).on_failure(self._failed)

    def _done(self, message: str, output: str) -> None:
        self.print_button.setEnabled(self.printer.count() > 0)
        self._say(message)
        if self._on_output is not None:
            self._on_output(output)

    def _say(self, message: str, error: bool = False) -> None:
        self.state.setText(message)
        self.state.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(self.printer.count() > 0)
        if not isinstance(exc, HccError):
            raise exc
        if not self.pages:
            self.page_label.setText(tr("Không mở được tài liệu"))
        self._say(exc.message, error=True)
