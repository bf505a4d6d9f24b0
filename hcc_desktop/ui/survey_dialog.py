"""The satisfaction survey (đánh giá mức độ hài lòng) at the end of a visit, turned toward the citizen.

Large print for elderly eyes: five big buttons with a drawn face (smile → frown, painted here so no
emoji font is needed), the words and the key that picks them (5 = rất hài lòng … 1, as the service
counts); then the number of trips, an optional comment, send or skip. Keys: 1–5 pick a level, Enter
sends, Esc skips (a skip is recorded too), F11 toggles full screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QButtonGroup, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    import uuid

    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.visits import VisitService

THANKS_MS = 2_000
BASE_PT, TITLE_PT, THANKS_PT = 20, 26, 56
INK, SELECTED = "#1a1a1a", "#0d47a1"
# Level → face colour, green (5) to red (1); the face and the words say the same, so colour is never alone.
COLOURS = {5: "#43a047", 4: "#9ccc65", 3: "#fdd835", 2: "#fb8c00", 1: "#e53935"}
STYLE = f"""
QDialog {{ background: #fafafa; }} QLabel {{ color: {INK}; }}
QLineEdit {{ font-size: {BASE_PT}pt; padding: 8px; border: 2px solid #9e9e9e; border-radius: 8px; background: white; }}
QPushButton {{ padding: 10px 22px; border: 2px solid #757575; border-radius: 10px; background: #eeeeee;
              color: {INK}; font-size: {BASE_PT}pt; }}
QPushButton:focus {{ border: 3px dashed {SELECTED}; }}
QPushButton:checked {{ background: {SELECTED}; color: white; border: 4px solid {INK}; }}
QPushButton:disabled {{ color: #9e9e9e; background: #f5f5f5; border-color: #e0e0e0; }}
QPushButton#sendButton {{ font-size: {TITLE_PT - 4}pt; font-weight: bold; }}
QPushButton#sendButton:enabled {{ background: #2e7d32; color: white; border-color: #1b5e20; }}
"""


def _font(widget: QWidget, points: int, bold: bool = False) -> QFont:
    return QFont(widget.font().family(), points, QFont.Weight.Bold if bold else QFont.Weight.Normal)


class FaceButton(QPushButton):
    """One satisfaction level: its key, a face drawn from smile (5) to frown (1), and its words."""

    PAD = 14

    def __init__(self, level: int, words: str, parent: QWidget) -> None:
        super().__init__(words, parent, checkable=True, autoDefault=False,
                         accessibleName=tr("{key}: {words}", key=level, words=words))
        self.level = level
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.metrics = QFontMetrics(_font(self, BASE_PT, bold=True))
        self.line = self.metrics.height()
        self.face = max(80, 3 * self.line)

    def sizeHint(self) -> QSize:
        width = self.metrics.horizontalAdvance(tr("Không hài lòng")) + 3 * self.PAD
        return QSize(max(self.face + 4 * self.PAD, width), 4 * self.PAD + self.face + 2 * self.line + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.face + 4 * self.PAD, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        pad, face, line, checked = self.PAD, self.face, self.line, self.isChecked()
        colour = QColor(COLOURS[self.level])
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(_font(self, BASE_PT, bold=True))
        box = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        tint = QColor(colour)  # a calm background in the level's colour, stronger when chosen
        tint.setAlphaF(0.55 if checked else 0.22)
        p.setPen(QPen(QColor(SELECTED) if checked else colour, 7 if checked else 3))
        p.setBrush(tint)
        p.drawRoundedRect(box, 16, 16)
        if self.hasFocus():
            p.setPen(QPen(QColor(SELECTED), 2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(box.adjusted(9, 9, -9, -9), 10, 10)
        key = QRectF(box.left() + 12, box.top() + 12, line * 1.3, line * 1.3)  # the key, in a circle
        p.setPen(QPen(QColor(INK), 2))
        p.setBrush(QColor("white"))
        p.drawEllipse(key)
        p.drawText(key, Qt.AlignmentFlag.AlignCenter, str(self.level))
        if checked:  # a drawn tick as well as the border: the choice is not shown by colour alone
            p.setPen(QPen(QColor(SELECTED), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            x, y = box.right() - 18 - line, box.top() + 14
            p.drawPolyline([QPointF(x, y + line * 0.55), QPointF(x + line * 0.35, y + line * 0.9),
                            QPointF(x + line, y + line * 0.1)])
        top = box.top() + max(2 * pad, (box.height() - face - 2 * line - pad) / 2)  # content centred
        self._face(p, QPointF(box.center().x(), top + face / 2), face / 2, colour)
        p.setPen(QColor(INK))
        p.drawText(QRectF(box.left() + 6, top + face + pad, box.width() - 12, 2 * line + pad),
                   Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, self.text())
        p.end()

    def _face(self, p: QPainter, c: QPointF, r: float, colour: QColor) -> None:
        p.setPen(QPen(QColor(INK), max(2.0, r * 0.06)))
        p.setBrush(colour)
        p.drawEllipse(c, r, r)
        p.setBrush(QColor(INK))
        for side in (-1, 1):
            p.drawEllipse(QPointF(c.x() + side * r * 0.35, c.y() - r * 0.22), r * 0.1, r * 0.12)
            if self.level == 1:  # sad brows, lifted at the inner end
                p.drawLine(QPointF(c.x() + side * r * 0.2, c.y() - r * 0.52),
                           QPointF(c.x() + side * r * 0.52, c.y() - r * 0.4))
        bend = (self.level - 3) / 2  # 1 = broad smile … -1 = frown
        ends = c.y() + r * (0.4 - 0.15 * bend)
        mouth = QPainterPath(QPointF(c.x() - r * 0.45, ends))
        mouth.quadTo(QPointF(c.x(), ends + 0.6 * bend * r), QPointF(c.x() + r * 0.45, ends))
        if self.level == 5:  # an open laughing mouth, filled
            mouth.closeSubpath()
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(INK), r * 0.1, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPath(mouth)


class SurveyDialog(QDialog):
    """Ask, record once through :meth:`VisitService.record_survey`, thank, close.

    ``recorded`` carries the level saved (None for a skip). The dialog is accepted when an answer
    was sent (after the thanks, ``thanks_timer``) and rejected when a skip was recorded.
    """

    recorded = Signal(object)

    def __init__(self, visits: "VisitService", actor: "Actor", visit_id: "uuid.UUID",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hcc_desktop.services.vocab import LEVELS

        self._visits, self._actor, self._visit_id = visits, actor, visit_id
        self._busy = self._done = self._refused = False
        self.setWindowTitle(tr("Đánh giá mức độ hài lòng"))
        self.setStyleSheet(STYLE)
        self.setFont(_font(self, BASE_PT))
        self.resize(1240, 680)
        self.thanks_timer = QTimer(self, singleShot=True, interval=THANKS_MS, timeout=self.accept)
        self.levels, self.trips = QButtonGroup(self), QButtonGroup(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._form(LEVELS))
        self.thanks = QLabel(tr("Cảm ơn ông/bà!"), self, font=_font(self, THANKS_PT, bold=True),
                             alignment=Qt.AlignmentFlag.AlignCenter, styleSheet="color: #1b5e20;")
        self.pages.addWidget(self.thanks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.pages)
        self.levels.idToggled.connect(lambda *_: self.send_button.setEnabled(self.levels.checkedId() > 0))
        self.level_buttons[5].setFocus()

    def _label(self, text: str, points: int, bold: bool = True) -> QLabel:
        return QLabel(text, self, font=_font(self, points, bold), wordWrap=True)

    def _button(self, text: str, **properties) -> QPushButton:
        return QPushButton(text, self, autoDefault=False, **properties)  # Enter always sends (keyPressEvent)

    @staticmethod
    def _row(*items: QWidget | int) -> QHBoxLayout:
        row = QHBoxLayout()
        for item in items:
            row.addStretch(item) if isinstance(item, int) else row.addWidget(item)
        return row

    def _form(self, levels: dict[int, str]) -> QWidget:
        self.level_buttons = {level: FaceButton(level, words, self) for level, words in sorted(levels.items())[::-1]}
        self.trip_buttons = {value: self._button(words, checkable=True, minimumHeight=64) for value, words in (
            (0, tr("Lần đầu")), (1, tr("1 lần")), (2, tr("2 lần trở lên")))}
        for group, buttons in ((self.levels, self.level_buttons), (self.trips, self.trip_buttons)):
            for value, button in buttons.items():
                group.addButton(button, value)
        self.comment = QLineEdit(self, maxLength=2000, accessibleName=tr("Góp ý thêm"))
        self.comment.setPlaceholderText(tr("không bắt buộc; cán bộ có thể ghi hộ ông/bà"))
        self.error = ErrorLabel(self)
        self.error.setFont(_font(self, BASE_PT + 2, bold=True))
        self.skip_button = self._button(tr("Bỏ qua (Esc)"), clicked=self.reject)
        self.full_screen = self._button(tr("Toàn màn hình (F11)"), checkable=True, toggled=lambda on: (
            self.showFullScreen() if on else self.showNormal()))
        self.send_button = self._button(tr("Gửi đánh giá (Enter)"), objectName="sendButton", enabled=False,
                                        clicked=self.send)
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self._label(tr("Ông/bà có hài lòng với sự phục vụ hôm nay không?"), TITLE_PT))
        column.addLayout(self._row(*self.level_buttons.values()), 1)
        column.addSpacing(6)
        column.addWidget(self._label(tr("Ông/bà đã phải đi lại mấy lần để làm việc này?"), BASE_PT + 2))
        column.addLayout(self._row(*self.trip_buttons.values()))
        column.addLayout(self._row(self._label(tr("Góp ý:"), BASE_PT, bold=False), self.comment))
        column.addWidget(self.error)
        column.addLayout(self._row(self.skip_button, self.full_screen, 1, self.send_button))
        return page

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self._done and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            self.accept()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_5 and not (self._done or self._busy):
            button = self.level_buttons[key - Qt.Key.Key_0]
            button.setChecked(True)
            button.setFocus()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.send()
        elif key == Qt.Key.Key_F11:
            self.full_screen.toggle()
        else:
            super().keyPressEvent(event)  # Esc → reject → a recorded skip

    def send(self) -> None:
        level, trips = self.levels.checkedId(), self.trips.checkedId()
        if level < 1:
            self.error.show_error(tr("Xin chọn một mức hài lòng (bấm vào khuôn mặt hoặc phím 1–5)."))
        else:
            self._save(level, trips if trips >= 0 else None, self.comment.text())

    def accept(self) -> None:
        self.thanks_timer.stop()
        super().accept()

    def reject(self) -> None:
        """Esc, “Bỏ qua” or the window's close button: record the skip, then close."""
        if self._done:  # the answer is saved; the thanks may be cut short
            self.accept()
        elif self._refused:  # after an error the clerk has seen, close without trying again
            super().reject()
        else:
            self._save(None, None, "")

    def _save(self, level: int | None, trips: int | None, comment: str) -> None:
        if self._busy or self._done:
            return
        self._busy = True
        self.pages.setEnabled(False)
        self.error.clear_error()
        run_task(self, self._visits.record_survey, self._actor, self._visit_id, level, trips, comment) \
            .on_success(lambda _none: self._saved(level)).on_failure(lambda exc: self._failed(exc, level))

    def _saved(self, level: int | None) -> None:
        self._busy, self._done = False, True
        self.pages.setEnabled(True)
        self.recorded.emit(level)
        if level is None:
            super().reject()
        else:
            self.pages.setCurrentWidget(self.thanks)
            self.thanks_timer.start()

    def _failed(self, exc: BaseException, level: int | None) -> None:
        self._busy, self._refused = False, True
        self.pages.setEnabled(True)
        (self.level_buttons.get(level) or self.skip_button).setFocus()
        show_failure(self.error, exc)
