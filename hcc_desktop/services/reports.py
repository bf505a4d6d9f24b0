"""Reports of a period: the plan's figures, and the Excel workbook sent upward.

The figures (people helped by priority group and by kind of help, dossiers, online
submissions assisted, satisfaction, waiting times) come from SQL over the period's
records; the workbook streams its detail rows straight from the database into
openpyxl's write-only mode, so memory stays flat whatever the number of rows.

Profiles: ``aggregate`` (figures only, no personal data: what goes upward),
``detail`` (with visits, dossiers and surveys, CCCD masked) and ``full`` (CCCD in
full: a supervisor's explicit choice, recorded as such in the audit trail).
New figures are one more :class:`Figure` in :meth:`ReportService.summary`; give them
a stable key (consolidation adds workbooks figure by figure).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, func, select

from hcc_desktop import __version__
from hcc_desktop.clock import LOCAL_TZ, to_local
from hcc_desktop.documents.report_xlsx import (DetailColumn, DetailSheet, Figure, ReportDocument, Section,
                                               write_report)
from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.audit import AuditAction, AuditService
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.services.dossiers import CHANNELS, OPEN, DossierStatus
from hcc_desktop.services.package_file import AtomicFile, Cancelled
from hcc_desktop.services.validators import mask_cccd
from hcc_desktop.services.visits import LEVELS, OUTCOMES, SUPPORT
from hcc_desktop.storage import migrations
from hcc_desktop.storage.case_models import Citizen, Dossier, DossierEvent, Procedure, Survey, Visit
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import QueueTicket, UserAccount
from hcc_desktop.storage.sql import minutes_between

PROFILES = {"aggregate": tr("chỉ số liệu tổng hợp (không có thông tin cá nhân)"),
            "detail": tr("kèm danh sách chi tiết, CCCD che bớt"),
            "full": tr("kèm danh sách chi tiết, CCCD đầy đủ")}
MAX_DAYS = 3660
V, T, C, P, U = (Visit.__table__, QueueTicket.__table__, Citizen.__table__, Procedure.__table__,
                 UserAccount.__table__)
D, EV, SV = Dossier.__table__, DossierEvent.__table__, Survey.__table__
_START, _END = bindparam("start"), bindparam("end")
_IN_PERIOD = (V.c.status == "completed", V.c.started_at >= _START, V.c.started_at < _END)
# grouped in the database: a period of 100,000 visits comes back as a few dozen rows
_BY_GROUP = (select(T.c.reason_code, func.max(T.c.reason_label), func.count())
             .select_from(V.outerjoin(T, T.c.id == V.c.ticket_id)).where(*_IN_PERIOD).group_by(T.c.reason_code))
_BY_SUPPORT = select(V.c.support, func.count()).where(*_IN_PERIOD).group_by(V.c.support)
_BY_OUTCOME = select(V.c.outcome, func.count()).where(*_IN_PERIOD).group_by(V.c.outcome)
_PEOPLE = select(func.count(func.distinct(V.c.citizen_id))).where(*_IN_PERIOD)
_ABANDONED = select(func.count()).select_from(V).where(V.c.status == "abandoned", V.c.started_at >= _START,
                                                       V.c.started_at < _END)
_RECEIVED = (select(D.c.channel, func.count()).where(D.c.received_at >= _START, D.c.received_at < _END)
             .group_by(D.c.channel))
_RESOLVED = select(D.c.resolved_at <= D.c.due_at, func.count()).where(
    D.c.resolved_at >= _START, D.c.resolved_at < _END).group_by(D.c.resolved_at <= D.c.due_at)
_OVERDUE = select(func.count()).select_from(D).where(D.c.status.in_([s.value for s in OPEN]),
                                                     D.c.due_at < bindparam("limit"))
_MOVED = (select(EV.c.to_status, func.count(func.distinct(EV.c.dossier_id)))
          .where(EV.c.at >= _START, EV.c.at < _END, EV.c.kind == "status").group_by(EV.c.to_status))
_SURVEYS = (select(SV.c.level, SV.c.trips, SV.c.skipped, func.count()).select_from(SV.join(V, V.c.id == SV.c.visit_id))
            .where(V.c.started_at >= _START, V.c.started_at < _END).group_by(SV.c.level, SV.c.trips, SV.c.skipped))
_WAIT_WHERE = (T.c.service_day >= bindparam("first"), T.c.service_day <= bindparam("last"),
               T.c.called_at.is_not(None))
_VISIT_ROWS = (select(V.c.started_at, V.c.finished_at, T.c.prefix, T.c.number, T.c.reason_label, C.c.full_name,
                      C.c.cccd, C.c.birth_year, C.c.village, P.c.name, V.c.support, V.c.outcome, U.c.full_name,
                      V.c.status)
               .select_from(V.outerjoin(T, T.c.id == V.c.ticket_id).outerjoin(C, C.c.id == V.c.citizen_id)
                            .outerjoin(P, P.c.id == V.c.procedure_id).outerjoin(U, U.c.id == V.c.helper_id))
               .where(V.c.status != "draft", V.c.started_at >= _START, V.c.started_at < _END)
               .order_by(V.c.started_at))
_VISIT_COUNT = select(func.count()).select_from(V).where(V.c.status != "draft", V.c.started_at >= _START,
                                                         V.c.started_at < _END)
_DOSSIER_ROWS = (select(D.c.code, P.c.name, C.c.full_name, C.c.cccd, D.c.channel, D.c.received_at, D.c.due_at,
                        D.c.resolved_at, D.c.returned_at, D.c.status)
                 .select_from(D.join(P, P.c.id == D.c.procedure_id).join(C, C.c.id == D.c.citizen_id))
                 .where(D.c.received_at >= _START, D.c.received_at < _END).order_by(D.c.received_at))
_DOSSIER_COUNT = select(func.count()).select_from(D).where(D.c.received_at >= _START, D.c.received_at < _END)
_SURVEY_ROWS = (select(V.c.started_at, SV.c.level, SV.c.trips, SV.c.comment, SV.c.skipped)
                .select_from(SV.join(V, V.c.id == SV.c.visit_id))
                .where(V.c.started_at >= _START, V.c.started_at < _END).order_by(V.c.started_at))
_SURVEY_COUNT = select(func.count()).select_from(SV.join(V, V.c.id == SV.c.visit_id)).where(
    V.c.started_at >= _START, V.c.started_at < _END)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValidationError(tr("Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ."), "period")
        if (self.last - self.first).days > MAX_DAYS:
            raise ValidationError(tr("Kỳ báo cáo dài quá {n} ngày.", n=MAX_DAYS), "period")

    @classmethod
    def day(cls, day: date) -> "Period":
        return cls(day, day)

    @classmethod
    def week(cls, day: date) -> "Period":
        start = day - timedelta(days=day.weekday())
        return cls(start, start + timedelta(days=6))

    @classmethod
    def month(cls, day: date) -> "Period":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return cls(start, following - timedelta(days=1))

    @property
    def start(self) -> datetime:
        return datetime(self.first.year, self.first.month, self.first.day, tzinfo=LOCAL_TZ)

    @property
    def end(self) -> datetime:
        after = self.last + timedelta(days=1)
        return datetime(after.year, after.month, after.day, tzinfo=LOCAL_TZ)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return tr("ngày {d}", d=f"{self.first:%d/%m/%Y}")
        return tr("từ ngày {a} đến ngày {b}", a=f"{self.first:%d/%m/%Y}", b=f"{self.last:%d/%m/%Y}")


@dataclass(frozen=True)
class ReportSummary:
    period: Period
    center: str
    commune: str
    province: str
    generated_at: datetime
    sections: tuple[Section, ...]
    demo: bool

    def figure(self, key: str):
        for section in self.sections:
            for fig in section.figures:
                if fig.key == key:
                    return fig.value
        raise KeyError(key)


@dataclass(frozen=True)
class ReportFile:
    path: Path
    rows: dict[str, int]
    checksum: str


def _local(value: datetime | None) -> datetime | None:
    """A stored UTC time as the center's wall-clock time, to the second (Excel has no time zones)."""
    if value is None:
        return None
    return to_local(value).replace(tzinfo=None, microsecond=0)


def _minutes(a: datetime | None, b: datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return max(0.0, (b - a).total_seconds() / 60)


def _sec(key: str, title: str, figures: list[Figure], chart: bool = False) -> Section:
    return Section(key, title, tuple(figures), chart)


class ReportService:
    def __init__(self, db: Database, audit: AuditService, settings, exchange) -> None:
        self._db = db
        self._audit = audit
        self._settings = settings
        self._exchange = exchange

    # -- figures --------------------------------------------------------------
    def summary(self, actor: Actor, period: Period) -> ReportSummary:
        require_role(actor, *MANAGERS)
        params = {"start": period.start, "end": period.end}
        with self._db.read_core() as conn:
            sections = [*self._visit_sections(conn, params), self._dossier_section(conn, period, params),
                        *self._survey_sections(conn, params), self._wait_section(conn, period)]
        view = self._settings.view()
        return ReportSummary(period, view.center_name, view.commune, view.province, self._db.clock.now(),
                             tuple(sections), self._db.is_demo())

    def _visit_sections(self, conn, params) -> list[Section]:
        groups, labels, support, outcomes = {}, {}, {}, {}
        for code, label, n in conn.execute(_BY_GROUP, params):
            groups[code or "no_ticket"] = n
            labels[code or "no_ticket"] = label or tr("không lấy số thứ tự")
        for codes, n in conn.execute(_BY_SUPPORT, params):
            for code in codes.split(","):
                if code:
                    support[code] = support.get(code, 0) + n
        outcomes = dict(conn.execute(_BY_OUTCOME, params).all())
        total = sum(groups.values())
        people = conn.scalar(_PEOPLE, params) or 0
        abandoned = conn.scalar(_ABANDONED, params) or 0
        u_visit = tr("lượt")
        return [
            _sec("visits", tr("Lượt hỗ trợ"), [
                Figure("visits.completed", tr("Lượt hỗ trợ đã hoàn thành"), total, u_visit),
                Figure("visits.people", tr("Số người được hỗ trợ (không tính trùng)"), people, tr("người")),
                Figure("visits.abandoned", tr("Lượt người dân bỏ về trước khi được hỗ trợ"), abandoned, u_visit)]),
            _sec("priority", tr("Lượt hỗ trợ theo nhóm ưu tiên"), [
                Figure(f"priority.{code}", labels[code], n, u_visit) for code, n in sorted(
                    groups.items(), key=lambda item: (-item[1], item[0]))], chart=True),
            _sec("support", tr("Lượt hỗ trợ theo hình thức (một lượt có thể nhiều hình thức)"), [
                Figure(f"support.{code}", label, support.get(code, 0), u_visit) for code, label in SUPPORT.items()],
                chart=True),
            _sec("outcome", tr("Kết quả lượt hỗ trợ"), [
                Figure(f"outcome.{code}", label, outcomes.get(code, 0), u_visit) for code, label in OUTCOMES.items()]),
        ]

    def _dossier_section(self, conn, period: Period, params) -> Section:
        received = dict(conn.execute(_RECEIVED, params).all())
        resolved = {bool(k): n for k, n in conn.execute(_RESOLVED, params).all()}
        moved = dict(conn.execute(_MOVED, params).all())
        limit = min(period.end, self._db.clock.now())
        overdue = conn.scalar(_OVERDUE, {"limit": limit}) or 0
        u_dossier = tr("hồ sơ")
        return _sec("dossiers", tr("Hồ sơ"), [
            Figure("dossiers.received", tr("Hồ sơ tiếp nhận trong kỳ"), sum(received.values()), u_dossier),
            *[Figure(f"dossiers.channel.{code}", tr("  trong đó {c}", c=label), received.get(code, 0), u_dossier)
              for code, label in CHANNELS.items()],
            Figure("dossiers.resolved_on_time", tr("Hồ sơ giải quyết đúng hạn"), resolved.get(True, 0), u_dossier),
            Figure("dossiers.resolved_late", tr("Hồ sơ giải quyết quá hạn"), resolved.get(False, 0), u_dossier),
            Figure("dossiers.overdue_open", tr("Hồ sơ đang quá hạn, chưa có kết quả (cuối kỳ)"), overdue, u_dossier,
                   "sum"),
            Figure("dossiers.needs_supplement", tr("Hồ sơ phải bổ sung, hoàn thiện"),
                   moved.get(DossierStatus.NEEDS_SUPPLEMENT.value, 0), u_dossier),
            Figure("dossiers.refused", tr("Hồ sơ từ chối tiếp nhận / giải quyết"),
                   moved.get(DossierStatus.REFUSED.value, 0), u_dossier),
            Figure("dossiers.returned", tr("Hồ sơ đã trả kết quả"), moved.get(DossierStatus.RETURNED.value, 0), u_dossier),
        ])

    def _survey_sections(self, conn, params) -> list[Section]:
        levels, trips, skipped = Counter(), Counter(), 0
        for level, trip, skip, n in conn.execute(_SURVEYS, params):
            if skip or level is None:
                skipped += n
                continue
            levels[level] += n
            if trip is not None:
                trips[trip] += n
        answered = sum(levels.values())
        satisfied = round(100.0 * (levels[5] + levels[4]) / answered, 1) if answered else None
        u_form = tr("phiếu")
        return [
            _sec("satisfaction", tr("Mức độ hài lòng"), [
                *[Figure(f"survey.level{n}", LEVELS[n], levels.get(n, 0), u_form) for n in (5, 4, 3, 2, 1)]],
                chart=True),
            _sec("satisfaction_total", tr("Đánh giá: tổng hợp"), [
                Figure("survey.answered", tr("Số người trả lời"), answered, u_form),
                Figure("survey.skipped", tr("Số người không đánh giá"), skipped, u_form),
                Figure("survey.satisfied_pct", tr("Tỷ lệ hài lòng và rất hài lòng"), satisfied, "%",
                       "mean:survey.answered"),
                Figure("survey.trips0", tr("Không phải đi lại thêm lần nào"), trips.get(0, 0), u_form),
                Figure("survey.trips1", tr("Đi lại thêm 1 lần"), trips.get(1, 0), u_form),
                Figure("survey.trips2", tr("Đi lại thêm từ 2 lần"), trips.get(2, 0), u_form)]),
        ]

    def _wait_section(self, conn, period: Period) -> Section:
        waits: dict[str, list[float]] = {"head": [], "priority": [], "regular": []}
        service: list[float] = []
        name = conn.dialect.name
        query = select(T.c.tier, minutes_between(name, T.c.issued_at, T.c.called_at),
                       minutes_between(name, T.c.started_at, T.c.finished_at)).where(*_WAIT_WHERE)
        for tier, waited, spent in conn.execute(query, {"first": period.first, "last": period.last}):
            waits.setdefault(tier, []).append(max(0.0, waited))
            if spent is not None:
                service.append(max(0.0, spent))
        every = [w for values in waits.values() for w in values]
        u_min = tr("phút")

        def mean(values):
            return round(statistics.fmean(values), 1) if values else None

        names = {"head": tr("ưu tiên đặc biệt"), "priority": tr("ưu tiên"), "regular": tr("thường")}
        return _sec("waits", tr("Thời gian chờ và phục vụ"), [
            Figure("waits.count", tr("Số lượt được gọi"), len(every), tr("lượt")),
            Figure("waits.mean", tr("Thời gian chờ trung bình"), mean(every), u_min, "mean:waits.count"),
            Figure("waits.median", tr("Thời gian chờ trung vị"),
                   round(statistics.median(every), 1) if every else None, u_min, "none"),
            Figure("waits.p90", tr("9/10 người chờ không quá"),
                   round(statistics.quantiles(every, n=10)[-1], 1) if len(every) >= 2 else None, u_min, "none"),
            Figure("waits.max", tr("Thời gian chờ lâu nhất"), round(max(every), 1) if every else None, u_min, "max"),
            *[f for tier in ("head", "priority", "regular") for f in (
                Figure(f"waits.count.{tier}", tr("Số lượt được gọi — {t}", t=names[tier]), len(waits[tier]),
                       tr("lượt")),
                Figure(f"waits.mean.{tier}", tr("Chờ trung bình — {t}", t=names[tier]), mean(waits[tier]), u_min,
                       f"mean:waits.count.{tier}"))],
            Figure("service.count", tr("Số lượt phục vụ xong có giờ bắt đầu và kết thúc"), len(service),
                   tr("lượt")),
            Figure("service.mean", tr("Thời gian phục vụ trung bình"), mean(service), u_min, "mean:service.count"),
        ])

    # -- the workbook -----------------------------------------------------------
    def export_workbook(self, actor: Actor, period: Period, path: Path, *, profile: str = "detail",
                        context=None) -> ReportFile:
        """Write the report to ``path`` (temporary name, flushed, renamed); list it in the outbox; audit it."""
        require_role(actor, *MANAGERS)
        if profile not in PROFILES:
            raise ValidationError(tr("Kiểu báo cáo không hợp lệ: {p}.", p=profile), "profile")
        summary = self.summary(actor, period)
        params = {"start": period.start, "end": period.end}
        path = Path(path)
        with self._db.read_core() as conn:
            details = [] if profile == "aggregate" else self._details(conn, params, profile == "full")
            total = sum(d.expected for d in details)

            def progress(done: int) -> None:
                if context is not None:
                    if context.cancelled:
                        raise Cancelled()
                    context.report(done, total)

            doc = ReportDocument(tr("BÁO CÁO KẾT QUẢ HỖ TRỢ NGƯỜI DÂN"),
                                 tr("{center} — {period}", center=summary.center, period=period.label),
                                 summary.sections, details, self._manifest(actor, summary, profile))
            with AtomicFile(path) as tmp:
                rows, checksum = write_report(tmp, doc, on_rows=progress)
        from hcc_desktop.services.exchange import _file_sha256

        digest = _file_sha256(path)
        with self._db.write_core() as conn:
            file_id = self._exchange.record_report(conn, actor, path, profile, period.first, period.last,
                                                   sum(rows.values()), digest, rows)
            self._audit.append(conn, actor, AuditAction.EXPORT, f"report:{file_id}", {
                "kind": "report", "profile": profile, "full_id_numbers": profile == "full",
                "first": period.first.isoformat(), "last": period.last.isoformat(), "rows": rows})
        return ReportFile(path, rows, checksum)

    def _manifest(self, actor: Actor, summary: ReportSummary, profile: str) -> list[tuple[str, str, object]]:
        return [("center", tr("Trung tâm"), summary.center), ("commune", tr("Xã"), summary.commune),
                ("province", tr("Tỉnh / thành phố"), summary.province),
                ("device_id", tr("Mã máy"), self._db.device_id.hex),
                ("first", tr("Từ ngày"), summary.period.first), ("last", tr("Đến ngày"), summary.period.last),
                ("generated_at", tr("Lập lúc"), _local(summary.generated_at)),
                ("generated_by", tr("Người lập"), actor.full_name),
                ("program_version", tr("Phiên bản chương trình"), __version__),
                ("schema", tr("Cấu trúc dữ liệu"), migrations.HEAD),
                ("profile", tr("Phạm vi"), f"{profile}: {PROFILES[profile]}"),
                ("demo", tr("Dữ liệu mẫu"), tr("Có — không phải số liệu thật") if summary.demo else tr("Không"))]

    def _details(self, conn, params, full: bool) -> list[DetailSheet]:
        mask = (lambda n: n or "") if full else mask_cccd
        when, day = DetailColumn(tr("Giờ"), 17), DetailColumn(tr("Ngày"), 11)
        visits = DetailSheet(tr("Lượt hỗ trợ"), (
            day, DetailColumn(tr("Bắt đầu"), 17), DetailColumn(tr("Kết thúc"), 17),
            DetailColumn(tr("Số thứ tự"), 9), DetailColumn(tr("Nhóm ưu tiên"), 22),
            DetailColumn(tr("Người được hỗ trợ"), 24), DetailColumn(tr("CCCD"), 14), DetailColumn(tr("Năm sinh"), 9),
            DetailColumn(tr("Thôn / bon"), 16), DetailColumn(tr("Thủ tục"), 36),
            DetailColumn(tr("Hình thức hỗ trợ"), 36), DetailColumn(tr("Kết quả"), 24),
            DetailColumn(tr("Người hỗ trợ"), 22), DetailColumn(tr("Số phút"), 8), DetailColumn(tr("Trạng thái"), 12)),
            self._visit_rows(conn, params, mask), conn.scalar(_VISIT_COUNT, params) or 0)
        dossiers = DetailSheet(tr("Hồ sơ"), (
            DetailColumn(tr("Mã hồ sơ"), 16), DetailColumn(tr("Thủ tục"), 36), DetailColumn(tr("Người nộp"), 24),
            DetailColumn(tr("CCCD"), 14), DetailColumn(tr("Hình thức nộp"), 20),
            DetailColumn(tr("Tiếp nhận"), 17), DetailColumn(tr("Hẹn trả"), 17),
            DetailColumn(tr("Có kết quả"), 17), DetailColumn(tr("Đã trả"), 17),
            DetailColumn(tr("Trạng thái"), 16), DetailColumn(tr("Đúng hạn"), 10)),
            self._dossier_rows(conn, params, mask), conn.scalar(_DOSSIER_COUNT, params) or 0)
        surveys = DetailSheet(tr("Đánh giá"), (
            when, DetailColumn(tr("Mức (1–5)"), 9), DetailColumn(tr("Đánh giá"), 20),
            DetailColumn(tr("Số lần đi lại thêm"), 10), DetailColumn(tr("Ý kiến"), 60),
            DetailColumn(tr("Không đánh giá"), 10)),
            self._survey_rows(conn, params), conn.scalar(_SURVEY_COUNT, params) or 0)
        return [visits, dossiers, surveys]

    @staticmethod
    def _visit_rows(conn, params, mask):
        statuses = {"completed": tr("hoàn thành"), "abandoned": tr("bỏ về")}
        result = conn.execution_options(yield_per=2000).execute(_VISIT_ROWS, params)
        for (started, finished, prefix, number, group, name, cccd, year, village, procedure, support, outcome,
             helper, status) in result:
            start = _local(started)
            spent = _minutes(started, finished)
            yield (start.date(), start, _local(finished), f"{prefix}{number:03d}" if prefix else None, group,
                   name, mask(cccd) if cccd else None, year, village or None, procedure,
                   "; ".join(SUPPORT.get(c, c) for c in support.split(",") if c) or None,
                   OUTCOMES.get(outcome, outcome or None), helper, None if spent is None else int(spent),
                   statuses.get(status, status))

    @staticmethod
    def _dossier_rows(conn, params, mask):
        result = conn.execution_options(yield_per=2000).execute(_DOSSIER_ROWS, params)
        yes, no = tr("Có"), tr("Không")
        for code, procedure, name, cccd, channel, received, due, resolved, returned, status in result:
            on_time = None if resolved is None else (yes if resolved <= due else no)
            yield (code, procedure, name, mask(cccd) if cccd else None, CHANNELS.get(channel, channel),
                   _local(received), _local(due), _local(resolved), _local(returned),
                   DossierStatus(status).label, on_time)

    @staticmethod
    def _survey_rows(conn, params):
        result = conn.execution_options(yield_per=2000).execute(_SURVEY_ROWS, params)
        yes = tr("Có")
        for started, level, trips, comment, skipped in result:
            yield (_local(started), level, LEVELS.get(level) if level else None, trips, comment or None,
                   yes if skipped else None)
