"""The counter panel: queue on the left, the person being served in the centre, today's figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr
from hcc_desktop.ui.counter.current import CurrentTicketCard
from hcc_desktop.ui.counter.format import COLOR, ticket_line
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from hcc_desktop.clock import Clock
    from hcc_desktop.services.auth import Actor
    from hcc_desktop.services.queue import QueueService, QueueSnapshot

REFRESH_MS = 5000
# (name, label, shortcut, needs a current ticket)
ACTIONS = (
    ("call_next", tr("Gọi tiếp"), "F5"), ("recall", tr("Gọi lại"), "F6"), ("postpone", tr("Hoãn"), "F7"),
    ("no_show", tr("Vắng"), "F8"), ("start", tr("Bắt đầu phục vụ"), "Ctrl+B"), ("finish", tr("Xong"), "F9"),
    ("transfer", tr("Chuyển quầy"), "Ctrl+T"), ("call_selected", tr("Gọi số đã chọn"), "Ctrl+G"),
    ("reactivate", tr("Kích hoạt lại số vắng"), "Ctrl+R"), ("issue", tr("Cấp số"), "Ctrl+N"),
)
COUNTER_ONLY = {"call_next", "recall", "postpone", "no_show", "start", "finish", "transfer", "call_selected",
                "reactivate"}


class CounterPanel(QWidget):
    called = Signal(object, str)  # Ticket, counter: for the display board and the announcer
    issue_requested = Signal()
    refreshed = Signal()
    started = Signal(object)      # Ticket whose service began here: the visit steps open for it

    def __init__(self, queue: "QueueService", clock: "Clock", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterPanel")
        self._queue, self._clock = queue, clock
        self.actor: Actor | None = None
        self.snapshot: QueueSnapshot | None = None
        self.counter = QComboBox(self)
        self.counter.setObjectName("counterChoice")
        self.counter.currentTextChanged.connect(lambda _t: self._show(self.snapshot))
        self.waiting = QListWidget(self)
        self.waiting.setObjectName("waitingList")
        self.waiting.setStyleSheet("font-size: 12pt;")
        self.waiting.setMinimumWidth(300)
        self.absent = QListWidget(self)
        self.absent.setObjectName("absentList")
        self.absent.setMaximumHeight(110)
        self.card = CurrentTicketCard(self)
        self.figures = QLabel(self)
        self.figures.setObjectName("queueFigures")
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet("font-size: 11pt;")
        self.error = ErrorLabel(self)
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)

    # -- layout ---------------------------------------------------------------
    def _build(self) -> None:
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Quầy:"), self))
        top.addWidget(self.counter, 1)
        left.addLayout(top)
        self.waiting_title = QLabel(tr("Hàng chờ"), self)
        self.waiting_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        left.addWidget(self.waiting_title)
        left.addWidget(self.waiting, 1)
        left.addWidget(QLabel(tr("Đang hoãn / vắng mặt"), self))
        left.addWidget(self.absent)
        grid = QGridLayout()
        for index, (name, label, key) in enumerate(ACTIONS):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(getattr(self, name))
            self.addAction(action)
            self.actions[name] = action
            button = QPushButton(f"{label} ({key})", self)
            button.setObjectName(f"button_{name}")
            button.setMinimumHeight(32)
            button.clicked.connect(action.trigger)
            grid.addWidget(button, index // 5, index % 5)
            self.buttons[name] = button
        centre = QVBoxLayout()
        centre.addWidget(self.card)
        centre.addWidget(self.error)
        centre.addLayout(grid)
        self._centre = centre
        figures = QGroupBox(tr("Hôm nay"), self)
        QVBoxLayout(figures).addWidget(self.figures)
        left.addWidget(figures)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(centre, 7)

    def add_visit_panel(self, panel: QWidget) -> None:
        """The steps of serving the person go under the ticket card."""
        self._centre.insertWidget(1, panel, 1)

    # -- state ----------------------------------------------------------------
    def set_context(self, actor: "Actor", counters: list[str]) -> None:
        self.actor = actor
        current = self.counter.currentText()
        self.counter.blockSignals(True)
        self.counter.clear()
        self.counter.addItems(counters)
        if current in counters:
            self.counter.setCurrentText(current)
        self.counter.blockSignals(False)
        can_serve = actor.role.value != "volunteer"
        for name in COUNTER_ONLY:
            self.actions[name].setEnabled(can_serve)
            self.buttons[name].setVisible(can_serve)
        self.counter.setEnabled(can_serve)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
        self.actor = None

    def refresh(self) -> None:
        if self.actor is not None:
            run_task(self, self._queue.snapshot, self.actor).on_success(self._show)

    def current_ticket(self):
        if self.snapshot is None:
            return None
        here = self.counter.currentText()
        return next((t for t in self.snapshot.active if t.counter == here), None)

    def _show(self, snapshot: "QueueSnapshot | None") -> None:
        if snapshot is None:
            return
        self.snapshot = snapshot
        now = self._clock.now()
        selected = self.selected_id(self.waiting)
        self.waiting.clear()
        for ticket in snapshot.waiting:
            self._add(self.waiting, ticket, ticket_line(ticket, now))
        self.absent.clear()
        for ticket in snapshot.postponed:
            state = (tr("hoãn đến {t}", t=_local_hm(ticket.postponed_until)) if ticket.postponed_until
                     and ticket.status.value == "waiting" else tr("vắng mặt (Ctrl+R để kích hoạt lại)"))
            self._add(self.absent, ticket, f"{ticket_line(ticket, now)} · {state}")
        self._select(self.waiting, selected)
        self.waiting_title.setText(tr("Hàng chờ ({n})", n=len(snapshot.waiting)))
        self.card.show_ticket(self.current_ticket(), now)
        counts = snapshot.waiting_by_tier
        self.figures.setText(tr("Đang chờ: {h} ưu tiên đặc biệt, {p} ưu tiên, {r} thường.\n"
                                "Đang phục vụ ở các quầy: {a}.",
                                h=counts[_tier("head")], p=counts[_tier("priority")],
                                r=counts[_tier("regular")], a=len(snapshot.active)))
        self.refreshed.emit()

    @staticmethod
    def _add(widget: QListWidget, ticket, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, ticket.id)
        item.setForeground(_brush(COLOR[ticket.tier.value]))
        widget.addItem(item)

    @staticmethod
    def selected_id(widget: QListWidget):
        item = widget.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @staticmethod
    def _select(widget: QListWidget, ticket_id) -> None:
        for row in range(widget.count()):
            if widget.item(row).data(Qt.ItemDataRole.UserRole) == ticket_id:
                widget.setCurrentRow(row)

    # -- actions --------------------------------------------------------------
    def _run(self, fn: Callable, *args, announce: bool = False) -> None:
        self.error.clear_error()

        def done(ticket) -> None:
            if announce:
                self.called.emit(ticket, ticket.counter)
            self.refresh()

        run_task(self, fn, self.actor, *args).on_success(done).on_failure(self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HccError):
            raise exc
        self.error.show_error(exc)
        self.refresh()

    def _with_current(self, fn: Callable, *args, announce: bool = False) -> None:
        ticket = self.current_ticket()
        if ticket is None:
            self.error.show_error(tr("Quầy này chưa mời số nào."))
            return
        self._run(fn, ticket.id, *args, announce=announce)

    def call_next(self) -> None:
        self._run(self._queue.call_next, self.counter.currentText(), announce=True)

    def call_selected(self) -> None:
        ticket_id = self.selected_id(self.waiting)
        if ticket_id is None:
            self.error.show_error(tr("Hãy chọn một số trong hàng chờ."))
            return
        self._run(lambda actor, tid: self._queue.call_ticket(actor, self.counter.currentText(), tid), ticket_id,
                  announce=True)

    def recall(self) -> None:
        self._with_current(self._queue.recall, announce=True)

    def postpone(self) -> None:
        if self.current_ticket() is None:
            self.error.show_error(tr("Quầy này chưa mời số nào."))
            return
        minutes, ok = QInputDialog.getInt(self, tr("Hoãn"), tr("Hoãn bao nhiêu phút (5–30)?"), 10, 5, 30, 5)
        if ok:
            self._with_current(self._queue.postpone, minutes)

    def no_show(self) -> None:
        self._with_current(self._queue.no_show)

    def start(self) -> None:
        ticket = self.current_ticket()
        if ticket is None:
            self.error.show_error(tr("Quầy này chưa mời số nào."))
            return
        self.error.clear_error()
        run_task(self, self._queue.start, self.actor, ticket.id).on_success(self._started).on_failure(self._failed)

    def _started(self, ticket) -> None:
        self.started.emit(ticket)
        self.refresh()

    def finish(self) -> None:
        self._with_current(self._queue.finish)

    def transfer(self) -> None:
        if self.current_ticket() is None:
            self.error.show_error(tr("Quầy này chưa mời số nào."))
            return
        others = [self.counter.itemText(i) for i in range(self.counter.count())
                  if self.counter.itemText(i) != self.counter.currentText()]
        if not others:
            self.error.show_error(tr("Chỉ có một quầy; thêm quầy trong Hệ thống → Cài đặt."))
            return
        target, ok = QInputDialog.getItem(self, tr("Chuyển quầy"), tr("Chuyển đến quầy:"), others, 0, False)
        if ok:
            self._with_current(self._queue.transfer, target)

    def reactivate(self) -> None:
        ticket_id = self.selected_id(self.absent)
        if ticket_id is None:
            self.error.show_error(tr("Hãy chọn số vắng mặt trong danh sách “Đang hoãn / vắng mặt”."))
            return
        self._run(self._queue.reactivate, ticket_id)

    def issue(self) -> None:
        self.issue_requested.emit()


def _tier(value: str):
    from hcc_desktop.services.queue_rules import Tier

    return Tier(value)


def _brush(color: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(color))


def _local_hm(when) -> str:
    from hcc_desktop.clock import to_local

    return to_local(when).strftime("%H:%M")
