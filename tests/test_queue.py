"""The queue on disk: issuing, calling at several counters, actions, daily reset, statistics."""

import threading
import uuid
from datetime import timedelta

import pytest

from hcc_desktop.app import open_services
from hcc_desktop.errors import PermissionDenied, ValidationError
from hcc_desktop.services.queue import IssueRequest, Need, Status, Tier
from hcc_desktop.services.queue_rules import Rule


@pytest.fixture
def counters(services, supervisor):
    services.settings.set(supervisor, "counters", ["Quầy 1", "Quầy 2"])


def issue(services, actor, reason="none", **kw):
    return services.queue.issue(actor, IssueRequest(reason_code=reason, **kw)).ticket


def test_numbers_have_a_prefix_per_tier_and_count_up(services, clerk):
    codes = [issue(services, clerk, r).code for r in ("none", "elderly", "disabled", "none", "pregnant")]
    assert codes == ["T001", "U001", "Đ001", "T002", "U002"]


def test_birth_year_makes_an_elderly_person_priority(services, clerk, clock):
    t = issue(services, clerk, "none", citizen_name="  HOÀNG THỊ LAN ", birth_year=1950)
    assert t.tier is Tier.PRIORITY and t.reason_code == "elderly" and t.citizen_name == "Hoàng Thị Lan"
    young = issue(services, clerk, "none", birth_year=1990)
    assert young.tier is Tier.REGULAR


def test_other_priority_needs_a_written_reason(services, clerk):
    with pytest.raises(ValidationError) as info:
        issue(services, clerk, "other")
    assert info.value.field == "reason_note"
    t = issue(services, clerk, "other", reason_note="Ốm, sốt cao", reason_verified=True)
    assert t.tier is Tier.PRIORITY and t.reason_note == "Ốm, sốt cao" and t.reason_verified


@pytest.mark.parametrize("kw, field", [({"birth_year": 1800}, "birth_year"), ({"birth_year": "abc"}, "birth_year"),
                                       ({"needs": ("flying",)}, "needs"), ({"reason_code": "nope"}, "reason_code")])
def test_bad_issue_input_is_refused_and_nothing_is_issued(services, clerk, kw, field):
    with pytest.raises(ValidationError) as info:
        services.queue.issue(clerk, IssueRequest(**kw))
    assert info.value.field == field
    assert services.queue.snapshot(clerk).waiting == []


def test_double_click_gives_one_ticket(services, volunteer):
    request = IssueRequest(reason_code="none", request_id=uuid.uuid4())
    first = services.queue.issue(volunteer, request).ticket
    second = services.queue.issue(volunteer, request).ticket
    assert first.id == second.id
    assert len(services.queue.snapshot().waiting) == 1


def test_needs_mean_go_to_the_person(services, clerk):
    t = issue(services, clerk, "disabled", needs=("mobility", "hearing"))
    assert t.needs == (Need.HEARING, Need.MOBILITY) and t.go_to_person


def test_call_serve_finish_records_four_times(services, clerk, clock):
    t = issue(services, clerk)
    clock.advance(minutes=12)
    called = services.queue.call_next(clerk, "Quầy 1")
    assert called.id == t.id and called.status is Status.CALLED and called.call_rule == Rule.ORDER
    clock.advance(minutes=1)
    services.queue.start(clerk, t.id)
    clock.advance(minutes=7)
    done = services.queue.finish(clerk, t.id)
    assert done.status is Status.DONE
    assert (done.called_at - done.issued_at) == timedelta(minutes=12)
    assert (done.finished_at - done.started_at) == timedelta(minutes=7)


def test_empty_queue_says_so(services, clerk):
    with pytest.raises(ValidationError, match="Không còn ai đang chờ"):
        services.queue.call_next(clerk, "Quầy 1")


def test_calling_next_finishes_the_one_being_served_but_not_one_still_called(services, clerk):
    a, b, c = issue(services, clerk), issue(services, clerk), issue(services, clerk)
    services.queue.call_next(clerk, "Quầy 1")
    with pytest.raises(ValidationError, match="T001 đang được mời"):
        services.queue.call_next(clerk, "Quầy 1")
    services.queue.start(clerk, a.id)
    assert services.queue.call_next(clerk, "Quầy 1").id == b.id
    assert services.queue.ticket(clerk, a.id).status is Status.DONE
    assert c.status is Status.WAITING


def test_priority_order_and_the_rule_is_stored(services, clerk, clock):
    r = issue(services, clerk)
    p = issue(services, clerk, "elderly")
    h = issue(services, clerk, "disabled")
    calls = []
    for _ in range(3):
        t = services.queue.call_next(clerk, "Quầy 1")
        calls.append((t.code, t.call_rule))
        services.queue.finish(clerk, t.id)
    assert calls == [("Đ001", "head"), ("U001", "priority"), ("T001", "order")]
    assert {r.id, p.id, h.id} == {t.id for t in services.queue.day_tickets(clerk, clock.now().date())}


def test_streak_guard_through_the_service(services, clerk):
    regular = issue(services, clerk)
    for _ in range(5):
        issue(services, clerk, "pregnant")
    rules = []
    for _ in range(4):
        t = services.queue.call_next(clerk, "Quầy 1")
        rules.append(t.call_rule)
        services.queue.finish(clerk, t.id)
    assert rules == ["priority", "priority", "priority", "streak"]
    assert services.queue.ticket(clerk, regular.id).status is Status.DONE


def test_waiting_guard_through_the_service(services, clerk, clock):
    regular = issue(services, clerk)
    clock.advance(minutes=31)
    issue(services, clerk, "merit")
    t = services.queue.call_next(clerk, "Quầy 1")
    assert t.id == regular.id and t.call_rule == "waited"


def test_two_counters_never_call_the_same_ticket(services, clerk, counters):
    for _ in range(40):
        issue(services, clerk)
    called, errors = [], []

    def counter(name):
        try:
            for _ in range(20):
                t = services.queue.call_next(clerk, name)
                called.append(t.id)
                services.queue.finish(clerk, t.id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=counter, args=(n,)) for n in ("Quầy 1", "Quầy 2")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and len(called) == 40 and len(set(called)) == 40


def test_two_processes_on_one_database_never_call_the_same_ticket(services, clerk, counters, data_dir, clock):
    for _ in range(10):
        issue(services, clerk)
    with open_services(data_dir, clock=clock) as other:
        seen = set()
        for i in range(10):
            svc = services if i % 2 else other
            t = svc.queue.call_next(clerk, "Quầy 1" if i % 2 else "Quầy 2")
            seen.add(t.id)
            svc.queue.finish(clerk, t.id)
    assert len(seen) == 10


def test_recall_is_counted_and_limited(services, clerk):
    t = issue(services, clerk)
    services.queue.call_next(clerk, "Quầy 1")
    assert services.queue.recall(clerk, t.id).recall_count == 1
    assert services.queue.recall(clerk, t.id).recall_count == 2
    with pytest.raises(ValidationError, match="Đã gọi lại 2 lần"):
        services.queue.recall(clerk, t.id)
    assert services.queue.no_show(clerk, t.id).status is Status.NO_SHOW


def test_postpone_keeps_the_place_and_returns_when_time_is_up(services, clerk, clock):
    first, second = issue(services, clerk, "elderly"), issue(services, clerk, "elderly")
    services.queue.call_next(clerk, "Quầy 1")
    services.queue.postpone(clerk, first.id, 10)
    snap = services.queue.snapshot(clerk)
    assert [t.id for t in snap.postponed] == [first.id] and [t.id for t in snap.waiting] == [second.id]
    clock.advance(minutes=10)
    assert services.queue.call_next(clerk, "Quầy 1").id == first.id


@pytest.mark.parametrize("minutes", [4, 31, 0, "10"])
def test_postpone_range(services, clerk, minutes):
    t = issue(services, clerk)
    with pytest.raises(ValidationError, match="từ 5 đến 30 phút"):
        services.queue.postpone(clerk, t.id, minutes)


def test_no_show_then_reactivate_keeps_original_place(services, clerk):
    a, b = issue(services, clerk), issue(services, clerk)
    services.queue.call_next(clerk, "Quầy 1")
    services.queue.no_show(clerk, a.id)
    services.queue.reactivate(clerk, a.id)
    assert [t.id for t in services.queue.snapshot(clerk).waiting] == [a.id, b.id]


def test_transfer_keeps_number_and_priority_and_goes_to_that_counter(services, clerk, counters):
    p = issue(services, clerk, "elderly")
    r = issue(services, clerk)
    services.queue.call_next(clerk, "Quầy 1")
    moved = services.queue.transfer(clerk, p.id, "Quầy 2", "Chứng thực")
    assert moved.code == p.code and moved.tier is Tier.PRIORITY and moved.assigned_counter == "Quầy 2"
    assert services.queue.call_next(clerk, "Quầy 1").id == r.id
    assert services.queue.call_next(clerk, "Quầy 2").id == p.id


def test_unknown_counter_is_refused(services, clerk):
    issue(services, clerk)
    with pytest.raises(ValidationError, match="không có trong danh sách quầy"):
        services.queue.call_next(clerk, "Quầy 9")


def test_volunteers_issue_tickets_but_do_not_call_or_see_names(services, clerk, volunteer):
    t = services.queue.issue(volunteer, IssueRequest(citizen_name="Bùi Văn Tư")).ticket
    with pytest.raises(PermissionDenied):
        services.queue.call_next(volunteer, "Quầy 1")
    assert services.queue.snapshot(volunteer).waiting[0].citizen_name == ""
    assert services.queue.snapshot(None).waiting[0].citizen_name == ""
    assert services.queue.snapshot(clerk).waiting[0].citizen_name == "Bùi Văn Tư"
    with pytest.raises(PermissionDenied):
        services.queue.day_stats(volunteer, t.service_day)


def test_daily_reset_archives_yesterday_and_starts_numbers_again(services, clerk, clock):
    old = issue(services, clerk)
    issue(services, clerk)
    clock.advance(days=1)
    fresh = issue(services, clerk)
    assert fresh.code == "T001" and fresh.service_day == old.service_day + timedelta(days=1)
    assert [t.id for t in services.queue.snapshot(clerk).waiting] == [fresh.id]
    yesterday = services.queue.day_tickets(clerk, old.service_day)
    assert [t.status for t in yesterday] == [Status.EXPIRED, Status.EXPIRED]


def test_restart_brings_back_the_same_queue(services, clerk, data_dir, clock):
    for reason in ("none", "elderly", "disabled", "none"):
        issue(services, clerk, reason)
    services.queue.call_next(clerk, "Quầy 1")
    before = services.queue.snapshot(clerk)
    services.close()
    with open_services(data_dir, clock=clock) as again:
        after = again.queue.snapshot(clerk)
    assert [t.code for t in after.waiting] == [t.code for t in before.waiting]
    assert [t.code for t in after.active] == ["Đ001"]


def test_clock_jumping_back_never_gives_negative_waits(services, clerk, clock):
    t = issue(services, clerk)
    clock.advance(minutes=-30)
    services.queue.call_next(clerk, "Quầy 1")
    clock.advance(minutes=-5)
    services.queue.finish(clerk, t.id)
    stats = services.queue.day_stats(clerk, t.service_day).tiers[Tier.REGULAR]
    assert stats.median_wait_minutes == 0 and stats.median_service_minutes == 0


def test_statistics_per_tier(services, clerk, clock):
    waits = [5, 10, 20, 40]
    tickets = [issue(services, clerk) for _ in waits]
    issue(services, clerk, "elderly")
    start = clock.now()
    for t, w in zip(tickets, waits):
        clock.set(start + timedelta(minutes=w))
        services.queue.call_ticket(clerk, "Quầy 1", t.id)
        clock.advance(minutes=3)
        services.queue.finish(clerk, t.id)
    no_show = issue(services, clerk)
    services.queue.no_show(clerk, no_show.id)
    stats = services.queue.day_stats(clerk, tickets[0].service_day).tiers
    regular = stats[Tier.REGULAR]
    assert (regular.issued, regular.served, regular.no_show) == (5, 4, 1)
    assert regular.median_wait_minutes == 15 and regular.p90_wait_minutes == pytest.approx(34)
    assert regular.median_service_minutes == 3
    assert stats[Tier.PRIORITY].issued == 1 and stats[Tier.PRIORITY].median_wait_minutes is None


def test_estimated_wait_uses_todays_service_times(services, clerk, clock):
    first = issue(services, clerk)
    assert services.queue.issue(clerk, IssueRequest()).estimated_wait_minutes is None
    services.queue.call_next(clerk, "Quầy 1")
    clock.advance(minutes=6)
    services.queue.finish(clerk, first.id)
    issued = services.queue.issue(clerk, IssueRequest())
    assert issued.people_ahead == 1 and issued.estimated_wait_minutes == 6


def test_supervisor_edits_priority_reasons(services, supervisor, clerk):
    services.queue.update_reason(supervisor, "small_child", tier=Tier.HEAD, label="Người bế con nhỏ")
    assert issue(services, clerk, "small_child").tier is Tier.HEAD
    services.queue.update_reason(supervisor, "merit", active=False)
    with pytest.raises(ValidationError):
        issue(services, clerk, "merit")
    with pytest.raises(ValidationError):
        services.queue.update_reason(supervisor, "none", active=False)
    with pytest.raises(PermissionDenied):
        services.queue.update_reason(clerk, "merit", active=True)


def test_cancel_needs_a_reason(services, clerk):
    t = issue(services, clerk)
    with pytest.raises(ValidationError):
        services.queue.cancel(clerk, t.id, " ")
    assert services.queue.cancel(clerk, t.id, "cấp nhầm").status is Status.CANCELLED


def test_reason_changes_are_all_or_nothing(services, supervisor):
    with pytest.raises(ValidationError):
        services.queue.update_reasons(supervisor, {"merit": {"label": "Thương binh, liệt sĩ"},
                                                   "none": {"tier": "priority"}})
    assert next(r for r in services.queue.reasons() if r.code == "merit").label == "Người có công với cách mạng"
