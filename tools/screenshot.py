"""Screenshot the main window as a given user (for reviewing the UI under xvfb).

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshot.py --data-dir X \
        --user phutrach --password demo1234 --out shot.png [--dialog about|settings|accounts|password|issue|reasons|board|dossiers|
        visit|playbooks|backentry|followups|playbook_editor|backups|damaged|reports|outbox|outbox-export|conflicts|
        print-…|audit|lock|login-locked] [--tab N]

``--dialog login-locked`` types a wrong password for ``--user`` until the account is locked
and shows the log-in dialog's message (it really locks that account: use a copy of the folder).
``--dialog outbox-export`` starts a full package in the outbox, slowed down (half a second per
progress report) so its progress dialog is on screen when the screen is grabbed; it writes the
package into the data folder: use a copy. ``--dialog conflicts`` opens the outbox's conflict view
(the folder needs an imported conflict, see tests/test_exchange.py).
``--dialog visit`` opens a walk-in visit (a draft is left open in that data folder: use a copy)
and fills each step a little so ``--tab 0..3`` shows it in use.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hcc_desktop.paths import Paths
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.main_window import MainWindow


def _playbooks_in_a_visit(window) -> None:
    """A walk-in visit with a person and a procedure chosen, then F1 on the VNeID scenario."""
    from hcc_desktop.ui.playbooks.wiring import open_playbooks

    panel = window.visit_panel
    panel.begin(None)

    def chosen() -> None:
        hits = window.services.citizens.search(window.actor, "Nguyễn")
        if hits:
            panel.citizen.set_person(window.services.citizens.get(window.actor, hits[0].id))
        panel.papers.procedure.setCurrentIndex(1)
        open_playbooks(window, "no_vneid")

    QTimer.singleShot(500, chosen)


def _back_entry(window) -> None:
    """The back-entry screen with lines of a paper sheet typed and checked."""
    from hcc_desktop.clock import to_local
    from hcc_desktop.ui.playbooks.backentry import BackEntryDialog

    kit = window.services.continuity.backentry.kit(window.actor)
    codes = {b.tier.value: b.codes() for b in kit.blocks}
    from datetime import timedelta

    now = window.services.clock.now()
    at = lambda m: to_local(now - timedelta(minutes=45 - m)).strftime("%H:%M")  # noqa: E731
    dialog = BackEntryDialog(window.services, window.actor, window, rows=0)
    for row in ({"code": codes["regular"][0], "issued": at(5), "status": "done", "called": at(8), "finished": at(15),
                 "counter": "Quầy 1", "name": "Nguyễn Văn Bình", "need": "Chứng thực bản sao", "outcome": "guided_only"},
                {"code": codes["priority"][0], "issued": at(9), "name": "Hoàng Thị Lan"},
                {"code": codes["regular"][1], "issued": at(12), "status": "no_show"},
                {"code": codes["head"][0], "issued": at(14), "name": "Lê Văn Tám"},
                {"code": codes["regular"][2], "issued": "23:59"}):
        dialog.add_row(row)
    dialog.open()
    QTimer.singleShot(300, dialog.check)


def _open(name: str):
    def run(window) -> None:
        from hcc_desktop.ui.playbooks import wiring

        {"followups": wiring.open_followups, "playbook_editor": wiring.open_editor}[name](window)
    return run


PLAYBOOK_DIALOGS = {"playbooks": _playbooks_in_a_visit, "backentry": _back_entry, "followups": _open("followups"),
                    "playbook_editor": _open("playbook_editor")}


def _slowed(export):
    """``export_package`` pausing after each progress report, so the progress dialog can be looked at."""
    import threading

    class Slow:
        def __init__(self, context) -> None:
            self._context = context

        @property
        def cancelled(self) -> bool:
            return self._context.cancelled

        def report(self, done: int, total: int) -> None:
            self._context.report(done, total)
            threading.Event().wait(0.5)

    def run(actor, out_dir, *, full=False, context=None):
        return export(actor, out_dir, full=full, context=Slow(context))
    return run


def outbox_dialog(app, window: MainWindow, name: str) -> int:
    """outbox-export: a package being written (the whole screen, progress dialog included);
    conflicts: the conflict view over the outbox."""
    window.open_outbox()
    outbox = QApplication.activeModalWidget()
    if name == "outbox-export":
        services = window.services
        exchange = services.real().exchange if hasattr(services, "real") else services.exchange  # not a stand-in
        exchange.export_package = _slowed(exchange.export_package)
        QTimer.singleShot(1500, lambda: outbox.export(True))
        return 3200
    QTimer.singleShot(2000, lambda: outbox.buttons["conflicts"].click())
    return 3500


def print_dialog(window: MainWindow, name: str) -> int:
    """print-guide|print-steps|print-leaflet|print-daily-log|print-record-book: the dialog asking what to
    print; print-preview-guide|print-preview-log|print-preview-book: the preview of today's document."""
    from hcc_desktop.clock import local_today

    menu, services, actor = window.print_menu, window.services, window.actor
    today = local_today(services.clock)
    dialogs = {"print-guide": menu.open_guide, "print-steps": menu.open_steps, "print-leaflet": menu.open_leaflet,
               "print-daily-log": menu.open_daily_log, "print-record-book": menu.open_record_book}
    previews = {"print-preview-guide": (services.guides.guide_pdf, (actor, "1.001193"), "Hướng dẫn thủ tục"),
                "print-preview-steps": (services.guides.steps_pdf, (actor, "1.001193"), "Nộp trực tuyến"),
                "print-preview-log": (services.logbook.daily_log_pdf, (actor, today), "Sổ nhật ký phục vụ"),
                "print-preview-book": (services.logbook.record_book_pdf, (actor, today.replace(day=1), today),
                                       "Sổ theo dõi hồ sơ")}
    if name in dialogs:
        dialogs[name]()
        return 1200
    build, arguments, title = previews[name]
    menu._render(build, arguments, title, "preview.pdf")
    return 4000


def locked_login(app, window, args) -> int:
    """Wrong passwords in the log-in dialog until the lock-out message shows."""
    startup = Startup(window)
    window.show()
    tries = [0]

    def attempt() -> None:
        from hcc_desktop.ui.login import LoginDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog) or not dialog.buttons.isEnabled():
            QTimer.singleShot(300, attempt)
            return
        if "tạm khóa" in dialog.error.text() or tries[0] >= 12:
            QTimer.singleShot(300, lambda: (dialog.grab().save(args.out), app.quit()))
            return
        tries[0] += 1
        dialog.username.setText(args.user)
        dialog.password.setText("sai-mat-khau")
        dialog._submit()
        QTimer.singleShot(300, attempt)

    QTimer.singleShot(1500, attempt)
    startup.start()
    return app.exec()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--out", required=True)
    parser.add_argument("--dialog", default="")
    parser.add_argument("--tab", type=int, default=0, help="tab of the dialog, or step of the visit")
    parser.add_argument("--query", default="nguyen", help="what is typed in the visit's search (--dialog visit)")
    args = parser.parse_args()
    app = create_application()
    window = MainWindow(Paths.resolve(args.data_dir))
    login = None
    if args.dialog == "login-locked":
        return locked_login(app, window, args)
    if args.user:
        login = lambda services: services.auth.authenticate(args.user, args.password)  # noqa: E731
    startup = Startup(window, login=login)
    window.show()

    def shoot() -> None:
        if args.dialog == "outbox-export":  # the progress dialog is a window of its own: the whole screen
            app.primaryScreen().grabWindow(0).save(args.out)
            app.quit()
            return
        target = QApplication.activeModalWidget() or getattr(window, "board", None) or window
        if args.tab and hasattr(target, "tabs"):
            target.tabs.setCurrentIndex(args.tab)
            app.processEvents()
        window.grab().save(args.out.replace(".png", "-window.png")) if target is not window else None
        target.grab().save(args.out)
        app.quit()

    def fill_visit() -> None:
        from PySide6.QtCore import Qt

        panel = window.visit_panel
        panel.citizen.query.setText(args.query)
        panel.citizen.search()
        combo = panel.papers.procedure
        index = next((i for i in range(combo.count()) if "khai sinh" in combo.itemText(i)), 1)
        combo.setCurrentIndex(index)
        for row in range(min(2, panel.papers.papers.count())):
            panel.papers.papers.item(row).setCheckState(Qt.CheckState.Checked)
        panel.papers.need.setText("Làm giấy khai sinh cho cháu nội")
        for code in ("guided", "wrote_form"):
            panel.support.boxes[code].setChecked(True)
        panel.support.note.setPlainText("Đọc chậm từng câu hỏi, viết hộ tờ khai cho bà")
        next(b for b in panel.result.outcomes.buttons() if b.property("code") == "received").setChecked(True)
        panel.go_to(args.tab)
        if args.tab == 0:
            QTimer.singleShot(600, lambda: panel.citizen.results.setCurrentRow(0))
        QTimer.singleShot(1200, lambda: (window.grab().save(args.out), app.quit()))

    def open_dialog() -> None:
        if args.dialog == "visit":
            window.visit_panel.walk_in.click()
            QTimer.singleShot(800, fill_visit)
            return
        actions = {"about": window.open_about, "settings": window.open_settings,
                   "accounts": window.open_accounts, "password": window.open_change_password,
                   "issue": window.open_issue, "reasons": window.open_reasons, "board": window.open_board,
                   "dossiers": window.open_dossiers, "retention": window.open_retention,
                   "backups": window.open_backups, "reports": window.open_reports, "outbox": window.open_outbox,
                   "audit": window.open_audit, "lock": window.lock_screen}
        if args.dialog in actions:
            actions[args.dialog]()
        elif args.dialog in PLAYBOOK_DIALOGS:
            PLAYBOOK_DIALOGS[args.dialog](window)
            QTimer.singleShot(1500, shoot)
            return
        # these read after the services load
        wait = 3000 if args.dialog in ("retention", "board", "reports", "outbox") else 800
        if args.dialog == "audit":  # the lines load, then the integrity check runs
            QTimer.singleShot(2500, lambda: QApplication.activeModalWidget().verify_button.click())
            wait = 4500
        if args.dialog in ("outbox-export", "conflicts"):
            wait = outbox_dialog(app, window, args.dialog)
        if args.dialog.startswith("print-"):  # the "In ấn" menu: its dialogs, and previews of its documents
            wait = print_dialog(window, args.dialog)
        QTimer.singleShot(wait, shoot)

    if args.dialog == "damaged":  # a data folder whose database was damaged on purpose (use a copy)
        def wait_damaged(tries: int = 80) -> None:
            from hcc_desktop.ui.backups import DamagedDialog

            if isinstance(QApplication.activeModalWidget(), DamagedDialog) or not tries:
                QTimer.singleShot(300, shoot)
            else:
                QTimer.singleShot(250, lambda: wait_damaged(tries - 1))
        wait_damaged()
    elif args.user:
        window.ready.connect(lambda: QTimer.singleShot(300, open_dialog))
    else:
        QTimer.singleShot(2500, shoot)
    startup.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
