"""Report workbooks: figures match the database, LibreOffice reads every sheet, masking, injection, consolidation."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from exchange_helpers import clock, demo_folder
from sqlalchemy import func, select

from hcc_desktop.app import open_services
from hcc_desktop.errors import PermissionDenied, ValidationError
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.demo import DEMO_PASSWORD
from hcc_desktop.services.package_file import Cancelled
from hcc_desktop.services.reports import Period
from hcc_desktop.services.visits import VisitInput
from hcc_desktop.storage.case_models import Dossier, Survey, Visit

DAY = date(2026, 11, 25)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-built-reports")


@pytest.fixture
def center(built, tmp_path):
    services = open_services(demo_folder(built, 1, tmp_path / "a"), clock=clock())
    yield services, services.auth.authenticate("phutrach", DEMO_PASSWORD)
    services.close()


def _person_with_cccd(services, comment: str) -> None:
    """A served person with a full CCCD, whose survey comment looks like a formula."""
    clerk = services.auth.authenticate("congchuc1", DEMO_PASSWORD)
    person = services.citizens.create(clerk, CitizenInput(full_name="Trần Thị Mai", birth_year=2003, gender="female",
                                                          cccd="001303004567", consent=True))
    visit = services.visits.start(clerk, citizen_id=person.id)
    services.visits.complete(clerk, visit.id, VisitInput(citizen_id=person.id, outcome="guided_only",
                                                         support=("guided",)))
    services.visits.record_survey(clerk, visit.id, 5, 0, comment)


def _csv_sheets(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice reads it (headless conversion to CSV, one file per sheet)."""
    out.mkdir()
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{out / 'profile'}", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=180)
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            sheets[path.stem[len(xlsx.stem) + 1:]] = list(csv.reader(handle))
    return sheets


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_sheet_and_it_matches_the_database(center, tmp_path):
    services, sup = center
    _person_with_cccd(services, "=1+2")
    period = Period.day(DAY)
    result = services.reports.export_workbook(sup, period, tmp_path / "bao-cao.xlsx")
    sheets = _csv_sheets(result.path, tmp_path / "csv")
    assert set(sheets) == {"Tổng hợp", "Lượt hỗ trợ", "Hồ sơ", "Đánh giá", "Thông tin"}
    V, D, S = Visit.__table__, Dossier.__table__, Survey.__table__
    with services.db.read_core() as conn:
        visits = conn.scalar(select(func.count()).select_from(V).where(V.c.status != "draft"))
        completed = conn.scalar(select(func.count()).select_from(V).where(V.c.status == "completed"))
        codes = sorted(conn.scalars(select(D.c.code)))
        levels = sorted(conn.scalars(select(S.c.level).where(S.c.level.is_not(None))))
    assert len(sheets["Lượt hỗ trợ"]) - 1 == visits == result.rows["Lượt hỗ trợ"]
    assert sorted(row[0] for row in sheets["Hồ sơ"][1:]) == codes
    assert sorted(int(row[1]) for row in sheets["Đánh giá"][1:] if row[1]) == levels
    summary = {row[0]: row[2] for row in sheets["Tổng hợp"] if row and row[0] and row[0] != "Mã"}
    assert int(summary["visits.completed"]) == completed
    assert int(summary["dossiers.received"]) == len(codes)
    assert sum(int(summary[f"survey.level{n}"]) for n in range(1, 6)) == len(levels)
    manifest = {row[0]: row[2] for row in sheets["Thông tin"][1:]}
    assert manifest["checksum"] == result.checksum and manifest["center"].startswith("Trung tâm")
    # a comment that looks like a formula stays text (LibreOffice would show 3 for a formula)
    assert any(row[4] == "=1+2" for row in sheets["Đánh giá"][1:])
    # CCCD masked in the detail profile
    mai = next(row for row in sheets["Lượt hỗ trợ"] if row[5] == "Trần Thị Mai")
    assert mai[6] == "001******567"


def test_the_summary_prints_one_page_wide_with_whole_charts_and_details_repeat_their_header(center, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import range_boundaries

    from hcc_desktop.documents.report_xlsx import COLUMN_CM, HEADER_ROW, PAGE_ROWS, ROW_CM

    services, sup = center
    result = services.reports.export_workbook(sup, Period.week(DAY), tmp_path / "bao-cao.xlsx")
    wb = load_workbook(result.path)
    for ws in wb.worksheets:  # every sheet: A4, one page wide, as many pages down as needed
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), ws.title
    summary = wb["Tổng hợp"]
    assert summary.page_setup.orientation == "landscape"
    assert summary.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    first_col, _top, last_col, last_row = range_boundaries(summary.print_area.split("!")[1].replace("$", ""))
    breaks = [b.id for b in summary.row_breaks.brk]
    assert breaks == list(range(PAGE_ROWS, last_row, PAGE_ROWS))
    assert len(summary._charts) == 3
    for chart in summary._charts:
        anchor = chart.anchor
        left, top = anchor._from.col + 1, anchor._from.row + 1
        right = left + anchor.ext.width / 360_000 / COLUMN_CM
        bottom = top + anchor.ext.height / 360_000 / ROW_CM
        assert first_col <= left and right <= last_col  # inside the print area: not cut at the right edge
        assert HEADER_ROW < top and bottom <= last_row
        assert (top - 1) // PAGE_ROWS == (bottom - 1) // PAGE_ROWS  # not across a page break
    for title in ("Lượt hỗ trợ", "Hồ sơ", "Đánh giá"):
        detail = wb[title]
        assert detail.page_setup.orientation == "landscape" and detail.print_title_rows == "$1:$1"
    wb.close()


def test_profiles_mask_or_show_id_numbers_and_the_full_one_is_audited(center, tmp_path):
    from openpyxl import load_workbook

    services, sup = center
    _person_with_cccd(services, "")
    period = Period.day(DAY)

    def texts(path):
        wb = load_workbook(path, read_only=True)
        try:
            return {str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None}
        finally:
            wb.close()

    services.reports.export_workbook(sup, period, tmp_path / "full.xlsx", profile="full")
    services.reports.export_workbook(sup, period, tmp_path / "detail.xlsx", profile="detail")
    services.reports.export_workbook(sup, period, tmp_path / "aggregate.xlsx", profile="aggregate")
    assert "001303004567" in texts(tmp_path / "full.xlsx")
    assert "001303004567" not in texts(tmp_path / "detail.xlsx")
    upward = texts(tmp_path / "aggregate.xlsx")
    assert "Trần Thị Mai" not in upward and not any("******" in t for t in upward)
    lines = [line for line in services.audit.lines(sup) if line.action.value == "export"
             and line.detail.get("kind") == "report"][:3]  # the newest three: ours, not the demo's
    assert sorted(line.detail["full_id_numbers"] for line in lines) == [False, False, True]
    kinds = [item.scope for item in services.exchange.outbox(sup) if item.file_name.endswith(
        ("full.xlsx", "detail.xlsx", "aggregate.xlsx"))]
    assert sorted(kinds) == ["aggregate", "detail", "full"]


def test_summary_sections_and_periods(center):
    services, sup = center
    summary = services.reports.summary(sup, Period.week(DAY))
    assert summary.period == Period(date(2026, 11, 23), date(2026, 11, 29))
    assert summary.figure("visits.completed") > 0
    assert summary.figure("dossiers.received") == sum(summary.figure(f"dossiers.channel.{c}") for c in (
        "counter", "online_assisted", "home", "mobile", "post"))
    assert Period.month(DAY) == Period(date(2026, 11, 1), date(2026, 11, 30))
    assert services.reports.summary(sup, Period.day(date(2026, 11, 20))).figure("visits.completed") == 0
    with pytest.raises(ValidationError, match="Ngày cuối kỳ"):
        Period(DAY, date(2026, 11, 1))
    clerk = services.auth.authenticate("congchuc1", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        services.reports.summary(clerk, Period.day(DAY))


def test_cancelled_report_leaves_no_file_and_no_outbox_line(center, tmp_path):
    services, sup = center

    class Context:
        cancelled = False
        seen = []

        def report(self, done, total):
            self.seen.append((done, total))
            self.cancelled = True

    target = tmp_path / "out" / "bao-cao.xlsx"
    listed = services.exchange.outbox(sup)
    with pytest.raises(Cancelled):
        services.reports.export_workbook(sup, Period.day(DAY), target, context=Context())
    assert Context.seen and not target.exists() and list(target.parent.iterdir()) == []
    assert services.exchange.outbox(sup) == listed


def test_consolidation_adds_centers_and_refuses_mixed_periods_or_edited_files(built, tmp_path):
    from openpyxl import load_workbook

    from hcc_desktop.services.consolidate import consolidate, read_report

    files, completed = [], 0
    for seed in (1, 2):
        with open_services(demo_folder(built, seed, tmp_path / f"c{seed}"), clock=clock()) as services:
            sup = services.auth.authenticate("phutrach", DEMO_PASSWORD)
            result = services.reports.export_workbook(sup, Period.day(DAY), tmp_path / f"r{seed}.xlsx",
                                                      profile="aggregate")
            completed += services.reports.summary(sup, Period.day(DAY)).figure("visits.completed")
            files.append(result.path)
            if seed == 2:
                other = services.reports.export_workbook(sup, Period.week(DAY), tmp_path / "week.xlsx",
                                                         profile="aggregate").path
    out, n = consolidate(files, tmp_path / "tong-hop.xlsx")
    merged = read_report(out)
    figures = {f.key: f.value for _t, items in merged.sections for f in items}
    assert n == 2 and figures["visits.completed"] == completed
    assert figures["waits.median"] is None  # medians cannot be added
    with pytest.raises(ValidationError, match="không cùng kỳ"):
        consolidate([files[0], other], tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    wb = load_workbook(files[1])
    ws = wb["Tổng hợp"]
    for row in ws.iter_rows(min_row=6):
        if row[0].value == "visits.completed":
            row[2].value = 9999
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(ValidationError, match="bị sửa"):
        consolidate([files[0], tmp_path / "edited.xlsx"], tmp_path / "y.xlsx")


def test_cli_report_export_import_act_as_a_named_supervisor(built, tmp_path, monkeypatch, capsys):
    import io

    from hcc_desktop.cli import main

    a = demo_folder(built, 1, tmp_path / "a")
    b = demo_folder(built, 2, tmp_path / "b")

    def run(*argv, password=DEMO_PASSWORD):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        return main(["--data-dir", str(argv[0]), *argv[1:], "--user", "phutrach", "--password-stdin"])

    assert run(a, "report", "--from", "2026-11-25", "--to", "2026-11-25", "--out", str(tmp_path / "r.xlsx")) == 0
    assert (tmp_path / "r.xlsx").exists()
    assert run(a, "export", "--out", str(tmp_path / "out"), "--full") == 0
    package = next((tmp_path / "out").glob("*.zip"))
    assert run(b, "import", str(package), "--dry-run") == 0
    assert "Chạy thử" in capsys.readouterr().out
    assert run(b, "import", str(package)) == 0
    assert run(b, "import", str(package), password="sai-mat-khau") == 1
    assert "Sai tên đăng nhập" in capsys.readouterr().err
    assert run(a, "report", "--from", "25/11/2026", "--to", "2026-11-25", "--out", str(tmp_path / "x.xlsx")) == 1
