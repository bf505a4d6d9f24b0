"""Synthetic served people for the report and import figures: citizens, finished tickets, visits, surveys.

Written through the package's own row writer (``storage.exchange_store.insert_rows``) into a data
folder made by ``open_services``, in one transaction; deterministic from the seed.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

SUPPORT = ("guided", "wrote_form", "online_entry", "account", "payment", "lookup")
OUTCOMES = ("received", "guided_only", "bring_papers", "referred")
FMT = "%Y-%m-%d %H:%M:%S.%f"


def build(data_dir: Path, visits: int, *, citizens: int | None = None, surveys: bool = True,
          seed: int = 8) -> dict[str, int]:
    from hcc_desktop.app import open_services
    from hcc_desktop.services.demo import person_name
    from hcc_desktop.storage.case_models import Citizen, Survey, Visit
    from hcc_desktop.storage.exchange_store import columns_of, insert_rows
    from hcc_desktop.storage.models import QueueTicket

    rng = random.Random(seed)
    citizens = citizens or max(1, visits // 4)
    with open_services(data_dir) as services:
        sup = services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
        helper = sup.user_id.hex
        device = services.db.device_id.hex
        procedures = [p.id.hex for p in services.catalog.procedures()]
        start = datetime(2026, 11, 2, 0, 30, tzinfo=timezone.utc)

        def ts(when: datetime) -> str:
            return when.strftime(FMT)

        people = []
        for i in range(citizens):
            made = ts(start)
            name = person_name(rng, rng.choice(["male", "female"]))
            from hcc_desktop.text import fold
            people.append(dict(id=uuid.uuid4().hex, created_at=made, updated_at=made, device_id=device,
                               full_name=name, name_folded=fold(name), birth_year=rng.randint(1930, 2006),
                               birth_date=None, gender="", cccd=None, phone=f"09{rng.randint(10**7, 10**8 - 1)}",
                               village=f"Thôn {rng.randint(1, 16)}", address="", vulnerabilities="",
                               disability_type="", disability_level="", vneid="unknown", consent=True,
                               consent_at=made, note=""))
        tickets, rows, answers = [], [], []
        per_day = 400
        for i in range(visits):
            day = start + timedelta(days=i // per_day)
            issued = day + timedelta(minutes=(i % per_day) * 1.2)
            called = issued + timedelta(minutes=rng.randint(1, 60))
            finished = called + timedelta(minutes=rng.randint(3, 25))
            tier = rng.choices(["head", "priority", "regular"], [3, 45, 52])[0]
            ticket = dict(id=uuid.uuid4().hex, created_at=ts(issued), updated_at=ts(finished), device_id=device,
                          service_day=(day + timedelta(hours=7)).date().isoformat(), seq=i % per_day + 1,
                          tier=tier, prefix={"head": "Đ", "priority": "U", "regular": "T"}[tier],
                          number=i % per_day + 1, reason_code="elderly" if tier != "regular" else "none",
                          reason_label="Người cao tuổi" if tier != "regular" else "Không thuộc diện ưu tiên",
                          reason_note="", reason_verified=True, citizen_name="", birth_year=None, seat="",
                          needs="", status="done", counter="Quầy 1", assigned_counter="", service_note="",
                          recall_count=0, call_rule="order", postponed_until=None, issued_at=ts(issued),
                          called_at=ts(called), started_at=ts(called), finished_at=ts(finished), issued_by=helper,
                          request_id=uuid.uuid4().hex)
            tickets.append(ticket)
            visit = dict(id=uuid.uuid4().hex, created_at=ts(called), updated_at=ts(finished), device_id=device,
                         ticket_id=ticket["id"], citizen_id=rng.choice(people)["id"],
                         procedure_id=rng.choice(procedures), status="completed", need="",
                         support=",".join(rng.sample(SUPPORT, rng.randint(1, 2))), support_note="",
                         documents_ok="[]", outcome=rng.choice(OUTCOMES), helper_id=helper, helper_role="supervisor",
                         started_at=ts(called), finished_at=ts(finished), draft_json="{}", note="")
            rows.append(visit)
            if surveys and rng.random() < 0.7:
                answers.append(dict(id=uuid.uuid4().hex, created_at=ts(finished), updated_at=ts(finished),
                                    device_id=device, visit_id=visit["id"], level=rng.randint(1, 5),
                                    trips=rng.randint(0, 2), comment="", skipped=False))
        with services.db.write_core() as conn:
            for model, data in ((Citizen, people), (QueueTicket, tickets), (Visit, rows), (Survey, answers)):
                table = model.__table__
                for at in range(0, len(data), 5000):
                    insert_rows(conn, table, columns_of(table), data[at:at + 5000])
    return {"citizen": len(people), "queue_ticket": len(tickets), "visit": len(rows), "survey": len(answers)}
