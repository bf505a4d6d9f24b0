"""The procedure catalog: the list, the editor of the selected procedure, Excel import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.text import fold
from hcc_desktop.ui.catalog_editor import ProcedureEditor
from hcc_desktop.ui.catalog_import import ImportReportDialog
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.catalog import CatalogService, ProcedureInfo

UNVERIFIED = QColor("#fff3e0")
UNVERIFIED_TEXT = QColor("#b34700")


class CatalogDialog(QDialog):
    def __init__(self, catalog: "CatalogService", actor: "Actor", procedures: list["ProcedureInfo"],
                 parent: QWidget | None = None, seed_codes: frozenset[str] = frozenset()) -> None:
        super().__init__(parent)
        self.setObjectName("catalogDialog")
        self.setWindowTitle(tr("Danh mục thủ tục hành chính"))
        self.resize(1320, 720)
        self._catalog, self._actor, self._seed_codes = catalog, actor, seed_codes
        self.editable = actor.role.value in ("supervisor", "admin")
        self.procedures: list[ProcedureInfo] = []
        self.dirty = False
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Tìm theo mã, tên hoặc lĩnh vực"))
        self.search.textChanged.connect(self._filter)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("procedureList")
        self.table.setHorizontalHeaderLabels([tr("Mã"), tr("Tên thủ tục"), tr("Lĩnh vực"), tr("Ngày"),
                                              tr("Kiểm tra")])
        self.table.horizontalHeaderItem(3).setToolTip(tr("Số ngày làm việc để trả kết quả"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.currentCellChanged.connect(self._row_changed)
        self.new_button = QPushButton(tr("Thủ tục mới"), self)
        self.new_button.clicked.connect(self.new_procedure)
        self.legend = QLabel(tr("Dòng tô cam: thông tin chưa được kiểm tra, cần phụ trách Trung tâm đối chiếu "
                                "với quy định hiện hành trước khi hướng dẫn người dân."), self)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(f"color: {UNVERIFIED_TEXT.name()};")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.search, self.table, self.legend, self.new_button):
            left_layout.addWidget(widget)
        self.editor = ProcedureEditor(self)
        self.editor.changed.connect(self._edited)
        self.restore_button = QPushButton(tr("Khôi phục bản cài sẵn"), self)
        self.restore_button.clicked.connect(self.restore)
        self.save_button = QPushButton(tr("Lưu"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.error = ErrorLabel(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor, 1)
        right_layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        right_layout.addLayout(row)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 760])
        self.import_button = QPushButton(tr("Nhập từ Excel…"), self)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button = QPushButton(tr("Xuất ra Excel…"), self)
        self.export_button.clicked.connect(self.export_excel)
        self.message = QLabel(self)
        self.message.setObjectName("catalogMessage")
        self.message.setStyleSheet("color: #1b5e20;")
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        for widget in (self.import_button, self.export_button, self.message):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        for widget in (self.new_button, self.restore_button, self.save_button, self.import_button):
            widget.setVisible(self.editable)
        self.show_procedures(procedures)

    # -- the list -------------------------------------------------------------
    def show_procedures(self, procedures: list["ProcedureInfo"], select_id=None) -> None:
        from hcc_desktop.services.catalog import status_label

        self.procedures = procedures
        self.table.blockSignals(True)
        self.table.setRowCount(len(procedures))
        for r, p in enumerate(procedures):
            days = tr("trong ngày") if p.same_day else ("" if p.processing_days is None else str(p.processing_days))
            name = p.name if p.active else tr("{name} (ngừng áp dụng)", name=p.name)
            for col, text in enumerate((p.code, name, p.field, days, status_label(p))):
                item = QTableWidgetItem(text)
                item.setToolTip(p.name if col == 1 else text)
                if not p.verified:
                    item.setBackground(QBrush(UNVERIFIED))
                if col == 4 and not p.verified:
                    item.setForeground(QBrush(UNVERIFIED_TEXT))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                if not p.active:
                    item.setForeground(QBrush(QColor("#777777")))
                self.table.setItem(r, col, item)
        self.table.blockSignals(False)
        self._filter(self.search.text())
        index = next((i for i, p in enumerate(procedures) if p.id == select_id), 0 if procedures else -1)
        self.table.blockSignals(True)
        self.table.setCurrentCell(index, 0)
        self.table.blockSignals(False)
        self._load(procedures[index] if index >= 0 else None)

    def _filter(self, text: str) -> None:
        key = fold(text)
        for r, p in enumerate(self.procedures):
            self.table.setRowHidden(r, bool(key) and key not in fold(f"{p.code} {p.name} {p.field}"))

    def _row_changed(self, row: int, _col: int, previous: int, _pcol: int) -> None:
        if row == previous or not 0 <= row < len(self.procedures):
            return
        if self.dirty and not self._discard_changes():
            self.table.blockSignals(True)
            self.table.setCurrentCell(previous, 0)
            self.table.blockSignals(False)
            return
        self._load(self.procedures[row])

    def _discard_changes(self) -> bool:
        answer = QMessageBox.question(self, tr("Chưa lưu"), tr("Thủ tục đang sửa chưa được lưu. Bỏ các thay đổi?"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _load(self, p: "ProcedureInfo | None") -> None:
        self.editor.load(p, sorted({x.field for x in self.procedures if x.field}, key=fold))
        self.editor.set_editable(self.editable)
        self.restore_button.setEnabled(p is not None and p.code in self._seed_codes)
        self.error.clear_error()
        self.dirty = False

    def _edited(self) -> None:
        self.dirty = True
        self.message.clear()

    def reject(self) -> None:
        if not self.dirty or self._discard_changes():
            super().reject()

    # -- actions --------------------------------------------------------------
    def new_procedure(self) -> None:
        if self.dirty and not self._discard_changes():
            return
        self.table.clearSelection()
        self._load(None)
        self.editor.setCurrentIndex(0)
        self.editor.code.setFocus()

    def _reload(self, select_id, message: str) -> None:
        self.dirty = False
        self.save_button.setEnabled(True)
        self.message.setText(message)
        run_task(self, self._catalog.procedures, active_only=False).on_success(
            lambda procedures: self.show_procedures(procedures, select_id))

    def save(self) -> None:
        if not self.editable:
            return
        self.error.clear_error()
        try:
            value = self.editor.value()
        except Exception as exc:  # noqa: BLE001 — a typed error is shown in the form, anything else is presented
            self._failed(exc)
            return
        self.save_button.setEnabled(False)
        run_task(self, self._catalog.save_procedure, self._actor, value).on_success(
            lambda p: self._reload(p.id, tr("Đã lưu thủ tục {code}.", code=p.code))).on_failure(self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.import_button.setEnabled(self.editable)
        self.export_button.setEnabled(True)
        self.editor.point_at(exc)
        show_failure(self.error, exc, self.editor.fields)

    def restore(self) -> None:
        code = self.editor.code.text()
        answer = QMessageBox.question(self, tr("Khôi phục"), tr("Đưa thủ tục {code} về nội dung cài sẵn? "
                                                               "Các sửa đổi của thủ tục này sẽ mất.", code=code))
        if answer == QMessageBox.StandardButton.Yes:
            run_task(self, self._catalog.restore_seed, self._actor, code).on_success(
                lambda p: self._reload(p.id, tr("Đã khôi phục thủ tục {code}.", code=p.code))).on_failure(self._failed)

    def import_excel(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp Excel danh mục thủ tục"), "",
                                              tr("Tệp Excel (*.xlsx)"))
        if not path:
            return
        self.import_button.setEnabled(False)
        self.error.clear_error()
        run_task(self, self._catalog.import_catalog, self._actor, path, dry_run=True).on_success(
            lambda result: self._preview(path, result)).on_failure(self._import_failed)

    def _preview(self, path: str, result) -> None:
        self.import_button.setEnabled(True)
        self.report = ImportReportDialog.for_preview(result, self)
        self.report.accepted.connect(lambda: self._apply(path))
        self.report.open()

    def _apply(self, path: str) -> None:
        run_task(self, self._catalog.import_catalog, self._actor, path).on_success(
            lambda r: self._reload(self.editor.procedure_id, tr(
                "Đã nhập: {new} thủ tục mới, {changed} thủ tục thay đổi.", new=r.new, changed=r.changed))
        ).on_failure(self._import_failed)

    def _import_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if getattr(exc, "problems", None):
            self.report = ImportReportDialog.for_problems(exc, self)
            self.report.open()
        else:
            self._failed(exc)

    def export_excel(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Lưu danh mục thủ tục ra tệp Excel"),
                                              tr("danh-muc-thu-tuc.xlsx"), tr("Tệp Excel (*.xlsx)"))
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        self.export_button.setEnabled(False)
        run_task(self, self._catalog.export_catalog, path).on_success(self._exported).on_failure(self._failed)

    def _exported(self, path) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(tr("Đã xuất {n} thủ tục ra {path}.", n=len(self.procedures), path=str(path)))
