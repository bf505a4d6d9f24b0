"""The one-stop forms: Vietnamese text back exactly, Noto Sans embedded, two copies of the slip, long
content wrapped and continued under repeated headers without leaving the margins, layouts from templates."""

import re
import subprocess
import unicodedata
import uuid
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from hcc_desktop.clock import LOCAL_TZ
from hcc_desktop.documents.a4 import vn_date, vn_time
from hcc_desktop.documents.forms import (Applicant, ApologyLetter, AppointmentSlip, Center, FormTemplate,
                                         FormTemplateError, Paper, RefusalNotice, SupplementRequest,
                                         apology_letter_pdf, appointment_slip_pdf, papers_from_procedure,
                                         refusal_notice_pdf, supplement_request_pdf)
from hcc_desktop.paths import resource_path

MM = 72 / 25.4
CENTER = Center("Trung tâm Phục vụ hành chính công xã Lạc Phương", "xã Lạc Phương", "thôn Đồng Râm", "0255 3861 234")
CITIZEN = Applicant("Nguyễn Thị Hồng Nhung", "thôn Gò Nghênh, xã Lạc Phương, tỉnh Quảng Ngãi", "0912 345 678")
PAPERS = (Paper("Tờ khai đăng ký khai sinh theo mẫu"), Paper("Giấy chứng sinh", "original", 1, "Trạm y tế xã"),
          Paper("Căn cước của cha hoặc mẹ", "certified", 1), Paper("Giấy chứng nhận kết hôn", "copy", 2,
                                                                   "Ủy ban nhân dân xã nơi đăng ký kết hôn"))
AT = datetime(2026, 11, 25, 8, 5, tzinfo=LOCAL_TZ)
SLIP = AppointmentSlip(CENTER, "HS-261125-001", CITIZEN, "Đăng ký khai sinh", PAPERS, AT,
                       datetime(2026, 11, 25, 16, 30, tzinfo=LOCAL_TZ), 0, 1, "tại Trung tâm", "Miễn lệ phí", "01",
                       27, "Đặng Văn Lâm")
SUPPLEMENT = SupplementRequest(CENTER, "HS-261125-003", CITIZEN, "Đăng ký kết hôn", PAPERS[1:],
                               "Hồ sơ thiếu giấy chứng sinh và giấy tờ chứng minh nơi cư trú.", AT, "Lê Thu Hà",
                               "0255 3861 234", "Lê Thu Hà")
REFUSAL = RefusalNotice(CENTER, CITIZEN, "Đăng ký hộ kinh doanh", "Thủ tục này không thuộc thẩm quyền của cấp xã.",
                        "Ông/bà nộp hồ sơ tại Phòng Tài chính - Kế hoạch hoặc trên Cổng dịch vụ công quốc gia.", AT,
                        "Đặng Văn Lâm")
APOLOGY = ApologyLetter(CENTER, "HS-261110-004", CITIZEN, "Trợ cấp xã hội hằng tháng",
                        datetime(2026, 11, 10, 9, 30, tzinfo=LOCAL_TZ), datetime(2026, 11, 20, 16, 0, tzinfo=LOCAL_TZ),
                        datetime(2026, 11, 27, 8, 0, tzinfo=LOCAL_TZ), "Cần xác minh thêm với cơ quan bảo hiểm xã hội.",
                        AT, signer_name="Nguyễn Thị Hường")
LONG_NAME = ("Tôn Nữ Thị Phương Thảo Nguyên Hoàng Bảo Châu Ngọc Diệp Khánh Linh Vân Anh Thục Quyên Mỹ Hạnh "
             "Bích Ngọc Thiên Hương")
LINK = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193-huong-dan"


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _pdf(tmp_path, data: bytes, name="form.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return " ".join(_run("pdftotext", *pages, str(path), "-").split())


def _pages(path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))


def _words(path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, (word, xMin, yMin, xMax, yMax) from pdftotext -bbox (y from the top)."""
    html = _run("pdftotext", "-bbox", str(path), "-")
    word = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [[(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(word, page)]
            for page in html.split("<page ")[1:]]


EXPECTED = {
    "slip": (appointment_slip_pdf, SLIP, (
        "ỦY BAN NHÂN DÂN XÃ LẠC PHƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Lạc Phương, ngày 25 tháng 11 năm 2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: HS-261125-001",
        "Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung", "Địa chỉ: thôn Gò Nghênh, xã Lạc Phương, tỉnh Quảng Ngãi",
        "Số điện thoại: 0912 345 678", "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh theo mẫu", "Bản sao chứng thực", "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định: trong ngày làm việc",
        "4. Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 25 tháng 11 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 25 tháng 11 năm 2026",
        "6. Đăng ký nhận kết quả: tại Trung tâm", "7. Phí, lệ phí: Miễn lệ phí",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 27", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)", "Đặng Văn Lâm")),
    "supplement": (supplement_request_pdf, SUPPLEMENT, (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Hồ sơ của: Nguyễn Thị Hồng Nhung",
        "Nội dung yêu cầu giải quyết: Đăng ký kết hôn", "Thành phần hồ sơ", "Số lượng", "Bản chính",
        "Bản sao chứng thực", "Bản photo", "Nơi xin bổ sung", "Trạm y tế xã",
        "Lý do: Hồ sơ thiếu giấy chứng sinh và giấy tờ chứng minh nơi cư trú.",
        "ông/bà liên hệ với Lê Thu Hà, số điện thoại 0255 3861 234 để được hướng dẫn./.", "NGƯỜI HƯỚNG DẪN")),
    "refusal": (refusal_notice_pdf, REFUSAL, (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung",
        "Nội dung yêu cầu giải quyết: Đăng ký hộ kinh doanh",
        "Trung tâm Phục vụ hành chính công xã Lạc Phương từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:",
        "Thủ tục này không thuộc thẩm quyền của cấp xã.",
        "Hướng dẫn: Ông/bà nộp hồ sơ tại Phòng Tài chính - Kế hoạch hoặc trên Cổng dịch vụ công quốc gia.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ", "Đặng Văn Lâm")),
    "apology": (apology_letter_pdf, APOLOGY, (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Kính gửi: Nguyễn Thị Hồng Nhung",
        "Vào 09 giờ 30 phút, ngày 10 tháng 11 năm 2026", "mã hồ sơ HS-261110-004",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả: 16 giờ 00 phút, ngày 20 tháng 11 năm 2026",
        "Lý do: Cần xác minh thêm với cơ quan bảo hiểm xã hội.",
        "Trung tâm Phục vụ hành chính công xã Lạc Phương thành thật xin lỗi ông/bà.",
        "cho ông/bà vào 08 giờ 00 phút, ngày 27 tháng 11 năm 2026", "GIÁM ĐỐC", "(Ký tên, đóng dấu)",
        "Nơi nhận:", "Nguyễn Thị Hường")),
}


def _nfd(value):
    """The same data with every string decomposed (NFD), as some keyboards type Vietnamese."""
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, tuple):
        return tuple(_nfd(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return replace(value, **{name: _nfd(getattr(value, name)) for name in value.__dataclass_fields__})
    return value


@pytest.mark.parametrize("name", EXPECTED)
@pytest.mark.parametrize("decomposed", [False, True], ids=["nfc", "nfd"])
def test_each_form_reads_back_exactly_in_nfc(tmp_path, name, decomposed):
    render, data, expected = EXPECTED[name]
    text = _text(_pdf(tmp_path, render(_nfd(data) if decomposed else data)))
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == []
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize("name", EXPECTED)
def test_each_form_embeds_only_noto_sans_on_a4(tmp_path, name):
    render, data, _ = EXPECTED[name]
    path = _pdf(tmp_path, render(data))
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(re.match(r"[A-Z]{6}\+NotoSans-(Regular|Bold)\s.*\byes\s+yes\s+yes\b", f) for f in fonts)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", _run("pdfinfo", str(path)))


def test_the_appointment_slip_has_two_copies_on_two_pages(tmp_path):
    path = _pdf(tmp_path, appointment_slip_pdf(SLIP))
    assert _pages(path) == 2
    first, second = _text(path, 1), _text(path, 2)
    assert "(Liên 1: Lưu)" in first and "Liên 2" not in first
    assert "(Liên 2: Giao người nộp hồ sơ)" in second and "Liên 1" not in second
    for page in (first, second):
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page and "Trang 1/1" in page


def _inside_and_apart(pages) -> None:
    """Every word within the margins (footer and running header in theirs) and no two words overlapping."""
    for words in pages:
        for word, x0, y0, x1, y1 in words:
            assert 30 * MM - 1 <= x0 and x1 <= (210 - 15) * MM + 1, word
            assert 8 * MM <= y0 and y1 <= (297 - 8) * MM, word
        boxes = sorted(words, key=lambda w: (w[2], w[1]))
        for i, (a, ax0, ay0, ax1, ay1) in enumerate(boxes):
            for b, bx0, by0, bx1, by1 in boxes[i + 1:]:
                if by0 > ay1:
                    break
                overlap_y = min(ay1, by1) - max(ay0, by0)
                assert not (min(ax1, bx1) - max(ax0, bx0) > 0.5 and overlap_y > 0.15 * (ay1 - ay0)), (a, b)


def test_many_papers_and_a_long_name_wrap_and_continue_under_repeated_headers(tmp_path):
    papers = tuple(Paper(f"Giấy tờ số {i}: bản kê khai chi tiết thông tin nhân thân và quá trình công tác",
                         ("original", "certified", "copy")[i % 3], i % 3 + 1) for i in range(1, 17))
    papers += (Paper(f"Hướng dẫn tại {LINK}", "copy"),)
    slip = replace(SLIP, applicant=Applicant(LONG_NAME, LONG_NAME), papers=papers, procedure_name=LONG_NAME)
    path = _pdf(tmp_path, appointment_slip_pdf(slip))
    pages = _pages(path)
    assert pages == 4  # each copy: two pages
    for page, copy in ((1, "Liên 1: Lưu"), (2, "Liên 1: Lưu"), (3, "Liên 2"), (4, "Liên 2")):
        assert copy in _text(path, page)
    continued = _text(path, 2)
    assert "TT Tên giấy tờ Loại bản Số lượng" in continued  # the table's header again
    assert "Giấy tờ số 16" in continued and "Trang 2/2" in continued
    assert "Trung tâm Phục vụ hành chính công xã Lạc Phương — Giấy tiếp nhận hồ sơ" in continued
    whole = _text(path, 1) + " " + continued
    assert all(f"Giấy tờ số {i}:" in whole for i in range(1, 17))
    assert "".join(whole.split()).count("".join(LONG_NAME.split())) >= 3  # name, address, signature
    words = _words(path)
    assert LINK in "".join(w[0] for w in words[1])  # cut between letters (pdftotext -raw would drop a hyphen)
    _inside_and_apart(words)


def test_every_form_stays_inside_the_margins_with_long_values(tmp_path):
    long = Applicant(LONG_NAME, LONG_NAME + ", " + LONG_NAME, "0912 345 678 / 0255 3861 234", LINK)
    for render, data, _ in EXPECTED.values():
        path = _pdf(tmp_path, render(replace(data, applicant=long, procedure_name=LONG_NAME)))
        _inside_and_apart(_words(path))


def test_supplement_quantities_sit_under_their_copy_kind(tmp_path):
    path = _pdf(tmp_path, supplement_request_pdf(replace(SUPPLEMENT, missing=(Paper("Giấy A", "copy", 7),
                                                                             Paper("Giấy B", "certified", 5)))))
    words = _words(path)[0]

    def column(label: str) -> tuple[float, float]:
        return next((x0, x1) for w, x0, _, x1, _ in words if w == label)

    def x_of(word: str) -> float:
        return next((x0 + x1) / 2 for w, x0, _, x1, _ in words if w == word)

    photo, certified = column("photo"), column("thực")
    assert photo[0] - 10 < x_of("7") < photo[1] + 10
    assert certified[0] - 15 < x_of("5") < certified[1] + 15


def test_values_are_never_read_as_markup(tmp_path):
    odd = replace(SLIP, applicant=replace(CITIZEN, name="Hà <b>Anh</b> & {citizen_name}"))
    assert "Hà <b>Anh</b> & {citizen_name}" in _text(_pdf(tmp_path, appointment_slip_pdf(odd)))


def test_empty_values_print_a_dotted_line_to_fill_in(tmp_path):
    blank = replace(SLIP, fee="", book_volume="", book_number=None, processing_days=None)
    text = _text(_pdf(tmp_path, appointment_slip_pdf(blank)))
    assert "7. Phí, lệ phí: …………………" in text
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: …………………, Số thứ tự: …………………" in text


def _copy_template(tmp_path, name: str, change) -> FormTemplate:
    source = resource_path("forms", f"{name}.toml").read_text(encoding="utf-8")
    target = tmp_path / f"{name}.toml"
    target.write_text(change(source), encoding="utf-8")
    return FormTemplate.load(target)


def test_the_template_file_drives_the_layout(tmp_path):
    template = _copy_template(tmp_path, "appointment_slip", lambda text: text.replace(
        'lines = ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"]', 'lines = ["GIẤY BIÊN NHẬN HỒ SƠ"]').replace(
        'copies = ["Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ"]', 'copies = ["Bản lưu"]'))
    path = _pdf(tmp_path, appointment_slip_pdf(SLIP, template))
    text = _text(path)
    assert "GIẤY BIÊN NHẬN HỒ SƠ" in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN" not in text
    assert "(Bản lưu)" in text and _pages(path) == 1


def test_a_template_with_an_unknown_field_or_block_is_refused_by_name(tmp_path):
    wrong_field = _copy_template(tmp_path, "refusal_notice", lambda t: t.replace("{guidance}", "{huong_dan}"))
    with pytest.raises(FormTemplateError, match="huong_dan"):
        refusal_notice_pdf(REFUSAL, wrong_field)
    (tmp_path / "bad.toml").write_text('[[blocks]]\nkind = "picture"\n', encoding="utf-8")
    with pytest.raises(FormTemplateError, match="picture"):
        FormTemplate.load(tmp_path / "bad.toml")
    (tmp_path / "bad.toml").write_text('[[blocks]]\nkind = "field"\nvalue = "{center}"\n', encoding="utf-8")
    with pytest.raises(FormTemplateError, match="label"):
        FormTemplate.load(tmp_path / "bad.toml")


def test_shipped_templates_state_their_basis_and_are_marked_unverified():
    for name in ("appointment_slip", "supplement_request", "refusal_notice", "apology_letter"):
        template = FormTemplate.load(resource_path("forms", f"{name}.toml"))
        assert template.meta["basis"] == "Thông tư 01/2018/TT-VPCP"
        assert template.meta["verified"] is False and "cần kiểm tra" in template.meta["status"]


def test_dates_and_times_are_written_the_administrative_way():
    assert vn_date(date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
    assert vn_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vn_date(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert vn_time(datetime(2026, 11, 25, 8, 5)) == "08 giờ 05 phút"


def test_the_slip_is_built_from_a_received_dossier(tmp_path):
    from hcc_desktop.services.catalog_data import DocumentInfo, ProcedureInfo
    from hcc_desktop.services.dossiers import DossierInfo, DossierStatus

    docs = (DocumentInfo(uuid.uuid4(), 0, "Tờ khai", "original", 1, "", True),
            DocumentInfo(uuid.uuid4(), 1, "Giấy chứng sinh", "certified", 1, "Trạm y tế", True))
    procedure = ProcedureInfo(uuid.uuid4(), "1.001193", "Đăng ký khai sinh", "Hộ tịch", None, True, "", "", "", "",
                              False, True, "", AT, docs)
    received = datetime(2026, 11, 24, 18, 5, tzinfo=timezone.utc)  # stored in UTC, printed in local time
    dossier = DossierInfo(uuid.uuid4(), "HS-261125-009", uuid.uuid4(), CITIZEN.name, procedure.id, procedure.code,
                          procedure.name, DossierStatus.RECEIVED, "counter", "", received, AT.replace(hour=16),
                          None, None, "post", "thôn Đồng Râm", "8.000 đồng", 2, "")
    slip = AppointmentSlip.from_dossier(CENTER, dossier, CITIZEN, procedure, clerk_name="Đặng Văn Lâm")
    assert slip.papers == (Paper("Tờ khai"), Paper("Giấy chứng sinh", "certified", 1, "Trạm y tế"))
    assert papers_from_procedure(procedure, [docs[1].id]) == slip.papers[1:]
    text = _text(_pdf(tmp_path, appointment_slip_pdf(slip)))
    for phrase in ("Mã hồ sơ: HS-261125-009", "2. Số lượng hồ sơ: 02 bộ", "trong ngày làm việc",
                   "6. Đăng ký nhận kết quả: qua bưu chính công ích (thôn Đồng Râm)", "7. Phí, lệ phí: 8.000 đồng",
                   "4. Thời gian nhận hồ sơ: 01 giờ 05 phút, ngày 25 tháng 11 năm 2026"):
        assert phrase in text


def test_the_shared_a4_module_builds_a_long_ruled_list(tmp_path):
    from hcc_desktop.documents.a4 import Cell, Column, build_pdf, para, table

    head = [[Cell("TT", rows=2), Cell("Mã hồ sơ", rows=2), Cell("Thời gian", cols=2)], [Cell("Nhận"), Cell("Hẹn trả")]]
    rows = [[str(i), f"HS-261125-{i:03d}", "25/11/2026", "27/11/2026"] for i in range(1, 121)]
    units = para("SỔ THEO DÕI HỒ SƠ", "title") + table(
        [Column(1, "center"), Column(4), Column(2, "center"), Column(2, "center")], head, rows)
    path = _pdf(tmp_path, build_pdf(units, title="Sổ theo dõi hồ sơ", center_name=CENTER.name, footer="Quyển 01",
                                    running_header="always"))
    pages = _pages(path)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = _text(path, page)
        assert text.startswith("Trung tâm Phục vụ hành chính công xã Lạc Phương — Sổ theo dõi hồ sơ")
        assert "TT Mã hồ sơ Thời gian Nhận Hẹn trả" in text and f"Quyển 01 Trang {page}/{pages}" in text
    everything = " ".join(_text(path, p) for p in range(1, pages + 1))
    assert all(f"HS-261125-{i:03d}" in everything for i in range(1, 121))
    _inside_and_apart(_words(path))


def test_a_row_taller_than_a_page_is_cut_between_lines(tmp_path):
    from hcc_desktop.documents.a4 import Cell, Column, build_pdf, table

    units = table([Column(1, "center"), Column(9)], [[Cell("TT"), Cell("Nội dung")]], [["1", "ghi chú " * 1500]])
    path = _pdf(tmp_path, build_pdf(units, title="Ghi chú", center_name=CENTER.name))
    assert _pages(path) >= 2
    everything = " ".join(_text(path, p) for p in range(1, _pages(path) + 1))
    assert everything.count("ghi chú") == 1500
    _inside_and_apart(_words(path))
