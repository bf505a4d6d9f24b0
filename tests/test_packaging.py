"""What an installed copy (a wheel, the Windows installer) carries: every package and every shipped file."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_python_folder_is_a_listed_package():
    folders = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "hcc_desktop").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and any(p.glob("*.py"))}
    listed = set(_config()["packages"])
    assert folders | {"hcc_desktop", "hcc_desktop.resources"} == listed


def test_every_resource_folder_is_shipped():
    patterns = _config()["package-data"]["hcc_desktop.resources"]
    for folder in (p for p in (ROOT / "resources").iterdir() if p.is_dir()):
        assert any(pattern.startswith(folder.name + "/") for pattern in patterns), folder.name


def test_the_wheel_carries_fonts_forms_catalog_sounds_and_migrations(tmp_path):
    import shutil

    source = tmp_path / "src"  # a copy: building writes build/ and egg-info next to the sources
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("hcc_desktop", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "dist"), str(source)], check=True, capture_output=True, timeout=300)
    [wheel] = (tmp_path / "dist").glob("hcc_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("hcc_desktop/resources/fonts/NotoSans-Regular.ttf", "hcc_desktop/resources/catalog/procedures.json",
                   "hcc_desktop/resources/forms/appointment_slip.toml", "hcc_desktop/resources/sounds/chime.wav",
                   "hcc_desktop/resources/playbooks/playbooks.toml", "hcc_desktop/storage/migrations/script.py.mako",
                   "hcc_desktop/storage/migrations/versions/0001_initial_schema.py", "hcc_desktop/cli.py"):
        assert needed in names, needed
    assert any(n.startswith("hcc_desktop/resources/guides/") for n in names)
