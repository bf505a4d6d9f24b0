import time; T0 = time.perf_counter()  # noqa: E401,E702 — must stay the very first line
# Start-up floor: bare PySide6, one empty QMainWindow, shown.
#
# Run by bench.startup as a fresh `python bench/_child_floor.py` with
# QT_QPA_PLATFORM=offscreen. Prints one line `BENCH-RESULT {json}` with
# milliseconds since the first line.
import json  # noqa: E402
import sys  # noqa: E402

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

marks: dict[str, float] = {}


def mark(name: str) -> None:
    marks.setdefault(name, (time.perf_counter() - T0) * 1e3)


mark("imported")
app = QApplication(sys.argv[:1])
mark("app")
window = QMainWindow()
window.resize(1366, 768)  # the same size MainWindow asks for, so both paint the same area
mark("window")


def shown() -> None:
    mark("shown")
    app.quit()


window.show()
QTimer.singleShot(0, shown)  # runs on the first pass of the event loop after show()
QTimer.singleShot(30_000, lambda: app.exit(1))  # never hang the benchmark
code = app.exec()
print("BENCH-RESULT " + json.dumps({"marks": marks, "code": code}), flush=True)
