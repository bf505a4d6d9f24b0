"""Leave out of the installer the parts of Qt the program does not use.

    python prune.py PKGS_DIR

Works on an allow-list: the Qt modules the program imports (``grep -rn PySide6. hcc_desktop/``)
and the plugins it needs on Windows are kept, with every DLL they load found by reading the
import tables of the PE files (also the binding of each Qt library a kept binding links to or
names, since a PySide6 module imports the modules its types come from). Everything else of PySide6
(QML/Quick, 3D, WebView, Designer and the other tools, translations, type stubs, headers,
the software OpenGL renderer, FFmpeg) is deleted. Prints what it kept and the bytes saved.
"""

from __future__ import annotations

import re
import shutil
import struct
import sys
from pathlib import Path

# The Qt modules the program imports; a missing one fails the build (the lock changed).
MODULES = ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtTextToSpeech", "QtMultimedia"]

# Plugins loaded at run time on Windows (not visible in any import table).
PLUGINS = [
    "platforms/qwindows.dll",          # the real screen
    "platforms/qoffscreen.dll",        # --self-test
    "platforms/qminimal.dll",
    "styles/qmodernwindowsstyle.dll",  # the native look on Windows 10/11
    "imageformats/qico.dll",
    "imageformats/qjpeg.dll",
    "imageformats/qgif.dll",
    "multimedia/windowsmediaplugin.dll",  # the chime (QSoundEffect over WASAPI)
    "texttospeech/qtexttospeech_sapi.dll",  # the spoken calls (SAPI voices, e.g. "Microsoft An")
    "texttospeech/qtexttospeech_winrt.dll",  # the spoken calls (OneCore voices)
]

# Python files of PySide6 itself (not Qt modules) that stay; their tool scripts go.
KEEP_PY = ["__init__.py", "_config.py", "_git_pyside_version.py", "support"]

# The Visual C++ runtime the Qt DLLs are built with; kept whatever the import tables say.
ALWAYS = {"msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "vcruntime140.dll", "vcruntime140_1.dll",
          "concrt140.dll"}


def pe_imports(path: Path) -> set[str]:
    """Lower-cased DLL names in the import and delay-import tables of a PE32+ file."""
    data = path.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError(f"{path} is not a PE file")
    sections_count = struct.unpack_from("<H", data, pe + 6)[0]
    optional_size = struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    if struct.unpack_from("<H", data, optional)[0] != 0x20B:
        raise ValueError(f"{path} is not a 64-bit PE file")
    directories = optional + 112
    sections = []
    for i in range(sections_count):
        header = optional + optional_size + 40 * i
        vsize, vaddr, rawsize, rawptr = struct.unpack_from("<IIII", data, header + 8)
        sections.append((vaddr, max(vsize, rawsize), rawptr))

    def offset(rva: int) -> int:
        for vaddr, size, rawptr in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + rawptr
        raise ValueError(f"{path}: address {rva:#x} outside every section")

    def name_at(rva: int) -> str:
        start = offset(rva)
        return data[start:data.index(b"\0", start)].decode("ascii").lower()

    names = set()
    for index, entry_size, name_field in ((1, 20, 12), (13, 32, 4)):  # imports, delay imports
        rva, size = struct.unpack_from("<II", data, directories + 8 * index)
        if not rva or not size:
            continue
        position = offset(rva)
        while True:
            name_rva = struct.unpack_from("<I", data, position + name_field)[0]
            if not name_rva:
                break
            names.add(name_at(name_rva))
            position += entry_size
    return names


def binding_of(dll: str) -> str | None:
    """``qt6network.dll`` -> ``QtNetwork`` (the PySide6 module wrapping that Qt library)."""
    if dll.startswith("qt6") and dll.endswith(".dll"):
        return "Qt" + dll[3:-4]
    return None


def closure(root: Path, start: list[Path]) -> set[Path]:
    """The files of ``start`` and every DLL of ``root`` (or of shiboken6) they load, transitively."""
    local = {p.name.lower(): p for folder in (root, root.parent / "shiboken6") for p in folder.glob("*.dll")}
    pyds = {p.stem.lower(): p for p in root.glob("*.pyd")}
    keep: set[Path] = set()
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in keep:
            continue
        keep.add(path)
        for name in pe_imports(path):
            if name in local:
                todo.append(local[name])
            module = binding_of(name)
            if module and path.suffix == ".pyd" and module.lower() in pyds:
                todo.append(pyds[module.lower()])
        if path.suffix == ".pyd":  # the modules it imports at load time ("PySide6.QtNetwork")
            for module in re.findall(rb"PySide6\.(Qt[A-Za-z0-9]+)\0", path.read_bytes()):
                if module.decode().lower() in pyds:
                    todo.append(pyds[module.decode().lower()])
    return keep


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def prune(pkgs: Path) -> tuple[int, list[str]]:
    root = pkgs / "PySide6"
    start = []
    for module in MODULES:
        pyd = root / f"{module}.pyd"
        if not pyd.is_file():
            raise SystemExit(f"{pyd} missing: the PySide6 wheels no longer provide {module}")
        start.append(pyd)
    for plugin in PLUGINS:
        path = root / "plugins" / plugin
        if not path.is_file():
            raise SystemExit(f"Qt plugin {plugin} missing from the PySide6 wheels")
        start.append(path)
    keep = closure(root, start)
    keep |= {root / name for name in ALWAYS if (root / name).is_file()}
    keep |= {root / name for name in KEEP_PY}
    saved = 0
    for path in sorted(root.rglob("*"), reverse=True):
        if not path.exists() or path in keep or any(parent in keep for parent in path.parents):
            continue
        if path.is_dir():
            continue
        if path.suffix.lower() == ".json" and path.parent == root:
            continue  # PySide6_*.json: which wheel gave what (a few KB, read by the pyside6 tools)
        saved += path.stat().st_size
        path.unlink()
    for folder in sorted(root.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    # Headers and import libraries of shiboken6 are for compiling extensions, not running them.
    for extra in [pkgs / "shiboken6" / "include", pkgs / "shiboken6" / "lib"]:
        if extra.exists():
            saved += size(extra)
            shutil.rmtree(extra)
    for stub in (pkgs / "shiboken6").glob("*.pyi"):
        saved += stub.stat().st_size
        stub.unlink()
    kept = sorted(p.relative_to(pkgs).as_posix() for p in keep if p.suffix.lower() in (".dll", ".pyd"))
    return saved, kept


def main(argv: list[str]) -> int:
    pkgs = Path(argv[1])
    before = size(pkgs)
    saved, kept = prune(pkgs)
    print(f"Qt binaries kept ({len(kept)}): {', '.join(kept)}")
    print(f"pruned {saved / 2**20:.0f} MiB of {before / 2**20:.0f} MiB of Python packages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
