"""Steps 2–4: the procedure and its papers, the help given, the outcome and the appointment."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QCompleter, QDateEdit, QFormLayout, QGridLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QRadioButton, QSpinBox, QVBoxLayout,
                               QWidget)

from hcc_desktop.i18n import tr


def _support_labels():
    from hcc_desktop.services.vocab import SUPPORT

    return SUPPORT


class PapersStep(QWidget):
    """Choose the procedure; tick the papers the person brought. Missing ones show where to get them."""

    changed = Signal()
    procedure_chosen = Signal()

    def __init__(self, procedures: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.procedures = {p.id: p for p in procedures}
        self.need = QLineEdit(self)
        self.procedure = QComboBox(self)
        self.procedure.setObjectName("procedure")
        self.procedure.setEditable(True)
        self.procedure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.procedure.addItem("", None)  # nothing chosen: the line shows its hint
        for p in procedures:
            mark = "" if p.verified else tr(" (cần kiểm tra)")
            self.procedure.addItem(f"{p.name} [{p.code}]{mark}", p.id)
        # Any part of the name or code narrows the list (↓ then Enter picks).
        self.procedure.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.procedure.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.procedure.lineEdit().setPlaceholderText(tr("— chọn thủ tục: gõ vài chữ của tên, ↓ rồi Enter —"))
        self.procedure.currentIndexChanged.connect(self._show_papers)
        self.procedure.activated.connect(lambda _i: self.procedure_chosen.emit())
        self.papers = QListWidget(self)
        self.papers.setObjectName("papers")
        self.papers.setWordWrap(True)  # a paper and where to get it can be a long line
        self.papers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.papers.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.papers.itemChanged.connect(lambda _i: self.changed.emit())
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Nhu cầu"), self.need)
        form.addRow(tr("Thủ tục"), self.procedure)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Giấy tờ mang theo (đánh dấu những giấy đã có — phím cách để đánh dấu):"), self))
        layout.addWidget(self.papers, 1)
        layout.addWidget(self.info)
        self.need.textChanged.connect(lambda _t: self.changed.emit())

    def current(self):
        return self.procedures.get(self.procedure.currentData())

    def start_ticking(self) -> None:
        """After the procedure is chosen: the first paper has the focus; Space ticks, ↓ moves on."""
        if self.papers.count():
            self.papers.setFocus()
            self.papers.setCurrentRow(0)

    def _show_papers(self) -> None:
        self.papers.clear()
        p = self.current()
        if p is None:
            self.info.clear()
            self.changed.emit()
            return
        for doc in p.documents:
            where = tr(" — nếu thiếu: {w}", w=doc.where_to_obtain) if doc.where_to_obtain else ""
            item = QListWidgetItem(f"{doc.name}{where}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, str(doc.id))
            self.papers.addItem(item)
        days = tr("trả trong ngày") if p.same_day else (
            tr("{n} ngày làm việc", n=p.processing_days) if p.processing_days is not None
            else tr("chưa có thời hạn trong danh mục"))
        status = tr("đã kiểm tra") if p.verified else tr("cần kiểm tra")
        self.info.setText(tr("Thời hạn: {d}. Phí, lệ phí: {f}. Thông tin danh mục: {s}.", d=days,
                             f=(p.fee or tr("không ghi")).rstrip(". "), s=status))
        self.changed.emit()

    def ticked(self) -> tuple[str, ...]:
        return tuple(self.papers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.papers.count())
                     if self.papers.item(i).checkState() == Qt.CheckState.Checked)

    def missing(self) -> list:
        p = self.current()
        have = set(self.ticked())
        return [d for d in (p.documents if p else ()) if str(d.id) not in have and d.required]

    def draft(self) -> dict:
        return {"need": self.need.text(), "procedure": str(self.procedure.currentData() or ""),
                "papers": list(self.ticked())}

    def restore(self, draft: dict) -> None:
        self.need.setText(draft.get("need", ""))
        index = next((i for i in range(self.procedure.count())
                      if str(self.procedure.itemData(i) or "") == draft.get("procedure", "")), 0)
        self.procedure.setCurrentIndex(index)
        ticked = set(draft.get("papers", []))
        for i in range(self.papers.count()):
            item = self.papers.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in ticked:
                item.setCheckState(Qt.CheckState.Checked)


class SupportStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = {code: QCheckBox(label[:1].upper() + label[1:], self) for code, label in _support_labels().items()}
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(tr("Ghi chú (ví dụ: đã đọc chậm từng câu hỏi, viết hộ tờ khai)"))
        grid = QGridLayout()
        for i, box in enumerate(self.boxes.values()):
            grid.addWidget(box, i // 2, i % 2)
            box.toggled.connect(lambda _c: self.changed.emit())
        self.note.textChanged.connect(self.changed.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Đã hỗ trợ người dân:"), self))
        layout.addLayout(grid)
        layout.addWidget(self.note, 1)

    def chosen(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def first(self) -> QWidget:
        return next(iter(self.boxes.values()))

    def draft(self) -> dict:
        return {"support": list(self.chosen()), "support_note": self.note.toPlainText()}

    def restore(self, draft: dict) -> None:
        for code in draft.get("support", []):
            if code in self.boxes:
                self.boxes[code].setChecked(True)
        self.note.setPlainText(draft.get("support_note", ""))


class ResultStep(QWidget):
    """Outcome of the visit; for a received dossier, how it was submitted and how the result comes back."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        from hcc_desktop.services.vocab import CHANNELS, DELIVERIES, OUTCOMES

        super().__init__(parent)
        self.outcomes = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for code, label in OUTCOMES.items():
            button = QRadioButton(label[:1].upper() + label[1:], self)
            button.setProperty("code", code)
            self.outcomes.addButton(button)
            layout.addWidget(button)
        self.outcomes.buttonToggled.connect(self._toggle)
        self.channel, self.delivery = QComboBox(self), QComboBox(self)
        for code, label in CHANNELS.items():
            self.channel.addItem(label, code)
        for code, label in DELIVERIES.items():
            self.delivery.addItem(label, code)
        self.online_ref, self.address, self.fee = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 50)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due.setDate(QDate.currentDate().addDays(7))
        self.due_hint = QLabel(self)
        self.due_hint.setObjectName("dueHint")
        self.due_hint.setWordWrap(True)
        self.dossier = QWidget(self)
        form = QFormLayout(self.dossier)
        form.addRow(tr("Hình thức nộp"), self.channel)
        form.addRow(tr("Mã hồ sơ trực tuyến"), self.online_ref)
        form.addRow(tr("Nhận kết quả"), self.delivery)
        form.addRow(tr("Địa chỉ nhận qua bưu chính"), self.address)
        form.addRow(tr("Phí, lệ phí"), self.fee)
        form.addRow(tr("Số bộ hồ sơ"), self.copies)
        form.addRow(tr("Ngày hẹn trả"), self.due_hint)
        form.addRow(tr("Ngày hẹn (thủ tục chưa có thời hạn)"), self.due)
        self.fields = {"channel": self.channel, "online_ref": self.online_ref, "delivery": self.delivery,
                       "delivery_address": self.address, "fee": self.fee, "copies": self.copies, "due_at": self.due}
        layout.addWidget(self.dossier)
        layout.addStretch(1)
        self.dossier.setEnabled(False)

    def first(self) -> QWidget:
        return self.outcomes.checkedButton() or self.outcomes.buttons()[0]

    def show_due(self, text: str, needs_date: bool) -> None:
        """The date the slip will give (from the working calendar), or that one must be typed."""
        self.due_hint.setText(text)
        self.due.setEnabled(needs_date)

    def outcome(self) -> str:
        button = self.outcomes.checkedButton()
        return button.property("code") if button is not None else ""

    def _toggle(self, *_args) -> None:
        self.dossier.setEnabled(self.outcome() == "received")
        self.changed.emit()

    def dossier_fields(self) -> dict:
        return dict(channel=self.channel.currentData(), online_ref=self.online_ref.text(),
                    delivery=self.delivery.currentData(), delivery_address=self.address.text(),
                    fee=self.fee.text(), copies=self.copies.value())

    def draft(self) -> dict:
        return {"outcome": self.outcome(), **self.dossier_fields()}

    def restore(self, draft: dict) -> None:
        for button in self.outcomes.buttons():
            button.setChecked(button.property("code") == draft.get("outcome"))
        self.online_ref.setText(draft.get("online_ref", ""))
        self.address.setText(draft.get("delivery_address", ""))
        self.fee.setText(draft.get("fee", ""))
