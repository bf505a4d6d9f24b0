"""About dialog: program and library versions, data folder, font licence."""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from hcc_desktop import APP_NAME, __version__
from hcc_desktop.i18n import tr

LIBRARIES = ("SQLAlchemy", "alembic", "reportlab", "openpyxl", "platformdirs", "holidays")


def versions() -> list[tuple[str, str]]:
    rows = [(APP_NAME, __version__), ("Python", platform.python_version()),
            ("Qt", qVersion()), ("PySide6", pyside_version), ("SQLite", sqlite3.sqlite_version)]
    for name in LIBRARIES:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, tr("không tìm thấy")))
    return rows


class AboutDialog(QDialog):
    def __init__(self, data_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Giới thiệu HCC Desktop"))
        table = "".join(f"<tr><td>{name}</td><td><b>{version}</b></td></tr>" for name, version in versions())
        text = QLabel(
            "<h2>HCC Desktop</h2>"
            + tr("<p>Phần mềm phục vụ tại quầy của Trung tâm Phục vụ hành chính công xã.</p>")
            + f"<table cellspacing='4'>{table}</table>"
            + tr("<p>Thư mục dữ liệu: {path}</p>", path=data_dir)
            + tr("<p>Phông chữ Noto Sans, giấy phép SIL Open Font License 1.1.</p>"), self)
        text.setWordWrap(True)
        text.setObjectName("aboutText")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
