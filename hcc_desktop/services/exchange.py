"""Data packages: export for upward sending or for merging a laptop into the center, import with a dry run.

Export writes every record changed since the cursor of the newest *acknowledged* package
(records imported from other machines since then are forwarded too), or everything with
``full``. Import checks the package, plans every record (new, same, newer version, older
version, conflict, quarantined with a reason), and applies the plan in one transaction
after a backup. The same record (same id, same content) is skipped, so importing a file
twice changes nothing; other content never overwrites silently: it waits in the conflict
list for a supervisor (keep mine / take theirs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, insert, or_, select, update

from hcc_desktop import __version__
from hcc_desktop.clock import to_local
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.audit import AuditAction, AuditService
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.services.exchange_tables import BY_NAME, MASKED_COLUMNS, SPECS, TableSpec, field_label
from hcc_desktop.services.package_file import Cancelled, PackageRejected, open_package, write_package
from hcc_desktop.services.validators import mask_cccd
from hcc_desktop.storage import exchange_store as store
from hcc_desktop.storage import migrations
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.exchange_models import ExchangeConflict, ExchangeFile, ExchangeQuarantine, ExchangeSeen

logger = logging.getLogger(__name__)
F = ExchangeFile.__table__
SEEN = ExchangeSeen.__table__
CONFLICT = ExchangeConflict.__table__
QUARANTINE = ExchangeQuarantine.__table__
OVERLAP = timedelta(minutes=10)  # a record committed while the previous package was read is sent again
LOCKED = "!"  # an imported account's password hash: never matches, the account cannot log in
_INSERT_CHUNK = 5000


def record_hash(row: dict) -> str:
    text = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# -- results --------------------------------------------------------------------
@dataclass(frozen=True)
class ExportResult:
    id: uuid.UUID
    path: Path
    scope: str
    since: datetime | None
    until: datetime
    counts: dict[str, int]

    @property
    def records(self) -> int:
        return sum(self.counts.values())


@dataclass
class TableCounts:
    new: int = 0
    same: int = 0
    updated: int = 0
    older: int = 0
    conflicts: int = 0
    quarantined: int = 0
    kept: int = 0  # accounts and procedures already here (never changed by a package)
    merged: int = 0  # the same person by CCCD, the same procedure by code

    @property
    def total(self) -> int:
        return (self.new + self.same + self.updated + self.older + self.conflicts + self.quarantined
                + self.kept + self.merged)


@dataclass(frozen=True)
class Problem:
    table: str
    key: str
    reason: str


@dataclass
class ImportSummary:
    file_name: str
    package_id: str
    center: str
    device_id: str
    scope: str
    since: str | None
    until: str | None
    tables: dict[str, TableCounts]
    problems: list[Problem]
    dry_run: bool
    already_imported: bool = False
    backup: Path | None = None
    backup_note: str = ""  # said to the user: the copy to the second backup folder (USB) failed

    @property
    def changes(self) -> int:
        return sum(t.new + t.updated for t in self.tables.values())

    @property
    def conflicts(self) -> int:
        return sum(t.conflicts for t in self.tables.values())

    @property
    def quarantined(self) -> int:
        return sum(t.quarantined for t in self.tables.values())


@dataclass(frozen=True)
class OutboxItem:
    id: uuid.UUID
    direction: str
    kind: str
    scope: str
    status: str
    file_name: str
    path: str
    records: int
    created_at: datetime
    created_by: str
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str
    period_first: object | None
    period_last: object | None

    @property
    def status_label(self) -> str:
        return {"created": tr("đã tạo, chưa gửi"), "sent": tr("đã gửi, chờ xác nhận"),
                "acknowledged": tr("cấp trên đã nhận"), "applied": tr("đã nhập")}.get(self.status, self.status)


@dataclass(frozen=True)
class ConflictField:
    """One column of a record in conflict, both versions in canonical form (an ID number masked)."""
    column: str
    label: str
    kind: str  # uuid | datetime | date | bool | int | text
    mine: object
    theirs: object
    differs: bool  # compared before masking: two numbers masked alike can still differ


@dataclass(frozen=True)
class ConflictInfo:
    id: uuid.UUID
    table: str
    table_label: str
    record_id: uuid.UUID
    status: str
    created_at: datetime
    fields: tuple[ConflictField, ...]  # every column of the record, in the table's order

    @property
    def differences(self) -> list[tuple[str, object, object]]:
        """Column, mine, theirs of what differs (the edit time aside: it always does)."""
        return [(f.column, f.mine, f.theirs) for f in self.fields if f.differs and f.column != "updated_at"]


# -- the plan of an import ------------------------------------------------------
@dataclass
class _Plan:
    inserts: dict[str, list[dict]] = field(default_factory=dict)
    updates: dict[str, list[dict]] = field(default_factory=dict)
    seen: list[tuple[str, str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)
    quarantine: list[tuple[str, str, str, str]] = field(default_factory=list)


class _Planner:
    """Classifies every record of an opened package against the database (read only)."""

    def __init__(self, conn, package, device_hex: str) -> None:
        self.conn = conn
        self.pkg = package
        self.device_hex = device_hex
        self.plan = _Plan()
        self.counts = {s.name: TableCounts() for s in SPECS}
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {}
        self.remap: dict[str, dict[str, str]] = {s.name: {} for s in SPECS}

    def run(self) -> None:
        parts = {info.get("table"): name for name, info in self.pkg.manifest["parts"].items()}
        unknown = [t for t in parts if t not in BY_NAME]
        if unknown:
            raise PackageRejected(tr("Gói có phần dữ liệu lạ ({t}); không nhập gì.", t=", ".join(map(str, unknown))))
        for spec in SPECS:
            self.ids[spec.name] = {r[0] for r in store.column_values(self.conn, spec.table, ("id",))}
            if spec.name in parts:
                rows = self._rows(spec, parts[spec.name])
                if spec.policy == "keep_local":
                    self._reference_table(spec, rows)
                else:
                    self._merge_table(spec, rows)

    # reading and checking lines
    def _rows(self, spec: TableSpec, part: str):
        check = store.row_checker(spec.columns)
        lines = self.pkg.read(part).splitlines()
        try:  # one parse of the whole part; line by line only to find which lines are unreadable
            parsed = json.loads(b"[" + b",".join(lines) + b"]") if lines else []
        except ValueError:
            parsed = None
        for number, line in enumerate(lines, start=1):
            try:
                raw = parsed[number - 1] if parsed is not None else json.loads(line)
                if not isinstance(raw, dict):
                    raise ValueError
            except ValueError:
                self._quarantine(spec, f"#{number}", tr("dòng {n} không đọc được", n=number), line.decode(
                    "utf-8", "replace")[:2000])
                continue
            try:
                yield check(raw)
            except store.BadValue as exc:
                self._quarantine(spec, str(raw.get("id", f"#{number}"))[:64],
                                 tr("giá trị không hợp lệ ở cột {col}", col=str(exc)), canonical_line(raw)[:20000])

    def _quarantine(self, spec: TableSpec, key: str, reason: str, payload: str) -> None:
        self.counts[spec.name].quarantined += 1
        self.problems.append(Problem(spec.name, key, reason))
        self.plan.quarantine.append((spec.name, key, reason, payload))

    # accounts and procedures: what is here stays as it is
    def _reference_table(self, spec: TableSpec, rows) -> None:
        counts = self.counts[spec.name]
        key = "username" if spec.name == "user_account" else "code"
        local = {v: i for i, v in store.column_values(self.conn, spec.table, ("id", key))}
        for row in rows:
            if row["id"] in self.ids[spec.name]:
                counts.kept += 1
            elif spec.name == "procedure" and row["code"] in local:
                self.remap[spec.name][row["id"]] = local[row["code"]]
                counts.merged += 1
            else:
                if spec.name == "user_account":
                    row = {**row, "active": False, "username": self._free_name(row["username"], local)}
                local[row[key]] = row["id"]
                self._insert(spec, row)

    def _free_name(self, name: str, taken: dict) -> str:
        if name not in taken:
            return name
        base = f"{name[:20]}.{self.pkg.manifest.get('device_id', '')[:6]}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def _insert(self, spec: TableSpec, row: dict) -> None:
        self.ids[spec.name].add(row["id"])
        self.plan.inserts.setdefault(spec.name, []).append(row)
        self.counts[spec.name].new += 1

    # records merged one by one
    def _merge_table(self, spec: TableSpec, rows) -> None:
        counts = self.counts[spec.name]
        uniques = {key: {k[1:]: k[0] for k in store.column_values(self.conn, spec.table, ("id", *key))}
                   for key in spec.uniques}
        pending: dict[str, tuple[dict, str]] = {}
        for row in rows:
            if not self._acceptable(spec, row, uniques):
                continue
            if row["id"] in self.ids[spec.name]:
                pending[row["id"]] = (row, "")
            else:
                self._insert(spec, row)
                self.plan.seen.append((spec.name, row["id"], row["updated_at"]))
        if pending:
            self._compare(spec, pending, counts)

    def _acceptable(self, spec: TableSpec, row: dict, uniques: dict) -> bool:
        key = row["id"]
        if spec.final and row[spec.final[0]] not in spec.final[1]:
            self._quarantine(spec, key, tr("chưa kết thúc trên máy gửi (sẽ được gửi lại khi xong)"), canonical_line(row))
            return False
        for col, target in spec.refs.items():
            value = row[col]
            if value is not None:
                value = row[col] = self.remap[target].get(value, value)
                if value not in self.ids[target]:
                    self._quarantine(spec, key, tr("thiếu {what} liên quan (cột {col}); hãy nhập các gói trước đó",
                                                   what=BY_NAME[target].label, col=col), canonical_line(row))
                    return False
        if spec.name == "citizen" and key not in self.ids["citizen"] and row["cccd"]:
            owner = uniques[("cccd",)].get((row["cccd"],))
            if owner is not None and owner != key:
                self.remap["citizen"][key] = owner  # the same person registered on both machines
                self.counts["citizen"].merged += 1
                return False
        for cols, owners in uniques.items():
            value = tuple(row[c] for c in cols)
            if None in value:
                continue
            owner = owners.setdefault(value, key)
            if owner != key:
                self._quarantine(spec, key, tr("trùng {cols} với một bản ghi khác đã có", cols=", ".join(cols)),
                                 canonical_line(row))
                return False
        return True

    def _compare(self, spec: TableSpec, pending: dict, counts: TableCounts) -> None:
        ids = list(pending)
        seen = dict(self.conn.execute(select(SEEN.c.record_id, SEEN.c.version).where(
            SEEN.c.table_name == spec.name)).all())
        seen = {k.hex: v for k, v in seen.items()}
        open_conflicts = {(r.record_id.hex, r.incoming_hash) for r in self.conn.execute(
            select(CONFLICT.c.record_id, CONFLICT.c.incoming_hash).where(CONFLICT.c.table_name == spec.name))}
        for local in store.read_by_ids(self.conn, spec.table, spec.columns, ids):
            row, _ = pending[local["id"]]
            theirs, mine = record_hash(row), record_hash(local)
            if theirs == mine:
                counts.same += 1
            elif row["updated_at"] < local["updated_at"]:
                counts.older += 1
            elif row["updated_at"] > local["updated_at"] and seen.get(local["id"]) == local["updated_at"]:
                counts.updated += 1  # not edited here since it was imported: the newer version applies
                self.plan.updates.setdefault(spec.name, []).append(row)
                self.plan.seen.append((spec.name, row["id"], row["updated_at"]))
            elif (local["id"], theirs) in open_conflicts:
                counts.same += 1  # the same disagreement, already waiting for (or settled by) a supervisor
            else:
                counts.conflicts += 1
                self.plan.conflicts.append((spec.name, row["id"], theirs, canonical_line(row)))


class ExchangeService:
    def __init__(self, db: Database, audit: AuditService, settings, backups=None) -> None:
        self._db = db
        self._audit = audit
        self._settings = settings
        self._backups = backups  # BackupService: a "before import" backup precedes every applied package

    # -- export ---------------------------------------------------------------
    def export_package(self, actor: Actor, out_dir: Path, *, full: bool = False, context=None) -> ExportResult:
        require_role(actor, *MANAGERS)
        now = self._db.clock.now()
        with self._db.read_core() as conn:
            since = None if full else self._cursor(conn, ("acknowledged",))
        settings = self._settings.view()
        package_id = uuid.uuid4()
        scope = "full" if full or since is None else "incremental"
        stamp = to_local(now).strftime("%Y%m%d-%H%M%S")
        path = Path(out_dir) / f"goi-du-lieu-{_slug(settings.commune or settings.center_name)}-{stamp}-{scope}.zip"
        counts: dict[str, int] = {}
        manifest = {"package_id": package_id.hex, "center": settings.center_name, "commune": settings.commune,
                    "province": settings.province, "device_id": self._db.device_id.hex,
                    "schema": migrations.HEAD, "program_version": __version__, "scope": scope,
                    "since": _iso(since), "until": _iso(now), "created_at": _iso(now),
                    "created_by": actor.username, "demo_data": self._db.is_demo()}
        with self._db.read_core() as conn:
            total = self._export_total(conn, since)
            done = [0]

            def tick() -> None:
                if context is not None:
                    if context.cancelled:
                        raise Cancelled()
                    context.report(done[0], total)

            def lines(spec: TableSpec):
                for row in store.read_rows(conn, spec.table, spec.columns, self._export_filter(spec, since)):
                    counts[spec.name] = counts.get(spec.name, 0) + 1
                    done[0] += 1
                    yield canonical_line(row)

            parts = ((spec.part, spec.name, lines(spec)) for spec in SPECS)
            written = write_package(path, manifest, parts, tick)
        try:  # a file the outbox does not list would be sent by hand and never counted: none is left
            digest = _file_sha256(path)
            with self._db.write_core() as conn:
                conn.execute(insert(F), dict(
                    id=package_id, direction="out", kind="package", scope=scope, status="created",
                    file_name=path.name, path=str(path), sha256=digest, records=sum(counts.values()),
                    counts_json=json.dumps(counts), source_device=self._db.device_id, since=since, until=now,
                    period_first=None, period_last=None, created_at=now, created_by=actor.username, sent_at=None,
                    acknowledged_at=None, acknowledged_by=""))
                self._audit.append(conn, actor, AuditAction.EXPORT, f"package:{package_id}",
                                   {"kind": "package", "scope": scope, "file": path.name, "counts": counts})
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        logger.info("package written: %s records", sum(counts.values()))
        return ExportResult(package_id, path, scope, since, now, {k: v["rows"] for k, v in
                                                                   _by_table(written).items()})

    def _cursor(self, conn, statuses: tuple[str, ...]) -> datetime | None:
        until = conn.scalar(select(func.max(F.c.until)).where(
            F.c.direction == "out", F.c.kind == "package", F.c.status.in_(statuses)))
        return None if until is None else until - OVERLAP

    def _export_filter(self, spec: TableSpec, since: datetime | None):
        conditions = []
        if spec.final:
            conditions.append(spec.table.c[spec.final[0]].in_(spec.final[1]))
        if since is not None and spec.policy != "keep_local":
            forwarded = select(SEEN.c.record_id).where(SEEN.c.table_name == spec.name, SEEN.c.seen_at > since)
            conditions.append(or_(spec.table.c.updated_at > since, spec.table.c.id.in_(forwarded)))
        return and_(*conditions) if conditions else None

    def _export_total(self, conn, since: datetime | None) -> int:
        total = 0
        for spec in SPECS:
            query = select(func.count()).select_from(spec.table)
            where = self._export_filter(spec, since)
            total += conn.scalar(query if where is None else query.where(where)) or 0
        return total

    def pending_records(self) -> int:
        """Records changed (or imported) since the newest package marked sent or acknowledged."""
        with self._db.read_core() as conn:
            since = self._cursor(conn, ("sent", "acknowledged"))
            if since is not None:
                since += OVERLAP
            return sum(conn.scalar(self._count(spec, since)) or 0 for spec in SPECS if spec.policy == "merge")

    def _count(self, spec: TableSpec, since):
        query = select(func.count()).select_from(spec.table)
        where = self._export_filter(spec, since)
        return query if where is None else query.where(where)

    # -- outbox -----------------------------------------------------------------
    def record_report(self, conn, actor: Actor, path: Path, scope: str, first, last, rows: int, digest: str,
                      counts: dict) -> uuid.UUID:
        """List a report workbook in the outbox (inside the caller's transaction)."""
        require_role(actor, *MANAGERS)
        file_id = uuid.uuid4()
        now = self._db.clock.now()
        conn.execute(insert(F), dict(
            id=file_id, direction="out", kind="report", scope=scope, status="created", file_name=path.name,
            path=str(path), sha256=digest, records=rows, counts_json=json.dumps(counts),
            source_device=self._db.device_id, since=None, until=None, period_first=first, period_last=last,
            created_at=now, created_by=actor.username, sent_at=None, acknowledged_at=None, acknowledged_by=""))
        return file_id

    def outbox(self, actor: Actor, limit: int = 500) -> list[OutboxItem]:
        require_role(actor, *MANAGERS)
        with self._db.read_core() as conn:
            rows = conn.execute(select(F).order_by(F.c.created_at.desc()).limit(limit)).all()
        return [OutboxItem(r.id, r.direction, r.kind, r.scope, r.status, r.file_name, r.path, r.records,
                           r.created_at, r.created_by, r.sent_at, r.acknowledged_at, r.acknowledged_by,
                           r.period_first, r.period_last) for r in rows]

    def mark_sent(self, actor: Actor, file_id: uuid.UUID) -> None:
        self._move(actor, file_id, ("created",), {"status": "sent", "sent_at": self._db.clock.now()})

    def acknowledge(self, actor: Actor, file_id: uuid.UUID) -> None:
        now = self._db.clock.now()
        self._move(actor, file_id, ("created", "sent"), {"status": "acknowledged", "acknowledged_at": now,
                                                          "acknowledged_by": actor.username})

    def _move(self, actor: Actor, file_id: uuid.UUID, allowed: tuple[str, ...], values: dict) -> None:
        require_role(actor, *MANAGERS)
        with self._db.write_core() as conn:
            row = conn.execute(select(F).where(F.c.id == file_id)).first()
            if row is None or row.direction != "out":
                raise NotFound(tr("Không tìm thấy tệp trong hộp gửi đi."))
            if row.status not in allowed:
                raise ValidationError(tr("Tệp “{name}” đang ở trạng thái “{s}”, không chuyển được.",
                                         name=row.file_name, s=row.status))
            if values.get("status") == "acknowledged" and row.sent_at is None:
                values = {**values, "sent_at": values["acknowledged_at"]}
            conn.execute(update(F).where(F.c.id == file_id).values(values))
            self._audit.append(conn, actor, AuditAction.EXPORT, f"outbox:{file_id}", {"status": values["status"]})

    def purge_acknowledged_files(self, actor: Actor, older_than_days: int = 90) -> int:
        """Delete the files (not the outbox lines) of packages acknowledged long ago; never an unacknowledged one."""
        require_role(actor, *MANAGERS)
        limit = self._db.clock.now() - timedelta(days=older_than_days)
        with self._db.read_core() as conn:
            rows = conn.execute(select(F.c.path).where(
                F.c.direction == "out", F.c.status == "acknowledged", F.c.acknowledged_at < limit)).all()
        removed = 0
        for (path,) in rows:
            target = Path(path)
            if target.is_file():
                target.unlink()
                removed += 1
        return removed

    # -- import -----------------------------------------------------------------
    def import_package(self, actor: Actor, path: Path, *, dry_run: bool = False) -> ImportSummary:
        require_role(actor, *MANAGERS)
        package = open_package(Path(path), migrations.HEAD)
        try:
            if package.manifest.get("device_id") == self._db.device_id.hex:
                raise PackageRejected(tr("Gói “{name}” do chính máy này tạo; không cần nhập.", name=Path(path).name))
            if dry_run:
                with self._db.read_core() as conn:
                    planner = _Planner(conn, package, self._db.device_id.hex)
                    planner.run()
                    return self._summary(package, planner, True, self._already(conn, package))
            backup = self._backup(actor)
            with self._db.write_core() as conn:
                planner = _Planner(conn, package, self._db.device_id.hex)
                planner.run()
                summary = self._summary(package, planner, False, self._already(conn, package))
                if backup is not None:
                    summary.backup, summary.backup_note = backup.backup.path, backup.second_problem
                self._apply(conn, actor, package, planner, summary)
            return summary
        finally:
            package.close()

    def _already(self, conn, package) -> bool:
        try:
            file_id = uuid.UUID(hex=str(package.manifest.get("package_id")))
        except ValueError:
            raise PackageRejected(tr("Bản kê khai của gói thiếu mã gói; không nhập gì.")) from None
        return conn.execute(select(F.c.id).where(F.c.id == file_id, F.c.direction == "in")).first() is not None

    def _backup(self, actor: Actor):
        """The "before import" backup (a BackupResult), or None where there is no file to copy."""
        if self._backups is None or not self._db.is_sqlite:
            return None
        return self._backups.before_import(actor)

    @staticmethod
    def _summary(package, planner: _Planner, dry_run: bool, already: bool) -> ImportSummary:
        m = package.manifest
        return ImportSummary(package.path.name, str(m.get("package_id")), str(m.get("center", "")),
                             str(m.get("device_id", "")), str(m.get("scope", "")), m.get("since"), m.get("until"),
                             planner.counts, planner.problems, dry_run, already)

    def _apply(self, conn, actor: Actor, package, planner: _Planner, summary: ImportSummary) -> None:
        now = self._db.clock.now()
        plan = planner.plan
        file_id = uuid.UUID(hex=str(package.manifest["package_id"]))
        for spec in SPECS:
            rows = plan.inserts.get(spec.name, [])
            fixed = {"password_hash": LOCKED} if spec.name == "user_account" else None
            for start in range(0, len(rows), _INSERT_CHUNK):
                store.insert_rows(conn, spec.table, spec.columns, rows[start:start + _INSERT_CHUNK], fixed)
            for row in plan.updates.get(spec.name, []):
                store.update_row(conn, spec.table, spec.columns, row)
        self._remember(conn, plan.seen, now)
        if plan.conflicts:
            conn.execute(insert(CONFLICT), [dict(
                id=uuid.uuid4(), file_id=file_id, table_name=t, record_id=uuid.UUID(hex=rid), incoming_hash=h,
                incoming_json=payload, status="open", created_at=now, resolved_at=None, resolved_by="")
                for t, rid, h, payload in plan.conflicts])
        if plan.quarantine and not summary.already_imported:
            conn.execute(insert(QUARANTINE), [dict(
                id=uuid.uuid4(), file_id=file_id, table_name=t, record_key=key, reason=reason, payload=payload,
                created_at=now) for t, key, reason, payload in plan.quarantine])
        counts = {name: c.new + c.updated for name, c in summary.tables.items()}
        if not summary.already_imported:
            m = package.manifest
            conn.execute(insert(F), dict(
                id=file_id, direction="in", kind="package", scope=str(m.get("scope", ""))[:16], status="applied",
                file_name=package.path.name[:260], path=str(package.path), sha256=_file_sha256(package.path),
                records=sum(counts.values()), counts_json=json.dumps(counts),
                source_device=uuid.UUID(hex=str(m.get("device_id"))), since=None, until=None, period_first=None,
                period_last=None, created_at=now, created_by=actor.username, sent_at=None, acknowledged_at=None,
                acknowledged_by=""))
        self._audit.append(conn, actor, AuditAction.IMPORT, f"package:{file_id}", {
            "file": package.path.name, "applied": counts, "conflicts": summary.conflicts,
            "quarantined": summary.quarantined, "repeat": summary.already_imported})

    def _remember(self, conn, seen: list[tuple[str, str, str]], now: datetime) -> None:
        if not seen:
            return
        if self._db.is_sqlite:
            stamp = _raw_now(now)
            conn.exec_driver_sql("INSERT OR REPLACE INTO exchange_seen (table_name, record_id, version, seen_at) "
                                 "VALUES (?, ?, ?, ?)", [(t, rid, h, stamp) for t, rid, h in seen])
            return
        for t, rid, h in seen:
            conn.execute(SEEN.delete().where(SEEN.c.table_name == t, SEEN.c.record_id == uuid.UUID(hex=rid)))
            conn.execute(insert(SEEN), dict(table_name=t, record_id=uuid.UUID(hex=rid), version=h, seen_at=now))

    # -- conflicts --------------------------------------------------------------
    def conflicts(self, actor: Actor, *, open_only: bool = True) -> list[ConflictInfo]:
        require_role(actor, *MANAGERS)
        query = select(CONFLICT).order_by(CONFLICT.c.created_at)
        if open_only:
            query = query.where(CONFLICT.c.status == "open")
        out = []
        with self._db.read_core() as conn:
            for r in conn.execute(query).all():
                spec = BY_NAME[r.table_name]
                theirs = json.loads(r.incoming_json)
                mine = next(iter(store.read_by_ids(conn, spec.table, spec.columns, [r.record_id.hex])), {})
                out.append(ConflictInfo(r.id, r.table_name, spec.label, r.record_id, r.status, r.created_at,
                                        _conflict_fields(spec, mine, theirs)))
        return out

    def resolve(self, actor: Actor, conflict_id: uuid.UUID, take_theirs: bool) -> None:
        """Keep this machine's version, or replace it with the package's; recorded in the audit trail."""
        require_role(actor, *MANAGERS)
        now = self._db.clock.now()
        with self._db.write_core() as conn:
            row = conn.execute(select(CONFLICT).where(CONFLICT.c.id == conflict_id)).first()
            if row is None:
                raise NotFound(tr("Không tìm thấy xung đột."))
            if row.status != "open":
                raise ValidationError(tr("Xung đột này đã được giải quyết."))
            spec = BY_NAME[row.table_name]
            if take_theirs:
                theirs = store.check_row(spec.columns, json.loads(row.incoming_json))
                store.update_row(conn, spec.table, spec.columns, theirs)
                self._remember(conn, [(spec.name, theirs["id"], theirs["updated_at"])], now)
            conn.execute(update(CONFLICT).where(CONFLICT.c.id == conflict_id).values(
                status="taken" if take_theirs else "kept", resolved_at=now, resolved_by=actor.username))
            self._audit.append(conn, actor, AuditAction.IMPORT, f"{spec.name}:{row.record_id}",
                               {"conflict": "take_theirs" if take_theirs else "keep_mine"})

    def quarantined(self, actor: Actor, limit: int = 1000) -> list[Problem]:
        require_role(actor, *MANAGERS)
        with self._db.read_core() as conn:
            rows = conn.execute(select(QUARANTINE).order_by(QUARANTINE.c.created_at.desc()).limit(limit)).all()
        return [Problem(r.table_name, r.record_key, r.reason) for r in rows]


def _conflict_fields(spec: TableSpec, mine: dict, theirs: dict) -> tuple[ConflictField, ...]:
    """Both versions of every column; ID numbers masked as everywhere they are not needed in full."""
    fields = []
    for column in spec.columns:
        a, b = mine.get(column.name), theirs.get(column.name)
        shown = mask_cccd if column.name in MASKED_COLUMNS else (lambda v: v)
        fields.append(ConflictField(column.name, field_label(column.name), column.kind,
                                    shown(a) if a else a, shown(b) if b else b, a != b))
    return tuple(fields)


def _by_table(manifest: dict) -> dict:
    return {info["table"]: info for info in manifest["parts"].values()}


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _raw_now(now: datetime) -> str:
    from datetime import timezone

    return now.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _slug(text: str) -> str:
    from hcc_desktop.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text or "hcc")).strip("-")[:40] or "hcc"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
