"""Screenshot the main window as a given user (for reviewing the UI under xvfb).

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshot.py --data-dir X \
        --user phutrach --password demo1234 --out shot.png [--dialog about|settings|accounts|password|issue|reasons|board|dossiers|print-…] [--tab N]
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hcc_desktop.paths import Paths
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.main_window import MainWindow


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--out", required=True)
    parser.add_argument("--dialog", default="")
    parser.add_argument("--tab", type=int, default=0, help="tab of the settings dialog")
    args = parser.parse_args()
    app = create_application()
    window = MainWindow(Paths.resolve(args.data_dir))
    login = None
    if args.user:
        login = lambda services: services.auth.authenticate(args.user, args.password)  # noqa: E731
    startup = Startup(window, login=login)
    window.show()

    def shoot() -> None:
        target = QApplication.activeModalWidget() or getattr(window, "board", None) or window
        if args.tab and hasattr(target, "tabs"):
            target.tabs.setCurrentIndex(args.tab)
            app.processEvents()
        window.grab().save(args.out.replace(".png", "-window.png")) if target is not window else None
        target.grab().save(args.out)
        app.quit()

    def open_dialog() -> None:
        actions = {"about": window.open_about, "settings": window.open_settings,
                   "accounts": window.open_accounts, "password": window.open_change_password,
                   "issue": window.open_issue, "reasons": window.open_reasons, "board": window.open_board,
                   "dossiers": window.open_dossiers}
        if args.dialog in actions:
            actions[args.dialog]()
        wait = 800
        if args.dialog.startswith("print-"):  # the "In ấn" menu: its dialogs, and previews of its documents
            wait = print_dialog(window, args.dialog)
        QTimer.singleShot(wait, shoot)

    if args.user:
        window.ready.connect(lambda: QTimer.singleShot(300, open_dialog))
    else:
        QTimer.singleShot(2500, shoot)
    startup.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
