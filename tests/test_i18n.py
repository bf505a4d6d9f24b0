import json

from hcc_desktop.i18n import load_catalog, tr


def test_placeholders_are_filled():
    assert tr("Mời số {n} đến quầy {q}", n="U012", q=1) == "Mời số U012 đến quầy 1"


def test_translation_with_other_placeholders_is_rejected(tmp_path):
    catalog = tmp_path / "en.json"
    catalog.write_text(json.dumps({"Xin chào {name}": "Hello {nme}", "Lưu": "Save"}), encoding="utf-8")
    assert load_catalog(catalog) == ["Xin chào {name}"]
    assert tr("Xin chào {name}", name="Lan") == "Xin chào Lan"
    assert tr("Lưu") == "Save"
