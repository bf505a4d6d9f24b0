"""Anonymizing closed records older than the retention period: a preview, then exactly that, once."""

from __future__ import annotations

import pytest

from hcc_desktop.errors import PermissionDenied
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.dossiers import DossierInput
from hcc_desktop.services.queue import IssueRequest
from hcc_desktop.services.retention import ANONYMOUS
from hcc_desktop.services.visits import VisitInput


def _served(services, clerk, name: str, cccd: str, *, finish: str | None, draft: bool = False):
    """A person served in one visit with a received dossier, moved to ``finish`` (None: left open)."""
    person = services.citizens.create(clerk, CitizenInput(name, birth_year=1950, gender="female", cccd=cccd,
                                                          phone="0912345678", address="Bản Nà Sa", consent=True,
                                                          note="Khó đi lại"))
    procedure = next(p for p in services.catalog.procedures() if p.same_day)
    visit = services.visits.start(clerk, citizen_id=person.id)
    if draft:
        services.visits.save_draft(clerk, visit.id, {"papers": {"need": "Hỏi thủ tục"}})
        return person, None
    _done, dossier_id = services.visits.complete(
        clerk, visit.id, VisitInput(citizen_id=person.id, procedure_id=procedure.id, outcome="received",
                                    need="Làm giấy khai sinh cho cháu", note=f"Ghi chú về {name}"),
        DossierInput(person.id, procedure.id, delivery="post", delivery_address="Bản Nà Sa, xã Hòa An"))
    services.visits.record_survey(clerk, visit.id, 5, 1, f"{name}: cô Hương rất nhiệt tình")
    if finish:
        services.dossiers.change_status(clerk, dossier_id, "resolved")
        if finish == "returned":
            services.dossiers.change_status(clerk, dossier_id, "returned")
    return person, dossier_id


@pytest.fixture
def history(services, supervisor, clerk, clock):
    """Six years ago: three people served; one dossier never handed back, one visit left as a draft.
    Last month: one more person."""
    clock.advance(days=-6 * 365)
    old, _ = _served(services, clerk, "Lò Thị Xuân", "011150004567", finish="returned")
    waiting, _ = _served(services, clerk, "Hà Văn Pản", "011150004568", finish=None)
    drafted, _ = _served(services, clerk, "Vàng Thị Dợ", "011150004569", finish=None, draft=True)
    services.queue.issue(clerk, IssueRequest(reason_code="elderly", citizen_name="Lò Thị Xuân", seat="Ghế 3"))
    clock.advance(days=6 * 365 - 30)
    recent, _ = _served(services, clerk, "Lường Văn Ơn", "011150004570", finish="returned")
    clock.advance(days=30)
    return {"old": old, "waiting": waiting, "drafted": drafted, "recent": recent}


def test_the_preview_counts_exactly_what_is_anonymized(services, supervisor, clerk, history):
    preview = services.retention.preview(supervisor)
    assert (preview.people, preview.visits, preview.dossiers, preview.surveys, preview.tickets) == (1, 1, 1, 1, 1)
    done = services.retention.apply(supervisor)
    assert done == preview

    old = services.citizens.get(supervisor, history["old"].id, reveal_cccd=True)
    assert (old.full_name, old.cccd, old.phone, old.address, old.note, old.birth_date) == (ANONYMOUS, "", "", "", "",
                                                                                              None)
    assert (old.birth_year, old.gender.value, old.consent) == (1950, "female", True)  # kept for the figures
    for key in ("waiting", "drafted", "recent"):  # something open, or too recent: untouched
        kept = services.citizens.get(supervisor, history[key].id)
        assert kept.full_name == history[key].full_name and kept.phone
    assert services.citizens.search(supervisor, "lo thi xuan") == []
    assert services.citizens.search(supervisor, "011150004567") == []
    assert [h.full_name for h in services.citizens.search(supervisor, "luong van on")] == ["Lường Văn Ơn"]

    [line] = services.audit.lines(supervisor, action=AuditAction.DELETE)
    assert line.subject == "retention" and line.detail["people"] == 1
    assert services.retention.preview(supervisor).total == 0  # once
    assert services.retention.apply(supervisor).total == 0


def test_nothing_personal_is_left_in_the_database_file(services, supervisor, history, data_dir):
    import sqlite3

    services.retention.apply(supervisor)
    raw = b"".join(path.read_bytes() for path in data_dir.glob("hcc.sqlite3*"))  # as the program left them
    for secret in ("011150004567", "Ghi chú về Lò Thị Xuân", "Xuân: cô Hương"):
        assert secret.encode() not in raw, secret  # not even in free pages or the write-ahead log
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    rows = "\n".join(str(r) for table in ("citizen", "visit", "dossier", "survey", "queue_ticket")
                     for r in con.execute(f"SELECT * FROM {table}"))
    con.close()
    for secret in ("Lò Thị Xuân", "011150004567", "Ghi chú về Lò", "Xuân: cô Hương", "Ghế 3"):
        assert secret not in rows
    assert "Hà Văn Pản" in rows  # still open: kept


def test_the_period_is_a_setting_and_0_keeps_everything(services, supervisor, history):
    services.settings.set(supervisor, "retention_years", 0)
    assert services.retention.preview(supervisor).cutoff is None
    assert services.retention.apply(supervisor).total == 0
    services.settings.set(supervisor, "retention_years", 10)
    assert services.retention.preview(supervisor).people == 0


def test_only_a_supervisor_anonymizes(services, clerk, volunteer, history):
    for actor in (clerk, volunteer):
        with pytest.raises(PermissionDenied):
            services.retention.preview(actor)
        with pytest.raises(PermissionDenied):
            services.retention.apply(actor)


def test_the_dialog_shows_the_preview_and_anonymizes_after_confirmation(qtbot, services, supervisor, history):
    from hcc_desktop.ui.retention_dialog import RetentionDialog
    from hcc_desktop.ui.tasks import wait_for_tasks

    dialog = RetentionDialog(services.retention, supervisor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=10_000)
    assert "Người dân đã ẩn danh" in dialog.explain.text() and "không hoàn tác" in dialog.explain.text().lower()
    assert dialog.table.item(0, 1).text() == "1" and dialog.apply_button.text() == "Ẩn danh 5 bản ghi"
    dialog.ask()
    dialog.confirm.button(dialog.confirm.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: dialog.result.text().startswith("Đã ẩn danh 5"), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.apply_button.text() == "Không có gì cần ẩn danh", timeout=10_000)
    assert services.citizens.get(supervisor, history["old"].id).full_name == "Người dân đã ẩn danh"
    wait_for_tasks()
