"""Scenario playbooks: the plan's ten rows word for word, two more, editing and restoring, applying one at
the counter with what it leaves to follow up, and the counts per scenario."""

import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from hcc_desktop.errors import NotFound, PermissionDenied, ValidationError
from hcc_desktop.services.followups import ComplaintInput
from hcc_desktop.services.incidents import ApplyInput
from hcc_desktop.services.playbook_data import OfficeInput, PlaybookInput, shipped_playbooks
from hcc_desktop.storage.continuity_models import Complaint, Incident, Referral

PLAN = Path(__file__).with_name("data") / "lac-phuong-plan-restored.md"


def plan_rows() -> dict[int, tuple[str, str, str]]:
    """Section IV's table of the restored Lạc Phương plan: row number → (situation, difficulty, handling)."""
    text = PLAN.read_text(encoding="utf-8")
    section = text.split("## IV.", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows[int(cells[0])] = tuple(cells[1:])
    return rows


def test_the_ten_scenarios_of_the_plan_match_its_table_word_for_word(services):
    rows = plan_rows()
    assert sorted(rows) == list(range(1, 11))
    stored = {p.plan_row: p for p in services.playbooks.playbooks() if p.plan_row is not None}
    assert sorted(stored) == list(range(1, 11))
    for n, (situation, difficulty, handling) in rows.items():
        assert (stored[n].title, stored[n].difficulty, stored[n].handling) == (situation, difficulty, handling), n
    shipped = {p.plan_row: p for p in shipped_playbooks() if p.plan_row}
    assert {n: (p.title, p.difficulty, p.handling) for n, p in shipped.items()} == rows


def test_twelve_scenarios_with_steps_who_and_what_to_record(services):
    playbooks = services.playbooks.playbooks()
    assert len(playbooks) == 12
    extra = [p for p in playbooks if p.plan_row is None]
    assert [p.title for p in extra] == ["Mất kết nối mạng Internet", "Người dân phản ánh, bức xúc"]
    for p in playbooks:
        assert len(p.steps) >= 3 and p.responsible and p.record and not p.edited
    by_code = {p.code: p for p in playbooks}
    assert "Công an xã" in by_code["no_vneid"].responsible
    assert "Đoàn Thanh niên" in by_code["no_smartphone"].responsible
    assert "Tổ công nghệ số cộng đồng" in by_code["no_smartphone"].responsible
    assert any("chip" in item for item in by_code["no_vneid"].bring_list)


def test_a_supervisor_edits_a_playbook_and_can_always_restore_the_original(services, supervisor, clerk):
    original = services.playbooks.playbook("no_vneid")
    change = PlaybookInput("no_vneid", "VNeID chưa kích hoạt", original.difficulty, original.handling,
                           original.responsible, ("Gọi Công an xã",), original.record, "referral", "cong_an_xa")
    with pytest.raises(PermissionDenied):
        services.playbooks.save_playbook(clerk, change)
    edited = services.playbooks.save_playbook(supervisor, change)
    assert edited.title == "VNeID chưa kích hoạt" and edited.steps == ("Gọi Công an xã",) and edited.edited
    restored = services.playbooks.restore_playbooks(supervisor, ["no_vneid"])[0]
    assert restored.title == original.title and restored.steps == original.steps and not restored.edited


@pytest.mark.parametrize("change, field", [
    (dict(title="   "), "title"), (dict(steps=()), "steps"), (dict(steps=("  ", "")), "steps"),
    (dict(office="khong_co"), "office"), (dict(action="referral", office=""), "office")])
def test_an_empty_title_or_step_list_is_refused_and_nothing_changes(services, supervisor, change, field):
    before = services.playbooks.playbook("no_smartphone")
    values = dict(code="no_smartphone", title=before.title, steps=before.steps, action=before.action,
                  office=before.office) | change
    with pytest.raises(ValidationError) as error:
        services.playbooks.save_playbook(supervisor, PlaybookInput(**values))
    assert error.value.field == field and error.value.message
    assert services.playbooks.playbook("no_smartphone") == before


def test_restoring_all_brings_back_every_shipped_playbook(services, supervisor):
    from sqlalchemy import delete

    from hcc_desktop.services.playbooks import PB

    with services.db.write_core() as conn:
        conn.execute(delete(PB).where(PB.c.code == "complaint"))
    services.playbooks.save_playbook(supervisor, PlaybookInput("disability", "Khác", steps=("Một bước",)))
    restored = services.playbooks.restore_playbooks(supervisor)
    assert len(restored) == 12 and not any(p.edited for p in services.playbooks.playbooks())
    with pytest.raises(NotFound):
        services.playbooks.restore_playbooks(supervisor, ["khong_co"])


def test_missing_vneid_refers_to_the_police_and_the_return_gets_priority(services, clerk, clock):
    applied = services.continuity.incidents.apply(clerk, ApplyInput(
        "no_vneid", steps_done=(0, 2), note="Chưa định danh mức 2", citizen_name="Lê Văn Tám",
        return_on=date(2026, 11, 27)))
    assert applied.incident.steps[0] == (services.playbooks.playbook("no_vneid").steps[0], True)
    assert [done for _s, done in applied.incident.steps] == [True, False, True, False, False]
    referral = applied.referral
    assert referral.office_name == "Công an xã" and referral.code == "GT-261125-001" and referral.status == "open"
    assert referral.return_on == date(2026, 11, 27) and any("chip" in b for b in referral.bring)
    follow = services.continuity.followups
    assert [r.id for r in follow.referrals(clerk)] == [referral.id]
    clock.advance(days=2)
    back, issued = follow.came_back(clerk, referral.id)
    again, same = follow.came_back(clerk, referral.id)
    assert issued.ticket.id == same.ticket.id  # asking twice gives one ticket
    assert issued.ticket.reason_code == "returning" and issued.ticket.tier.value == "priority"
    assert issued.ticket.reason_verified and referral.code in issued.ticket.reason_note
    assert back.status == "returned" and back.return_ticket_id == issued.ticket.id
    closed = follow.close_referral(clerk, referral.id, "Đã định danh, đã nộp hồ sơ")
    assert closed.status == "closed" and follow.referrals(clerk) == []
    with pytest.raises(ValidationError):
        follow.close_referral(clerk, referral.id, "lần nữa")


def _count(services, table) -> int:
    from sqlalchemy import func, select

    with services.db.read_core() as conn:
        return conn.scalar(select(func.count()).select_from(table.__table__))


def test_a_referral_to_a_closed_or_unknown_office_is_refused_and_nothing_is_written(services, supervisor, clerk):
    office = services.playbooks.office("doan_thanh_nien")
    services.playbooks.save_office(supervisor, OfficeInput(office.code, office.name, active=False))
    with pytest.raises(ValidationError, match="đang đóng"):
        services.continuity.incidents.apply(clerk, ApplyInput("no_smartphone"))
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        services.continuity.incidents.apply(clerk, ApplyInput("no_smartphone", office="khong_co"))
    with pytest.raises(ValidationError, match="trước hôm nay"):
        services.continuity.incidents.apply(clerk, ApplyInput("no_vneid", return_on=date(2026, 11, 1)))
    assert _count(services, Incident) == 0 and _count(services, Referral) == 0
    applied = services.continuity.incidents.apply(clerk, ApplyInput("no_smartphone", office="to_cnscd"))
    assert applied.referral.office_name == "Tổ công nghệ số cộng đồng"


def test_a_data_error_is_forwarded_to_the_feedback_system_with_its_reference(services, clerk):
    applied = services.continuity.incidents.apply(clerk, ApplyInput("data_error", note="Trống ngày sinh"))
    assert applied.referral.office_code == "he_thong_pakn" and applied.referral.external_ref == ""
    closed = services.continuity.followups.close_referral(clerk, applied.referral.id, "Đã sửa dữ liệu", "PAKN-2026-1234")
    assert closed.external_ref == "PAKN-2026-1234"


def test_complaints_record_who_what_when_and_how_they_were_answered(services, clerk, clock):
    with pytest.raises(ValidationError) as error:
        services.continuity.incidents.apply(clerk, ApplyInput("complaint", complaint=ComplaintInput("Trần Văn Đông", " ")))
    assert error.value.field == "content" and _count(services, Incident) == 0
    applied = services.continuity.incidents.apply(clerk, ApplyInput("complaint", complaint=ComplaintInput(
        "Trần Văn Đông", "Chờ quá lâu, không ai hướng dẫn", contact="0912345678")))
    follow = services.continuity.followups
    complaint = applied.complaint
    assert complaint.status == "open" and complaint.received_at == clock.now()
    with pytest.raises(ValidationError, match="trả lời hoặc đã chuyển"):
        follow.update_complaint(clerk, complaint.id, "closed")
    with pytest.raises(ValidationError):
        follow.update_complaint(clerk, complaint.id, "forwarded")
    follow.update_complaint(clerk, complaint.id, "forwarded", forwarded_to="Văn phòng HĐND và UBND xã")
    closed = follow.update_complaint(clerk, complaint.id, "closed", response="Đã xin lỗi, bố trí thêm người")
    assert (closed.status, closed.forwarded_to, closed.closed_at) == ("closed", "Văn phòng HĐND và UBND xã",
                                                                       clock.now())
    assert follow.complaints(clerk) == [] and len(follow.complaints(clerk, open_only=False)) == 1
    assert _count(services, Complaint) == 1


def test_no_connection_keeps_the_submission_until_it_is_made_with_its_reference(services, clerk):
    procedure = services.catalog.procedure("1.001193")
    applied = services.continuity.incidents.apply(clerk, ApplyInput(
        "no_internet", citizen_name="Hoàng Thị Lan", procedure_id=procedure.id, procedure_name=procedure.name,
        submission={"need": "Khai sinh cho cháu", "papers": ["Giấy chứng sinh"]}))
    follow = services.continuity.followups
    pending = follow.pending(clerk)
    assert [p.id for p in pending] == [applied.pending.id]
    assert pending[0].data["need"] == "Khai sinh cho cháu" and pending[0].procedure_name == procedure.name
    with pytest.raises(ValidationError) as error:
        follow.mark_submitted(clerk, applied.pending.id, "  ")
    assert error.value.field == "online_ref"
    done = follow.mark_submitted(clerk, applied.pending.id, "G22.99-261125-0001")
    assert done.status == "submitted" and done.online_ref == "G22.99-261125-0001" and follow.pending(clerk) == []


def test_counts_per_scenario_and_period(services, clerk, clock):
    incidents = services.continuity.incidents
    incidents.apply(clerk, ApplyInput("no_vneid"))
    incidents.apply(clerk, ApplyInput("no_vneid"))
    incidents.apply(clerk, ApplyInput("power_center", steps_done=(0, 1)))
    clock.advance(days=1)
    incidents.apply(clerk, ApplyInput("complaint", complaint=ComplaintInput("Bà Lan", "Máy in hỏng")))
    day = date(2026, 11, 25)
    counts = {c.code: c for c in incidents.counts(clerk, day, day)}
    assert (counts["no_vneid"].incidents, counts["no_vneid"].referrals, counts["no_vneid"].referrals_open) == (2, 2, 2)
    assert counts["power_center"].incidents == 1 and counts["complaint"].complaints == 0
    both = {c.code: c for c in incidents.counts(clerk, day, day + timedelta(days=1))}
    assert both["complaint"].incidents == 1 and both["complaint"].complaints == 1 and len(both) == 12
    with pytest.raises(ValidationError):
        incidents.counts(clerk, day, day - timedelta(days=1))


def test_an_incident_links_to_the_visit(services, clerk):
    visit = services.visits.start(clerk)
    incidents = services.continuity.incidents
    incidents.apply(clerk, ApplyInput("elderly_forms", steps_done=(0, 1, 2, 3), visit_id=visit.id, note="Viết hộ"))
    assert [i.playbook_code for i in incidents.for_visit(clerk, visit.id)] == ["elderly_forms"]
    with pytest.raises(ValidationError):
        incidents.apply(clerk, ApplyInput("elderly_forms", steps_done=(9,)))
    with pytest.raises(NotFound, match="Không tìm thấy lượt hỗ trợ"):
        incidents.apply(clerk, ApplyInput("elderly_forms", visit_id=uuid.uuid4()))
    with pytest.raises(NotFound, match="Không tìm thấy hồ sơ"):
        incidents.apply(clerk, ApplyInput("elderly_forms", visit_id=visit.id, dossier_id=uuid.uuid4()))
    assert len(incidents.for_visit(clerk, visit.id)) == 1


def test_plan_file_is_the_restored_plan():
    assert re.search(r"\| 7 \| Người khuyết tật nghe, nói, nhìn, vận động, \.\.\. \|", PLAN.read_text(encoding="utf-8"))
