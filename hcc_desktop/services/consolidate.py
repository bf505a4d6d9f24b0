"""District consolidation: several centers' report workbooks added up into one.

Each workbook's manifest is checked (format, checksum over every figure and row, one
workbook per machine) and, unless asked otherwise, every workbook must cover the same
period. Counts are added; averages are weighted by the count they average over; the
longest wait is the longest of all; medians and percentiles cannot be added and are left
empty with a note.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hcc_desktop.documents.report_xlsx import (FORMAT, FORMAT_VERSION, HEADER_ROW, MANIFEST_TITLE, SUMMARY_TITLE,
                                               Checksum, Figure, ReportDocument, Section, write_report)
from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.package_file import AtomicFile


@dataclass
class CenterReport:
    path: Path
    manifest: dict[str, object]
    sections: list[tuple[str, list[Figure]]]

    @property
    def period(self) -> tuple[str, str]:
        return _day(self.manifest.get("first")), _day(self.manifest.get("last"))


def _day(value) -> str:
    if isinstance(value, (datetime, date)):
        return f"{value:%Y-%m-%d}"
    return str(value or "")[:10]


def _rejected(path: Path, reason: str) -> ValidationError:
    return ValidationError(tr("Không cộng được: tệp “{name}” {reason}. Chưa ghi tệp tổng hợp.", name=path.name,
                              reason=reason))


def read_report(path: Path) -> CenterReport:
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise _rejected(path, tr("không phải tệp Excel (.xlsx) hoặc đã hỏng"))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — a damaged workbook fails in many ways
        raise _rejected(path, tr("không đọc được")) from exc
    try:
        if SUMMARY_TITLE not in wb.sheetnames or MANIFEST_TITLE not in wb.sheetnames:
            raise _rejected(path, tr("không phải báo cáo của HCC Desktop (thiếu trang Tổng hợp hoặc Thông tin)"))
        manifest = {row[0]: (tuple(row) + (None,) * 3)[2]
                    for row in wb[MANIFEST_TITLE].iter_rows(min_row=2, values_only=True) if row and row[0]}
        if manifest.get("format") != f"{FORMAT} {FORMAT_VERSION}":
            raise _rejected(path, tr("không phải báo cáo của HCC Desktop hoặc khác định dạng"))
        checksum = Checksum()
        sections: list[tuple[str, list[Figure]]] = []
        for row in wb[SUMMARY_TITLE].iter_rows(min_row=HEADER_ROW + 1, values_only=True):
            row = tuple(row) + (None,) * (5 - len(row))
            key, label, value, unit, merge = row[:5]
            if not key and label:
                sections.append((str(label), []))
            elif key:
                checksum.add(SUMMARY_TITLE, (key, value))
                if not sections:
                    sections.append(("", []))
                sections[-1][1].append(Figure(str(key), str(label or ""), value, str(unit or ""), str(merge or "sum")))
        for title in wb.sheetnames:
            if title in (SUMMARY_TITLE, MANIFEST_TITLE):
                continue
            for values in wb[title].iter_rows(min_row=2, values_only=True):
                checksum.add(title, values)
    finally:
        wb.close()
    if checksum.hexdigest() != manifest.get("checksum"):
        raise _rejected(path, tr("đã bị sửa sau khi lập (mã kiểm tra không khớp)"))
    return CenterReport(path, manifest, sections)


def _merge(reports: list[CenterReport]) -> tuple[Section, ...]:
    order: list[str] = []
    figures: dict[str, dict[str, Figure]] = {}
    for report in reports:
        for title, items in report.sections:
            if title not in figures:
                order.append(title)
                figures[title] = {}
            for fig in items:
                figures[title].setdefault(fig.key, fig)
    values = [{fig.key: fig.value for _t, items in r.sections for fig in items} for r in reports]
    sections = []
    for index, title in enumerate(order):
        merged = tuple(Figure(f.key, f.label if f.merge != "none" else tr("{label} (không cộng được giữa các "
                                                                          "Trung tâm)", label=f.label),
                              _combine(f, values), f.unit, f.merge) for f in figures[title].values())
        sections.append(Section(f"s{index}", title, merged, chart=len(merged) > 1 and all(
            f.merge == "sum" for f in merged) and len(merged) <= 12))
    return tuple(sections)


def _combine(fig: Figure, values: list[dict]):
    present = [v.get(fig.key) for v in values if isinstance(v.get(fig.key), (int, float))]
    if fig.merge == "sum":
        return sum(present)
    if fig.merge == "max":
        return max(present) if present else None
    if fig.merge.startswith("mean:"):
        weight_key = fig.merge[5:]
        pairs = [(v.get(fig.key), v.get(weight_key)) for v in values]
        pairs = [(x, w) for x, w in pairs if isinstance(x, (int, float)) and isinstance(w, (int, float)) and w]
        total = sum(w for _x, w in pairs)
        return round(sum(x * w for x, w in pairs) / total, 1) if total else None
    return None


def consolidate(paths: list[Path], out: Path, *, allow_mixed_periods: bool = False,
                generated_at: datetime | None = None) -> tuple[Path, int]:
    """Add up the workbooks into ``out``; returns the path and the number of centers."""
    if not paths:
        raise ValidationError(tr("Hãy chọn ít nhất một báo cáo."))
    reports = [read_report(Path(p)) for p in paths]
    devices = [r.manifest.get("device_id") for r in reports]
    twice = sorted({r.path.name for r in reports if devices.count(r.manifest.get("device_id")) > 1})
    if twice:
        raise ValidationError(tr("Các tệp {names} là báo cáo của cùng một máy; mỗi Trung tâm chỉ cộng một lần. "
                                 "Chưa ghi tệp tổng hợp.", names=", ".join(twice)))
    periods = {r.period for r in reports}
    if len(periods) > 1 and not allow_mixed_periods:
        listed = "; ".join(f"{r.path.name}: {r.period[0]} → {r.period[1]}" for r in reports)
        raise ValidationError(tr("Các báo cáo không cùng kỳ ({listed}). Chỉ cộng khi chắc chắn, với "
                                 "--allow-mixed-periods. Chưa ghi tệp tổng hợp.", listed=listed))
    first = min(r.period[0] for r in reports)
    last = max(r.period[1] for r in reports)
    centers = [str(r.manifest.get("center") or r.path.stem) for r in reports]
    demo = any(str(r.manifest.get("demo", "")).startswith(tr("Có")) for r in reports)
    manifest = [("kind", tr("Loại"), tr("Tổng hợp {n} Trung tâm", n=len(reports))),
                ("first", tr("Từ ngày"), date.fromisoformat(first)), ("last", tr("Đến ngày"), date.fromisoformat(last)),
                ("mixed_periods", tr("Các kỳ khác nhau"), tr("Có") if len(periods) > 1 else tr("Không")),
                ("generated_at", tr("Lập lúc"), generated_at.replace(tzinfo=None, microsecond=0)
                 if generated_at else None),
                ("demo", tr("Dữ liệu mẫu"), tr("Có — không phải số liệu thật") if demo else tr("Không"))]
    for i, r in enumerate(reports, start=1):
        manifest.append((f"source{i}", tr("Nguồn {i}", i=i), tr("{center} — {name} — mã kiểm tra {sum}",
                                                               center=centers[i - 1], name=r.path.name,
                                                               sum=str(r.manifest.get("checksum"))[:16])))
    doc = ReportDocument(tr("BÁO CÁO TỔNG HỢP KẾT QUẢ HỖ TRỢ NGƯỜI DÂN"),
                         tr("{n} Trung tâm: {names} — từ {a} đến {b}", n=len(reports), names=", ".join(centers),
                            a=first, b=last), _merge(reports), [], manifest)
    out = Path(out)
    if out.resolve() in {Path(p).resolve() for p in paths}:
        raise ValidationError(tr("Tệp tổng hợp phải khác các tệp nguồn."))
    with AtomicFile(out) as tmp:
        write_report(tmp, doc)
    return out, len(reports)
