"""The procedure catalog (danh mục thủ tục hành chính): procedures with the papers each one needs.

Everyone reads the catalog (it is public information posted at the counter);
only a supervisor or an administrator changes it. Legal values (deadlines,
fees, legal basis) are data with a ``verified`` flag: the shipped seed marks
every procedure "cần kiểm tra" until a supervisor confirms it.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.services.catalog_data import (COPY_KINDS, MAX_DAYS, MAX_DOCUMENTS, DocumentInfo, DocumentInput,
                                               ImportResult, ProcedureInfo, ProcedureInput, copy_kind_label,
                                               load_seed, status_label, validate)
from hcc_desktop.storage.case_models import Procedure, ProcedureDocument
from hcc_desktop.storage.engine import Database
from hcc_desktop.text import clean, fold

__all__ = ["COPY_KINDS", "MAX_DAYS", "MAX_DOCUMENTS", "CatalogService", "DocumentInfo", "DocumentInput",
           "ImportResult", "ProcedureInfo", "ProcedureInput", "copy_kind_label", "load_seed", "status_label",
           "validate"]

_PROC_COLUMNS = ("code", "name", "field", "processing_days", "same_day", "fee", "legal_basis", "purpose",
                 "who_may_apply", "verified", "active", "note")  # ProcedureInfo's fields after id, in order
_EXTRA_COLUMNS = ("agency", "result_return")  # ProcedureInfo's fields after documents
_DOC_COLUMNS = ("name", "copy_kind", "quantity", "where_to_obtain", "required")
P = Procedure.__table__
PD = ProcedureDocument.__table__
_BY_CODE = select(P).where(P.c.code == bindparam("code"))
_BY_ID = select(P).where(P.c.id == bindparam("id"))
_DOCS = select(PD).where(PD.c.procedure_id == bindparam("pid")).order_by(PD.c.position)


class CatalogService:
    def __init__(self, db: Database, backups=None) -> None:
        self._db = db
        self._backups = backups  # BackupService: a "before import" backup precedes an import that changes anything

    # -- reading --------------------------------------------------------------
    def procedures(self, active_only: bool = True) -> list[ProcedureInfo]:
        with self._db.read_core() as conn:
            rows = conn.execute(select(P).where(P.c.active.is_(True)) if active_only else select(P)).all()
            docs: dict[uuid.UUID, list[DocumentInfo]] = {}
            for d in conn.execute(select(PD).order_by(PD.c.procedure_id, PD.c.position)):
                docs.setdefault(d.procedure_id, []).append(self._doc(d))
        found = [self._info(r, docs.get(r.id, [])) for r in rows]
        return sorted(found, key=lambda p: (fold(p.field), p.code))

    def procedure(self, code_or_id: str | uuid.UUID) -> ProcedureInfo:
        with self._db.read_core() as conn:
            return self._load(conn, code_or_id)

    def seed_codes(self) -> frozenset[str]:
        return frozenset(p.code for p in load_seed())

    # -- changing -------------------------------------------------------------
    def save_procedure(self, actor: Actor, data: ProcedureInput) -> ProcedureInfo:
        """Create (``data.id`` is None) or edit a procedure with its documents, all-or-nothing."""
        require_role(actor, *MANAGERS)
        values, docs = validate(data)
        with self._db.write_core() as conn:
            clash = conn.execute(_BY_CODE, {"code": values["code"]}).first()
            if clash is not None and clash.id != data.id:
                raise ValidationError(tr("Mã thủ tục “{c}” đã có trong danh mục.", c=values["code"]), "code")
            if data.id is None:
                return self._load(conn, self._insert(conn, values, docs))
            row = conn.execute(_BY_ID, {"id": data.id}).first()
            if row is None:
                raise NotFound(tr("Không tìm thấy thủ tục cần sửa."))
            self._update(conn, row, values, docs)
            return self._load(conn, row.id)

    def set_active(self, actor: Actor, code_or_id: str | uuid.UUID, active: bool) -> ProcedureInfo:
        require_role(actor, *MANAGERS)
        with self._db.write_core() as conn:
            current = self._load(conn, code_or_id)
            if current.active != active:
                conn.execute(update(P).where(P.c.id == current.id).values(
                    self._db.stamp({"active": bool(active)}, new=False)))
            return self._load(conn, current.id)

    def import_procedures(self, actor: Actor, items: list[ProcedureInput], *, dry_run: bool = False) -> ImportResult:
        """Create or update procedures by code in one transaction; ``dry_run`` only counts."""
        require_role(actor, *MANAGERS)
        cleaned = [validate(item) for item in items]
        codes = [values["code"] for values, _docs in cleaned]
        if len(set(codes)) != len(codes):
            raise ValidationError(tr("Một mã thủ tục xuất hiện hai lần."), "code")
        if not dry_run and self._backups is not None:
            planned = self.import_procedures(actor, items, dry_run=True)
            if planned.new or planned.changed:
                self._backups.before_import(actor)
        new, changed, unchanged = [], [], []
        with (self._db.read_core() if dry_run else self._db.write_core()) as conn:
            for values, docs in cleaned:
                row = conn.execute(_BY_CODE, {"code": values["code"]}).first()
                if row is None:
                    new.append(values["code"])
                    if not dry_run:
                        self._insert(conn, values, docs)
                elif self._differs(conn, row, values, docs):
                    changed.append(values["code"])
                    if not dry_run:
                        self._update(conn, row, values, docs)
                else:
                    unchanged.append(values["code"])
        return ImportResult(len(new), len(changed), len(unchanged), tuple(new), tuple(changed), dry_run)

    def import_catalog(self, actor: Actor, path: str | Path, *, dry_run: bool = False) -> ImportResult:
        from hcc_desktop.services.catalog_xlsx import import_catalog

        require_role(actor, *MANAGERS)  # before the workbook is even opened
        return import_catalog(self, actor, path, dry_run=dry_run)

    def export_catalog(self, path: str | Path, *, active_only: bool = False) -> Path:
        from hcc_desktop.services.catalog_xlsx import export_catalog

        return export_catalog(self.procedures(active_only=active_only), path)

    # -- the shipped seed -----------------------------------------------------
    def seed_procedures(self) -> int:
        """Store the shipped procedures whose code is missing (idempotent); return how many were added."""
        seed = load_seed()
        with self._db.read_core() as conn:
            present = set(conn.scalars(select(P.c.code)))
        if all(p.code in present for p in seed):
            return 0
        with self._db.write_core() as conn:
            present = set(conn.scalars(select(P.c.code)))
            missing = [p for p in seed if p.code not in present]
            for item in missing:
                self._insert(conn, *validate(item))
        return len(missing)

    def restore_seed(self, actor: Actor, code: str) -> ProcedureInfo:
        """Put one procedure back to its shipped values (documents too); whether it is in use is kept."""
        require_role(actor, *MANAGERS)
        shipped = {p.code: p for p in load_seed()}.get(clean(code).upper())
        if shipped is None:
            raise NotFound(tr("Thủ tục “{c}” không có trong danh mục cài sẵn.", c=code))
        with self._db.write_core() as conn:
            row = conn.execute(_BY_CODE, {"code": shipped.code}).first()
            if row is None:
                return self._load(conn, self._insert(conn, *validate(shipped)))
            self._update(conn, row, *validate(replace(shipped, active=row.active)))
            return self._load(conn, row.id)

    # -- internals ------------------------------------------------------------
    @staticmethod
    def _doc(row) -> DocumentInfo:
        return DocumentInfo(row.id, row.position, row.name, row.copy_kind, row.quantity, row.where_to_obtain,
                            row.required)

    @staticmethod
    def _info(row, docs: list[DocumentInfo]) -> ProcedureInfo:
        return ProcedureInfo(row.id, *(getattr(row, c) for c in _PROC_COLUMNS), updated_at=row.updated_at,
                             documents=tuple(docs), **{c: getattr(row, c) for c in _EXTRA_COLUMNS})

    def _load(self, conn: Connection, code_or_id: str | uuid.UUID) -> ProcedureInfo:
        key = code_or_id
        if isinstance(key, str):
            try:
                key = uuid.UUID(key)
            except ValueError:
                key = clean(key).upper()
        row = conn.execute(_BY_ID if isinstance(key, uuid.UUID) else _BY_CODE,
                           {"id": key} if isinstance(key, uuid.UUID) else {"code": key}).first()
        if row is None:
            raise NotFound(tr("Không tìm thấy thủ tục “{c}”.", c=code_or_id))
        return self._info(row, [self._doc(d) for d in conn.execute(_DOCS, {"pid": row.id})])

    def _insert(self, conn: Connection, values: dict, docs: list[dict]) -> uuid.UUID:
        stamped = self._db.stamp(dict(values))
        conn.execute(insert(P).values(stamped))
        for doc in docs:
            conn.execute(insert(PD).values(self._db.stamp(
                {k: v for k, v in doc.items() if k != "id"} | {"procedure_id": stamped["id"]})))
        return stamped["id"]

    @staticmethod
    def _differs(conn: Connection, row, values: dict, docs: list[dict]) -> bool:
        if any(getattr(row, k) != v for k, v in values.items()):
            return True
        stored = [tuple(getattr(d, c) for c in _DOC_COLUMNS) for d in conn.execute(_DOCS, {"pid": row.id})]
        return stored != [tuple(d[c] for c in _DOC_COLUMNS) for d in docs]

    def _update(self, conn: Connection, row, values: dict, docs: list[dict]) -> None:
        """Change what differs; documents keep their ids when matched by id, else by name."""
        change = {k: v for k, v in values.items() if getattr(row, k) != v}
        existing = {d.id: d for d in conn.execute(_DOCS, {"pid": row.id})}
        unmatched = dict(existing)
        for doc in docs:
            match = unmatched.pop(doc["id"], None) if doc["id"] in unmatched else None
            if match is None:
                match = next((d for d in unmatched.values() if d.name == doc["name"]), None)
                if match is not None:
                    del unmatched[match.id]
            fresh = {k: v for k, v in doc.items() if k != "id"}
            if match is None:
                conn.execute(insert(PD).values(self._db.stamp(fresh | {"procedure_id": row.id})))
                change.setdefault("updated_at", None)
            elif any(getattr(match, k) != v for k, v in fresh.items()):
                conn.execute(update(PD).where(PD.c.id == match.id).values(self._db.stamp(fresh, new=False)))
                change.setdefault("updated_at", None)
        if unmatched:
            conn.execute(delete(PD).where(PD.c.id.in_(list(unmatched))))
            change.setdefault("updated_at", None)
        if change:
            conn.execute(update(P).where(P.c.id == row.id).values(self._db.stamp(change, new=False)))
