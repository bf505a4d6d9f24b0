import unicodedata

from hcc_desktop.text import clean, clean_name, fold


def test_decomposed_vietnamese_is_stored_composed():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert nfd != "Nguyễn Thị Hường"
    assert clean(nfd) == "Nguyễn Thị Hường"


def test_spaces_and_control_characters_are_tidied():
    assert clean("  Đặng \t  Văn\u0000  Lâm \n") == "Đặng Văn Lâm"
    assert clean("dòng 1  \r\n  dòng 2 ", multiline=True) == "dòng 1\ndòng 2"
    assert clean(None) == ""


def test_all_caps_names_become_title_case():
    assert clean_name("NGUYỄN THỊ HƯỜNG") == "Nguyễn Thị Hường"
    assert clean_name("Lê Văn An") == "Lê Văn An"


def test_fold_ignores_case_diacritics_and_d_bar():
    assert fold("Nguyễn Thị Hường") == "nguyen thi huong"
    assert fold("ĐẶNG") == "dang"
    assert fold("đặng") == fold("Dang")
