"""The catalog workbook: what a province office sees, and imports that are all-or-nothing."""

import zipfile
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from hcc_desktop.errors import PermissionDenied
from hcc_desktop.services.catalog import DocumentInput, ProcedureInput
from hcc_desktop.services.catalog_xlsx import CatalogFileRejected


@pytest.fixture
def exported(services, tmp_path):
    return services.catalog.export_catalog(tmp_path / "danh-muc.xlsx")


def _snapshot(services):
    return {p.code: p for p in services.catalog.procedures(active_only=False)}


def _edit(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _rejected(services, actor, path):
    before = _snapshot(services)
    with pytest.raises(CatalogFileRejected) as raised:
        services.catalog.import_catalog(actor, path)
    assert _snapshot(services) == before  # nothing changed, not even the valid rows
    return raised.value


def test_workbook_layout(services, exported):
    wb = load_workbook(exported)
    assert wb.sheetnames == ["Thủ tục", "Giấy tờ"]
    procs, docs = wb["Thủ tục"], wb["Giấy tờ"]
    assert [c.value for c in procs[1]][:8] == ["Mã", "Tên thủ tục", "Lĩnh vực", "Số ngày làm việc", "Trả trong ngày",
                                               "Phí/lệ phí", "Căn cứ pháp lý", "Đã kiểm tra"]
    assert [c.value for c in docs[1]] == ["Mã thủ tục", "TT", "Tên giấy tờ", "Bản chính/Bản sao/Bản sao chứng thực",
                                          "Số lượng", "Nơi cấp nếu thiếu", "Bắt buộc"]
    for ws in (procs, docs):
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["C"].width >= 16
    rows = {r[0]: r for r in procs.iter_rows(min_row=2, values_only=True)}
    assert rows["1.001193"][1:5] == ("Đăng ký khai sinh", "Hộ tịch", 0, "Có") and rows["1.001193"][7] == "Không"
    assert rows["1.001776"][3] is None
    birth_docs = [r for r in docs.iter_rows(min_row=2, values_only=True) if r[0] == "1.001193"]
    assert birth_docs[1][1:4] == (2, "Giấy chứng sinh", "Bản chính")
    assert not exported.with_name(exported.name + ".part").exists()


def test_export_then_import_changes_nothing(services, supervisor, exported):
    before = _snapshot(services)
    preview = services.catalog.import_catalog(supervisor, exported, dry_run=True)
    assert (preview.new, preview.changed, preview.unchanged) == (0, 0, len(before))
    done = services.catalog.import_catalog(supervisor, exported)
    assert (done.new, done.changed, done.unchanged) == (0, 0, len(before))
    assert _snapshot(services) == before  # same values, same ids, same updated_at


def test_formula_like_text_stays_text(services, supervisor, tmp_path):
    risky = ProcedureInput("LOCAL-X-01", "-Thủ tục thử", "Hộ tịch", fee="=1+1", legal_basis="@SUM(A1)",
                           note="+84 912", documents=(DocumentInput("=HYPERLINK(\"http://x\")"),))
    services.catalog.save_procedure(supervisor, risky)
    path = services.catalog.export_catalog(tmp_path / "c.xlsx")
    with zipfile.ZipFile(path) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    ws = load_workbook(path)["Thủ tục"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "LOCAL-X-01")
    assert row[5].value == "=1+1" and row[5].data_type == "s" and row[5].quotePrefix
    services.catalog.save_procedure(supervisor, replace(services.catalog.procedure("LOCAL-X-01").as_input(), fee="0"))
    result = services.catalog.import_catalog(supervisor, path)
    assert (result.changed, result.changed_codes) == (1, ("LOCAL-X-01",))
    back = services.catalog.procedure("LOCAL-X-01")
    assert (back.fee, back.legal_basis, back.name, back.note) == ("=1+1", "@SUM(A1)", "-Thủ tục thử", "+84 912")
    assert back.documents[0].name == "=HYPERLINK(\"http://x\")"


def test_edits_in_the_workbook_are_applied_in_one_go(services, supervisor, exported):
    before = services.catalog.procedure("1.001193")

    def change(wb):
        procs, docs = wb["Thủ tục"], wb["Giấy tờ"]
        row = next(r for r in procs.iter_rows(min_row=2) if r[0].value == "1.001193")
        row[5].value, row[7].value = "Miễn lệ phí", "Có"
        procs.append(["LOCAL-MOI-01", "Thủ tục mới", "Chứng thực", "3", "Không", "", "", "Không"])
        docs.append(["local-moi-01", 2, "Giấy thứ hai", "Bản sao chứng thực", 2, "", "Không"])
        docs.append(["LOCAL-MOI-01", 1, "Giấy thứ nhất", "", None, "Bộ phận một cửa", ""])

    result = services.catalog.import_catalog(supervisor, _edit(exported, change))
    assert (result.new, result.changed, result.new_codes, result.changed_codes) == (
        1, 1, ("LOCAL-MOI-01",), ("1.001193",))
    after = services.catalog.procedure("1.001193")
    assert after.fee == "Miễn lệ phí" and after.verified and after.documents == before.documents
    new = services.catalog.procedure("LOCAL-MOI-01")
    assert new.processing_days == 3 and [(d.name, d.copy_kind, d.quantity, d.required) for d in new.documents] == [
        ("Giấy thứ nhất", "original", 1, True), ("Giấy thứ hai", "certified", 2, False)]


def test_every_bad_row_is_listed_and_nothing_is_applied(services, supervisor, exported):
    def change(wb):
        procs, docs = wb["Thủ tục"], wb["Giấy tờ"]
        procs["F2"] = "Đã đổi nhưng không được lưu"
        procs.append(["LOCAL-A-01", "", "Hộ tịch", "", "Không", "", "", "Không"])         # empty name
        procs.append(["LOCAL-A-02", "Thủ tục", "Hộ tịch", "năm", "Không", "", "", "Không"])  # days not a number
        procs.append(["LOCAL-A-03", "Thủ tục", "Hộ tịch", 2, "Có lẽ", "", "", "Không"])     # not Có/Không
        procs.append(["LOCAL-A-04", "Thủ tục", "Hộ tịch", "=1+1", "Không", "", "", "Không"])  # a real formula
        docs.append(["LOCAL-KHONG-CO", 1, "Giấy", "Bản chính", 1, "", "Có"])
        docs.append(["1.001193", 9, "Giấy", "Bản photo", 1, "", "Có"])

    path = _edit(exported, change)
    error = _rejected(services, supervisor, path)
    assert "6 lỗi" in error.message
    found = {(p.sheet, p.row): p.reason for p in error.problems}
    n = len(services.catalog.procedures(active_only=False)) + 1
    assert found[("Thủ tục", n + 1)] == "Tên thủ tục không được để trống."
    assert "Số ngày làm việc" in found[("Thủ tục", n + 2)] and "số nguyên" in found[("Thủ tục", n + 2)]
    assert "Có" in found[("Thủ tục", n + 3)]
    assert "công thức" in found[("Thủ tục", n + 4)]
    doc_rows = sorted(row for sheet, row in found if sheet == "Giấy tờ")
    assert "LOCAL-KHONG-CO" in found[("Giấy tờ", doc_rows[0])] and "Bản chính" in found[("Giấy tờ", doc_rows[1])]
    assert list(error.problems) == sorted(error.problems, key=lambda p: (p.sheet != "Thủ tục", p.row))


def test_too_many_documents_point_at_the_31st_row(services, supervisor, exported):
    def change(wb):
        for i in range(1, 32):
            wb["Giấy tờ"].append(["LOCAL-DD-05", 10 + i, f"Giấy {i}", "Bản chính", 1, "", "Có"])

    error = _rejected(services, supervisor, _edit(exported, change))
    assert [(p.sheet, "tối đa 30" in p.reason) for p in error.problems] == [("Giấy tờ", True)]


@pytest.mark.parametrize("damage", ["truncated", "text", "missing_sheet", "missing_column", "absent"])
def test_unreadable_files_are_refused_clearly(services, supervisor, exported, tmp_path, damage):
    path = tmp_path / "hong.xlsx"
    if damage == "truncated":
        data = exported.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif damage == "text":
        path.write_text("Mã,Tên thủ tục\n1.001193,Đăng ký khai sinh\n", encoding="utf-8")
    elif damage == "missing_sheet":
        path = _edit(exported, lambda wb: wb.remove(wb["Giấy tờ"]))
    elif damage == "missing_column":
        path = _edit(exported, lambda wb: wb["Thủ tục"].delete_cols(2))
    error = _rejected(services, supervisor, path)
    expected = {"truncated": "không phải tệp Excel", "text": "không phải tệp Excel", "missing_sheet": "Giấy tờ",
                "missing_column": "Tên thủ tục", "absent": "Không tìm thấy"}[damage]
    assert expected in error.message and error.problems == ()


def test_only_managers_import(services, clerk, exported):
    with pytest.raises(PermissionDenied):
        services.catalog.import_catalog(clerk, exported, dry_run=True)
