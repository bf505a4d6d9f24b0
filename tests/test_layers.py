"""The domain never imports Qt or the UI: services, storage and documents stay Qt-free."""

import ast
from pathlib import Path

import hcc_desktop

PACKAGE = Path(hcc_desktop.__file__).parent
QT_FREE = ["services", "storage", "documents"]
FORBIDDEN = ("PySide6", "shiboken6", "hcc_desktop.ui")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_domain_layers_never_import_qt_or_ui():
    offenders = []
    for folder in QT_FREE:
        for path in (PACKAGE / folder).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(FORBIDDEN):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_the_checker_sees_a_qt_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport hcc_desktop.ui.tasks\n")
    assert [n for n in _imports(sample) if n.startswith(FORBIDDEN)] == ["PySide6.QtCore", "hcc_desktop.ui.tasks"]


def test_ui_modules_do_not_import_storage_libraries_at_module_level():
    """The window is shown before SQLAlchemy loads: ui/ may only import services for typing."""
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            module = getattr(node, "module", None) or ""
            names = [a.name for a in getattr(node, "names", [])] if isinstance(node, ast.Import) else [module]
            for name in names:
                if name.startswith(("sqlalchemy", "alembic", "hcc_desktop.services", "hcc_desktop.storage",
                                    "hcc_desktop.app", "reportlab", "openpyxl", "holidays")):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
