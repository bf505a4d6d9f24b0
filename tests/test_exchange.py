"""Data packages: export from one data folder, import into another, conflicts, quarantine, tampering."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from exchange_helpers import add_people, clock, counts, demo_folder
from sqlalchemy import select, update

from hcc_desktop.app import open_services
from hcc_desktop.errors import PermissionDenied
from hcc_desktop.services.auth import Role
from hcc_desktop.services.demo import DEMO_PASSWORD
from hcc_desktop.services.package_file import Cancelled, PackageRejected
from hcc_desktop.storage.case_models import Citizen, Dossier
from hcc_desktop.storage.models import AuditEntry, QueueTicket


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-built")


@pytest.fixture
def pair(built, tmp_path):
    a = open_services(demo_folder(built, 1, tmp_path / "a"), clock=clock())
    b = open_services(demo_folder(built, 2, tmp_path / "b"), clock=clock())
    yield a, b, a.auth.authenticate("phutrach", DEMO_PASSWORD), b.auth.authenticate("phutrach", DEMO_PASSWORD)
    a.close()
    b.close()


def test_an_import_says_when_its_backup_could_not_reach_the_usb_drive(pair, tmp_path):
    a, b, sa, sb = pair
    package = a.exchange.export_package(sa, tmp_path / "out").path
    b.settings.set(sb, "backup_second_dir", str(tmp_path / "usb-not-plugged-in"))
    summary = b.exchange.import_package(sb, package)
    assert summary.backup is not None and summary.backup.exists()  # the local copy is made all the same
    assert "thư mục sao lưu thứ hai" in summary.backup_note and "usb-not-plugged-in" in summary.backup_note


def test_export_then_import_twice_gives_identical_counts(pair, tmp_path):
    a, b, sa, sb = pair
    package = a.exchange.export_package(sa, tmp_path / "out", full=True).path
    before = counts(b)
    first = b.exchange.import_package(sb, package)
    after_first = counts(b)
    second = b.exchange.import_package(sb, package)
    assert counts(b) == after_first
    assert second.already_imported and second.changes == 0 and second.conflicts == 0
    sent = json.loads(zipfile.ZipFile(package).read("manifest.json"))["parts"]
    for name in ("citizen", "queue_ticket", "visit", "dossier", "dossier_event", "survey"):
        assert after_first[name] == before[name] + sent[f"{name}.jsonl"]["rows"], name
    assert first.tables["procedure"].merged == sent["procedure.jsonl"]["rows"]  # same catalog codes: mapped
    assert first.backup is not None and first.backup.exists()
    [listed] = [b_ for b_ in b.backups.list(sb) if b_.path == first.backup]  # an ordinary, listed backup
    assert listed.label == "trước khi nhập dữ liệu"
    # the imported people are found as the clerk types
    with a.db.read_core() as conn:
        name = conn.scalar(select(Citizen.__table__.c.full_name).limit(1))
    hits = b.citizens.search(sb, name)
    assert any(h.full_name == name for h in hits)
    assert b.db.integrity_problems() == []


def test_the_same_ticket_numbers_and_dossier_codes_of_two_devices_both_stay(pair, tmp_path):
    a, b, sa, sb = pair
    D, T = Dossier.__table__, QueueTicket.__table__
    with b.db.read_core() as conn:
        codes_b = set(conn.scalars(select(D.c.code)))
    b.exchange.import_package(sb, a.exchange.export_package(sa, tmp_path / "out", full=True).path)
    with b.db.read_core() as conn:
        shared = conn.execute(select(D.c.code).group_by(D.c.code).having(
            __import__("sqlalchemy").func.count() > 1)).scalars().all()
        t001 = conn.execute(select(T.c.device_id).where(T.c.prefix == "T", T.c.number == 1)).scalars().all()
    assert shared and set(shared) <= codes_b  # e.g. HS-261125-001 from both machines
    assert len(set(t001)) == 2
    # the next dossier code given here does not collide with the imported ones
    from hcc_desktop.services.dossiers import DossierInput

    clerk = b.auth.authenticate("congchuc1", DEMO_PASSWORD)
    person = b.citizens.search(clerk, "a")[0]
    procedure = next(p for p in b.catalog.procedures() if p.same_day)
    new = b.dossiers.receive(clerk, DossierInput(person.id, procedure.id))
    assert new.code not in codes_b


def test_dry_run_changes_nothing(pair, tmp_path):
    a, b, sa, sb = pair
    package = a.exchange.export_package(sa, tmp_path / "out", full=True).path
    before, listed = counts(b), b.exchange.outbox(sb)
    summary = b.exchange.import_package(sb, package, dry_run=True)
    assert summary.dry_run and summary.changes > 0
    assert counts(b) == before
    assert b.exchange.outbox(sb) == listed


def _rewrite(package: Path, target: Path, change) -> Path:
    """Copy a package, letting ``change(name, data) -> data`` alter its parts (the manifest too)."""
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, change(name, src.read(name)))
    return target


def _db_snapshot(services) -> tuple:
    with services.db.read_core() as conn:
        audit = conn.scalar(select(__import__("sqlalchemy").func.count()).select_from(AuditEntry.__table__))
    return counts(services), audit


@pytest.mark.parametrize("kind, message", [
    ("hash", "SHA-256"), ("truncated", "cắt cụt"), ("schema", "cấu trúc dữ liệu"), ("not_a_package", "không phải")])
def test_a_tampered_package_is_refused_and_nothing_changes(pair, tmp_path, kind, message):
    a, b, sa, sb = pair
    package = a.exchange.export_package(sa, tmp_path / "out", full=True).path
    bad = tmp_path / f"bad-{kind}.zip"
    if kind == "hash":
        _rewrite(package, bad, lambda n, d: d.replace("Nguyễn".encode(), "Nguyên".encode(), 1)
                 if n == "citizen.jsonl" else d)
    elif kind == "truncated":
        bad.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    elif kind == "schema":
        def older(name, data):
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["schema"] = "0003"
            return json.dumps(manifest).encode()
        _rewrite(package, bad, older)
    else:
        bad.write_text("không phải gói", encoding="utf-8")
    before = _db_snapshot(b)
    backups = set((b.paths.backup_dir).glob("*")) if b.paths.backup_dir.exists() else set()
    with pytest.raises(PackageRejected, match=message):
        b.exchange.import_package(sb, bad)
    assert _db_snapshot(b) == before
    assert (set(b.paths.backup_dir.glob("*")) if b.paths.backup_dir.exists() else set()) == backups


def _with_manifest(package: Path, target: Path, change_part) -> Path:
    """Change one part and write a manifest whose hashes match (a package made by another tool)."""
    import hashlib

    with zipfile.ZipFile(package) as src:
        manifest = json.loads(src.read("manifest.json"))
        parts = {n: change_part(n, src.read(n)) for n in src.namelist() if n != "manifest.json"}
    for name, data in parts.items():
        manifest["parts"][name].update(sha256=hashlib.sha256(data).hexdigest(), rows=data.count(b"\n"))
    with zipfile.ZipFile(target, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
        dst.writestr("manifest.json", json.dumps(manifest))
    return target


def test_invalid_records_are_quarantined_with_a_reason_and_the_rest_applies(pair, tmp_path):
    a, b, sa, sb = pair
    package = a.exchange.export_package(sa, tmp_path / "out", full=True).path

    def spoil(name, data):
        if name != "citizen.jsonl":
            return data
        lines = data.decode().splitlines()
        first = json.loads(lines[0])
        first["birth_year"] = "một chín năm mươi"
        return ("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n").encode()

    bad = _with_manifest(package, tmp_path / "spoilt.zip", spoil)
    before = counts(b)
    summary = b.exchange.import_package(sb, bad)
    assert summary.tables["citizen"].quarantined == 1
    assert any("birth_year" in p.reason for p in summary.problems)
    assert counts(b)["citizen"] == before["citizen"] + summary.tables["citizen"].new
    assert summary.tables["citizen"].new > 50
    # records pointing at the quarantined person are held back too, with their reason
    assert any("công dân" in p.reason for p in summary.problems if p.table != "citizen")
    assert [p.reason for p in b.exchange.quarantined(sb)]


def test_other_content_goes_to_the_conflict_list_and_a_supervisor_decides(pair, tmp_path):
    a, b, sa, sb = pair
    C = Citizen.__table__
    b.exchange.import_package(sb, a.exchange.export_package(sa, tmp_path / "o1", full=True).path)
    with a.db.read_core() as conn:
        one, two = conn.execute(select(C.c.id).order_by(C.c.id).limit(2)).scalars().all()
    a.clock.advance(minutes=5)
    b.clock.advance(minutes=5)
    with a.db.write_core() as conn:  # edited on the laptop only: a newer version, applied
        conn.execute(update(C).where(C.c.id.in_([one, two])).values(a.db.stamp({"note": "đã đổi địa chỉ"}, new=False)))
    with b.db.write_core() as conn:  # edited at the center too: a conflict
        conn.execute(update(C).where(C.c.id == two).values(b.db.stamp({"note": "ghi chú tại Trung tâm"}, new=False)))
    a.clock.advance(minutes=1)
    summary = b.exchange.import_package(sb, a.exchange.export_package(sa, tmp_path / "o2", full=True).path)
    assert summary.tables["citizen"].updated == 1 and summary.tables["citizen"].conflicts == 1
    with b.db.read_core() as conn:
        notes = dict(conn.execute(select(C.c.id, C.c.note).where(C.c.id.in_([one, two]))).all())
    assert notes == {one: "đã đổi địa chỉ", two: "ghi chú tại Trung tâm"}  # never overwritten silently
    conflict, = b.exchange.conflicts(sb)
    assert conflict.record_id == two and ("note", "ghi chú tại Trung tâm", "đã đổi địa chỉ") in conflict.differences
    b.exchange.resolve(sb, conflict.id, take_theirs=True)
    with b.db.read_core() as conn:
        assert conn.scalar(select(C.c.note).where(C.c.id == two)) == "đã đổi địa chỉ"
    assert b.exchange.conflicts(sb) == []
    # the same disagreement arriving again is not asked twice
    again = b.exchange.import_package(sb, a.exchange.export_package(sa, tmp_path / "o3", full=True).path)
    assert again.conflicts == 0


def test_incremental_packages_start_after_the_newest_acknowledged_one(pair, tmp_path):
    a, _b, sa, _sb = pair
    first = a.exchange.export_package(sa, tmp_path / "o1")
    assert first.scope == "full"
    assert a.exchange.pending_records() > 0
    a.exchange.mark_sent(sa, first.id)
    assert a.exchange.pending_records() == 0
    a.clock.advance(hours=1)
    again = a.exchange.export_package(sa, tmp_path / "o2")
    assert again.scope == "full"  # nothing acknowledged yet: everything again
    a.exchange.acknowledge(sa, first.id)
    a.clock.advance(hours=1)
    C = Citizen.__table__
    with a.db.write_core() as conn:
        conn.execute(update(C).where(C.c.id == conn.scalar(select(C.c.id).limit(1))).values(
            a.db.stamp({"note": "mới"}, new=False)))
    third = a.exchange.export_package(sa, tmp_path / "o3")
    assert third.scope == "incremental"
    assert third.counts["citizen"] == 1 and third.counts["visit"] == 0
    states = {i.id: i.status for i in a.exchange.outbox(sa) if i.kind == "package"}
    assert states[first.id] == "acknowledged" and states[third.id] == "created"


def test_unacknowledged_files_are_never_purged(pair, tmp_path):
    a, _b, sa, _sb = pair
    acked = a.exchange.export_package(sa, tmp_path / "o", full=True)
    a.clock.advance(seconds=2)
    kept = a.exchange.export_package(sa, tmp_path / "o", full=True)
    a.exchange.acknowledge(sa, acked.id)
    a.clock.advance(days=200)
    assert a.exchange.purge_acknowledged_files(sa, 90) == 1
    assert not acked.path.exists() and kept.path.exists()


class StopAfter:
    """A task context that asks to stop once ``rows`` records were written."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.seen: list[tuple[int, int]] = []
        self.cancelled = False

    def report(self, done: int, total: int) -> None:
        self.seen.append((done, total))
        self.cancelled = done >= self.rows


def test_cancelled_export_leaves_no_file(pair, tmp_path):
    a, _b, sa, _sb = pair
    context = StopAfter(0)
    listed = a.exchange.outbox(sa)
    with pytest.raises(Cancelled):
        a.exchange.export_package(sa, tmp_path / "out", full=True, context=context)
    assert context.seen and list((tmp_path / "out").iterdir()) == []
    assert a.exchange.outbox(sa) == listed


def test_a_cancel_midway_leaves_nothing_and_the_next_package_still_carries_everything(pair, tmp_path):
    a, _b, sa, _sb = pair
    add_people(a, 4500)
    first = a.exchange.export_package(sa, tmp_path / "o1", full=True)
    a.exchange.acknowledge(sa, first.id)
    a.clock.advance(hours=1)
    C = Citizen.__table__
    with a.db.write_core() as conn:  # every person edited after the acknowledged package
        changed = conn.execute(update(C).values(a.db.stamp({"note": "đã gọi điện hẹn"}, new=False))).rowcount
    listed, trail, pending = a.exchange.outbox(sa), a.audit.lines(sa), a.exchange.pending_records()
    context = StopAfter(2000)
    with pytest.raises(Cancelled):
        a.exchange.export_package(sa, tmp_path / "out", context=context)
    done, total = context.seen[-1]
    assert 2000 <= done < total and len(context.seen) >= 3  # stopped inside the people's part, not before it
    assert list((tmp_path / "out").iterdir()) == []  # neither the package nor its .part
    assert a.exchange.outbox(sa) == listed and a.exchange.pending_records() == pending
    assert a.audit.lines(sa) == trail  # no line says a package was written
    again = a.exchange.export_package(sa, tmp_path / "out")
    assert again.scope == "incremental" and again.since == first.until - timedelta(minutes=10)
    assert again.counts["citizen"] == changed > 4500
    assert [p.name for p in (tmp_path / "out").iterdir()] == [again.path.name]


def test_a_package_the_outbox_cannot_list_is_removed(pair, tmp_path, monkeypatch):
    a, _b, sa, _sb = pair
    listed = a.exchange.outbox(sa)

    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(a.audit, "append", refuse)
    with pytest.raises(OSError):
        a.exchange.export_package(sa, tmp_path / "out", full=True)
    monkeypatch.undo()
    assert list((tmp_path / "out").iterdir()) == [] and a.exchange.outbox(sa) == listed


def test_only_a_supervisor_exports_or_imports_and_both_are_audited(pair, tmp_path):
    a, b, sa, sb = pair
    clerk = a.auth.authenticate("congchuc1", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        a.exchange.export_package(clerk, tmp_path / "out")
    package = a.exchange.export_package(sa, tmp_path / "out", full=True).path
    b.exchange.import_package(sb, package)
    exported = [line for line in a.audit.lines(sa) if line.action.value == "export"]
    imported = [line for line in b.audit.lines(sb) if line.action.value == "import"]
    assert exported and exported[0].detail["counts"]["citizen"] > 0
    assert imported and imported[0].detail["applied"]["citizen"] > 0
    assert Role.SUPERVISOR  # the acting account is the supervisor's
    assert exported[0].username == "phutrach"


def test_a_package_of_this_same_machine_is_not_imported(pair, tmp_path):
    a, _b, sa, _sb = pair
    package = a.exchange.export_package(sa, tmp_path / "out", full=True).path
    with pytest.raises(PackageRejected, match="chính máy này"):
        a.exchange.import_package(sa, package)


def test_imported_accounts_are_locked(pair, tmp_path):
    a, b, sa, sb = pair
    b.exchange.import_package(sb, a.exchange.export_package(sa, tmp_path / "out", full=True).path)
    con = sqlite3.connect(b.paths.database)
    locked = con.execute("SELECT username, active, password_hash FROM user_account WHERE password_hash = '!'").fetchall()
    con.close()
    assert len(locked) == 5 and all(active == 0 for _u, active, _h in locked)
    assert all("." in user for user, _a, _h in locked)  # the names were taken here: marked with the device


def test_migration_keeps_rows_indexes_and_search_triggers_when_rebuilding_tables(built, tmp_path):
    """0009 rebuilds queue_ticket and dossier: down to 0008 and up again on a filled folder loses nothing."""
    from alembic import command

    from hcc_desktop.storage.migrate import alembic_config

    folder = demo_folder(built, 1, tmp_path / "a")
    with open_services(folder, clock=clock()) as services:
        before = counts(services)
        config = alembic_config()
        with services.db.engine.execution_options(hcc_mode="write").begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0008")
    con = sqlite3.connect(folder / "hcc.sqlite3")
    assert "UNIQUE (code)" in con.execute("SELECT sql FROM sqlite_master WHERE name = 'dossier'").fetchone()[0]
    con.close()
    with open_services(folder, clock=clock()) as services:  # start-up upgrades again, after a backup
        assert services.migration.before == "0008" and services.migration.backup is not None
        assert counts(services) == before
        assert services.db.integrity_problems() == []
        sup = services.auth.authenticate("phutrach", DEMO_PASSWORD)
        with services.db.read_core() as conn:
            code = conn.scalar(select(Dossier.__table__.c.code).limit(1))
        assert services.citizens.search(sup, code)  # dossier codes are still found (on their own index)
    con = sqlite3.connect(folder / "hcc.sqlite3")
    triggers = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    con.close()
    assert {"search_citizen_ai", "search_citizen_au", "search_citizen_ad"} <= triggers  # the citizens' word index
    assert not {"search_dossier_ai", "search_dossier_au", "search_dossier_ad"} & triggers  # codes are not in it


def test_any_damage_to_a_package_is_refused_cleanly_or_harmless(pair, tmp_path):
    """Property: whatever happens to the bytes of a package (cut anywhere, any byte changed, junk, a zip of junk),
    importing it raises a typed error with a message and changes nothing — or, if the damage missed
    everything that is checked, it imports what it holds; it never crashes or half-applies."""
    import io
    import zipfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from hcc_desktop.errors import HccError

    a, b, sa, sb = pair
    valid = a.exchange.export_package(sa, tmp_path / "out", full=True).path.read_bytes()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        how = data.draw(st.sampled_from(["cut", "flip", "junk", "zip-of-junk"]))
        if how == "cut":
            content = valid[: data.draw(st.integers(0, len(valid) - 1))]
        elif how == "flip":
            at = data.draw(st.integers(0, len(valid) - 1))
            content = valid[:at] + bytes([valid[at] ^ data.draw(st.integers(1, 255))]) + valid[at + 1:]
        elif how == "junk":
            content = data.draw(st.binary(max_size=2048))
        else:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as z:
                z.writestr("manifest.json", data.draw(st.binary(max_size=300)))
                z.writestr("citizen.jsonl", data.draw(st.binary(max_size=300)))
            content = out.getvalue()
        path = tmp_path / "damaged.zip"
        path.write_bytes(content)
        before = _db_snapshot(b)
        try:
            b.exchange.import_package(sb, path)
        except HccError as exc:
            assert exc.message
            assert _db_snapshot(b) == before
        else:
            assert how == "flip"  # only a change the checks cannot see (e.g. in the zip's own padding)

    check()
