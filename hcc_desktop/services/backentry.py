"""Working through a power cut on paper, and entering the paper afterwards (nhập bù).

* :meth:`BackEntryService.kit` — the numbers of a paper fallback kit printed in advance: pre-numbered
  paper tickets per tier continuing today's numbering, for the paper queue sheet and intake log.
* :meth:`BackEntryService.check` / :meth:`record` — the paper tickets (and the people served on paper)
  entered once the power is back, with their times marked as estimated. They take their place in the
  day's issue order by the time written on the paper: after the tickets issued before the cut, before
  those issued after the power returned. A time in the future is refused; a paper number already used
  by a ticket in the program is flagged, and entered under the next free number only when asked.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, insert, select, update

from hcc_desktop.clock import local_today, to_local
from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, require_role
from hcc_desktop.services.queue import COUNTER_ROLES, E, R, T
from hcc_desktop.services.queue_rules import Tier
from hcc_desktop.storage.case_models import Visit
from hcc_desktop.storage.continuity_models import BackEntry
from hcc_desktop.storage.engine import Database
from hcc_desktop.text import clean, clean_name

BE = BackEntry.__table__
V = Visit.__table__
KIT_COUNTS = {Tier.HEAD: 5, Tier.PRIORITY: 15, Tier.REGULAR: 30}
PAPER_STATUSES = ("waiting", "done", "no_show")
OUTCOMES_FOR_PAPER = ("guided_only", "bring_papers", "referred")  # a dossier is received in the program
_CODE = re.compile(r"^([^\d\s]+)\s*0*(\d{1,4})$")
NOTE = "Nhập bù từ phiếu giấy khi mất điện; thời gian ghi trên giấy (ước tính)."


@dataclass(frozen=True)
class KitBlock:
    tier: Tier
    prefix: str
    first: int
    count: int

    def codes(self) -> list[str]:
        return [f"{self.prefix}{n:03d}" for n in range(self.first, self.first + self.count)]


@dataclass(frozen=True)
class PaperKit:
    day: date
    printed_at: datetime
    blocks: tuple[KitBlock, ...]
    counters: tuple[str, ...]


@dataclass(frozen=True)
class PaperEntry:
    """One line of the paper queue sheet (and, if the person was served, of the paper intake log)."""

    code: str  # as written on the paper ticket, e.g. "T042"
    issued_at: datetime  # aware
    status: str = "waiting"  # waiting (still to serve) | done | no_show
    called_at: datetime | None = None
    finished_at: datetime | None = None
    counter: str = ""
    citizen_name: str = ""
    reason_code: str = ""  # default: the first active reason of the ticket's tier
    need: str = ""  # the intake log: what the person came for
    outcome: str = ""  # the intake log: guided_only | bring_papers | referred (a visit is recorded)


@dataclass(frozen=True)
class EntryCheck:
    index: int
    code: str
    tier: Tier | None
    problems: tuple[str, ...] = ()  # refused: fix the line
    collides: bool = False  # the number is already used today


@dataclass(frozen=True)
class BackEntryResult:
    codes: tuple[tuple[str, str], ...]  # (paper code, code in the queue)
    renumbered: tuple[str, ...] = ()
    visits: int = 0
    waiting: int = 0
    notes: list[str] = field(default_factory=list)


class BackEntryService:
    def __init__(self, db: Database, settings) -> None:
        self._db = db
        self._settings = settings

    def _prefixes(self) -> dict[str, Tier]:
        view = self._settings.view()
        return {view.queue_prefix_head: Tier.HEAD, view.queue_prefix_priority: Tier.PRIORITY,
                view.queue_prefix_regular: Tier.REGULAR}

    # -- the kit ------------------------------------------------------------------
    def kit(self, actor: Actor, counts: dict[Tier, int] | None = None) -> PaperKit:
        """Paper ticket numbers continuing today's numbering in each tier (print it before it is needed)."""
        require_role(actor, *COUNTER_ROLES)
        counts = counts or KIT_COUNTS
        if any(not 0 <= n <= 200 for n in counts.values()):
            raise ValidationError(tr("Số phiếu giấy mỗi hạng từ 0 đến 200."), "counts")
        today = local_today(self._db.clock)
        with self._db.read_core() as conn:
            last = dict(conn.execute(select(T.c.tier, func.max(T.c.number)).where(T.c.service_day == today)
                                     .group_by(T.c.tier)).all())
        by_tier = {tier: prefix for prefix, tier in self._prefixes().items()}
        blocks = tuple(KitBlock(tier, by_tier[tier], (last.get(tier.value) or 0) + 1, counts.get(tier, 0))
                       for tier in Tier if counts.get(tier, 0))
        return PaperKit(today, self._db.clock.now(), blocks, tuple(self._settings.view().counters))

    # -- checking and recording -----------------------------------------------------------
    def check(self, actor: Actor, entries: list[PaperEntry]) -> list[EntryCheck]:
        require_role(actor, *COUNTER_ROLES)
        with self._db.read_core() as conn:
            return self._check(conn, entries)

    def _check(self, conn, entries: list[PaperEntry]) -> list[EntryCheck]:
        today, now = local_today(self._db.clock), self._db.clock.now()
        prefixes = self._prefixes()
        used = {(r.tier, r.number) for r in conn.execute(select(T.c.tier, T.c.number).where(T.c.service_day == today))}
        entered = set(conn.scalars(select(BE.c.paper_code).join(T, T.c.id == BE.c.ticket_id)
                                   .where(T.c.service_day == today)))
        seen: set[str] = set()
        checks = []
        for index, entry in enumerate(entries):
            problems: list[str] = []
            code = clean(entry.code).upper().replace(" ", "")
            match = _CODE.match(code)
            tier = prefixes.get(match.group(1)) if match else None
            if tier is None:
                problems.append(tr("Số phiếu “{c}” không đúng dạng (chữ đầu của hạng rồi số, ví dụ {e}).",
                                   c=entry.code, e=f"{next(iter(prefixes))}042"))
            else:
                code = f"{match.group(1)}{int(match.group(2)):03d}"
            if code in seen:
                problems.append(tr("Phiếu {c} được nhập hai lần.", c=code))
            seen.add(code)
            if code in entered:
                problems.append(tr("Phiếu giấy {c} đã được nhập bù trước đó.", c=code))
            problems += self._time_problems(entry, today, now)
            if entry.status not in PAPER_STATUSES:
                problems.append(tr("Trạng thái của phiếu không hợp lệ."))
            if entry.outcome and entry.outcome not in OUTCOMES_FOR_PAPER:
                problems.append(tr("Kết quả lượt hỗ trợ không hợp lệ."))
            collides = tier is not None and (tier.value, int(match.group(2))) in used
            checks.append(EntryCheck(index, code, tier, tuple(problems), collides))
        return checks

    @staticmethod
    def _time_problems(entry: PaperEntry, today: date, now: datetime) -> list[str]:
        problems = []
        times = [t for t in (entry.issued_at, entry.called_at, entry.finished_at) if t is not None]
        if any(t.tzinfo is None for t in times):
            raise ValueError("back-entry times must be aware datetimes")
        if any(t > now for t in times):
            problems.append(tr("Giờ ghi trên phiếu {c} là giờ chưa tới; hãy kiểm tra lại.", c=entry.code))
        if any(to_local(t).date() != today for t in times):
            problems.append(tr("Chỉ nhập bù phiếu giấy của hôm nay."))
        if entry.called_at is not None and entry.called_at < entry.issued_at:
            problems.append(tr("Giờ mời phải sau giờ phát phiếu."))
        if entry.finished_at is not None and entry.finished_at < (entry.called_at or entry.issued_at):
            problems.append(tr("Giờ xong phải sau giờ mời."))
        if entry.status == "done" and entry.finished_at is None:
            problems.append(tr("Phiếu {c} đã phục vụ xong: hãy ghi giờ xong.", c=entry.code))
        return problems

    def record(self, actor: Actor, entries: list[PaperEntry], *, renumber: bool = False) -> BackEntryResult:
        """Enter the paper tickets in one transaction (all or nothing), in the order of their paper times."""
        require_role(actor, *COUNTER_ROLES)
        if not entries:
            raise ValidationError(tr("Chưa có phiếu giấy nào để nhập bù."))
        today = local_today(self._db.clock)
        with self._db.write_core() as conn:
            checks = self._check(conn, entries)
            bad = [c for c in checks if c.problems]
            if bad:
                raise ValidationError(tr("Dòng {n}: {p}", n=bad[0].index + 1, p=" ".join(bad[0].problems)))
            clashes = [c.code for c in checks if c.collides]
            if clashes and not renumber:
                raise ValidationError(tr("Số {codes} đã có trong hàng chờ hôm nay. Hãy kiểm tra phiếu giấy, hoặc chọn "
                                         "nhập với số mới (số trên giấy được ghi lại).", codes=", ".join(clashes)))
            order = sorted(range(len(entries)), key=lambda i: (entries[i].issued_at, i))
            reasons = self._reasons(conn)
            start = conn.scalar(select(func.min(T.c.seq)).where(
                T.c.service_day == today, T.c.issued_at > entries[order[0]].issued_at))
            if start is None:
                start = (conn.scalar(select(func.max(T.c.seq)).where(T.c.service_day == today)) or 0) + 1
            else:  # tickets issued after the cut move back to make room, keeping their order
                conn.execute(update(T).where(T.c.service_day == today, T.c.seq >= start)
                             .values(seq=T.c.seq + len(entries)))
            codes, renumbered, visits = [], [], 0
            for offset, i in enumerate(order):
                entry, check = entries[i], checks[i]
                number = int(_CODE.match(check.code).group(2))
                if check.collides:
                    number = (conn.scalar(select(func.max(T.c.number)).where(
                        T.c.service_day == today, T.c.tier == check.tier.value)) or 0) + 1
                ticket_id, code = self._insert(conn, actor, entry, check, number, start + offset, reasons, today)
                visits += self._visit(conn, actor, entry, ticket_id)
                conn.execute(insert(BE), self._db.stamp(dict(
                    ticket_id=ticket_id, visit_id=None, paper_code=check.code, renumbered=check.collides,
                    entered_at=self._db.clock.now(), user_id=actor.user_id)))
                codes.append((check.code, code))
                if check.collides:
                    renumbered.append(f"{check.code} → {code}")
        waiting = sum(1 for e in entries if e.status == "waiting")
        return BackEntryResult(tuple(codes), tuple(renumbered), visits, waiting)

    def _reasons(self, conn) -> dict:
        rows = conn.execute(select(R).order_by(R.c.position)).all()
        return {"by_code": {r.code: r for r in rows},
                "first": {t: next((r for r in rows if r.tier == t.value and r.active and not r.needs_note), None)
                          for t in Tier}}

    def _insert(self, conn, actor: Actor, entry: PaperEntry, check: EntryCheck, number: int, seq: int,
                reasons: dict, today: date) -> tuple[uuid.UUID, str]:
        reason = reasons["by_code"].get(entry.reason_code) if entry.reason_code else reasons["first"][check.tier]
        if reason is None or reason.tier != check.tier.value:
            raise ValidationError(tr("Nhóm ưu tiên của phiếu {c} không khớp hạng của số phiếu.", c=check.code))
        prefix = _CODE.match(check.code).group(1)
        served = entry.status == "done"
        called = entry.called_at or (entry.finished_at if served else None)
        values = self._db.stamp(dict(
            service_day=today, seq=seq, tier=check.tier.value, prefix=prefix, number=number,
            reason_code=reason.code, reason_label=reason.label, reason_note=tr(NOTE), reason_verified=False,
            citizen_name=clean_name(entry.citizen_name)[:200], birth_year=None, seat="", needs="",
            status=entry.status, counter=clean(entry.counter)[:60], assigned_counter="",
            service_note=tr("nhập bù (giấy {c})", c=check.code), recall_count=0, call_rule="",
            postponed_until=None, issued_at=entry.issued_at, called_at=called if entry.status != "waiting" else None,
            started_at=called if served else None, finished_at=entry.finished_at if served else None,
            issued_by=actor.user_id, request_id=None))
        conn.execute(insert(T), values)
        conn.execute(insert(E), self._db.stamp(dict(
            ticket_id=values["id"], service_day=today, kind="back_entered", at=self._db.clock.now(),
            counter=values["counter"], rule="", detail=check.code, user_id=actor.user_id)))
        return values["id"], f"{prefix}{number:03d}"

    def _visit(self, conn, actor: Actor, entry: PaperEntry, ticket_id) -> int:
        """A person served on paper with a line in the intake log becomes a completed visit."""
        if entry.status != "done" or not (entry.need or entry.outcome):
            return 0
        started = entry.called_at or entry.issued_at
        conn.execute(insert(V), self._db.stamp(dict(
            ticket_id=ticket_id, citizen_id=None, procedure_id=None, status="completed",
            need=clean(entry.need, multiline=True)[:2000], support="guided", support_note="", documents_ok="[]",
            outcome=entry.outcome or "guided_only", helper_id=actor.user_id, helper_role=actor.role.value,
            started_at=started, finished_at=entry.finished_at, draft_json="{}", note=tr(NOTE))))
        return 1

    def entered_today(self, actor: Actor) -> list[tuple[str, str, datetime]]:
        """(paper code, queue code, entered at) of today's back-entered tickets."""
        require_role(actor, *COUNTER_ROLES)
        today = local_today(self._db.clock)
        with self._db.read_core() as conn:
            rows = conn.execute(select(BE.c.paper_code, T.c.prefix, T.c.number, BE.c.entered_at)
                                .join(T, T.c.id == BE.c.ticket_id).where(T.c.service_day == today)
                                .order_by(T.c.seq)).all()
        return [(p, f"{prefix}{n:03d}", at) for p, prefix, n, at in rows]
