"""What the printed guides need: the large-print procedure guide, the online-submission step sheet and
the leaflet of a guidance or mobile service day. No personal data: every role may print them.

The procedure's values come from the catalog (with its verified flag), the center's address and hours
from the settings, the portal steps and the leaflet's fixed words from ``resources/guides/*.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.paths import resource_path
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.catalog import CatalogService, ProcedureInfo
from hcc_desktop.services.dossiers import DELIVERIES
from hcc_desktop.text import clean

WEEKDAYS = (tr("Thứ Hai"), tr("Thứ Ba"), tr("Thứ Tư"), tr("Thứ Năm"), tr("Thứ Sáu"), tr("Thứ Bảy"), tr("Chủ nhật"))
LEAFLET_KINDS = ("guidance", "mobile")
MAX_LEAFLET_PROCEDURES = 12


@dataclass(frozen=True)
class CenterInfo:
    name: str
    address: str
    phone: str
    hours: str  # "Thứ Hai – Thứ Sáu: sáng 07:30–11:30, chiều 13:30–17:00"


@dataclass(frozen=True)
class GuidePaper:
    name: str
    copy_kind: str  # original | copy | certified
    quantity: int
    where_to_obtain: str
    required: bool


@dataclass(frozen=True)
class GuideData:
    center: CenterInfo
    code: str
    name: str
    purpose: str
    who_may_apply: str
    papers: tuple[GuidePaper, ...]
    processing: str  # "" when the catalog has no time on record
    fee: str
    agency: str
    result_return: str  # the catalog's, or where the center hands results back
    verified: bool
    updated: date


@dataclass(frozen=True)
class Step:
    text: str  # may hold <b> markup (the resource file's, not people's input)
    note: str = ""
    verified: bool = False


@dataclass(frozen=True)
class StepsData:
    center: CenterInfo
    code: str
    name: str
    portal: str
    prepare: tuple[Step, ...]
    papers: tuple[GuidePaper, ...]
    steps: tuple[Step, ...]
    write_down: tuple[tuple[str, int], ...]  # (label, lines to write in)
    basis: str
    verified: bool  # the steps file and the procedure both verified


@dataclass(frozen=True)
class LeafletInput:
    kind: str  # guidance | mobile
    day: date
    start: str  # "08:00"
    end: str  # "11:30"
    place: str
    procedure_codes: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class LeafletProcedure:
    name: str
    papers: tuple[str, ...]  # the required papers' names
    verified: bool


@dataclass(frozen=True)
class LeafletData:
    center: CenterInfo
    title: str
    intro: str
    day: date
    start: str
    end: str
    place: str
    bring: tuple[str, ...]
    procedures: tuple[LeafletProcedure, ...]
    note: str


@lru_cache(maxsize=4)
def _resource(name: str, stamp: float) -> dict:
    return tomllib.loads(resource_path("guides", name).read_text(encoding="utf-8"))


def load_resource(name: str) -> dict:
    """``resources/guides/<name>`` (read again when the file changes)."""
    path = resource_path("guides", name)
    try:
        return _resource(name, path.stat().st_mtime)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise NotFound(tr("Không đọc được tệp hướng dẫn “{p}”: {e}", p=name, e=exc)) from exc


def _hm(raw: str, label: str, field: str) -> str:
    try:
        return time.fromisoformat(clean(raw)).strftime("%H:%M")
    except ValueError:
        raise ValidationError(tr("{label} phải theo dạng GG:PP, ví dụ 07:30.", label=label), field) from None


class GuideService:
    def __init__(self, catalog: CatalogService, settings) -> None:
        self._catalog, self._settings = catalog, settings

    def center(self) -> CenterInfo:
        view = self._settings.view()
        days = sorted(view.working_weekdays)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
            span = f"{WEEKDAYS[days[0]]} – {WEEKDAYS[days[-1]]}"
        else:
            span = ", ".join(WEEKDAYS[d] for d in days)
        hours = tr("{days}: sáng {a}–{b}, chiều {c}–{d}", days=span, a=view.morning_open, b=view.morning_close,
                   c=view.afternoon_open, d=view.afternoon_close)
        return CenterInfo(view.center_name, view.center_address, view.center_phone, hours)

    def _procedure(self, code: str) -> ProcedureInfo:
        if not clean(code):
            raise ValidationError(tr("Hãy chọn thủ tục cần in."), "procedure")
        return self._catalog.procedure(code)

    @staticmethod
    def _papers(procedure: ProcedureInfo) -> tuple[GuidePaper, ...]:
        return tuple(GuidePaper(d.name, d.copy_kind, d.quantity, d.where_to_obtain, d.required)
                     for d in procedure.documents)

    def guide(self, actor: Actor, code: str) -> GuideData:
        require_role(actor, *Role)
        p = self._procedure(code)
        view = self._settings.view()
        if p.same_day:
            processing = tr("Trả kết quả trong ngày làm việc; hồ sơ nhận sau {t} thì trả vào ngày làm việc tiếp "
                            "theo.", t=view.same_day_cutoff)
        elif p.processing_days is not None:
            processing = tr("{n} ngày làm việc, tính từ khi nhận đủ hồ sơ hợp lệ.", n=p.processing_days)
        else:
            processing = ""
        center = self.center()
        where = p.result_return or tr("{a} (theo ngày hẹn trên giấy tiếp nhận), hoặc {b} nếu đăng ký khi nộp "
                                      "hồ sơ.", a=DELIVERIES["center"], b=DELIVERIES["post"])
        return GuideData(center, p.code, p.name, p.purpose, p.who_may_apply, self._papers(p), processing, p.fee,
                         p.agency, where, p.verified, p.updated_at.date())

    def steps(self, actor: Actor, code: str) -> StepsData:
        require_role(actor, *Role)
        p = self._procedure(code)
        raw = load_resource("online_steps.toml")
        extra = raw.get("procedures", {}).get(p.code, {})

        def steps_of(items) -> tuple[Step, ...]:
            return tuple(Step(i["text"], i.get("note", ""), bool(i.get("verified", False))) for i in items)

        meta = raw.get("meta", {})
        return StepsData(self.center(), p.code, p.name, meta.get("portal", ""),
                         steps_of([*raw.get("prepare", ()), *extra.get("prepare", ())]), self._papers(p),
                         steps_of([*raw.get("steps", ()), *extra.get("steps_after", ())]),
                         tuple((w["label"], int(w.get("lines", 1))) for w in raw.get("write_down", ())),
                         meta.get("basis", ""), bool(meta.get("verified", False)) and p.verified)

    def leaflet(self, actor: Actor, data: LeafletInput) -> LeafletData:
        require_role(actor, *Role)
        if data.kind not in LEAFLET_KINDS:
            raise ValidationError(tr("Hãy chọn loại tờ rơi."), "kind")
        place = clean(data.place)
        if not place:
            raise ValidationError(tr("Hãy nhập địa điểm."), "place")
        if len(place) > 200:
            raise ValidationError(tr("Địa điểm dài quá {n} ký tự.", n=200), "place")
        start, end = _hm(data.start, tr("Giờ bắt đầu"), "start"), _hm(data.end, tr("Giờ kết thúc"), "end")
        if end <= start:
            raise ValidationError(tr("Giờ kết thúc phải sau giờ bắt đầu."), "end")
        codes = list(dict.fromkeys(clean(c) for c in data.procedure_codes if clean(c)))
        if not codes:
            raise ValidationError(tr("Hãy chọn ít nhất một thủ tục được phục vụ."), "procedures")
        if len(codes) > MAX_LEAFLET_PROCEDURES:
            raise ValidationError(tr("Một tờ rơi ghi tối đa {n} thủ tục.", n=MAX_LEAFLET_PROCEDURES), "procedures")
        procedures = [self._catalog.procedure(c) for c in codes]
        raw = load_resource("leaflet.toml")
        kind = raw.get("kinds", {}).get(data.kind, {})
        return LeafletData(self.center(), kind.get("title", ""), kind.get("intro", ""), data.day, start, end, place,
                           tuple(b["text"] for b in raw.get("bring", ())),
                           tuple(LeafletProcedure(p.name, tuple(d.name for d in p.documents if d.required),
                                                  p.verified) for p in procedures),
                           clean(data.note, multiline=True)[:500])

    def guide_pdf(self, actor: Actor, code: str, progress=None) -> bytes:
        from hcc_desktop.documents.guides import guide_pdf

        return guide_pdf(self.guide(actor, code), progress)

    def steps_pdf(self, actor: Actor, code: str, progress=None) -> bytes:
        from hcc_desktop.documents.guides import steps_pdf

        return steps_pdf(self.steps(actor, code), progress)

    def leaflet_pdf(self, actor: Actor, data: LeafletInput, progress=None) -> bytes:
        from hcc_desktop.documents.guides import leaflet_pdf

        return leaflet_pdf(self.leaflet(actor, data), progress)
