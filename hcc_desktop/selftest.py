"""``hcc-desktop --self-test``: exercise every dependency headless, in a temporary folder.

Used after installation (also by the Windows installer check): storage with
migrations and a durable write, the upgrade of a database written by the first
schema (with its backup copy), a PDF with the Vietnamese font embedded, an XLSX
read back, the main window shown on Qt's offscreen platform, the PDF rendered
by QtPdf as for printing, and the sound and speech libraries loaded.
"""

from __future__ import annotations

import os
import tempfile
import traceback
from pathlib import Path
from typing import Callable

SAMPLE = "Trung tâm Phục vụ hành chính công xã — Đặng Thị Hường, 78 tuổi"


def _storage(folder: Path) -> str:
    from hcc_desktop.app import open_services

    with open_services(folder / "data") as services:
        actor = services.auth.create_first_supervisor("kiemtra", "Người Kiểm Tra", "kiem-tra-123")
        services.settings.set(actor, "center_name", SAMPLE)
        if services.settings.view().center_name != SAMPLE:
            raise AssertionError("setting not read back")
        report = services.health.check()
        if not report.ok:
            raise AssertionError("; ".join(report.problems))
        return f"SQLite {report.sqlite_version}, schema {report.schema_revision}, {report.journal_mode}"


def _upgrade(folder: Path) -> str:
    """A data folder left by the oldest schema is migrated at start, after a backup copy (as after an upgrade)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from hcc_desktop.app import open_services
    from hcc_desktop.paths import Paths
    from hcc_desktop.storage import migrate

    paths = Paths.resolve(folder / "old")
    paths.data_dir.mkdir(parents=True)
    config = migrate.alembic_config()
    base = ScriptDirectory.from_config(config).get_base()
    engine = create_engine(paths.database_url())
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, base)
    finally:
        engine.dispose()
    with open_services(paths.data_dir) as services:
        result = services.migration
        report = services.health.check()
    if result.before != base or result.backup is None or not result.backup.is_file():
        raise AssertionError(f"no backup before migrating from {base}: {result}")
    if not report.ok:
        raise AssertionError("; ".join(report.problems))
    return f"{result.before} → {result.after}, backup {result.backup.name}"


def _pdf(folder: Path) -> str:
    from hcc_desktop.documents.pdf import atomic_write, simple_pdf

    data = simple_pdf("Phiếu kiểm tra cài đặt", [SAMPLE, "Ư Ơ Ă Â Ê Ô Đ ư ơ ă â ê ô đ ạ ả ấ ầ ẩ ẫ ậ"])
    if b"FontFile2" not in data:
        raise AssertionError("font not embedded")
    path = atomic_write(folder / "kiem-tra.pdf", data)
    return f"{path.stat().st_size} bytes"


def _xlsx(folder: Path) -> str:
    from openpyxl import Workbook, load_workbook

    path = folder / "kiem-tra.xlsx"
    book = Workbook()
    book.active.append(["Tên", "Số lượt"])
    book.active.append([SAMPLE, 3])
    book.save(path)
    if load_workbook(path).active["A2"].value != SAMPLE:
        raise AssertionError("xlsx not read back")
    return f"{path.stat().st_size} bytes"


def _qt(folder: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from hcc_desktop.paths import Paths
    from hcc_desktop.ui.application import create_application
    from hcc_desktop.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow(Paths.resolve(folder / "data"))
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    window.close()
    if image.isNull() or image.width() < 100:
        raise AssertionError("window not drawn")
    return f"{image.width()}×{image.height()}"


def _print(folder: Path) -> str:
    """The PDF written by the pdf step, read and rasterized by QtPdf as printing and the preview do."""
    from hcc_desktop.ui.printing import _open_pdf, _page_image, available_printers

    document, _buffer = _open_pdf((folder / "kiem-tra.pdf").read_bytes())
    try:
        image = _page_image(document, 0, 72)
    finally:
        document.close()
    inked = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
                if image.pixelColor(x, y).lightness() < 128)
    if inked < 20:
        raise AssertionError("page rendered blank")
    return f"{image.width()}×{image.height()}, {len(available_printers())} printer(s)"


def _sound(_folder: Path) -> str:
    """The libraries of the chime and the spoken calls load (a voice and a speaker are the computer's)."""
    from PySide6.QtMultimedia import QMediaDevices
    from PySide6.QtTextToSpeech import QTextToSpeech

    engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    return f"{len(QMediaDevices.audioOutputs())} audio output(s), speech engines: {', '.join(engines) or '—'}"


STEPS: list[tuple[str, Callable[[Path], str]]] = [
    ("storage", _storage), ("upgrade", _upgrade), ("pdf", _pdf), ("xlsx", _xlsx), ("qt", _qt),
    ("print", _print), ("sound", _sound)]


def run_self_test(out=print) -> int:
    with tempfile.TemporaryDirectory(prefix="hcc-self-test-") as tmp:
        for name, step in STEPS:
            try:
                detail = step(Path(tmp))
            except Exception as exc:  # noqa: BLE001 — report which step failed, then fail
                out(f"FAILED {name}: {exc.__class__.__name__}: {exc}")
                out(traceback.format_exc())
                return 3
            out(f"ok {name}: {detail}")
    out("OK")
    return 0
