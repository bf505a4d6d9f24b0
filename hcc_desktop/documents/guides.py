"""Printed guides people take home: the large-print procedure guide, the online-submission step sheet
(both A4) and the leaflet of a guidance or mobile service day (A5).

Large print for elderly readers: body 15 pt, headings 20 pt and more, black on white, tick boxes to
mark each paper as it is gathered. Values from the catalog are text, never markup; a procedure not yet
verified says so at the top ("cần kiểm tra"), as does every step not confirmed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcc_desktop.documents.a4 import A5, HANDOUT, MM, CheckItem, Run, Sheet, Style, plain, rich
from hcc_desktop.i18n import tr

if TYPE_CHECKING:
    from hcc_desktop.services.guides import CenterInfo, GuideData, GuidePaper, LeafletData, StepsData

UNVERIFIED = "cần kiểm tra"
KINDS = {"original": tr("Bản chính"), "copy": tr("Bản sao"), "certified": tr("Bản sao chứng thực")}


def _or_check(value: str) -> list[Run]:
    """The value, or "Chưa có thông tin — cần kiểm tra" when the catalog has none."""
    return plain(value) if value.strip() else rich(tr("<i>Chưa có thông tin — {u}; hãy hỏi cán bộ tại quầy.</i>",
                                                       u=UNVERIFIED))


def _paper_items(papers: tuple[GuidePaper, ...]) -> list[CheckItem]:
    items = []
    for paper in papers:
        text = plain(paper.name, bold=True) + [Run(" ")] + plain("— " + tr("{kind}, {n} bản", kind=KINDS.get(paper.copy_kind, ""),
                                                              n=paper.quantity))
        if not paper.required:
            text += [Run(" ")] + rich(tr("<i>(nếu có / không bắt buộc)</i>"))
        note = plain(tr("Nếu chưa có: {w}", w=paper.where_to_obtain)) if paper.where_to_obtain else ""
        items.append(CheckItem(text, paper.copy_kind, note))
    return items


def _papers(doc: Sheet, papers: tuple[GuidePaper, ...]) -> None:
    if not papers:
        doc.para(_or_check(""), "lp_body")
        return
    kinds = [k for k in KINDS if any(p.copy_kind == k for p in papers)]
    doc.legend([(k, tr("= {label}", label=KINDS[k])) for k in kinds])
    doc.space(1.5)
    doc.checklist(_paper_items(papers))


def _center_box(doc: Sheet, center: CenterInfo, style: str | Style = Style(14, leading=1.25)) -> None:
    lines = [rich(tr("<b>Nộp hồ sơ và hỏi thêm tại:</b>")) + [Run(" ")] + plain(center.name, bold=True)]
    if center.address:
        lines.append(plain(tr("Địa chỉ: {a}", a=center.address)))
    if center.phone:
        lines.append(plain(tr("Điện thoại: {p}", p=center.phone)))
    lines.append(plain(tr("Giờ làm việc: {h}", h=center.hours)))
    doc.framed(lines, style)


def guide_pdf(data: GuideData, progress=None) -> bytes:
    doc = Sheet(HANDOUT)
    doc.para(plain(data.name.upper()), "lp_title", keep=True)
    doc.para(plain(tr("Hướng dẫn thủ tục · Mã {c}", c=data.code)), "lp_subtitle", keep=True)
    if not data.verified:
        doc.framed([rich(tr("<b>Cần kiểm tra:</b> thông tin chưa được đối chiếu hết với quy định hiện hành; "
                            "hỏi cán bộ tại quầy."))], "lp_note", shade=True)
        doc.space(1.5)
    _center_box(doc, data.center)
    doc.band(tr("Thủ tục này để làm gì? Ai được làm?"))
    doc.para(_or_check(data.purpose), "lp_body")
    doc.para(rich(tr("<b>Người được làm:</b>")) + [Run(" ")] + _or_check(data.who_may_apply), "lp_body")
    doc.band(tr("Giấy tờ cần mang (đánh dấu vào ô khi đã có)"))
    _papers(doc, data.papers)
    doc.band(tr("Thời gian, lệ phí và nhận kết quả"))
    doc.para(rich(tr("<b>Thời gian giải quyết:</b>")) + [Run(" ")] + _or_check(data.processing), "lp_body")
    doc.para(rich(tr("<b>Phí, lệ phí:</b>")) + [Run(" ")] + _or_check(data.fee), "lp_body")
    doc.para(rich(tr("<b>Nhận kết quả:</b>")) + [Run(" ")] + plain(data.result_return), "lp_body")
    if data.agency:
        doc.para(rich(tr("<b>Cơ quan giải quyết:</b>")) + [Run(" ")] + plain(data.agency), "lp_body")
    state = tr("đã kiểm tra") if data.verified else UNVERIFIED
    footer = tr("Mã thủ tục {c} · thông tin cập nhật ngày {d} · {s}", c=data.code,
                d=data.updated.strftime("%d/%m/%Y"), s=state)
    return doc.pdf(title=tr("Hướng dẫn thủ tục: {n}", n=data.name), center_name=data.center.name, footer=footer,
                   running_header="never", progress=progress)


def _step_items(steps) -> list[tuple[list[Run], list[Run]]]:
    items = []
    for step in steps:
        text = rich(step.text)
        if not step.verified:
            text += [Run(" ")] + rich(tr("<i>({u})</i>", u=UNVERIFIED))
        items.append((text, plain(step.note) if step.note else []))
    return items


def steps_pdf(data: StepsData, progress=None) -> bytes:
    doc = Sheet(HANDOUT)
    doc.para(tr("NỘP HỒ SƠ TRỰC TUYẾN"), "lp_title", keep=True)
    doc.para(plain(data.name), Style(17, bold=True, align="center", leading=1.3, after=1), keep=True)
    doc.para(plain(tr("trên Cổng Dịch vụ công quốc gia {p} · Mã thủ tục {c}", p=data.portal, c=data.code)),
             "lp_subtitle", keep=True)
    if not data.verified:
        doc.framed([rich(tr("<b>CẦN KIỂM TRA</b>")),
                    plain(tr("Các bước ghi “cần kiểm tra” chưa được đối chiếu với Cổng đang chạy; màn hình có thể "
                             "khác. Gặp khó khăn, hãy gọi hoặc đến Trung tâm."))], shade=True)
    doc.band(tr("Cần chuẩn bị"))
    doc.steps(_step_items(data.prepare))
    doc.band(tr("Giấy tờ cần chụp hoặc quét"))
    _papers(doc, data.papers)
    doc.band(tr("Các bước làm trên Cổng"))
    doc.steps(_step_items(data.steps))
    doc.band(tr("Ghi lại để theo dõi"))
    for label, lines in data.write_down:
        doc.write_in(plain(label), lines=lines)
    doc.band(tr("Cần giúp đỡ"))
    _center_box(doc, data.center)
    footer = tr("Mã thủ tục {c} · căn cứ: {b}", c=data.code, b=data.basis) if data.basis else \
        tr("Mã thủ tục {c}", c=data.code)
    return doc.pdf(title=tr("Nộp trực tuyến: {n}", n=data.name), center_name=data.center.name,
                   footer=footer, running_header="never", progress=progress)


def leaflet_pdf(data: LeafletData, progress=None) -> bytes:
    from hcc_desktop.services.guides import WEEKDAYS

    doc = Sheet(A5)
    doc.para(plain(data.center.name.upper()), Style(11, bold=True, align="center", leading=1.3), keep=True)
    doc.space(2)
    doc.band(plain(data.title), Style(19, bold=True, align="center", leading=1.2))
    doc.space(2)
    doc.para(plain(data.intro), Style(13, leading=1.35, after=2))
    when = tr("{w}, ngày {d}", w=WEEKDAYS[data.day.weekday()], d=data.day.strftime("%d/%m/%Y"))
    doc.framed([rich(tr("<b>Thời gian:</b>")) + [Run(" ")] + plain(tr("{a} – {b}, {when}", a=data.start, b=data.end, when=when)),
                rich(tr("<b>Địa điểm:</b>")) + [Run(" ")] + plain(data.place)], Style(14, leading=1.35))
    body, small = Style(13, leading=1.35), Style(12, leading=1.3, italic=True)
    doc.para(tr("Mang theo"), Style(15, bold=True, leading=1.3, before=5, after=1), keep=True)
    doc.checklist([CheckItem(rich(item)) for item in data.bring], body, small)
    doc.para(tr("Thủ tục được phục vụ và giấy tờ cần mang"), Style(15, bold=True, leading=1.3, before=4, after=1),
             keep=True)
    item = Style(13, leading=1.3, hang=4 * MM, before=1.5)
    for procedure in data.procedures:
        head = rich("• ") + plain(procedure.name, bold=True)
        if not procedure.verified:
            head += [Run(" ")] + rich(tr("<i>({u})</i>", u=UNVERIFIED))
        doc.para(head, item, keep=bool(procedure.papers))
        if procedure.papers:
            doc.para(plain(tr("Mang: {p}", p="; ".join(procedure.papers))), Style(11.5, italic=True, leading=1.3,
                                                                                   indent=4 * MM))
    if data.note:
        doc.para(plain(data.note), Style(13, italic=True, leading=1.35, before=3))
    doc.space(3)
    contact = [p for p in (data.center.address, data.center.phone) if p]
    if contact:
        doc.para(plain(tr("Hỏi thêm: {c}", c=" · ".join(contact))), Style(12, leading=1.3))
    return doc.pdf(title=data.title.capitalize(), center_name=data.center.name, running_header="never",
                   progress=progress)
