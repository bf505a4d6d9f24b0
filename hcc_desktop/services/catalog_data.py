"""The procedure catalog's plain data: what a procedure and its papers are, how input is checked, the seed.

No database here: :mod:`hcc_desktop.services.catalog` stores these values.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from pathlib import Path

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.paths import resource_path
from hcc_desktop.text import clean

COPY_KINDS = ("original", "copy", "certified")
MAX_DOCUMENTS = 30
MAX_DAYS = 365
CODE_PATTERN = re.compile(r"[0-9A-Z][0-9A-Z._-]{0,31}")
_TEXT_LIMIT = 4000


def copy_kind_label(kind: str) -> str:
    return {"original": tr("Bản chính"), "copy": tr("Bản sao"), "certified": tr("Bản sao chứng thực")}[kind]


@dataclass(frozen=True)
class DocumentInput:
    name: str
    copy_kind: str = "original"  # original | copy | certified
    quantity: int = 1
    where_to_obtain: str = ""
    required: bool = True
    id: uuid.UUID | None = None  # keeps the row (and what visits ticked) when editing


@dataclass(frozen=True)
class DocumentInfo:
    id: uuid.UUID
    position: int
    name: str
    copy_kind: str
    quantity: int
    where_to_obtain: str
    required: bool


@dataclass(frozen=True)
class ProcedureInput:
    code: str
    name: str
    field: str = ""
    processing_days: int | None = None
    same_day: bool = False
    fee: str = ""
    legal_basis: str = ""
    purpose: str = ""
    who_may_apply: str = ""
    verified: bool = False
    active: bool = True
    note: str = ""
    documents: tuple[DocumentInput, ...] = ()
    id: uuid.UUID | None = None  # None: a new procedure
    agency: str = ""  # cơ quan chủ trì giải quyết
    result_return: str = ""  # where and how the result is handed back (printed on the guide)


@dataclass(frozen=True)
class ProcedureInfo:
    id: uuid.UUID
    code: str
    name: str
    field: str
    processing_days: int | None
    same_day: bool
    fee: str
    legal_basis: str
    purpose: str
    who_may_apply: str
    verified: bool
    active: bool
    note: str
    updated_at: datetime
    documents: tuple[DocumentInfo, ...] = ()
    agency: str = ""
    result_return: str = ""

    def as_input(self) -> ProcedureInput:
        values = {f.name: getattr(self, f.name) for f in fields(ProcedureInput) if f.name != "documents"}
        docs = tuple(DocumentInput(d.name, d.copy_kind, d.quantity, d.where_to_obtain, d.required, d.id)
                     for d in self.documents)
        return ProcedureInput(**values, documents=docs)


@dataclass(frozen=True)
class ImportResult:
    new: int
    changed: int
    unchanged: int
    new_codes: tuple[str, ...] = ()
    changed_codes: tuple[str, ...] = ()
    dry_run: bool = False


def status_label(procedure: ProcedureInfo | ProcedureInput) -> str:
    return tr("đã kiểm tra") if procedure.verified else tr("cần kiểm tra")


def _text(value, name: str, label: str, limit: int, *, multiline: bool = True, required: bool = False) -> str:
    text = clean(value, multiline=multiline)
    if required and not text:
        raise ValidationError(tr("{label} không được để trống.", label=label), name)
    if len(text) > limit:
        raise ValidationError(tr("{label} dài quá {n} ký tự.", label=label, n=limit), name)
    return text


def validate(data: ProcedureInput) -> tuple[dict, list[dict]]:
    """Cleaned column values of a procedure and of its documents; ValidationError names the field."""
    code = clean(data.code).upper()
    if not CODE_PATTERN.fullmatch(code):
        raise ValidationError(tr("Mã thủ tục gồm chữ không dấu, số, dấu chấm hoặc gạch ngang, tối đa 32 ký tự "
                                 "(ví dụ 1.001193 hoặc LOCAL-DD-01)."), "code")
    days = data.processing_days
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS):
        raise ValidationError(tr("Số ngày làm việc phải là số nguyên từ 0 đến {n}, hoặc để trống khi chưa rõ.",
                                 n=MAX_DAYS), "processing_days")
    if data.same_day and days not in (None, 0):
        raise ValidationError(tr("Thủ tục trả trong ngày thì số ngày làm việc là 0."), "processing_days")
    values = dict(
        code=code, name=_text(data.name, "name", tr("Tên thủ tục"), 300, multiline=False, required=True),
        field=_text(data.field, "field", tr("Lĩnh vực"), 120, multiline=False), processing_days=days,
        same_day=bool(data.same_day), fee=_text(data.fee, "fee", tr("Phí, lệ phí"), _TEXT_LIMIT),
        legal_basis=_text(data.legal_basis, "legal_basis", tr("Căn cứ pháp lý"), _TEXT_LIMIT),
        purpose=_text(data.purpose, "purpose", tr("Mục đích"), _TEXT_LIMIT),
        who_may_apply=_text(data.who_may_apply, "who_may_apply", tr("Đối tượng thực hiện"), _TEXT_LIMIT),
        verified=bool(data.verified), active=bool(data.active),
        note=_text(data.note, "note", tr("Ghi chú"), _TEXT_LIMIT),
        agency=_text(data.agency, "agency", tr("Cơ quan chủ trì"), 300),
        result_return=_text(data.result_return, "result_return", tr("Nơi và cách trả kết quả"), _TEXT_LIMIT))
    if len(data.documents) > MAX_DOCUMENTS:
        raise ValidationError(tr("Một thủ tục có tối đa {n} giấy tờ.", n=MAX_DOCUMENTS), "documents")
    docs = []
    for index, doc in enumerate(data.documents):
        where = f"documents.{index}"
        label = tr("Tên giấy tờ thứ {n}", n=index + 1)
        if doc.copy_kind not in COPY_KINDS:
            raise ValidationError(tr("Giấy tờ thứ {n}: loại bản phải là bản chính, bản sao hoặc bản sao chứng thực.",
                                     n=index + 1), f"{where}.copy_kind")
        if isinstance(doc.quantity, bool) or not isinstance(doc.quantity, int) or not 1 <= doc.quantity <= 99:
            raise ValidationError(tr("Giấy tờ thứ {n}: số lượng phải từ 1 đến 99.", n=index + 1), f"{where}.quantity")
        docs.append(dict(id=doc.id, position=index,
                         name=_text(doc.name, f"{where}.name", label, 500, multiline=False, required=True),
                         copy_kind=doc.copy_kind, quantity=doc.quantity, required=bool(doc.required),
                         where_to_obtain=_text(doc.where_to_obtain, f"{where}.where_to_obtain",
                                               tr("Nơi cấp của giấy tờ thứ {n}", n=index + 1), 300, multiline=False)))
    return values, docs


@cache
def _seed_file(path: Path) -> tuple[ProcedureInput, ...]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    keys = {f.name for f in fields(ProcedureInput)} - {"documents", "id"}
    return tuple(ProcedureInput(**{k: v for k, v in item.items() if k in keys},
                                documents=tuple(DocumentInput(**d) for d in item.get("documents", ())))
                 for item in raw["procedures"])


def load_seed() -> tuple[ProcedureInput, ...]:
    """The procedures shipped with the program (resources/catalog/procedures.json)."""
    return _seed_file(resource_path("catalog", "procedures.json"))
