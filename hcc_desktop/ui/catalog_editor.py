"""The editor of one procedure: its details on one tab, the papers it needs on the other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr

if TYPE_CHECKING:
    from hcc_desktop.services.catalog import ProcedureInfo, ProcedureInput

KINDS = ("original", "copy", "certified")
NAME, KIND, QUANTITY, WHERE, REQUIRED = range(5)


def kind_labels() -> dict[str, str]:
    return {"original": tr("Bản chính"), "copy": tr("Bản sao"), "certified": tr("Bản sao chứng thực")}


class DocumentsTable(QWidget):
    """The papers of a procedure, in order: add, remove, move up and down."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("documentsTable")
        self.table.setHorizontalHeaderLabels([tr("Tên giấy tờ"), tr("Loại bản"), tr("Số lượng"),
                                              tr("Nơi cấp nếu thiếu"), tr("Bắt buộc")])
        header = self.table.horizontalHeader()
        for col, width in ((KIND, 150), (QUANTITY, 64), (REQUIRED, 72)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        for col in (NAME, WHERE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())  # long names wrap
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton(tr("Thêm giấy tờ"), self)
        self.remove_button = QPushButton(tr("Xóa"), self)
        self.up_button = QPushButton(tr("Lên"), self)
        self.down_button = QPushButton(tr("Xuống"), self)
        self.add_button.clicked.connect(lambda: self._add_row({}, select=True))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[dict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self._add_row(row)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)

    def commit_edit(self) -> None:
        """Keep what is being typed in a cell (Ctrl+S pressed before leaving the cell)."""
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None and self.table.state() == QAbstractItemView.State.EditingState:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def rows(self) -> list[dict]:
        self.commit_edit()
        result = []
        for r in range(self.table.rowCount()):
            name = self.table.item(r, NAME)
            result.append(dict(id=name.data(Qt.ItemDataRole.UserRole), name=name.text(),
                               copy_kind=self.table.cellWidget(r, KIND).currentData(),
                               quantity=self.table.cellWidget(r, QUANTITY).value(),
                               where_to_obtain=self.table.item(r, WHERE).text(),
                               required=self.table.item(r, REQUIRED).checkState() == Qt.CheckState.Checked))
        return result

    def _add_row(self, values: dict, *, select: bool = False) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        name = QTableWidgetItem(values.get("name", ""))
        name.setData(Qt.ItemDataRole.UserRole, values.get("id"))
        self.table.setItem(r, NAME, name)
        kind = QComboBox(self.table)
        for key, label in kind_labels().items():
            kind.addItem(label, key)
        kind.setCurrentIndex(max(0, kind.findData(values.get("copy_kind", "original"))))
        kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.table.setCellWidget(r, KIND, kind)
        quantity = QSpinBox(self.table)
        quantity.setRange(1, 99)
        quantity.setValue(int(values.get("quantity", 1)))
        quantity.valueChanged.connect(lambda _v: self.changed.emit())
        self.table.setCellWidget(r, QUANTITY, quantity)
        self.table.setItem(r, WHERE, QTableWidgetItem(values.get("where_to_obtain", "")))
        for col in (NAME, WHERE):
            self.table.item(r, col).setToolTip(self.table.item(r, col).text())
        required = QTableWidgetItem()
        required.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        required.setCheckState(Qt.CheckState.Checked if values.get("required", True) else Qt.CheckState.Unchecked)
        self.table.setItem(r, REQUIRED, required)
        if select:
            self.table.setCurrentCell(r, NAME)
            self.table.editItem(name)
            self.changed.emit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        rows = self.rows()
        if not 0 <= row < len(rows) or not 0 <= row + step < len(rows):
            return
        rows[row], rows[row + step] = rows[row + step], rows[row]
        self.set_rows(rows)
        self.table.setCurrentCell(row + step, NAME)
        self.changed.emit()

    def set_editable(self, editable: bool) -> None:
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                                   if editable else triggers.NoEditTriggers)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setVisible(editable)
        self.table.blockSignals(True)  # flags are not an edit
        for r in range(self.table.rowCount()):
            for col in (KIND, QUANTITY):
                self.table.cellWidget(r, col).setEnabled(editable)
            flags = self.table.item(r, REQUIRED).flags()
            self.table.item(r, REQUIRED).setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable if editable
                                                  else flags & ~Qt.ItemFlag.ItemIsUserCheckable)
        self.table.blockSignals(False)


class ProcedureEditor(QTabWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.procedure_id = None
        self.code, self.name = QLineEdit(self), QLineEdit(self)
        self.field = QComboBox(self)
        self.field.setEditable(True)
        self.days = QLineEdit(self)
        self.days.setPlaceholderText(tr("để trống nếu chưa rõ"))
        self.days.setMaximumWidth(160)
        self.same_day = QCheckBox(tr("Trả kết quả trong ngày (nhận sau giờ chốt thì trả vào ngày làm việc sau)"), self)
        self.fee, self.legal_basis, self.purpose, self.who, self.note = (QPlainTextEdit(self) for _ in range(5))
        self.agency, self.result_return = QLineEdit(self), QPlainTextEdit(self)
        for box, lines in ((self.fee, 2), (self.legal_basis, 2), (self.purpose, 2), (self.who, 2), (self.note, 3),
                           (self.result_return, 2)):
            box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
        self.verified = QCheckBox(tr("Đã kiểm tra: phụ trách Trung tâm đã đối chiếu với quy định hiện hành"), self)
        self.active = QCheckBox(tr("Đang áp dụng (hiện khi tiếp nhận hồ sơ)"), self)
        general = QWidget(self)
        form = QFormLayout(general)
        for label, widget in ((tr("Mã thủ tục"), self.code), (tr("Tên thủ tục"), self.name),
                              (tr("Lĩnh vực"), self.field), (tr("Số ngày làm việc"), self.days), ("", self.same_day),
                              (tr("Phí, lệ phí"), self.fee), (tr("Căn cứ pháp lý"), self.legal_basis),
                              (tr("Đối tượng thực hiện"), self.who), (tr("Mục đích"), self.purpose),
                              (tr("Cơ quan chủ trì"), self.agency), (tr("Nơi và cách trả kết quả"), self.result_return),
                              (tr("Ghi chú"), self.note), ("", self.verified), ("", self.active)):
            form.addRow(label, widget)
        self.documents = DocumentsTable(self)
        self.addTab(general, tr("Thông tin chung"))
        self.addTab(self.documents, tr("Thành phần hồ sơ"))
        self.fields = {"code": self.code, "name": self.name, "field": self.field, "processing_days": self.days,
                       "fee": self.fee, "legal_basis": self.legal_basis, "purpose": self.purpose,
                       "who_may_apply": self.who, "note": self.note, "documents": self.documents.table,
                       "agency": self.agency, "result_return": self.result_return}
        for line in (self.code, self.name, self.days, self.agency):
            line.textEdited.connect(lambda _t: self.changed.emit())
        for box in (self.fee, self.legal_basis, self.purpose, self.who, self.note, self.result_return):
            box.textChanged.connect(self.changed.emit)
        for check in (self.same_day, self.verified, self.active):
            check.clicked.connect(lambda _c: self.changed.emit())
        self.field.editTextChanged.connect(lambda _t: self.changed.emit())
        self.documents.changed.connect(self.changed.emit)
        self.documents.changed.connect(self._count_documents)

    def load(self, p: "ProcedureInfo | None", fields: list[str]) -> None:
        """Show ``p`` (or an empty form for a new procedure) without raising ``changed``."""
        self.blockSignals(True)
        self.procedure_id = p.id if p else None
        self.field.clear()
        self.field.addItems(fields)
        self.code.setText(p.code if p else "")
        self.name.setText(p.name if p else "")
        self.field.setEditText(p.field if p else "")
        self.days.setText("" if p is None or p.processing_days is None else str(p.processing_days))
        self.same_day.setChecked(bool(p and p.same_day))
        self.name.setCursorPosition(0)
        for box, text in ((self.fee, p.fee if p else ""), (self.legal_basis, p.legal_basis if p else ""), (self.purpose, p.purpose if p else ""),
                          (self.who, p.who_may_apply if p else ""), (self.note, p.note if p else ""),
                          (self.result_return, p.result_return if p else "")):
            box.setPlainText(text)
        self.agency.setText(p.agency if p else "")
        self.verified.setChecked(bool(p and p.verified))
        self.active.setChecked(p.active if p else True)
        self.documents.set_rows([dict(id=d.id, name=d.name, copy_kind=d.copy_kind, quantity=d.quantity,
                                      where_to_obtain=d.where_to_obtain, required=d.required)
                                 for d in (p.documents if p else ())])
        self._count_documents()
        self.blockSignals(False)

    def _count_documents(self) -> None:
        self.setTabText(1, tr("Thành phần hồ sơ ({n})", n=self.documents.table.rowCount()))

    def value(self) -> "ProcedureInput":
        from hcc_desktop.services.catalog import DocumentInput, ProcedureInput

        days = self.days.text().strip()
        if days and not days.isdigit():
            raise ValidationError(tr("Số ngày làm việc phải là số nguyên từ 0 đến 365, hoặc để trống khi chưa rõ."),
                                  "processing_days")
        docs = tuple(DocumentInput(**row) for row in self.documents.rows())
        return ProcedureInput(self.code.text(), self.name.text(), self.field.currentText(),
                              int(days) if days else None, self.same_day.isChecked(), self.fee.toPlainText(),
                              self.legal_basis.toPlainText(), self.purpose.toPlainText(), self.who.toPlainText(),
                              self.verified.isChecked(), self.active.isChecked(), self.note.toPlainText(), docs,
                              self.procedure_id, agency=self.agency.text(),
                              result_return=self.result_return.toPlainText())

    def set_editable(self, editable: bool) -> None:
        for line in (self.code, self.name, self.days, self.agency):
            line.setReadOnly(not editable)
        for box in (self.fee, self.legal_basis, self.purpose, self.who, self.note, self.result_return):
            box.setReadOnly(not editable)
        for widget in (self.field, self.same_day, self.verified, self.active):
            widget.setEnabled(editable)
        self.documents.set_editable(editable)

    def point_at(self, exc: BaseException) -> None:
        """Show the tab and the document row a validation error names (``documents.3.name``)."""
        parts = (getattr(exc, "field", None) or "").split(".")
        if parts[0] == "documents":
            self.setCurrentIndex(1)
            if len(parts) > 1 and parts[1].isdigit():
                self.documents.table.setCurrentCell(int(parts[1]), NAME)
        elif parts[0]:
            self.setCurrentIndex(0)
