"""Printed guides and registers: the daily log, the record book, the large-print guide, the online step sheet
and the leaflet read back in Vietnamese exactly, embed Noto Sans, stay inside their pages; registers are for
counter staff only and every print of one is in the audit trail."""

import re
import subprocess
import sys
from datetime import date, timedelta

import pytest

from hcc_desktop.errors import PermissionDenied, ValidationError
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.catalog import DocumentInput, ProcedureInput
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.dossiers import DossierInput
from hcc_desktop.services.guides import LeafletInput
from hcc_desktop.services.queue import IssueRequest
from hcc_desktop.services.visits import VisitInput

DAY = date(2026, 11, 25)
LONG_NAME = ("Tôn Nữ Thị Phương Thảo Nguyên Hoàng Bảo Châu Ngọc Diệp Khánh Linh Vân Anh Thục Quyên Mỹ Hạnh "
             "Bích Ngọc Thiên Hương")
CCCD = "001148004567"


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _save(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _text(path) -> str:
    return " ".join(_run("pdftotext", str(path), "-").split())


def _pages(path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))


def _inside(path) -> None:
    """Every word lies inside the page (pdftotext -bbox), none past the right or bottom edge's margin."""
    html = _run("pdftotext", "-bbox", str(path), "-")
    for page in html.split("<page ")[1:]:
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for x0, y0, x1, y1 in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"',
                                          page):
            assert float(x0) >= 20 and float(x1) <= width - 20 and float(y0) >= 10 and float(y1) <= height - 10


def _fonts_embedded(path) -> None:
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all("NotoSans" in line and " yes " in line for line in fonts)


@pytest.fixture
def day_of_work(services, supervisor, clerk, clock):
    """One served elderly person with a long name and an ID number, one no-show, one walk-in without a ticket."""
    services.settings.update(supervisor, {"center_name": "Trung tâm Phục vụ hành chính công xã Lạc Phương",
                                          "commune": "xã Lạc Phương", "center_address": "Thôn Đồng Râm"})
    person = services.citizens.create(clerk, CitizenInput(LONG_NAME, birth_year=1948, cccd=CCCD, consent=True))
    elderly = services.queue.issue(clerk, IssueRequest(reason_code="elderly", citizen_name="Bà Lan")).ticket
    clock.advance(minutes=3)
    absent = services.queue.issue(clerk, IssueRequest(citizen_name="Ông Tư")).ticket
    clock.advance(minutes=4)
    services.queue.call_ticket(clerk, "Quầy 1", elderly.id)
    services.queue.start(clerk, elderly.id)
    birth = services.catalog.procedure("1.001193")
    visit = services.visits.start(clerk, ticket_id=elderly.id, citizen_id=person.id)
    clock.advance(minutes=9)
    services.visits.complete(clerk, visit.id, VisitInput(person.id, birth.id, support=("wrote_form", "guided"),
                                                         outcome="received"), DossierInput(person.id, birth.id))
    services.visits.record_survey(clerk, visit.id, 5, 0)
    services.queue.finish(clerk, elderly.id)
    services.queue.call_ticket(clerk, "Quầy 1", absent.id)
    services.queue.no_show(clerk, absent.id)
    walk_in = services.visits.start(clerk)
    services.visits.complete(clerk, walk_in.id, VisitInput(need="Hỏi thủ tục đất đai", support=("lookup",),
                                                           outcome="guided_only"))
    return services


def test_the_daily_log_lists_every_ticket_and_visit_with_the_totals(tmp_path, day_of_work, clerk):
    data = day_of_work.logbook.daily_log(clerk, DAY)
    assert [e.number for e in data.entries] == ["U001", "T001", ""]
    path = _save(tmp_path, day_of_work.logbook.daily_log_pdf(clerk, DAY), "log.pdf")
    text = _text(path)
    for expected in ("ỦY BAN NHÂN DÂN XÃ LẠC PHƯƠNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ LẠC PHƯƠNG",
                     "SỔ NHẬT KÝ PHỤC VỤ", "Ngày 25/11/2026", "Ưu tiên: Người cao tuổi", "001******567",
                     "Đăng ký khai sinh", "viết hộ tờ khai",
                     "đã tiếp nhận hồ sơ", "Rất hài lòng", "vắng mặt", "Không lấy số", "Hỏi thủ tục đất đai",
                     "chỉ hướng dẫn", "TỔNG HỢP TRONG NGÀY", "Theo nhóm ưu tiên", "Theo hình thức hỗ trợ",
                     "Theo kết quả", "Mức độ hài lòng", "Thời gian chờ", "NGƯỜI LẬP", "PHỤ TRÁCH TRUNG TÂM",
                     "Đặng Văn Lâm", "Trang 1/"):
        assert expected in text, expected
    assert CCCD not in text and "Tôn Nữ Thị Phương Thảo" in text and "Thiên Hương" in text
    tallies = {t.title: dict(t.rows) for t in data.tallies}
    assert tallies["Theo nhóm ưu tiên"] == {"Ưu tiên: Người cao tuổi": 1, "Thường: Không thuộc diện ưu tiên": 1,
                                            "Không lấy số (phục vụ trực tiếp)": 1}
    assert tallies["Theo kết quả"]["đã tiếp nhận hồ sơ"] == 1 and tallies["Mức độ hài lòng"]["Rất hài lòng"] == 1
    assert [(w.tier, w.issued, w.served, w.no_show, w.median) for w in data.waits][1:] == [
        ("Ưu tiên", 1, 1, 0, "7 phút"), ("Thường", 1, 0, 1, "13 phút")]
    _fonts_embedded(path)
    _inside(path)


def test_an_empty_day_prints_a_log_that_says_so(tmp_path, services, clerk):
    path = _save(tmp_path, services.logbook.daily_log_pdf(clerk, DAY - timedelta(days=30)), "empty.pdf")
    text = _text(path)
    assert "Không có lượt phục vụ nào trong ngày." in text and "NGƯỜI LẬP" in text
    assert _pages(path) == 1


def test_a_long_day_repeats_the_table_header_on_every_page(tmp_path, services, clerk, clock):
    for n in range(60):
        services.queue.issue(clerk, IssueRequest(citizen_name=f"{LONG_NAME} {n}"))
    path = _save(tmp_path, services.logbook.daily_log_pdf(clerk, DAY), "long.pdf")
    pages = _pages(path)
    assert pages > 3
    for page in range(1, pages + 1):
        text = " ".join(_run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-").split())
        assert f"Trang {page}/{pages}" in text
        if page < pages:
            assert "Nhóm ưu tiên, lý do" in text and "Hỗ trợ đã thực hiện" in text
    _inside(path)


def test_registers_are_for_counter_staff_and_each_print_is_audited(services, day_of_work, clerk, volunteer,
                                                                  supervisor):
    with pytest.raises(PermissionDenied):
        services.logbook.daily_log(volunteer, DAY)
    with pytest.raises(PermissionDenied):
        services.logbook.record_book(volunteer, DAY, DAY)
    services.logbook.record_output(clerk, "daily_log", "daily_log:2026-11-25", "printer:Máy in")
    line = services.audit.lines(supervisor, action=AuditAction.PRINT)[0]
    assert (line.username, line.subject, line.detail) == ("congchuc", "daily_log:2026-11-25",
                                                          {"document": "daily_log", "output": "printer:Máy in"})


def test_the_record_book_has_one_row_per_dossier_received(tmp_path, day_of_work, clerk):
    path = _save(tmp_path, day_of_work.logbook.record_book_pdf(clerk, DAY, DAY), "book.pdf")
    text = _text(path)
    for expected in ("SỔ THEO DÕI HỒ SƠ", "Từ ngày 25/11/2026 đến ngày 25/11/2026", "Mã hồ sơ",
                     "Tên thủ tục hành chính", "Phương thức", "Ký nhận",
                     "HS-261125-001", "Đăng ký khai sinh", "Ủy ban nhân dân xã", "tại Trung tâm", "Tổng số hồ sơ: 1"):
        assert expected in text, expected
    _fonts_embedded(path)
    _inside(path)
    with pytest.raises(ValidationError):
        day_of_work.logbook.record_book(clerk, DAY, DAY - timedelta(days=1))


def _many_papers(services, supervisor) -> str:
    papers = tuple(DocumentInput(f"Giấy tờ số {i}: bản kê khai thông tin nhân thân, quá trình công tác và "
                                 f"xác nhận của nơi cư trú", ("original", "copy", "certified")[i % 3], i % 2 + 1,
                                 "Công an xã nơi cư trú" if i % 2 else "", required=i % 4 != 0)
                   for i in range(1, 16))
    services.catalog.save_procedure(supervisor, ProcedureInput(
        "LOCAL-TEST-15", "Thủ tục thử có mười lăm giấy tờ", "Thử", processing_days=5, fee="50.000 đồng",
        purpose="Để kiểm tra bản in.", who_may_apply="Mọi công dân.", documents=papers, verified=True,
        agency="Ủy ban nhân dân xã", result_return="Tại Trung tâm hoặc qua bưu chính công ích."))
    return "LOCAL-TEST-15"


def test_the_large_print_guide_reads_back_and_marks_unverified_data(tmp_path, services, volunteer, supervisor):
    path = _save(tmp_path, services.guides.guide_pdf(volunteer, "1.001193"), "guide.pdf")
    text = _text(path)
    for expected in ("ĐĂNG KÝ KHAI SINH", "Mã 1.001193", "Cần kiểm tra:", "Thủ tục này để làm gì? Ai được làm?",
                     "Đăng ký việc sinh cho trẻ em, cấp Giấy khai sinh.", "Giấy chứng sinh — Bản chính, 1 bản",
                     "Nếu chưa có: Cơ sở y tế nơi sinh", "(nếu có / không bắt buộc)",
                     "Thời gian giải quyết: Trả kết quả trong ngày làm việc; hồ sơ nhận sau 15:00",
                     "Giờ làm việc: Thứ Hai – Thứ Sáu: sáng 07:30–11:30, chiều 13:30–17:00", "cần kiểm tra"):
        assert expected in text, expected
    _fonts_embedded(path)
    _inside(path)
    code = _many_papers(services, supervisor)
    path = _save(tmp_path, services.guides.guide_pdf(volunteer, code), "many.pdf")
    text = _text(path)
    assert all(f"Giấy tờ số {i}:" in text for i in range(1, 16)) and "Cần kiểm tra" not in text
    assert "Nhận kết quả: Tại Trung tâm hoặc qua bưu chính công ích." in text and _pages(path) >= 2
    _inside(path)


def test_large_print_styles_are_at_least_14_and_20_points():
    from hcc_desktop.documents.a4 import STYLES

    assert all(STYLES[s].size >= 14 for s in ("lp_body", "lp_note", "lp_cell", "lp_subtitle"))
    assert STYLES["lp_head"].size >= 20 and STYLES["lp_title"].size >= 20


def test_the_step_sheet_numbers_the_portal_steps_and_leaves_room_for_the_code(tmp_path, services, volunteer):
    path = _save(tmp_path, services.guides.steps_pdf(volunteer, "1.000894"), "steps.pdf")
    text = _text(path)
    for expected in ("NỘP HỒ SƠ TRỰC TUYẾN", "Đăng ký kết hôn", "dichvucong.gov.vn", "VNeID", "mức độ 2",
                     "Mã hồ sơ (ghi đủ chữ và số):", "(cần kiểm tra)", "Giấy tờ cần chụp hoặc quét"):
        assert expected in text, expected
    assert re.search(r"\b1\b.*\b2\b.*\b3\b", text)
    _fonts_embedded(path)
    _inside(path)


def test_the_leaflet_checks_what_was_entered(tmp_path, services, volunteer):
    good = LeafletInput("mobile", DAY + timedelta(days=10), "08:00", "11:30", "Nhà văn hóa thôn Đồng Râm",
                        ("1.001193", "1.001776"), "Mang theo sổ hộ nghèo nếu có.")
    path = _save(tmp_path, services.guides.leaflet_pdf(volunteer, good), "leaflet.pdf")
    text = _text(path)
    for expected in ("NGÀY PHỤC VỤ HÀNH CHÍNH CÔNG LƯU ĐỘNG", "08:00 – 11:30, Thứ Bảy, ngày 05/12/2026",
                     "Nhà văn hóa thôn Đồng Râm", "Thẻ căn cước", "Đăng ký khai sinh", "Trợ cấp xã hội hằng tháng",
                     "Mang theo sổ hộ nghèo nếu có."):
        assert expected in text, expected
    width = float(re.search(r"Page size:\s+([\d.]+)", _run("pdfinfo", str(path))).group(1))
    assert round(width) == 420  # A5
    from dataclasses import replace

    for bad, field in ((replace(good, place=" "), "place"), (replace(good, end="07:00"), "end"),
                       (replace(good, procedure_codes=()), "procedures"), (replace(good, start="8h"), "start")):
        with pytest.raises(ValidationError) as caught:
            services.guides.leaflet(volunteer, bad)
        assert caught.value.field == field


def test_the_catalog_keeps_the_agency_and_where_results_are_returned(tmp_path, services, supervisor):
    code = _many_papers(services, supervisor)
    path = services.catalog.export_catalog(tmp_path / "catalog.xlsx")
    services.catalog.save_procedure(supervisor, ProcedureInput(**{
        **services.catalog.procedure(code).as_input().__dict__, "agency": "", "result_return": ""}))
    result = services.catalog.import_catalog(supervisor, path)
    assert code in result.changed_codes
    again = services.catalog.procedure(code)
    assert (again.agency, again.result_return) == ("Ủy ban nhân dân xã", "Tại Trung tâm hoặc qua bưu chính công ích.")


def test_the_command_line_prints_as_a_named_user_and_records_it(tmp_path, services, supervisor, data_dir):
    services.close()
    out = tmp_path / "log.pdf"
    command = [sys.executable, "-m", "hcc_desktop", "--data-dir", str(data_dir), "print", "daily-log",
               "--date", "2026-11-25", "--out", str(out), "--user", "phutrach"]
    done = subprocess.run(command, input="mat-khau-123\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "SỔ NHẬT KÝ PHỤC VỤ" in _text(out)
    wrong = subprocess.run(command, input="sai-mat-khau\n", capture_output=True, text=True)
    assert wrong.returncode == 1 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    bad = subprocess.run([*command[:8], "25/11/2026", *command[9:]], input="mat-khau-123\n", capture_output=True,
                         text=True)
    assert bad.returncode == 1 and "không hợp lệ" in bad.stderr
    from hcc_desktop.app import open_services

    with open_services(data_dir) as reopened:
        lines = reopened.audit.lines(reopened.auth.authenticate("phutrach", "mat-khau-123"),
                                     action=AuditAction.PRINT)
    assert [(line.username, line.subject) for line in lines] == [("phutrach", "daily_log:2026-11-25")]


def test_the_print_menu_shows_registers_to_staff_only(qtbot, tmp_path):
    from hcc_desktop.paths import Paths
    from hcc_desktop.ui.main_window import MainWindow

    window = MainWindow(Paths.resolve(tmp_path / "ui"))
    qtbot.addWidget(window)
    menu = window.print_menu
    menu.set_role("volunteer")
    assert menu.guide_action.isVisible() and menu.leaflet_action.isVisible()
    assert not menu.daily_log_action.isVisible() and not menu.record_book_action.isVisible()
    menu.set_role("clerk")
    assert menu.daily_log_action.isVisible() and menu.record_book_action.isVisible()




def test_the_menu_builds_the_log_with_progress_then_previews_and_audits_a_save(qtbot, tmp_path, services, clerk,
                                                                            supervisor, monkeypatch):
    from hcc_desktop.paths import Paths
    from hcc_desktop.ui.main_window import MainWindow
    from hcc_desktop.ui.tasks import wait_for_tasks

    window = MainWindow(Paths.resolve(tmp_path / "ui"))
    qtbot.addWidget(window)
    window.services, window.actor = services, clerk
    for n in range(40):
        services.queue.issue(clerk, IssueRequest(citizen_name=f"Người thứ {n}"))
    menu = window.print_menu
    seen = []
    menu._render(services.logbook.daily_log_pdf, (clerk, DAY), "Sổ nhật ký phục vụ", "so.pdf",
                 ("daily_log", "daily_log:2026-11-25"))
    menu.progress.canceled.connect(lambda: seen.append("cancelled"))
    qtbot.waitUntil(lambda: menu.preview is not None, timeout=20_000)
    assert menu.progress.maximum() > 1 and not seen
    qtbot.waitUntil(lambda: len(menu.preview.pages) > 1, timeout=20_000)
    menu.preview.save_to(tmp_path / "saved.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "saved.pdf").exists(), timeout=10_000)
    qtbot.waitUntil(lambda: bool(services.audit.lines(supervisor, action=AuditAction.PRINT)), timeout=10_000)
    line = services.audit.lines(supervisor, action=AuditAction.PRINT)[0]
    assert (line.username, line.subject, line.detail["output"]) == ("congchuc", "daily_log:2026-11-25", "pdf")
    menu.preview.close()
    wait_for_tasks()
