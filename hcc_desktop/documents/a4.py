"""The shared A4 document: Noto Sans, named styles, the page, and blocks that documents are built from.

A document is a list of units from the blocks below, handed to :func:`build_pdf`::

    units = national_header(["ỦY BAN NHÂN DÂN XÃ A", "<b>TRUNG TÂM …</b>"], MOTTO, "A, ngày …")
    units += para("<b>SỔ THEO DÕI HỒ SƠ</b>", "title") + field("Quyển số", "01")
    units += table([Column(0.1, "center"), Column(0.9)], [[Cell("TT"), Cell("Tên")]], rows)
    pdf = build_pdf(units, title="Sổ theo dõi hồ sơ", center_name="Trung tâm …")

Every page has the footer (left text, "Trang x/y" counted within its copy) and, on pages after
the first (or on all of them), a running header with the center's name. Text is NFC; values are
never read as markup. Margins follow Nghị định 30/2020 (left 30 mm, right 15 mm, 20 mm top and
bottom).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from hcc_desktop.documents import a4_blocks
from hcc_desktop.documents.a4_blocks import CheckItem
from hcc_desktop.documents.a4_layout import (MM, Env, Line, Run, Slot, Style, draw_line, face, nfc, resolve, rich,
                                             slot_envs, width, wrap)
from hcc_desktop.documents.a4_pages import Unit, paginate, render
from hcc_desktop.documents.a4_table import Cell, Column, grid
from hcc_desktop.documents.fonts import register_reportlab_fonts

__all__ = ["A5", "BODY_WIDTH", "DOTS", "HANDOUT", "LANDSCAPE", "MM", "MOTTO", "PORTRAIT", "STYLES", "Cell", "CheckItem", "Column",
           "Page", "Run", "Sheet", "Signature", "Slot", "Style", "Unit", "build_pdf", "dated", "field", "national_header", "nfc",
           "para", "plain", "rich", "signatures", "spacer", "table", "vn_date", "vn_time"]


@dataclass(frozen=True)
class Page:
    """A sheet and its margins, in points. Blocks are laid out for ``body_width``; pages hold ``body_height``."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def body_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def body_height(self) -> float:
        return self.height - self.top - self.bottom


PORTRAIT = Page(210 * MM, 297 * MM, 30 * MM, 15 * MM, 20 * MM, 20 * MM)
LANDSCAPE = Page(297 * MM, 210 * MM, 20 * MM, 15 * MM, 20 * MM, 20 * MM)  # logs and books with many columns
A5 = Page(148 * MM, 210 * MM, 12 * MM, 12 * MM, 12 * MM, 18 * MM)  # leaflets
HANDOUT = Page(210 * MM, 297 * MM, 15 * MM, 12 * MM, 14 * MM, 16 * MM)  # guides people take home
PAGE_WIDTH, PAGE_HEIGHT = PORTRAIT.width, PORTRAIT.height
LEFT, RIGHT, TOP, BOTTOM = PORTRAIT.left, PORTRAIT.right, PORTRAIT.top, PORTRAIT.bottom
BODY_WIDTH = PORTRAIT.body_width
BODY_HEIGHT = PORTRAIT.body_height
DOTS = "…………………"  # an empty value on a form: a dotted leader to fill in by hand
MOTTO = ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", "<b>Độc lập - Tự do - Hạnh phúc</b>")
STYLES: dict[str, Style] = {
    "body": Style(after=2), "field": Style(after=1.5), "quote": Style(indent=8 * MM, after=2),
    "note": Style(10, italic=True),
    "title": Style(13.5, bold=True, align="center", leading=1.3), "subtitle": Style(11, align="center"),
    "header": Style(10.5, align="center", leading=1.3), "date": Style(11, italic=True, align="center"),
    "cell": Style(10, leading=1.3),
    "head": Style(10, bold=True, align="center", leading=1.3), "small": Style(9, leading=1.3),
    "sign": Style(11, bold=True, align="center", leading=1.3), "hint": Style(10, italic=True, align="center"),
    "footer": Style(8.5, leading=1.2), "footer_right": Style(8.5, align="right", leading=1.2),
    "section": Style(12, bold=True, leading=1.3, before=5, after=2),
    # lists and books: many columns on a landscape page
    "log_cell": Style(8.5, leading=1.25), "log_head": Style(8.5, bold=True, align="center", leading=1.25),
    # large print for elderly readers: body 15 pt, headings 20 pt and more, black on white
    "lp_title": Style(22, bold=True, align="center", leading=1.2, after=1),
    "lp_subtitle": Style(14, align="center", leading=1.3, after=2), "lp_head": Style(20, bold=True, leading=1.2),
    "lp_body": Style(14, leading=1.25, after=0.5), "lp_note": Style(14, italic=True, leading=1.2),
    "lp_cell": Style(14, leading=1.3), "lp_cell_head": Style(14, bold=True, align="center", leading=1.3),
}
Text = str | Sequence[Run]
Progress = Callable[[int, int], None]


def _runs(text: Text) -> list[Run]:
    return rich(text) if isinstance(text, str) else list(text)


def plain(value: object, *, bold: bool = False) -> list[Run]:
    """A value as text, never read as markup (names, addresses typed by people); line breaks kept."""
    return rich("<b>{v}</b>" if bold else "{v}", {"v": value})


def _style(style: str | Style) -> Style:
    return STYLES[style] if isinstance(style, str) else style


def vn_date(day: date | datetime) -> str:
    """"ngày 05 tháng 3 năm 2026": a zero before days under 10 and months 1 and 2 (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def dated(place: str, moment: datetime) -> str:
    """The place-and-date line, "Lạc Phương, ngày 05 tháng 3 năm 2026" (aware times in local time)."""
    from hcc_desktop.clock import to_local

    day = vn_date(to_local(moment) if moment.tzinfo is not None else moment)
    return f"{nfc(place)}, {day}" if place else day[0].upper() + day[1:]


def vn_time(moment: time | datetime) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def spacer(mm: float, *, keep: bool = False) -> list[Unit]:
    return [Unit(mm * MM, space=True, keep=keep)]


def para(text: Text, style: str | Style = "body", *, keep: bool = False, avail: float = BODY_WIDTH) -> list[Unit]:
    """A paragraph: one unit per line (it may continue on the next page), or one unit if it has Slots."""
    style, runs = _style(style), _runs(text)
    units = spacer(style.before / MM) if style.before else []
    if any(r.slot for r in runs):
        height = max(len(wrap(resolve(runs, env), avail, style)) for env in slot_envs(runs)) * style.line_height

        def draw(canvas, x, y, env: Env) -> None:
            for i, line in enumerate(wrap(resolve(runs, env), avail, style)):
                draw_line(canvas, line, x, y - i * style.line_height, avail, style)

        units.append(Unit(height, draw, keep=keep, dynamic=True))
    else:
        units += [Unit(style.line_height, _line_drawer(line, avail, style), keep=keep)
                  for line in wrap(runs, avail, style)]
    return units + (spacer(style.after / MM, keep=keep) if style.after else [])


def _line_drawer(line: Line, avail: float, style: Style):
    return lambda canvas, x, y, env: draw_line(canvas, line, x, y, avail, style)


def field(label: str, value: Text, *, style: str | Style = "field", keep: bool = False) -> list[Unit]:
    """"Label: value" with the value in bold; an empty value prints a dotted leader."""
    value_runs = [replace(r, bold=True) for r in _runs(value)] or [Run(DOTS)]
    return para([Run(nfc(label) + ": ")] + value_runs, style, keep=keep)


def _block(lines: Sequence[Text], style: Style, avail: float) -> list[Line]:
    return [line for text in lines for line in wrap(_runs(text), avail, style)]


def national_header(left: Sequence[Text], right: Sequence[Text] = MOTTO, date_line: Text = "",
                    split: float = 0.42, *, width: float = BODY_WIDTH) -> list[Unit]:
    """The two-column head of an administrative document: issuer left, motto right, each underlined
    with a short rule, and the place-and-date line under the motto."""
    style, dated = STYLES["header"], STYLES["date"]
    wl, wr = width * split, width * (1 - split)
    left_lines, right_lines = _block(left, style, wl - 4), _block(right, style, wr)
    date_lines = _block([date_line], dated, wr) if date_line else []
    lh = style.line_height
    rule = 6.0
    height = max(len(left_lines) * lh + rule, len(right_lines) * lh + rule + 5 + len(date_lines) * dated.line_height)

    def draw(canvas, x, y, env) -> None:
        canvas.setLineWidth(0.6)
        for column, lines, w in ((x, left_lines, wl - 4), (x + wl, right_lines, wr)):
            for i, line in enumerate(lines):
                draw_line(canvas, line, column, y - i * lh, w, style)
            if lines:
                under = y - len(lines) * lh - 2.5
                span = lines[-1].width if column > x else w * 0.4
                canvas.line(column + (w - span) / 2, under, column + (w + span) / 2, under)
        below = y - len(right_lines) * lh - rule - 5
        for i, line in enumerate(date_lines):
            draw_line(canvas, line, x + wl, below - i * dated.line_height, wr, dated)

    return [Unit(height, draw, keep=True)] + spacer(5)


@dataclass(frozen=True)
class Signature:
    title: Text = ""  # "NGƯỜI TIẾP NHẬN HỒ SƠ"
    hint: Text = ""  # "(Ký và ghi rõ họ tên)"
    name: Text = ""  # printed under the space for the signature
    lines: tuple[Text, ...] = ()  # small left-aligned lines instead, e.g. "Nơi nhận:"
    space: float = 24 * MM


def signatures(blocks: Sequence[Signature], *, width: float = BODY_WIDTH) -> list[Unit]:
    """Signature blocks side by side (a single one takes the right half); kept whole on one page."""
    columns = list(blocks) if len(blocks) > 1 else [Signature(space=0), *blocks]
    w = width / len(columns)
    parts = []
    for block in columns:
        stack = [(STYLES["sign"], _block([block.title], STYLES["sign"], w - 6) if block.title else []),
                 (STYLES["hint"], _block([block.hint], STYLES["hint"], w - 6) if block.hint else [])]
        if block.title or block.name:
            stack += [(None, block.space), (STYLES["sign"], _block([block.name], STYLES["sign"], w - 6))]
        small = Style(10, leading=1.35)
        stack += [(small, _block(block.lines, small, w - 6))] if block.lines else []
        parts.append(stack)

    def tall(stack) -> float:
        return sum(lines if style is None else len(lines) * style.line_height for style, lines in stack)

    def draw(canvas, x, y, env) -> None:
        for k, stack in enumerate(parts):
            top = y
            for style, lines in stack:
                if style is None:
                    top -= lines
                    continue
                for line in lines:
                    draw_line(canvas, line, x + k * w + 3, top, w - 6, style)
                    top -= style.line_height

    return spacer(4) + [Unit(max(tall(s) for s in parts), draw)]


def table(columns: Sequence[Column], head: Sequence[Sequence[Cell]], rows: Sequence[Sequence[Text]], *,
          page: Page = PORTRAIT, cell: str | Style = "cell", head_style: str | Style = "head",
          width: float | None = None) -> list[Unit]:
    """A ruled table across the page's body width (or ``width`` points): ``head`` rows (cells may span, as
    in HTML) repeated on every page the table continues on, then one unit per body row (wrapped cells; a
    row taller than a page is cut between lines)."""
    return grid(columns, [[replace(c, text=_runs(c.text)) for c in row] for row in head],
                [[_runs(text) for text in row] for row in rows], width=width or page.body_width, cell=_style(cell),
                head_style=_style(head_style), max_height=page.body_height)


def build_pdf(units: Sequence[Unit], *, title: str, center_name: str, footer: str = "",
              copies: Sequence[Env] = ({},), running_header: str = "continuation",
              page_text: str = "Trang {page}/{pages}", page: Page = PORTRAIT,
              progress: Progress | None = None) -> bytes:
    """The PDF: every copy's pages (a copy's values fill its Slots and the ``{field}``s of ``footer``,
    whose text beyond one line is left out; an unknown field raises ``a4_layout.UnknownField``).

    ``running_header`` "continuation" puts the center's name and the title above pages after a copy's
    first (forms open with their own head); "always" on every page (lists, logs); "never".
    ``page`` is the sheet the units were laid out for (A4 portrait unless given); ``progress(done, total)``
    is called after each page drawn (long registers show a progress bar).
    """
    from reportlab.pdfgen.canvas import Canvas

    register_reportlab_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page.width, page.height), pageCompression=0, initialFontName=face(False))
    canvas.setTitle(nfc(title))
    canvas.setAuthor(nfc(center_name))
    canvas.setCreator("HCC Desktop")
    head = [Run(nfc(f"{center_name} — {title}"))]
    small, right = STYLES["footer"], STYLES["footer_right"]

    body, left, top = page.body_width, page.left, page.height
    base = min(14 * MM, page.bottom - 2 * MM)  # the footer's rule, inside the bottom margin

    def decorate(canvas, number: int, total: int, env: Env) -> None:
        canvas.setLineWidth(0.4)
        if running_header == "always" or (running_header == "continuation" and number > 1):
            for line in wrap(head, body, small)[:1]:  # 10 mm above the body, its rule 6 mm above (A4: 10, 14)
                draw_line(canvas, line, left, top - page.top + 10 * MM, body, small)
            canvas.line(left, top - page.top + 6 * MM, left + body, top - page.top + 6 * MM)
        canvas.line(left, base, left + body, base)
        pages = page_text.format(page=number, pages=total)
        for line in wrap(rich(footer, env), body - width(pages, face(False)) * small.size - 8 * MM, small)[:1]:
            draw_line(canvas, line, left, base - 1 * MM, body, small)
        draw_line(canvas, wrap(rich(pages), body, right)[0], left, base - 1 * MM, body, right)

    render(canvas, paginate(units, page.body_height), list(copies) or [{}], left, page.height - page.top, decorate,
           progress)
    canvas.save()
    return buffer.getvalue()



class Sheet:
    """A document being written for one page shape: every block laid out for that page's width.

        doc = Sheet(LANDSCAPE)
        doc.para("<b>SỔ NHẬT KÝ PHỤC VỤ</b>", "title")
        doc.table(columns, head, rows, cell="log_cell", head_style="log_head")
        pdf = doc.pdf(title="Sổ nhật ký phục vụ", center_name=center, running_header="always")
    """

    def __init__(self, page: Page = PORTRAIT) -> None:
        self.page = page
        self.units: list[Unit] = []

    @property
    def width(self) -> float:
        return self.page.body_width

    def add(self, units: Sequence[Unit]) -> Sheet:
        self.units += units
        return self

    def para(self, text: Text, style: str | Style = "body", *, keep: bool = False) -> Sheet:
        return self.add(para(text, style, keep=keep, avail=self.width))

    def field(self, label: str, value: Text, *, style: str | Style = "field", keep: bool = False) -> Sheet:
        value_runs = [replace(r, bold=True) for r in _runs(value)] or [Run(DOTS)]
        return self.para([Run(nfc(label) + ": ")] + value_runs, style, keep=keep)

    def space(self, mm: float) -> Sheet:
        return self.add(spacer(mm))

    def header(self, left: Sequence[Text], right: Sequence[Text] = MOTTO, date_line: Text = "",
               split: float = 0.42) -> Sheet:
        return self.add(national_header(left, right, date_line, split, width=self.width))

    def center_header(self, center_name: str, authority: str = "", date_line: str = "") -> Sheet:
        """The national header with the authority and the center's name (values, not markup) on the left."""
        left = ([plain(nfc(authority).upper())] if authority else []) + [plain(nfc(center_name).upper(), bold=True)]
        return self.header(left, date_line=plain(date_line) if date_line else "", split=0.45)

    def table(self, columns: Sequence[Column], head: Sequence[Sequence[Cell]], rows: Sequence[Sequence[Text]], *,
              cell: str | Style = "cell", head_style: str | Style = "head", width: float | None = None) -> Sheet:
        return self.add(table(columns, head, rows, page=self.page, cell=cell, head_style=head_style, width=width))

    def signatures(self, blocks: Sequence[Signature]) -> Sheet:
        return self.add(signatures(blocks, width=self.width))

    def checklist(self, items: Sequence[CheckItem], style: str | Style = "lp_body",
                  note_style: str | Style = "lp_note") -> Sheet:
        return self.add(a4_blocks.checklist(items, _style(style), _style(note_style), width=self.width))

    def legend(self, kinds: Sequence[tuple[str, Text]], style: str | Style = "lp_note") -> Sheet:
        return self.add(a4_blocks.legend(kinds, _style(style), width=self.width))

    def steps(self, items: Sequence[tuple[Text, Text]], style: str | Style = "lp_body",
              note_style: str | Style = "lp_note") -> Sheet:
        return self.add(a4_blocks.steps(items, _style(style), _style(note_style), width=self.width))

    def framed(self, texts: Sequence[Text], style: str | Style = "lp_body", *, shade: bool = False) -> Sheet:
        return self.add(a4_blocks.framed(texts, _style(style), width=self.width, shade=shade))

    def write_in(self, label: Text, style: str | Style = "lp_body", lines: int = 1) -> Sheet:
        return self.add(a4_blocks.write_in(label, _style(style), width=self.width, lines=lines))

    def band(self, text: Text, style: str | Style = "lp_head") -> Sheet:
        return self.add(spacer(2) + a4_blocks.band(text, _style(style), width=self.width) + spacer(0.5))

    def pdf(self, *, title: str, center_name: str, footer: str = "", running_header: str = "continuation",
            page_text: str = "Trang {page}/{pages}", progress: Progress | None = None) -> bytes:
        """The PDF; ``footer`` is plain text here (braces are printed, not fields)."""
        return build_pdf(self.units, title=title, center_name=center_name,
                         footer=footer.replace("{", "{{").replace("}", "}}"), running_header=running_header,
                         page_text=page_text, page=self.page, progress=progress)
