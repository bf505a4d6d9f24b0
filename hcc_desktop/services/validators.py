"""Checks of the numbers people give at the counter: CCCD, phone, birth year and date.

Pure functions: a clean value back, or a :class:`ValidationError` whose Vietnamese
message says exactly what is wrong. They never read the clock; the caller passes
``today`` where the answer depends on it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr

CCCD_LENGTH = 12
PROVINCES = (1, 96)  # province (or centrally-run city) of birth registration, 001–096
MAX_AGE = 125
# 4th digit of a CCCD: century of birth and sex (Thông tư 59/2021/TT-BCA). 6–9 (2200s, 2300s) cannot occur yet.
CENTURIES = {0: (1900, "male"), 1: (1900, "female"), 2: (2000, "male"), 3: (2000, "female"),
             4: (2100, "male"), 5: (2100, "female")}
GENDERS = ("male", "female")
MOBILE_PREFIXES = "35789"

_CCCD_SEPARATORS = re.compile(r"[\s.]+")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _ascii_digits(text: str) -> str:
    """Full-width and other compatibility digits become 0–9 (NFKC); everything else is kept."""
    return unicodedata.normalize("NFKC", text)


def _only_digits(text: str) -> bool:
    return bool(text) and all("0" <= ch <= "9" for ch in text)


def _gender_label(gender: str) -> str:
    return tr("nam") if gender == "male" else tr("nữ")


def validate_cccd(number: str | None, birth_year: int | None = None, gender: str | None = None) -> str:
    """The 12-digit CCCD / personal identification number, spaces and dots removed.

    Checks the length, the province code (001–096), and — when known — that the
    century/sex digit and the two year digits agree with ``birth_year`` and ``gender``.
    """
    text = _CCCD_SEPARATORS.sub("", _ascii_digits(str(number or "")))
    if not text:
        raise ValidationError(tr("Hãy nhập số CCCD (12 chữ số)."), "cccd")
    if not _only_digits(text):
        raise ValidationError(tr("Số CCCD chỉ gồm chữ số (có thể cách bằng dấu cách hoặc dấu chấm)."), "cccd")
    if len(text) == 9:
        raise ValidationError(tr("Đây là số chứng minh nhân dân cũ (9 chữ số). "
                                 "Hãy nhập số CCCD hoặc số định danh cá nhân 12 chữ số."), "cccd")
    if len(text) != CCCD_LENGTH:
        raise ValidationError(tr("Số CCCD phải có đúng 12 chữ số; số vừa nhập có {n} chữ số.", n=len(text)), "cccd")
    province = int(text[:3])
    if not PROVINCES[0] <= province <= PROVINCES[1]:
        raise ValidationError(tr("Ba chữ số đầu của số CCCD là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096; "
                                 "“{code}” không phải mã tỉnh.", code=text[:3]), "cccd")
    digit = int(text[3])
    if digit not in CENTURIES:
        raise ValidationError(tr("Chữ số thứ tư của số CCCD (mã thế kỷ sinh và giới tính) phải từ 0 đến 5; "
                                 "số vừa nhập có chữ số {d}.", d=digit), "cccd")
    century, sex = CENTURIES[digit]
    year = century + int(text[4:6])
    if birth_year is not None:
        if not century <= birth_year < century + 100:
            raise ValidationError(tr("Chữ số thứ tư của số CCCD ({d}) chỉ người sinh năm {a}–{b}; "
                                     "năm sinh đã nhập là {y}.", d=digit, a=century, b=century + 99,
                                     y=birth_year), "cccd")
        if year != birth_year:
            raise ValidationError(tr("Chữ số thứ năm và sáu của số CCCD ({yy}) là hai số cuối năm sinh, "
                                     "nhưng năm sinh đã nhập là {y}.", yy=text[4:6], y=birth_year), "cccd")
    if gender in GENDERS and gender != sex:
        raise ValidationError(tr("Chữ số thứ tư của số CCCD ({d}) là của người {sex}, nhưng giới tính đã chọn "
                                 "là {gender}.", d=digit, sex=_gender_label(sex), gender=_gender_label(gender)),
                              "cccd")
    return text


def cccd_birth(number: str) -> tuple[int, str]:
    """(birth year, gender) encoded in a valid CCCD."""
    century, sex = CENTURIES[int(number[3])]
    return century + int(number[4:6]), sex


def validate_phone(text: str | None) -> str:
    """A Vietnamese phone number as digits: mobile 0[35789]xxxxxxxx (10), landline 02xxxxxxxxx (11).

    Spaces, dots, dashes and brackets are allowed in the input; +84, 84 and 0084 become 0.
    """
    raw = _ascii_digits(str(text or "")).strip()
    digits = _PHONE_SEPARATORS.sub("", raw)
    if not digits:
        raise ValidationError(tr("Hãy nhập số điện thoại."), "phone")
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            raise ValidationError(tr("Chỉ nhận số điện thoại Việt Nam (+84)."), "phone")
    if not _only_digits(digits):
        raise ValidationError(tr("Số điện thoại chỉ gồm chữ số (có thể cách bằng dấu cách, dấu chấm, gạch ngang)."),
                              "phone")
    if digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84"):
        digits = "0" + digits[2:]
    if not digits.startswith("0"):
        raise ValidationError(tr("Số điện thoại phải bắt đầu bằng 0 hoặc +84."), "phone")
    if digits.startswith("02"):
        if len(digits) != 11:
            raise ValidationError(tr("Số điện thoại bàn (02…) phải có 11 chữ số; số vừa nhập có {n} chữ số.",
                                     n=len(digits)), "phone")
        return digits
    if len(digits) < 2 or digits[1] not in MOBILE_PREFIXES:
        raise ValidationError(tr("Số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09; số bàn bắt đầu bằng 02."), "phone")
    if len(digits) != 10:
        raise ValidationError(tr("Số di động phải có 10 chữ số; số vừa nhập có {n} chữ số.", n=len(digits)), "phone")
    return digits


def _parse_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = _DATE_DMY.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _DATE_ISO.match(text)):
        parts = iso.groups()
    if parts is None:
        raise ValidationError(tr("Ngày sinh phải theo dạng ngày/tháng/năm, ví dụ 05/09/1950."), "birth_date")
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValidationError(tr("Ngày sinh {d} không có trên lịch.", d=text), "birth_date") from None


def validate_birth(year: int | str | None, birth_date: date | str | None, *,
                   today: date) -> tuple[int | None, date | None]:
    """(birth year, birth date), either may be unknown; the year follows from the date when only it is given."""
    parsed = None if birth_date in (None, "") else _parse_date(birth_date)
    value: int | None = None
    if year not in (None, ""):
        if isinstance(year, bool):
            year = ""
        text = str(year).strip()
        if not text.isascii() or not text.isdigit():
            raise ValidationError(tr("Năm sinh gồm 4 chữ số, ví dụ 1950."), "birth_year")
        value = int(text)
    low = today.year - MAX_AGE
    if value is not None and not low <= value <= today.year:
        raise ValidationError(tr("Năm sinh phải từ {a} đến {b}.", a=low, b=today.year), "birth_year")
    if parsed is not None:
        if parsed > today:
            raise ValidationError(tr("Ngày sinh không thể sau hôm nay."), "birth_date")
        if parsed.year < low:
            raise ValidationError(tr("Năm sinh phải từ {a} đến {b}.", a=low, b=today.year), "birth_date")
        if value is not None and value != parsed.year:
            raise ValidationError(tr("Năm sinh ({y}) khác năm của ngày sinh ({d}).", y=value,
                                     d=f"{parsed:%d/%m/%Y}"), "birth_date")
        value = parsed.year
    return value, parsed


def _mask(text: str, keep: int) -> str:
    if len(text) <= 2 * keep:
        return "*" * len(text)
    return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]


def mask_cccd(number: str | None) -> str:
    """``001203004567`` → ``001******567``: enough to tell people apart, not enough to use."""
    return _mask(str(number or ""), 3)


def mask_phone(number: str | None) -> str:
    """``0912345678`` → ``091****678``."""
    return _mask(str(number or ""), 3)


def fields_from_search(text: str) -> dict[str, str]:
    """What a search that found nobody already tells about the new person: a 12-digit number is a
    CCCD, another run of 9–12 digits a phone number, anything with letters the name."""
    from hcc_desktop.text import clean_name

    digits = _ascii_digits(_PHONE_SEPARATORS.sub("", text or "")).removeprefix("+")
    if digits and _only_digits(digits):
        if len(digits) == CCCD_LENGTH and not digits.startswith("84"):
            return {"cccd": digits}
        if 9 <= len(digits) <= 12:
            return {"phone": digits}
        return {}
    if any(ch.isdigit() for ch in text or ""):
        return {}  # a dossier code or a mix: nothing to copy
    name = clean_name(text)
    if name == name.lower():  # typed without capitals: every Vietnamese name word starts with one
        name = " ".join(word.capitalize() for word in name.split(" "))
    return {"full_name": name}
