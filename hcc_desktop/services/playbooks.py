"""Scenario playbooks (kịch bản xử lý tình huống) and the offices people are sent to.

Both are data: shipped in ``resources/playbooks/``, stored at start-up (missing ones only), edited by a
supervisor, and always restorable to the shipped originals. Everyone at the counter reads them.
"""

from __future__ import annotations

import json

from sqlalchemy import bindparam, insert, select, update

from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.services.playbook_data import (OfficeInfo, OfficeInput, PlaybookInfo, PlaybookInput,
                                                shipped_offices, shipped_playbooks, validate_office,
                                                validate_playbook)
from hcc_desktop.storage.continuity_models import Office, Playbook
from hcc_desktop.storage.engine import Database
from hcc_desktop.text import clean

PB = Playbook.__table__
OF = Office.__table__
_PB_BY_CODE = select(PB).where(PB.c.code == bindparam("code"))
_OF_BY_CODE = select(OF).where(OF.c.code == bindparam("code"))


def _shipped_values() -> dict[str, dict]:
    return {p.code: validate_playbook(p) for p in shipped_playbooks()}


class PlaybookService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- seeding ----------------------------------------------------------------
    def seed(self) -> int:
        """Store the shipped playbooks and offices not stored yet (idempotent); return how many were added."""
        playbooks, offices = shipped_playbooks(), shipped_offices()
        with self._db.read_core() as conn:
            have_pb = set(conn.scalars(select(PB.c.code)))
            have_of = set(conn.scalars(select(OF.c.code)))
        if all(p.code in have_pb for p in playbooks) and all(o.code in have_of for o in offices):
            return 0
        added = 0
        with self._db.write_core() as conn:
            have_pb = set(conn.scalars(select(PB.c.code)))
            have_of = set(conn.scalars(select(OF.c.code)))
            for position, item in enumerate(playbooks):
                if item.code not in have_pb:
                    conn.execute(insert(PB), self._db.stamp(dict(
                        code=item.code, position=position, plan_row=item.plan_row, **validate_playbook(item))))
                    added += 1
            for position, item in enumerate(offices):
                if item.code not in have_of:
                    conn.execute(insert(OF), self._db.stamp(dict(code=item.code, position=position,
                                                                 **validate_office(item))))
                    added += 1
        return added

    # -- playbooks --------------------------------------------------------------
    def playbooks(self, *, include_inactive: bool = False) -> list[PlaybookInfo]:
        shipped = _shipped_values()
        with self._db.read_core() as conn:
            rows = conn.execute(select(PB).order_by(PB.c.position)).all()
        return [self._info(r, shipped) for r in rows if r.active or include_inactive]

    def playbook(self, code: str) -> PlaybookInfo:
        with self._db.read_core() as conn:
            row = conn.execute(_PB_BY_CODE, {"code": clean(code)}).first()
        if row is None:
            raise NotFound(tr("Không có kịch bản “{c}”.", c=code))
        return self._info(row, _shipped_values())

    def save_playbook(self, actor: Actor, data: PlaybookInput) -> PlaybookInfo:
        """Change a playbook (its code stays); an empty title or step list is refused, nothing written."""
        require_role(actor, *MANAGERS)
        values = validate_playbook(data)
        with self._db.write_core() as conn:
            if values["office_code"] and conn.execute(_OF_BY_CODE, {"code": values["office_code"]}).first() is None:
                raise ValidationError(tr("Nơi giới thiệu “{c}” không có trong danh sách.", c=values["office_code"]),
                                      "office")
            if conn.execute(update(PB).where(PB.c.code == clean(data.code)).values(
                    self._db.stamp(values, new=False))).rowcount != 1:
                raise NotFound(tr("Không có kịch bản “{c}”.", c=data.code))
        return self.playbook(data.code)

    def restore_playbooks(self, actor: Actor, codes: list[str] | None = None) -> list[PlaybookInfo]:
        """Put the given playbooks (default: all shipped ones) back to the shipped text, order and state."""
        require_role(actor, *MANAGERS)
        shipped = {p.code: (i, p) for i, p in enumerate(shipped_playbooks())}
        wanted = list(shipped) if codes is None else [clean(c) for c in codes]
        unknown = [c for c in wanted if c not in shipped]
        if unknown:
            raise NotFound(tr("Kịch bản “{c}” không có trong bộ cài sẵn.", c=", ".join(unknown)))
        with self._db.write_core() as conn:
            for code in wanted:
                position, item = shipped[code]
                values = dict(position=position, plan_row=item.plan_row, **validate_playbook(item))
                if conn.execute(update(PB).where(PB.c.code == code).values(
                        self._db.stamp(values, new=False))).rowcount == 0:
                    conn.execute(insert(PB), self._db.stamp(dict(code=code, **values)))
        return [self.playbook(c) for c in wanted]

    @staticmethod
    def _info(row, shipped: dict[str, dict]) -> PlaybookInfo:
        original = shipped.get(row.code)
        edited = original is None or any(getattr(row, k) != v for k, v in original.items())
        return PlaybookInfo(row.id, row.code, row.position, row.plan_row, row.title, row.difficulty, row.handling,
                            row.responsible, tuple(json.loads(row.steps_json or "[]")), row.record_hint, row.action,
                            row.office_code, row.bring, row.source, row.active, edited)

    # -- offices ----------------------------------------------------------------
    def offices(self, *, include_closed: bool = True) -> list[OfficeInfo]:
        with self._db.read_core() as conn:
            rows = conn.execute(select(OF).order_by(OF.c.position)).all()
        return [self._office(r) for r in rows if r.active or include_closed]

    def office(self, code: str) -> OfficeInfo:
        with self._db.read_core() as conn:
            row = conn.execute(_OF_BY_CODE, {"code": clean(code)}).first()
        if row is None:
            raise NotFound(tr("Không có nơi giới thiệu “{c}”.", c=code))
        return self._office(row)

    def save_office(self, actor: Actor, data: OfficeInput) -> OfficeInfo:
        """Create or change an office (address, hours, phone, verified, open or closed)."""
        require_role(actor, *MANAGERS)
        code = clean(data.code).lower()
        if not code or len(code) > 32 or not all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in code):
            raise ValidationError(tr("Mã nơi giới thiệu gồm chữ không dấu, số và dấu gạch dưới."), "code")
        values = validate_office(data)
        with self._db.write_core() as conn:
            if conn.execute(update(OF).where(OF.c.code == code).values(
                    self._db.stamp(dict(values), new=False))).rowcount == 0:
                position = len(conn.execute(select(OF.c.id)).all())
                conn.execute(insert(OF), self._db.stamp(dict(code=code, position=position, **values)))
        return self.office(code)

    def restore_offices(self, actor: Actor) -> list[OfficeInfo]:
        require_role(actor, *MANAGERS)
        for item in shipped_offices():
            self.save_office(actor, item)
        return self.offices()

    def office_for(self, where: str, offices: list[OfficeInfo] | None = None) -> OfficeInfo | None:
        """The open office a paper's "nơi cấp" text names, if one does."""
        return next((o for o in (offices if offices is not None else self.offices(include_closed=False))
                     if o.active and o.serves(where)), None)

    @staticmethod
    def _office(row) -> OfficeInfo:
        return OfficeInfo(row.id, row.code, row.name, row.address, row.hours, row.phone,
                          tuple(m for m in row.matches.split("\n") if m), row.note, row.verified, row.active)

