"""What follows a counter action: the ticket after issuing, the call on the board and the loudspeaker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.counter.format import COLOR
from hcc_desktop.ui.tasks import run_task

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.queue import IssuedTicket


def open_issue_dialog(window, services: "Services", actor: "Actor", settings) -> None:
    from hcc_desktop.ui.counter.issue_dialog import IssueDialog

    def show(reasons) -> None:
        dialog = IssueDialog(services.queue, actor, reasons, window)
        dialog.issued.connect(lambda issued: _after_issue(window, issued, settings))
        dialog.open()

    run_task(window, services.queue.reasons).on_success(show)


def _after_issue(window, issued: "IssuedTicket", settings) -> None:
    if window.counter_panel is not None:
        window.counter_panel.refresh()
    if getattr(window, "board", None) is not None:
        window.board.refresh()
    TicketResultDialog(issued, settings.center_name, settings.ticket_printer, window).open()


class TicketResultDialog(QDialog):
    """The number just issued, large enough to copy onto paper; prints it when a printer is set."""

    def __init__(self, issued: "IssuedTicket", center_name: str, printer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Số vừa cấp"))
        self._issued, self._center, self._printer = issued, center_name, printer
        ticket = issued.ticket
        self.code = QLabel(ticket.code, self)
        self.code.setObjectName("issuedCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setStyleSheet(f"font-size: 72pt; font-weight: bold; color: {COLOR[ticket.tier.value]};")
        wait = (tr("khoảng {m} phút", m=issued.estimated_wait_minutes) if issued.estimated_wait_minutes is not None
                else tr("chưa đủ dữ liệu để ước tính"))
        self.details = QLabel(tr("{tier} · {reason}\nĐang chờ trước: {n} người · Thời gian chờ dự kiến: {w}",
                                 tier=ticket.tier.label, reason=ticket.reason_label, n=issued.people_ahead, w=wait),
                              self)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setStyleSheet("font-size: 13pt;")
        self.state = QLabel(self)
        self.state.setObjectName("printState")
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton(tr("In phiếu"), self)
        self.save_button = QPushButton(tr("Lưu PDF…"), self)
        close = QPushButton(tr("Đóng (Enter)"), self)
        close.setDefault(True)
        self.print_button.clicked.connect(self.print_ticket)
        self.save_button.clicked.connect(self.save_ticket)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.print_button, self.save_button, close):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        for widget in (self.code, self.details, self.state):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.print_button.setVisible(bool(printer))
        if printer:
            self.print_ticket()
        else:
            self.state.setText(tr("Chưa cài máy in phiếu: hãy ghi số này ra giấy cho người dân "
                                  "(Hệ thống → Cài đặt → Thiết bị để chọn máy in)."))

    def _render(self) -> bytes:
        from hcc_desktop.documents.ticket import TicketPrint, render_ticket_pdf

        return render_ticket_pdf(TicketPrint.from_issued(self._issued, self._center))

    def print_ticket(self) -> None:
        self.state.setText(tr("Đang in phiếu…"))
        run_task(self, self._render).on_success(self._send).on_failure(self._failed)

    def _send(self, pdf: bytes) -> None:
        from hcc_desktop.ui.printing import print_pdf

        try:  # painting to a printer belongs on the UI thread; one small page
            print_pdf(pdf, self._printer)
        except HccError as exc:
            self._failed(exc)
            return
        self.state.setText(tr("Đã gửi phiếu tới máy in “{p}”.", p=self._printer))

    def save_ticket(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Lưu phiếu"), f"phieu-{self._issued.ticket.code}.pdf",
                                              tr("Tệp PDF (*.pdf)"))
        if path:
            from hcc_desktop.ui.printing import save_pdf

            run_task(self, lambda: save_pdf(self._render(), path)).on_success(
                lambda saved: self.state.setText(tr("Đã lưu {p}", p=saved))).on_failure(self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HccError):
            raise exc
        self.state.setText(exc.message + " " + tr("Hãy ghi số ra giấy cho người dân."))
        self.state.setStyleSheet("color: #b00020; font-weight: bold;")


def announcer_for(window):
    if getattr(window, "announcer", None) is None:
        from hcc_desktop.ui.announcer import Announcer

        window.announcer = Announcer(parent=window)
    return window.announcer


def warm_up_voice(window) -> None:
    """Load the speech engine once after log-in rather than at the first call (it can take a second)."""
    announcer_for(window).voice_status()


def announce(window, ticket, counter: str) -> None:
    settings = window.settings_view
    announcer = announcer_for(window)
    if settings is not None:
        announcer.set_options(settings.announce_chime, settings.announce_voice)
    announcer.announce(ticket.code, counter)
    if getattr(window, "board", None) is not None:
        window.board.refresh()


def open_board(window, services: "Services", settings) -> None:
    from hcc_desktop.ui.display_board import DisplayBoard

    if getattr(window, "board", None) is None:
        def notice() -> str:
            from hcc_desktop.clock import local_today
            from hcc_desktop.services.calendar import board_notice

            return board_notice(services.settings.view(), services.calendar, local_today(services.clock))

        window.board = DisplayBoard(lambda: services.queue.snapshot(None), settings.center_name, services.clock,
                                    parent=window, load_notice=notice)
    window.board.show_on_screen(settings.display_screen)
    window.board.refresh()


def close_board(window) -> None:
    board = getattr(window, "board", None)
    if board is not None:
        board.close()
        board.deleteLater()
        window.board = None
