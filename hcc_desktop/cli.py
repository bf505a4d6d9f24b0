"""The ``hcc-desktop`` command (also ``python -m hcc_desktop``).

With no command it starts the GUI. Exit codes: 0 success, 1 user error
(explained on stderr), 2 damaged or unusable data folder, 3 a bug.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path
from typing import Callable

from hcc_desktop import APP_NAME, __version__
from hcc_desktop.errors import DataFolderDamaged, HccError, StorageFull, ValidationError
from hcc_desktop.i18n import tr

logger = logging.getLogger(__name__)
EXIT_OK, EXIT_USER, EXIT_DAMAGED, EXIT_BUG = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hcc-desktop", description=tr(
        "Phần mềm phục vụ tại quầy của Trung tâm Phục vụ hành chính công xã. Không có lệnh: mở giao diện."))
    parser.add_argument("--data-dir", metavar="DIR", help=tr("thư mục dữ liệu (mặc định: thư mục dữ liệu người dùng; "
                                                             "hoặc biến môi trường HCC_DATA_DIR)"))
    parser.add_argument("--self-test", action="store_true", help=tr("tự kiểm tra mọi thành phần (không giao diện), in OK"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = sub.add_parser("init", help=tr("tạo và khởi tạo thư mục dữ liệu (chạy lại nhiều lần không sao)"))
    init.add_argument("--supervisor", metavar="USERNAME", help=tr("tên đăng nhập của tài khoản phụ trách đầu tiên"))
    init.add_argument("--full-name", help=tr("họ và tên của người phụ trách"))
    init.add_argument("--password-stdin", action="store_true", help=tr("đọc mật khẩu từ đầu vào chuẩn"))
    demo = sub.add_parser("demo", help=tr("điền dữ liệu mẫu (có đánh dấu là dữ liệu mẫu)"))
    demo.add_argument("--days", type=int, default=5, help=tr("số ngày dữ liệu mẫu (mặc định 5)"))
    demo.add_argument("--seed", type=int, default=1, help=tr("hạt giống ngẫu nhiên; cùng hạt giống cho cùng dữ liệu"))
    sub.add_parser("check", help=tr("kiểm tra toàn vẹn thư mục dữ liệu"))
    sub.add_parser("version", help=tr("in phiên bản"))
    _print_parser(sub)
    _backup_parsers(sub)
    audit = sub.add_parser("audit", help=tr("nhật ký kiểm soát: kiểm tra chuỗi băm (verify)"))
    audit.add_argument("action", choices=["verify"], help=tr("verify: phát hiện dòng nhật ký bị sửa hoặc bị xóa"))
    _exchange_parsers(sub)
    return parser


def _backup_parsers(sub) -> None:
    backup = sub.add_parser("backup", help=tr("sao lưu cơ sở dữ liệu ngay (kiểm tra toàn vẹn, giữ các bản theo cài đặt)"))
    backup.add_argument("--to", metavar="DIR", help=tr("chép thêm bản sao lưu vào thư mục này (ví dụ ổ USB); cần --user"))
    backup.add_argument("--user", metavar="USERNAME", help=tr("tài khoản phụ trách (mật khẩu đọc từ đầu vào chuẩn); "
                                                              "không có: bản sao lưu hằng ngày của hệ thống"))
    restore = sub.add_parser("restore", help=tr("khôi phục cơ sở dữ liệu từ một bản sao lưu (đóng chương trình trước)"))
    restore.add_argument("file", metavar="FILE", help=tr("tệp sao lưu hcc-….sqlite3"))
    restore.add_argument("--user", required=True, metavar="USERNAME",
                         help=tr("tài khoản phụ trách (mật khẩu đọc từ đầu vào chuẩn); ghi vào nhật ký kiểm soát"))


def _print_parser(sub) -> None:
    printing = sub.add_parser("print", help=tr("in ra tệp PDF: hướng dẫn thủ tục, các bước nộp trực tuyến, tờ rơi, "
                                               "sổ nhật ký phục vụ, sổ theo dõi hồ sơ"))
    documents = printing.add_subparsers(dest="document", metavar="DOCUMENT", required=True)

    def document(name: str, help_text: str):
        parser = documents.add_parser(name, help=help_text)
        parser.add_argument("--out", required=True, metavar="FILE.pdf", help=tr("tệp PDF cần ghi"))
        parser.add_argument("--user", required=True, metavar="USERNAME",
                            help=tr("tài khoản in (mật khẩu đọc từ đầu vào chuẩn); ghi vào nhật ký kiểm soát"))
        return parser

    document("guide", tr("hướng dẫn thủ tục chữ to")).add_argument("--procedure", required=True, metavar="CODE")
    document("steps", tr("các bước nộp hồ sơ trực tuyến")).add_argument("--procedure", required=True, metavar="CODE")
    leaflet = document("leaflet", tr("tờ rơi ngày hướng dẫn công dân / ngày phục vụ lưu động (A5)"))
    leaflet.add_argument("--kind", choices=["guidance", "mobile"], default="guidance",
                         help=tr("guidance: ngày hướng dẫn công dân; mobile: ngày phục vụ lưu động"))
    leaflet.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    leaflet.add_argument("--start", default="07:30", metavar="HH:MM")
    leaflet.add_argument("--end", default="11:30", metavar="HH:MM")
    leaflet.add_argument("--place", required=True)
    leaflet.add_argument("--procedure", action="append", required=True, metavar="CODE",
                         help=tr("mã thủ tục được phục vụ (nhắc lại cho mỗi thủ tục)"))
    leaflet.add_argument("--note", default="")
    document("daily-log", tr("sổ nhật ký phục vụ của một ngày (có thông tin cá nhân)")).add_argument(
        "--date", required=True, metavar="YYYY-MM-DD")
    book = document("record-book", tr("sổ theo dõi hồ sơ của một khoảng thời gian (có thông tin cá nhân)"))
    book.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    book.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")


def _user_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--user", required=True, metavar="USERNAME",
                         help=tr("tài khoản phụ trách thực hiện (ghi vào nhật ký kiểm soát)"))
    command.add_argument("--password-stdin", action="store_true",
                         help=tr("đọc mật khẩu từ đầu vào chuẩn (mặc định: hỏi trên màn hình)"))


def _exchange_parsers(sub) -> None:
    report = sub.add_parser("report", help=tr("xuất báo cáo Excel của một kỳ"))
    report.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD", help=tr("ngày đầu kỳ"))
    report.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD", help=tr("ngày cuối kỳ"))
    report.add_argument("--out", required=True, metavar="FILE.xlsx", help=tr("tệp báo cáo"))
    report.add_argument("--profile", choices=["aggregate", "detail", "full"], default="detail",
                        help=tr("aggregate: chỉ số liệu tổng hợp; detail: kèm danh sách, CCCD che bớt (mặc định); "
                                "full: CCCD đầy đủ (ghi vào nhật ký kiểm soát)"))
    _user_options(report)
    export = sub.add_parser("export", help=tr("xuất gói dữ liệu để gửi lên cấp trên hoặc gộp vào máy Trung tâm"))
    export.add_argument("--out", required=True, metavar="DIR", help=tr("thư mục ghi gói dữ liệu"))
    export.add_argument("--full", action="store_true", help=tr("toàn bộ dữ liệu (mặc định: phần chưa được xác nhận)"))
    _user_options(export)
    imp = sub.add_parser("import", help=tr("nhập gói dữ liệu của máy khác (kiểm tra, chạy thử, rồi áp dụng)"))
    imp.add_argument("file", metavar="FILE", help=tr("gói dữ liệu (.zip)"))
    imp.add_argument("--dry-run", action="store_true", help=tr("chỉ báo cáo sẽ thay đổi gì, không ghi"))
    _user_options(imp)
    outbox = sub.add_parser("outbox", help=tr("hộp gửi đi: liệt kê, đánh dấu đã gửi (sent) hoặc cấp trên đã nhận (ack)"))
    outbox.add_argument("action", choices=["list", "sent", "ack"], nargs="?", default="list")
    outbox.add_argument("id", nargs="?", help=tr("mã tệp (8 ký tự đầu là đủ)"))
    _user_options(outbox)
    merge = sub.add_parser("consolidate", help=tr("cộng các báo cáo Excel của nhiều Trung tâm thành một báo cáo"))
    merge.add_argument("files", nargs="+", metavar="FILE.xlsx")
    merge.add_argument("-o", "--out", required=True, metavar="FILE.xlsx")
    merge.add_argument("--allow-mixed-periods", action="store_true",
                       help=tr("cho phép cộng các báo cáo khác kỳ (mặc định: từ chối)"))


def _out(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _ask_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(tr("Mật khẩu: "))
    if first != getpass.getpass(tr("Nhập lại mật khẩu: ")):
        raise ValidationError(tr("Hai lần nhập mật khẩu không khớp nhau."), "password")
    return first


def cmd_init(args) -> int:
    from hcc_desktop.app import open_services

    with open_services(args.data_dir) as services:
        _out(tr("Thư mục dữ liệu: {path}", path=services.paths.data_dir))
        if services.auth.has_users():
            _out(tr("Đã khởi tạo từ trước; đã có tài khoản."))
            return EXIT_OK
        username, full_name = args.supervisor, args.full_name
        interactive = sys.stdin.isatty() and not args.password_stdin
        if username is None and interactive:
            full_name = input(tr("Họ và tên người phụ trách Trung tâm: "))
            username = input(tr("Tên đăng nhập: "))
        if username is None:
            _out(tr("Chưa có tài khoản nào: tài khoản phụ trách đầu tiên sẽ được tạo khi mở chương trình, "
                    "hoặc chạy: hcc-desktop init --supervisor TÊN --full-name \"HỌ TÊN\""))
            return EXIT_OK
        password = _ask_password(args.password_stdin)
        actor = services.auth.create_first_supervisor(username, full_name or "", password)
        _out(tr("Đã tạo tài khoản phụ trách “{u}”.", u=actor.username))
    return EXIT_OK


def cmd_demo(args) -> int:
    from hcc_desktop.app import open_services
    from hcc_desktop.services.demo import DEMO_PASSWORD, STAFF

    with open_services(args.data_dir) as services:
        summary = services.demo.fill(args.days, args.seed)
    _out(tr("Đã điền dữ liệu mẫu (hạt giống {seed}, {days} ngày): {n} tài khoản mới, {t} số thứ tự, "
            "{v} lượt hỗ trợ, {d} hồ sơ.", seed=summary.seed, days=summary.days, n=summary.accounts_created,
            t=summary.tickets, v=summary.visits, d=summary.dossiers))
    _out(tr("Tài khoản mẫu: {users}; mật khẩu: {pw}", users=", ".join(u for u, _ in STAFF), pw=DEMO_PASSWORD))
    return EXIT_OK


def cmd_check(args) -> int:
    from hcc_desktop.app import open_services

    with open_services(args.data_dir, create=False) as services:
        report = services.health.check()
    _out(tr("Thư mục dữ liệu: {path}", path=report.data_dir))
    _out(tr("SQLite {v}, chế độ {mode}, cấu trúc dữ liệu {rev}", v=report.sqlite_version,
            mode=report.journal_mode, rev=report.schema_revision))
    if report.ok:
        _out(tr("Dữ liệu nguyên vẹn. / Data folder OK."))
        return EXIT_OK
    for problem in report.problems:
        _err(problem)
    _err(tr("Dữ liệu có vấn đề. / The data folder is damaged."))
    return EXIT_DAMAGED


def cmd_audit(args) -> int:
    from hcc_desktop.app import open_services

    with open_services(args.data_dir, create=False) as services:
        result = services.audit.verify()
    if result.ok:
        _out(tr("Nhật ký kiểm soát nguyên vẹn: {n} dòng.", n=result.lines))
        return EXIT_OK
    for problem in result.problems:
        _err(problem)
    _err(tr("Nhật ký kiểm soát đã bị thay đổi ({n} vấn đề).", n=len(result.problems)))
    return EXIT_DAMAGED


def _day(raw: str, field: str):
    from datetime import date

    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError(tr("Ngày “{d}” không hợp lệ; hãy viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-25.",
                                 d=raw), field) from None


def cmd_print(args) -> int:
    """Render one document to a PDF file as a named user (password from stdin); registers with personal
    data are written to the audit trail under that user, as a print from the GUI is."""
    from hcc_desktop.app import open_services
    from hcc_desktop.documents.pdf import atomic_write

    password = (sys.stdin.readline() if not sys.stdin.isatty() else getpass.getpass(tr("Mật khẩu: "))).rstrip("\r\n")
    with open_services(args.data_dir, create=False) as services:
        actor = services.auth.authenticate(args.user, password)
        kind = args.document
        subject = ""
        if kind == "guide":
            pdf = services.guides.guide_pdf(actor, args.procedure)
        elif kind == "steps":
            pdf = services.guides.steps_pdf(actor, args.procedure)
        elif kind == "leaflet":
            from hcc_desktop.services.guides import LeafletInput

            pdf = services.guides.leaflet_pdf(actor, LeafletInput(args.kind, _day(args.date, "date"), args.start,
                                                                  args.end, args.place, tuple(args.procedure),
                                                                  args.note))
        elif kind == "daily-log":
            day = _day(args.date, "date")
            pdf, subject = services.logbook.daily_log_pdf(actor, day), f"daily_log:{day.isoformat()}"
        else:
            start, end = _day(args.start, "start"), _day(args.end, "end")
            pdf = services.logbook.record_book_pdf(actor, start, end)
            subject = f"record_book:{start.isoformat()}..{end.isoformat()}"
        try:
            path = atomic_write(Path(args.out), pdf)
        except OSError as exc:
            raise ValidationError(tr("Không ghi được tệp “{p}”: {e}", p=args.out, e=exc.strerror or exc)) from exc
        if subject:
            services.logbook.record_output(actor, kind.replace("-", "_"), subject, "pdf (dòng lệnh)")
    _out(tr("Đã ghi {p}", p=str(path)))
    return EXIT_OK


def _read_password() -> str:
    return (sys.stdin.readline() if not sys.stdin.isatty() else getpass.getpass(tr("Mật khẩu: "))).rstrip("\r\n")


def cmd_backup(args) -> int:
    """Back up now: as a named supervisor (``--user``, optionally ``--to DIR``), or as the day's
    automatic backup (no ``--user``: for a scheduled task)."""
    from hcc_desktop.app import open_services
    from hcc_desktop.services.backups import DAILY, MANUAL

    if args.to and not args.user:
        raise ValidationError(tr("Chép bản sao lưu ra thư mục khác cần tài khoản phụ trách: thêm --user TÊN."), "user")
    password = _read_password() if args.user else ""
    with open_services(args.data_dir, create=False) as services:
        actor = services.auth.authenticate(args.user, password) if args.user else None
        to = Path(args.to).expanduser() if args.to else None
        if to is not None and not to.is_dir():
            raise ValidationError(tr("Không thấy thư mục “{p}” (ổ USB chưa cắm?).", p=args.to), "to")
        result = services.backups.create(actor, MANUAL if actor else DAILY, to=to)
    _out(result.message())
    if result.second_problem:
        _err(result.second_problem)
    return EXIT_OK


def _restore_actor(args, password: str, candidate: Path):
    """Who restores: checked against the current database, or, if that is damaged, against the backup."""
    from hcc_desktop.app import open_services

    try:
        services = open_services(args.data_dir, create=False)
    except DataFolderDamaged:
        services = None
    if services is not None:
        try:
            return services.auth.authenticate(args.user, password), services
        except BaseException:
            services.close()
            raise
    from hcc_desktop.services.backups import authenticate_in_backup

    return authenticate_in_backup(candidate, args.user, password), None


def cmd_restore(args) -> int:
    """Replace the database with a checked backup (the program must be closed); the old one is kept."""
    from hcc_desktop.app import open_services
    from hcc_desktop.clock import SystemClock
    from hcc_desktop.paths import Paths
    from hcc_desktop.services.backups import restore_after_damage

    candidate = Path(args.file).expanduser().resolve()
    actor, services = _restore_actor(args, _read_password(), candidate)
    reopen = lambda: open_services(args.data_dir, create=False)  # noqa: E731
    if services is not None:
        checked, kept = services.backups.restore(actor, candidate, services.close, reopen)
    else:  # the current database is damaged: it is set aside, the restore is written in the restored one
        checked, kept = restore_after_damage(Paths.resolve(args.data_dir), SystemClock(), candidate, actor,
                                             reason="damaged")
    _out(tr("Đã khôi phục từ {f} (cấu trúc dữ liệu {rev}).", f=candidate.name, rev=checked.revision))
    if kept is not None:
        _out(tr("Dữ liệu bị thay thế được giữ tại {p}.", p=str(kept)))
    return EXIT_OK


def cmd_version(_args) -> int:
    import sqlite3

    _out(f"{APP_NAME} {__version__} (Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version})")
    return EXIT_OK


def _login(services, args):
    """The acting supervisor: the password from stdin (scripts) or asked on the terminal; audited as a log-in."""
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass(tr("Mật khẩu: "))
    return services.auth.authenticate(args.user, password)


def cmd_exchange(args) -> int:
    from hcc_desktop.app import open_services
    from hcc_desktop.cli_exchange import run

    if args.command == "consolidate":
        return run(None, None, args, _out, _err)
    with open_services(args.data_dir, create=False) as services:
        actor = _login(services, args)
        try:
            return run(services, actor, args, _out, _err)
        finally:
            services.auth.logout(actor)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init, "demo": cmd_demo, "check": cmd_check, "version": cmd_version,
    "audit": cmd_audit, "print": cmd_print, "backup": cmd_backup, "restore": cmd_restore,
    "report": cmd_exchange, "export": cmd_exchange, "import": cmd_exchange,
    "outbox": cmd_exchange, "consolidate": cmd_exchange}


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    args = _parser().parse_args(argv)
    if args.self_test:
        from hcc_desktop.selftest import run_self_test

        return run_self_test(_out)
    if args.command is None:
        from hcc_desktop.ui.application import run_gui

        return run_gui(args.data_dir)
    from hcc_desktop.logging_setup import setup_logging
    from hcc_desktop.paths import Paths

    setup_logging(Paths.resolve(args.data_dir).log_dir if args.command != "version" else None)
    try:
        return COMMANDS[args.command](args)
    except (DataFolderDamaged, StorageFull) as exc:
        _err(tr("Lỗi: {msg}", msg=exc.message))
        _err("Error: the data folder is damaged or unusable (exit 2).")
        return EXIT_DAMAGED
    except HccError as exc:
        _err(tr("Lỗi: {msg}", msg=exc.message))
        return EXIT_USER
    except KeyboardInterrupt:
        _err(tr("Đã dừng."))
        return EXIT_USER
    except Exception:
        logger.exception("command %s failed", args.command)
        _err(tr("Lỗi ngoài dự kiến; chi tiết đã được ghi vào nhật ký trong thư mục dữ liệu."))
        return EXIT_BUG
