"""The “Tình huống” menu of the main window, its shortcuts, and the recovery notice after an abrupt shutdown.

F1 opens the playbooks on the visit being served (F2 straight on VNeID, F3 on the elderly and forms,
F4 on missing papers); Ctrl+J lists what to follow up.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task

SHORTCUTS = (("F1", ""), ("F2", "no_vneid"), ("F3", "elderly_forms"), ("F4", "missing_papers"))


def build_menu(window) -> None:
    menu = window.menuBar().addMenu(tr("Tình &huống"))
    window.playbook_actions = {}

    def add(name: str, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        window.playbook_actions[name] = action
        return action

    for key, code in SHORTCUTS:
        label = tr("Kịch bản xử lý tình huống…") if not code else tr("Tình huống: {t}", t={
            "no_vneid": tr("chưa có VNeID"), "elderly_forms": tr("người cao tuổi, biểu mẫu"),
            "missing_papers": tr("thiếu giấy tờ")}[code])
        add(f"open_{code or 'all'}", label, lambda _c=False, code=code: open_playbooks(window, code), key)
    menu.addSeparator()
    add("followups", tr("Việc cần theo dõi (giới thiệu, phản ánh, chờ nộp)…"), lambda: open_followups(window), "Ctrl+J")
    add("kit", tr("In bộ phiếu giấy khi mất điện…"), lambda: print_kit(window))
    add("backentry", tr("Nhập bù phiếu giấy…"), lambda: open_back_entry(window))
    add("cards", tr("In thẻ tình huống treo tại quầy…"), lambda: print_cards(window))
    menu.addSeparator()
    add("editor", tr("Sửa kịch bản và nơi giới thiệu…"), lambda: open_editor(window))


def enable_for_role(window) -> None:
    actions = getattr(window, "playbook_actions", {})
    role = window.actor.role.value if window.actor is not None else None
    for name, action in actions.items():
        if name == "editor":
            action.setVisible(role in ("supervisor", "admin"))
        elif name.startswith("open_"):
            action.setVisible(role is not None)
        else:
            action.setVisible(role in ("clerk", "supervisor", "admin"))


def visit_context(window):
    from hcc_desktop.ui.playbooks.panel import VisitContext

    panel = getattr(window, "visit_panel", None)
    if panel is None or panel.visit is None:
        return VisitContext()
    person, procedure = panel.citizen.person, panel.papers.current()
    return VisitContext(panel.visit.id, panel.visit.ticket_id, person.id if person else None,
                        person.full_name if person else "", procedure.id if procedure else None,
                        procedure.name if procedure else "", tuple(panel.papers.ticked()), panel.draft())


def open_playbooks(window, start: str = "") -> None:
    from hcc_desktop.ui.counter.issue_flow import announcer_for
    from hcc_desktop.ui.playbooks.panel import PlaybookDialog

    services, actor = window.services, window.actor
    if services is None or actor is None:
        return
    context = visit_context(window)
    speak = getattr(announcer_for(window), "read_aloud", None)

    def show(loaded) -> None:
        dialog = PlaybookDialog(services, actor, loaded[0], loaded[1], context, window, start, speak)
        window.playbook_dialog = dialog
        dialog.open()

    run_task(window, lambda: (services.playbooks.playbooks(), services.playbooks.offices(include_closed=False))) \
        .on_success(show)


def open_followups(window) -> None:
    from hcc_desktop.ui.playbooks.followups import FollowUpDialog

    FollowUpDialog(window.services, window.actor, window).open()


def open_back_entry(window) -> None:
    from hcc_desktop.ui.playbooks.backentry import BackEntryDialog

    BackEntryDialog(window.services, window.actor, window).open()


def open_editor(window) -> None:
    from hcc_desktop.ui.playbooks.editor import PlaybookEditor

    services, actor = window.services, window.actor
    run_task(window, lambda: (services.playbooks.playbooks(include_inactive=True), services.playbooks.offices())) \
        .on_success(lambda loaded: PlaybookEditor(services, actor, loaded[0], loaded[1], window).open())


def print_kit(window) -> None:
    from hcc_desktop.ui.playbooks.panel import _paper_kit, _preview

    run_task(window, _paper_kit, window.services, window.actor).on_success(
        lambda pdf: _preview(window, pdf, tr("Bộ phiếu giấy khi mất điện")))


def print_cards(window) -> None:
    from hcc_desktop.ui.playbooks.panel import _cards, _preview

    run_task(window, _cards, window.services).on_success(lambda pdf: _preview(window, pdf, tr("Thẻ tình huống")))


def check_recovery(window) -> None:
    """After log-in: if the last run ended abruptly, say what was recovered."""
    services, actor = window.services, window.actor

    def show(report) -> None:
        if report is None:
            return
        window.status.showMessage(tr("Đã khôi phục sau khi chương trình tắt đột ngột."), 15_000)
        box = QMessageBox(QMessageBox.Icon.Information, tr("Đã khôi phục dữ liệu"), report.message(),
                          QMessageBox.StandardButton.Ok, window)
        box.setObjectName("recoveryNotice")
        window.recovery_notice = box
        box.open()

    run_task(window, services.continuity.recovery.begin, actor).on_success(show)


def closing(window) -> None:
    if window.services is not None and not getattr(window.services, "failed", False) \
            and window.services.continuity is not None:
        window.services.continuity.recovery.end()
