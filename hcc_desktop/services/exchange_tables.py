"""What a data package carries, table by table, and how each table is merged.

Order matters: a table comes after the tables its rows point at. Accounts travel
without their password hash and arrive locked; the catalog of the receiving machine
wins (a procedure known here by code is used as it is); a person already known here
by CCCD is the same person (their visits and dossiers are attached to the local one).
Tickets and visits still open on the sending machine are not sent (they travel once
finished); queue events (the counter's own log) stay on the machine that wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table

from hcc_desktop.i18n import tr
from hcc_desktop.storage.case_models import Citizen, Dossier, DossierEvent, Procedure, Survey, Visit
from hcc_desktop.storage.exchange_store import Column, columns_of
from hcc_desktop.storage.models import QueueTicket, UserAccount

FINAL_TICKETS = ("done", "no_show", "cancelled", "expired")
FINAL_VISITS = ("completed", "abandoned")


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: Table
    label: str
    policy: str = "merge"  # merge | keep_local (accounts, catalog: never changed by a package)
    refs: dict[str, str] = field(default_factory=dict)  # column → table it points at
    uniques: tuple[tuple[str, ...], ...] = ()
    final: tuple[str, str | tuple[str, ...]] | None = None  # (column, values): only these states travel
    exclude: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self.table, self.exclude)

    @property
    def part(self) -> str:
        return f"{self.name}.jsonl"


SPECS: tuple[TableSpec, ...] = (
    TableSpec("user_account", UserAccount.__table__, tr("tài khoản"), "keep_local", exclude=("password_hash",)),
    TableSpec("procedure", Procedure.__table__, tr("thủ tục"), "keep_local"),
    TableSpec("citizen", Citizen.__table__, tr("công dân"), uniques=(("cccd",),)),
    TableSpec("queue_ticket", QueueTicket.__table__, tr("số thứ tự"), refs={"issued_by": "user_account"},
              uniques=(("service_day", "tier", "number", "device_id"), ("request_id",)),
              final=("status", FINAL_TICKETS)),
    TableSpec("visit", Visit.__table__, tr("lượt hỗ trợ"),
              refs={"ticket_id": "queue_ticket", "citizen_id": "citizen", "procedure_id": "procedure",
                    "helper_id": "user_account"}, final=("status", FINAL_VISITS)),
    TableSpec("dossier", Dossier.__table__, tr("hồ sơ"),
              refs={"visit_id": "visit", "citizen_id": "citizen", "procedure_id": "procedure",
                    "received_by": "user_account"}, uniques=(("code", "device_id"),)),
    TableSpec("dossier_event", DossierEvent.__table__, tr("diễn biến hồ sơ"),
              refs={"dossier_id": "dossier", "user_id": "user_account"}),
    TableSpec("survey", Survey.__table__, tr("đánh giá hài lòng"), refs={"visit_id": "visit"},
              uniques=(("visit_id",),)),
)
BY_NAME = {s.name: s for s in SPECS}

MASKED_COLUMNS = frozenset({"cccd"})  # ID numbers: shown masked wherever a record is shown side by side


def _field_labels() -> dict[str, str]:
    return {
        "full_name": tr("Họ và tên"), "name_folded": tr("Tên để tìm (không dấu)"), "birth_year": tr("Năm sinh"),
        "birth_date": tr("Ngày sinh"), "gender": tr("Giới tính"), "cccd": tr("Số CCCD"),
        "phone": tr("Số điện thoại"), "village": tr("Thôn"), "address": tr("Địa chỉ"),
        "vulnerabilities": tr("Nhóm ưu tiên"), "disability_type": tr("Dạng khuyết tật"),
        "disability_level": tr("Mức độ khuyết tật"), "vneid": tr("VNeID"), "consent": tr("Đồng ý lưu thông tin"),
        "consent_at": tr("Lúc đồng ý"), "note": tr("Ghi chú"), "id": tr("Mã bản ghi"), "created_at": tr("Tạo lúc"),
        "updated_at": tr("Sửa lần cuối lúc"), "device_id": tr("Máy tạo"), "service_day": tr("Ngày phục vụ"),
        "seq": tr("Thứ tự cấp"), "tier": tr("Hàng ưu tiên"), "prefix": tr("Tiền tố số"), "number": tr("Số"),
        "reason_code": tr("Mã lý do ưu tiên"), "reason_label": tr("Lý do ưu tiên"),
        "reason_note": tr("Ghi chú lý do"), "reason_verified": tr("Đã kiểm tra lý do"),
        "citizen_name": tr("Tên người dân"), "seat": tr("Chỗ ngồi"), "needs": tr("Nhu cầu hỗ trợ"),
        "status": tr("Trạng thái"), "counter": tr("Quầy"), "assigned_counter": tr("Quầy được giao"),
        "service_note": tr("Ghi chú phục vụ"), "recall_count": tr("Số lần gọi lại"), "call_rule": tr("Quy tắc gọi"),
        "postponed_until": tr("Hoãn đến"), "issued_at": tr("Cấp số lúc"), "called_at": tr("Gọi lúc"),
        "started_at": tr("Bắt đầu lúc"), "finished_at": tr("Xong lúc"), "issued_by": tr("Người cấp số"),
        "request_id": tr("Mã yêu cầu cấp số"), "ticket_id": tr("Số thứ tự"), "citizen_id": tr("Công dân"),
        "procedure_id": tr("Thủ tục"), "need": tr("Nhu cầu"), "support": tr("Hình thức hỗ trợ"),
        "support_note": tr("Ghi chú hỗ trợ"), "documents_ok": tr("Đủ giấy tờ"), "outcome": tr("Kết quả"),
        "helper_id": tr("Người hỗ trợ"), "helper_role": tr("Vai trò người hỗ trợ"),
        "draft_json": tr("Bản nháp"), "code": tr("Mã hồ sơ"), "visit_id": tr("Lượt hỗ trợ"),
        "channel": tr("Kênh tiếp nhận"), "online_ref": tr("Mã hồ sơ trực tuyến"), "received_at": tr("Tiếp nhận lúc"),
        "due_at": tr("Ngày hẹn trả"), "resolved_at": tr("Giải quyết xong lúc"), "returned_at": tr("Trả kết quả lúc"),
        "delivery": tr("Nhận kết quả tại"), "delivery_address": tr("Địa chỉ nhận kết quả"),
        "fee": tr("Phí, lệ phí"), "copies": tr("Số bộ hồ sơ"), "book_volume": tr("Sổ theo dõi — quyển"),
        "book_number": tr("Sổ theo dõi — số thứ tự"), "received_by": tr("Người tiếp nhận"),
        "dossier_id": tr("Hồ sơ"), "at": tr("Lúc"), "kind": tr("Loại"), "from_status": tr("Từ trạng thái"),
        "to_status": tr("Sang trạng thái"), "detail": tr("Chi tiết"), "user_id": tr("Người thực hiện"),
        "level": tr("Mức hài lòng"), "trips": tr("Số lần đi lại thêm"), "comment": tr("Góp ý"),
        "skipped": tr("Không đánh giá"),
    }


def field_label(column: str) -> str:
    """The words a supervisor reads for a column of a travelling record (the column's own name if none)."""
    return _field_labels().get(column, column)
