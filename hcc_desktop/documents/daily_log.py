"""Sổ nhật ký phục vụ: every ticket and visit of one day, then the day's totals, on landscape A4.

Takes :class:`hcc_desktop.services.logbook.DailyLogData` (gathered and counted by the service).
Headers repeat on every page, long cells wrap inside their column, the pages are numbered
"Trang x/y", and the log closes with the signatures of who made it and the head of the center.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcc_desktop.clock import to_local
from hcc_desktop.documents.a4 import LANDSCAPE, Cell, Column, Sheet, Signature, dated, plain
from hcc_desktop.i18n import tr

if TYPE_CHECKING:
    from hcc_desktop.services.logbook import DailyLogData

TITLE = "Sổ nhật ký phục vụ"
COLUMNS = ((tr("TT"), 4, "center"), (tr("Giờ"), 7, "center"), (tr("Số"), 6, "center"),
           (tr("Nhóm ưu tiên, lý do"), 14, "left"), (tr("Công dân (số định danh đã che)"), 15, "left"),
           (tr("Thủ tục / nhu cầu"), 16, "left"), (tr("Hỗ trợ đã thực hiện"), 15, "left"),
           (tr("Kết quả"), 12, "left"), (tr("Hài lòng"), 9, "center"))


def daily_log_pdf(data: DailyLogData, progress=None) -> bytes:
    doc = Sheet(LANDSCAPE)
    doc.center_header(data.center_name, data.authority, dated(data.place, data.printed_at))
    doc.para(tr("<b>SỔ NHẬT KÝ PHỤC VỤ</b>"), "title", keep=True)
    doc.para(plain(tr("Ngày {d}", d=data.day.strftime("%d/%m/%Y"))), "subtitle", keep=True)
    doc.space(3)
    columns = [Column(share, align) for _t, share, align in COLUMNS]
    head = [[Cell(title) for title, _s, _a in COLUMNS]]
    rows = [[str(n), plain(e.time), plain(e.number), plain(e.group), plain(e.citizen), plain(e.procedure),
             plain(e.support), plain(e.outcome), plain(e.satisfaction)] for n, e in enumerate(data.entries, 1)]
    if not rows:
        doc.para(tr("<i>Không có lượt phục vụ nào trong ngày.</i>"), "body")
        return _close(doc, data, progress)
    doc.table(columns, head, rows, cell="log_cell", head_style="log_head")
    doc.para(tr("TỔNG HỢP TRONG NGÀY"), "section", keep=True)
    doc.para(plain(tr("Số lượt ghi trong sổ: {n}", n=len(data.entries))), "body", keep=True)
    half = doc.width * 0.48
    for tally in data.tallies:
        doc.para(plain(tally.title), "section", keep=True)
        doc.table([Column(80), Column(20, "right")], [[Cell(tr("Nhóm")), Cell(tr("Số lượt"))]],
                  [[plain(label), str(count)] for label, count in tally.rows] or [[tr("(không có)"), "0"]],
                  cell="log_cell", head_style="log_head", width=half)
    doc.para(tr("Thời gian chờ (từ lúc lấy số đến lúc được mời)"), "section", keep=True)
    doc.table([Column(22), Column(13, "right"), Column(13, "right"), Column(13, "right"), Column(13, "right"),
               Column(13, "right"), Column(13, "right")],
              [[Cell(t) for t in (tr("Nhóm"), tr("Lấy số"), tr("Đã phục vụ"), tr("Vắng mặt"), tr("Chờ trung vị"),
                                  tr("90% chờ không quá"), tr("Chờ lâu nhất"))]],
              [[plain(w.tier), str(w.issued), str(w.served), str(w.no_show), plain(w.median), plain(w.p90),
                plain(w.longest)] for w in data.waits], cell="log_cell", head_style="log_head", width=doc.width * 0.7)
    return _close(doc, data, progress)


def _close(doc: Sheet, data: DailyLogData, progress=None) -> bytes:
    doc.signatures([Signature(tr("NGƯỜI LẬP"), tr("(Ký và ghi rõ họ tên)"), plain(data.prepared_by)),
                    Signature(tr("PHỤ TRÁCH TRUNG TÂM"), tr("(Ký và ghi rõ họ tên)"))])
    footer = tr("Sổ nhật ký phục vụ ngày {d} · in lúc {t}", d=data.day.strftime("%d/%m/%Y"),
                t=to_local(data.printed_at).strftime("%H:%M %d/%m/%Y"))
    return doc.pdf(title=TITLE, center_name=data.center_name, footer=footer, progress=progress)
