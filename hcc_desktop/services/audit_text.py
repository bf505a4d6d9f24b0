"""The audit trail in words: action names, subjects and details as a supervisor reads them.

Plain Python (no database, no Qt) so the viewer can use it before the services load and
tests can check it alone. :class:`hcc_desktop.services.audit.AuditAction` takes its labels
from here.
"""

from __future__ import annotations

from typing import Any, Mapping

from hcc_desktop.i18n import tr


def action_label(code: str) -> str:
    labels = {
        "login": tr("đăng nhập"),
        "login_failed": tr("đăng nhập sai"),
        "logout": tr("đăng xuất"),
        "view_id": tr("xem số định danh đầy đủ"),
        "create": tr("tạo mới"),
        "edit": tr("sửa"),
        "delete": tr("xóa"),
        "print": tr("in giấy tờ có thông tin cá nhân"),
        "export": tr("xuất dữ liệu"),
        "import": tr("nhập dữ liệu"),
        "settings": tr("đổi cài đặt"),
        "account": tr("quản lý tài khoản"),
        "backup": tr("sao lưu"),
        "restore": tr("khôi phục"),
        "lockout": tr("khóa tạm do nhập sai mật khẩu"),
        "unlock": tr("mở khóa tài khoản"),
    }
    return labels.get(code, code)


ACTIONS = ("login", "login_failed", "logout", "lockout", "unlock", "view_id", "create", "edit", "delete", "print",
           "export", "import", "settings", "account", "backup", "restore")


def _kinds() -> dict[str, str]:
    return {"citizen": tr("công dân"), "user": tr("tài khoản"), "dossier": tr("hồ sơ"), "visit": tr("lượt hỗ trợ"),
            "ticket": tr("số thứ tự"), "procedure": tr("thủ tục"), "referral": tr("giấy giới thiệu"),
            "incident": tr("tình huống"), "complaint": tr("phản ánh")}


def subject_text(subject: str, names: Mapping[str, str] | None = None) -> str:
    """``user:<uuid>`` → "tài khoản congchuc1" (from ``names``), ``citizen:<uuid>`` → "công dân #1a2b3c4d"."""
    if not subject:
        return ""
    if subject == "settings":
        return tr("cài đặt")
    kind, _, ident = subject.partition(":")
    label = _kinds().get(kind)
    if label is None or not ident:
        return subject
    if names and ident in names:
        return f"{label} {names[ident]}"
    return f"{label} #{ident.replace('-', '')[:8]}"


def _keys() -> dict[str, str]:
    return {"created": tr("tạo tài khoản"), "role": tr("vai trò"), "active": tr("đang dùng"),
            "password": tr("mật khẩu"), "in_a_row": tr("lần sai liên tiếp"), "failures": tr("số lần sai"),
            "minutes": tr("khóa (phút)"), "was_locked": tr("đang bị khóa tạm"), "refused": tr("từ chối"),
            "checked": tr("kiểm tra"), "document": tr("giấy tờ"), "output": tr("cách xuất"),
            "full_name": tr("họ và tên"), "cccd": tr("số định danh"), "phone": tr("số điện thoại"),
            "address": tr("địa chỉ"), "village": tr("thôn"), "birth_year": tr("năm sinh"),
            "consent": tr("đồng ý lưu thông tin"), "note": tr("ghi chú")}


def _words() -> dict[str, str]:
    return {"changed": tr("đã đổi"), "locked": tr("tài khoản đang khóa tạm"), "at start-up": tr("lúc khởi động"),
            "clerk": tr("công chức tiếp nhận"), "volunteer": tr("tình nguyện viên"),
            "supervisor": tr("phụ trách Trung tâm"), "admin": tr("quản trị hệ thống"),
            "daily_log": tr("sổ nhật ký phục vụ"), "record_book": tr("sổ theo dõi hồ sơ")}


def _value(value: Any) -> str:
    if value is True:
        return tr("có")
    if value is False:
        return tr("không")
    if value is None or value == "":
        return tr("(trống)")
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return _words().get(str(value), str(value))


def _key(key: str) -> str:
    label = _keys().get(key)
    if label is not None:
        return label
    from hcc_desktop.settings import BY_KEY  # setting keys in a settings change

    return BY_KEY[key].label if key in BY_KEY else key


def detail_text(detail: Mapping[str, Any]) -> str:
    """One line: "vai trò: công chức tiếp nhận; giờ mở cửa buổi sáng: 07:30 → 08:00"."""
    parts = []
    for key, value in detail.items():
        if isinstance(value, dict) and set(value) <= {"old", "new"}:
            text = f"{_value(value.get('old'))} → {_value(value.get('new'))}"
        else:
            text = _value(value)
        parts.append(f"{_key(key)}: {text}")
    return "; ".join(parts)
