"""Property-based checks of what people and files can feed the program: whatever comes in, the answer is
a value or a clear Vietnamese message, never a crash, and a refused input changes nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcc_desktop.app import open_services
from hcc_desktop.errors import HccError, ValidationError
from hcc_desktop.services.auth import Role
from hcc_desktop.services.catalog_xlsx import DOC_COLUMNS, PROC_COLUMNS, CatalogFileRejected, sheet_names
from hcc_desktop.settings import SETTINGS
from hcc_desktop.text import clean, clean_name, fold

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐ"
TEXT = st.text(alphabet=st.sampled_from(list(VIETNAMESE + VIETNAMESE.upper() + " 0123456789-=+@/.,;:'\"()*%_\\\t\n"
                                            "\u0301\u0323\u200b😀")), max_size=40)
CELL = st.one_of(st.none(), TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.booleans(),
                 st.sampled_from(["=1+1", "=HYPERLINK(\"x\")", "+84", "@SUM(A1)", "-", "0", "Có", "Không", "x"]))
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from hcc_desktop.clock import FixedClock, LOCAL_TZ
    from datetime import datetime

    folder = tmp_path_factory.mktemp("props")
    services = open_services(folder / "data", clock=FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=LOCAL_TZ)))
    boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", "mat-khau-123")
    services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, "mat-khau-123")
    clerk = services.auth.authenticate("congchuc", "mat-khau-123")
    valid = folder / "valid.xlsx"
    services.catalog.export_catalog(valid)
    yield services, boss, clerk, folder, valid.read_bytes()
    services.close()


def _catalog_state(services):
    return [(p.code, p.name, p.fee, p.processing_days, p.verified, tuple((d.name, d.required) for d in p.documents))
            for p in services.catalog.procedures(active_only=False)]


# -- text ------------------------------------------------------------------------------

@given(TEXT)
def test_cleaning_and_folding_are_stable(raw):
    assert clean(clean(raw)) == clean(raw)
    assert clean_name(clean_name(raw)) == clean_name(raw)
    assert fold(fold(raw)) == fold(raw) and fold(raw) == fold(raw).lower()
    assert "đ" not in fold(raw)


# -- search ------------------------------------------------------------------------------

@FAST
@given(st.one_of(TEXT, st.text(max_size=60)))
def test_any_search_text_gives_a_list(world, typed):
    services, _boss, clerk, *_ = world
    hits = services.citizens.search(clerk, typed)
    assert isinstance(hits, list) and len(hits) <= 20


# -- settings ------------------------------------------------------------------------------

@FAST
@given(st.sampled_from([d.key for d in SETTINGS]),
       st.one_of(st.none(), TEXT, st.integers(-10**9, 10**9), st.booleans(), st.lists(TEXT, max_size=4),
                 st.floats(allow_nan=True)))
def test_any_setting_value_is_stored_checked_or_refused_with_nothing_half_saved(world, key, raw):
    services, boss, *_ = world
    before = services.settings.view()
    other = next(d for d in SETTINGS if d.key != key)
    try:
        # two changes in one save: if one is refused, neither is stored
        services.settings.update(boss, {other.key: before._values[other.key], key: raw})
    except ValidationError as exc:
        assert exc.message and exc.field == key
        services.settings._cache = None
        assert services.settings.view()._values == before._values
    else:
        services.settings._cache = None
        stored = services.settings.view()._values[key]
        assert json.loads(json.dumps(stored)) == stored  # what was stored is plain JSON
        services.settings.update(boss, {key: before._values[key]})  # put it back for the next example


# -- the catalog workbook --------------------------------------------------------------------

def _workbook(proc_rows, doc_rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    procedures, documents = sheet_names()
    ws = wb.active
    ws.title = procedures
    ws.append([title for _key, title, _width in PROC_COLUMNS])
    for row in proc_rows:
        ws.append(row)
    ws2 = wb.create_sheet(documents)
    ws2.append([title for _key, title, _width in DOC_COLUMNS])
    for row in doc_rows:
        ws2.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(world, content: bytes):
    services, boss, _clerk, folder, _valid = world
    path = folder / "import.xlsx"
    path.write_bytes(content)
    before = _catalog_state(services)
    try:
        result = services.catalog.import_catalog(boss, path)
    except CatalogFileRejected as exc:
        assert exc.message and "danh mục không thay đổi" in exc.message or exc.problems
        assert _catalog_state(services) == before
        return None
    return result


@FAST
@given(st.lists(st.lists(CELL, min_size=len(PROC_COLUMNS), max_size=len(PROC_COLUMNS)), max_size=4),
       st.lists(st.lists(CELL, min_size=len(DOC_COLUMNS), max_size=len(DOC_COLUMNS)), max_size=4))
def test_any_catalog_rows_are_imported_or_refused_whole(world, proc_rows, doc_rows):
    try:
        content = _workbook(proc_rows, doc_rows)
    except Exception:  # noqa: BLE001 — openpyxl itself refuses some cell values (control characters)
        return
    _import(world, content)
    services = world[0]
    for p in services.catalog.procedures(active_only=False):  # what was accepted is clean text
        assert p.name == clean(p.name) and p.code == clean(p.code)


@FAST
@given(st.data())
def test_a_damaged_catalog_file_is_refused_with_a_message(world, data):
    valid = world[4]
    how = data.draw(st.sampled_from(["truncate", "flip", "random", "csv", "empty", "zip-of-junk"]))
    if how == "truncate":
        content = valid[: data.draw(st.integers(0, len(valid) - 1))]
    elif how == "flip":
        at = data.draw(st.integers(0, len(valid) - 1))
        content = valid[:at] + bytes([valid[at] ^ 0xFF]) + valid[at + 1:]
    elif how == "random":
        content = data.draw(st.binary(max_size=4096))
    elif how == "csv":
        content = "Mã,Tên thủ tục\n1.001193,Đăng ký khai sinh\n".encode()
    elif how == "empty":
        content = b""
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("xl/workbook.xml", data.draw(st.binary(max_size=200)))
        content = out.getvalue()
    result = _import(world, content)
    if how in ("random", "csv", "empty", "zip-of-junk", "truncate"):
        assert result is None or how == "truncate" and len(content) == len(valid)


def test_the_clean_export_imports_back_unchanged(world):
    services, boss, _clerk, folder, valid = world
    before = _catalog_state(services)
    path = folder / "again.xlsx"
    path.write_bytes(valid)
    services.catalog.import_catalog(boss, path)
    assert _catalog_state(services) == before


def test_errors_are_typed_and_vietnamese(world):
    """Every refusal above is an HccError with a message a clerk can read."""
    services, boss, _clerk, folder, _valid = world
    path = folder / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(HccError) as info:
        services.catalog.import_catalog(boss, path)
    assert "Excel" in info.value.message
