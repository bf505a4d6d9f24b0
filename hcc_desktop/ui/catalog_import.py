"""What an Excel import would do, or why the file was refused, shown before anything changes."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.widgets import dialog_buttons


class ImportReportDialog(QDialog):
    """Either a summary with "Nhập" (accept applies the import) or the list of rejected rows with "Đóng"."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle(title)
        self.resize(760, 420)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.problems = QTableWidget(0, 3, self)
        self.problems.setObjectName("importProblems")
        self.problems.setHorizontalHeaderLabels([tr("Trang"), tr("Dòng"), tr("Lý do")])
        self.problems.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.problems, 1)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.problems.resizeRowsToContents()  # once the reason column has its final width

    @classmethod
    def for_preview(cls, result, parent: QWidget | None = None) -> "ImportReportDialog":
        lines = [tr("Tệp hợp lệ. Nếu nhập: thêm {new} thủ tục mới, cập nhật {changed} thủ tục, "
                    "{same} thủ tục giữ nguyên.", new=result.new, changed=result.changed, same=result.unchanged)]
        if result.new_codes:
            lines.append(tr("Thủ tục mới: {codes}.", codes=", ".join(result.new_codes)))
        if result.changed_codes:
            lines.append(tr("Thủ tục thay đổi: {codes}.", codes=", ".join(result.changed_codes)))
        lines.append(tr("Thủ tục không có trong tệp giữ nguyên. Thủ tục được cập nhật lấy đúng danh sách giấy tờ "
                        "trong tệp."))
        dialog = cls(tr("Nhập danh mục từ Excel"), "\n".join(lines), parent)
        dialog.layout().addStretch(1)
        if result.new or result.changed:
            dialog.buttons = dialog_buttons(dialog, tr("Nhập"), dialog.accept)
        else:
            dialog.text.setText(tr("Tệp trùng khớp với danh mục hiện có; không có gì để nhập."))
            dialog.buttons = dialog._close_only()
        dialog.layout().addWidget(dialog.buttons)
        dialog.resize(640, 260)
        return dialog

    @classmethod
    def for_problems(cls, exc, parent: QWidget | None = None) -> "ImportReportDialog":
        dialog = cls(tr("Tệp chưa được nhập"), exc.message + "\n" +
                     tr("Hãy sửa các dòng dưới đây trong tệp Excel rồi nhập lại."), parent)
        dialog.problems.setRowCount(len(exc.problems))
        for r, problem in enumerate(exc.problems):
            for col, text in enumerate((problem.sheet, str(problem.row), problem.reason)):
                dialog.problems.setItem(r, col, QTableWidgetItem(text))
        dialog.problems.show()
        dialog.buttons = dialog._close_only()
        dialog.layout().addWidget(dialog.buttons)
        return dialog

    def _close_only(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Đóng"))
        buttons.rejected.connect(self.reject)
        return buttons
