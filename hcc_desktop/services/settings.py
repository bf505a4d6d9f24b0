"""Reading and changing the declared settings (``hcc_desktop.settings``)."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from hcc_desktop.services.audit import AuditAction, AuditService
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.settings import SETTINGS, SettingsView, definition
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import Setting


_TABLE = Setting.__table__
_UPDATE = update(_TABLE).where(_TABLE.c.key == bindparam("k")).values(
    value_json=bindparam("v"), updated_at=bindparam("at"), updated_by=bindparam("by"))
_OLD = select(_TABLE.c.key, _TABLE.c.value_json).where(_TABLE.c.key.in_(bindparam("keys", expanding=True)))
CACHE_SECONDS = 5.0  # another process (a CLI command) may change settings; re-read at least this often


class SettingsService:
    def __init__(self, db: Database, audit: AuditService) -> None:
        self._db = db
        self._audit = audit
        self._cache: tuple[float, SettingsView] | None = None

    def view(self) -> SettingsView:
        """Every setting's current value; settings hold no personal data."""
        cached = self._cache
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        with self._db.read_core() as conn:
            rows = conn.execute(select(Setting.key, Setting.value_json)).all()
        view = SettingsView({key: json.loads(raw) for key, raw in rows})
        self._cache = (time.monotonic(), view)
        return view

    def update(self, actor: Actor, changes: dict[str, Any]) -> SettingsView:
        """Validate every change first, then store them all in one transaction."""
        require_role(actor, *MANAGERS)
        parsed = {key: definition(key).coerce(raw) for key, raw in changes.items()}
        self._store(parsed, actor)
        return self.view()

    def set(self, actor: Actor, key: str, raw: Any) -> Any:
        require_role(actor, *MANAGERS)
        value = definition(key).coerce(raw)
        self._store({key: value}, actor)
        return value

    def seed_defaults(self) -> None:
        """Store the default of every setting not stored yet (idempotent)."""
        with self._db.write() as session:
            present = set(session.scalars(select(Setting.key)))
            for d in SETTINGS:
                if d.key not in present:
                    session.add(Setting(key=d.key, value_json=json.dumps(d.default, ensure_ascii=False),
                                        updated_at=self._db.clock.now()))

    def _store(self, values: dict[str, Any], actor: Actor | None) -> None:
        now = self._db.clock.now()
        by = actor.user_id if actor else None
        self._cache = None
        try:
            with self._db.write_core() as conn:
                old = dict(conn.execute(_OLD, {"keys": list(values)}).all())
                changed = {}
                for key, value in values.items():
                    params = {"k": key, "v": json.dumps(value, ensure_ascii=False), "at": now, "by": by}
                    if old.get(key) != params["v"]:
                        changed[key] = {"old": json.loads(old[key]) if key in old else None, "new": value}
                    if conn.execute(_UPDATE, params).rowcount == 0:
                        conn.execute(insert(_TABLE).values(key=key, value_json=params["v"], updated_at=now,
                                                           updated_by=by))
                if changed:
                    self._audit.append(conn, actor, AuditAction.SETTINGS, "settings", changed)
        finally:
            self._cache = None
