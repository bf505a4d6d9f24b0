"""Reading and changing the declared settings (``hcc_desktop.settings``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.settings import SETTINGS, SettingsView, definition
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import Setting


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def view(self) -> SettingsView:
        """Every setting's current value; settings hold no personal data."""
        with self._db.read() as session:
            rows = session.execute(select(Setting.key, Setting.value_json)).all()
        return SettingsView({key: json.loads(raw) for key, raw in rows})

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
        with self._db.write() as session:
            for key, value in values.items():
                row = session.get(Setting, key) or Setting(key=key)
                row.value_json = json.dumps(value, ensure_ascii=False)
                row.updated_at = now
                row.updated_by = actor.user_id if actor else None
                session.add(row)
