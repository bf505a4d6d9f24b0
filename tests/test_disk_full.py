"""A full disk or a read-only data folder: a plain Vietnamese message, nothing already saved lost,
nothing half-written, and saving works again once space is freed — without restarting.

SQLite reports a full disk as SQLITE_FULL; here every connection gets ``PRAGMA max_page_count``
(the database may not grow past its size), which makes SQLite fail the same way. Where a save
must fail at a given statement of its transaction, a temporary trigger on that table raises
SQLite's full-disk message there. A read-only
folder is ``PRAGMA query_only`` (SQLITE_READONLY), and, for a user who is not root, a real
folder without write permission.
"""

import os
import sqlite3
import stat
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from hcc_desktop.app import open_services
from hcc_desktop.errors import StorageFull
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.dossiers import DossierInput
from hcc_desktop.services.queue import IssueRequest
from hcc_desktop.services.visits import VisitInput
from tests.test_dossiers import _procedure


@contextmanager
def limited(services, sql: str):
    """Every connection of ``services`` runs ``sql`` when it opens, until the block ends."""
    engine = services.db.engine

    def on_connect(dbapi_connection, _record):
        dbapi_connection.execute(sql)

    event.listen(engine, "connect", on_connect)
    services.db.dispose()  # connections open from now on get the limit
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)
        services.db.dispose()


def _full_disk(services):
    """The database may not grow, and its free pages are taken: the next page a save needs is refused."""
    con = sqlite3.connect(services.paths.database, isolation_level=None)
    try:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute("CREATE TABLE IF NOT EXISTS test_filler (blob BLOB)")
        con.execute(f"PRAGMA max_page_count={pages + 1}")
        while True:
            try:
                con.execute("INSERT INTO test_filler VALUES (zeroblob(3000))")
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                break
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    finally:
        con.close()
    return limited(services, f"PRAGMA max_page_count={pages}")


def _count(services, table):
    with sqlite3.connect(services.paths.database) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _sound(services):
    with sqlite3.connect(services.paths.database) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_saves_on_a_full_disk_are_refused_plainly_and_every_earlier_save_stays(services, clerk):
    before = _count(services, "citizen")
    acknowledged = 0
    with _full_disk(services):
        with pytest.raises(StorageFull) as refused:
            for i in range(2000):
                services.citizens.create(clerk, CitizenInput(full_name=f"Nguyễn Văn Thử {i}", consent=True,
                                                             note="ghi chú dài " * 400))
                acknowledged += 1
    assert "Ổ đĩa đã đầy" in refused.value.message and "vẫn an toàn" in refused.value.message
    assert _count(services, "citizen") == before + acknowledged
    _sound(services)
    # space freed: the same program saves again
    person = services.citizens.create(clerk, CitizenInput(full_name="Trần Thị Sau", consent=True))
    assert services.citizens.get(clerk, person.id).full_name == "Trần Thị Sau"


@pytest.mark.parametrize("where", ["UPDATE ON main.visit", "INSERT ON main.dossier", "INSERT ON main.dossier_event"])
def test_a_visit_completed_on_a_full_disk_stays_open_with_its_draft_and_completes_later(services, clerk, where):
    """The disk fills at the visit, the dossier or its history line: the visit (closed first in the same
    transaction) is open again with its draft; no dossier, no history line."""
    procedure = _procedure(services)
    citizen = services.citizens.create(clerk, CitizenInput(full_name="Hoàng Thị Lan", consent=True)).id
    ticket = services.queue.issue(clerk, IssueRequest(reason_code="elderly")).ticket
    visit = services.visits.start(clerk, ticket_id=ticket.id)
    services.visits.save_draft(clerk, visit.id, {"papers": {"need": "Làm giấy khai sinh cho cháu nội"}})
    data = VisitInput(citizen_id=citizen, procedure_id=procedure, need="khai sinh", support=("wrote_form",),
                      outcome="received")
    counts = {t: _count(services, t) for t in ("dossier", "dossier_event", "audit_log")}
    trigger = (f"CREATE TEMP TRIGGER disk_full AFTER {where} "
               "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    with limited(services, trigger), pytest.raises(StorageFull, match="Ổ đĩa đã đầy"):
        services.visits.complete(clerk, visit.id, data, DossierInput(citizen, procedure))
    assert {t: _count(services, t) for t in counts} == counts
    [open_visit] = services.visits.open_drafts(clerk)
    assert open_visit.id == visit.id and open_visit.draft["papers"]["need"] == "Làm giấy khai sinh cho cháu nội"
    _sound(services)
    done, dossier_id = services.visits.complete(clerk, visit.id, data, DossierInput(citizen, procedure))
    assert done.status == "completed" and dossier_id is not None
    assert services.visits.open_drafts(clerk) == []


def test_a_read_only_data_folder_refuses_saves_plainly_and_reading_goes_on(services, clerk):
    person = services.citizens.create(clerk, CitizenInput(full_name="Lê Văn Đọc", consent=True))
    with limited(services, "PRAGMA query_only=1"):
        with pytest.raises(StorageFull, match="chỉ cho phép đọc"):
            services.citizens.create(clerk, CitizenInput(full_name="Lê Văn Không", consent=True))
        with pytest.raises(StorageFull, match="chỉ cho phép đọc"):
            services.queue.issue(clerk, IssueRequest(reason_code="elderly"))
        assert services.citizens.get(clerk, person.id).full_name == "Lê Văn Đọc"
    assert [h.full_name for h in services.citizens.search(clerk, "Lê Văn")] == ["Lê Văn Đọc"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write anywhere: a folder without write permission is no obstacle")
def test_a_data_folder_without_write_permission_is_said_at_start(data_dir, clock, services):
    services.close()
    database = data_dir / "hcc.sqlite3"
    mode = data_dir.stat().st_mode
    data_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StorageFull, match="chỉ cho phép đọc"):
            open_services(data_dir, clock=clock)
    finally:
        data_dir.chmod(mode)
    assert database.exists()
