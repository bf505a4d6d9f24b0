"""The words of a visit: who the person is (gender, VNeID, vulnerabilities), the help given,
the outcomes, how a dossier is submitted and returned, the satisfaction levels.

Plain Python (no database): the counter's widgets are built from these before the
services have loaded. ``citizens``, ``visits`` and ``dossiers`` re-export them.
"""

from __future__ import annotations

from enum import StrEnum

from hcc_desktop.i18n import tr


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = ""

    @property
    def label(self) -> str:
        return {"male": tr("nam"), "female": tr("nữ"), "": tr("chưa rõ")}[self.value]


class Vulnerability(StrEnum):
    ELDERLY = "elderly"
    DISABLED = "disabled"
    ILLITERATE = "illiterate"
    LANGUAGE = "language"
    NOT_TECH_SAVVY = "not_tech_savvy"
    LIVING_ALONE = "living_alone"
    POOR = "poor"
    NEAR_POOR = "near_poor"
    MERIT = "merit"
    REMOTE = "remote"

    @property
    def label(self) -> str:
        return {
            "elderly": tr("người cao tuổi"),
            "disabled": tr("người khuyết tật"),
            "illiterate": tr("không biết chữ"),
            "language": tr("hạn chế tiếng Việt, cần người phiên dịch"),
            "not_tech_savvy": tr("không thạo điện thoại, máy tính"),
            "living_alone": tr("sống một mình, không nơi nương tựa"),
            "poor": tr("hộ nghèo"),
            "near_poor": tr("hộ cận nghèo"),
            "merit": tr("người có công với cách mạng"),
            "remote": tr("ở xa, vùng đi lại khó khăn"),
        }[self.value]


class DisabilityType(StrEnum):
    """Dạng tật (Luật Người khuyết tật 2010, Điều 3)."""

    MOBILITY = "mobility"
    HEARING_SPEECH = "hearing_speech"
    VISION = "vision"
    MENTAL = "mental"
    INTELLECTUAL = "intellectual"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"mobility": tr("khuyết tật vận động"), "hearing_speech": tr("khuyết tật nghe, nói"),
                "vision": tr("khuyết tật nhìn"), "mental": tr("khuyết tật thần kinh, tâm thần"),
                "intellectual": tr("khuyết tật trí tuệ"), "other": tr("khuyết tật khác")}[self.value]


class DisabilityLevel(StrEnum):
    """Mức độ khuyết tật (Luật Người khuyết tật 2010, Điều 3)."""

    VERY_SEVERE = "very_severe"
    SEVERE = "severe"
    MILD = "mild"

    @property
    def label(self) -> str:
        return {"very_severe": tr("đặc biệt nặng"), "severe": tr("nặng"), "mild": tr("nhẹ")}[self.value]


class Vneid(StrEnum):
    NONE = "none"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"none": tr("chưa có tài khoản VNeID"), "level1": tr("VNeID mức 1"),
                "level2": tr("VNeID mức 2"), "unknown": tr("chưa rõ")}[self.value]


SUPPORT = {
    "guided": tr("hướng dẫn trực tiếp"), "wrote_form": tr("viết hộ tờ khai"),
    "online_entry": tr("nhập liệu / nộp hồ sơ trực tuyến hộ"), "account": tr("tạo tài khoản dịch vụ công"),
    "payment": tr("thanh toán trực tuyến"), "lookup": tr("tra cứu"), "other": tr("hỗ trợ khác"),
}
OUTCOMES = {
    "received": tr("đã tiếp nhận hồ sơ"), "guided_only": tr("chỉ hướng dẫn"),
    "bring_papers": tr("hẹn quay lại mang đủ giấy tờ"), "referred": tr("giới thiệu đến nơi khác"),
}
LEVELS = {5: tr("Rất hài lòng"), 4: tr("Hài lòng"), 3: tr("Bình thường"), 2: tr("Không hài lòng"),
          1: tr("Rất không hài lòng")}
CHANNELS = {"counter": tr("tại quầy"), "online_assisted": tr("nộp trực tuyến có hỗ trợ"), "home": tr("tại nhà"),
            "mobile": tr("phục vụ lưu động"), "post": tr("qua bưu chính")}
DELIVERIES = {"center": tr("tại Trung tâm"), "post": tr("qua bưu chính công ích"), "home": tr("tại nhà"),
              "mobile": tr("tại buổi phục vụ lưu động tiếp theo")}
