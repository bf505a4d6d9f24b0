"""The card of the person being called or served at this counter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from hcc_desktop.clock import to_local
from hcc_desktop.i18n import tr
from hcc_desktop.ui.counter.format import COLOR, capitalize, needs_text


def _label(parent: QWidget, name: str, style: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class CurrentTicketCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("currentTicket")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = _label(self, "currentHeading", "font-size: 11pt; color: #444;")
        self.code = _label(self, "currentCode", "font-size: 32pt; font-weight: bold;")
        self.reason = _label(self, "currentReason", "font-size: 12pt;")
        self.person = _label(self, "currentPerson", "font-size: 12pt;")
        self.alert = _label(self, "currentAlert", "font-size: 12pt; font-weight: bold; color: white; "
                                                  "background: #b00020; padding: 6px;")
        self.times = _label(self, "currentTimes", "font-size: 11pt; color: #444;")
        layout = QGridLayout(self)
        layout.setSpacing(2)
        layout.addWidget(self.code, 0, 0, 3, 1)
        layout.addWidget(self.heading, 0, 1)
        layout.addWidget(self.reason, 1, 1)
        layout.addWidget(self.person, 2, 1)
        layout.addWidget(self.alert, 3, 0, 1, 2)
        layout.addWidget(self.times, 4, 0, 1, 2)
        layout.setColumnStretch(1, 1)
        self.show_ticket(None, None)

    def show_ticket(self, ticket, now: datetime | None) -> None:
        self.ticket = ticket
        if ticket is None:
            self.heading.setText(tr("Chưa mời ai. Bấm F5 để mời số tiếp theo."))
            for label in (self.code, self.reason, self.person, self.alert, self.times):
                label.clear()
                label.setVisible(False)
            return
        state = tr("Đang phục vụ") if ticket.status.value == "serving" else tr("Đã mời, đang chờ người dân đến")
        self.heading.setText(state)
        self.code.setText(ticket.code)
        self.code.setStyleSheet(f"font-size: 32pt; font-weight: bold; color: {COLOR[ticket.tier.value]};")
        reason = ticket.reason_label + (f" — {ticket.reason_note}" if ticket.reason_note else "")
        verified = tr("đã xem giấy tờ") if ticket.reason_verified else tr("tự khai")
        self.reason.setText(f"{capitalize(ticket.tier.label)}: {reason} ({verified})" if ticket.tier.value != "regular"
                            else tr("Số thường"))
        person = [p for p in (ticket.citizen_name,
                              tr("sinh năm {y}", y=ticket.birth_year) if ticket.birth_year else "",
                              tr("ghế {s}", s=ticket.seat) if ticket.seat else "") if p]
        self.person.setText(", ".join(person))
        self.alert.setText(tr("Người dân {n}: hãy ra tận nơi mời, không chờ bảng hiển thị hay loa.",
                              n=needs_text(ticket)) if ticket.needs else "")
        called = to_local(ticket.called_at).strftime("%H:%M") if ticket.called_at else ""
        self.times.setText(tr("Cấp số {a} · mời {b} · đã chờ {m} phút · gọi lại {r} lần",
                              a=to_local(ticket.issued_at).strftime("%H:%M"), b=called,
                              m=ticket.waited_minutes(now), r=ticket.recall_count))
        for label in (self.code, self.reason, self.person, self.alert, self.times):
            label.setVisible(bool(label.text()))
