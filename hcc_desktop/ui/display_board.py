"""The waiting-room display: a separate window, full screen on the TV, readable from 5 m.

Public data only: numbers, counters, counts per tier, the rule, the clock. Names never appear
(the snapshot it loads is the public one, and this module reads only calls and counts anyway).
Sizes are set for 1920×1080 and scaled with the window, so every screen shows the same picture.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPolygonF
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from hcc_desktop.clock import Clock, to_local
from hcc_desktop.i18n import tr
from hcc_desktop.ui.status import vietnamese_date
from hcc_desktop.ui.tasks import run_task

if TYPE_CHECKING:
    from hcc_desktop.services.queue import QueueSnapshot

logger = logging.getLogger(__name__)
REFRESH_MS = 2_000
BACKGROUND, TEXT, DIM, ACCENT = "#0b1622", "#ffffff", "#b0bec5", "#90caf9"
# Tier → (colour, triangles): priority numbers amber with ▲, head-tier numbers red with ▲▲ — the
# counter screen's marks, drawn here so they never depend on the font having the glyph.
TIERS = {"head": ("#ff8a80", 2), "priority": ("#ffd54f", 1), "regular": (TEXT, 0)}
# Pixel sizes at 1920×1080 (the number is 25 % of the height), scaled with the window.
DESIGN = (1920, 1080)
SIZES = {"title": 44, "date": 32, "clock": 84, "heading": 44, "number": 270, "mark": 135, "counter": 120,
         "empty": 72, "call": 60, "count": 46, "rule": 34, "note": 26, "ticker": 40}
NOTICE_MS = 60_000  # the notice is read again every minute
TICK_MS, TICK_PX = 40, 3  # the notice moves 75 px a second: readable from the back of the room


def tier_names() -> dict[str, str]:
    return {"head": tr("Ưu tiên đặc biệt"), "priority": tr("Ưu tiên"), "regular": tr("Thường")}


class TierMark(QWidget):
    """▲ (priority) or ▲▲ (head tier) in the tier's colour; blank for regular numbers."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.tier = "regular"

    def set_tier(self, tier: str) -> None:
        self.tier = tier
        self.setAccessibleName(tier_names()[tier])
        self.update()

    def set_px(self, px: int) -> None:
        self.setFixedSize(int(px * 1.5), px)

    def paintEvent(self, _event) -> None:
        colour, count = TIERS[self.tier]
        if not count:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        h = self.height() * 0.5
        w, top = h * 1.1, self.height() * 0.25
        for i in range(count):  # one triangle, or two side by side, centred
            x = (self.width() - count * w * 1.05) / 2 + i * w * 1.05
            painter.drawPolygon(QPolygonF([QPointF(x, top + h), QPointF(x + w / 2, top), QPointF(x + w, top + h)]))
        painter.end()


class Label(QLabel):
    def set_px(self, px: int) -> None:
        font = QFont(self.font())
        font.setPixelSize(px)
        self.setFont(font)


class FitLabel(Label):
    """One line at the board's size, made smaller (down to half) when too wide for its place, then elided."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.full_text, self._px = "", 10
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.set_px(self._px)

    def set_px(self, px: int) -> None:
        self._px = px
        font = QFont(self.font())
        font.setPixelSize(px)
        room, wide = max(1, self.width()), QFontMetrics(font).horizontalAdvance(self.full_text)
        if wide > room:
            font.setPixelSize(max(px // 2, int(px * room / wide)))
        self.setFont(font)
        self.setText(QFontMetrics(font).elidedText(self.full_text, Qt.TextElideMode.ElideRight, room))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.set_px(self._px)


def _box(layout, *items):
    """Fill a box layout: widgets, layouts, and numbers for stretches."""
    for item in items:
        if isinstance(item, int):
            layout.addStretch(item)
        elif isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    return layout


class Ticker(Label):
    """The running notice: still when it fits, otherwise moving right to left, round and round."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._text, self._offset = "", 0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._step)

    def set_notice(self, text: str) -> None:
        if text != self._text:
            self._text, self._offset = text, 0
            self.setVisible(bool(text))
            self.update()
        self._timer.start() if text else self._timer.stop()

    def notice(self) -> str:
        return self._text

    def sizeHint(self):
        from PySide6.QtCore import QSize

        return QSize(100, self.fontMetrics().height() + 8)

    def minimumSizeHint(self):
        return self.sizeHint()

    def _step(self) -> None:
        if self.fontMetrics().horizontalAdvance(self._text) > self.width():
            self._offset += TICK_PX
            self.update()

    def paintEvent(self, _event) -> None:
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self._text)
        y = (self.height() + metrics.ascent() - metrics.descent()) // 2
        if width <= self.width():
            painter.drawText((self.width() - width) // 2, y, self._text)
            return
        gap = metrics.horizontalAdvance("     •     ")
        x = -(self._offset % (width + gap))
        while x < self.width():
            painter.drawText(x, y, self._text)
            x += width + gap


class DisplayBoard(QWidget):
    def __init__(self, load_snapshot: Callable[[], "QueueSnapshot"], center_name: str, clock: Clock,
                 parent: QWidget | None = None, load_notice: Callable[[], str] | None = None) -> None:
        """``load_notice`` gives the running notice (called with each refresh, off the UI thread)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("displayBoard")
        self.setWindowTitle(tr("Bảng hiển thị số thứ tự — {center}", center=center_name))
        self.setStyleSheet(f"#displayBoard {{ background: {BACKGROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._load, self._clock, self._notice = load_snapshot, clock, load_notice
        self._loading = self._again = self._has_call = False
        self._sized: list[tuple[QWidget, str]] = []
        self._build(center_name)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.notice_timer = QTimer(self, interval=NOTICE_MS)
        self.notice_timer.timeout.connect(self.refresh_notice)
        self.resize(1366, 768)
        self._tick()
        self._show_calls([])

    # -- layout -------------------------------------------------------------------
    def _add(self, widget: QWidget, size: str, colour: str = TEXT, bold: bool = False, text: str = ""):
        """A child sized by ``SIZES[size]``."""
        if isinstance(widget, QLabel):
            widget.setStyleSheet(f"color: {colour};")
            widget.setText(text)
            font = QFont(widget.font())
            font.setBold(bold)
            widget.setFont(font)
        self._sized.append((widget, size))
        return widget

    def _build(self, center_name: str) -> None:
        self.title = self._add(Label(self), "title", bold=True, text=center_name)
        self.title.setWordWrap(True)
        self.date = self._add(Label(self), "date", DIM)
        self.clock = self._add(Label(self), "clock", bold=True)
        self.heading = self._add(Label(self), "heading", ACCENT, True, tr("MỜI SỐ"))
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark = self._add(TierMark(self), "mark")
        self.number = self._add(Label(self), "number", bold=True)
        self.counter = self._add(FitLabel(self), "counter", bold=True)
        for label in (self.number, self.counter):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent_heading = self._add(Label(self), "heading", ACCENT, True, tr("Các số vừa mời"))
        self.calls = [(self._add(TierMark(self), "call"), self._add(Label(self), "call", bold=True),
                       self._add(FitLabel(self), "call")) for _ in range(5)]
        self.waiting_heading = self._add(Label(self), "count", ACCENT, True, tr("Đang chờ:"))
        self.counts = {tier: (self._add(TierMark(self), "count"), self._add(Label(self), "count", bold=True))
                       for tier in TIERS}
        self.rule = self._add(Label(self), "rule", DIM)
        self.rule.setWordWrap(True)
        self.note = self._add(Label(self), "note", DIM)
        self.note.hide()
        self.ticker = self._add(Ticker(self), "ticker", TEXT, True)
        self.ticker.hide()
        self.setLayout(self._layout())

    def _layout(self) -> QVBoxLayout:
        header = QGridLayout()
        header.addWidget(self.title, 0, 0)
        header.addWidget(self.date, 1, 0)
        header.addWidget(self.clock, 0, 1, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.setColumnStretch(0, 1)
        recent = QGridLayout()
        recent.addWidget(self.recent_heading, 0, 0, 1, 3)
        for row, widgets in enumerate(self.calls, start=1):
            for column, widget in enumerate(widgets):
                recent.addWidget(widget, row, column)
        recent.setColumnStretch(2, 1)
        recent.setRowStretch(len(self.calls) + 1, 1)
        current = _box(QVBoxLayout(), self.heading, 1, _box(QHBoxLayout(), 1, self.mark, self.number, 1),
                       self.counter, 1)
        body = _box(QHBoxLayout(), current, recent)
        body.setStretch(0, 3)
        body.setStretch(1, 2)
        self.groups = [_box(QHBoxLayout(), mark, count) for mark, count in self.counts.values()]
        self.waiting = _box(QHBoxLayout(), self.waiting_heading, *self.groups, 1)
        root = _box(QVBoxLayout(), header, body, self.waiting, self.rule, self.note, self.ticker)
        root.setStretch(1, 1)
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the fonts follow the window, not back
        return root

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    def _apply_sizes(self) -> None:
        scale = min(self.width() / DESIGN[0], self.height() / DESIGN[1])
        for widget, size in self._sized:
            if widget is self.number and not self._has_call:
                size = "empty"
            widget.set_px(max(8, round(SIZES[size] * scale)))
        margin = round(40 * scale)
        self.layout().setContentsMargins(margin, margin // 2, margin, margin // 2)
        self.layout().setSpacing(round(24 * scale))
        self.waiting.setSpacing(round(56 * scale))
        for group in self.groups:
            group.setSpacing(round(8 * scale))

    # -- data ---------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.timer.start()
        self.notice_timer.start()
        self.refresh()
        self.refresh_notice()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.timer.stop()
        self.notice_timer.stop()

    def refresh(self) -> None:
        """Load the queue now (the counter calls this right after each call)."""
        self._tick()
        if self._loading:
            self._again = True
            return
        self._loading = True
        run_task(self, self._load).on_success(self._loaded).on_failure(self._failed)

    def refresh_notice(self) -> None:
        """The running notice, on its own (it changes seldom, and may wait for the calendar to load)."""
        if self._notice is not None:
            run_task(self, self._notice).on_success(self.ticker.set_notice).on_failure(
                lambda exc: logger.info("board notice not loaded: %s", type(exc).__name__))

    def _loaded(self, snapshot: "QueueSnapshot") -> None:
        self._loading = False
        self.note.hide()
        self.show_snapshot(snapshot)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._loading = self._again = False
        level = logging.WARNING if self.note.isHidden() else logging.DEBUG  # once per outage, not every 2 s
        logger.log(level, "display board could not load the queue: %s", type(exc).__name__, exc_info=exc)
        self.note.setText(tr("Chưa đọc được hàng chờ; đang thử lại…"))
        self.note.show()

    def _tick(self) -> None:
        now = to_local(self._clock.now())
        self.clock.setText(f"{now:%H:%M}")
        self.date.setText(vietnamese_date(now))

    def show_snapshot(self, snapshot: "QueueSnapshot") -> None:
        self._show_calls(snapshot.recent_calls)
        names = tier_names()
        for tier, (mark, count) in self.counts.items():
            mark.set_tier(tier)
            mark.setVisible(TIERS[tier][1] > 0)
            count.setText(f"{names[tier]}: {snapshot.waiting_by_tier.get(tier, 0)}")
            count.setStyleSheet(f"color: {TIERS[tier][0]};")
        self.rule.setText(snapshot.policy.describe())

    def _show_calls(self, recent_calls) -> None:
        calls = []
        for call in recent_calls:  # a recalled number is listed once, at its latest call
            if all(c.ticket_code != call.ticket_code for c in calls):
                calls.append(call)
        self._has_call = bool(calls)
        latest = calls[0] if calls else None
        self.mark.set_tier(latest.tier.value if latest else "regular")
        self.number.setText(latest.ticket_code if latest else tr("Chưa có số nào được mời"))
        self.number.setStyleSheet(f"color: {TIERS[latest.tier.value][0] if latest else DIM};")
        self.counter.set_full_text(tr("đến {counter}", counter=latest.counter) if latest else "")
        for i, (mark, code, counter) in enumerate(self.calls):
            call = calls[i] if i < len(calls) else None
            mark.set_tier(call.tier.value if call else "regular")
            code.setText(call.ticket_code if call else "")
            code.setStyleSheet(f"color: {TIERS[call.tier.value][0] if call else TEXT};")
            counter.set_full_text(tr("→ {counter}", counter=call.counter) if call else "")
        self.heading.setVisible(bool(calls))
        self.counter.setVisible(bool(calls))
        self.recent_heading.setVisible(bool(calls))
        self._apply_sizes()

    # -- screen -------------------------------------------------------------------
    def show_on_screen(self, index: int) -> None:
        """Full screen on screen ``index`` if it is connected; otherwise a normal window here."""
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            logger.info("display screen %s not connected (%s screens); showing a window", index, len(screens))
            self.showNormal()
            return
        self.setGeometry(screens[index].geometry())
        self.showFullScreen()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, _event) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
