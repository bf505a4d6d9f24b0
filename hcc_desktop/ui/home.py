"""The panel shown after log-in: which center, who is working, today's hours and counters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from hcc_desktop.i18n import tr
from hcc_desktop.ui.status import vietnamese_date


class HomePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePanel")
        self.title = QLabel(self)
        self.title.setObjectName("homeTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold; color: #0b3d91;")
        self.place = QLabel(self)
        self.place.setStyleSheet("font-size: 14pt;")
        self.greeting = QLabel(self)
        self.greeting.setObjectName("homeGreeting")
        self.greeting.setStyleSheet("font-size: 14pt;")
        grid = QGridLayout()
        self.today = self._row(grid, 0, tr("Hôm nay"))
        self.hours = self._row(grid, 1, tr("Giờ làm việc"))
        self.counters = self._row(grid, 2, tr("Các quầy"))
        self.villages = self._row(grid, 3, tr("Thôn / bon / ấp"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        for widget in (self.title, self.place, self.greeting):
            layout.addWidget(widget)
        layout.addSpacing(16)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _row(self, grid: QGridLayout, row: int, label: str) -> QLabel:
        caption = QLabel(label + ":", self)
        caption.setStyleSheet("font-size: 12pt; color: #444;")
        value = QLabel(self)
        value.setWordWrap(True)
        value.setStyleSheet("font-size: 12pt;")
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        return value

    def show_state(self, settings, actor, today) -> None:
        self.title.setText(settings.center_name)
        self.place.setText(", ".join(p for p in (settings.commune, settings.province) if p))
        self.place.setVisible(bool(self.place.text()))
        self.greeting.setText(tr("Xin chào {name} — {role}", name=actor.full_name, role=actor.role.label))
        self.today.setText(vietnamese_date(today))
        (m_open, m_close), (a_open, a_close) = settings.hours()
        self.hours.setText(tr("Sáng {a}–{b}, chiều {c}–{d}", a=f"{m_open:%H:%M}", b=f"{m_close:%H:%M}",
                              c=f"{a_open:%H:%M}", d=f"{a_close:%H:%M}"))
        self.counters.setText(", ".join(settings.counters))
        self.villages.setText(", ".join(settings.villages) or tr("chưa khai báo (Hệ thống → Cài đặt)"))
