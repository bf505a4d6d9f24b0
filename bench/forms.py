"""Figure (e): rendering the appointment slip, an A4 form in two copies, with the fonts registered.

project: ``documents.forms.appointment_slip_pdf(slip)`` — Giấy tiếp nhận hồ sơ và hẹn trả kết quả
         from the shipped template: national header, 14 fields, a table of 4 papers, signatures,
         footer; Liên 1 and Liên 2 on two A4 pages; Noto Sans Regular and Bold embedded. Each call
         gets another dossier code and citizen (as at the counter), so only the form's fixed texts
         come from the layout cache.
floor:   a one-line reportlab page with the same font: ``Canvas`` on A4 (reportlab's defaults),
         Noto Sans Regular 11 pt, one ``drawString``, ``showPage``, ``save`` to memory.
info:    the same slip with 18 papers (the table continues under its repeated header: 4 pages).

Fonts are registered before timing (``register_reportlab_fonts``, once per process). The first
slip of a process (template file read, layout caches empty) is timed once and printed in the
note. Calls are timed one by one; floor and project alternate in blocks of 30.
"""

from __future__ import annotations

import io
import time
from dataclasses import replace
from datetime import datetime, timedelta

from bench import Figure, alternate, median, p90

TARGET = 3.0
WARMUP_CALLS = 10
NAME = "appointment slip (fonts registered)"
NAME_LONG = "  ↳ same, 18 papers, 4 pages (info)"
CITIZENS = ("Nguyễn Thị Hồng Nhung", "Trần Văn Bình", "Hoàng Thị Lan", "Đặng Quốc Việt", "Lê Thu Hà",
            "Phạm Minh Tuấn", "Võ Thị Ánh Tuyết", "Bùi Đức Thắng")


def _slip():
    from hcc_desktop.clock import LOCAL_TZ
    from hcc_desktop.documents.forms import Applicant, AppointmentSlip, Center, Paper

    center = Center("Trung tâm Phục vụ hành chính công xã Lạc Phương", "xã Lạc Phương", "thôn Đồng Râm")
    papers = (Paper("Tờ khai đăng ký khai sinh theo mẫu"), Paper("Giấy chứng sinh", "original", 1, "Trạm y tế xã"),
              Paper("Căn cước của cha hoặc mẹ", "certified"), Paper("Giấy chứng nhận kết hôn của cha mẹ", "copy", 2))
    received = datetime(2026, 11, 25, 8, 5, tzinfo=LOCAL_TZ)
    return AppointmentSlip(center, "HS-261125-001", Applicant(CITIZENS[0], "thôn Gò Nghênh, xã Lạc Phương",
                                                              "0912 345 678"),
                           "Đăng ký khai sinh", papers, received, received + timedelta(hours=8), 0, 1,
                           "tại Trung tâm", "Miễn lệ phí", "01", 27, "Đặng Văn Lâm")


def _floor():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from hcc_desktop.documents.fonts import FACE_NAMES

    def call() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, initialFontName=FACE_NAMES["normal"])
        canvas.setFont(FACE_NAMES["normal"], 11)
        canvas.drawString(72, 770, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    return call


def measure(calls: int = 300, block: int = 30) -> tuple[list[Figure], dict]:
    from hcc_desktop.documents.fonts import register_reportlab_fonts
    from hcc_desktop.documents.forms import Paper, appointment_slip_pdf

    register_reportlab_fonts()
    slip = _slip()
    started = time.perf_counter()
    first = appointment_slip_pdf(slip)
    cold_ms = (time.perf_counter() - started) * 1e3
    counter = iter(range(10**9))

    def project_call() -> bytes:
        n = next(counter)
        return appointment_slip_pdf(replace(slip, dossier_code=f"HS-261125-{n % 1000:03d}",
                                            applicant=replace(slip.applicant, name=CITIZENS[n % len(CITIZENS)])))

    many = replace(slip, papers=tuple(Paper(f"Giấy tờ số {i}: bản kê khai thông tin nhân thân và quá trình công tác",
                                            ("original", "certified", "copy")[i % 3], i % 3 + 1)
                                      for i in range(1, 19)))
    floor_call = _floor()
    floor_s, project_s, blocks = alternate(floor_call, project_call, calls, block, warmup=WARMUP_CALLS)
    long_floor, long_project, long_blocks = alternate(floor_call, lambda: appointment_slip_pdf(many),
                                                       max(block, calls // 3), block, warmup=WARMUP_CALLS)
    figures = [
        Figure(NAME, median(project_s), median(floor_s), TARGET,
               note=(f"{len(project_s)} calls each, median per call, in {blocks} alternating blocks; project p90 "
                     f"{p90(project_s):.2f} ms, floor p90 {p90(floor_s):.2f} ms; 2 pages, {len(first) // 1024} kB "
                     f"(pages uncompressed; the floor uses reportlab's default compression); the first slip of "
                     f"the process took {cold_ms:.0f} ms (template read, layout caches empty)")),
        Figure(NAME_LONG, median(long_project), median(long_floor), None,
               note=f"{len(long_project)} calls each in {long_blocks} blocks; project p90 {p90(long_project):.2f} ms"),
    ]
    return figures, {"floor_ms": floor_s, "project_ms": project_s, "long_floor_ms": long_floor,
                     "long_project_ms": long_project, "cold_ms": cold_ms}
