"""Consistent copies of the SQLite database, written so a power cut never leaves a half file.

The copy is made with SQLite's online backup API into a temporary name, checked
with ``PRAGMA integrity_check``, flushed to disk, then renamed into place.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from hcc_desktop.errors import DataFolderDamaged, StorageFull
from hcc_desktop.i18n import tr


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_sqlite(source: Path, dest_dir: Path, label: str, when: datetime) -> Path:
    """Copy ``source`` into ``dest_dir`` as ``hcc-YYYYMMDD-HHMMSS-label.sqlite3``; return the path."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / f"hcc-{when.strftime('%Y%m%d-%H%M%S')}-{label}.sqlite3"
    tmp = final.with_name(final.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                result = dst.execute("PRAGMA integrity_check").fetchone()[0]
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise DataFolderDamaged(tr("Bản sao lưu vừa tạo không toàn vẹn; cơ sở dữ liệu có thể đã hỏng."))
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
        _fsync_dir(dest_dir)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageFull(tr("Không tạo được bản sao lưu (đĩa đầy hoặc thư mục chỉ đọc).")) from exc
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise DataFolderDamaged(tr("Không sao lưu được vì cơ sở dữ liệu bị hỏng.")) from exc
    return final
