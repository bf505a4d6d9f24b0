"""Gathers what the playbook papers need from the services and hands plain data to the renderers
(:mod:`hcc_desktop.documents.continuity`)."""

from __future__ import annotations

import uuid
from datetime import date

from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role


def _center(services):
    from hcc_desktop.documents.continuity import CenterHead

    view = services.settings.view()
    return CenterHead(view.center_name, view.commune, view.center_address, view.center_phone)


def playbook_cards(services, codes: list[str] | None = None) -> bytes:
    """The wall cards of the active playbooks (or of ``codes``), one A4 page each."""
    from hcc_desktop.documents.continuity import Card, playbook_cards_pdf

    chosen = [p for p in services.playbooks.playbooks() if codes is None or p.code in codes]
    return playbook_cards_pdf(_center(services), [
        Card(n, p.title, p.difficulty, p.handling, p.steps, p.responsible, p.record, p.source)
        for n, p in enumerate(chosen, 1)])


def paper_kit(services, actor: Actor) -> bytes:
    from hcc_desktop.documents.continuity import KitData, KitTickets, paper_kit_pdf

    kit = services.continuity.backentry.kit(actor)
    short = {"head": tr("ưu tiên đặc biệt"), "priority": tr("ưu tiên"), "regular": tr("thường")}
    groups = tuple(KitTickets(short[b.tier.value], tuple(b.codes())) for b in kit.blocks)
    return paper_kit_pdf(KitData(_center(services), kit.day, kit.printed_at, groups, kit.counters))


def referral_slip(services, actor: Actor, referral_id: uuid.UUID) -> bytes:
    from hcc_desktop.documents.continuity import ReferralSlip, referral_slip_pdf

    referral = services.continuity.followups.referral(actor, referral_id)
    office = services.playbooks.office(referral.office_code)
    return referral_slip_pdf(ReferralSlip(
        _center(services), referral.code, referral.at, referral.citizen_name, office.name, office.address,
        office.hours, office.phone, office.verified, referral.reason, referral.bring, referral.return_on,
        actor.full_name))


def missing_list(services, procedure_id: uuid.UUID, ticked: list) -> list:
    """The procedure's required papers not ticked at the visit."""
    procedure = services.catalog.procedure(procedure_id)
    have = {str(t) for t in ticked}
    return [d for d in procedure.documents if d.required and str(d.id) not in have]


def missing_papers(services, actor: Actor, procedure_id: uuid.UUID, ticked: list, citizen_name: str = "",
                   return_on: date | None = None) -> bytes:
    """What is still missing for the procedure, and where and how to obtain each paper (offices as data)."""
    from hcc_desktop.documents.continuity import MissingPaper, MissingPapers, missing_papers_pdf
    from hcc_desktop.errors import ValidationError
    from hcc_desktop.services.catalog import copy_kind_label

    require_role(actor, *Role)
    procedure = services.catalog.procedure(procedure_id)
    missing = missing_list(services, procedure_id, ticked)
    if not missing:
        raise ValidationError(tr("Người dân đã có đủ giấy tờ bắt buộc của thủ tục này (bước ② Giấy tờ)."))
    offices = services.playbooks.offices(include_closed=False)
    papers = []
    for doc in missing:
        office = services.playbooks.office_for(doc.where_to_obtain, offices)
        quantity = tr("{n} {kind}", n=doc.quantity, kind=copy_kind_label(doc.copy_kind).lower())
        papers.append(MissingPaper(doc.name, quantity, doc.where_to_obtain,
                                   *(() if office is None else (office.name, office.address, office.hours,
                                                                office.verified))))
    return missing_papers_pdf(MissingPapers(_center(services), services.clock.now(), citizen_name, procedure.name,
                                            procedure.verified, tuple(papers), return_on, actor.full_name))


def guide_steps(procedure) -> list[str]:
    """The steps of a procedure told plainly (the support process of the plan, §III.3), for print and voice."""
    where = tr("nhận kết quả tại Trung tâm hoặc qua bưu điện")
    steps = [tr("Chuẩn bị đủ các giấy tờ ở trên (bản chính mang theo để đối chiếu)."),
             tr("Đến Trung tâm, lấy số thứ tự; người cao tuổi, người khuyết tật được ưu tiên."),
             tr("Nộp hồ sơ tại quầy; cán bộ kiểm tra giấy tờ và viết hộ tờ khai nếu ông/bà cần."),
             tr("Nhận giấy hẹn trả kết quả; {where}.", where=where)]
    if procedure.same_day:
        steps[-1] = tr("Nhận kết quả ngay trong ngày (nộp sau 15 giờ thì nhận vào ngày làm việc tiếp theo).")
    return steps


def large_print_guide(services, procedure_id: uuid.UUID) -> bytes:
    from hcc_desktop.documents.continuity import LargeGuide, large_print_guide_pdf
    from hcc_desktop.services.catalog import copy_kind_label

    procedure = services.catalog.procedure(procedure_id)
    papers = tuple(tr("{name} ({n} {kind}){opt}", name=d.name, n=d.quantity, kind=copy_kind_label(d.copy_kind).lower(),
                      opt="" if d.required else tr(" — nếu có")) for d in procedure.documents)
    days = procedure.processing_days
    time_text = (tr("trong ngày") if procedure.same_day else tr("{n} ngày làm việc", n=days) if days is not None
                 else "")
    view = services.settings.view()
    return large_print_guide_pdf(LargeGuide(view.center_name, procedure.name, procedure.verified, papers,
                                            tuple(guide_steps(procedure)), time_text, procedure.fee,
                                            view.center_phone))
