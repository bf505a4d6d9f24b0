"""Shared PDF building blocks (A4 page, styles, atomic file writing)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from hcc_desktop.documents.fonts import FACE_NAMES, register_reportlab_fonts


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary name, flushed, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 document: a bold title and lines of body text (NFC-normalized)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    register_reportlab_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FACE_NAMES["normal"])
    canvas.setTitle(unicodedata.normalize("NFC", title))
    y = A4[1] - 25 * mm
    canvas.setFont(FACE_NAMES["bold"], 16)
    canvas.drawString(20 * mm, y, unicodedata.normalize("NFC", title))
    canvas.setFont(FACE_NAMES["normal"], 12)
    for line in lines:
        y -= 8 * mm
        canvas.drawString(20 * mm, y, unicodedata.normalize("NFC", line))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
