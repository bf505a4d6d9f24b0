import logging

from hcc_desktop.logging_setup import mask_digits, setup_logging


def test_id_and_phone_numbers_are_masked():
    assert mask_digits("CCCD 001203004567 và SĐT 0912 345 678") == "CCCD [đã che] và SĐT [đã che]"
    assert mask_digits("ngày 25/11/2026, 3 vé") == "ngày 25/11/2026, 3 vé"
    assert mask_digits("+84 912 345 678; 001.203.004.567") == "[đã che]; [đã che]"
    record = "citizen 400e8a1c-1b2d-400e-aee1-123456789a90 registered"  # a UUID stays whole
    assert mask_digits(record) == record


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


def test_a_demo_run_logs_nothing_personal(tmp_path):
    """Run the demo and a working day's actions with DEBUG logging, then look for every person's
    name, ID number, phone number and address in every log file: none may appear (not even masked
    digits: the code itself must not log them)."""
    import sqlite3

    from hcc_desktop.app import open_services
    from hcc_desktop.cli import main
    from hcc_desktop.services.auth import Role
    from hcc_desktop.services.citizens import CitizenInput
    from hcc_desktop.services.paperwork import appointment_slip

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--days", "2"]) == 0
    log_file = setup_logging(data / "logs", level=logging.DEBUG)
    try:
        with open_services(data) as services:
            boss = services.auth.authenticate("phutrach", "demo1234")
            clerk = services.auth.authenticate("congchuc1", "demo1234")
            person = services.citizens.create(clerk, CitizenInput("Lò Thị Xuân", birth_year=1950, gender="female",
                                                                  cccd="011150004567", phone="0912 345 678",
                                                                  address="Bản Nà Sa", consent=True))
            services.citizens.get(clerk, person.id, reveal_cccd=True)
            services.citizens.search(clerk, "lo thi xuan")
            services.citizens.search(clerk, "011150004567")
            for dossier in services.dossiers.overdue(clerk)[:3]:
                appointment_slip(services, clerk, dossier.id)
            services.auth.create_user(boss, "tnv9", "Vàng A Dính", Role.VOLUNTEER, "mat-khau-123")
            services.audit.verify()
    finally:
        setup_logging(None)
    con = sqlite3.connect(data / "hcc.sqlite3")
    secrets = set()
    for name, cccd, phone, address in con.execute("SELECT full_name, cccd, phone, address FROM citizen"):
        secrets |= {v for v in (name, cccd, phone, address) if v and len(v) >= 6}
    con.close()
    assert "Lò Thị Xuân" in secrets and len(secrets) > 50
    logs = "\n".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    assert log_file is not None and "registered by" in logs  # the run did log
    leaked = sorted(s for s in secrets if s in logs)
    assert leaked == []
    assert "[đã che]" not in logs  # nothing even reached the masking filter
