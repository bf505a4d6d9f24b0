"""Sổ theo dõi hồ sơ: the dossiers received in a period, one row each, on landscape A4.

The columns follow the record book as deployed one-stop software prints it (provisional: the
newer circular could not be read): TT, Mã hồ sơ, Tên TTHC, Tên cá nhân/tổ chức, Địa chỉ và số điện
thoại, Cơ quan chủ trì, Ngày nhận, Hẹn trả, Trả kết quả, Phương thức nhận kết quả, Ký nhận (left blank
for the person's signature when the result is handed back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcc_desktop.documents.a4 import LANDSCAPE, Cell, Column, Sheet, Signature, dated, plain
from hcc_desktop.clock import to_local
from hcc_desktop.i18n import tr

if TYPE_CHECKING:
    from hcc_desktop.services.logbook import RecordBookData

TITLE = "Sổ theo dõi hồ sơ"
COLUMNS = ((tr("TT"), 4, "center"), (tr("Mã hồ sơ"), 10, "left"), (tr("Tên thủ tục hành chính"), 14, "left"),
           (tr("Tên cá nhân, tổ chức"), 11, "left"), (tr("Địa chỉ, số điện thoại"), 13, "left"),
           (tr("Cơ quan chủ trì giải quyết"), 9, "left"), (tr("Ngày, giờ nhận hồ sơ"), 7, "center"),
           (tr("Ngày, giờ hẹn trả kết quả"), 7, "center"), (tr("Ngày trả kết quả"), 8, "center"),
           (tr("Phương thức nhận kết quả"), 9, "left"), (tr("Ký nhận"), 8, "left"))


def record_book_pdf(data: RecordBookData, progress=None) -> bytes:
    doc = Sheet(LANDSCAPE)
    doc.center_header(data.center_name, data.authority, dated(data.place, data.printed_at))
    doc.para(tr("<b>SỔ THEO DÕI HỒ SƠ</b>"), "title", keep=True)
    doc.para(plain(tr("Từ ngày {a} đến ngày {b}", a=data.start.strftime("%d/%m/%Y"), b=data.end.strftime("%d/%m/%Y"))),
             "subtitle", keep=True)
    doc.space(3)
    rows = [[plain(e.number), plain(e.code), plain(e.procedure), plain(e.applicant), plain(e.address_phone),
             plain(e.agency), plain(e.received), plain(e.due), plain(e.returned), plain(e.delivery), ""]
            for e in data.entries]
    doc.table([Column(share, align) for _t, share, align in COLUMNS], [[Cell(t) for t, _s, _a in COLUMNS]], rows,
              cell="log_cell", head_style="log_head")
    if not rows:
        doc.para(tr("<i>Không có hồ sơ nào được tiếp nhận trong thời gian này.</i>"), "body")
    doc.para(plain(tr("Tổng số hồ sơ: {n}", n=len(rows))), "section", keep=True)
    doc.signatures([Signature(tr("NGƯỜI LẬP"), tr("(Ký và ghi rõ họ tên)"), plain(data.prepared_by)),
                    Signature(tr("PHỤ TRÁCH TRUNG TÂM"), tr("(Ký và ghi rõ họ tên)"))])
    footer = tr("Sổ theo dõi hồ sơ từ {a} đến {b} · in lúc {t}", a=data.start.strftime("%d/%m/%Y"),
                b=data.end.strftime("%d/%m/%Y"), t=to_local(data.printed_at).strftime("%H:%M %d/%m/%Y"))
    return doc.pdf(title=TITLE, center_name=data.center_name, footer=footer, progress=progress)
