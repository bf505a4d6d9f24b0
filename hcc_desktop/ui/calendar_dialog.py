"""The supervisor's working calendar: a month with its days off marked, and the commune's own overrides."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (QAbstractItemView, QCalendarWidget, QComboBox, QDateEdit, QDialog,
                               QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.calendar import CalendarService, DayInfo, Override

KINDS = (("off", tr("Ngày nghỉ thêm")), ("work", tr("Ngày làm việc thêm")))
WEEKDAYS = (tr("Thứ Hai"), tr("Thứ Ba"), tr("Thứ Tư"), tr("Thứ Năm"), tr("Thứ Sáu"), tr("Thứ Bảy"), tr("Chủ nhật"))
OFF_COLOUR, REST_COLOUR, WORK_COLOUR, TEXT_COLOUR = "#f6c9c9", "#e4e4e4", "#c8ecc8", "#1a1a1a"
SWATCH = '<span style="background:{colour}">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;'
LEGEND = tr("{off} Nghỉ lễ, nghỉ thêm &nbsp;&nbsp; {rest} Nghỉ hằng tuần<br>{work} Làm việc bù, làm việc thêm<br>"
            "<b><u>Gạch chân</u></b>: ngày điều chỉnh riêng của xã",
            off=SWATCH.format(colour=OFF_COLOUR), rest=SWATCH.format(colour=REST_COLOUR),
            work=SWATCH.format(colour=WORK_COLOUR))


def _fetch(calendar: "CalendarService", actor: "Actor", year: int, month: int) -> tuple[list, list]:
    return calendar.month_view(year, month), calendar.overrides(actor, year)


def _day_text(day: date) -> str:
    return tr("{weekday}, {day}", weekday=WEEKDAYS[day.weekday()], day=day.strftime("%d/%m/%Y"))


def _format(info: "DayInfo") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QBrush(QColor(TEXT_COLOUR)))
    if info.special and info.working:
        fmt.setBackground(QBrush(QColor(WORK_COLOUR)))
    elif not info.working:
        fmt.setBackground(QBrush(QColor(OFF_COLOUR if info.special else REST_COLOUR)))
    if info.override is not None:
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setFontUnderline(True)
    return fmt


class CalendarDialog(QDialog):
    loaded = Signal()  # the month and the overrides on screen are fresh

    def __init__(self, calendar: "CalendarService", actor: "Actor", today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lịch làm việc"))
        self.resize(1040, 640)
        self._calendar, self._actor = calendar, actor
        self.month = self._month_calendar(today)
        self.legend = QLabel(LEGEND, self)
        self.legend.setWordWrap(True)
        self.month_title = QLabel(self)
        self.month_title.setWordWrap(True)
        self.month_list = QListWidget(self)
        self.month_list.setWordWrap(True)
        self.month_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.year_title = QLabel(self)
        self.table = self._overrides_table()
        self.remove_button = QPushButton(tr("Xóa điều chỉnh đã chọn"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = ErrorLabel(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("Đóng"))
        close.rejected.connect(self.reject)
        left = QVBoxLayout()
        for widget in (self.month, self.legend, self._editor(today)):
            left.addWidget(widget)
        right = QVBoxLayout()
        for widget in (self.month_title, self.month_list, self.year_title, self.table, self.remove_button):
            right.addWidget(widget)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.reload()

    # -- building ---------------------------------------------------------------
    def _month_calendar(self, today: date) -> QCalendarWidget:
        month = QCalendarWidget(self)
        month.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        month.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        month.setGridVisible(True)
        month.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        month.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        plain = QTextCharFormat()
        plain.setForeground(QBrush(QColor(TEXT_COLOUR)))
        for day in Qt.DayOfWeek:  # every weekday looks the same; the service says which days are off
            month.setWeekdayTextFormat(day, plain)
        month.setSelectedDate(QDate(today.year, today.month, today.day))
        month.setMinimumHeight(300)
        month.currentPageChanged.connect(lambda _y, _m: self.reload())
        month.clicked.connect(lambda qdate: self.day_edit.setDate(qdate))
        return month

    def _overrides_table(self) -> QTableWidget:
        table = QTableWidget(0, 3, self)
        table.setHorizontalHeaderLabels([tr("Ngày"), tr("Loại"), tr("Lý do")])
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        return table

    def _editor(self, today: date) -> QGroupBox:
        box = QGroupBox(tr("Thêm hoặc sửa một ngày điều chỉnh"), self)
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day), box)
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        self.day_edit.setCalendarPopup(True)
        self.kind = QComboBox(box)
        for value, label in KINDS:
            self.kind.addItem(label, value)
        self.reason = QLineEdit(box)
        self.reason.setPlaceholderText(tr("Ví dụ: theo Thông báo số …/TB-UBND của xã"))
        self.reason.returnPressed.connect(self.save)
        self.save_button = QPushButton(tr("Lưu ngày điều chỉnh"), box)
        self.save_button.clicked.connect(self.save)
        grid = QGridLayout(box)
        for row, (label, widget) in enumerate(((tr("Ngày"), self.day_edit), (tr("Loại"), self.kind),
                                               (tr("Lý do"), self.reason))):
            grid.addWidget(QLabel(label, box), row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.save_button, 3, 1, Qt.AlignmentFlag.AlignRight)
        self.fields = {"day": self.day_edit, "kind": self.kind, "reason": self.reason}
        return box

    # -- data -------------------------------------------------------------------
    def reload(self) -> None:
        year, month = self.month.yearShown(), self.month.monthShown()
        run_task(self, _fetch, self._calendar, self._actor, year, month) \
            .on_success(lambda found: self._show(year, month, *found)).on_failure(self._failed)

    def _show(self, year: int, month: int, days: list["DayInfo"], overrides: list["Override"]) -> None:
        if (year, month) != (self.month.yearShown(), self.month.monthShown()):
            return  # the user turned the page meanwhile; that page's answer follows
        self.month.setDateTextFormat(QDate(), QTextCharFormat())
        self.month_list.clear()
        for info in days:
            self.month.setDateTextFormat(QDate(info.day.year, info.day.month, info.day.day), _format(info))
            if info.special:
                self.month_list.addItem(tr("{day} — {why}", day=_day_text(info.day), why=info.why))
        if not self.month_list.count():
            self.month_list.addItem(tr("Tháng này không có ngày lễ hay ngày điều chỉnh nào."))
        off = sum(not info.working for info in days)
        self.month_title.setText(tr("<b>Tháng {m}/{y}</b>: {work} ngày làm việc, {off} ngày nghỉ. "
                                    "Ngày lễ và ngày điều chỉnh:", m=month, y=year, work=len(days) - off, off=off))
        self._show_overrides(year, overrides)
        self.loaded.emit()

    def _show_overrides(self, year: int, overrides: list["Override"]) -> None:
        self.year_title.setText(tr("<b>Ngày điều chỉnh riêng của xã năm {y}</b> ({n})", y=year, n=len(overrides)))
        self.table.setRowCount(len(overrides))
        labels = dict(KINDS)
        for row, override in enumerate(overrides):
            cells = (_day_text(override.day), labels.get(override.kind, override.kind), override.reason)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, override.day)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.resizeRowsToContents()
        self.remove_button.setEnabled(bool(overrides))

    # -- actions ----------------------------------------------------------------
    def save(self) -> None:
        self.error.clear_error()
        day = self.day_edit.date().toPython()
        self._busy(True)
        run_task(self, self._calendar.set_override, self._actor, day, self.kind.currentData(), self.reason.text()) \
            .on_success(lambda saved: self._saved(saved.day)).on_failure(self._failed)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            show_failure(self.error, ValidationError(tr("Hãy chọn một dòng trong danh sách ngày điều chỉnh để xóa.")))
            return
        self.error.clear_error()
        self._busy(True)
        day = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        run_task(self, self._calendar.remove_override, self._actor, day) \
            .on_success(lambda _r: self._done()).on_failure(self._failed)

    def _saved(self, day: date) -> None:
        self.reason.clear()
        for widget in self.fields.values():
            widget.setStyleSheet("")
        shown = (self.month.yearShown(), self.month.monthShown())
        self.month.setSelectedDate(QDate(day.year, day.month, day.day))
        self._busy(False)
        if shown == (day.year, day.month):
            self.reload()  # otherwise turning the page reloads

    def _done(self) -> None:
        self._busy(False)
        self.reload()

    def _busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self.table.rowCount() > 0)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        show_failure(self.error, exc, self.fields)

