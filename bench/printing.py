"""Figure (h): the printed registers and guides, fonts registered.

daily log: ``documents.daily_log.daily_log_pdf`` of a 300-visit day (synthetic, as the service returns
           it: 300 rows of 9 columns, some cells wrapping to 2–3 lines, the day's totals, signatures;
           landscape A4, about 30 pages, Noto Sans Regular and Bold embedded).
   floor:  reportlab's own plain table of the same cells: platypus ``SimpleDocTemplate`` on landscape
           A4 with a ``Table`` of the same 301 rows of strings (header repeated, grid, Noto Sans 8.5 pt,
           no wrapping), built to memory.
   memory: the peak resident size (ru_maxrss) of a fresh child process that imports the program,
           builds the same daily log and writes it to memory; target under 200 MiB. The child also
           reports the tracemalloc peak of the build alone.
guide:     ``documents.guides.guide_pdf`` of a procedure with 5 papers (large print, tick boxes,
           drawn icons, framed notes; 1–2 A4 pages).
   floor:  a one-line reportlab page with the same font (as figure f).

Calls are timed one by one; floor and project alternate in blocks.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from bench import Figure, alternate, median, p90

NAME = "daily log, 300 visits"
TARGET = 3.0
NAME_MEMORY = "  ↳ peak memory of the daily log (MiB)"
TARGET_MEMORY_MIB = 200.0
NAME_GUIDE = "procedure guide (large print)"
TARGET_GUIDE = 5.0
VISITS = 300
NAMES = ("Nguyễn Thị Hồng Nhung", "Trần Văn Bình", "Hoàng Thị Lan", "Đặng Quốc Việt", "Lê Thu Hà",
         "Tôn Nữ Thị Phương Thảo Nguyên Hoàng Bảo Châu Ngọc Diệp", "Võ Thị Ánh Tuyết", "Bùi Đức Thắng")
PROCEDURES = ("Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Trợ cấp xã hội hằng tháng",
              "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu")
SUPPORTS = ("hướng dẫn trực tiếp", "viết hộ tờ khai; nhập liệu / nộp hồ sơ trực tuyến hộ", "tra cứu",
            "tạo tài khoản dịch vụ công; thanh toán trực tuyến (hỗ trợ kích hoạt VNeID mức độ 2)")
_CHILD = """
import io, json, resource, sys, time, tracemalloc
sys.path.insert(0, {root!r})
from bench.printing import log_data
from hcc_desktop.documents.daily_log import daily_log_pdf
from hcc_desktop.documents.fonts import register_reportlab_fonts
register_reportlab_fonts()
data = log_data()
tracemalloc.start()
pdf = daily_log_pdf(data)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print("BENCH-RESULT " + json.dumps({{"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                    "traced_peak": peak, "bytes": len(pdf)}}), flush=True)
"""


def log_data(visits: int = VISITS):
    from hcc_desktop.clock import LOCAL_TZ
    from hcc_desktop.services.logbook import DailyLogData, LogEntry, Tally, WaitRow

    entries = tuple(LogEntry(f"{7 + i * 9 // 600:02d}:{(i * 9) % 60:02d}\nchờ {i % 23} phút",
                             f"{'UT'[i % 2]}{i:03d}", ("Ưu tiên: Người cao tuổi", "Thường")[i % 2],
                             f"{NAMES[i % len(NAMES)]}, 0{i % 90 + 1:02d}******{i % 1000:03d}",
                             PROCEDURES[i % len(PROCEDURES)], SUPPORTS[i % len(SUPPORTS)],
                             ("đã tiếp nhận hồ sơ", "chỉ hướng dẫn", "hẹn quay lại mang đủ giấy tờ")[i % 3],
                             ("Rất hài lòng", "Hài lòng", "")[i % 3]) for i in range(visits))
    tallies = (Tally("Theo nhóm ưu tiên", (("Ưu tiên: Người cao tuổi", visits // 2), ("Thường", visits // 2))),
               Tally("Theo kết quả", (("đã tiếp nhận hồ sơ", visits // 3), ("chỉ hướng dẫn", visits // 3))))
    waits = (WaitRow("Ưu tiên", 150, 148, 2, "6 phút", "14 phút", "22 phút"),
             WaitRow("Thường", 150, 140, 10, "18 phút", "35 phút", "51 phút"))
    return DailyLogData("Trung tâm Phục vụ hành chính công xã Lạc Phương", "Ủy ban nhân dân xã Lạc Phương",
                        "Lạc Phương", date(2026, 11, 25), entries, tallies, waits, "Đặng Văn Lâm",
                        datetime(2026, 11, 25, 17, 5, tzinfo=LOCAL_TZ))


def _log_floor(data):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from hcc_desktop.documents.fonts import FACE_NAMES

    head = ["TT", "Giờ", "Số", "Nhóm ưu tiên, lý do", "Công dân", "Thủ tục / nhu cầu", "Hỗ trợ đã thực hiện",
            "Kết quả", "Hài lòng"]
    cells = [head] + [[str(n), e.time, e.number, e.group, e.citizen, e.procedure, e.support, e.outcome,
                       e.satisfaction] for n, e in enumerate(data.entries, 1)]
    style = TableStyle([("FONT", (0, 0), (-1, -1), FACE_NAMES["normal"], 8.5),
                        ("GRID", (0, 0), (-1, -1), 0.6, colors.black)])

    def call() -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=landscape(A4))
        doc.build([Table(cells, repeatRows=1, style=style)])
        return buffer.getvalue()

    return call


def _one_line():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from hcc_desktop.documents.fonts import FACE_NAMES

    def call() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, initialFontName=FACE_NAMES["normal"])
        canvas.setFont(FACE_NAMES["normal"], 11)
        canvas.drawString(72, 770, "Hướng dẫn thủ tục đăng ký khai sinh")
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    return call


def _guide_data():
    from hcc_desktop.services.catalog_data import load_seed
    from hcc_desktop.services.guides import CenterInfo, GuideData, GuidePaper

    seed = next(p for p in load_seed() if p.code == "1.001193")
    return GuideData(CenterInfo("Trung tâm Phục vụ hành chính công xã Lạc Phương", "Thôn Đồng Râm, xã Lạc Phương",
                                "0255 3861 234", "Thứ Hai – Thứ Sáu: sáng 07:30–11:30, chiều 13:30–17:00"),
                     seed.code, seed.name, seed.purpose, seed.who_may_apply,
                     tuple(GuidePaper(d.name, d.copy_kind, d.quantity, d.where_to_obtain, d.required)
                           for d in seed.documents), "Trả kết quả trong ngày làm việc.", seed.fee,
                     "Ủy ban nhân dân xã", "Tại Trung tâm, theo ngày hẹn.", False, date(2026, 11, 25))


def _memory() -> dict:
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, "-c", _CHILD.format(root=root)], capture_output=True, text=True,
                          timeout=600, cwd=root)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line.split(" ", 1)[1])
    raise RuntimeError(f"memory child failed: {done.stderr.strip()[-400:]}")


def measure(calls: int = 12, guide_calls: int = 120) -> tuple[list[Figure], dict]:
    from hcc_desktop.documents.daily_log import daily_log_pdf
    from hcc_desktop.documents.fonts import register_reportlab_fonts
    from hcc_desktop.documents.guides import guide_pdf

    register_reportlab_fonts()
    data = log_data()
    pages = daily_log_pdf(data).count(b"/Type /Page\n")
    floor_s, project_s, blocks = alternate(_log_floor(data), lambda: daily_log_pdf(data), calls, block=2, warmup=1)
    guide = _guide_data()
    g_floor, g_project, g_blocks = alternate(_one_line(), lambda: guide_pdf(guide), guide_calls, block=20,
                                             warmup=5)
    memory = _memory()
    rss = memory["maxrss_kib"] / 1024
    figures = [
        Figure(NAME, median(project_s), median(floor_s), TARGET,
               note=(f"{len(project_s)} calls each in {blocks} alternating blocks; project p90 {p90(project_s):.0f} ms, "
                     f"floor p90 {p90(floor_s):.0f} ms; {VISITS} rows, {pages or '~30'} pages")),
        Figure(NAME_MEMORY, rss, TARGET_MEMORY_MIB, 1.0, unit="MiB",
               note=(f"ru_maxrss of a fresh child that builds the log (interpreter and imports included); the "
                     f"'floor' column is the {TARGET_MEMORY_MIB:.0f} MiB budget; tracemalloc peak of the build "
                     f"alone {memory['traced_peak'] / 2**20:.1f} MiB; PDF {memory['bytes'] // 1024} kB")),
        Figure(NAME_GUIDE, median(g_project), median(g_floor), TARGET_GUIDE,
               note=f"{len(g_project)} calls each in {g_blocks} blocks; project p90 {p90(g_project):.2f} ms"),
    ]
    return figures, {"log_floor_ms": floor_s, "log_project_ms": project_s, "guide_floor_ms": g_floor,
                     "guide_project_ms": g_project, "memory": memory}
