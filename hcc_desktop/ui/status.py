"""Status bar: data folder, database state, demo-data marker, records not yet sent, clock."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from hcc_desktop.clock import Clock, SystemClock, to_local
from hcc_desktop.i18n import tr

WEEKDAYS = [tr("Thứ Hai"), tr("Thứ Ba"), tr("Thứ Tư"), tr("Thứ Năm"), tr("Thứ Sáu"), tr("Thứ Bảy"), tr("Chủ nhật")]


def vietnamese_date(when) -> str:
    return f"{WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y}"


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = QLabel(self)
        self.folder.setObjectName("statusFolder")
        self.database = QLabel(tr("CSDL: đang mở…"), self)
        self.database.setObjectName("statusDatabase")
        self.demo = QLabel(tr("DỮ LIỆU MẪU — không phải hồ sơ thật"), self)
        self.demo.setObjectName("statusDemo")
        self.demo.setStyleSheet("background:#b00020; color:white; font-weight:bold; padding:0 6px;")
        self.demo.hide()
        self.backup = QLabel(self)
        self.backup.setObjectName("statusBackup")
        self.backup.hide()
        self.clock = QLabel(self)
        self.clock.setObjectName("statusClock")
        self.pending = QLabel(self)
        self.pending.setObjectName("statusPending")
        self.pending.hide()
        self.addWidget(self.folder, 1)
        self.addPermanentWidget(self.demo)
        self.addPermanentWidget(self.pending)
        self.addPermanentWidget(self.database)
        self.addPermanentWidget(self.backup)
        self.addPermanentWidget(self.clock)
        self._clock_source: Clock = SystemClock()  # the center's local time, whatever the PC's zone
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.tick()

    def set_folder(self, path: str) -> None:
        self.folder.setText(tr("Dữ liệu: {path}", path=path))
        self.folder.setToolTip(path)

    def set_database_state(self, text: str, ok: bool) -> None:
        self.database.setText(tr("CSDL: {state}", state=text))
        self.database.setStyleSheet("" if ok else "color:#b00020; font-weight:bold;")

    def set_backup(self, when, stale: bool) -> None:
        """The latest backup's local time (None: there is none); ``stale`` shows it as a warning."""
        if when is None:
            self.backup.setText(tr("Chưa có bản sao lưu"))
        else:
            self.backup.setText(tr("Sao lưu gần nhất: {t}", t=f"{when:%H:%M %d/%m}"))
        self.backup.setToolTip(tr("Bản sao lưu đã cũ hoặc chưa có: vào Hệ thống → Sao lưu… để sao lưu ngay.")
                               if stale else "")
        self.backup.setStyleSheet("background:#fff3cd; color:#8a4b00; font-weight:bold; padding:0 6px;"
                                  if stale else "")
        self.backup.show()

    def set_pending(self, records: int | None) -> None:
        """Records not yet sent upward (none shown before log-in)."""
        self.pending.setVisible(records is not None)
        if records is not None:
            self.pending.setText(tr("{n} bản ghi chưa gửi", n=f"{records:,}".replace(",", ".")))

    def set_clock(self, clock: Clock) -> None:
        self._clock_source = clock
        self.tick()

    def tick(self) -> None:
        now = to_local(self._clock_source.now())
        self.clock.setText(f"{now:%H:%M} · {now:%d/%m/%Y}")
