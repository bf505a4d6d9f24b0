"""Nhập bù: the paper queue sheet and intake log of a power cut, typed in once the power is back.

One line per paper ticket, in the order of the paper sheet: number, the times written on paper (HH:MM,
today), what happened. “Kiểm tra” marks refused lines (red) and numbers already used (orange); “Nhập bù”
records all lines at once, marked as back-entered with estimated times.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor

COLUMNS = (tr("Số phiếu giấy"), tr("Giờ phát"), tr("Tình trạng"), tr("Giờ mời"), tr("Giờ xong"), tr("Quầy"),
           tr("Họ tên"), tr("Nhu cầu (sổ giấy)"), tr("Kết quả"))
STATUSES = (("waiting", tr("còn chờ")), ("done", tr("đã phục vụ")), ("no_show", tr("đã về / vắng")))
OUTCOMES = (("", ""), ("guided_only", tr("chỉ hướng dẫn")), ("bring_papers", tr("hẹn mang đủ giấy tờ")),
            ("referred", tr("giới thiệu nơi khác")))
_HM = re.compile(r"^\s*(\d{1,2})[:hg.](\d{2})\s*$")


class BackEntryDialog(QDialog):
    def __init__(self, services: "Services", actor: "Actor", parent: QWidget | None = None, rows: int = 4) -> None:
        super().__init__(parent)
        self.setObjectName("backEntryDialog")
        self.setWindowTitle(tr("Nhập bù phiếu giấy sau khi mất điện"))
        self.resize(1200, 560)
        self._services, self._actor = services, actor
        self.intro = QLabel(tr("Gõ từng dòng của bảng hàng chờ giấy và sổ tiếp nhận giấy, theo thứ tự trên giấy. "
                               "Giờ theo dạng 09:15 (hôm nay). Người còn chờ sẽ vào hàng chờ đúng chỗ theo giờ phát "
                               "phiếu; giờ ghi trên giấy được đánh dấu là ước tính. Hãy nhập bù trước khi cấp số mới."),
                            self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("backEntryTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.result = QLabel(self)
        self.result.setObjectName("backEntryResult")
        self.result.setWordWrap(True)
        self.renumber = QCheckBox(tr("Số trên giấy đã có trong hàng chờ: nhập với số mới (ghi lại số trên giấy)"), self)
        self.error = ErrorLabel(self)
        buttons = QHBoxLayout()
        for text, slot, name in ((tr("Thêm dòng"), lambda: self.add_row(), "addRow"), (tr("Xóa dòng"), self.remove_row, ""),
                                 (tr("Kiểm tra"), lambda: self.check(), "checkRows"), (tr("Nhập bù"), self.record, "recordRows"),
                                 (tr("Đóng"), self.accept, "")):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.renumber)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        for _ in range(rows):
            self.add_row()
        run_task(self, services.continuity.backentry.entered_today, actor).on_success(self._entered)

    def _entered(self, rows) -> None:
        if rows:
            self.result.setText(tr("Hôm nay đã nhập bù {n} phiếu: {codes}.", n=len(rows),
                                   codes=", ".join(p for p, _c, _t in rows)))

    def add_row(self, values: dict | None = None) -> None:
        values = values or {}
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, key in enumerate(("code", "issued", None, "called", "finished", "counter", "name", "need")):
            if key is not None:
                self.table.setItem(r, c, QTableWidgetItem(values.get(key, "")))
        for column, options, key in ((2, STATUSES, "status"), (8, OUTCOMES, "outcome")):
            combo = QComboBox(self.table)
            for code, label in options:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(values.get(key, options[0][0]))))
            self.table.setCellWidget(r, column, combo)

    def remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def _text(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item is not None else ""

    def _time(self, r: int, c: int, required: bool = False) -> datetime | None:
        from hcc_desktop.clock import LOCAL_TZ, local_today

        text = self._text(r, c)
        if not text and not required:
            return None
        match = _HM.match(text)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError(tr("Dòng {n}, cột “{c}”: giờ viết theo dạng 09:15.", n=r + 1, c=COLUMNS[c]))
        day = local_today(self._services.clock)
        return datetime(day.year, day.month, day.day, int(match.group(1)), int(match.group(2)), tzinfo=LOCAL_TZ)

    def entries(self) -> list:
        from hcc_desktop.services.backentry import PaperEntry

        found = []
        for r in range(self.table.rowCount()):
            if not self._text(r, 0):
                continue
            found.append(PaperEntry(
                self._text(r, 0), self._time(r, 1, required=True), self.table.cellWidget(r, 2).currentData(),
                self._time(r, 3), self._time(r, 4), self._text(r, 5), self._text(r, 6), "", self._text(r, 7),
                self.table.cellWidget(r, 8).currentData()))
        return found

    def _paint(self, checks) -> None:
        rows = [r for r in range(self.table.rowCount()) if self._text(r, 0)]
        lines = []
        for check in checks:
            color = "#f8d7da" if check.problems else "#ffe5b4" if check.collides else "#ffffff"
            for c in (0, 1, 3, 4, 5, 6, 7):
                item = self.table.item(rows[check.index], c)
                if item is not None:
                    item.setBackground(QBrush(QColor(color)))
            if check.problems:
                lines.append(tr("Dòng {n}: {p}", n=rows[check.index] + 1, p=" ".join(check.problems)))
            elif check.collides:
                lines.append(tr("Dòng {n}: số {c} đã có trong hàng chờ hôm nay.", n=rows[check.index] + 1,
                                c=check.code))
        self.result.setText("\n".join(lines) or tr("Các dòng hợp lệ; bấm “Nhập bù” để ghi."))

    def check(self, *, keep_error: bool = False) -> None:
        if not keep_error:
            self.error.clear_error()
        try:
            entries = self.entries()
        except ValidationError as exc:
            self.error.show_error(exc)
            return
        run_task(self, self._services.continuity.backentry.check, self._actor, entries).on_success(self._paint) \
            .on_failure(lambda exc: show_failure(self.error, exc))

    def record(self) -> None:
        self.error.clear_error()
        try:
            entries = self.entries()
        except ValidationError as exc:
            self.error.show_error(exc)
            return
        run_task(self, self._services.continuity.backentry.record, self._actor, entries,
                 renumber=self.renumber.isChecked()).on_success(self._recorded).on_failure(self._failed)

    def _failed(self, exc) -> None:
        show_failure(self.error, exc)
        self.check(keep_error=True)  # colour the lines that made it fail

    def _recorded(self, result) -> None:
        text = tr("Đã nhập bù {n} phiếu ({w} người còn chờ đã vào hàng chờ, {v} lượt hỗ trợ).", n=len(result.codes),
                  w=result.waiting, v=result.visits)
        if result.renumbered:
            text += " " + tr("Đổi số: {x}.", x=", ".join(result.renumbered))
        self.result.setText(text)
        self.table.setRowCount(0)
        self.add_row()
        parent = self.parent()
        if parent is not None and getattr(parent, "counter_panel", None) is not None:
            parent.counter_panel.refresh()
