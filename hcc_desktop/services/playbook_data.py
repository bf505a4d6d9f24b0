"""Plain data of the scenario playbooks and of the offices people are sent to: dataclasses, input checks,
and the shipped originals (``resources/playbooks/*.toml``). No database here."""

from __future__ import annotations

import json
import tomllib
import uuid
from dataclasses import dataclass
from functools import cache

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.paths import resource_path
from hcc_desktop.text import clean, fold

ACTIONS = ("", "power", "referral", "feedback", "complaint", "offline", "missing_papers", "large_print")
MAX_STEPS = 20


def action_label(action: str) -> str:
    return {"": tr("ghi nhận tình huống"), "power": tr("bộ phiếu giấy, nhập bù khi có điện"),
            "referral": tr("giới thiệu đến nơi khác, hẹn quay lại"),
            "feedback": tr("gửi hệ thống phản ánh kiến nghị"), "complaint": tr("ghi nhận phản ánh"),
            "offline": tr("chờ nộp trực tuyến khi có mạng"), "missing_papers": tr("phiếu giấy tờ còn thiếu"),
            "large_print": tr("hướng dẫn chữ lớn, đọc to")}[action]


@dataclass(frozen=True)
class PlaybookInput:
    code: str
    title: str
    difficulty: str = ""
    handling: str = ""
    responsible: str = ""
    steps: tuple[str, ...] = ()
    record: str = ""
    action: str = ""
    office: str = ""
    bring: str = ""
    source: str = ""
    plan_row: int | None = None
    active: bool = True


@dataclass(frozen=True)
class PlaybookInfo:
    id: uuid.UUID
    code: str
    position: int
    plan_row: int | None
    title: str
    difficulty: str
    handling: str
    responsible: str
    steps: tuple[str, ...]
    record: str
    action: str
    office: str
    bring: str
    source: str
    active: bool
    edited: bool  # differs from the shipped original

    @property
    def bring_list(self) -> tuple[str, ...]:
        return tuple(line for line in self.bring.split("\n") if line.strip())


@dataclass(frozen=True)
class OfficeInput:
    code: str
    name: str
    address: str = ""
    hours: str = ""
    phone: str = ""
    matches: tuple[str, ...] = ()
    note: str = ""
    verified: bool = False
    active: bool = True


@dataclass(frozen=True)
class OfficeInfo:
    id: uuid.UUID
    code: str
    name: str
    address: str
    hours: str
    phone: str
    matches: tuple[str, ...]
    note: str
    verified: bool
    active: bool

    def status(self) -> str:
        return tr("đã kiểm tra") if self.verified else tr("cần kiểm tra")

    def serves(self, where: str) -> bool:
        """Whether a paper's "nơi cấp" text names this office."""
        key = fold(where)
        return any(fold(word) in key for word in self.matches if word)


def _text(value, label: str, field: str, limit: int, *, required: bool = False, multiline: bool = True) -> str:
    text = clean(value, multiline=multiline)
    if required and not text:
        raise ValidationError(tr("{label} không được để trống.", label=label), field)
    if len(text) > limit:
        raise ValidationError(tr("{label} dài quá {n} ký tự.", label=label, n=limit), field)
    return text


def validate_playbook(data: PlaybookInput) -> dict:
    """Column values of a playbook; an empty title or checklist is refused."""
    steps = [clean(s) for s in data.steps]
    steps = [s for s in steps if s]
    if not steps:
        raise ValidationError(tr("Kịch bản cần ít nhất một bước xử lý."), "steps")
    if len(steps) > MAX_STEPS:
        raise ValidationError(tr("Một kịch bản có tối đa {n} bước.", n=MAX_STEPS), "steps")
    if any(len(s) > 500 for s in steps):
        raise ValidationError(tr("Mỗi bước dài tối đa 500 ký tự."), "steps")
    if data.action not in ACTIONS:
        raise ValidationError(tr("Cách theo dõi của kịch bản không hợp lệ."), "action")
    if data.action in ("referral", "feedback") and not clean(data.office):
        raise ValidationError(tr("Kịch bản giới thiệu đến nơi khác cần chọn nơi giới thiệu."), "office")
    return dict(title=_text(data.title, tr("Tên tình huống"), "title", 300, required=True, multiline=False),
                difficulty=_text(data.difficulty, tr("Khó khăn"), "difficulty", 2000),
                handling=_text(data.handling, tr("Cách xử lý"), "handling", 2000),
                responsible=_text(data.responsible, tr("Người thực hiện"), "responsible", 1000),
                steps_json=json.dumps(steps, ensure_ascii=False),
                record_hint=_text(data.record, tr("Nội dung cần ghi lại"), "record", 2000),
                action=data.action, office_code=clean(data.office)[:32],
                bring=_text(data.bring, tr("Giấy tờ cần mang"), "bring", 2000),
                source=_text(data.source, tr("Nguồn"), "source", 500), active=bool(data.active))


def validate_office(data: OfficeInput) -> dict:
    matches = [clean(m) for m in data.matches if clean(m)]
    return dict(name=_text(data.name, tr("Tên nơi giới thiệu"), "name", 200, required=True, multiline=False),
                address=_text(data.address, tr("Địa chỉ"), "address", 500),
                hours=_text(data.hours, tr("Giờ làm việc"), "hours", 500),
                phone=_text(data.phone, tr("Số điện thoại"), "phone", 60, multiline=False),
                matches="\n".join(matches), note=_text(data.note, tr("Ghi chú"), "note", 2000),
                verified=bool(data.verified), active=bool(data.active))


def _load(name: str, key: str) -> list[dict]:
    with open(resource_path("playbooks", name), "rb") as handle:
        return tomllib.load(handle)[key]


@cache
def shipped_playbooks() -> tuple[PlaybookInput, ...]:
    """The twelve scenarios as shipped (resources/playbooks/playbooks.toml), in order."""
    return tuple(PlaybookInput(
        code=item["code"], title=item["title"], difficulty=item.get("difficulty", ""),
        handling=item.get("handling", ""), responsible=item.get("responsible", ""), steps=tuple(item["steps"]),
        record=item.get("record", ""), action=item.get("action", ""), office=item.get("office", ""),
        bring=item.get("bring", ""), source=item.get("source", ""), plan_row=item.get("plan_row"))
        for item in _load("playbooks.toml", "playbooks"))


@cache
def shipped_offices() -> tuple[OfficeInput, ...]:
    return tuple(OfficeInput(
        code=item["code"], name=item["name"], address=item.get("address", ""), hours=item.get("hours", ""),
        phone=item.get("phone", ""), matches=tuple(item.get("matches", ())), note=item.get("note", ""),
        verified=bool(item.get("verified", False))) for item in _load("offices.toml", "offices"))
