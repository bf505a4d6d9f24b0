"""Screenshot the main window as a given user (for reviewing the UI under xvfb).

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshot.py --data-dir X \
        --user phutrach --password demo1234 --out shot.png [--dialog about|settings|accounts|password|issue|reasons|board|dossiers|visit] [--tab N]

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
                   "dossiers": window.open_dossiers}
        if args.dialog in actions:
            actions[args.dialog]()
        QTimer.singleShot(800, shoot)

    if args.user:
        window.ready.connect(lambda: QTimer.singleShot(300, open_dialog))
    else:
        QTimer.singleShot(2500, shoot)
    startup.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
