"""Registering and correcting citizens: clean values, masked numbers, permissions, nothing half-written."""

import unicodedata
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hcc_desktop.errors import NotFound, PermissionDenied, ValidationError
from hcc_desktop.services.citizens import (CitizenInput, DisabilityLevel, DisabilityType, Gender, Vneid,
                                           Vulnerability)
from hcc_desktop.storage.case_models import Citizen

HUONG = CitizenInput("Nguyễn Thị Hường", birth_year=1950, gender="female", cccd="001150004567",
                     phone="0912 345 678", vulnerabilities=["elderly", "living_alone"])


def count(services) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(Citizen))


def stored(services, citizen_id):
    with services.db.read() as session:
        return session.get(Citizen, citizen_id)


def test_create_cleans_and_masks(services, clerk):
    raw = CitizenInput(unicodedata.normalize("NFD", "  NGUYỄN   THỊ HƯỜNG "), cccd="001.150.004.567",
                       phone="+84 912-345-678", address=unicodedata.normalize("NFD", " Xóm Đồng  "))
    info = services.citizens.create(clerk, raw)
    assert info.full_name == "Nguyễn Thị Hường"
    assert info.cccd == "001******567" and not info.cccd_revealed
    assert info.phone == "0912345678" and info.address == "Xóm Đồng"
    assert info.birth_year == 1950 and info.gender is Gender.FEMALE  # read from the CCCD
    row = stored(services, info.id)
    assert row.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hường")
    assert row.name_folded == "nguyen thi huong" and row.cccd == "001150004567"
    assert row.device_id is not None and row.created_at == services.clock.now()


def test_every_field_round_trips(services, clerk, clock):
    note = "Cụ cần người dìu 🙏\n=1+1\n" + "ư" * 9000
    data = CitizenInput("Đặng Văn Lâm", birth_date="05/09/1958", gender="male", phone="0243 825 1234",
                        village="", address="Số 3, ngõ 5", vulnerabilities=("merit", "disabled", "poor"),
                        disability_type="mobility", disability_level="severe", vneid="level2", consent=True,
                        note=note)
    info = services.citizens.create(clerk, data)
    assert info.birth_year == 1958 and info.birth_date == date(1958, 9, 5)
    assert info.vulnerabilities == (Vulnerability.DISABLED, Vulnerability.POOR, Vulnerability.MERIT)
    assert info.disability_type is DisabilityType.MOBILITY and info.disability_level is DisabilityLevel.SEVERE
    assert info.vneid is Vneid.LEVEL2 and info.consent and info.consent_at == clock.now()
    assert info.note == note and info.phone == "02438251234" and info.cccd == ""
    assert info.age(date(2026, 9, 4)) == 67 and info.age(date(2026, 9, 5)) == 68
    assert [v.label for v in info.vulnerabilities] == ["người khuyết tật", "hộ nghèo", "người có công với cách mạng"]
    assert DisabilityType.HEARING_SPEECH.label == "khuyết tật nghe, nói"
    assert DisabilityLevel.VERY_SEVERE.label == "đặc biệt nặng"


def test_a_disability_type_marks_the_person_disabled(services, clerk):
    info = services.citizens.create(clerk, CitizenInput("Lò Văn Páo", disability_type="vision",
                                                        disability_level="mild"))
    assert Vulnerability.DISABLED in info.vulnerabilities


@pytest.mark.parametrize("change, field, words", [
    (dict(full_name="   "), "full_name", "Hãy nhập họ và tên"),
    (dict(full_name="=1+1"), "full_name", "phải có chữ cái"),
    (dict(full_name="A" * 201), "full_name", "200 ký tự"),
    (dict(cccd="001150004567", birth_year=1951), "cccd", "hai số cuối năm sinh"),
    (dict(cccd="001150004567", gender="male"), "cccd", "người nữ"),
    (dict(cccd="001450004567"), "cccd", "sau năm nay"),
    (dict(phone="12345"), "phone", "bắt đầu bằng 0"),
    (dict(gender="x"), "gender", "nam, nữ"),
    (dict(birth_year=1800), "birth_year", "Năm sinh phải từ"),
    (dict(vulnerabilities=["elderly", "rich"]), "vulnerabilities", "“rich”"),
    (dict(disability_level="mild"), "disability_type", "dạng khuyết tật trước"),
    (dict(disability_type="blue"), "disability_type", "Dạng khuyết tật không hợp lệ"),
    (dict(vneid="level3"), "vneid", "VNeID"),
    (dict(address="x" * 301), "address", "300 ký tự"),
    (dict(note="x" * 10_001), "note", "10000 ký tự"),
])
def test_bad_input_is_refused_and_nothing_is_written(services, clerk, change, field, words):
    fields = dict(full_name="Trần Văn Bình", birth_year=None)
    fields.update(change)
    with pytest.raises(ValidationError) as info:
        services.citizens.create(clerk, CitizenInput(**fields))
    assert info.value.field == field and words in info.value.message
    assert count(services) == 0
    assert services.citizens.search(clerk, "tran") == []


def test_duplicate_cccd_names_the_existing_person_masked(services, clerk):
    services.citizens.create(clerk, HUONG)
    with pytest.raises(ValidationError) as info:
        services.citizens.create(clerk, CitizenInput("Người Khác", cccd="001 150 004 567"))
    message = info.value.message
    assert info.value.field == "cccd"
    assert "Nguyễn Thị Hường" in message and "001******567" in message and "001150004567" not in message
    assert count(services) == 1


def test_village_must_be_one_of_the_communes_when_listed(services, supervisor, clerk):
    assert services.citizens.create(clerk, CitizenInput("A Lăng Thị Bốn", village="Bon Bu Sir")).village == "Bon Bu Sir"
    services.settings.set(supervisor, "villages", ["Bon Bu Sir", "Thôn Đắk Lang"])
    assert services.citizens.create(clerk, CitizenInput("Y Ngọc", village="thon dak lang")).village == "Thôn Đắk Lang"
    with pytest.raises(ValidationError) as info:
        services.citizens.create(clerk, CitizenInput("Y Ngọc", village="Thôn 9"))
    assert info.value.field == "village" and "Thôn Đắk Lang" in info.value.message
    assert count(services) == 2


def test_update_replaces_fields_and_keeps_consent_time(services, clerk, clock):
    first = services.citizens.create(clerk, CitizenInput("Lê Thu Hà", consent=True))
    consented = first.consent_at
    clock.advance(hours=2)
    after = services.citizens.update(clerk, first.id, CitizenInput("LÊ THU HÀ", phone="0358123456", consent=True))
    assert after.full_name == "Lê Thu Hà" and after.phone == "0358123456"
    assert after.consent_at == consented and after.updated_at == clock.now() and after.created_at == first.created_at
    withdrawn = services.citizens.update(clerk, first.id, CitizenInput("Lê Thu Hà", consent=False))
    assert not withdrawn.consent and withdrawn.consent_at is None


def test_update_may_keep_its_own_cccd_but_not_take_another(services, clerk):
    huong = services.citizens.create(clerk, HUONG)
    other = services.citizens.create(clerk, CitizenInput("Phạm Văn Đức", cccd="079090001234"))
    assert services.citizens.update(clerk, huong.id, HUONG).cccd == "001******567"
    with pytest.raises(ValidationError, match="Nguyễn Thị Hường"):
        services.citizens.update(clerk, other.id, CitizenInput("Phạm Văn Đức", cccd="001150004567"))
    assert stored(services, other.id).cccd == "079090001234"


def test_update_of_a_missing_person(services, clerk):
    with pytest.raises(NotFound):
        services.citizens.update(clerk, uuid.uuid4(), CitizenInput("Ai Đó"))


def test_reveal_cccd_only_for_staff_who_ask(services, clerk, volunteer, supervisor):
    huong = services.citizens.create(clerk, HUONG)
    assert services.citizens.get(clerk, huong.id).cccd == "001******567"
    revealed = services.citizens.get(clerk, huong.id, reveal_cccd=True)
    assert revealed.cccd == "001150004567" and revealed.cccd_revealed
    assert services.citizens.get(supervisor, huong.id, reveal_cccd=True).cccd == "001150004567"
    seen = services.citizens.get(volunteer, huong.id, reveal_cccd=True)
    assert seen.cccd == "001******567" and not seen.cccd_revealed and seen.phone == "091****678"


def test_volunteers_register_and_search_but_do_not_correct(services, clerk, volunteer):
    info = services.citizens.create(volunteer, HUONG)
    assert info.cccd == "001******567" and info.phone == "091****678"
    hit, = services.citizens.search(volunteer, "0912345678")
    assert hit.phone == "091****678" and hit.cccd == "001******567"
    assert services.citizens.search(clerk, "0912345678")[0].phone == "0912345678"
    with pytest.raises(PermissionDenied):
        services.citizens.update(volunteer, info.id, HUONG)


def test_find_or_create(services, clerk, volunteer):
    huong, created = services.citizens.find_or_create(clerk, HUONG)
    assert created
    again, created = services.citizens.find_or_create(clerk, CitizenInput("nguyen thi huong", cccd="001150004567"))
    assert not created and again.id == huong.id and again.full_name == "Nguyễn Thị Hường"
    # no CCCD given: same name and phone is the same person
    same, created = services.citizens.find_or_create(volunteer, CitizenInput("NGUYỄN THỊ HƯỜNG", phone="+84912345678"))
    assert not created and same.id == huong.id and same.phone == "091****678"
    # a different birth year, or no phone to go by: a new person
    _, created = services.citizens.find_or_create(clerk, CitizenInput("Nguyễn Thị Hường", birth_year=1990,
                                                                      phone="0912345678"))
    assert created
    _, created = services.citizens.find_or_create(clerk, CitizenInput("Nguyễn Thị Hường"))
    assert created
    assert count(services) == 3


def test_birth_date_in_the_future_is_refused(services, clerk, clock):
    tomorrow = (clock.now() + timedelta(days=2)).date()
    with pytest.raises(ValidationError, match="sau hôm nay"):
        services.citizens.create(clerk, CitizenInput("Bé Na", birth_date=tomorrow))
