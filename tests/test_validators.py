"""CCCD, phone and birth checks: clean values back, or a Vietnamese message that says what is wrong."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcc_desktop.errors import ValidationError
from hcc_desktop.services.validators import (mask_cccd, mask_phone, validate_birth, validate_cccd,
                                             validate_phone)

TODAY = date(2026, 11, 25)


def error(fn, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    return info.value


# -- CCCD ------------------------------------------------------------------------

def test_cccd_accepts_spaces_and_dots_and_returns_digits():
    assert validate_cccd("001 203 004 567") == "001203004567"
    assert validate_cccd(" 001.203.004.567 ") == "001203004567"
    assert validate_cccd("００１２０３００４５６７") == "001203004567"  # full-width digits from some keyboards


@pytest.mark.parametrize("number, words", [
    ("", "Hãy nhập số CCCD"),
    ("00120300456", "có 11 chữ số"),
    ("0012030045678", "có 13 chữ số"),
    ("123456789", "chứng minh nhân dân cũ"),
    ("00120300456A", "chỉ gồm chữ số"),
    ("001-203-004-567", "chỉ gồm chữ số"),
    ("000203004567", "“000” không phải mã tỉnh"),
    ("097203004567", "“097” không phải mã tỉnh"),
    ("001603004567", "phải từ 0 đến 5"),
])
def test_cccd_errors_say_what_is_wrong(number, words):
    problem = error(validate_cccd, number)
    assert problem.field == "cccd" and words in problem.message


def test_cccd_province_bounds():
    assert validate_cccd("001000000001") and validate_cccd("096000000001")


def test_cccd_century_and_sex_digit_matches_the_birth_year_and_gender():
    assert validate_cccd("001050004567", birth_year=1950, gender="male") == "001050004567"
    assert validate_cccd("001150004567", birth_year=1950, gender="female")
    assert validate_cccd("001203004567", birth_year=2003, gender="male")
    assert validate_cccd("001303004567", birth_year=2003, gender="female")
    century = error(validate_cccd, "001203004567", birth_year=1903).message
    assert "sinh năm 2000–2099" in century and "1903" in century
    year = error(validate_cccd, "001203004567", birth_year=2004).message
    assert "(03)" in year and "2004" in year
    sex = error(validate_cccd, "001203004567", gender="female").message
    assert "người nam" in sex and "là nữ" in sex


def test_unknown_gender_or_year_is_not_checked():
    assert validate_cccd("001203004567", birth_year=None, gender="")


# -- phone -------------------------------------------------------------------------

@pytest.mark.parametrize("raw, stored", [
    ("0912345678", "0912345678"),
    ("0912 345 678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("0912-345-678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("+84912345678", "0912345678"),
    ("84912345678", "0912345678"),
    ("0084 912 345 678", "0912345678"),
    ("(+84) 358 123 456", "0358123456"),
    ("0561234567", "0561234567"),
    ("0781234567", "0781234567"),
    ("0861234567", "0861234567"),
    ("024 3825 1234", "02438251234"),
    ("+84 24 3825 1234", "02438251234"),
    ("0263.3822.123", "02633822123"),
])
def test_phone_numbers_are_stored_as_digits(raw, stored):
    assert validate_phone(raw) == stored


@pytest.mark.parametrize("raw, words", [
    ("", "Hãy nhập số điện thoại"),
    ("091234567", "10 chữ số; số vừa nhập có 9"),
    ("09123456789", "10 chữ số; số vừa nhập có 11"),
    ("0112345678", "bắt đầu bằng 03, 05, 07, 08 hoặc 09"),
    ("0412345678", "bắt đầu bằng 03, 05, 07, 08 hoặc 09"),
    ("0612345678", "bắt đầu bằng 03, 05, 07, 08 hoặc 09"),
    ("0243825123", "11 chữ số; số vừa nhập có 10"),
    ("912345678", "bắt đầu bằng 0 hoặc +84"),
    ("+1 202 555 0100", "Việt Nam"),
    ("0912abc678", "chỉ gồm chữ số"),
])
def test_phone_errors_say_what_is_wrong(raw, words):
    problem = error(validate_phone, raw)
    assert problem.field == "phone" and words in problem.message


# -- birth -----------------------------------------------------------------------------

def test_birth_year_and_date():
    assert validate_birth(None, None, today=TODAY) == (None, None)
    assert validate_birth("1950", None, today=TODAY) == (1950, None)
    assert validate_birth(None, "05/09/1950", today=TODAY) == (1950, date(1950, 9, 5))
    assert validate_birth(1950, "1950-09-05", today=TODAY) == (1950, date(1950, 9, 5))
    assert validate_birth(None, date(2026, 11, 25), today=TODAY) == (2026, date(2026, 11, 25))


@pytest.mark.parametrize("year, when, field, words", [
    ("19x0", None, "birth_year", "4 chữ số"),
    (1800, None, "birth_year", "từ 1901 đến 2026"),
    (2027, None, "birth_year", "từ 1901 đến 2026"),
    (None, "31/02/1950", "birth_date", "không có trên lịch"),
    (None, "ngày 5 tháng 9", "birth_date", "ngày/tháng/năm"),
    (None, "26/11/2026", "birth_date", "sau hôm nay"),
    (1951, "05/09/1950", "birth_date", "khác năm của ngày sinh"),
])
def test_birth_errors(year, when, field, words):
    problem = error(validate_birth, year, when, today=TODAY)
    assert problem.field == field and words in problem.message


# -- masking ------------------------------------------------------------------------------

def test_masks_show_only_the_ends():
    assert mask_cccd("001203004567") == "001******567"
    assert mask_phone("0912345678") == "091****678"
    assert mask_cccd("") == "" and mask_cccd(None) == ""
    assert mask_phone("12345") == "*****"


# -- never a crash ------------------------------------------------------------------------

NUMBERISH = st.text(alphabet="0123456789 .-+()０１٣x", max_size=20)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=30), NUMBERISH),
       st.one_of(st.none(), st.integers(min_value=-10, max_value=3000)),
       st.sampled_from([None, "", "male", "female", "other"]))
def test_cccd_never_crashes(raw, year, gender):
    try:
        value = validate_cccd(raw, year, gender)
    except ValidationError as exc:
        assert exc.field == "cccd" and exc.message
    else:
        assert len(value) == 12 and value.isascii() and value.isdigit()
        assert 1 <= int(value[:3]) <= 96 and value[3] in "012345"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=30), NUMBERISH))
def test_phone_never_crashes(raw):
    try:
        value = validate_phone(raw)
    except ValidationError as exc:
        assert exc.field == "phone" and exc.message
    else:
        assert value.isascii() and value.isdigit() and value[0] == "0"
        assert (len(value) == 10 and value[1] in "35789") or (len(value) == 11 and value[1] == "2")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=8), st.integers(min_value=-5, max_value=5000)),
       st.one_of(st.none(), st.text(max_size=14), st.dates()))
def test_birth_never_crashes(year, when):
    try:
        got_year, got_date = validate_birth(year, when, today=TODAY)
    except ValidationError as exc:
        assert exc.field in ("birth_year", "birth_date") and exc.message
    else:
        assert got_year is None or TODAY.year - 125 <= got_year <= TODAY.year
        assert got_date is None or (got_date <= TODAY and got_date.year == got_year)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_mask_keeps_length_and_ends(number):
    masked = mask_cccd(number)
    assert len(masked) == 12 and masked[:3] == number[:3] and masked[-3:] == number[-3:] and "*" * 6 in masked


@pytest.mark.parametrize(("typed", "fields"), [
    ("hoàng thị lan", {"full_name": "Hoàng Thị Lan"}),
    ("NGUYỄN VĂN AN", {"full_name": "Nguyễn Văn An"}),
    ("Lê thị Hà", {"full_name": "Lê thị Hà"}),  # typed with capitals: left as typed
    ("001 150 004 567", {"cccd": "001150004567"}),
    ("0912.345.678", {"phone": "0912345678"}),
    ("+84 912 345 678", {"phone": "84912345678"}),
    ("HS-261125-001", {}),
    ("123", {}),
])
def test_what_a_search_that_found_nobody_carries_into_the_new_persons_form(typed, fields):
    from hcc_desktop.services.validators import fields_from_search

    assert fields_from_search(typed) == fields
