from pathlib import Path

from hcc_desktop.documents.fonts import font_files
from hcc_desktop.paths import Paths, resource_path


def test_data_dir_argument_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HCC_DATA_DIR", str(tmp_path / "env"))
    assert Paths.resolve(tmp_path / "arg").data_dir == (tmp_path / "arg").resolve()
    assert Paths.resolve().data_dir == (tmp_path / "env").resolve()


def test_default_is_the_platform_user_data_folder(monkeypatch):
    monkeypatch.delenv("HCC_DATA_DIR", raising=False)
    assert "HCC Desktop" in str(Paths.resolve().data_dir)


def test_database_logs_and_backups_live_in_the_data_folder(tmp_path):
    paths = Paths.resolve(tmp_path)
    assert paths.database.parent == paths.log_dir.parent == paths.backup_dir.parent == tmp_path.resolve()


def test_shipped_fonts_and_licence_are_found():
    for path in font_files().values():
        assert path.is_file() and path.stat().st_size > 100_000
    assert "SIL Open Font License" in resource_path("fonts", "OFL.txt").read_text(encoding="utf-8")
    assert isinstance(resource_path(), Path)
