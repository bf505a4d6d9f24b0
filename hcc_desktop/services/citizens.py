"""The people served: registering, correcting, looking up and finding them as the clerk types.

Every value is checked and cleaned before the one write transaction opens, so an
error never leaves half a person on disk. ID numbers (CCCD) are masked unless a
clerk, supervisor or administrator asks to see one; volunteers never see a full
CCCD or phone number. The search index is kept by storage triggers in the same
transaction as every write (see :mod:`hcc_desktop.storage.search`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hcc_desktop.clock import local_today
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.audit import AuditAction, AuditService
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.services.vocab import DisabilityLevel, DisabilityType, Gender, Vneid, Vulnerability  # noqa: F401
from hcc_desktop.services.validators import (cccd_birth, mask_cccd, mask_phone, validate_birth, validate_cccd,
                                             validate_phone)
from hcc_desktop.storage import search
from hcc_desktop.storage.case_models import Citizen
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.search import Via
from hcc_desktop.text import clean, clean_name, fold

logger = logging.getLogger(__name__)

STAFF = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)  # may correct records and see full numbers
ALL_ROLES = tuple(Role)  # volunteers too: register and search (numbers masked)
MAX_NAME, MAX_VILLAGE, MAX_ADDRESS, MAX_NOTE = 200, 120, 300, 10_000
MAX_LIMIT = 100


@dataclass(frozen=True)
class CitizenInput:
    """What the form sends; every field is checked and cleaned by the service."""

    full_name: str
    birth_year: int | str | None = None
    birth_date: date | str | None = None
    gender: str = ""
    cccd: str = ""
    phone: str = ""
    village: str = ""
    address: str = ""
    vulnerabilities: Sequence[str] = ()
    disability_type: str = ""
    disability_level: str = ""
    vneid: str = Vneid.UNKNOWN.value
    consent: bool = False
    note: str = ""


_IDENTIFYING = frozenset({"full_name", "name_folded", "cccd", "phone", "address", "birth_date", "note"})
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "device_id"})


def _changes(before: dict, after: dict) -> dict:
    """What an edit changed, for the audit trail: old → new, except that identifying fields
    only say they changed (the trail must not become a second copy of personal data)."""
    changed = {}
    for key, new in after.items():
        if key in _BOOKKEEPING or before.get(key) == new:
            continue
        changed[key] = "changed" if key in _IDENTIFYING else {"old": before.get(key), "new": new}
    changed.pop("name_folded", None)
    return changed


@dataclass(frozen=True)
class CitizenInfo:
    id: uuid.UUID
    full_name: str
    birth_year: int | None
    birth_date: date | None
    gender: Gender
    cccd: str  # masked (001******567) unless revealed to staff; "" when not known
    cccd_revealed: bool
    phone: str  # masked for volunteers
    village: str
    address: str
    vulnerabilities: tuple[Vulnerability, ...]
    disability_type: DisabilityType | None
    disability_level: DisabilityLevel | None
    vneid: Vneid
    consent: bool
    consent_at: datetime | None
    note: str
    created_at: datetime
    updated_at: datetime

    def age(self, today: date) -> int | None:
        if self.birth_date is not None:
            return today.year - self.birth_date.year - ((today.month, today.day) < (self.birth_date.month,
                                                                                    self.birth_date.day))
        return None if self.birth_year is None else today.year - self.birth_year


@dataclass(frozen=True)
class CitizenHit:
    """One line of the search list: enough to pick the right person, numbers masked."""

    id: uuid.UUID
    full_name: str
    birth_year: int | None
    gender: Gender
    cccd: str  # always masked in a list
    phone: str  # masked for volunteers
    village: str
    vulnerabilities: tuple[Vulnerability, ...]
    via: Via  # what matched: cccd, phone, name or dossier
    rank: int  # 0 exact number or code, 1 name starts so, 2 number starts so, 3 words of the name
    dossier_code: str = ""  # the dossier code that matched (lower case), when via is DOSSIER


C = Citizen.__table__
_BY_ID = select(C).where(C.c.id == bindparam("id"))
_HITS = select(C.c.id, C.c.full_name, C.c.birth_year, C.c.gender, C.c.cccd, C.c.phone, C.c.village,
               C.c.vulnerabilities).where(C.c.id.in_(bindparam("ids", expanding=True)))
_BY_CCCD = select(C).where(C.c.cccd == bindparam("cccd"))
_SAME_PERSON = select(C).where(C.c.name_folded == bindparam("folded"), C.c.phone == bindparam("phone")).order_by(
    C.c.created_at)
_INSERT = insert(C)


def _codes(values: Sequence[str] | str) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return [clean(str(v)) for v in values if clean(str(v))]


def _vulnerabilities(raw: str) -> tuple[Vulnerability, ...]:
    return tuple(Vulnerability(code) for code in raw.split(",") if code)


def _choice(enum, value, field: str, message: str):
    try:
        return enum(clean(str(value or "")) if not isinstance(value, enum) else value)
    except ValueError:
        raise ValidationError(message, field) from None


class CitizenService:
    def __init__(self, db: Database, settings: SettingsService, audit: AuditService) -> None:
        self._db = db
        self._settings = settings
        self._audit = audit

    # -- the index --------------------------------------------------------------
    def ensure_index(self, *, count: bool = False) -> bool:
        """Check the search index (at start-up); rebuild it if a schema change or a tool left it behind.

        ``count`` also compares its rows with the citizens and dossiers (a full check). True if rebuilt.
        """
        with self._db.read_core() as conn:
            if search.index_ok(conn, count=count):
                return False
        logger.warning("citizen search index incomplete: rebuilding it")
        with self._db.write_core() as conn:
            search.rebuild(conn)
        return True

    # -- writing ----------------------------------------------------------------
    def create(self, actor: Actor, data: CitizenInput) -> CitizenInfo:
        require_role(actor, *ALL_ROLES)
        values = self._checked(data)
        with self._db.write_core() as conn:
            self._refuse_duplicate(conn, values["cccd"], None)
            row = self._insert(conn, values)
            self._audit.append(conn, actor, AuditAction.CREATE, f"citizen:{row['id']}")
        logger.info("citizen %s registered by %s", row["id"], actor.username)
        return self._info(actor, row, reveal=False)

    def find_or_create(self, actor: Actor, data: CitizenInput) -> tuple[CitizenInfo, bool]:
        """The counter's step: the person already registered, or a new record. Returns (person, created).

        Found when the CCCD is on record, or when the same name (folded) has the same phone number, a
        compatible birth year and no other CCCD. A found record is returned unchanged.
        """
        require_role(actor, *ALL_ROLES)
        values = self._checked(data)
        with self._db.write_core() as conn:
            existing = self._existing(conn, values)
            if existing is not None:
                return self._info(actor, existing._asdict(), reveal=False), False
            row = self._insert(conn, values)
            self._audit.append(conn, actor, AuditAction.CREATE, f"citizen:{row['id']}")
        logger.info("citizen %s registered by %s", row["id"], actor.username)
        return self._info(actor, row, reveal=False), True

    def update(self, actor: Actor, citizen_id: uuid.UUID, data: CitizenInput) -> CitizenInfo:
        """Replace every field of a record with ``data`` (the whole form)."""
        require_role(actor, *STAFF)
        values = self._checked(data)
        with self._db.write_core() as conn:
            before = self._get(conn, citizen_id)
            self._refuse_duplicate(conn, values["cccd"], citizen_id)
            if values["consent"] and before.consent:
                values["consent_at"] = before.consent_at
            self._db.stamp(values, new=False)
            try:
                conn.execute(update(C).where(C.c.id == citizen_id).values(values))
            except IntegrityError:
                raise self._duplicate_error(values["cccd"]) from None
            row = self._get(conn, citizen_id)
            changes = _changes(before._asdict(), row._asdict())
            if changes:
                self._audit.append(conn, actor, AuditAction.EDIT, f"citizen:{citizen_id}", changes)
        logger.info("citizen %s updated by %s", citizen_id, actor.username)
        return self._info(actor, row._asdict(), reveal=False)

    def _insert(self, conn: Connection, values: dict) -> dict:
        values = self._db.stamp(dict(values))
        try:
            conn.execute(_INSERT, values)
        except IntegrityError:
            raise self._duplicate_error(values["cccd"]) from None
        return self._get(conn, values["id"])._asdict()

    # -- reading ----------------------------------------------------------------
    def get(self, actor: Actor, citizen_id: uuid.UUID, reveal_cccd: bool = False) -> CitizenInfo:
        """One person. The full CCCD only when asked for and the role allows (never for volunteers)."""
        require_role(actor, *ALL_ROLES)
        with self._db.read_core() as conn:
            row = self._get(conn, citizen_id)
        reveal = reveal_cccd and actor.role in STAFF and bool(row.cccd)
        if reveal:
            self._audit.record(actor, AuditAction.VIEW_ID, f"citizen:{citizen_id}")
            logger.info("full CCCD of citizen %s shown to %s", citizen_id, actor.username)
        return self._info(actor, row._asdict(), reveal=reveal)

    def search(self, actor: Actor, text: str, limit: int = 20) -> list[CitizenHit]:
        """People matching what was typed — name, CCCD, phone or dossier code — best first.

        Case and diacritics (đ too) are ignored; the last word may be unfinished; a CCCD or phone
        number is found from its first 3 digits. See :mod:`hcc_desktop.storage.search` for the order.
        """
        require_role(actor, *ALL_ROLES)
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise ValidationError(tr("Số kết quả phải là một số nguyên."), "limit")
        limit = max(1, min(limit, MAX_LIMIT))
        query = search.parse(text)
        if not query.folded:
            return []
        with self._db.read_core() as conn:
            matches = search.find(conn, query, limit)
            rows = {r.id: r for r in conn.execute(_HITS, {"ids": [m.citizen_id for m in matches]})} if matches else {}
        volunteer = actor.role not in STAFF
        hits = []
        for m in matches:
            row = rows.get(m.citizen_id)
            if row is None:  # a dossier row pointing at nobody: the database says otherwise, skip it
                continue
            hits.append(CitizenHit(row.id, row.full_name, row.birth_year, Gender(row.gender), mask_cccd(row.cccd),
                                   mask_phone(row.phone) if volunteer else row.phone, row.village,
                                   _vulnerabilities(row.vulnerabilities), m.via, m.rank, m.dossier_code))
        return hits

    # -- helpers ----------------------------------------------------------------
    @staticmethod
    def _get(conn: Connection, citizen_id: uuid.UUID):
        row = conn.execute(_BY_ID, {"id": citizen_id}).first()
        if row is None:
            raise NotFound(tr("Không tìm thấy người dân này; có thể hồ sơ đã bị xóa."))
        return row

    @staticmethod
    def _existing(conn: Connection, values: dict):
        if values["cccd"]:
            row = conn.execute(_BY_CCCD, {"cccd": values["cccd"]}).first()
            if row is not None:
                return row
        if not values["phone"]:
            return None
        for row in conn.execute(_SAME_PERSON, {"folded": values["name_folded"], "phone": values["phone"]}):
            years_agree = row.birth_year is None or values["birth_year"] is None or row.birth_year == values[
                "birth_year"]
            if years_agree and (row.cccd is None or values["cccd"] is None):
                return row
        return None

    def _refuse_duplicate(self, conn: Connection, cccd: str | None, own_id: uuid.UUID | None) -> None:
        if not cccd:
            return
        row = conn.execute(_BY_CCCD, {"cccd": cccd}).first()
        if row is not None and row.id != own_id:
            raise self._duplicate_error(cccd, row)

    def _duplicate_error(self, cccd: str | None, row=None) -> ValidationError:
        if row is None:
            with self._db.read_core() as conn:
                row = conn.execute(_BY_CCCD, {"cccd": cccd}).first()
        if row is None:
            return ValidationError(tr("Số CCCD này vừa được lưu cho một người khác; hãy tìm lại rồi chọn người đó."),
                                   "cccd")
        born = tr(", sinh năm {y}", y=row.birth_year) if row.birth_year else ""
        place = tr(", {village}", village=row.village) if row.village else ""
        return ValidationError(tr("Số CCCD {cccd} đã có trong danh sách: {name}{born}{place}. "
                                  "Hãy tìm và chọn người này thay vì tạo người mới.",
                                  cccd=mask_cccd(cccd), name=row.full_name, born=born, place=place), "cccd")

    def _info(self, actor: Actor, row: dict, *, reveal: bool) -> CitizenInfo:
        cccd = row["cccd"] or ""
        phone = row["phone"]
        if actor.role not in STAFF:
            phone = mask_phone(phone)
        return CitizenInfo(
            row["id"], row["full_name"], row["birth_year"], row["birth_date"], Gender(row["gender"]),
            cccd if reveal else mask_cccd(cccd), reveal, phone, row["village"], row["address"],
            _vulnerabilities(row["vulnerabilities"]),
            DisabilityType(row["disability_type"]) if row["disability_type"] else None,
            DisabilityLevel(row["disability_level"]) if row["disability_level"] else None,
            Vneid(row["vneid"]), row["consent"], row["consent_at"], row["note"], row["created_at"],
            row["updated_at"])

    # -- checking the form ---------------------------------------------------------
    def _checked(self, data: CitizenInput) -> dict:
        """Every column value of the record, or the first ValidationError; nothing is written here."""
        today = local_today(self._db.clock)
        name = clean_name(data.full_name)
        if not name:
            raise ValidationError(tr("Hãy nhập họ và tên."), "full_name")
        if len(name) > MAX_NAME:
            raise ValidationError(tr("Họ và tên dài quá {n} ký tự.", n=MAX_NAME), "full_name")
        if not any(ch.isalpha() for ch in name):
            raise ValidationError(tr("Họ và tên phải có chữ cái."), "full_name")
        gender = _choice(Gender, data.gender, "gender", tr("Giới tính chỉ có thể là nam, nữ hoặc để trống."))
        birth_year, birth_date = validate_birth(data.birth_year, data.birth_date, today=today)
        cccd = None
        if clean(data.cccd):
            cccd = validate_cccd(data.cccd, birth_year, gender.value or None)
            coded_year, coded_gender = cccd_birth(cccd)
            if coded_year > today.year:
                raise ValidationError(tr("Số CCCD cho năm sinh {y}, sau năm nay; hãy kiểm tra lại số.", y=coded_year),
                                      "cccd")
            birth_year = birth_year or coded_year
            gender = gender or Gender(coded_gender)
        phone = validate_phone(data.phone) if clean(data.phone) else ""
        vulnerabilities, disability_type, disability_level = self._needs(data)
        return dict(
            full_name=name, name_folded=fold(name), birth_year=birth_year, birth_date=birth_date,
            gender=gender.value, cccd=cccd, phone=phone, village=self._village(data.village),
            address=self._bounded(data.address, MAX_ADDRESS, "address", tr("Địa chỉ")),
            vulnerabilities=",".join(v.value for v in vulnerabilities), disability_type=disability_type,
            disability_level=disability_level,
            vneid=_choice(Vneid, data.vneid or Vneid.UNKNOWN.value, "vneid",
                          tr("Mức tài khoản VNeID không hợp lệ.")).value,
            consent=bool(data.consent), consent_at=self._db.clock.now() if data.consent else None,
            note=self._note(data.note))

    @staticmethod
    def _needs(data: CitizenInput) -> tuple[list[Vulnerability], str, str]:
        chosen = set()
        for code in _codes(data.vulnerabilities):
            try:
                chosen.add(Vulnerability(code))
            except ValueError:
                raise ValidationError(tr("Không có nhóm hoàn cảnh “{code}”.", code=code), "vulnerabilities") from None
        kind = _choice(DisabilityType, data.disability_type or None, "disability_type",
                       tr("Dạng khuyết tật không hợp lệ.")) if data.disability_type else None
        level = _choice(DisabilityLevel, data.disability_level or None, "disability_level",
                        tr("Mức độ khuyết tật không hợp lệ.")) if data.disability_level else None
        if level is not None and kind is None:
            raise ValidationError(tr("Hãy chọn dạng khuyết tật trước khi chọn mức độ."), "disability_type")
        if kind is not None:
            chosen.add(Vulnerability.DISABLED)
        return [v for v in Vulnerability if v in chosen], kind.value if kind else "", level.value if level else ""

    def _village(self, raw: str) -> str:
        village = clean(raw)
        if not village:
            return ""
        known = self._settings.view().villages
        if not known:
            if len(village) > MAX_VILLAGE:
                raise ValidationError(tr("Tên thôn dài quá {n} ký tự.", n=MAX_VILLAGE), "village")
            return village
        for name in known:
            if fold(name) == fold(village):
                return name
        raise ValidationError(tr("“{v}” không có trong danh sách thôn của xã ({names}). Hãy chọn trong danh sách "
                                 "hoặc nhờ phụ trách Trung tâm bổ sung trong Cài đặt.",
                                 v=village, names=", ".join(known)), "village")

    @staticmethod
    def _bounded(raw: str, limit: int, field: str, label: str) -> str:
        value = clean(raw)
        if len(value) > limit:
            raise ValidationError(tr("{label} dài quá {n} ký tự.", label=label, n=limit), field)
        return value

    @staticmethod
    def _note(raw: str) -> str:
        value = clean(raw, multiline=True)
        if len(value) > MAX_NOTE:
            raise ValidationError(tr("Ghi chú dài quá {n} ký tự (đang có {m}).", n=MAX_NOTE, m=len(value)), "note")
        return value

