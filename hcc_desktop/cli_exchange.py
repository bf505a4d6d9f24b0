"""The exchange commands of ``hcc-desktop``: report, export, import, outbox, consolidate.

They act as a named supervisor (``--user NAME``, password on stdin with
``--password-stdin`` or asked on the terminal), so every file written or imported
is recorded in the audit trail under that person, as in the program.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hcc_desktop.clock import format_local
from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(tr("{what} phải theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-25.", what=what)) from None


def run(services, actor, args, out, err) -> int:
    return {"report": _report, "export": _export, "import": _import, "outbox": _outbox,
            "consolidate": _consolidate}[args.command](services, actor, args, out, err)


def _report(services, actor, args, out, _err) -> int:
    from hcc_desktop.services.reports import Period

    period = Period(_date(args.first, tr("Ngày đầu kỳ")), _date(args.last, tr("Ngày cuối kỳ")))
    result = services.reports.export_workbook(actor, period, Path(args.out), profile=args.profile)
    out(tr("Đã ghi báo cáo {path} ({period}): {rows}.", path=result.path, period=period.label,
           rows=", ".join(f"{k} {v}" for k, v in result.rows.items())))
    return 0


def _export(services, actor, args, out, _err) -> int:
    result = services.exchange.export_package(actor, Path(args.out), full=args.full)
    scope = tr("toàn bộ") if result.scope == "full" else tr("phần thay đổi từ {t}", t=format_local(result.since))
    out(tr("Đã ghi gói dữ liệu {path} ({scope}): {n} bản ghi.", path=result.path, scope=scope, n=result.records))
    return 0


def _import(services, actor, args, out, err) -> int:
    summary = services.exchange.import_package(actor, Path(args.file), dry_run=args.dry_run)
    from hcc_desktop.services.exchange_tables import BY_NAME

    out(tr("Gói {name} của “{center}” ({scope}).", name=summary.file_name, center=summary.center,
           scope=summary.scope))
    if summary.already_imported:
        out(tr("Gói này đã được nhập trước đây; bản ghi giống hệt được bỏ qua."))
    out(tr("{table:<20} {new:>7} {same:>7} {upd:>7} {old:>7} {conf:>7} {bad:>7} {other:>7}", table=tr("bảng"),
           new=tr("mới"), same=tr("trùng"), upd=tr("cập nhật"), old=tr("cũ hơn"), conf=tr("xung đột"),
           bad=tr("cách ly"), other=tr("giữ/gộp")))
    for name, c in summary.tables.items():
        out(f"{BY_NAME[name].label:<20} {c.new:>7} {c.same:>7} {c.updated:>7} {c.older:>7} {c.conflicts:>7} "
            f"{c.quarantined:>7} {c.kept + c.merged:>7}")
    for problem in summary.problems[:50]:
        err(tr("Cách ly {table} {key}: {reason}", table=BY_NAME[problem.table].label, key=problem.key,
               reason=problem.reason))
    if args.dry_run:
        out(tr("Chạy thử: chưa ghi gì. Bỏ --dry-run để nhập."))
    else:
        out(tr("Đã nhập: {n} bản ghi mới hoặc cập nhật; {c} xung đột chờ phụ trách quyết định; {q} bản ghi cách ly. "
               "Bản sao lưu trước khi nhập: {b}", n=summary.changes, c=summary.conflicts, q=summary.quarantined,
               b=summary.backup or "-"))
        if summary.backup_note:
            err(summary.backup_note)
    return 0


def _outbox(services, actor, args, out, _err) -> int:
    items = services.exchange.outbox(actor)
    if args.action == "list":
        for item in items:
            out(f"{item.id.hex[:8]}  {format_local(item.created_at)}  {item.direction:<3} {item.kind:<7} "
                f"{item.records:>8}  {item.status_label:<22} {item.file_name}")
        out(tr("Bản ghi chưa gửi: {n}", n=services.exchange.pending_records()))
        return 0
    if not args.id:
        raise ValidationError(tr("Hãy ghi mã tệp (xem: hcc-desktop outbox list)."))
    found = [i for i in items if i.id.hex.startswith(args.id.lower().replace("-", ""))]
    if len(found) != 1:
        raise ValidationError(tr("Không tìm thấy đúng một tệp có mã bắt đầu bằng “{id}”.", id=args.id))
    if args.action == "sent":
        services.exchange.mark_sent(actor, found[0].id)
    else:
        services.exchange.acknowledge(actor, found[0].id)
    out(tr("Đã cập nhật {name}.", name=found[0].file_name))
    return 0


def _consolidate(_services, _actor, args, out, _err) -> int:
    from datetime import datetime, timezone

    from hcc_desktop.clock import to_local
    from hcc_desktop.services.consolidate import consolidate

    path, n = consolidate([Path(f) for f in args.files], Path(args.out),
                          allow_mixed_periods=args.allow_mixed_periods,
                          generated_at=to_local(datetime.now(timezone.utc)))
    out(tr("Đã cộng {n} báo cáo vào {path}.", n=n, path=path))
    return 0
