"""Rows of a catalog workbook turned into procedures, with every problem named by sheet, row and reason."""

from __future__ import annotations

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.catalog_data import (CODE_PATTERN, COPY_KINDS, MAX_DAYS, DocumentInput, ProcedureInfo,
                                               ProcedureInput, copy_kind_label, validate)
from hcc_desktop.services.catalog_xlsx import DOC_COLUMNS, PROC_COLUMNS, RowProblem
from hcc_desktop.text import clean, fold

_YES = {"co", "x", "1", "true", "yes", "dung"}
_NO = {"khong", "0", "false", "no", "sai"}
_TITLES = {key: title for key, title, _w in PROC_COLUMNS + DOC_COLUMNS}
_DEFAULTS = dict(field="", processing_days=None, same_day=False, fee="", legal_basis="", purpose="",
                 who_may_apply="", verified=False, active=True, note="", agency="", result_return="")


class _CellProblem(Exception):
    pass


def _text(cell) -> str:
    if cell is None or cell.value is None:
        return ""
    if cell.data_type == "f":
        raise _CellProblem(tr("ô chứa công thức; hãy nhập giá trị"))
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value), multiline=True)


def _number(cell, low: int, high: int, *, empty: int | None) -> int | None:
    if cell is not None and isinstance(cell.value, bool):
        raise _CellProblem(tr("phải là số nguyên từ {a} đến {b}", a=low, b=high))
    text = _text(cell)
    if not text:
        return empty
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not low <= number <= high:
        raise _CellProblem(tr("phải là số nguyên từ {a} đến {b}", a=low, b=high))
    return int(number)


def _flag(cell, default: bool) -> bool:
    if cell is not None and isinstance(cell.value, bool):
        return cell.value
    key = fold(_text(cell))
    if not key:
        return default
    if key in _YES or key == fold(tr("Có")):
        return True
    if key in _NO or key == fold(tr("Không")):
        return False
    raise _CellProblem(tr("phải là “Có” hoặc “Không”"))


def _kind(cell) -> str:
    key = fold(_text(cell))
    if not key:
        return "original"
    for kind in COPY_KINDS:
        if key in (kind, fold(copy_kind_label(kind))):
            return kind
    raise _CellProblem(tr("phải là “Bản chính”, “Bản sao” hoặc “Bản sao chứng thực”"))


def _read(cells: dict, key: str, problems: list[str], convert, *args, **kwargs):
    try:
        return convert(cells.get(key), *args, **kwargs)
    except _CellProblem as exc:
        problems.append(tr("Cột “{col}”: {reason}.", col=tr(_TITLES[key]), reason=str(exc)))
        return None


def _procedure(cells: dict, existing: ProcedureInfo | None, problems: list[str]) -> dict:
    base = {k: getattr(existing, k) for k in _DEFAULTS} if existing is not None else dict(_DEFAULTS)
    values = {}
    for key in _DEFAULTS:
        if key not in cells:
            values[key] = base[key]
        elif key == "processing_days":
            values[key] = _read(cells, key, problems, _number, 0, MAX_DAYS, empty=None)
        elif key in ("same_day", "verified", "active"):
            values[key] = _read(cells, key, problems, _flag, _DEFAULTS[key])
        else:
            values[key] = _read(cells, key, problems, _text)
    values["name"] = _read(cells, "name", problems, _text)
    if values["name"] == "":
        problems.append(tr("Tên thủ tục không được để trống."))
    return values


def _document(cells: dict, problems: list[str]) -> tuple[int | None, DocumentInput]:
    position = _read(cells, "position", problems, _number, 1, 999, empty=None)
    name = _read(cells, "name", problems, _text)
    if name == "":
        problems.append(tr("Cột “{col}”: không được để trống.", col=tr("Tên giấy tờ")))
    doc = DocumentInput(name or "", _read(cells, "copy_kind", problems, _kind),
                        _read(cells, "quantity", problems, _number, 1, 99, empty=1),
                        _read(cells, "where_to_obtain", problems, _text) or "",
                        _read(cells, "required", problems, _flag, True))
    return position, doc


def build_procedures(proc_rows: list[tuple[int, dict]], doc_rows: list[tuple[int, dict]],
                     existing: dict[str, ProcedureInfo]) -> tuple[list[ProcedureInput], list[RowProblem]]:
    sheet_p, sheet_d = tr("Thủ tục"), tr("Giấy tờ")
    problems: list[RowProblem] = []
    procedures: dict[str, tuple[int, dict]] = {}
    bad: set[str] = set()  # codes with a cell problem: not validated further (the cell is reported)
    for number, cells in proc_rows:
        reasons: list[str] = []
        code = (_read(cells, "code", reasons, _text) or "").upper()
        if not code and not reasons:
            reasons.append(tr("Cột “{col}”: không được để trống.", col=tr("Mã")))
        elif code in procedures:
            reasons.append(tr("Mã “{c}” trùng với dòng {n}.", c=code, n=procedures[code][0]))
        elif code and not CODE_PATTERN.fullmatch(code):
            reasons.append(tr("Mã “{c}” không hợp lệ: chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch ngang, "
                              "tối đa 32 ký tự.", c=code))
        values = _procedure(cells, existing.get(code), reasons)
        problems += [RowProblem(sheet_p, number, r) for r in reasons]
        if code and code not in procedures:
            procedures[code] = (number, values)
            if reasons:
                bad.add(code)
    documents: dict[str, list[tuple[int | None, int, DocumentInput]]] = {code: [] for code in procedures}
    for number, cells in doc_rows:
        reasons = []
        code = (_read(cells, "code", reasons, _text) or "").upper()
        position, doc = _document(cells, reasons)
        if not code and not reasons:
            reasons.append(tr("Cột “{col}”: không được để trống.", col=tr("Mã thủ tục")))
        elif code and code not in documents:
            reasons.append(tr("Mã thủ tục “{c}” không có trong trang “{sheet}”.", c=code, sheet=sheet_p))
        problems += [RowProblem(sheet_d, number, r) for r in reasons]
        if reasons:
            bad.add(code)
        else:
            documents[code].append((position, number, doc))
    items = []
    for code, (number, values) in procedures.items():
        docs = sorted(documents[code], key=lambda d: (d[0] is None, d[0] or 0, d[1]))
        item = ProcedureInput(code=code, documents=tuple(d[2] for d in docs), **values)
        if code in bad:
            continue
        try:
            validate(item)
        except ValidationError as exc:
            problems.append(_where(exc, number, [d[1] for d in docs], sheet_p, sheet_d))
        items.append(item)
    problems.sort(key=lambda p: (p.sheet != sheet_p, p.row))
    return items, problems


def _where(exc: ValidationError, number: int, doc_rows: list[int], sheet_p: str, sheet_d: str) -> RowProblem:
    """The row a validation error points at: the document's row for a document field, else the procedure's."""
    parts = (exc.field or "").split(".")
    if parts[0] == "documents" and len(parts) > 1 and int(parts[1]) < len(doc_rows):
        return RowProblem(sheet_d, doc_rows[int(parts[1])], exc.message)
    if parts[0] == "documents" and len(doc_rows) > 30:
        return RowProblem(sheet_d, doc_rows[30], exc.message)
    return RowProblem(sheet_p, number, exc.message)
