"""The 80 mm queue ticket: Vietnamese text back exactly, page size, embedded font, nothing off the page."""

import re
import subprocess
import unicodedata
from dataclasses import replace

import pytest

from hcc_desktop.documents.fonts import FACE_NAMES, register_reportlab_fonts
from hcc_desktop.documents.ticket import MARGIN, PAGE_WIDTH, TEXT_WIDTH, TicketPrint, render_ticket_pdf, wrap
from hcc_desktop.services.queue import IssueRequest
from hcc_desktop.services.queue_rules import Tier

MM = 72 / 25.4
CENTER = "Trung tâm Phục vụ hành chính công xã Lạc Phương"
LONG_CENTER = ("Trung tâm Phục vụ hành chính công xã Lạc Phương, huyện Ba Tơ, tỉnh Quảng Ngãi — điểm tiếp nhận "
               "hồ sơ số hai đặt tại bưu điện văn hóa xã, thôn Đồng Râm")
REGULAR = TicketPrint(CENTER, "T012", "Số thường", "", "08:05 25/11/2026", 4, 18, ())
HEAD = TicketPrint(LONG_CENTER, "Đ003", "Ưu tiên đặc biệt", "Người khuyết tật", "14:47 25/11/2026", 0, None,
                   ("khiếm thính", "khó đi lại"), footer="Giờ làm việc: 7:30–11:30, 13:30–17:00", tier=Tier.HEAD)


def _pdf(tmp_path, data, name="ticket.pdf"):
    path = tmp_path / name
    path.write_bytes(render_ticket_pdf(data))
    return path


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _lines(path) -> list[str]:
    """pdftotext -layout, each line with its centring spaces collapsed."""
    return [" ".join(line.split()) for line in _run("pdftotext", "-layout", str(path), "-").splitlines()]


def _page_size(path) -> tuple[float, float]:
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", _run("pdfinfo", str(path)))
    return float(match.group(1)), float(match.group(2))


def _words(path) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) of every word, from pdftotext -bbox."""
    html = _run("pdftotext", "-bbox", str(path), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(w, float(x0), float(x1)) for x0, x1, w in re.findall(pattern, html)]


def test_a_regular_ticket_reads_back_exactly(tmp_path):
    lines = _lines(_pdf(tmp_path, REGULAR))
    for expected in ("Trung tâm Phục vụ hành chính công", "xã Lạc Phương", "PHIẾU SỐ THỨ TỰ", "T012", "Số thường",
                     "Cấp lúc: 08:05 25/11/2026", "Số người đang chờ trước: 4",
                     "Thời gian chờ dự kiến: khoảng 18 phút", "Xin vui lòng chờ đến lượt. Khi số của ông/bà",
                     "được mời, xin đến quầy."):
        assert expected in lines
    assert not any("ƯU TIÊN" in line or "tận nơi" in line for line in lines)


def test_a_head_tier_ticket_is_marked_and_says_staff_will_come(tmp_path):
    text = " ".join(_lines(_pdf(tmp_path, HEAD)))
    for expected in ("PHIẾU SỐ THỨ TỰ", "Đ003", "ƯU TIÊN ĐẶC BIỆT", "Người khuyết tật", "Số người đang chờ trước: 0",
                     "Chưa đủ dữ liệu để ước tính thời gian chờ", "Cán bộ sẽ ra tận nơi mời",
                     "Hỗ trợ: khiếm thính, khó đi lại", "Giờ làm việc: 7:30–11:30, 13:30–17:00"):
        assert expected in text
    priority = " ".join(_lines(_pdf(tmp_path, replace(REGULAR, code="U007", tier=Tier.PRIORITY, tier_label="Ưu tiên",
                                                      reason_label="Người cao tuổi"))))
    assert "ƯU TIÊN" in priority and "ĐẶC BIỆT" not in priority and "Người cao tuổi" in priority


def test_page_is_80_mm_wide_fitted_to_content_with_the_font_embedded(tmp_path):
    for data in (REGULAR, HEAD):
        path = _pdf(tmp_path, data)
        width, height = _page_size(path)
        assert width == pytest.approx(226.77, abs=0.5)
        assert 85 * MM <= height <= 135 * MM
        fonts = _run("pdffonts", str(path)).splitlines()[2:]
        assert fonts and all(re.search(r"\+NotoSans-(Regular|Bold)\s.*\byes\s+yes\s+yes\b", f) for f in fonts)
    assert _page_size(_pdf(tmp_path, HEAD))[1] > _page_size(_pdf(tmp_path, REGULAR))[1]


def test_a_long_center_name_wraps_and_nothing_crosses_the_margins(tmp_path):
    lines = _lines(_pdf(tmp_path, HEAD))
    assert lines[0].startswith("Trung tâm") and "thôn Đồng Râm" in " ".join(lines[:6])
    assert " ".join(" ".join(lines[:6]).split()).count("Trung tâm") == 1
    wide = (("head.pdf", HEAD), ("ut.pdf", replace(REGULAR, code="UT999")), ("ww.pdf", replace(REGULAR, code="WW888")))
    for name, data in wide:
        words = _words(_pdf(tmp_path, data, name))
        assert words
        for word, x0, x1 in words:
            assert MARGIN - 0.5 <= x0 and x1 <= PAGE_WIDTH - MARGIN + 0.5, word


def test_the_number_is_as_wide_as_the_text_allows(tmp_path):
    words = dict((w, x1 - x0) for w, x0, x1 in _words(_pdf(tmp_path, replace(REGULAR, code="U012"))))
    assert words["U012"] == pytest.approx(TEXT_WIDTH, rel=0.01)
    assert words["U012"] > 3 * words["PHIẾU"]
    short = dict((w, x1 - x0) for w, x0, x1 in _words(_pdf(tmp_path, replace(REGULAR, code="T1"))))
    assert short["T1"] < TEXT_WIDTH / 2  # a short number keeps a size cap rather than filling the width


def test_wrap_cuts_a_word_too_long_for_a_line():
    register_reportlab_fonts()
    lines = wrap("Xã " + "Ư" * 60, FACE_NAMES["bold"], 11)
    assert len(lines) >= 3 and "".join(lines).replace(" ", "") == "Xã" + "Ư" * 60
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert all(stringWidth(line, FACE_NAMES["bold"], 11) <= TEXT_WIDTH for line in lines)


@pytest.mark.parametrize("minutes, expected", [
    (None, "Chưa đủ dữ liệu để ước tính thời gian chờ"),
    (0, "Thời gian chờ dự kiến: chỉ vài phút"),
    (75, "Thời gian chờ dự kiến: khoảng 1 giờ 15 phút"),
])
def test_wait_estimate_wording(tmp_path, minutes, expected):
    assert expected in _lines(_pdf(tmp_path, replace(REGULAR, estimated_wait_minutes=minutes)))


def test_decomposed_input_comes_out_composed(tmp_path):
    nfd = unicodedata.normalize("NFD", CENTER)
    assert nfd != CENTER
    text = _run("pdftotext", "-layout", str(_pdf(tmp_path, replace(REGULAR, center_name=nfd))), "-")
    assert "xã Lạc Phương" in text and unicodedata.normalize("NFC", text) == text


def test_from_issued_takes_what_the_queue_returns(services, clerk):
    regular = services.queue.issue(clerk, IssueRequest())
    head = services.queue.issue(clerk, IssueRequest(reason_code="disabled", needs=("mobility", "hearing")))
    data = TicketPrint.from_issued(head, CENTER)
    assert data == TicketPrint(CENTER, head.ticket.code, "Ưu tiên đặc biệt", "Người khuyết tật", "08:00 25/11/2026",
                               head.people_ahead, None, ("khiếm thính", "khó đi lại"), "", Tier.HEAD)
    assert data.code.startswith("Đ") and data.people_ahead == 0
    plain = TicketPrint.from_issued(regular, CENTER, footer="Giờ làm việc: 7:30–17:00")
    assert (plain.tier, plain.tier_label, plain.reason_label, plain.footer) == (
        Tier.REGULAR, "Số thường", "", "Giờ làm việc: 7:30–17:00")
    assert render_ticket_pdf(data).startswith(b"%PDF")


def test_odd_input_still_renders_composed(tmp_path):
    data = replace(REGULAR, center_name="", code=unicodedata.normalize("NFD", "Ư001"), tier_label="")
    words = [word for word, _, _ in _words(_pdf(tmp_path, data))]
    assert words[:5] == ["PHIẾU", "SỐ", "THỨ", "TỰ", "Ư001"]
