"""The playbook papers print correct Vietnamese: wall cards (one page each), the paper kit, the referral slip,
the missing-papers slip (unverified offices marked "cần kiểm tra") and the large-print guide."""

from datetime import date

import pytest

from hcc_desktop.errors import ValidationError
from hcc_desktop.services import continuity_papers as papers
from hcc_desktop.services.incidents import ApplyInput
from hcc_desktop.services.queue import IssueRequest
from tests.test_forms import _pages, _pdf, _run, _text


@pytest.fixture
def center(services, supervisor):
    services.settings.update(supervisor, {"center_name": "Trung tâm Phục vụ hành chính công xã Lạc Phương",
                                          "commune": "xã Lạc Phương", "center_phone": "0220 3 888 999"})
    return services


def test_wall_cards_one_page_per_scenario(center, tmp_path):
    path = _pdf(tmp_path, papers.playbook_cards(center))
    assert _pages(path) == 12
    third = _text(path, 3)
    assert "NGƯỜI DÂN KHÔNG CÓ TÀI KHOẢN VNEID HOẶC CHƯA ĐỊNH DANH" in third
    assert "Công an xã xác minh nhân thân, cấp lại mã định danh" in third
    assert "Đoàn Thanh niên hỗ trợ thao tác, lập tài khoản dịch vụ công" in _text(path, 4)
    assert "NGƯỜI DÂN PHẢN ÁNH, BỨC XÚC" in _text(path, 12)
    assert "NotoSans-Bold" in _run("pdffonts", str(path)) and " yes yes yes " in _run("pdffonts", str(path))


def test_paper_kit_continues_todays_numbering(center, supervisor, tmp_path):
    for reason in ("none", "none", "elderly"):
        center.queue.issue(supervisor, IssueRequest(reason_code=reason))
    path = _pdf(tmp_path, papers.paper_kit(center, supervisor))
    text = _text(path)
    assert "BẢNG HÀNG CHỜ GIẤY (KHI MẤT ĐIỆN)" in text and "SỔ TIẾP NHẬN GIẤY (KHI MẤT ĐIỆN)" in text
    assert "T003" in text and "U002" in text and "Đ001" in text
    assert "T001" not in text and "U001" not in text  # already issued today
    assert "PHIẾU SỐ THỨ TỰ (GIẤY)" in text


def test_referral_slip_says_where_what_to_bring_and_when_to_return(center, clerk, tmp_path):
    applied = center.continuity.incidents.apply(clerk, ApplyInput(
        "no_vneid", note="Chưa định danh điện tử", citizen_name="Hoàng Thị Lan", return_on=date(2026, 11, 27)))
    text = _text(_pdf(tmp_path, papers.referral_slip(center, clerk, applied.referral.id)))
    for part in ("GIẤY GIỚI THIỆU VÀ HẸN QUAY LẠI", "GT-261125-001", "Hoàng Thị Lan", "Công an xã",
                 "(cần kiểm tra)", "Thẻ Căn cước / Căn cước công dân gắn chip (bản chính)",
                 "số điện thoại chính chủ", "ngày 27 tháng 11 năm 2026", "ưu tiên", "Lạc Phương, ngày 25 tháng 11"):
        assert part in text, part


def test_missing_papers_slip_lists_where_and_how_to_obtain_each(center, clerk, tmp_path):
    procedure = center.catalog.procedure("1.001193")
    form = procedure.documents[0]
    text = _text(_pdf(tmp_path, papers.missing_papers(center, clerk, procedure.id, [form.id], "Lê Văn Tám",
                                                       date(2026, 11, 27))))
    assert "PHIẾU HƯỚNG DẪN BỔ SUNG GIẤY TỜ CÒN THIẾU" in text and "Đăng ký khai sinh" in text
    assert "Giấy chứng sinh" in text and "Trạm Y tế xã" in text and "cần kiểm tra" in text
    assert form.name not in text  # the one brought is not asked for
    with pytest.raises(ValidationError, match="đủ giấy tờ"):
        papers.missing_papers(center, clerk, procedure.id, [d.id for d in procedure.documents])


def test_large_print_guide_body_is_at_least_16_points(center, tmp_path):
    procedure = center.catalog.procedure("1.001193")
    path = _pdf(tmp_path, papers.large_print_guide(center, procedure.id))
    text = _text(path)
    assert "HƯỚNG DẪN: ĐĂNG KÝ KHAI SINH" in text and "Giấy chứng sinh" in text and "Các bước" in text
    from hcc_desktop.documents.continuity import LARGE

    assert min(style.size for style in LARGE.values()) >= 16
