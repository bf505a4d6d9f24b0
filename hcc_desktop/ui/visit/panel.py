"""The visit panel: the five steps of serving one person, saved as a draft on every change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from hcc_desktop.errors import HccError, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.visit.citizen_box import CitizenBox
from hcc_desktop.ui.visit.steps import PapersStep, ResultStep, SupportStep
from hcc_desktop.ui.widgets import ErrorLabel, show_failure

if TYPE_CHECKING:
    from hcc_desktop.app import Services
    from hcc_desktop.services.auth import Actor

AUTOSAVE_MS = 600
RETRY_MS = 15_000  # a draft that could not be saved (disk full...) is tried again this often
STEPS = (tr("① Tiếp nhận (Alt+1)"), tr("② Giấy tờ (Alt+2)"), tr("③ Hỗ trợ (Alt+3)"), tr("④ Hẹn trả (Alt+4)"))


class VisitPanel(QWidget):
    completed = Signal(object, object)  # VisitInfo, dossier id or None
    saved = Signal()                    # a draft reached the disk

    def __init__(self, services: "Services", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitPanel")
        self._services = services
        self.actor: Actor | None = None
        self.visit = None
        self.ticket_id = None
        self.state = QLabel(tr("Chưa có lượt hỗ trợ nào đang mở."), self)
        self.state.setObjectName("visitState")
        self.walk_in = QPushButton(tr("Tiếp nhận người không lấy số"), self)
        self.walk_in.clicked.connect(lambda: self.begin(None))
        self.finish_button = QPushButton(tr("Hoàn tất lượt hỗ trợ (Ctrl+Enter)"), self)
        self.finish_button.setObjectName("completeVisit")
        self.finish_button.clicked.connect(self.complete)
        self.tabs = QTabWidget(self)
        self.citizen = CitizenBox(services.citizens, [], self)
        self.papers = PapersStep([], self)
        self.support = SupportStep(self)
        self.result = ResultStep(self)
        for widget, title in zip((self.citizen, self.papers, self.support, self.result), STEPS):
            self.tabs.addTab(widget, title)
            widget.changed.connect(self._schedule_save)
        self.error = ErrorLabel(self)
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_draft)
        self._draft_unsaved = False  # the last draft save failed: said under the steps, tried again
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.save_draft)
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.walk_in)
        top.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        self._enable(False)
        # The whole visit by keyboard: Alt+1…4 go to a step (its first field), Ctrl+Enter completes.
        for number in range(len(STEPS)):
            QShortcut(QKeySequence(f"Alt+{number + 1}"), self, lambda n=number: self.go_to(n)).setContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._complete_by_key).setContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._connect_steps()

    def _connect_steps(self) -> None:
        self.citizen.chosen.connect(lambda _p: self.go_to(1) if self.visit is not None else None)
        self.papers.procedure_chosen.connect(lambda: self.papers.start_ticking())
        self.papers.procedure.currentIndexChanged.connect(lambda _i: self._show_due())
        self._show_due()

    def _show_due(self) -> None:
        """Step ④ says the date the appointment slip will give, computed by the working calendar."""
        procedure = self.papers.current()
        if procedure is None:
            self.result.show_due(tr("chọn thủ tục ở bước ② để biết ngày hẹn trả"), False)
            return
        if not procedure.same_day and procedure.processing_days is None:
            self.result.show_due(tr("danh mục chưa có thời hạn cho thủ tục này: hãy nhập ngày hẹn bên dưới"), True)
            return
        days = 0 if procedure.same_day else procedure.processing_days
        services = self._services

        def due_text(when) -> str:
            from hcc_desktop.clock import to_local

            return tr("{t} nếu tiếp nhận bây giờ ({n}; tính theo lịch ngày làm việc)", t=to_local(when).strftime(
                "%H:%M %d/%m/%Y"), n=tr("trong ngày") if days == 0 else tr("{d} ngày làm việc", d=days))

        run_task(self, lambda: services.calendar.due_at(services.clock.now(), days)).on_success(
            lambda when: self.result.show_due(due_text(when), False))

    def go_to(self, step: int) -> None:
        if not self.tabs.isEnabled():
            return
        self.tabs.setCurrentIndex(step)
        (self.citizen.query, self.papers.procedure, self.support.first(), self.result.first())[step].setFocus()
        if step == 1:
            self.papers.procedure.lineEdit().selectAll()  # typing replaces the procedure shown

    def _complete_by_key(self) -> None:
        if self.finish_button.isEnabled():
            self.complete()

    def set_context(self, actor: "Actor", villages: list[str], procedures: list) -> None:
        """The lists for steps ① and ② (they arrive once the services have loaded); what was already
        typed in a visit opened meanwhile is carried over."""
        self.actor = actor
        self.citizen.actor = actor
        carried = (self.citizen.draft(), self.citizen.person, self.papers.draft()) if self.visit is not None else None
        for index, (old, new) in enumerate(((self.citizen, CitizenBox(self._services.citizens, villages, self)),
                                            (self.papers, PapersStep(procedures, self)))):
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, new, STEPS[index])
            new.changed.connect(self._schedule_save)
            old.deleteLater()
        self.citizen = self.tabs.widget(0)
        self.citizen.actor = actor
        self.papers = self.tabs.widget(1)
        self._connect_steps()
        if carried is not None:
            step = self.tabs.currentIndex()
            self.citizen.restore(carried[0])
            if carried[1] is not None:
                self.citizen.set_person(carried[1])
            self.papers.restore(carried[2])
            self._enable(True)
            self.tabs.setCurrentIndex(step)

    def _enable(self, on: bool) -> None:
        self.tabs.setEnabled(on)
        self.finish_button.setEnabled(on)
        self.walk_in.setEnabled(not on)

    # -- lifecycle --------------------------------------------------------------
    def begin(self, ticket_id) -> None:
        if self.visit is not None:
            self.error.show_error(tr("Đang có một lượt hỗ trợ mở; hãy hoàn tất trước."))
            return
        self.ticket_id = ticket_id
        run_task(self, self._services.visits.start, self.actor, ticket_id=ticket_id).on_success(self._opened)

    def resume(self, visit) -> None:
        self._opened(visit)
        draft = visit.draft
        for key, step in (("citizen", self.citizen), ("papers", self.papers), ("support", self.support),
                          ("result", self.result)):
            step.restore(draft.get(key, {}))
        self.state.setText(tr("Đã khôi phục lượt hỗ trợ đang làm dở từ {t}.", t=_hm(visit.started_at)))

    def _opened(self, visit) -> None:
        self.visit = visit
        self.ticket_id = visit.ticket_id
        self.state.setText(tr("Đang phục vụ — bắt đầu {t}. Mọi thay đổi được lưu ngay.", t=_hm(visit.started_at)))
        self._enable(True)
        self.tabs.setCurrentIndex(0)
        self.citizen.query.setFocus()

    def draft(self) -> dict:
        return {"citizen": self.citizen.draft(), "papers": self.papers.draft(), "support": self.support.draft(),
                "result": self.result.draft()}

    def _schedule_save(self) -> None:
        if self.visit is not None:
            self._timer.start()

    def save_draft(self) -> None:
        if self.visit is not None:
            run_task(self, self._services.visits.save_draft, self.actor, self.visit.id, self.draft()) \
                .on_success(self._draft_saved).on_failure(self._draft_failed)

    def _draft_saved(self, _result) -> None:
        self._retry.stop()
        if self._draft_unsaved:
            self._draft_unsaved = False
            self.error.clear_error()
        self.saved.emit()

    def _draft_failed(self, exc: BaseException) -> None:
        """Saving the draft failed (a full disk...): say so under the steps, without a box on every key
        press; what was typed stays on screen and is saved again on the next change or by itself."""
        if not isinstance(exc, HccError) or self.visit is None:
            show_failure(self.error, exc)
            return
        self._draft_unsaved = True
        if isinstance(exc, ValidationError):  # trying again would not help
            self.error.show_error(tr("Chưa lưu được nội dung đang nhập: {m}", m=exc.message))
            return
        self.error.show_error(tr("Chưa lưu được nội dung đang nhập: {m} Nội dung vẫn còn trên màn hình; chương "
                                 "trình sẽ tự lưu lại.", m=exc.message))
        self._retry.start()

    def complete(self) -> None:
        from hcc_desktop.services.dossiers import DossierInput
        from hcc_desktop.services.visits import VisitInput

        self.error.clear_error()
        person, procedure, outcome = self.citizen.person, self.papers.current(), self.result.outcome()
        data = VisitInput(citizen_id=person.id if person else None, procedure_id=procedure.id if procedure else None,
                          need=self.papers.need.text(), support=self.support.chosen(),
                          support_note=self.support.note.toPlainText(), documents_ok=self.papers.ticked(),
                          outcome=outcome)
        dossier = None
        if outcome == "received":
            if person is None or procedure is None:
                self._failed(ValidationError(tr("Hồ sơ cần người nộp (bước ①) và thủ tục (bước ②).")))
                return
            due = None
            if not procedure.same_day and procedure.processing_days is None:
                due = self._given_due()
            dossier = DossierInput(person.id, procedure.id, due_at=due, **self.result.dossier_fields())
        self._timer.stop()
        self._retry.stop()
        run_task(self, self._services.visits.complete, self.actor, self.visit.id, data, dossier) \
            .on_success(self._done).on_failure(self._failed)

    def _given_due(self):
        """The date typed in step ④, at the center's closing time (for procedures without a time limit)."""
        from datetime import datetime, time

        from hcc_desktop.clock import LOCAL_TZ

        closing = time.fromisoformat(self._services.settings.view().afternoon_close)
        return datetime.combine(self.result.due.date().toPython(), closing, LOCAL_TZ)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.error, exc, self.result.fields)
        if self._draft_unsaved and self.visit is not None:
            self._retry.start()  # what was typed is still to be saved

    def _done(self, result) -> None:
        visit, dossier_id = result
        self.visit = None
        self._retry.stop()
        self._draft_unsaved = False
        self._enable(False)
        self.state.setText(tr("Đã hoàn tất lượt hỗ trợ.") + (tr(" Đã tiếp nhận hồ sơ.") if dossier_id else ""))
        self.completed.emit(visit, dossier_id)
        self.citizen.clear()


def _hm(when) -> str:
    from hcc_desktop.clock import to_local

    return to_local(when).strftime("%H:%M")
