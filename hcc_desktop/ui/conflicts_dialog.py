"""Conflicts of an import, one per line; the selected record's two versions side by side, whole.

A supervisor deciding "keep this machine's version" or "take the package's" reads every
field of the record: the fields that differ come first, marked "≠", bold and shaded; the
rest follow in the record's own order. ID numbers arrive masked from the service.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.clock import format_local
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

DIFFERS = "≠"
DIFFERS_BACKGROUND = QColor("#ffe3a3")
LONG_TEXT = 160


def shown_value(kind: str, value) -> str:
    """A canonical value as a supervisor reads it: local times, day/month/year, short record codes."""
    if value is None or value == "":
        return tr("(trống)")
    if value is True or value is False:
        return tr("có") if value else tr("không")
    text = str(value)
    try:
        if kind == "datetime":
            return format_local(datetime.fromisoformat(text).replace(tzinfo=timezone.utc), "%d/%m/%Y %H:%M:%S")
        if kind == "date":
            return f"{date.fromisoformat(text):%d/%m/%Y}"
    except ValueError:
        return text
    if kind == "uuid":
        return f"#{text[:8]}"
    text = " ".join(text.split())
    return text if len(text) <= LONG_TEXT else text[:LONG_TEXT - 1] + "…"


def ordered_fields(conflict) -> list:
    """The differing fields first, then the others, each group in the record's own order."""
    return [f for f in conflict.fields if f.differs] + [f for f in conflict.fields if not f.differs]


class ConflictsDialog(QDialog):
    def __init__(self, exchange, actor, conflicts: list, parent: QWidget | None, done) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(tr("Xung đột khi gộp dữ liệu"))
        self.resize(1100, 660)
        self._exchange, self._actor = exchange, actor
        self.conflicts = conflicts
        self.table = self._list(conflicts)
        self.record = QTableWidget(0, 4, self)
        self.record.setObjectName("conflictRecord")
        self.record.setHorizontalHeaderLabels([DIFFERS, tr("Trường"), tr("Bản của máy này"), tr("Bản trong gói")])
        self.record.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.record.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.record.verticalHeader().hide()
        header = self.record.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.caption = QLabel(self)
        self.caption.setObjectName("conflictCaption")
        self.caption.setWordWrap(True)
        below = QWidget(self)
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.caption)
        column.addWidget(self.record, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setStretchFactor(1, 3)
        split.setSizes([150, 450])
        self.error = ErrorLabel(self)
        self.keep = QPushButton(tr("Giữ bản của máy này"), self)
        self.keep.clicked.connect(lambda: self.resolve(False))
        self.take = QPushButton(tr("Lấy bản trong gói"), self)
        self.take.clicked.connect(lambda: self.resolve(True))
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.keep, self.take):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.finished.connect(lambda _r: done())
        self.table.itemSelectionChanged.connect(self._show_selected)
        if conflicts:
            self.table.selectRow(0)
        self._show_selected()

    def _list(self, conflicts: list) -> QTableWidget:
        table = QTableWidget(len(conflicts), 3, self)
        table.setObjectName("conflictList")
        table.setHorizontalHeaderLabels([tr("Loại bản ghi"), tr("Khác nhau ở"), tr("Lúc nhập")])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for r, c in enumerate(conflicts):
            differing = ", ".join(f.label for f in c.fields if f.differs and f.column != "updated_at")
            for col, value in enumerate((c.table_label, differing, format_local(c.created_at))):
                table.setItem(r, col, QTableWidgetItem(value))
        return table

    def selected_index(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _show_selected(self) -> None:
        index = self.selected_index()
        self.keep.setEnabled(index is not None)
        self.take.setEnabled(index is not None)
        if index is None:
            self.record.setRowCount(0)
            self.caption.setText(tr("Không còn xung đột nào.") if not self.conflicts
                                 else tr("Chọn một xung đột để xem hai bản của bản ghi."))
            return
        conflict = self.conflicts[index]
        fields = ordered_fields(conflict)
        differing = sum(1 for f in fields if f.differs)
        caption = tr("Bản ghi {kind} #{code}: {n} trường khác nhau (đánh dấu {mark}, in đậm, tô màu, xếp trước); "
                     "{m} trường giống nhau ở dưới.", kind=conflict.table_label, code=conflict.record_id.hex[:8],
                     n=differing, mark=DIFFERS, m=len(fields) - differing)
        for f in fields:
            if f.differs and f.mine and f.mine == f.theirs:  # masked alike
                caption += " " + tr("{field} khác nhau ở những chữ số được che.", field=f.label)
        self.caption.setText(caption)
        self.record.setRowCount(len(fields))
        for r, f in enumerate(fields):
            cells = (DIFFERS if f.differs else "", f.label, shown_value(f.kind, f.mine), shown_value(f.kind, f.theirs))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                value = f.mine if c == 2 else f.theirs if c == 3 else None
                if c == 1:
                    item.setToolTip(f.column)
                elif value is not None and f.kind in ("text", "uuid"):
                    item.setToolTip(str(value))  # the whole note, the whole record code
                if f.differs:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(DIFFERS_BACKGROUND))
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.record.setItem(r, c, item)

    def resolve(self, take_theirs: bool) -> None:
        index = self.selected_index()
        if index is None:
            self.error.show_error(tr("Hãy chọn một xung đột."))
            return
        self.error.clear_error()
        conflict = self.conflicts[index]
        run_task(self, self._exchange.resolve, self._actor, conflict.id, take_theirs).on_success(
            lambda _r: self._resolved(index)).on_failure(lambda exc: show_failure(self.error, exc))

    def _resolved(self, index: int) -> None:
        del self.conflicts[index]
        self.table.removeRow(index)
        if self.conflicts:
            self.table.selectRow(min(index, len(self.conflicts) - 1))
        self._show_selected()
