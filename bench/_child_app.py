import time; T0 = time.perf_counter()  # noqa: E401,E702 — must stay the very first line
# Start-up of the project: what hcc_desktop.ui.application.run_gui does, with
# the headless `login` hook of Startup, timed from this first line.
#
# Usage (by bench.startup): python bench/_child_app.py DATA_DIR USERNAME PASSWORD
# with QT_QPA_PLATFORM=offscreen. Prints one line `BENCH-RESULT {json}`;
# every mark is milliseconds since the first line:
#   imported    the GUI modules run_gui needs are imported
#   app         create_application() returned (fonts registered)
#   window      MainWindow(paths) built
#   shown       first pass of the event loop after window.show() (same as the floor)
#   open_start / open_done    the worker thread opening the data folder (_open)
#   open_imported             ... after its `import hcc_desktop.app` (SQLAlchemy & co.)
#   login_start / login_done  the `login` hook (authenticate) on a worker thread
#   ready       MainWindow.ready emitted (logged in, the counter panel shows its first queue snapshot)
# plus scrypt_ms: time spent inside verify_password (the deliberate scrypt cost), snapshot_ms: the
# first queue.snapshot on the worker thread, and waiting/active: how many tickets it held.
import json  # noqa: E402
import sys  # noqa: E402

from PySide6.QtCore import QTimer  # noqa: E402

from hcc_desktop.logging_setup import setup_logging  # noqa: E402
from hcc_desktop.paths import Paths  # noqa: E402
from hcc_desktop.ui import application  # noqa: E402
from hcc_desktop.ui import errors as error_presenter  # noqa: E402
from hcc_desktop.ui.application import Startup, create_application  # noqa: E402
from hcc_desktop.ui.main_window import MainWindow  # noqa: E402
from hcc_desktop.ui.tasks import wait_for_tasks  # noqa: E402

marks: dict[str, float] = {}
extra: dict[str, object] = {}


def mark(name: str) -> None:
    marks.setdefault(name, (time.perf_counter() - T0) * 1e3)


mark("imported")
data_dir, username, password = sys.argv[1:4]

# Instrumentation only: wrap the worker-thread steps to time them (no behaviour change).
_real_open = application._open


def _timed_open(*args):
    mark("open_start")
    import hcc_desktop.app  # noqa: F401 — _open's own first step; timed on its own here

    mark("open_imported")
    try:
        return _real_open(*args)
    finally:
        mark("open_done")


application._open = _timed_open


def login(services):
    import hashlib

    real_scrypt = hashlib.scrypt

    def timed_scrypt(*args, **kwargs):  # the deliberate cost inside verify_password
        start = time.perf_counter()
        try:
            return real_scrypt(*args, **kwargs)
        finally:
            extra["scrypt_ms"] = (time.perf_counter() - start) * 1e3

    hashlib.scrypt = timed_scrypt
    real_snapshot = services.queue.snapshot

    def timed_snapshot(*args, **kwargs):
        start = time.perf_counter()
        try:
            snapshot = real_snapshot(*args, **kwargs)
        finally:
            extra.setdefault("snapshot_ms", (time.perf_counter() - start) * 1e3)
        extra.setdefault("waiting", len(snapshot.waiting))
        extra.setdefault("active", len(snapshot.active))
        return snapshot

    services.queue.snapshot = timed_snapshot  # instance attribute: the counter panel calls it
    mark("login_start")
    try:
        return services.auth.authenticate(username, password)
    finally:
        mark("login_done")
        hashlib.scrypt = real_scrypt


def fail_fast(_parent, exc, **_kwargs):
    """A failure would open a message box and wait for a click: record it and stop instead."""
    extra["error"] = f"{type(exc).__name__}: {exc}"
    app.exit(2)


error_presenter.present_error = fail_fast

# --- what run_gui does -------------------------------------------------------
paths = Paths.resolve(data_dir)
log_file = setup_logging(paths.log_dir)
error_presenter.log_file_hint = str(log_file or "")
app = create_application()
error_presenter.install_excepthook()
mark("app")
window = MainWindow(paths)
mark("window")
startup = Startup(window, login=login)


def ready() -> None:
    mark("ready")
    app.quit()


window.ready.connect(ready)
window.show()
QTimer.singleShot(0, lambda: mark("shown"))  # same method as the floor
startup.start()
QTimer.singleShot(30_000, lambda: app.exit(1))  # never hang the benchmark
code = app.exec()
wait_for_tasks()
if window.services is not None:
    window.services.close()
print("BENCH-RESULT " + json.dumps({"marks": marks, "code": code or startup.exit_code, **extra}), flush=True)
