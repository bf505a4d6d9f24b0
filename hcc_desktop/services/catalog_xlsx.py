"""The procedure catalog as an Excel workbook: export for the province office, import all-or-nothing.

Two sheets: "Thủ tục" (one row per procedure) and "Giấy tờ" (one row per paper,
tied to its procedure by code). An import checks every row before changing
anything; one bad row rejects the whole file with the sheet, row and reason.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hcc_desktop.errors import HccError, StorageFull, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.services.catalog_data import COPY_KINDS, ImportResult, ProcedureInfo, ProcedureInput, copy_kind_label
from hcc_desktop.text import fold

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 200
# (key, header, width); the first eight procedure columns and every document column are required on import.
PROC_COLUMNS = (("code", "Mã", 14), ("name", "Tên thủ tục", 50), ("field", "Lĩnh vực", 16),
                ("processing_days", "Số ngày làm việc", 11), ("same_day", "Trả trong ngày", 10),
                ("fee", "Phí/lệ phí", 34), ("legal_basis", "Căn cứ pháp lý", 40), ("verified", "Đã kiểm tra", 11),
                ("who_may_apply", "Đối tượng thực hiện", 34), ("purpose", "Mục đích", 34),
                ("active", "Đang áp dụng", 11), ("note", "Ghi chú", 44), ("agency", "Cơ quan chủ trì", 30),
                ("result_return", "Nơi và cách trả kết quả", 40))
REQUIRED_PROC = 8
DOC_COLUMNS = (("code", "Mã thủ tục", 14), ("position", "TT", 5), ("name", "Tên giấy tờ", 56),
               ("copy_kind", "Bản chính/Bản sao/Bản sao chứng thực", 20), ("quantity", "Số lượng", 9),
               ("where_to_obtain", "Nơi cấp nếu thiếu", 40), ("required", "Bắt buộc", 9))


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int
    reason: str


class CatalogFileRejected(ValidationError):
    """The file was not imported; ``problems`` lists every bad row (empty for a file-level problem)."""

    def __init__(self, message: str, problems: tuple[RowProblem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def sheet_names() -> tuple[str, str]:
    return tr("Thủ tục"), tr("Giấy tờ")


# -- export -------------------------------------------------------------------
def _put(ws, row: int, col: int, value, *, wrap: bool = False) -> None:
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # and stays text when someone edits it in Excel or Calc
    cell.alignment = Alignment(vertical="top", wrap_text=wrap)


def _sheet(wb, title: str, columns, rows, yes_no: tuple[str, ...], printed: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(title)
    for col, (_key, header, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=tr(header))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B3D91")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=2):
        lines = 1
        for col, (value, (_k, _h, width)) in enumerate(zip(values, columns), start=1):
            _put(ws, r, col, value, wrap=isinstance(value, str) and len(value) > 20)
            if isinstance(value, str):
                lines = max(lines, sum(-(-max(1, len(part)) // max(1, width - 2)) for part in value.split("\n")))
        ws.row_dimensions[r].height = 15 * min(lines, 8)  # Excel does not fit wrapped rows by itself
    last = get_column_letter(len(columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(2, len(rows) + 1)}"
    ws.row_dimensions[1].height = 32
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(printed)}{max(2, len(rows) + 1)}"
    keys = [key for key, _h, _w in columns]
    lists = {key: f'"{tr("Có")},{tr("Không")}"' for key in yes_no}
    if "copy_kind" in keys:
        lists["copy_kind"] = '"' + ",".join(copy_kind_label(k) for k in COPY_KINDS) + '"'
    for key, formula in lists.items():
        letter = get_column_letter(keys.index(key) + 1)
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.add(f"{letter}2:{letter}{max(2, len(rows) + 200)}")
        ws.add_data_validation(check)
    if "verified" in keys:
        col = keys.index("verified") + 1
        for r in range(2, len(rows) + 2):
            if ws.cell(row=r, column=col).value == tr("Không"):
                ws.cell(row=r, column=col).fill = PatternFill("solid", fgColor="FFE0B2")


def _yes_no(value: bool) -> str:
    return tr("Có") if value else tr("Không")


def export_catalog(procedures: list[ProcedureInfo], path: str | os.PathLike[str]) -> Path:
    """Write the catalog to ``path`` (via a temporary name, flushed, then renamed)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = tr("Danh mục thủ tục hành chính")
    wb.properties.creator = "HCC Desktop"
    proc_rows = [[p.code, p.name, p.field, p.processing_days, _yes_no(p.same_day), p.fee, p.legal_basis,
                  _yes_no(p.verified), p.who_may_apply, p.purpose, _yes_no(p.active), p.note, p.agency, p.result_return]
                 for p in procedures]
    doc_rows = [[p.code, i, d.name, copy_kind_label(d.copy_kind), d.quantity, d.where_to_obtain, _yes_no(d.required)]
                for p in procedures for i, d in enumerate(p.documents, start=1)]
    _sheet(wb, sheet_names()[0], PROC_COLUMNS, proc_rows, ("same_day", "verified", "active"), REQUIRED_PROC)
    _sheet(wb, sheet_names()[1], DOC_COLUMNS, doc_rows, ("required",), len(DOC_COLUMNS))
    buffer = io.BytesIO()
    wb.save(buffer)
    return _atomic_write(Path(path), buffer.getvalue())


def _atomic_write(path: Path, data: bytes) -> Path:
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageFull(tr("Không ghi được tệp {path} (thư mục chỉ đọc, không có quyền ghi hoặc ổ đĩa đầy).",
                             path=path)) from exc
    return path


# -- import -------------------------------------------------------------------
def import_catalog(catalog, actor: Actor, path: str | os.PathLike[str], *, dry_run: bool = False) -> ImportResult:
    """Check every row of the file, then create or update procedures by code in one transaction."""
    require_role(actor, *MANAGERS)
    existing = {p.code: p for p in catalog.procedures(active_only=False)}
    return catalog.import_procedures(actor, read_catalog(path, existing), dry_run=dry_run)


def _unreadable(path: Path) -> CatalogFileRejected:
    return CatalogFileRejected(tr("Tệp “{name}” không phải tệp Excel (.xlsx) hoặc đã bị hỏng; "
                                  "danh mục không thay đổi.", name=path.name))


def read_catalog(path: str | os.PathLike[str], existing: dict[str, ProcedureInfo]) -> list[ProcedureInput]:
    """The procedures a workbook describes; raises CatalogFileRejected listing every problem."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise CatalogFileRejected(tr("Không tìm thấy tệp “{name}”.", name=path.name))
    if path.stat().st_size > MAX_BYTES or not zipfile.is_zipfile(path):
        raise _unreadable(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
        try:
            sheets = [_read_sheet(wb, "Thủ tục", PROC_COLUMNS), _read_sheet(wb, "Giấy tờ", DOC_COLUMNS)]
        finally:
            wb.close()
    except HccError:
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged zip or XML can fail in many ways, all mean "unreadable"
        raise _unreadable(path) from exc
    from hcc_desktop.services.catalog_rows import build_procedures

    items, problems = build_procedures(*sheets, existing)
    if problems:
        shown = tuple(problems[:MAX_PROBLEMS])
        raise CatalogFileRejected(tr("Tệp có {n} lỗi nên chưa nhập gì; danh mục không thay đổi.", n=len(problems)),
                                  shown)
    return items


def _read_sheet(wb, source_title: str, columns) -> list[tuple[int, dict]]:
    """(row number, {key: cell}) for every non-empty row, after checking the header names every column."""
    name = tr(source_title)
    sheet = next((wb[s] for s in wb.sheetnames if fold(s) in (fold(name), fold(source_title))), None)
    if sheet is None:
        raise CatalogFileRejected(tr("Tệp không có trang “{sheet}”; danh mục không thay đổi.", sheet=name))
    sheet.reset_dimensions()
    rows = sheet.iter_rows()
    header = next(rows, ())
    found = {fold(cell.value): i for i, cell in enumerate(header) if isinstance(cell.value, str)}
    index = {}
    for position, (key, title, _w) in enumerate(columns):
        at = found.get(fold(tr(title)), found.get(fold(title)))
        if at is None and (columns is DOC_COLUMNS or position < REQUIRED_PROC):
            raise CatalogFileRejected(tr("Trang “{sheet}” thiếu cột “{col}”; danh mục không thay đổi.",
                                         sheet=name, col=tr(title)))
        if at is not None:
            index[key] = at
    result = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise CatalogFileRejected(tr("Trang “{sheet}” có quá {n} dòng.", sheet=name, n=MAX_ROWS))
        cells = {key: row[i] if i < len(row) else None for key, i in index.items()}
        if any(c is not None and c.value is not None and str(c.value).strip() for c in cells.values()):
            result.append((number, cells))
    return result
