"""The working-day calendar: public holidays (holidays package), the 15:00 cut-off, counting, local overrides."""

import subprocess
import sys
import unicodedata
from datetime import date, datetime, timezone

import pytest

from hcc_desktop.clock import LOCAL_TZ
from hcc_desktop.errors import NotFound, PermissionDenied, ValidationError
from hcc_desktop.services.calendar import CalendarService, Override

D = date.fromisoformat


def at(text: str) -> datetime:
    """A local (Asia/Ho_Chi_Minh) time, e.g. at("2026-11-25 14:59")."""
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def off_days(cal, first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [d for d in (date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1))
            if not cal.is_working_day(d)]


@pytest.fixture
def cal(services):
    return services.calendar


# -- public holidays, as the holidays package (0.109) models them ------------------------------------
def test_tet_nguyen_dan_2026_is_monday_16_to_friday_20_february_with_the_weekends_nine_days(cal):
    assert off_days(cal, "2026-02-10", "2026-02-25") == [D("2026-02-14"), D("2026-02-15"), D("2026-02-16"),
                                                         D("2026-02-17"), D("2026-02-18"), D("2026-02-19"),
                                                         D("2026-02-20"), D("2026-02-21"), D("2026-02-22")]
    assert cal.holiday_name(D("2026-02-16")) == "Giao thừa Tết Nguyên Đán"
    assert cal.holiday_name(D("2026-02-17")) == "Tết Nguyên Đán"
    assert cal.holiday_name(D("2026-02-20")) == "Mùng bốn Tết Nguyên Đán"
    assert cal.holiday_name(D("2026-02-13")) is None


def test_tet_nguyen_dan_2027_is_thursday_4_to_wednesday_10_february(cal):
    assert off_days(cal, "2027-02-01", "2027-02-12") == [D("2027-02-04"), D("2027-02-05"), D("2027-02-06"),
                                                         D("2027-02-07"), D("2027-02-08"), D("2027-02-09"),
                                                         D("2027-02-10")]
    assert cal.holiday_name(D("2027-02-04")) == "29 Tết"
    assert cal.holiday_name(D("2027-02-06")) == "Tết Nguyên Đán"
    assert cal.holiday_name(D("2027-02-10")) == "Mùng năm Tết Nguyên Đán"


def test_swapped_saturdays_2025_and_2026_are_working_days_and_their_substitutes_days_off(cal):
    assert cal.is_working_day(D("2025-04-26"))  # Saturday worked ...
    assert not cal.is_working_day(D("2025-05-02"))  # ... for Friday 2 May 2025 off
    assert cal.holiday_name(D("2025-05-02")) == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert cal.is_working_day(D("2026-08-22"))  # Saturday worked ...
    assert not cal.is_working_day(D("2026-08-31"))  # ... for Monday 31 August 2026 off
    assert cal.holiday_name(D("2026-08-31")) == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert not cal.is_working_day(D("2026-08-29"))  # an ordinary Saturday stays off


def test_reunification_and_labour_day(cal):
    assert off_days(cal, "2026-04-28", "2026-05-04") == [D("2026-04-30"), D("2026-05-01"), D("2026-05-02"),
                                                         D("2026-05-03")]
    assert cal.holiday_name(D("2026-04-30")) == "Ngày Chiến thắng"
    assert cal.holiday_name(D("2026-05-01")) == "Ngày Quốc tế Lao động"
    assert cal.holiday_name(D("2027-05-03")) == "Ngày Quốc tế Lao động (nghỉ bù)"  # 1/5/2027 is a Saturday


def test_hung_kings_day_2026_falls_on_sunday_and_is_taken_on_monday(cal):
    assert cal.holiday_name(D("2026-04-26")) == "Ngày Giỗ Tổ Hùng Vương"
    assert not cal.is_working_day(D("2026-04-27"))


def test_national_day_with_its_adjacent_day(cal):
    assert off_days(cal, "2025-08-29", "2025-09-03") == [D("2025-08-30"), D("2025-08-31"), D("2025-09-01"),
                                                         D("2025-09-02")]
    assert off_days(cal, "2026-08-28", "2026-09-04") == [D("2026-08-29"), D("2026-08-30"), D("2026-08-31"),
                                                         D("2026-09-01"), D("2026-09-02")]
    assert cal.holiday_name(D("2026-09-02")) == "Quốc khánh"


def test_vietnam_culture_day_24_november_is_off_from_2026_only(cal):
    assert cal.is_working_day(D("2025-11-24"))
    assert cal.holiday_name(D("2025-11-24")) is None
    assert not cal.is_working_day(D("2026-11-24"))
    assert cal.holiday_name(D("2026-11-24")) == "Ngày Văn hóa Việt Nam"
    assert cal.holiday_name(D("2027-11-24")) == "Ngày Văn hóa Việt Nam"


def test_the_holidays_package_is_not_imported_at_start_up(tmp_path):
    code = ("import sys; from hcc_desktop.app import open_services; s = open_services(sys.argv[1]); "
            "assert 'holidays' not in sys.modules; s.calendar.is_working_day(__import__('datetime').date(2026, 1, 1)); "
            "assert 'holidays' in sys.modules; s.close()")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "d")], check=True, timeout=60)


# -- the same-day rule (n = 0) and the 15:00 cut-off ---------------------------------------------------
def test_same_day_cut_off_at_15_00(cal):
    assert cal.due_date(at("2026-11-25 14:59"), 0) == D("2026-11-25")
    assert cal.due_date(at("2026-11-25 14:59:59"), 0) == D("2026-11-25")
    assert cal.due_date(at("2026-11-25 15:00"), 0) == D("2026-11-26")
    assert cal.due_date(at("2026-11-27 15:00"), 0) == D("2026-11-30")  # Friday after 15:00 → Monday


def test_a_saturday_or_holiday_receipt_is_due_the_next_working_day(cal):
    assert cal.due_date(at("2026-11-28 08:00"), 0) == D("2026-11-30")  # Saturday mobile session
    assert cal.due_date(at("2026-11-24 09:00"), 0) == D("2026-11-25")  # Ngày Văn hóa Việt Nam
    assert cal.due_date(at("2026-02-13 15:30"), 0) == D("2026-02-23")  # last day before Tết, after 15:00


def test_the_cut_off_is_read_in_local_time(cal):
    utc = timezone.utc
    assert cal.due_date(datetime(2026, 11, 25, 7, 59, tzinfo=utc), 0) == D("2026-11-25")  # 14:59 in Việt Nam
    assert cal.due_date(datetime(2026, 11, 25, 8, 0, tzinfo=utc), 0) == D("2026-11-26")  # 15:00 in Việt Nam
    assert cal.due_date(datetime(2026, 11, 25, 18, 0, tzinfo=utc), 0) == D("2026-11-26")  # 01:00 on the 26th


def test_the_cut_off_is_a_setting(cal, services, supervisor):
    services.settings.set(supervisor, "same_day_cutoff", "16:00")
    assert cal.due_date(at("2026-11-25 15:30"), 0) == D("2026-11-25")
    assert cal.due_date(at("2026-11-25 16:00"), 0) == D("2026-11-26")


# -- n > 0: counted from the day after receipt ---------------------------------------------------------
def test_working_days_count_from_the_day_after_receipt_skipping_weekends_and_holidays(cal):
    assert cal.due_date(at("2026-11-25 10:00"), 3) == D("2026-11-30")  # Thu, Fri, (weekend) Mon
    assert cal.due_date(at("2026-11-23 10:00"), 1) == D("2026-11-25")  # 24/11 is off
    assert cal.due_date(at("2026-02-13 09:00"), 1) == D("2026-02-23")  # across Tết
    assert cal.due_date(at("2026-04-23 09:00"), 5) == D("2026-05-05")  # 24, 28, 29, 4/5, 5/5


def test_the_cut_off_does_not_move_multi_day_deadlines(cal):
    assert cal.due_date(at("2026-11-25 16:30"), 1) == D("2026-11-26")


def test_a_saturday_mobile_session_counts_from_the_next_day(cal):
    assert cal.due_date(at("2026-11-28 09:00"), 1) == D("2026-11-30")
    assert cal.due_date(at("2026-11-28 09:00"), 2) == D("2026-12-01")
    assert cal.due_date(at("2026-11-29 09:00"), 1) == D("2026-11-30")  # Sunday too


def test_due_at_is_the_closing_time_of_the_due_day_in_utc(cal, services, supervisor):
    due = cal.due_at(at("2026-11-25 10:00"), 3)
    assert due == datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)  # 17:00 in Việt Nam
    assert due.utcoffset().total_seconds() == 0
    services.settings.set(supervisor, "afternoon_close", "16:30")
    assert cal.due_at(at("2026-11-25 10:00"), 0) == datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)


def test_working_days_between_matches_due_date(cal):
    for n in (1, 2, 5, 12, 30):
        due = cal.due_date(at("2026-11-20 10:00"), n)
        assert cal.working_days_between(D("2026-11-20"), due) == n
    assert cal.working_days_between(D("2026-11-30"), D("2026-11-25")) == -3
    assert cal.working_days_between(D("2026-11-25"), D("2026-11-25")) == 0


def test_saturday_as_a_working_weekday(cal, services, supervisor):
    services.settings.set(supervisor, "working_weekdays", [0, 1, 2, 3, 4, 5])
    assert cal.is_working_day(D("2026-11-28"))
    assert cal.due_date(at("2026-11-27 10:00"), 1) == D("2026-11-28")
    assert cal.due_date(at("2026-11-28 14:00"), 0) == D("2026-11-28")
    assert not cal.is_working_day(D("2027-05-01"))  # a holiday on a Saturday is still off


# -- local overrides ----------------------------------------------------------------------------------
def test_an_extra_day_off_pushes_the_due_date(cal, supervisor):
    assert cal.due_date(at("2026-11-25 10:00"), 1) == D("2026-11-26")
    cal.set_override(supervisor, D("2026-11-26"), "off", "Nghỉ theo Quyết định số 12/QĐ-UBND của xã")
    assert not cal.is_working_day(D("2026-11-26"))
    assert cal.due_date(at("2026-11-25 10:00"), 1) == D("2026-11-27")
    assert cal.due_date(at("2026-11-26 10:00"), 0) == D("2026-11-27")


def test_an_extra_working_saturday_counts(cal, supervisor):
    cal.set_override(supervisor, D("2026-11-28"), "work", "Làm bù theo thông báo của UBND xã")
    assert cal.due_date(at("2026-11-26 10:00"), 2) == D("2026-11-28")
    assert cal.due_date(at("2026-11-28 09:00"), 0) == D("2026-11-28")


def test_an_override_wins_over_a_public_holiday(cal, supervisor):
    cal.set_override(supervisor, D("2026-11-24"), "work", "Trực tiếp nhận hồ sơ")
    assert cal.is_working_day(D("2026-11-24"))
    assert cal.holiday_name(D("2026-11-24")) == "Ngày Văn hóa Việt Nam"


def test_overrides_are_listed_replaced_and_removed(cal, services, supervisor):
    decomposed = unicodedata.normalize("NFD", "  Họp   toàn xã ")
    cal.set_override(supervisor, D("2026-12-31"), "off", decomposed)
    cal.set_override(supervisor, D("2027-01-02"), "work", "Làm bù")
    assert cal.overrides(supervisor, 2026) == [Override(D("2026-12-31"), "off", "Họp toàn xã")]
    cal.set_override(supervisor, D("2026-12-31"), "work", "Đổi lịch")
    assert cal.overrides(supervisor) == [Override(D("2026-12-31"), "work", "Đổi lịch"),
                                         Override(D("2027-01-02"), "work", "Làm bù")]
    assert CalendarService(services.db, services.settings).is_working_day(D("2026-12-31"))  # stored, not only cached
    cal.remove_override(supervisor, D("2026-12-31"))
    assert cal.overrides(supervisor, 2026) == []
    with pytest.raises(NotFound, match="không có điều chỉnh"):
        cal.remove_override(supervisor, D("2026-12-31"))


def test_month_view_says_why_in_words(cal, supervisor):
    cal.set_override(supervisor, D("2026-02-23"), "off", "Lễ hội của xã")
    days = {info.day: info for info in cal.month_view(2026, 2)}
    assert len(days) == 28
    assert days[D("2026-02-17")].why == "Nghỉ lễ: Tết Nguyên Đán" and not days[D("2026-02-17")].working
    assert days[D("2026-02-14")].why == "Ngày nghỉ hằng tuần" and not days[D("2026-02-14")].special
    assert days[D("2026-02-23")].why == "Nghỉ theo lịch riêng của xã: Lễ hội của xã"
    assert days[D("2026-02-24")].why == "Ngày làm việc" and days[D("2026-02-24")].working
    august = {info.day: info for info in cal.month_view(2026, 8)}
    assert august[D("2026-08-22")].working and august[D("2026-08-22")].swapped_workday
    assert [d for d, info in august.items() if info.special] == [D("2026-08-22"), D("2026-08-31")]


# -- bad input: a clear Vietnamese message, nothing written -------------------------------------------
@pytest.mark.parametrize("n, message", [(-1, "không được âm"), (1.5, "số nguyên"), (True, "số nguyên"),
                                        (1001, "tối đa là 1000")])
def test_bad_numbers_of_working_days(cal, n, message):
    with pytest.raises(ValidationError, match=message):
        cal.due_date(at("2026-11-25 10:00"), n)
    with pytest.raises(ValidationError, match=message):
        cal.due_at(at("2026-11-25 10:00"), n)


@pytest.mark.parametrize("day, kind, reason, field, message", [
    (D("2026-12-01"), "off", "   ", "reason", "Hãy ghi lý do"),
    (D("2026-12-01"), "holiday", "Lý do", "kind", "ngày nghỉ thêm"),
    (D("2029-01-01"), "off", "Lý do", "day", "trong vòng 2 năm"),
    (D("2024-11-24"), "work", "Lý do", "day", "trong vòng 2 năm"),
    (datetime(2026, 12, 1, 8, 0), "off", "Lý do", "day", "ngày hợp lệ"),
    (D("2026-12-01"), "off", "x" * 301, "reason", "tối đa 300"),
])
def test_bad_overrides_are_refused_and_nothing_is_written(cal, supervisor, day, kind, reason, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        cal.set_override(supervisor, day, kind, reason)
    assert caught.value.field == field
    assert cal.overrides(supervisor) == []


def test_the_far_date_limit_is_two_years_from_today(cal, supervisor):
    cal.set_override(supervisor, D("2028-11-25"), "off", "Xa nhất")  # today is 25/11/2026
    cal.set_override(supervisor, D("2024-11-25"), "work", "Xa nhất về trước")
    assert len(cal.overrides(supervisor)) == 2


def test_a_clerk_cannot_list_or_change_overrides(cal, supervisor, clerk):
    cal.set_override(supervisor, D("2026-12-01"), "off", "Họp")
    with pytest.raises(PermissionDenied, match="không được phép"):
        cal.set_override(clerk, D("2026-12-02"), "off", "Lý do")
    with pytest.raises(PermissionDenied):
        cal.remove_override(clerk, D("2026-12-01"))
    with pytest.raises(PermissionDenied):
        cal.overrides(clerk)
    assert cal.overrides(supervisor) == [Override(D("2026-12-01"), "off", "Họp")]
    assert cal.due_date(at("2026-11-30 10:00"), 1) == D("2026-12-02")  # the clerk's due dates use the override


def test_a_naive_receipt_time_is_a_programming_error(cal):
    with pytest.raises(ValueError):
        cal.due_date(datetime(2026, 11, 25, 10, 0), 0)
