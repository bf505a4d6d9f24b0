"""Figure (a): start-up time, in fresh processes, against a bare PySide6 window.

Each repetition starts two fresh child processes (in alternating order, so
slow drift of the machine hits both alike) with QT_QPA_PLATFORM=offscreen:

* ``_child_floor.py`` — imports PySide6.QtWidgets, creates QApplication and a
  QMainWindow, shows it, and marks the first event-loop pass after show();
* ``_child_app.py`` — does what ``run_gui`` does (with Startup's ``login`` hook
  logging in as the demo supervisor) and marks "shown" the same way, then
  "ready" when ``MainWindow.ready`` is emitted: logged in, and the counter panel
  has shown its first queue snapshot.

Both children take ``time.perf_counter()`` on their very first line, so the
interpreter's own start-up (identical for both) is not counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Figure, median

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FLOOR_CHILD = HERE / "_child_floor.py"
APP_CHILD = HERE / "_child_app.py"
USERNAME, PASSWORD = "phutrach", "demo1234"  # the demo supervisor (hcc_desktop.services.demo)
CHILD_TIMEOUT_S = 120
TARGET_SHOWN = 2.0
TARGET_READY = 4.0
NAME_SHOWN = "start-up: main window shown"
NAME_READY = "start-up: ready (counter panel has data)"
APP_MARKS = ("imported", "app", "window", "shown", "open_start", "open_imported", "open_done",
             "login_start", "login_done", "ready")


class ChildFailed(RuntimeError):
    pass


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("HCC_DATA_DIR", None)
    # The children run as scripts (sys.path[0] is bench/): make the checkout importable
    # even where the project is not pip-installed.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def prepare_data(root: Path) -> Path:
    """A data folder with the demo accounts: `hcc-desktop init` then `demo --days 1`."""
    data = root / "data"
    for args in (["init"], ["demo", "--days", "1"]):
        done = subprocess.run([sys.executable, "-m", "hcc_desktop", "--data-dir", str(data), *args],
                              env=_env(), capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
        if done.returncode != 0:
            raise ChildFailed(f"hcc-desktop {' '.join(args)} failed ({done.returncode}):\n"
                              f"{done.stdout}{done.stderr}{_log_tail(data)}")
    return data


def _log_tail(data: Path, lines: int = 15) -> str:
    """The end of the program's log in ``data`` (where it puts tracebacks), for error reports."""
    log = data / "logs" / "hcc-desktop.log"
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return f"--- end of {log.name} ---\n" + "\n".join(text.splitlines()[-lines:])


def run_child(script: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(script), *args], env=_env(), capture_output=True,
                          text=True, timeout=CHILD_TIMEOUT_S)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line.split(" ", 1)[1])
            if done.returncode == 0 and result.get("code") == 0 and "shown" in result["marks"]:
                return result
    tail = "\n".join((done.stderr or "").splitlines()[-20:])
    log = _log_tail(Path(args[0])) if args else ""
    raise ChildFailed(f"{script.name} failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{tail}\n{log}")


def measure(repeats: int, warmup: int = 1, progress=None) -> tuple[list[Figure], dict]:
    """Return the two start-up figures and the raw samples (for --json)."""
    floors: list[float] = []
    apps: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="hcc-bench-startup-") as tmp:
        data = prepare_data(Path(tmp))
        app_args = (str(data), USERNAME, PASSWORD)
        for i in range(warmup + repeats):
            order = [("floor", FLOOR_CHILD, ()), ("app", APP_CHILD, app_args)]
            if i % 2:
                order.reverse()
            results = {name: run_child(script, *args) for name, script, args in order}
            if i < warmup:
                continue
            floors.append(results["floor"]["marks"]["shown"])
            apps.append(results["app"])
            if progress:
                progress(f"start-up {i - warmup + 1}/{repeats}: floor {floors[-1]:.0f} ms, "
                         f"shown {apps[-1]['marks']['shown']:.0f} ms, ready {apps[-1]['marks']['ready']:.0f} ms")

    floor = median(floors)
    shown = [a["marks"]["shown"] for a in apps]
    ready = [a["marks"]["ready"] for a in apps]
    scrypt = [a.get("scrypt_ms", 0.0) for a in apps]
    ready_less_scrypt = [r - s for r, s in zip(ready, scrypt)]
    phases = {mark: median([a["marks"][mark] for a in apps if mark in a["marks"]]) for mark in APP_MARKS}
    steps = {
        "import GUI modules": phases["imported"],
        "create_application (fonts)": phases["app"] - phases["imported"],
        "MainWindow(paths)": phases["window"] - phases["app"],
        "show → first event-loop pass": phases["shown"] - phases["window"],
        "worker: import hcc_desktop.app (SQLAlchemy…)": median(
            [a["marks"]["open_imported"] - a["marks"]["open_start"] for a in apps]),
        "worker: open_services + first queries": median(
            [a["marks"]["open_done"] - a["marks"]["open_imported"] for a in apps]),
        "worker: authenticate (login hook)": median(
            [a["marks"]["login_done"] - a["marks"]["login_start"] for a in apps]),
        "   of which scrypt (verify_password)": median(scrypt),
        "login done → ready (settings.view, counter panel)": median(
            [a["marks"]["ready"] - a["marks"]["login_done"] for a in apps]),
        "   of which queue.snapshot (worker)": median([a.get("snapshot_ms", 0.0) for a in apps]),
    }
    floor_note = f"floor: bare QMainWindow shown; {repeats} runs, floor samples {min(floors):.0f}–{max(floors):.0f} ms"
    figures = [
        Figure(NAME_SHOWN, median(shown), floor, TARGET_SHOWN,
               note=f"project samples {min(shown):.0f}–{max(shown):.0f} ms; {floor_note}"),
        Figure(NAME_READY, median(ready), floor, TARGET_READY,
               note=(f"project samples {min(ready):.0f}–{max(ready):.0f} ms; first snapshot: "
                     f"{median([a.get('waiting', 0) for a in apps]):.0f} waiting, "
                     f"{median([a.get('active', 0) for a in apps]):.0f} active; scrypt is "
                     f"{median(scrypt):.0f} ms ({median(scrypt) / median(ready):.0%}) of it; "
                     f"without scrypt: {median(ready_less_scrypt):.0f} ms = "
                     f"{median(ready_less_scrypt) / floor:.2f}× floor"),
               details=steps),
    ]
    raw = {"floor_ms": floors, "app": apps}
    return figures, raw
