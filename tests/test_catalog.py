"""The procedure catalog: the shipped seed, editing with documents, validation, permissions."""

import json
import sqlite3
import unicodedata
from dataclasses import replace

import pytest

from hcc_desktop.errors import NotFound, PermissionDenied, ValidationError
from hcc_desktop.paths import resource_path
from hcc_desktop.services.catalog import (DocumentInput, ProcedureInput, load_seed, status_label)

DOMAIN_CODES = {"1.001193", "1.000656", "1.000894", "2.000635", "2.000815", "2.000884", "1.001776", "1.001731",
                "1.001612", "1.001699"}


def _new(code="LOCAL-TEST-01", **kw):
    values = dict(code=code, name="Thủ tục thử", field="Hộ tịch", processing_days=3,
                  documents=(DocumentInput("Tờ khai", "original", 1, "Bộ phận một cửa"),
                             DocumentInput("Giấy tờ tùy thân", "copy", 2, "", False)))
    values.update(kw)
    return ProcedureInput(**values)


def test_seed_holds_the_domain_procedures_and_the_ta_dung_appendix(services):
    codes = {p.code for p in services.catalog.procedures()}
    assert DOMAIN_CODES <= codes
    local = sorted(c for c in codes if c.startswith("LOCAL-"))
    assert local and all(c not in DOMAIN_CODES for c in local)  # no invented national codes
    fields = {p.field for p in services.catalog.procedures()}
    assert {"Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Hộ kinh doanh", "Đất đai"} <= fields


def test_seed_marks_every_procedure_unverified_and_names_what_is_sourced(services):
    raw = json.loads(resource_path("catalog", "procedures.json").read_text(encoding="utf-8"))["procedures"]
    assert all(item["verified"] is False for item in raw)
    assert all(set(item["sourced"]) <= set(ProcedureInput.__dataclass_fields__) for item in raw)
    birth = services.catalog.procedure("1.001193")
    assert birth.same_day and birth.processing_days == 0 and "15:00" in birth.note
    assert status_label(birth) == "cần kiểm tra"
    assert birth.documents[1].name == "Giấy chứng sinh"
    assert birth.documents[1].where_to_obtain == "Cơ sở y tế nơi sinh"
    assert services.catalog.procedure("1.001776").processing_days is None  # unknown stays empty
    for item in raw:
        assert unicodedata.is_normalized("NFC", json.dumps(item, ensure_ascii=False))


def test_seeding_is_idempotent_and_keeps_edits(services, supervisor):
    catalog = services.catalog
    count = len(catalog.procedures(active_only=False))
    assert count == len(load_seed())
    edited = catalog.save_procedure(supervisor, replace(catalog.procedure("1.000656").as_input(), verified=True))
    assert catalog.seed_procedures() == 0
    assert len(catalog.procedures(active_only=False)) == count
    assert catalog.procedure("1.000656").verified and edited.verified


def test_restore_seed_puts_back_the_shipped_values(services, supervisor):
    catalog = services.catalog
    original = catalog.procedure("1.001193")
    changed = replace(original.as_input(), fee="50.000 đồng", verified=True, documents=original.as_input().documents[:1])
    catalog.save_procedure(supervisor, changed)
    catalog.set_active(supervisor, "1.001193", False)
    restored = catalog.restore_seed(supervisor, "1.001193")
    assert restored.fee == original.fee and not restored.verified
    assert [d.name for d in restored.documents] == [d.name for d in original.documents]
    assert restored.documents[0].id == original.documents[0].id  # matched rows keep their id
    assert restored.active is False
    with pytest.raises(NotFound):
        catalog.restore_seed(supervisor, "LOCAL-KHONG-CO")


def test_create_and_edit_with_documents(services, supervisor):
    catalog = services.catalog
    created = catalog.save_procedure(supervisor, _new(name="  Thủ tục   thử "))
    assert created.name == "Thủ tục thử" and created.code == "LOCAL-TEST-01"
    assert [(d.position, d.name, d.copy_kind, d.quantity) for d in created.documents] == [
        (0, "Tờ khai", "original", 1), (1, "Giấy tờ tùy thân", "copy", 2)]
    first, second = created.as_input().documents
    third = DocumentInput("Ảnh 4x6", "original", 2)
    edited = catalog.save_procedure(supervisor, replace(created.as_input(), documents=(second, third)))
    assert [d.name for d in edited.documents] == ["Giấy tờ tùy thân", "Ảnh 4x6"]
    assert edited.documents[0].id == created.documents[1].id and edited.documents[0].position == 0
    assert catalog.procedure(created.id).documents == edited.documents
    assert catalog.procedure("local-test-01").id == created.id


def test_text_is_stored_nfc(services, supervisor):
    decomposed = unicodedata.normalize("NFD", "Đăng ký lại khai sinh")
    saved = services.catalog.save_procedure(supervisor, _new(name=decomposed))
    assert saved.name == "Đăng ký lại khai sinh" and unicodedata.is_normalized("NFC", saved.name)


@pytest.mark.parametrize("change, field", [
    (dict(code="mã có dấu"), "code"),
    (dict(code=""), "code"),
    (dict(name="   "), "name"),
    (dict(processing_days=366), "processing_days"),
    (dict(processing_days=-1), "processing_days"),
    (dict(same_day=True, processing_days=2), "processing_days"),
    (dict(documents=(DocumentInput(" "),)), "documents.0.name"),
    (dict(documents=(DocumentInput("A", "photo"),)), "documents.0.copy_kind"),
    (dict(documents=(DocumentInput("A", quantity=0),)), "documents.0.quantity"),
    (dict(documents=tuple(DocumentInput(f"Giấy {i}") for i in range(31))), "documents"),
])
def test_validation_names_the_field_in_vietnamese(services, supervisor, change, field):
    with pytest.raises(ValidationError) as raised:
        services.catalog.save_procedure(supervisor, _new(**change))
    assert raised.value.field == field
    assert raised.value.message and raised.value.message[0].isupper()
    assert services.catalog.procedure("1.001193")  # nothing else disturbed
    with pytest.raises(NotFound):
        services.catalog.procedure("LOCAL-TEST-01")


def test_thirty_documents_and_empty_days_are_accepted(services, supervisor):
    saved = services.catalog.save_procedure(supervisor, _new(
        processing_days=None, documents=tuple(DocumentInput(f"Giấy {i}") for i in range(30))))
    assert len(saved.documents) == 30 and saved.processing_days is None


def test_duplicate_code_is_refused(services, supervisor):
    with pytest.raises(ValidationError) as raised:
        services.catalog.save_procedure(supervisor, _new(code="1.001193"))
    assert raised.value.field == "code"
    other = services.catalog.save_procedure(supervisor, _new())
    with pytest.raises(ValidationError):
        services.catalog.save_procedure(supervisor, replace(other.as_input(), code="1.000656"))


def test_everyone_reads_only_managers_change(services, clerk, volunteer, supervisor):
    catalog = services.catalog
    assert catalog.procedures()
    for actor in (clerk, volunteer):
        with pytest.raises(PermissionDenied):
            catalog.save_procedure(actor, _new())
        with pytest.raises(PermissionDenied):
            catalog.set_active(actor, "1.001193", False)
        with pytest.raises(PermissionDenied):
            catalog.restore_seed(actor, "1.001193")
        with pytest.raises(PermissionDenied):
            catalog.import_procedures(actor, [_new()])


def test_inactive_procedures_are_hidden_unless_asked(services, supervisor):
    catalog = services.catalog
    catalog.set_active(supervisor, "LOCAL-DD-05", False)
    assert "LOCAL-DD-05" not in {p.code for p in catalog.procedures()}
    assert "LOCAL-DD-05" in {p.code for p in catalog.procedures(active_only=False)}


def test_import_procedures_counts_and_dry_run_changes_nothing(services, supervisor):
    catalog = services.catalog
    birth = catalog.procedure("1.001193").as_input()
    items = [_new(), replace(birth, fee="Miễn phí"), catalog.procedure("1.000656").as_input()]
    preview = catalog.import_procedures(supervisor, items, dry_run=True)
    assert (preview.new, preview.changed, preview.unchanged, preview.dry_run) == (1, 1, 1, True)
    with pytest.raises(NotFound):
        catalog.procedure("LOCAL-TEST-01")
    done = catalog.import_procedures(supervisor, items)
    assert (done.new, done.changed, done.unchanged) == (1, 1, 1)
    assert catalog.procedure("1.001193").fee == "Miễn phí"
    with pytest.raises(ValidationError):
        catalog.import_procedures(supervisor, [_new(), _new()])


def test_an_import_that_changes_the_catalog_is_preceded_by_a_backup(services, supervisor):
    catalog = services.catalog
    same = [catalog.procedure("1.000656").as_input()]
    catalog.import_procedures(supervisor, same)
    assert services.backups.list(supervisor) == []  # nothing changed: no backup needed
    catalog.import_procedures(supervisor, same + [_new()])
    [backup] = services.backups.list(supervisor)
    assert backup.label == "trước khi nhập dữ liệu"
    copy = sqlite3.connect(backup.path)  # taken before the import: the new procedure is not in it
    assert copy.execute("SELECT count(*) FROM procedure WHERE code = 'LOCAL-TEST-01'").fetchone() == (0,)
    copy.close()
    assert catalog.procedure("LOCAL-TEST-01")
