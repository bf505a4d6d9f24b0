"""The data package file: one zip with ``manifest.json`` and one JSON-lines part per table.

Written under a temporary name, flushed to disk, then renamed, so a power cut or a
cancel never leaves a half package under the final name. Reading checks the manifest
(format, schema version) and every part's row count and SHA-256 before anything is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from hcc_desktop.errors import StorageFull, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.storage.backup import fsync_dir

# What a damaged zip can raise while it is read: a bad header or directory, a cut, bytes that no
# longer inflate, a flipped flag asking for a password or an unknown compression method (both RuntimeError).
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error, RuntimeError)

FORMAT = "hcc-desktop-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST = 1024 * 1024


class PackageRejected(ValidationError):
    """The package cannot be used (damaged, altered, or from another program version); nothing was changed."""


class Cancelled(Exception):
    """The person asked to stop; nothing was left behind."""


class AtomicFile:
    """``with AtomicFile(path) as tmp: write tmp`` → fsynced and renamed to ``path``; removed on any error."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.tmp = self.path.with_name(self.path.name + ".part")

    def __enter__(self) -> Path:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot_write(self.path) from exc
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.tmp.unlink(missing_ok=True)
            if issubclass(exc_type, OSError):
                raise _cannot_write(self.path) from exc
            return False
        try:
            with open(self.tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(self.tmp, self.path)
            fsync_dir(self.path.parent)
        except OSError as exc:
            self.tmp.unlink(missing_ok=True)
            raise _cannot_write(self.path) from exc
        return False


def _cannot_write(path: Path) -> StorageFull:
    return StorageFull(tr("Không ghi được tệp {path} (thư mục chỉ đọc, không có quyền ghi hoặc ổ đĩa đầy).",
                          path=path))


def write_package(path: Path, manifest: dict, parts: Iterator[tuple[str, str, Iterator[str]]],
                  check_cancel=lambda: None) -> dict:
    """Write the parts (name, table, lines) then the manifest, with each part's rows and SHA-256."""
    listed = {}
    with AtomicFile(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, table, lines in parts:
                check_cancel()
                digest = hashlib.sha256()
                rows = 0
                with zf.open(name, "w", force_zip64=True) as out:
                    buffer = []
                    for line in lines:
                        data = (line + "\n").encode("utf-8")
                        digest.update(data)
                        buffer.append(data)
                        rows += 1
                        if len(buffer) >= 2000:
                            out.write(b"".join(buffer))
                            buffer.clear()
                            check_cancel()
                    out.write(b"".join(buffer))
                listed[name] = {"table": table, "rows": rows, "sha256": digest.hexdigest()}
            check_cancel()  # a cancel during the last part still counts: nothing is renamed into place
            manifest = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "parts": listed}
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


@dataclass
class OpenedPackage:
    path: Path
    manifest: dict
    zf: zipfile.ZipFile

    def read(self, name: str) -> bytes:
        return self.zf.read(name)

    def close(self) -> None:
        self.zf.close()


def open_package(path: Path, schema: str) -> OpenedPackage:
    """Open and verify a package: manifest, schema version, every part's rows and SHA-256."""
    path = Path(path)
    if not path.is_file():
        raise PackageRejected(tr("Không tìm thấy tệp “{name}”.", name=path.name))
    try:
        zf = zipfile.ZipFile(path)
    except DAMAGED as exc:
        raise PackageRejected(tr("Tệp “{name}” không phải gói dữ liệu hoặc đã bị cắt cụt/hỏng; "
                                 "không nhập gì.", name=path.name)) from exc
    try:
        manifest = _manifest(zf, path)
        if manifest.get("schema") != schema:
            raise PackageRejected(tr(
                "Gói “{name}” được tạo với cấu trúc dữ liệu {theirs}, máy này dùng {ours}. Hãy cập nhật cả hai "
                "máy lên cùng phiên bản chương trình rồi xuất lại; không nhập gì.", name=path.name,
                theirs=manifest.get("schema"), ours=schema))
        _verify_parts(zf, manifest, path)
    except BaseException:
        zf.close()
        raise
    return OpenedPackage(path, manifest, zf)


def _manifest(zf: zipfile.ZipFile, path: Path) -> dict:
    try:
        info = zf.getinfo(MANIFEST)
        if info.file_size > MAX_MANIFEST:
            raise ValueError("manifest too large")
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (KeyError, *DAMAGED) as exc:
        raise PackageRejected(tr("Gói “{name}” không có bản kê khai hợp lệ (manifest.json); không nhập gì.",
                                 name=path.name)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageRejected(tr("Tệp “{name}” không phải gói dữ liệu của HCC Desktop; không nhập gì.",
                                 name=path.name))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PackageRejected(tr("Gói “{name}” dùng định dạng phiên bản {v}, chương trình này đọc phiên bản {ours}; "
                                 "không nhập gì.", name=path.name, v=manifest.get("format_version"),
                                 ours=FORMAT_VERSION))
    if not isinstance(manifest.get("parts"), dict):
        raise PackageRejected(tr("Bản kê khai của gói “{name}” thiếu danh sách phần dữ liệu; không nhập gì.",
                                 name=path.name))
    return manifest


def _verify_parts(zf: zipfile.ZipFile, manifest: dict, path: Path) -> None:
    for name, info in manifest["parts"].items():
        if not isinstance(info, dict) or not isinstance(info.get("sha256"), str):
            raise PackageRejected(tr("Bản kê khai của gói “{name}” hỏng ở phần “{part}”; không nhập gì.",
                                     name=path.name, part=name))
        try:
            data = zf.read(name)
            rows = data.count(b"\n")
            digest = hashlib.sha256(data)
            del data
        except KeyError:
            raise PackageRejected(tr("Gói “{name}” thiếu phần “{part}” ghi trong bản kê khai; không nhập gì.",
                                     name=path.name, part=name)) from None
        except DAMAGED as exc:
            raise PackageRejected(tr("Phần “{part}” của gói “{name}” bị hỏng hoặc bị cắt cụt; không nhập gì.",
                                     name=path.name, part=name)) from exc
        if digest.hexdigest() != info["sha256"] or rows != info.get("rows"):
            raise PackageRejected(tr("Phần “{part}” của gói “{name}” không khớp mã kiểm tra SHA-256 (tệp đã bị "
                                     "sửa hoặc hỏng khi chép); không nhập gì.", name=path.name, part=name))
