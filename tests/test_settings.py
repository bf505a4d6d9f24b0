"""Settings: typed defaults, validated changes applied all-or-nothing, managers only."""

import pytest

from hcc_desktop.errors import PermissionDenied, ValidationError
from hcc_desktop.settings import SETTINGS


def test_every_setting_has_a_vietnamese_label_and_a_valid_default():
    for d in SETTINGS:
        assert d.label and d.help
        assert d.coerce(d.default) == d.default


def test_defaults_are_readable_before_anyone_logs_in(services):
    view = services.settings.view()
    assert view.center_name.startswith("Trung tâm Phục vụ hành chính công")
    assert view.counters == ["Quầy 1"] and view.working_weekdays == [0, 1, 2, 3, 4]


def test_supervisor_changes_are_typed_and_kept(services, supervisor):
    services.settings.update(supervisor, {"counters": "Quầy 1\nQuầy 2\n\n", "morning_open": "7:00",
                                          "working_weekdays": [5, 0, 1]})
    view = services.settings.view()
    assert view.counters == ["Quầy 1", "Quầy 2"]
    assert view.morning_open == "07:00"
    assert view.working_weekdays == [0, 1, 5]


def test_one_bad_value_rejects_the_whole_change(services, supervisor):
    with pytest.raises(ValidationError) as info:
        services.settings.update(supervisor, {"commune": "xã Lạc Phương", "afternoon_close": "25:00"})
    assert info.value.field == "afternoon_close" and "GG:PP" in info.value.message
    assert services.settings.view().commune == ""


@pytest.mark.parametrize("key, value", [("center_name", "  "), ("counters", ""), ("counters", "A\nA"),
                                        ("working_weekdays", []), ("working_weekdays", [7]),
                                        ("morning_open", "sáng")])
def test_invalid_values_are_refused_with_a_message(services, supervisor, key, value):
    with pytest.raises(ValidationError) as info:
        services.settings.set(supervisor, key, value)
    assert info.value.field == key and info.value.message


def test_unknown_setting_is_refused(services, supervisor):
    with pytest.raises(ValidationError, match="Không có thiết lập"):
        services.settings.set(supervisor, "khong_co", 1)


def test_clerk_cannot_change_settings(services, clerk):
    with pytest.raises(PermissionDenied):
        services.settings.set(clerk, "center_name", "Khác")
    with pytest.raises(PermissionDenied):
        services.settings.update(clerk, {})
