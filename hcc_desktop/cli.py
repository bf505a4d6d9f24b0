"""The ``hcc-desktop`` command (also ``python -m hcc_desktop``).

With no command it starts the GUI. Exit codes: 0 success, 1 user error
(explained on stderr), 2 damaged or unusable data folder, 3 a bug.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
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
    audit = sub.add_parser("audit", help=tr("nhật ký kiểm soát: kiểm tra chuỗi băm (verify)"))
    audit.add_argument("action", choices=["verify"], help=tr("verify: phát hiện dòng nhật ký bị sửa hoặc bị xóa"))
    _exchange_parsers(sub)
    return parser


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
    "audit": cmd_audit, "report": cmd_exchange, "export": cmd_exchange, "import": cmd_exchange,
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
