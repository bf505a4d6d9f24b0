"""Screenshot the main window as a given user (for reviewing the UI under xvfb).

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshot.py --data-dir X \
        --user phutrach --password demo1234 --out shot.png [--dialog about|settings|accounts|password|issue|reasons|board|dossiers|reports|outbox] [--tab N]
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hcc_desktop.paths import Paths
from hcc_desktop.ui.application import Startup, create_application
from hcc_desktop.ui.main_window import MainWindow


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
                   "dossiers": window.open_dossiers, "reports": window.open_reports, "outbox": window.open_outbox}
        if args.dialog in actions:
            actions[args.dialog]()
        QTimer.singleShot(2500 if args.dialog in ("reports", "outbox") else 800, shoot)

    if args.user:
        window.ready.connect(lambda: QTimer.singleShot(300, open_dialog))
    else:
        QTimer.singleShot(2500, shoot)
    startup.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
