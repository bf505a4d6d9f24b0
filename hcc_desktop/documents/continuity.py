"""Papers of the scenario playbooks: plain data in, A4 PDF bytes out (Noto Sans embedded, NFC text).

* :func:`playbook_cards_pdf` — one large, legible page per scenario for the counter wall
* :func:`paper_kit_pdf` — the power-cut kit: paper queue sheet, pre-numbered paper tickets to cut, paper
  intake log
* :func:`referral_slip_pdf` — giấy giới thiệu: where to go, what to bring, when to come back (with priority)
* :func:`missing_papers_pdf` — the papers still missing and where and how to obtain each one
* :func:`large_print_guide_pdf` — a procedure's guide in large print (body 16 pt) for older people
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from hcc_desktop.clock import to_local
from hcc_desktop.documents.a4 import (BODY_HEIGHT, BODY_WIDTH, MM, STYLES, Cell, Column, Run, Signature, Style, Unit,
                                      build_pdf, national_header, nfc, para, signatures, spacer, vn_date)
from hcc_desktop.documents.a4_layout import face, width
from hcc_desktop.documents.a4_table import grid

UNVERIFIED = "cần kiểm tra"
BIG = {"title": Style(26, bold=True, align="center", leading=1.25, after=6),
       "label": Style(17, bold=True, leading=1.35, before=6, after=1),
       "text": Style(17, leading=1.35, after=2),
       "step": Style(16, leading=1.35, indent=0, hang=7 * MM, after=3),
       "small": Style(15, leading=1.35, after=2),
       "kicker": Style(14, align="center", leading=1.3, after=2),
       "source": Style(10, italic=True, leading=1.3, before=6)}
LARGE = {"title": Style(22, bold=True, align="center", leading=1.3, after=4),
         "body": Style(16, leading=1.45, after=3), "label": Style(17, bold=True, leading=1.4, before=5, after=2),
         "step": Style(16, leading=1.45, hang=8 * MM, after=3), "note": Style(16, italic=True, leading=1.45)}


@dataclass(frozen=True)
class CenterHead:
    name: str
    commune: str
    address: str = ""
    phone: str = ""

    def header(self, when: datetime) -> list[Unit]:
        place = nfc(self.commune).removeprefix("xã ").removeprefix("phường ")
        return national_header([nfc(f"Ủy ban nhân dân {self.commune}").upper(), f"<b>{nfc(self.name).upper()}</b>"],
                               date_line=f"<i>{place}, {vn_date(to_local(when))}</i>")


@dataclass(frozen=True)
class Card:
    number: int  # position on the wall (1–12)
    title: str
    difficulty: str
    handling: str
    steps: tuple[str, ...]
    responsible: str
    record: str
    source: str = ""


def page_break() -> list[Unit]:
    """Blank space a page tall: dropped at the top of a page, so it only ever starts a new one."""
    return [Unit(BODY_HEIGHT, space=True)]


def _esc(text: str) -> str:
    return nfc(text).replace("<", "‹").replace(">", "›")


def playbook_cards_pdf(center: CenterHead, cards: Sequence[Card]) -> bytes:
    units: list[Unit] = []
    for k, card in enumerate(cards):
        if k:
            units += page_break()
        units += para(f"KỊCH BẢN XỬ LÝ TÌNH HUỐNG SỐ {card.number}", BIG["kicker"])
        units += para(f"<b>{_esc(card.title).upper()}</b>", BIG["title"])
        units += para("Khó khăn:", BIG["label"], keep=True) + para(_esc(card.difficulty), BIG["text"])
        units += para("Cách xử lý:", BIG["label"], keep=True) + para(f"<b>{_esc(card.handling)}</b>", BIG["text"])
        units += para("Các bước:", BIG["label"], keep=True)
        for n, step in enumerate(card.steps, 1):
            units += para(f"{n}. {_esc(step)}", BIG["step"])
        units += para(f"<b>Người thực hiện:</b> {_esc(card.responsible)}", BIG["small"])
        units += para(f"<b>Cần ghi lại:</b> {_esc(card.record)}", BIG["small"])
        if card.source:
            units += para(f"Nguồn: {_esc(card.source)}", BIG["source"])
    return build_pdf(units, title="Kịch bản xử lý tình huống", center_name=center.name,
                     footer=_esc(center.name), running_header="never")


# -- the power-cut kit -------------------------------------------------------------------------------
@dataclass(frozen=True)
class KitTickets:
    tier_label: str  # "ưu tiên"
    codes: tuple[str, ...]


@dataclass(frozen=True)
class KitData:
    center: CenterHead
    day: date
    printed_at: datetime
    groups: tuple[KitTickets, ...]
    counters: tuple[str, ...]
    intake_rows: int = 20


def _write_grid(columns: Sequence[Column], head: Sequence[str], rows: Sequence[Sequence[str]],
                cell: Style = Style(11, leading=2.1)) -> list[Unit]:
    return grid(columns, [[Cell([Run(h)]) for h in head]], [[[Run(nfc(t))] for t in row] for row in rows],
                width=BODY_WIDTH, cell=cell, head_style=STYLES["head"], max_height=BODY_HEIGHT)


def _ticket_row(center: str, day: str, tickets: Sequence[tuple[str, str]]) -> Unit:
    """Up to three paper tickets side by side, framed by dashed cut lines."""
    w, h = BODY_WIDTH / 3, 44 * MM

    def draw(canvas, x, y, env) -> None:
        canvas.setDash(3, 3)
        canvas.setLineWidth(0.5)
        for i, (code, tier) in enumerate(tickets):
            left, mid = x + i * w, x + i * w + w / 2
            canvas.rect(left, y - h, w, h, stroke=1, fill=0)
            lines = ((center, False, 7.5, 7 * MM), ("PHIẾU SỐ THỨ TỰ (GIẤY)", True, 9, 12 * MM),
                     (code, True, 30, 24 * MM), (tier, False, 10, 30 * MM),
                     ("Giờ phát: ........ giờ ........", False, 9, 36.5 * MM),
                     (f"Dùng khi mất điện · {day}", False, 7.5, 41 * MM))
            for text, bold, size, drop in lines:
                text = nfc(text)
                size = min(size, (w - 4 * MM) / max(1.0, width(text, face(bold))))  # shrink to fit the ticket
                canvas.setFont(face(bold), size)
                canvas.drawCentredString(mid, y - drop, text)
        canvas.setDash()

    return Unit(h, draw)


def paper_kit_pdf(kit: KitData) -> bytes:
    day = kit.day.strftime("%d/%m/%Y")
    printed = to_local(kit.printed_at).strftime("%H:%M %d/%m/%Y")
    units = kit.center.header(kit.printed_at)
    units += para("<b>BẢNG HÀNG CHỜ GIẤY (KHI MẤT ĐIỆN)</b>", "title")
    units += para(f"Ngày {day} · in lúc {printed}. Số phiếu tiếp nối số thứ tự hôm nay; phát theo thứ tự từ "
                  "trên xuống trong từng hạng. Khi có điện: nhập bù từng dòng (menu Tình huống, mục Nhập bù phiếu giấy).",
                  "note")
    units += spacer(2)
    rows = [[code, g.tier_label, "", "", "", "", ""] for g in kit.groups for code in g.codes]
    units += _write_grid([Column(10, "center"), Column(21), Column(10), Column(25), Column(10), Column(10),
                          Column(14)], ["Số phiếu", "Hạng", "Giờ phát", "Họ tên (nếu có)", "Giờ mời", "Quầy",
                                        "Xong / Vắng"], rows)
    units += page_break()
    units += para("<b>PHIẾU SỐ THỨ TỰ IN SẴN — cắt theo đường chấm</b>", "title")
    tickets = [(code, g.tier_label) for g in kit.groups for code in g.codes]
    for start in range(0, len(tickets), 3):
        units.append(_ticket_row(kit.center.name, day, tickets[start:start + 3]))
    units += page_break()
    units += para("<b>SỔ TIẾP NHẬN GIẤY (KHI MẤT ĐIỆN)</b>", "title")
    units += para(f"Ngày {day}. Ghi mỗi người được hướng dẫn, tiếp nhận trong lúc mất điện; nhập bù khi có điện "
                  "(giờ ghi trên giấy được đánh dấu là ước tính).", "note")
    units += spacer(2)
    units += _write_grid([Column(6, "center"), Column(10), Column(9), Column(22), Column(22), Column(17),
                          Column(14)], ["TT", "Số phiếu", "Giờ", "Họ tên, năm sinh", "Thủ tục / nhu cầu",
                                        "Đã làm (hướng dẫn, hẹn, giới thiệu)", "Người hỗ trợ"],
                         [[str(n), "", "", "", "", "", ""] for n in range(1, kit.intake_rows + 1)])
    return build_pdf(units, title="Bộ phiếu giấy khi mất điện", center_name=kit.center.name,
                     footer=f"Bộ phiếu giấy khi mất điện · ngày {day}", running_header="continuation")


# -- slips for the person --------------------------------------------------------------------------
@dataclass(frozen=True)
class ReferralSlip:
    center: CenterHead
    code: str
    issued_at: datetime
    citizen_name: str
    office_name: str
    office_address: str
    office_hours: str
    office_phone: str
    office_verified: bool
    reason: str
    bring: tuple[str, ...]
    return_on: date | None
    clerk_name: str


def _office_lines(address: str, hours: str, phone: str, verified: bool) -> list[Unit]:
    mark = "" if verified else f" <i>({UNVERIFIED})</i>"
    units = para(f"Địa chỉ: <b>{_esc(address) or '…'}</b>{mark}", "body")
    units += para(f"Giờ làm việc: <b>{_esc(hours) or '…'}</b>{mark}", "body")
    if phone:
        units += para(f"Điện thoại: <b>{_esc(phone)}</b>{mark}", "body")
    return units


def referral_slip_pdf(slip: ReferralSlip) -> bytes:
    units = slip.center.header(slip.issued_at)
    units += para("<b>GIẤY GIỚI THIỆU VÀ HẸN QUAY LẠI</b>", "title") + para(f"Số: <b>{slip.code}</b>", "subtitle")
    units += spacer(3)
    units += para(f"{_esc(slip.center.name)} giới thiệu ông/bà: <b>{_esc(slip.citizen_name) or '…………………'}</b>", "body")
    units += para(f"đến: <b>{_esc(slip.office_name)}</b>", Style(13, bold=False, after=2))
    units += _office_lines(slip.office_address, slip.office_hours, slip.office_phone, slip.office_verified)
    units += para(f"Nội dung: {_esc(slip.reason)}", "body")
    units += para("<b>Khi đi, xin mang theo:</b>", "body", keep=True)
    for item in slip.bring:
        units += para(f"• {_esc(item)}", Style(12, indent=6 * MM, hang=5 * MM, after=2))
    units += spacer(3)
    if slip.return_on is not None:
        units += para(f"<b>Hẹn quay lại Trung tâm: {vn_date(slip.return_on)}</b>", Style(13, after=2))
    units += para("Khi quay lại, xin đưa giấy này cho người cấp số để được <b>ưu tiên</b> (nhóm “Quay lại theo giấy "
                  "hẹn”).", "body")
    if slip.center.phone:
        units += para(f"Cần hỏi thêm, xin gọi: <b>{_esc(slip.center.phone)}</b>", "body")
    units += signatures([Signature("NGƯỜI GIỚI THIỆU", "(Ký và ghi rõ họ tên)", _esc(slip.clerk_name))])
    return build_pdf(units, title="Giấy giới thiệu và hẹn quay lại", center_name=slip.center.name,
                     footer=f"Giấy giới thiệu {slip.code}")


@dataclass(frozen=True)
class MissingPaper:
    name: str
    quantity_text: str  # "1 bản chính"
    where: str  # the catalog's "nơi cấp"
    office_name: str = ""
    office_address: str = ""
    office_hours: str = ""
    office_verified: bool = False


@dataclass(frozen=True)
class MissingPapers:
    center: CenterHead
    issued_at: datetime
    citizen_name: str
    procedure_name: str
    procedure_verified: bool
    papers: tuple[MissingPaper, ...]
    return_on: date | None
    clerk_name: str


def missing_papers_pdf(data: MissingPapers) -> bytes:
    units = data.center.header(data.issued_at)
    units += para("<b>PHIẾU HƯỚNG DẪN BỔ SUNG GIẤY TỜ CÒN THIẾU</b>", "title")
    units += spacer(2)
    units += para(f"Ông/bà: <b>{_esc(data.citizen_name) or '…………………'}</b>", "body")
    mark = "" if data.procedure_verified else f" <i>(thành phần hồ sơ {UNVERIFIED})</i>"
    units += para(f"Thủ tục: <b>{_esc(data.procedure_name)}</b>{mark}", "body")
    units += para("Để hoàn thiện hồ sơ, xin chuẩn bị thêm các giấy tờ sau:", "body")
    rows = []
    for n, p in enumerate(data.papers, 1):
        where = _esc(p.where) or "…"
        if p.office_name:
            status = "" if p.office_verified else f" ({UNVERIFIED})"
            where += f"\n{_esc(p.office_name)}: {_esc(p.office_address) or '…'}; {_esc(p.office_hours) or '…'}{status}"
        elif p.where:
            where += f"\nĐịa chỉ, giờ làm việc: {UNVERIFIED}"
        rows.append([str(n), _esc(p.name), _esc(p.quantity_text), where])
    units += grid([Column(6, "center"), Column(36), Column(14), Column(44)],
                  [[Cell([Run(h)]) for h in ("TT", "Giấy tờ còn thiếu", "Số lượng", "Nơi xin, địa chỉ, giờ làm việc")]],
                  [[[Run(t)] for t in row] for row in rows], width=BODY_WIDTH, cell=Style(11, leading=1.35),
                  head_style=STYLES["head"], max_height=BODY_HEIGHT)
    units += spacer(3)
    if data.return_on is not None:
        units += para(f"<b>Hẹn quay lại: {vn_date(data.return_on)}</b>. Khi quay lại, xin đưa phiếu này để được ưu "
                      "tiên (nhóm “Quay lại theo giấy hẹn”).", "body")
    units += para(f"Thông tin có ghi “{UNVERIFIED}” là thông tin Trung tâm chưa xác nhận lại; xin hỏi thêm "
                  f"qua số {_esc(data.center.phone) or '…'} trước khi đi.", "note")
    units += signatures([Signature("NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", _esc(data.clerk_name))])
    return build_pdf(units, title="Phiếu hướng dẫn bổ sung giấy tờ", center_name=data.center.name,
                     footer="Phiếu hướng dẫn bổ sung giấy tờ")


@dataclass(frozen=True)
class LargeGuide:
    center_name: str
    procedure_name: str
    verified: bool
    papers: tuple[str, ...]
    steps: tuple[str, ...]
    time_text: str
    fee: str
    center_phone: str = ""


def large_print_guide_pdf(guide: LargeGuide) -> bytes:
    """The procedure in large print: body 16 pt, one idea per line."""
    units = para(f"<b>HƯỚNG DẪN: {_esc(guide.procedure_name).upper()}</b>", LARGE["title"])
    if not guide.verified:
        units += para(f"(Thông tin thủ tục {UNVERIFIED} — hỏi cán bộ nếu chưa rõ)", LARGE["note"])
    units += para("Cần mang theo:", LARGE["label"], keep=True)
    for paper in guide.papers:
        units += para(f"• {_esc(paper)}", LARGE["step"])
    units += para("Các bước:", LARGE["label"], keep=True)
    for n, step in enumerate(guide.steps, 1):
        units += para(f"{n}. {_esc(step)}", LARGE["step"])
    if guide.time_text:
        units += para(f"<b>Thời gian giải quyết:</b> {_esc(guide.time_text)}", LARGE["body"])
    if guide.fee:
        units += para(f"<b>Phí, lệ phí:</b> {_esc(guide.fee)}", LARGE["body"])
    if guide.center_phone:
        units += para(f"<b>Hỏi thêm:</b> {_esc(guide.center_phone)}", LARGE["body"])
    return build_pdf(units, title=f"Hướng dẫn chữ lớn — {nfc(guide.procedure_name)}", center_name=guide.center_name,
                     footer=_esc(guide.center_name))

