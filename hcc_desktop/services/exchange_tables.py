"""What a data package carries, table by table, and how each table is merged.

Order matters: a table comes after the tables its rows point at. Accounts travel
without their password hash and arrive locked; the catalog of the receiving machine
wins (a procedure known here by code is used as it is); a person already known here
by CCCD is the same person (their visits and dossiers are attached to the local one).
Tickets and visits still open on the sending machine are not sent (they travel once
finished); queue events (the counter's own log) stay on the machine that wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table

from hcc_desktop.i18n import tr
from hcc_desktop.storage.case_models import Citizen, Dossier, DossierEvent, Procedure, Survey, Visit
from hcc_desktop.storage.exchange_store import Column, columns_of
from hcc_desktop.storage.models import QueueTicket, UserAccount

FINAL_TICKETS = ("done", "no_show", "cancelled", "expired")
FINAL_VISITS = ("completed", "abandoned")


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: Table
    label: str
    policy: str = "merge"  # merge | keep_local (accounts, catalog: never changed by a package)
    refs: dict[str, str] = field(default_factory=dict)  # column → table it points at
    uniques: tuple[tuple[str, ...], ...] = ()
    final: tuple[str, str | tuple[str, ...]] | None = None  # (column, values): only these states travel
    exclude: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self.table, self.exclude)

    @property
    def part(self) -> str:
        return f"{self.name}.jsonl"


SPECS: tuple[TableSpec, ...] = (
    TableSpec("user_account", UserAccount.__table__, tr("tài khoản"), "keep_local", exclude=("password_hash",)),
    TableSpec("procedure", Procedure.__table__, tr("thủ tục"), "keep_local"),
    TableSpec("citizen", Citizen.__table__, tr("công dân"), uniques=(("cccd",),)),
    TableSpec("queue_ticket", QueueTicket.__table__, tr("số thứ tự"), refs={"issued_by": "user_account"},
              uniques=(("service_day", "tier", "number", "device_id"), ("request_id",)),
              final=("status", FINAL_TICKETS)),
    TableSpec("visit", Visit.__table__, tr("lượt hỗ trợ"),
              refs={"ticket_id": "queue_ticket", "citizen_id": "citizen", "procedure_id": "procedure",
                    "helper_id": "user_account"}, final=("status", FINAL_VISITS)),
    TableSpec("dossier", Dossier.__table__, tr("hồ sơ"),
              refs={"visit_id": "visit", "citizen_id": "citizen", "procedure_id": "procedure",
                    "received_by": "user_account"}, uniques=(("code", "device_id"),)),
    TableSpec("dossier_event", DossierEvent.__table__, tr("diễn biến hồ sơ"),
              refs={"dossier_id": "dossier", "user_id": "user_account"}),
    TableSpec("survey", Survey.__table__, tr("đánh giá hài lòng"), refs={"visit_id": "visit"},
              uniques=(("visit_id",),)),
)
BY_NAME = {s.name: s for s in SPECS}
