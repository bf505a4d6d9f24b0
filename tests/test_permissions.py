"""Roles with teeth: every service method that takes an ``actor`` refuses the roles not allowed to call it.

The table below names, for every such method reachable from ``Services`` (and its sub-objects such as
``continuity.*``, ``logbook``, ``guides``), the roles allowed. A method added without an entry fails
``test_every_actor_method_is_in_the_table``, so a new service call cannot skip this review.
"""

from __future__ import annotations

import inspect
import uuid
from datetime import date, datetime, timezone

import pytest

from hcc_desktop.errors import PermissionDenied
from hcc_desktop.services.roles import Actor, Role

C, V, S, A = Role.CLERK, Role.VOLUNTEER, Role.SUPERVISOR, Role.ADMIN
ALL = frozenset(Role)
STAFF = frozenset({C, S, A})  # clerks and supervisors: dossiers, registers, the counter's own work
MANAGERS = frozenset({S, A})  # settings, accounts, catalog, playbooks, calendar, audit trail

ALLOWED: dict[str, frozenset[Role]] = {
    # accounts: each person their own password and log-out; the rest is the supervisor's
    "auth.change_password": ALL, "auth.logout": ALL, "auth.note_login": ALL,
    "auth.create_user": MANAGERS, "auth.list_users": MANAGERS, "auth.set_active": MANAGERS, "auth.unlock": MANAGERS,
    "settings.set": MANAGERS, "settings.update": MANAGERS,
    # the queue: volunteers issue, look up and cancel tickets; calling and serving is the counter's
    "queue.issue": ALL, "queue.ticket": ALL, "queue.cancel": ALL, "queue.snapshot": ALL,
    "queue.call_next": STAFF, "queue.call_ticket": STAFF, "queue.day_stats": STAFF, "queue.day_tickets": STAFF,
    "queue.finish": STAFF, "queue.no_show": STAFF, "queue.postpone": STAFF, "queue.reactivate": STAFF,
    "queue.recall": STAFF, "queue.start": STAFF, "queue.transfer": STAFF,
    "queue.update_reason": MANAGERS, "queue.update_reasons": MANAGERS,
    "calendar.overrides": MANAGERS, "calendar.remove_override": MANAGERS, "calendar.set_override": MANAGERS,
    "catalog.import_catalog": MANAGERS, "catalog.import_procedures": MANAGERS, "catalog.restore_seed": MANAGERS,
    "catalog.save_procedure": MANAGERS, "catalog.set_active": MANAGERS,
    # dossiers: no lists (nor any dossier) for volunteers
    "dossiers.change_status": STAFF, "dossiers.due_soon": STAFF, "dossiers.get": STAFF, "dossiers.history": STAFF,
    "dossiers.overdue": STAFF, "dossiers.receive": STAFF, "dossiers.receive_in": STAFF,
    "dossiers.received_on": STAFF, "dossiers.reschedule": STAFF, "dossiers.visit_of": STAFF,
    "dossiers.waiting_for_papers": STAFF,
    # visits: everyone guides people; a volunteer only their own visits (test_volunteers_see_only_their_own_visits)
    "visits.abandon": ALL, "visits.complete": ALL, "visits.get": ALL, "visits.open_drafts": ALL,
    "visits.record_survey": ALL, "visits.save_draft": ALL, "visits.start": ALL,
    # the person being helped: volunteers register and find them (ID numbers masked), staff correct records
    "citizens.create": ALL, "citizens.find_or_create": ALL, "citizens.get": ALL, "citizens.search": ALL,
    "citizens.update": STAFF,
    "audit.append": ALL, "audit.record": ALL, "audit.lines": MANAGERS,
    "playbooks.restore_offices": MANAGERS, "playbooks.restore_playbooks": MANAGERS,
    "playbooks.save_office": MANAGERS, "playbooks.save_playbook": MANAGERS,
    # registers hold every dossier of a period
    "logbook.daily_log": STAFF, "logbook.daily_log_pdf": STAFF, "logbook.record_book": STAFF,
    "logbook.record_book_pdf": STAFF, "logbook.record_output": STAFF,
    # printed guides: anyone at the desk
    "guides.guide": ALL, "guides.guide_pdf": ALL, "guides.leaflet": ALL, "guides.leaflet_pdf": ALL,
    "guides.steps": ALL, "guides.steps_pdf": ALL,
    "continuity.followups.came_back": ALL, "continuity.followups.record_complaint": ALL,
    "continuity.followups.referral": ALL, "continuity.followups.insert_complaint": ALL,
    "continuity.followups.insert_pending": ALL, "continuity.followups.insert_referral": ALL,
    "continuity.followups.cancel_pending": STAFF, "continuity.followups.close_referral": STAFF,
    "continuity.followups.complaints": STAFF, "continuity.followups.mark_submitted": STAFF,
    "continuity.followups.pending": STAFF, "continuity.followups.referrals": STAFF,
    "continuity.followups.update_complaint": STAFF,
    "continuity.incidents.apply": ALL, "continuity.incidents.for_visit": ALL,
    "continuity.incidents.between": STAFF, "continuity.incidents.counts": STAFF,
    "continuity.backentry.check": STAFF, "continuity.backentry.entered_today": STAFF,
    "continuity.backentry.kit": STAFF, "continuity.backentry.record": STAFF,
    "continuity.recovery.begin": ALL,
    "backups.before_import": MANAGERS, "backups.create": MANAGERS, "backups.restore": MANAGERS,
    "backups.list": ALL,  # file names, dates and sizes: no personal data
    "exchange.acknowledge": MANAGERS, "exchange.conflicts": MANAGERS, "exchange.export_package": MANAGERS,
    "exchange.import_package": MANAGERS, "exchange.mark_sent": MANAGERS, "exchange.outbox": MANAGERS,
    "exchange.purge_acknowledged_files": MANAGERS, "exchange.quarantined": MANAGERS,
    "exchange.record_report": MANAGERS, "exchange.resolve": MANAGERS,
    "reports.export_workbook": MANAGERS, "reports.summary": MANAGERS,
    "retention.apply": MANAGERS, "retention.preview": MANAGERS,
}

def _service_names() -> tuple[str, ...]:
    """Every service on ``Services``: its fields and its lazily built ones, so a new one is not missed."""
    import dataclasses
    from functools import cached_property

    from hcc_desktop.app import Services

    plain = ("paths", "clock", "db", "migration")
    fields = [f.name for f in dataclasses.fields(Services) if f.name not in plain]
    lazy = [name for name, value in vars(Services).items() if isinstance(value, cached_property)]
    return tuple(fields + lazy)


SERVICES = _service_names()


def _actor_methods(services) -> dict[str, object]:
    """Every public bound method taking ``actor``, by dotted path from ``Services``."""
    found: dict[str, object] = {}

    def walk(obj, path: str, depth: int) -> None:
        for name in dir(obj):
            if name.startswith("_"):
                continue
            attr = getattr(obj, name)
            if inspect.ismethod(attr):
                if "actor" in inspect.signature(attr).parameters:
                    found[f"{path}.{name}"] = attr
            elif depth and type(attr).__module__.startswith("hcc_desktop.services"):
                walk(attr, f"{path}.{name}", depth - 1)

    for name in SERVICES:
        walk(getattr(services, name), name, 1)
    return found


def _value(param: inspect.Parameter):
    """A plausible argument from the annotation; the role check comes before any use of it."""
    kind = str(param.annotation)
    if param.name == "conn" or "Connection" in kind:
        return None
    for marker, value in (("UUID", uuid.uuid4()), ("datetime", datetime(2026, 11, 25, 3, tzinfo=timezone.utc)),
                          ("date", date(2026, 11, 25)), ("Role", "clerk"), ("bool", False), ("int", 1),
                          ("dict", {}), ("list", []), ("str", "x")):
        if marker in kind:
            return value
    return None


def _call(method, actor: Actor):
    args, kwargs = [], {}
    for param in inspect.signature(method).parameters.values():
        if param.name == "actor":
            value = actor
        elif param.default is not inspect.Parameter.empty or param.kind is param.VAR_KEYWORD:
            continue
        else:
            value = _value(param)
        if param.kind is param.KEYWORD_ONLY:
            kwargs[param.name] = value
        else:
            args.append(value)
    return method(*args, **kwargs)


def _actor(role: Role) -> Actor:
    return Actor(uuid.uuid4(), f"thu-{role.value}", "Người Thử", role)


def test_every_actor_method_is_in_the_table(services):
    found = set(_actor_methods(services))
    assert found - set(ALLOWED) == set(), "add these to ALLOWED, with the roles that may call them"
    assert set(ALLOWED) - found == set(), "these are gone: remove them from ALLOWED"


def test_roles_not_allowed_are_refused_with_a_clear_message(services):
    methods = _actor_methods(services)
    for path, allowed in sorted(ALLOWED.items()):
        for role in set(Role) - allowed:
            with pytest.raises(PermissionDenied, match="không được phép|chỉ") as refused:
                _call(methods[path], _actor(role))
            assert role.label in refused.value.message or "Tình nguyện viên" in refused.value.message, path


def test_roles_allowed_get_past_the_check(services):
    """For every method, each allowed role (all four where the table says ALL) is not refused: the call may
    still fail on the made-up arguments (not found, invalid), never with PermissionDenied."""
    methods = _actor_methods(services)
    assert sum(allowed == ALL for allowed in ALLOWED.values()) >= 20
    for path, allowed in sorted(ALLOWED.items()):
        for role in allowed:
            try:
                _call(methods[path], _actor(role))
            except PermissionDenied as exc:  # pragma: no cover — the failure message names the method
                pytest.fail(f"{path} refused {role.value}: {exc.message}")
            except Exception:  # noqa: BLE001 — made-up arguments: anything but a refusal is fine here
                pass


def test_volunteers_see_only_their_own_visits(services, supervisor, clerk, volunteer):
    from hcc_desktop.services.roles import Role as R

    other = services.auth.create_user(supervisor, "tnv2", "Phạm Văn Tú", R.VOLUNTEER, "mat-khau-123")
    second = services.auth.authenticate(other.username, "mat-khau-123")
    mine = services.visits.start(volunteer)
    assert services.visits.get(volunteer, mine.id).id == mine.id
    assert services.visits.get(clerk, mine.id).id == mine.id
    with pytest.raises(PermissionDenied, match="Tình nguyện viên chỉ"):
        services.visits.get(second, mine.id)
    with pytest.raises(PermissionDenied):
        services.visits.save_draft(second, mine.id, {"x": 1})
    with pytest.raises(PermissionDenied):
        services.visits.abandon(second, mine.id)
    assert services.visits.get(volunteer, mine.id).status == "draft"  # nothing was changed by the refusal
    services.visits.save_draft(volunteer, mine.id, {"x": 1})
