"""The playbooks during a visit (F1 “Tình huống”): pick the scenario, tick the steps done, add a note, apply.

Applying records an incident on the visit; a scenario that sends the person elsewhere creates the
referral and prints its slip, a complaint is recorded with who and what, a submission that could not
be made waits for the connection. Keys: 1–9, 0, -, = choose the scenario; Ctrl+Enter applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor

KEYS = "1234567890-="


@dataclass
class VisitContext:
    """What the counter knows about the person being served (all optional)."""

    visit_id: object = None
    ticket_id: object = None
    citizen_id: object = None
    citizen_name: str = ""
    procedure_id: object = None
    procedure_name: str = ""
    ticked: tuple = ()
    draft: dict = field(default_factory=dict)


def _preview(parent, pdf: bytes, title: str, on_output=None) -> None:
    from hcc_desktop.ui.print_preview import PreviewDialog

    PreviewDialog(pdf, title, parent, on_output=on_output).open()


def _audited(parent, services, actor, subject: str, title: str):
    """``on_output`` for a paper with a person's details: each print or save goes in the audit trail."""
    def record(output: str) -> None:
        from hcc_desktop.services.audit import AuditAction

        run_task(parent, services.audit.record, actor, AuditAction.PRINT, subject, {"document": title, "output": output})

    return record


class PlaybookDialog(QDialog):
    def __init__(self, services: "Services", actor: "Actor", playbooks: list, offices: list,
                 context: VisitContext | None = None, parent: QWidget | None = None, start: str = "",
                 speak=None) -> None:
        """``speak(text) -> bool`` reads a step aloud when a Vietnamese voice is installed."""
        super().__init__(parent)
        self.setObjectName("playbookDialog")
        self.setWindowTitle(tr("Tình huống — kịch bản xử lý"))
        self.resize(1180, 700)
        self._services, self._actor, self._speak = services, actor, speak
        self.context = context or VisitContext()
        self.playbooks = playbooks
        self.offices = [o for o in offices if o.active]
        self.applied = []
        self._build()
        for n, p in enumerate(playbooks):
            key = KEYS[n] if n < len(KEYS) else ""
            item = QListWidgetItem(f"{key}. {p.title}" if key else p.title)
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            self.list.addItem(item)
            if key:
                QShortcut(QKeySequence(key), self, activated=lambda row=n: self.list.setCurrentRow(row))
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.apply)
        codes = [p.code for p in playbooks]
        self.list.setCurrentRow(codes.index(start) if start in codes else 0)

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.list = QListWidget(self)
        self.list.setObjectName("playbookList")
        self.list.setStyleSheet("font-size: 12pt;")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show)
        self.who = QLabel(self)
        who = self.context.citizen_name or tr("chưa chọn người dân")
        self.who.setText(tr("Lượt hỗ trợ: {who}", who=who) if self.context.visit_id else
                         tr("Không có lượt hỗ trợ đang mở: tình huống được ghi nhận riêng."))
        self.title = QLabel(self)
        self.title.setObjectName("playbookTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold; color: #0b3d91;")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.steps = QListWidget(self)
        self.steps.setObjectName("playbookSteps")
        self.steps.setWordWrap(True)
        self.steps.setStyleSheet("font-size: 11.5pt;")
        self.record = QLabel(self)
        self.record.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("incidentNote")
        self.note.setPlaceholderText(tr("Ghi chú: điều đã làm, kết quả…"))
        self.note.setMaximumHeight(70)
        self.action_box = QGroupBox(self)
        self._build_actions()
        self.error = ErrorLabel(self)
        self.apply_button = QPushButton(tr("Áp dụng và ghi nhận (Ctrl+Enter)"), self)
        self.apply_button.setObjectName("applyPlaybook")
        self.apply_button.clicked.connect(self.apply)
        self.card_button = QPushButton(tr("In thẻ tình huống"), self)
        self.card_button.clicked.connect(self.print_card)
        close = QPushButton(tr("Đóng"), self)
        close.clicked.connect(self.accept)
        right = QWidget(self)
        column = QVBoxLayout(right)
        for widget in (self.who, self.title, self.summary):
            column.addWidget(widget)
        column.addWidget(QLabel(tr("<b>Các bước</b> (đánh dấu bước đã làm):"), self))
        column.addWidget(self.steps, 1)
        column.addWidget(self.record)
        column.addWidget(self.note)
        column.addWidget(self.action_box)
        column.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.card_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(close)
        column.addLayout(buttons)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([400, 780])
        QVBoxLayout(self).addWidget(split)

    def _build_actions(self) -> None:
        self.office = QComboBox(self)
        for o in self.offices:
            self.office.addItem(o.name + ("" if o.verified else tr(" (cần kiểm tra)")), o.code)
        self.return_on = QDateEdit(self)
        self.return_on.setCalendarPopup(True)
        self.return_on.setDisplayFormat("dd/MM/yyyy")
        self.return_on.setDate(QDate.currentDate().addDays(1))
        self.with_return = QCheckBox(tr("Hẹn quay lại"), self)
        self.with_return.setChecked(True)
        self.external_ref = QLineEdit(self)
        self.external_ref.setPlaceholderText(tr("Mã phản ánh (nếu đã có)"))
        self.person = QLineEdit(self)
        self.contact = QLineEdit(self)
        self.content = QPlainTextEdit(self)
        self.content.setMaximumHeight(60)
        self.extra = QLabel(self)
        self.extra.setWordWrap(True)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self._print_action)
        self.read_button = QPushButton(tr("Đọc to bước đang chọn"), self)
        self.read_button.clicked.connect(self.read_step)
        self.kit_button = QPushButton(tr("Nhập bù phiếu giấy…"), self)
        form = QFormLayout(self.action_box)
        self._rows = {}
        for key, label, widget in (("office", tr("Giới thiệu đến"), self.office),
                                   ("return", self.with_return, self.return_on),
                                   ("ref", tr("Mã phản ánh"), self.external_ref),
                                   ("person", tr("Người phản ánh"), self.person),
                                   ("contact", tr("Liên hệ"), self.contact),
                                   ("content", tr("Nội dung phản ánh"), self.content)):
            form.addRow(label, widget)
            self._rows[key] = (form.labelForField(widget) if isinstance(label, str) else label, widget)
        row = QHBoxLayout()
        for widget in (self.print_button, self.read_button, self.kit_button):
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow(self.extra)
        form.addRow(row)

    # -- showing one scenario -----------------------------------------------------------
    def current(self):
        row = self.list.currentRow()
        return self.playbooks[row] if 0 <= row < len(self.playbooks) else None

    def _show(self, _row: int) -> None:
        from hcc_desktop.services.playbook_data import action_label

        p = self.current()
        if p is None:
            return
        self.error.clear_error()
        self.title.setText(p.title)
        self.summary.setText(tr("<b>Khó khăn:</b> {d}<br><b>Cách xử lý:</b> {h}<br><b>Người thực hiện:</b> {r}",
                                d=_html(p.difficulty), h=_html(p.handling), r=_html(p.responsible)))
        self.steps.clear()
        for n, step in enumerate(p.steps, 1):
            item = QListWidgetItem(f"{n}. {step}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.steps.addItem(item)
        self.record.setText(tr("<b>Cần ghi lại:</b> {r}", r=_html(p.record)))
        self.action_box.setTitle(tr("Theo dõi: {a}", a=action_label(p.action)))
        self._show_action(p)

    def _show_action(self, p) -> None:
        visible = {"referral": {"office", "return"}, "feedback": {"office", "ref"},
                   "complaint": {"person", "contact", "content"}}.get(p.action, set())
        for key, (label, widget) in self._rows.items():
            label.setVisible(key in visible)
            widget.setVisible(key in visible)
        if p.office:
            index = self.office.findData(p.office)
            self.office.setCurrentIndex(max(0, index))
        if p.action == "complaint" and not self.person.text():
            self.person.setText(self.context.citizen_name)
        texts = {"referral": tr("Sau khi ghi nhận, giấy giới thiệu (cần mang gì, ngày hẹn, được ưu tiên khi quay lại) "
                                "được mở để in."),
                 "feedback": tr("Giấy giới thiệu theo dõi việc gửi hệ thống phản ánh; ghi mã phản ánh khi đóng."),
                 "offline": tr("Dữ liệu đã nhập của lượt hỗ trợ này được giữ trong danh sách “chờ nộp khi có mạng”."),
                 "power": tr("Bộ phiếu giấy in sẵn: menu Tình huống → In bộ phiếu giấy. Khi có điện: nhập bù."),
                 "missing_papers": tr("Phiếu ghi giấy tờ còn thiếu (những giấy chưa đánh dấu ở bước ②), nơi xin, "
                                      "địa chỉ, giờ làm việc."),
                 "large_print": tr("In hướng dẫn chữ lớn của thủ tục đang chọn ở bước ②; đọc to từng bước.")}
        self.extra.setText(texts.get(p.action, tr("Ghi nhận tình huống vào lượt hỗ trợ.")))
        prints = {"power": tr("In bộ phiếu giấy"), "missing_papers": tr("In phiếu giấy tờ còn thiếu"),
                  "large_print": tr("In hướng dẫn chữ lớn")}
        self.print_button.setText(prints.get(p.action, ""))
        self.print_button.setVisible(p.action in prints)
        self.read_button.setVisible(p.action == "large_print" and self._speak is not None)
        self.kit_button.setVisible(p.action == "power")
        self.action_box.setVisible(True)

    # -- applying ---------------------------------------------------------------------------
    def done_steps(self) -> tuple[int, ...]:
        return tuple(i for i in range(self.steps.count())
                     if self.steps.item(i).checkState() == Qt.CheckState.Checked)

    def apply_input(self):
        from hcc_desktop.services.followups import ComplaintInput
        from hcc_desktop.services.incidents import ApplyInput

        p, c = self.current(), self.context
        complaint = None
        if p.action == "complaint":
            complaint = ComplaintInput(self.person.text(), self.content.toPlainText(), self.contact.text(),
                                       visit_id=c.visit_id, citizen_id=c.citizen_id)
        return_on = self.return_on.date().toPython() if p.action == "referral" and self.with_return.isChecked() else None
        submission = {"draft": c.draft, "ticked": [str(t) for t in c.ticked]} if p.action == "offline" else None
        return ApplyInput(p.code, self.done_steps(), self.note.toPlainText(), c.visit_id, c.ticket_id, c.citizen_id,
                          citizen_name=c.citizen_name, office=self.office.currentData() or "", return_on=return_on,
                          external_ref=self.external_ref.text(), complaint=complaint, procedure_id=c.procedure_id,
                          procedure_name=c.procedure_name, submission=submission)

    def apply(self) -> None:
        if self.current() is None:
            return
        self.error.clear_error()
        data = self.apply_input()
        run_task(self, self._services.continuity.incidents.apply, self._actor, data).on_success(self._applied) \
            .on_failure(lambda exc: show_failure(self.error, exc, {"office": self.office, "return_on": self.return_on,
                                                                   "content": self.content,
                                                                   "person_name": self.person}))

    def _applied(self, applied) -> None:
        self.applied.append(applied)
        message = tr("Đã ghi nhận: {t}.", t=applied.incident.playbook_title)
        if applied.referral is not None:
            message += tr(" Giấy giới thiệu {c} đến {o}.", c=applied.referral.code, o=applied.referral.office_name)
            if applied.incident.playbook_code != "data_error":
                self._print(_referral_slip, applied.referral.id, title=tr("Giấy giới thiệu"),
                            subject=f"referral:{applied.referral.id}")
        if applied.complaint is not None:
            message += tr(" Phản ánh đang chờ trả lời.")
        if applied.pending is not None:
            message += tr(" Đã đưa vào danh sách chờ nộp khi có mạng.")
        self.who.setText(message)
        self.note.clear()

    # -- printing and reading --------------------------------------------------------------
    def _print(self, fn, *args, title: str, subject: str = "") -> None:
        """``subject``: the record a paper with personal details is about (its prints are audited)."""
        record = _audited(self, self._services, self._actor, subject, title) if subject else None
        run_task(self, fn, self._services, self._actor, *args) \
            .on_success(lambda pdf: _preview(self, pdf, title, record)) \
            .on_failure(lambda exc: show_failure(self.error, exc))

    def print_card(self) -> None:
        code = self.current().code
        self._print(lambda services, _actor: _cards(services, [code]), title=tr("Thẻ tình huống"))

    def _print_action(self) -> None:
        p, c = self.current(), self.context
        if p.action == "power":
            self._print(_paper_kit, title=tr("Bộ phiếu giấy khi mất điện"))
            return
        if c.procedure_id is None:
            self.error.show_error(tr("Hãy chọn thủ tục ở bước ② Giấy tờ trước."))
            return
        if p.action == "missing_papers":
            return_on = self.return_on.date().toPython()
            self._print(_missing, c.procedure_id, list(c.ticked), c.citizen_name, return_on,
                        title=tr("Phiếu giấy tờ còn thiếu"),
                        subject=f"visit:{c.visit_id}" if c.citizen_name and c.visit_id else "")
        else:
            self._print(lambda services, _actor, pid: _guide(services, pid), c.procedure_id,
                        title=tr("Hướng dẫn chữ lớn"))

    def read_step(self) -> None:
        item = self.steps.currentItem() or (self.steps.item(0) if self.steps.count() else None)
        if item is None or self._speak is None:
            return
        if not self._speak(item.text().split(". ", 1)[-1]):
            self.error.show_error(tr("Máy này chưa có giọng đọc tiếng Việt."))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _referral_slip(services, actor, referral_id) -> bytes:
    from hcc_desktop.services.continuity_papers import referral_slip

    return referral_slip(services, actor, referral_id)


def _paper_kit(services, actor) -> bytes:
    from hcc_desktop.services.continuity_papers import paper_kit

    return paper_kit(services, actor)


def _missing(services, actor, procedure_id, ticked, name, return_on) -> bytes:
    from hcc_desktop.services.continuity_papers import missing_papers

    return missing_papers(services, actor, procedure_id, ticked, name, return_on)


def _guide(services, procedure_id) -> bytes:
    from hcc_desktop.services.continuity_papers import large_print_guide

    return large_print_guide(services, procedure_id)


def _cards(services, codes=None) -> bytes:
    from hcc_desktop.services.continuity_papers import playbook_cards

    return playbook_cards(services, codes)
