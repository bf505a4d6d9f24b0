import logging

from hcc_desktop.logging_setup import mask_digits, setup_logging


def test_id_and_phone_numbers_are_masked():
    assert mask_digits("CCCD 001203004567 và SĐT 0912 345 678") == "CCCD [đã che] và SĐT [đã che]"
    assert mask_digits("ngày 25/11/2026, 3 vé") == "ngày 25/11/2026, 3 vé"


def test_log_file_never_holds_an_id_number(tmp_path):
    log_file = setup_logging(tmp_path)
    try:
        logging.getLogger("hcc_desktop.test").warning("tra cứu %s", "001203004567")
        try:
            raise ValueError("số 0912345678")
        except ValueError:
            logging.getLogger("hcc_desktop.test").exception("lỗi")
    finally:
        setup_logging(None)
    content = log_file.read_text(encoding="utf-8")
    assert "tra cứu [đã che]" in content
    assert "001203004567" not in content and "0912345678" not in content
