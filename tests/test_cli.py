"""The hcc-desktop command: exit codes and messages a supervisor or IT person sees."""

import io
import subprocess
import sys

import pytest

from hcc_desktop.app import open_services
from hcc_desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_check_succeed_and_init_is_idempotent(capsys, data_dir):
    assert run(capsys, "--data-dir", str(data_dir), "init")[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "demo", "--days", "3", "--seed", "7")
    assert code == 0 and "phutrach" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 0 and "Dữ liệu nguyên vẹn" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "init")
    assert code == 0 and "Đã khởi tạo từ trước" in out


def test_init_takes_the_first_supervisor_from_arguments(capsys, data_dir, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("mat-khau-123\n"))
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "init", "--supervisor", "phutrach",
                       "--full-name", "Trần Thị Mai", "--password-stdin")
    assert code == 0 and "phutrach" in out
    with open_services(data_dir) as services:
        assert services.auth.authenticate("phutrach", "mat-khau-123").full_name == "Trần Thị Mai"


def test_init_with_a_bad_password_is_a_user_error_and_creates_no_account(capsys, data_dir, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("ngan\n"))
    code, _, err = run(capsys, "--data-dir", str(data_dir), "init", "--supervisor", "phutrach",
                       "--full-name", "Trần Thị Mai", "--password-stdin")
    assert code == 1 and "Mật khẩu cần ít nhất" in err
    with open_services(data_dir) as services:
        assert not services.auth.has_users()


def test_random_bytes_database_gives_exit_2_and_no_traceback(capsys, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "hcc.sqlite3").write_bytes(bytes(reversed(range(256))) * 100)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 2
    assert "bị hỏng" in err and "damaged" in err and "Traceback" not in err + out


def test_check_of_a_missing_folder_is_exit_2(capsys, data_dir):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 2 and "hcc-desktop init" in err


def test_check_reports_a_corrupted_page(capsys, data_dir, supervisor, services):
    services.close()
    db = data_dir / "hcc.sqlite3"
    raw = bytearray(db.read_bytes())
    # keep page 1 (header and schema) intact, overwrite every table and index page with garbage
    raw[4096:] = b"\xa5" * (len(raw) - 4096)
    db.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        (data_dir / f"hcc.sqlite3{suffix}").unlink(missing_ok=True)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "check")
    assert code == 2 and "Traceback" not in out + err


def test_demo_refuses_a_folder_with_real_accounts(capsys, data_dir, supervisor):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "demo", "--days", "1")
    assert code == 1 and "dữ liệu thật" in err


def test_demo_days_out_of_range_is_a_user_error(capsys, data_dir):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "demo", "--days", "0")
    assert code == 1 and "Số ngày" in err


def test_version(capsys):
    code, out, _ = run(capsys, "version")
    assert code == 0 and out.startswith("HCC Desktop ")


@pytest.mark.parametrize("module", [True, False])
def test_self_test_prints_ok(module, tmp_path):
    command = [sys.executable, "-m", "hcc_desktop", "--self-test"] if module else \
        [sys.executable, "-c", "import sys; from hcc_desktop.cli import main; sys.exit(main(['--self-test']))"]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "OK"
    for step in ("storage", "upgrade", "pdf", "xlsx", "qt", "print", "sound"):
        assert f"ok {step}:" in result.stdout
