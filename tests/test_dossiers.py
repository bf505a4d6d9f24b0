"""Visits and dossiers: drafts survive, a received dossier is written with its visit, the lifecycle is guarded."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from hcc_desktop.errors import NotFound, PermissionDenied, ValidationError
from hcc_desktop.services.dossiers import DossierInput, DossierService, DossierStatus
from hcc_desktop.services.visits import VisitInput, VisitService
from hcc_desktop.storage.case_models import Citizen, Procedure
from hcc_desktop.text import fold


class WorkingDaysOnly:
    """A calendar double: every day is a working day, closing 17:00 local (10:00 UTC)."""

    def due_at(self, received_at, working_days):
        day = received_at + timedelta(days=working_days)
        return day.replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def cases(services):
    """Dossier rules with a plain calendar; the real calendar is tested in test_calendar.py."""
    dossiers = DossierService(services.db, WorkingDaysOnly())
    return dossiers, VisitService(services.db, dossiers)


def test_the_program_wires_dossiers_to_the_working_calendar(services, clerk, clock):
    """Received Wednesday 25/11/2026 08:00; 5 working days → Wednesday 2/12, closing time 17:00 local."""
    citizen = _citizen(services)
    procedure = _procedure(services, code="TEST-5D", same_day=False, processing_days=5)
    dossier = services.dossiers.receive(clerk, DossierInput(citizen, procedure))
    assert dossier.code.startswith("HS-261125-")
    assert dossier.due_at == datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)


def _procedure(services, **kw):
    values = dict(code=kw.pop("code", "TEST-KS"), name="Đăng ký khai sinh", field="Hộ tịch",
                  processing_days=None, same_day=True, fee="", legal_basis="", purpose="", who_may_apply="",
                  verified=False, active=True, note="")
    values.update(kw)
    with services.db.write_core() as conn:
        conn.execute(insert(Procedure.__table__), services.db.stamp(values))
    return values["id"]


def _citizen(services, name="Hoàng Thị Lan"):
    values = dict(full_name=name, name_folded=fold(name), birth_year=1948, birth_date=None, gender="female",
                  cccd=None, phone="", village="", address="", vulnerabilities="", disability_type="",
                  disability_level="", vneid="unknown", consent=True, consent_at=None, note="")
    with services.db.write_core() as conn:
        conn.execute(insert(Citizen.__table__), services.db.stamp(values))
    return values["id"]


def test_visit_draft_is_kept_and_offered_back(services, cases, clerk):
    _, visits = cases
    visit = visits.start(clerk)
    visits.save_draft(clerk, visit.id, {"need": "Làm giấy khai sinh cho cháu", "step": 2})
    drafts = visits.open_drafts(clerk)
    assert [d.id for d in drafts] == [visit.id]
    assert drafts[0].draft == {"need": "Làm giấy khai sinh cho cháu", "step": 2}


def test_completing_with_a_dossier_writes_both_and_clears_the_draft(services, cases, clerk, clock):
    dossiers, visits = cases
    procedure, citizen = _procedure(services), _citizen(services)
    visit = visits.start(clerk)
    data = VisitInput(citizen_id=citizen, procedure_id=procedure, need="khai sinh",
                      support=("wrote_form", "guided"), outcome="received")
    done, dossier_id = visits.complete(clerk, visit.id, data, DossierInput(citizen, procedure))
    assert done.status == "completed" and done.draft == {} and done.support == ("wrote_form", "guided")
    dossier = dossiers.get(clerk, dossier_id)
    assert dossier.code == "HS-261125-001" and dossier.status is DossierStatus.RECEIVED
    assert dossier.citizen_name == "Hoàng Thị Lan" and dossier.procedure_name == "Đăng ký khai sinh"
    assert visits.open_drafts(clerk) == []
    assert [e.kind for e in dossiers.history(clerk, dossier_id)] == ["received"]


def test_a_bad_dossier_leaves_the_visit_open(services, cases, clerk):
    _, visits = cases
    procedure, citizen = _procedure(services), _citizen(services)
    visit = visits.start(clerk)
    with pytest.raises(ValidationError) as info:
        visits.complete(clerk, visit.id, VisitInput(citizen_id=citizen, procedure_id=procedure, outcome="received"),
                        DossierInput(citizen, procedure, delivery="post"))
    assert info.value.field == "delivery_address"
    assert visits.get(clerk, visit.id).status == "draft"


def test_an_unknown_applicant_leaves_the_visit_open_and_no_dossier(services, cases, clerk):
    import uuid

    dossiers, visits = cases
    procedure, citizen = _procedure(services), _citizen(services)
    visit = visits.start(clerk)
    stranger = uuid.uuid4()
    with pytest.raises(ValidationError) as info:
        visits.complete(clerk, visit.id, VisitInput(citizen_id=citizen, procedure_id=procedure, outcome="received"),
                        DossierInput(stranger, procedure))
    assert info.value.field == "citizen_id"
    assert visits.get(clerk, visit.id).status == "draft"
    done, dossier_id = visits.complete(clerk, visit.id, VisitInput(citizen_id=citizen, procedure_id=procedure,
                                                                   outcome="received"), DossierInput(citizen, procedure))
    assert done.status == "completed" and done.procedure_id == procedure
    assert dossiers.get(clerk, dossier_id).code.endswith("-001")  # the refused attempt used no number
    with pytest.raises(ValidationError, match="đã kết thúc"):
        visits.complete(clerk, visit.id, VisitInput(outcome="guided_only"))
    with pytest.raises(NotFound):
        visits.complete(clerk, uuid.uuid4(), VisitInput(outcome="guided_only"))


def test_outcome_rules(services, cases, clerk):
    _, visits = cases
    visit = visits.start(clerk)
    with pytest.raises(ValidationError, match="kết quả"):
        visits.complete(clerk, visit.id, VisitInput())
    with pytest.raises(ValidationError, match="thông tin hồ sơ"):
        visits.complete(clerk, visit.id, VisitInput(procedure_id=_procedure(services), outcome="received"))
    done, dossier = visits.complete(clerk, visit.id, VisitInput(outcome="guided_only", support=("lookup",)))
    assert dossier is None and done.outcome == "guided_only"
    with pytest.raises(ValidationError, match="đã kết thúc"):
        visits.save_draft(clerk, visit.id, {})


def test_due_date_from_the_catalog_or_given(services, cases, clerk, clock):
    dossiers, _ = cases
    citizen = _citizen(services)
    five_days = _procedure(services, code="TEST-CT", same_day=False, processing_days=5)
    unknown = _procedure(services, code="TEST-BTXH", same_day=False, processing_days=None)
    d = dossiers.receive(clerk, DossierInput(citizen, five_days))
    assert d.due_at == (clock.now() + timedelta(days=5)).replace(hour=10, minute=0)
    with pytest.raises(ValidationError) as info:
        dossiers.receive(clerk, DossierInput(citizen, unknown))
    assert info.value.field == "due_at"
    given = clock.now() + timedelta(days=10)
    assert dossiers.receive(clerk, DossierInput(citizen, unknown, due_at=given)).due_at == given


def test_lifecycle_transitions_and_history(services, cases, clerk, clock):
    dossiers, _ = cases
    d = dossiers.receive(clerk, DossierInput(_citizen(services), _procedure(services)))
    with pytest.raises(ValidationError, match="lý do"):
        dossiers.change_status(clerk, d.id, "needs_supplement")
    dossiers.change_status(clerk, d.id, "needs_supplement", "Thiếu giấy chứng sinh")
    dossiers.change_status(clerk, d.id, "processing")
    clock.advance(hours=1)
    resolved = dossiers.change_status(clerk, d.id, "resolved")
    assert resolved.resolved_at == clock.now()
    with pytest.raises(ValidationError, match="không chuyển sang"):
        dossiers.change_status(clerk, d.id, "processing")
    returned = dossiers.change_status(clerk, d.id, "returned")
    assert returned.status is DossierStatus.RETURNED and returned.returned_at == clock.now()
    kinds = [(e.from_status, e.to_status) for e in dossiers.history(clerk, d.id)]
    assert kinds == [("", "received"), ("received", "needs_supplement"), ("needs_supplement", "processing"),
                     ("processing", "resolved"), ("resolved", "returned")]


def test_due_soon_and_overdue_lists(services, cases, clerk, clock):
    dossiers, _ = cases
    citizen = _citizen(services)
    today = dossiers.receive(clerk, DossierInput(citizen, _procedure(services)))
    later = dossiers.receive(clerk, DossierInput(citizen, _procedure(services, code="X1", same_day=False,
                                                                    processing_days=7)))
    assert [d.id for d in dossiers.due_soon(clerk, days=2)] == [today.id]
    clock.advance(days=1)
    assert [d.id for d in dossiers.overdue(clerk)] == [today.id]
    assert dossiers.get(clerk, today.id).overdue(clock.now()) and not later.overdue(clock.now())
    dossiers.change_status(clerk, today.id, "resolved")
    assert dossiers.overdue(clerk) == []


def test_codes_count_up_per_day(services, cases, clerk, clock):
    dossiers, _ = cases
    citizen, procedure = _citizen(services), _procedure(services)
    codes = [dossiers.receive(clerk, DossierInput(citizen, procedure)).code for _ in range(2)]
    clock.advance(days=1)
    codes.append(dossiers.receive(clerk, DossierInput(citizen, procedure)).code)
    assert codes == ["HS-261125-001", "HS-261125-002", "HS-261126-001"]


def test_online_submission_needs_its_reference(services, cases, clerk):
    dossiers, _ = cases
    with pytest.raises(ValidationError) as info:
        dossiers.receive(clerk, DossierInput(_citizen(services), _procedure(services), channel="online_assisted"))
    assert info.value.field == "online_ref"


def test_volunteers_cannot_receive_or_list_dossiers(services, cases, volunteer):
    dossiers, visits = cases
    with pytest.raises(PermissionDenied):
        dossiers.overdue(volunteer)
    with pytest.raises(PermissionDenied):
        dossiers.receive(volunteer, DossierInput(_citizen(services), _procedure(services)))
    visit = visits.start(volunteer)  # volunteers guide people and record the visit
    assert visits.complete(volunteer, visit.id, VisitInput(outcome="guided_only"))[1] is None


def test_survey_once_per_visit(services, cases, clerk):
    _, visits = cases
    visit = visits.start(clerk)
    visits.complete(clerk, visit.id, VisitInput(outcome="guided_only"))
    with pytest.raises(ValidationError):
        visits.record_survey(clerk, visit.id, 6, 0)
    visits.record_survey(clerk, visit.id, 5, 1, "Cán bộ nhiệt tình 😊 =1+1")
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        visits.record_survey(clerk, visit.id, None, None)
    with pytest.raises(NotFound):
        visits.record_survey(clerk, __import__("uuid").uuid4(), 5, 0)


def test_long_notes_and_formula_text_are_kept_as_typed(services, cases, clerk):
    _, visits = cases
    visit = visits.start(clerk)
    note = "=1+1 " + "ghi chú dài " * 800
    done, _ = visits.complete(clerk, visit.id, VisitInput(outcome="guided_only", note=note))
    assert done.note == note.strip() and len(done.note) > 9000


def test_waiting_for_papers_is_not_late_and_the_papers_restart_the_clock(services, clerk, supervisor, clock):
    """Received Wed 25/11 (5 working days: due Wed 2/12); papers missing until Mon 7/12 08:00 local."""
    procedure = _procedure(services, code="TEST-5D", same_day=False, processing_days=5)
    d = services.dossiers.receive(clerk, DossierInput(_citizen(services), procedure))
    services.dossiers.change_status(clerk, d.id, "needs_supplement", "Thiếu giấy chứng sinh")
    clock.advance(days=12)  # Monday 7/12, five days past the first date
    assert services.dossiers.overdue(clerk) == [] and services.dossiers.due_soon(clerk) == []
    waiting = services.dossiers.waiting_for_papers(clerk)
    assert [w.id for w in waiting] == [d.id] and not waiting[0].overdue(clock.now())
    brought = services.dossiers.change_status(clerk, d.id, "processing", "Đã nộp đủ giấy chứng sinh")
    assert brought.due_at == datetime(2026, 12, 14, 10, 0, tzinfo=timezone.utc)  # 5 working days from Mon 7/12
    last = services.dossiers.history(clerk, d.id)[-1]
    assert last.kind == "rescheduled" and last.detail.startswith("02/12/2026 → 14/12/2026")
    assert services.dossiers.overdue(clerk) == []


def test_the_restart_is_a_setting(services, clerk, supervisor, clock):
    services.settings.set(supervisor, "supplement_restarts_deadline", False)
    procedure = _procedure(services, code="TEST-5D", same_day=False, processing_days=5)
    d = services.dossiers.receive(clerk, DossierInput(_citizen(services), procedure))
    services.dossiers.change_status(clerk, d.id, "needs_supplement", "Thiếu giấy chứng sinh")
    clock.advance(days=12)
    brought = services.dossiers.change_status(clerk, d.id, "processing")
    assert brought.due_at == d.due_at and brought.overdue(clock.now())
    assert [x.id for x in services.dossiers.overdue(clerk)] == [d.id]
