"""More blocks of the shared A4 document: tick-box checklists with drawn paper icons, numbered steps,
framed notes, boxes to write in, and a heading band. Used through :mod:`hcc_desktop.documents.a4`.

Everything is black on white (high contrast, prints on any printer); icons are drawn with lines, since
Noto Sans has no pictographs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hcc_desktop.documents.a4_layout import MM, Run, Style, draw_line, rich, wrap
from hcc_desktop.documents.a4_pages import Unit

Text = str | Sequence[Run]


def _runs(text: Text) -> list[Run]:
    return rich(text) if isinstance(text, str) else list(text)


# -- icons --------------------------------------------------------------------------------------------
def _sheet(canvas, x: float, y: float, w: float, h: float) -> None:
    """One sheet of paper with a folded corner; (x, y) is its lower-left corner."""
    fold = w * 0.3
    path = canvas.beginPath()
    path.moveTo(x, y)
    path.lineTo(x, y + h)
    path.lineTo(x + w - fold, y + h)
    path.lineTo(x + w, y + h - fold)
    path.lineTo(x + w, y)
    path.close()
    canvas.drawPath(path, stroke=1, fill=1)
    canvas.line(x + w - fold, y + h, x + w - fold, y + h - fold)
    canvas.line(x + w - fold, y + h - fold, x + w, y + h - fold)
    for k in range(1, 4):  # lines of writing
        canvas.line(x + w * 0.18, y + h * (0.72 - 0.18 * k) + h * 0.1, x + w * 0.8, y + h * (0.72 - 0.18 * k) + h * 0.1)


def draw_icon(canvas, kind: str, x: float, y_top: float, size: float) -> None:
    """The paper icon for a copy kind: "original" one sheet with a filled seal, "copy" two stacked sheets,
    "certified" two stacked sheets with a ringed stamp. ``size`` is the icon's height."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setLineWidth(max(0.8, size / 22))
    w, h = size * 0.62, size * 0.82
    bottom = y_top - size
    if kind == "original":
        _sheet(canvas, x + size * 0.12, bottom + size * 0.06, w, h)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.circle(x + size * 0.12 + w * 0.8, bottom + size * 0.2, size * 0.17, stroke=0, fill=1)
    else:
        _sheet(canvas, x + size * 0.26, bottom + size * 0.16, w, h * 0.9)
        _sheet(canvas, x + size * 0.04, bottom + size * 0.02, w, h * 0.9)
        if kind == "certified":
            canvas.setLineWidth(max(1.0, size / 16))
            cx, cy, r = x + size * 0.04 + w * 0.62, bottom + size * 0.2, size * 0.14
            canvas.circle(cx, cy, r, stroke=1, fill=1)
            canvas.circle(cx, cy, r * 0.45, stroke=1, fill=0)
    canvas.restoreState()


def draw_tick_box(canvas, x: float, y_top: float, size: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(max(1.2, size / 14))
    canvas.rect(x, y_top - size, size, size, stroke=1, fill=0)
    canvas.restoreState()


# -- blocks ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckItem:
    text: Text  # the paper, e.g. "<b>Giấy chứng sinh</b> — Bản chính, 1 bản"
    kind: str = ""  # original | copy | certified: the icon ("" for none)
    note: Text = ""  # a second, smaller paragraph, e.g. "Nếu chưa có: Trạm y tế xã"


def checklist(items: Sequence[CheckItem], style: Style, note_style: Style, *, width: float) -> list[Unit]:
    """One unit per item: a tick box, the paper's icon, its text and note wrapped beside them."""
    box = style.size * 1.15
    icon = style.size * 1.6 if any(item.kind for item in items) else 0.0
    indent = box + 3 * MM + (icon + 3 * MM if icon else 0.0)
    avail = width - indent
    units = []
    for item in items:
        lines = wrap(_runs(item.text), avail, style)
        notes = wrap(_runs(item.note), avail, note_style) if item.note else ()
        text_height = len(lines) * style.line_height + len(notes) * note_style.line_height
        height = max(text_height, icon + 2, box + 2) + 1.0 * MM

        def draw(canvas, x, y, env, lines=lines, notes=notes, kind=item.kind) -> None:
            draw_tick_box(canvas, x, y - (style.line_height - box) / 2, box)
            if kind:
                draw_icon(canvas, kind, x + box + 3 * MM, y, icon)
            top = y
            for line in lines:
                draw_line(canvas, line, x + indent, top, avail, style)
                top -= style.line_height
            for line in notes:
                draw_line(canvas, line, x + indent, top, avail, note_style)
                top -= note_style.line_height

        units.append(Unit(height, draw))
    return units


def legend(kinds: Sequence[tuple[str, Text]], style: Style, *, width: float) -> list[Unit]:
    """The icons with their words on one line (wrapping to more if needed): what each icon means."""
    icon = style.size * 1.5
    parts = [(kind, wrap(_runs(label), width, style)[0]) for kind, label in kinds]
    rows: list[list[tuple[str, object]]] = [[]]
    used = 0.0
    for kind, line in parts:
        need = icon + 2 * MM + line.width + 8 * MM
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append((kind, line))
        used += need
    height = max(icon, style.line_height) + 1.5 * MM

    units = []
    for row in rows:
        def draw(canvas, x, y, env, row=row) -> None:
            for kind, line in row:
                draw_icon(canvas, kind, x, y, icon)
                draw_line(canvas, line, x + icon + 2 * MM, y - (icon - style.line_height) / 2, width, style)
                x += icon + 2 * MM + line.width + 8 * MM

        units.append(Unit(height, draw))
    return units


def steps(items: Sequence[tuple[Text, Text]], style: Style, note_style: Style, *, width: float,
          start: int = 1) -> list[Unit]:
    """Numbered steps: a black disc with the white number, the step's text and a note under it."""
    disc = style.size * 1.7
    indent = disc + 4 * MM
    avail = width - indent
    number_style = Style(style.size, bold=True, align="center", leading=1.0)
    units = []
    for n, (text, note) in enumerate(items, start):
        lines = wrap(_runs(text), avail, style)
        notes = wrap(_runs(note), avail, note_style) if note else ()
        label = wrap([Run(str(n))], disc, number_style)[0]
        height = max(len(lines) * style.line_height + len(notes) * note_style.line_height, disc) + 3 * MM

        def draw(canvas, x, y, env, lines=lines, notes=notes, label=label) -> None:
            canvas.saveState()
            canvas.setFillColorRGB(0, 0, 0)
            cy = y - disc / 2
            canvas.circle(x + disc / 2, cy, disc / 2, stroke=0, fill=1)
            canvas.setFillColorRGB(1, 1, 1)
            draw_line(canvas, label, x, cy + number_style.line_height / 2, disc, number_style)
            canvas.restoreState()
            top = y - max(0.0, (disc - style.line_height) / 2) if len(lines) == 1 and not notes else y
            for line in lines:
                draw_line(canvas, line, x + indent, top, avail, style)
                top -= style.line_height
            for line in notes:
                draw_line(canvas, line, x + indent, top, avail, note_style)
                top -= note_style.line_height

        units.append(Unit(height, draw))
    return units


def framed(texts: Sequence[Text], style: Style, *, width: float, thick: float = 1.5, pad: float = 3 * MM,
           shade: bool = False) -> list[Unit]:
    """Paragraphs in a ruled frame, kept on one page (a notice that must not be missed)."""
    avail = width - 2 * pad
    lines = [line for text in texts for line in wrap(_runs(text), avail, style)]
    height = len(lines) * style.line_height + 2 * pad

    def draw(canvas, x, y, env) -> None:
        canvas.saveState()
        canvas.setLineWidth(thick)
        if shade:
            canvas.setFillColorRGB(0.9, 0.9, 0.9)
        canvas.rect(x, y - height, width, height, stroke=1, fill=1 if shade else 0)
        canvas.restoreState()
        top = y - pad
        for line in lines:
            draw_line(canvas, line, x + pad, top, avail, style)
            top -= style.line_height

    return [Unit(height, draw)]


def write_in(label: Text, style: Style, *, width: float, lines: int = 1, gap: float = 11 * MM) -> list[Unit]:
    """A label and a box with ruled lines to write in by hand (a dossier code, a date)."""
    head = wrap(_runs(label), width, style)
    height = len(head) * style.line_height + lines * gap + 2 * MM

    def draw(canvas, x, y, env) -> None:
        for line in head:
            draw_line(canvas, line, x, y, width, style)
            y -= style.line_height
        canvas.saveState()
        canvas.setLineWidth(1.5)
        canvas.rect(x, y - lines * gap, width, lines * gap, stroke=1, fill=0)
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 3)
        for k in range(lines):
            canvas.line(x + 3 * MM, y - (k + 1) * gap + 3 * MM, x + width - 3 * MM, y - (k + 1) * gap + 3 * MM)
        canvas.restoreState()

    return [Unit(height, draw)]


def band(text: Text, style: Style, *, width: float, pad: float = 0.8 * MM) -> list[Unit]:
    """A heading in white on a black band (a section of a large-print guide)."""
    lines = wrap(_runs(text), width - 2 * pad, style)
    height = len(lines) * style.line_height + 2 * pad

    def draw(canvas, x, y, env) -> None:
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(x, y - height, width, height, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        top = y - pad
        for line in lines:
            draw_line(canvas, line, x + pad, top, width - 2 * pad, style)
            top -= style.line_height
        canvas.restoreState()

    return [Unit(height, draw, keep=True)]
