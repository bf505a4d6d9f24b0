"""The audit trail in words a supervisor reads."""

from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.audit_text import ACTIONS, action_label, detail_text, subject_text


def test_every_action_has_a_vietnamese_label_and_a_place_in_the_filter():
    assert set(ACTIONS) == {a.value for a in AuditAction}
    assert all(action_label(code) != code for code in ACTIONS)
    assert AuditAction.LOCKOUT.label == "khóa tạm do nhập sai mật khẩu"


def test_subjects_name_the_account_or_a_short_number():
    uid = "0f3e2d1c-0000-4000-8000-000000000001"
    assert subject_text(f"user:{uid}", {uid: "congchuc1"}) == "tài khoản congchuc1"
    assert subject_text(f"citizen:{uid}") == "công dân #0f3e2d1c"
    assert subject_text("settings") == "cài đặt" and subject_text("") == ""


def test_details_are_plain_sentences_with_setting_labels_and_old_to_new():
    assert detail_text({"created": "tnv1", "role": "volunteer"}) == "tạo tài khoản: tnv1; vai trò: tình nguyện viên"
    assert detail_text({"active": False}) == "đang dùng: không"
    assert detail_text({"login_max_failures": {"old": 5, "new": 3}}) == \
        "Số lần nhập sai mật khẩu liên tiếp thì khóa tạm: 5 → 3"
    assert detail_text({"phone": "changed"}) == "số điện thoại: đã đổi"
