"""Every setting, declared once: key, type, default, Vietnamese label, help.

Values are stored in the database (so they are backed up and audited with
everything else); :class:`hcc_desktop.services.settings.SettingsService`
reads and writes them. Code reads typed values through :class:`SettingsView`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any, Callable

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.text import clean

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError
    return clean(raw)


def _required_text(raw: Any) -> str:
    value = _text(raw)
    if not value:
        raise ValueError
    return value


def _text_list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace(";", "\n").split("\n")
    if not isinstance(raw, list):
        raise ValueError
    items = [clean(str(item)) for item in raw]
    items = [item for item in items if item]
    if len(set(items)) != len(items):
        raise ValueError
    return items


def _nonempty_text_list(raw: Any) -> list[str]:
    items = _text_list(raw)
    if not items:
        raise ValueError
    return items


def _time(raw: Any) -> str:
    match = _TIME.match(clean(str(raw)))
    if not match:
        raise ValueError
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _weekdays(raw: Any) -> list[int]:
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[,\s]+", raw) if part]
    days = sorted({int(day) for day in raw})
    if not days or any(day < 0 or day > 6 for day in days):
        raise ValueError
    return days


def _int_between(low: int, high: int) -> Callable[[Any], int]:
    def parse(raw: Any) -> int:
        if isinstance(raw, bool):
            raise ValueError
        value = int(str(raw).strip())
        if not low <= value <= high:
            raise ValueError
        return value

    return parse


def _prefix(raw: Any) -> str:
    value = clean(str(raw)).upper()
    if not 1 <= len(value) <= 2 or not value.isalpha():
        raise ValueError
    return value


def _prefix_long(raw: Any) -> str:
    value = clean(str(raw)).upper()
    if not 1 <= len(value) <= 4 or not (value.isascii() and value.isalpha()):
        raise ValueError
    return value


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    raise ValueError


@dataclass(frozen=True)
class SettingDef:
    key: str
    kind: str  # text, text_list, time, weekdays, int, bool, printer — tells the UI which editor to use
    default: Any
    label: str
    help: str
    parse: Callable[[Any], Any]
    group: str = field(default="center")
    error: str = field(default="")

    def coerce(self, raw: Any) -> Any:
        try:
            return self.parse(raw)
        except (ValueError, TypeError) as exc:
            raise ValidationError(self.error or tr("Giá trị của “{label}” không hợp lệ.", label=self.label), self.key) from exc


def _def(key, kind, default, label, help, parse, group="center", error=""):
    return SettingDef(key, kind, default, label, help, parse, group, error)


SETTINGS: tuple[SettingDef, ...] = (
    _def("center_name", "text", "Trung tâm Phục vụ hành chính công xã",
         tr("Tên Trung tâm"), tr("In trên phiếu, giấy hẹn, báo cáo và bảng hiển thị."), _required_text,
         error=tr("Tên Trung tâm không được để trống.")),
    _def("commune", "text", "", tr("Xã"), tr("Tên xã, ví dụ: xã Lạc Phương."), _text),
    _def("province", "text", "", tr("Tỉnh / thành phố"), tr("Tên tỉnh hoặc thành phố trực thuộc trung ương."), _text),
    _def("center_address", "text", "", tr("Địa chỉ Trung tâm"), tr("In trên giấy hẹn và tài liệu hướng dẫn."), _text),
    _def("center_phone", "text", "", tr("Số điện thoại Trung tâm"), tr("Số người dân gọi để hỏi kết quả."), _text),
    _def("counters", "text_list", ["Quầy 1"], tr("Các quầy"),
         tr("Mỗi dòng một quầy, ví dụ: Quầy 1, Bàn hướng dẫn."), _nonempty_text_list,
         error=tr("Cần ít nhất một quầy, và tên các quầy không được trùng nhau.")),
    _def("villages", "text_list", [], tr("Thôn / bon / ấp"), tr("Mỗi dòng một thôn, bon hoặc ấp của xã."), _text_list,
         error=tr("Tên thôn không được trùng nhau.")),
    _def("morning_open", "time", "07:30", tr("Giờ mở cửa buổi sáng"), tr("Định dạng GG:PP"), _time, "hours",
         tr("Giờ phải theo dạng GG:PP, ví dụ 07:30.")),
    _def("morning_close", "time", "11:30", tr("Giờ nghỉ trưa"), tr("Định dạng GG:PP"), _time, "hours",
         tr("Giờ phải theo dạng GG:PP, ví dụ 11:30.")),
    _def("afternoon_open", "time", "13:30", tr("Giờ mở cửa buổi chiều"), tr("Định dạng GG:PP"), _time, "hours",
         tr("Giờ phải theo dạng GG:PP, ví dụ 13:30.")),
    _def("afternoon_close", "time", "17:00", tr("Giờ đóng cửa"), tr("Định dạng GG:PP"), _time, "hours",
         tr("Giờ phải theo dạng GG:PP, ví dụ 17:00.")),
    _def("working_weekdays", "weekdays", [0, 1, 2, 3, 4], tr("Ngày làm việc trong tuần"),
         tr("0 = Thứ Hai … 6 = Chủ nhật."), _weekdays, "hours",
         tr("Chọn ít nhất một ngày làm việc trong tuần.")),
    _def("dossier_prefix", "text", "HS", tr("Chữ đầu mã hồ sơ"),
         tr("Máy đi phục vụ lưu động nên dùng chữ khác (ví dụ LD) để mã hồ sơ không trùng khi gộp dữ liệu."),
         _prefix_long, "center", tr("Chữ đầu mã hồ sơ gồm 1–4 chữ cái không dấu.")),
    _def("same_day_cutoff", "time", "15:00", tr("Giờ chốt nhận hồ sơ trả trong ngày"),
         tr("Hồ sơ giải quyết trong ngày nhận sau giờ này được hẹn trả ngày làm việc tiếp theo."), _time, "hours",
         tr("Giờ phải theo dạng GG:PP, ví dụ 15:00.")),
    _def("supplement_restarts_deadline", "bool", True, tr("Tính lại hạn trả khi nhận đủ hồ sơ bổ sung"),
         tr("Hồ sơ phải bổ sung: thời hạn giải quyết tính lại từ ngày nhận đủ giấy tờ, và trong thời gian chờ "
            "người dân bổ sung hồ sơ không bị tính là quá hạn (quy định một cửa, Nghị định 61/2018/NĐ-CP — "
            "cần kiểm tra)."), _bool, "hours"),
    _def("queue_max_regular_wait", "int", 30, tr("Người thường chờ quá (phút) thì được gọi trước"),
         tr("Số thường đã chờ từ chừng này phút được gọi trước các số ưu tiên tiếp theo. 0 = tắt."),
         _int_between(0, 240), "queue", tr("Số phút phải từ 0 đến 240.")),
    _def("queue_priority_streak", "int", 3, tr("Sau bao nhiêu lượt ưu tiên liên tiếp thì gọi một số thường"),
         tr("Sau chừng này lượt gọi ưu tiên liên tiếp, số thường chờ lâu nhất được gọi. 0 = tắt."),
         _int_between(0, 20), "queue", tr("Số lượt phải từ 0 đến 20.")),
    _def("queue_recall_limit", "int", 2, tr("Số lần gọi lại trước khi đánh dấu vắng"),
         tr("Sau chừng này lần gọi lại mà người dân không đến, số được đánh dấu vắng mặt."),
         _int_between(0, 10), "queue", tr("Số lần phải từ 0 đến 10.")),
    _def("queue_prefix_head", "text", "Đ", tr("Chữ đầu số ưu tiên đặc biệt"), tr("1–2 chữ cái, ví dụ Đ."),
         _prefix, "queue", tr("Chữ đầu số gồm 1–2 chữ cái.")),
    _def("queue_prefix_priority", "text", "U", tr("Chữ đầu số ưu tiên"), tr("1–2 chữ cái, ví dụ U."),
         _prefix, "queue", tr("Chữ đầu số gồm 1–2 chữ cái.")),
    _def("queue_prefix_regular", "text", "T", tr("Chữ đầu số thường"), tr("1–2 chữ cái, ví dụ T."),
         _prefix, "queue", tr("Chữ đầu số gồm 1–2 chữ cái.")),
    _def("ticket_printer", "printer", "", tr("Máy in phiếu số thứ tự"),
         tr("Tên máy in nhiệt 80 mm. Để trống: không in, số được hiện to để ghi ra giấy."), _text, "devices"),
    _def("display_screen", "int", 1, tr("Màn hình bảng hiển thị"),
         tr("Số thứ tự màn hình (0 = màn hình chính, 1 = màn hình thứ hai)."), _int_between(0, 8), "devices",
         tr("Số màn hình phải từ 0 đến 8.")),
    _def("board_notice", "text", "", tr("Thông báo chạy trên bảng hiển thị"),
         tr("Ví dụ: ngày phục vụ lưu động tiếp theo và nơi đến. Ngày nghỉ lễ trong 2 tuần tới được thêm tự động."),
         _text, "devices"),
    _def("announce_chime", "bool", True, tr("Phát tiếng chuông khi gọi số"), tr("Chuông báo trước mỗi lượt gọi."),
         _bool, "devices"),
    _def("announce_voice", "bool", True, tr("Đọc số bằng giọng nói"),
         tr("Đọc “Mời số … đến …” nếu máy có giọng tiếng Việt."), _bool, "devices"),
    _def("retention_years", "int", 5, tr("Ẩn danh hồ sơ đã xong sau (năm)"),
         tr("Dữ liệu cá nhân chỉ giữ trong thời gian cần thiết (Luật Bảo vệ dữ liệu cá nhân 91/2025, "
            "Nghị định 356/2025). Người dân không còn việc gì đang mở và không có gì mới sau số năm này thì "
            "được ẩn danh (Hệ thống → Lưu giữ dữ liệu cá nhân). 0 = không ẩn danh. Số năm cụ thể cần kiểm tra "
            "theo quy định lưu trữ hồ sơ."), _int_between(0, 50), "center", tr("Số năm phải từ 0 đến 50.")),
    _def("elderly_age", "int", 60, tr("Tuổi được coi là người cao tuổi"),
         tr("Luật Người cao tuổi 2009, Điều 2: từ đủ 60 tuổi. Dùng để tự nhận biết từ năm sinh."),
         _int_between(50, 100), "queue", tr("Tuổi phải từ 50 đến 100.")),
    _def("login_max_failures", "int", 5, tr("Số lần nhập sai mật khẩu liên tiếp thì khóa tạm"),
         tr("Nhập sai chừng này lần liên tiếp, tài khoản bị khóa tạm thời. 0 = không khóa."),
         _int_between(0, 20), "security", tr("Số lần phải từ 0 đến 20.")),
    _def("login_lock_minutes", "int", 15, tr("Thời gian khóa tạm (phút)"),
         tr("Sau thời gian này tài khoản tự mở; phụ trách Trung tâm có thể mở sớm hơn."),
         _int_between(1, 1440), "security", tr("Số phút phải từ 1 đến 1440.")),
    _def("idle_lock_minutes", "int", 10, tr("Tự khóa màn hình khi không dùng (phút)"),
         tr("Không có thao tác trong chừng này phút thì màn hình làm việc được che, cần nhập lại mật khẩu; "
            "bảng hiển thị phòng chờ vẫn chạy. 0 = tắt."),
         _int_between(0, 240), "security", tr("Số phút phải từ 0 đến 240.")),
)

SETTINGS += (
    _def("backup_keep", "int", 14, tr("Số bản sao lưu giữ lại"),
         tr("Giữ chừng này bản sao lưu mới nhất (hằng ngày, theo yêu cầu, trước khi nhập, trước khi khôi phục); "
            "bản sao lưu trước khi nâng cấp được giữ 90 ngày. Bản mới nhất không bao giờ bị xóa."),
         _int_between(1, 365), "backup", tr("Số bản phải từ 1 đến 365.")),
    _def("backup_second_dir", "text", "", tr("Thư mục sao lưu thứ hai"),
         tr("Ví dụ ổ USB hoặc ổ mạng (E:\\SaoLuu). Mỗi bản sao lưu được chép thêm vào đây; nếu thư mục không có "
            "(chưa cắm USB) thì vẫn giữ bản trong máy và báo rõ. Để trống: không chép."), _text, "backup"),
    _def("backup_warn_hours", "int", 26, tr("Cảnh báo khi bản sao lưu cũ hơn (giờ)"),
         tr("Thanh trạng thái tô đỏ khi bản sao lưu gần nhất cũ hơn chừng này giờ hoặc chưa có bản nào."),
         _int_between(1, 24 * 30), "backup", tr("Số giờ phải từ 1 đến 720.")),
)

BY_KEY: dict[str, SettingDef] = {d.key: d for d in SETTINGS}


def definition(key: str) -> SettingDef:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValidationError(tr("Không có thiết lập “{key}”.", key=key), key) from None


class SettingsView:
    """Typed, read-only values of every setting (defaults filled in)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = {d.key: values.get(d.key, d.default) for d in SETTINGS}

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def hours(self) -> tuple[tuple[time, time], tuple[time, time]]:
        def t(key: str) -> time:
            return time.fromisoformat(self._values[key])

        return (t("morning_open"), t("morning_close")), (t("afternoon_open"), t("afternoon_close"))
