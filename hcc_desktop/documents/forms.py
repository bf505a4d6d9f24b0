"""The one-stop forms: plain data in, A4 PDF bytes out (Noto Sans embedded, NFC text).

* :func:`appointment_slip_pdf` — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, two copies (liên)
* :func:`supplement_request_pdf` — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
* :func:`refusal_notice_pdf` — Phiếu từ chối tiếp nhận giải quyết hồ sơ
* :func:`apology_letter_pdf` — Phiếu xin lỗi và hẹn lại ngày trả kết quả

The layouts are data, ``resources/forms/<name>.toml`` (Thông tư 01/2018/TT-VPCP, unverified against
the newer circular); each function takes an optional :class:`FormTemplate` to use another one.
Here is only what each form's fields are filled with. Aware datetimes are shown in local time.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from hcc_desktop.clock import to_local
from hcc_desktop.documents.a4 import build_pdf, nfc, vn_date, vn_time
from hcc_desktop.documents.a4_layout import UnknownField
from hcc_desktop.documents.form_template import FormTemplate, FormTemplateError, shipped
from hcc_desktop.i18n import tr

if TYPE_CHECKING:
    from hcc_desktop.services.catalog_data import ProcedureInfo
    from hcc_desktop.services.dossiers import DossierInfo

__all__ = ["Applicant", "AppointmentSlip", "ApologyLetter", "Center", "FormTemplate", "FormTemplateError", "Paper",
           "RefusalNotice", "SupplementRequest", "apology_letter_pdf", "appointment_slip_pdf", "papers_from_procedure",
           "refusal_notice_pdf", "supplement_request_pdf"]

_UNIT = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Center:
    name: str  # "Trung tâm Phục vụ hành chính công xã Lạc Phương"
    commune: str  # "xã Lạc Phương"
    address: str = ""
    phone: str = ""
    authority: str = ""  # the issuer above the center; default "Ủy ban nhân dân " + commune
    place: str = ""  # the date line's place; default the commune without "xã"/"phường"/…


@dataclass(frozen=True)
class Applicant:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Paper:
    name: str
    copy_kind: str = "original"  # original | certified | copy, as in the procedure catalog
    quantity: int = 1
    where_to_obtain: str = ""


@dataclass(frozen=True)
class AppointmentSlip:
    center: Center
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    papers: tuple[Paper, ...]
    received_at: datetime
    due_at: datetime
    processing_days: int | None = None  # working days; 0 = the same day; None = not on record
    copies: int = 1  # số lượng hồ sơ (bộ)
    delivery: str = ""  # "tại Trung tâm", "qua bưu chính công ích (địa chỉ …)"
    fee: str = ""
    book_volume: str = ""
    book_number: int | None = None
    clerk_name: str = ""

    @classmethod
    def from_dossier(cls, center: Center, dossier: DossierInfo, applicant: Applicant,
                     procedure: ProcedureInfo | None = None, *, papers: Sequence[Paper] | None = None,
                     clerk_name: str = "", book_volume: str = "", book_number: int | None = None) -> AppointmentSlip:
        """The slip of a received dossier; the papers default to every paper the procedure lists."""
        from hcc_desktop.services.dossiers import DELIVERIES

        delivery = DELIVERIES.get(dossier.delivery, dossier.delivery)
        if dossier.delivery_address:
            delivery += f" ({dossier.delivery_address})"
        days = None if procedure is None else 0 if procedure.same_day else procedure.processing_days
        if papers is None:
            papers = papers_from_procedure(procedure) if procedure is not None else ()
        return cls(center, dossier.code, applicant, dossier.procedure_name, tuple(papers), dossier.received_at,
                   dossier.due_at, days, dossier.copies, delivery, dossier.fee, book_volume, book_number, clerk_name)


@dataclass(frozen=True)
class SupplementRequest:
    center: Center
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    missing: tuple[Paper, ...]  # where_to_obtain says where to get each one
    reason: str
    issued_at: datetime
    contact_name: str = ""
    contact_phone: str = ""
    guide_name: str = ""  # người hướng dẫn, signs the request


@dataclass(frozen=True)
class RefusalNotice:
    center: Center
    applicant: Applicant
    procedure_name: str
    reason: str
    guidance: str
    issued_at: datetime
    clerk_name: str = ""
    dossier_code: str = ""


@dataclass(frozen=True)
class ApologyLetter:
    center: Center
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    received_at: datetime
    original_due: datetime
    new_due: datetime
    reason: str
    issued_at: datetime
    apology: str = ""  # default: the template's labels.apology
    signer_title: str = ""  # default: the template's labels.signer_title
    signer_name: str = ""


def papers_from_procedure(procedure: ProcedureInfo, ticked: Iterable[uuid.UUID] | None = None) -> tuple[Paper, ...]:
    """The procedure's papers (only those ``ticked``, if given) as the forms list them."""
    chosen = None if ticked is None else set(ticked)
    return tuple(Paper(d.name, d.copy_kind, d.quantity, d.where_to_obtain) for d in procedure.documents
                 if chosen is None or d.id in chosen)


def _local(moment: datetime) -> datetime:
    return to_local(moment) if moment.tzinfo is not None else moment


def _base(center: Center, applicant: Applicant, issued: datetime, dossier_code: str) -> dict[str, str]:
    authority = center.authority or f"Ủy ban nhân dân {center.commune}"
    return {"center": center.name, "center_upper": nfc(center.name).upper(), "authority": authority,
            "authority_upper": nfc(authority).upper(), "place": center.place or _UNIT.sub("", nfc(center.commune)),
            "center_address": center.address, "center_phone": center.phone, "issued_date": vn_date(_local(issued)),
            "dossier_code": dossier_code, "citizen_name": applicant.name, "citizen_address": applicant.address,
            "citizen_phone": applicant.phone, "citizen_email": applicant.email}


def _rows(papers: Sequence[Paper], template: FormTemplate) -> list[dict[str, str]]:
    rows = []
    for n, paper in enumerate(papers, 1):
        quantity = str(paper.quantity)
        rows.append({"n": str(n), "name": paper.name, "kind": template.label(paper.copy_kind), "quantity": quantity,
                     "where": paper.where_to_obtain, **{f"q_{kind}": quantity if paper.copy_kind == kind else ""
                                                         for kind in ("original", "certified", "copy")}})
    return rows


def _render(template: FormTemplate, values: dict[str, str], center: Center, tables=None) -> bytes:
    units = template.units(values, tables or {})
    envs = [{**values, "copy": copy} for copy in template.copies] or [values]
    try:
        return build_pdf(units, title=template.title, center_name=center.name,
                         footer=template.document.get("footer", ""), copies=envs,
                         page_text=template.document.get("pages", "Trang {page}/{pages}"))
    except UnknownField as exc:
        raise FormTemplateError(tr("Mẫu biểu “{p}” dùng trường {{{f}}} mà mẫu này không có.",
                                   p=template.path.name, f=exc.args[0])) from None


def appointment_slip_pdf(data: AppointmentSlip, template: FormTemplate | None = None) -> bytes:
    template = template or shipped("appointment_slip")
    received, due = _local(data.received_at), _local(data.due_at)
    days = data.processing_days
    values = _base(data.center, data.applicant, data.received_at, data.dossier_code) | {
        "procedure_name": data.procedure_name, "sets": template.label("sets", n=data.copies),
        "processing_time": "" if days is None else template.label("same_day") if days == 0
        else template.label("days", n=days),
        "received_time": vn_time(received), "received_date": vn_date(received), "due_time": vn_time(due),
        "due_date": vn_date(due), "delivery": data.delivery, "fee": data.fee, "book_volume": data.book_volume,
        "book_number": "" if data.book_number is None else str(data.book_number), "clerk_name": data.clerk_name}
    return _render(template, values, data.center, {"papers": _rows(data.papers, template)})


def supplement_request_pdf(data: SupplementRequest, template: FormTemplate | None = None) -> bytes:
    template = template or shipped("supplement_request")
    values = _base(data.center, data.applicant, data.issued_at, data.dossier_code) | {
        "procedure_name": data.procedure_name, "reason": data.reason, "contact_name": data.contact_name,
        "contact_phone": data.contact_phone, "guide_name": data.guide_name}
    return _render(template, values, data.center, {"missing": _rows(data.missing, template)})


def refusal_notice_pdf(data: RefusalNotice, template: FormTemplate | None = None) -> bytes:
    template = template or shipped("refusal_notice")
    values = _base(data.center, data.applicant, data.issued_at, data.dossier_code) | {
        "procedure_name": data.procedure_name, "reason": data.reason, "guidance": data.guidance,
        "clerk_name": data.clerk_name}
    return _render(template, values, data.center)


def apology_letter_pdf(data: ApologyLetter, template: FormTemplate | None = None) -> bytes:
    template = template or shipped("apology_letter")
    received, due, new = _local(data.received_at), _local(data.original_due), _local(data.new_due)
    values = _base(data.center, data.applicant, data.issued_at, data.dossier_code)
    values |= {"procedure_name": data.procedure_name, "received_time": vn_time(received),
               "received_date": vn_date(received), "due_time": vn_time(due), "due_date": vn_date(due),
               "new_time": vn_time(new), "new_date": vn_date(new), "reason": data.reason,
               "apology": data.apology or template.label("apology", center=data.center.name),
               "signer_title": data.signer_title or template.label("signer_title"), "signer_name": data.signer_name}
    return _render(template, values, data.center)
