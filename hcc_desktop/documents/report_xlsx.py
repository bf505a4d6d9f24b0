"""The report workbook: summary with charts, detail sheets, and a manifest, streamed (openpyxl write-only).

Plain data in (figures, row iterators), a file out; memory stays flat whatever the number
of rows. Text that a spreadsheet would take for a formula (= + - @ at the start) is
written as text and kept as text when edited. The manifest's checksum covers every
figure and row as written, so a consolidation can tell a workbook that was edited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from hcc_desktop.i18n import tr

FORMAT = "hcc-desktop-report"
FORMAT_VERSION = 1
SUMMARY_TITLE = tr("Tổng hợp")
MANIFEST_TITLE = tr("Thông tin")
UNSAFE_START = ("=", "+", "-", "@")
HEADER_ROW = 5  # the summary's column titles; figures start below
CHART_COLUMN = 7  # G: the charts stand right of the figures, stacked below the column titles
CHART_WIDTH_CM = 16
COLUMN_CM = 1.69  # a column of the default width (8.43 characters, 64 px)
ROW_CM = 0.53  # a row of the default height (15 pt)
# The summary is printed one landscape A4 page wide (scaled to about 74 %), where a page holds about
# 40 rows (Excel) or 50 (LibreOffice); page breaks every PAGE_ROWS rows come first, and no chart
# is placed across one, so none prints in two halves.
PAGE_ROWS = 36
PAPER_A4 = "9"  # the paperSize code of A4 in a workbook


@dataclass(frozen=True)
class Figure:
    key: str  # stable across versions and centers: consolidation adds figures by key
    label: str
    value: int | float | None
    unit: str = ""
    merge: str = "sum"  # sum | max | mean:<weight key> | none


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...]
    chart: bool = False


@dataclass(frozen=True)
class DetailColumn:
    header: str
    width: float
    number_format: str | None = None


@dataclass
class DetailSheet:
    title: str
    columns: tuple[DetailColumn, ...]
    rows: Iterable[tuple]
    expected: int = 0  # for progress


@dataclass
class ReportDocument:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    details: list[DetailSheet]
    manifest: list[tuple[str, str, object]]  # key, label, value
    labels: dict[str, str] = field(default_factory=dict)


def _moment(value: datetime) -> str:
    # a date comes back from a spreadsheet as midnight of that day: both read the same
    if value.hour == value.minute == value.second == 0:
        return f"{value:%Y-%m-%d}"
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


_CANONICAL = {type(None): lambda v: "", str: str, int: str, float: _number, bool: str, datetime: _moment,
              date: lambda v: f"{v:%Y-%m-%d}"}


def canonical(value) -> str:
    """One cell's value as the checksum sees it (the same after writing and reading back)."""
    return _CANONICAL.get(type(value), str)(value)


class Checksum:
    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def add(self, sheet: str, values: Iterable) -> None:
        get = _CANONICAL.get
        cells = [get(type(v), str)(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()  # a reader may or may not give the empty cells at the end of a row
        self._digest.update(("\t".join([sheet, *cells]) + "\n").encode("utf-8"))

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {"header": (Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B3D91"),
                       Alignment(vertical="center", wrap_text=True)),
            "title": Font(bold=True, size=14), "section": Font(bold=True, color="0B3D91")}


def _cell(ws, value, font=None, fill=None, alignment=None, number_format=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(UNSAFE_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _safe_row(ws, values: tuple) -> tuple | list:
    """The row as written: plain values, or a text cell for anything that looks like a formula."""
    for v in values:
        if type(v) is str and v[:1] in UNSAFE_START and v:
            return [_cell(ws, x) if type(x) is str and x[:1] in UNSAFE_START and x else x for x in values]
    return values


def write_report(path: Path, doc: ReportDocument, *, on_rows: Callable[[int], None] = lambda n: None
                 ) -> tuple[dict[str, int], str]:
    """Write the workbook to ``path`` (the caller makes it atomic); returns rows per sheet and the checksum."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.title = doc.title
    wb.properties.creator = "HCC Desktop"
    checksum = Checksum()
    try:
        counts = {SUMMARY_TITLE: _summary(wb, doc, checksum)}
        done = 0
        for sheet in doc.details:
            counts[sheet.title], done = _detail(wb, sheet, checksum, on_rows, done)
        _manifest(wb, doc, counts, checksum.hexdigest())
    except BaseException:
        for ws in wb.worksheets:  # finish each sheet's temporary file so nothing is left open
            try:
                ws.close()
            except Exception:  # noqa: BLE001 — already failing; the original error is what matters
                pass
        raise
    wb.save(path)
    return counts, checksum.hexdigest()


def _fit_to_width(ws, orientation: str) -> None:
    """Print on one page width (as many pages down as needed), on A4. Set before the first row:
    a streamed sheet writes its properties, where the fit-to-page switch lives, ahead of its rows."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _summary(wb, doc: ReportDocument, checksum: Checksum) -> int:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    styles = _styles()
    ws = wb.create_sheet(SUMMARY_TITLE)
    _fit_to_width(ws, "landscape")  # the figures and the charts beside them, whole on the page's width
    for letter, width in (("A", 4), ("B", 52), ("C", 14), ("D", 10), ("E", 4)):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["E"].hidden = True
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.append([None, _cell(ws, doc.title, font=styles["title"])])
    ws.append([None, _cell(ws, doc.subtitle)])
    ws.append([])
    ws.append([])
    font, fill, align = styles["header"]
    ws.append([_cell(ws, h, font, fill, align)
               for h in (tr("Mã"), tr("Chỉ tiêu"), tr("Số liệu"), tr("Đơn vị"), tr("Cách cộng"))])
    row = HEADER_ROW
    figures = 0
    anchor_row = HEADER_ROW + 2  # clear of the column-title row, which repeats on every printed page
    for section in doc.sections:
        ws.append([None, _cell(ws, section.title, font=styles["section"])])
        row += 1
        first = row + 1
        for fig in section.figures:
            number_format = "0.0" if isinstance(fig.value, float) else "#,##0"
            ws.append([fig.key, _cell(ws, fig.label), _cell(ws, fig.value, number_format=number_format),
                       fig.unit, fig.merge])
            checksum.add(SUMMARY_TITLE, (fig.key, fig.value))
            row += 1
            figures += 1
        if section.chart and section.figures:
            chart = BarChart()
            chart.type = "bar"
            chart.style = 10
            chart.title = section.title
            chart.legend = None
            chart.height = max(5.0, 0.8 * len(section.figures) + 2.5)  # every bar labelled
            chart.width = CHART_WIDTH_CM
            chart.add_data(Reference(ws, min_col=3, min_row=first, max_row=row), titles_from_data=False)
            chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=row))
            chart.y_axis.majorGridlines = None
            chart.x_axis.delete = False
            chart.y_axis.delete = False
            anchor_row = _chart_row(anchor_row, chart.height)
            ws.add_chart(chart, f"{get_column_letter(CHART_COLUMN)}{anchor_row}")
            anchor_row += int(chart.height / ROW_CM) + 2
    ws.auto_filter.ref = None
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    last_row = max(row, anchor_row)
    last_column = CHART_COLUMN + int(CHART_WIDTH_CM / COLUMN_CM) + 1  # a spare column past the charts' edge
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    _page_breaks(ws, last_row)
    return figures


def _chart_row(row: int, height_cm: float) -> int:
    """The first row of a chart: ``row``, or the top of the next printed page if it would cross a break."""
    last = row + int(height_cm / ROW_CM) + 1
    if (row - 1) // PAGE_ROWS != (last - 1) // PAGE_ROWS:
        return (last - 1) // PAGE_ROWS * PAGE_ROWS + 2
    return row


def _page_breaks(ws, last_row: int) -> None:
    from openpyxl.worksheet.pagebreak import Break

    for after in range(PAGE_ROWS, last_row, PAGE_ROWS):
        ws.row_breaks.append(Break(id=after))


def _detail(wb, sheet: DetailSheet, checksum: Checksum, on_rows, done: int) -> tuple[int, int]:
    from openpyxl.utils import get_column_letter

    styles = _styles()
    ws = wb.create_sheet(sheet.title)
    _fit_to_width(ws, "landscape")  # every column on the page; the header row repeated on each page
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    font, fill, align = styles["header"]
    ws.append([_cell(ws, c.header, font, fill, align) for c in sheet.columns])
    formats = [(i, c.number_format) for i, c in enumerate(sheet.columns) if c.number_format]
    count = 0
    add = checksum.add
    title = sheet.title
    for values in sheet.rows:
        add(title, values)
        if formats:
            values = list(values)
            for i, fmt in formats:
                if values[i] is not None:
                    values[i] = _cell(ws, values[i], number_format=fmt)
        ws.append(_safe_row(ws, values))
        count += 1
        if count % 1000 == 0:
            on_rows(done + count)
    on_rows(done + count)
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    ws.print_title_rows = "1:1"
    return count, done + count


def _manifest(wb, doc: ReportDocument, counts: dict[str, int], digest: str) -> None:
    styles = _styles()
    ws = wb.create_sheet(MANIFEST_TITLE)
    _fit_to_width(ws, "portrait")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 70
    font, fill, align = styles["header"]
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, h, font, fill, align) for h in (tr("Mã"), tr("Mục"), tr("Giá trị"))])
    ws.append(["format", tr("Định dạng"), f"{FORMAT} {FORMAT_VERSION}"])
    for key, label, value in doc.manifest:
        ws.append([key, _cell(ws, label), _cell(ws, value)])
    for title, n in counts.items():
        ws.append([f"rows:{title}", _cell(ws, tr("Số dòng — {sheet}", sheet=title)), n])
    ws.append(["checksum", tr("Mã kiểm tra SHA-256 (mọi số liệu và dòng)"), digest])
