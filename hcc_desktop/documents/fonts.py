"""The Vietnamese-capable font shipped in ``resources/fonts`` (Noto Sans, OFL 1.1).

Registered once for reportlab here and once for Qt in ``hcc_desktop.ui.application``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hcc_desktop.paths import resource_path

FAMILY = "NotoSans"
FILES = {
    "normal": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "boldItalic": "NotoSans-BoldItalic.ttf",
}
FACE_NAMES = {"normal": FAMILY, "bold": f"{FAMILY}-Bold", "italic": f"{FAMILY}-Italic",
              "boldItalic": f"{FAMILY}-BoldItalic"}


def font_files() -> dict[str, Path]:
    return {style: resource_path("fonts", name) for style, name in FILES.items()}


@cache
def register_reportlab_fonts() -> str:
    """Register the family with reportlab (once per process); return its name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for style, path in font_files().items():
        pdfmetrics.registerFont(TTFont(FACE_NAMES[style], str(path)))
    for style, (bold, italic) in {"normal": (0, 0), "bold": (1, 0), "italic": (0, 1), "boldItalic": (1, 1)}.items():
        addMapping(FAMILY, bold, italic, FACE_NAMES[style])
    return FAMILY
