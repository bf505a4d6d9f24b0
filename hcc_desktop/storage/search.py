"""Finding citizens as the clerk types: by name, CCCD, phone or dossier code.

Every query compares *folded* text (:func:`hcc_desktop.text.fold`: case, diacritics
and đ/Đ → d), so "dang" finds "Đặng" although SQLite's own tokenizer never folds đ.
This is the only module with dialect-specific search SQL.

SQLite: an FTS5 index over ``citizen.name_folded`` (which the citizen service keeps
equal to ``fold(full_name)``). Triggers written by migration 0004 (and trimmed by
0006) keep it in step with every insert, update and delete in the same transaction,
whoever writes (the citizen service, demo data, imports): the index
can never be half a transaction behind. ``search_doc`` gives every indexed row a
stable integer key (citizen ids are UUIDs, and the implicit rowid of a table may be
renumbered by VACUUM or a batch migration); ``search_fts`` is an external-content
FTS5 table over it with prefix indexes for 1–6 characters (one Vietnamese syllable),
so "as you type" prefix queries never merge long lists. A batch migration that
rebuilds ``citizen`` drops its triggers: :func:`index_ok` notices at
start-up and :func:`rebuild` puts everything back.

Dossier codes are searched by a prefix range on their own unique index.

Elsewhere (PostgreSQL): the same ranking with ``LIKE`` on the folded column.

Ranking, best first:
  0. exact CCCD, phone or dossier code (codes only for text with a digit: codes always hold one);
     the other dossiers whose code starts with the text follow at rank 3 ("HS-261125": that day's);
  1. the name starts with what was typed (alphabetical; namesakes in the order they were stored);
  2. a CCCD or phone starting with the digits typed (from 3 digits);
  3. every typed word starts a word of the name, most recently registered first.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Uuid, and_, bindparam, literal, literal_column, select, text
from sqlalchemy.engine import Connection

from hcc_desktop.storage.case_models import Citizen, Dossier
from hcc_desktop.text import clean, fold

C = Citizen.__table__
D = Dossier.__table__

DOC, FTS = "search_doc", "search_fts"
# Everything the index adds to the schema: hidden from Alembic's model comparison (see include_name).
HIDDEN_TABLES = frozenset({DOC, FTS, f"{FTS}_data", f"{FTS}_idx", f"{FTS}_docsize", f"{FTS}_config"})
MAX_WORDS = 8
MIN_NUMBER_PREFIX = 3

TABLES = (
    f"CREATE TABLE {DOC} (rowid INTEGER PRIMARY KEY, source_id CHAR(32) NOT NULL UNIQUE, "
    "citizen_id CHAR(32) NOT NULL, kind CHAR(1) NOT NULL, name TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(name, content='{DOC}', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6')",
)
# Citizens' folded names only (kind 'c'). Dossier codes are searched on their own unique index
# (a prefix range on dossier.code): a code is an identifier, not words, and indexing it twice
# cost every received dossier six more pages to write.
TRIGGERS = {
    "search_citizen_ai": f"CREATE TRIGGER search_citizen_ai AFTER INSERT ON citizen BEGIN "
                         f"INSERT INTO {DOC} (source_id, citizen_id, kind, name) "
                         "VALUES (new.id, new.id, 'c', new.name_folded); END",
    "search_citizen_au": f"CREATE TRIGGER search_citizen_au AFTER UPDATE OF id, name_folded ON citizen BEGIN "
                         f"UPDATE {DOC} SET source_id = new.id, citizen_id = new.id, name = new.name_folded "
                         "WHERE source_id = old.id; END",
    "search_citizen_ad": f"CREATE TRIGGER search_citizen_ad AFTER DELETE ON citizen BEGIN "
                         f"DELETE FROM {DOC} WHERE source_id = old.id; END",
    "search_doc_ai": f"CREATE TRIGGER search_doc_ai AFTER INSERT ON {DOC} BEGIN "
                     f"INSERT INTO {FTS} (rowid, name) VALUES (new.rowid, new.name); END",
    "search_doc_ad": f"CREATE TRIGGER search_doc_ad AFTER DELETE ON {DOC} BEGIN "
                     f"INSERT INTO {FTS} ({FTS}, rowid, name) VALUES ('delete', old.rowid, old.name); END",
    "search_doc_au": f"CREATE TRIGGER search_doc_au AFTER UPDATE OF name ON {DOC} BEGIN "
                     f"INSERT INTO {FTS} ({FTS}, rowid, name) VALUES ('delete', old.rowid, old.name); "
                     f"INSERT INTO {FTS} (rowid, name) VALUES (new.rowid, new.name); END",
}
FILL = (
    f"INSERT INTO {DOC} (source_id, citizen_id, kind, name) "
    "SELECT id, id, 'c', name_folded FROM citizen ORDER BY created_at, id",
)


def include_name(name: str | None, type_: str, _parent_names) -> bool:
    """Alembic ``include_name`` hook: the index's tables are not models, autogenerate leaves them alone."""
    return not (type_ == "table" and name in HIDDEN_TABLES)


# -- what was typed -------------------------------------------------------------

class Via(StrEnum):
    CCCD = "cccd"
    PHONE = "phone"
    NAME = "name"
    DOSSIER = "dossier"


@dataclass(frozen=True)
class Query:
    folded: str  # the whole text, folded
    words: tuple[str, ...]  # folded words, split as the FTS5 tokenizer splits
    last_is_prefix: bool  # the last word is still being typed (no space after it)
    digits: str  # the text read as a number (separators dropped), "" if it is not one
    phone: str  # ``digits`` with +84 / 84 read as 0
    code: str  # the text as a dossier-code key (ASCII lower case; compared upper-cased, as codes are stored)

    @property
    def may_be_code(self) -> bool:
        """Dossier codes always hold digits (the day they were received): without one, look at names only."""
        return any("0" <= ch <= "9" for ch in self.code)


@dataclass(frozen=True)
class Match:
    citizen_id: uuid.UUID
    rank: int
    via: Via
    dossier_code: str = ""  # the (lower-case) code that matched, when via is DOSSIER


_NUMBER = re.compile(r"^\+?[\d\s.\-()]+$")


def _split_words(folded: str) -> tuple[str, ...]:
    words, current = [], []
    for ch in folded:
        if ch.isalnum():
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return tuple(words[:MAX_WORDS])


def parse(raw: str | None) -> Query:
    cleaned = clean(raw)
    folded = fold(cleaned)
    digits = ""
    if _NUMBER.match(cleaned):
        digits = "".join(ch for ch in cleaned if "0" <= ch <= "9")
    phone = digits
    if phone.startswith("0084"):
        phone = "0" + phone[4:]
    elif phone.startswith("84"):
        phone = "0" + phone[2:]
    code = "".join(ch.lower() if ch.isascii() else ch for ch in cleaned)
    trailing_space = bool(raw) and raw[-1:].isspace()
    return Query(folded, _split_words(folded), not trailing_space, digits, phone, code)


def fts_expression(words: tuple[str, ...], last_is_prefix: bool) -> str:
    """An FTS5 MATCH expression: every word quoted (no operator survives), the last one a prefix."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    if quoted and last_is_prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _after(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (binary collation)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- the statements ------------------------------------------------------------

_ID = C.c.id
_EXACT_CCCD = select(_ID).where(C.c.cccd == bindparam("v"))
_EXACT_PHONE = select(_ID).where(C.c.phone == bindparam("v")).order_by(C.c.created_at.desc()).limit(bindparam("n"))
_PREFIXED = ("name_folded", "cccd", "phone")
# Ties (the same name) in index order, i.e. by rowid: sorting them by id would read every namesake first.
_RANGE = {name: select(_ID).where(C.c[name] >= bindparam("lo"), C.c[name] < bindparam("hi"))
          .order_by(C.c[name], literal_column("citizen.rowid")).limit(bindparam("n")) for name in _PREFIXED}
_LIKE = {name: select(_ID).where(C.c[name].like(bindparam("p"), escape="\\")).order_by(C.c[name], _ID)
         .limit(bindparam("n")) for name in _PREFIXED}
# Codes are stored upper-case ASCII (the prefix setting is upper-cased): newest first.
_CODE_RANGE = (select(D.c.citizen_id, D.c.code).where(D.c.code >= bindparam("lo"), D.c.code < bindparam("hi"))
               .order_by(D.c.code.desc()).limit(bindparam("n")))
_CODE_LIKE = (select(D.c.citizen_id, D.c.code).where(D.c.code.like(bindparam("p"), escape="\\"))
              .order_by(D.c.code.desc()).limit(bindparam("n")))
_SQLITE_WORDS = text(
    f"SELECT d.citizen_id FROM {FTS} JOIN {DOC} AS d ON d.rowid = {FTS}.rowid "
    f"WHERE {FTS} MATCH :q ORDER BY {FTS}.rowid DESC LIMIT :n").columns(citizen_id=Uuid)


def _other_words(words: tuple[str, ...], last_is_prefix: bool, n: int):
    """The portable form of the word query: each word is a word of the folded name, the last may be a prefix."""
    padded = literal(" ") + C.c.name_folded + literal(" ")
    conditions = []
    for i, word in enumerate(words):
        open_end = last_is_prefix and i == len(words) - 1
        pattern = "% " + _like_prefix(word)[:-1] + ("%" if open_end else " %")
        conditions.append(padded.like(pattern, escape="\\"))
    return select(_ID).where(and_(*conditions)).order_by(C.c.created_at.desc(), _ID.desc()).limit(n)


# -- finding -----------------------------------------------------------------------

class _Collector:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: dict[uuid.UUID, Match] = {}

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    @property
    def wanted(self) -> int:
        """Rows to ask for so that, after dropping those already found, the page can still fill."""
        return self.limit + len(self.found)

    def add(self, citizen_id: uuid.UUID, rank: int, via: Via, code: str = "") -> None:
        if not self.full and citizen_id not in self.found:
            self.found[citizen_id] = Match(citizen_id, rank, via, code)


def find(conn: Connection, query: Query, limit: int = 20, *, portable: bool = False) -> list[Match]:
    """Up to ``limit`` citizens matching ``query``, best first (see the module's ranking).

    ``portable`` takes the path other databases take (LIKE on the folded column) even on SQLite,
    so tests can hold both paths to the same answers.
    """
    sqlite = conn.dialect.name == "sqlite" and not portable
    out = _Collector(limit)
    if query.digits:
        if len(query.digits) == 12:
            for cid in conn.scalars(_EXACT_CCCD, {"v": query.digits}):
                out.add(cid, 0, Via.CCCD)
        if query.phone:
            for cid in conn.scalars(_EXACT_PHONE, {"v": query.phone, "n": out.wanted}):
                out.add(cid, 0, Via.PHONE)
    if query.may_be_code and not out.full:
        _code(conn, query.code.upper(), out, sqlite)
    if query.folded and not out.full:
        _prefix(conn, "name_folded", query.folded, out, 1, Via.NAME, sqlite)
    if len(query.digits) >= MIN_NUMBER_PREFIX:
        if not out.full:
            _prefix(conn, "cccd", query.digits, out, 2, Via.CCCD, sqlite)
        if not out.full and query.phone:
            _prefix(conn, "phone", query.phone, out, 2, Via.PHONE, sqlite)
    if query.words and not out.full:
        if sqlite:
            _fts_words(conn, query, out)
        else:
            for cid in conn.scalars(_other_words(query.words, query.last_is_prefix, out.wanted)):
                out.add(cid, 3, Via.NAME)
    return list(out.found.values())


def _code(conn: Connection, code: str, out: _Collector, sqlite: bool) -> None:
    """Dossiers whose code starts with what was typed: the whole code first (rank 0), then the rest
    ("HS-261125" lists the day's dossiers)."""
    if sqlite:
        rows = conn.execute(_CODE_RANGE, {"lo": code, "hi": _after(code), "n": out.wanted}).all()
    else:
        rows = conn.execute(_CODE_LIKE, {"p": _like_prefix(code), "n": out.wanted}).all()
    for cid, found in sorted(rows, key=lambda row: row[1] != code):
        out.add(cid, 0 if found == code else 3, Via.DOSSIER, found.lower())


def _prefix(conn: Connection, column: str, prefix: str, out: _Collector, rank: int, via: Via, sqlite: bool) -> None:
    if sqlite:  # a range on the column's index: exact for SQLite's binary collation
        rows = conn.scalars(_RANGE[column], {"lo": prefix, "hi": _after(prefix), "n": out.wanted})
    else:  # collations of other databases may not order a prefix range the same way
        rows = conn.scalars(_LIKE[column], {"p": _like_prefix(prefix), "n": out.wanted})
    for cid in rows:
        out.add(cid, rank, via)


def _fts_words(conn: Connection, query: Query, out: _Collector) -> None:
    expression = fts_expression(query.words, query.last_is_prefix)
    for cid in conn.scalars(_SQLITE_WORDS, {"q": expression, "n": out.wanted}):
        out.add(cid, 3, Via.NAME)


# -- keeping the index ----------------------------------------------------------------

def index_ok(conn: Connection, *, count: bool = False) -> bool:
    """The index exists with all its triggers (cheap: the check made at every start-up).

    ``count`` also checks it holds one row per citizen (reads every row id once).
    With the triggers in place every writer keeps the index in its own transaction, so the
    counts can only differ after someone removed triggers and put them back by hand.
    """
    if conn.dialect.name != "sqlite":
        return True
    names = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
                                  "AND name LIKE 'search\\_%' ESCAPE '\\'")))
    if not HIDDEN_TABLES <= names or not set(TRIGGERS) <= names:
        return False
    if not count:
        return True
    counts = conn.execute(text(
        f"SELECT (SELECT count(*) FROM {DOC}), (SELECT count(*) FROM citizen)")).one()
    return counts[0] == counts[1]


def rebuild(conn: Connection) -> None:
    """Create whatever part of the index is missing and index every citizen again."""
    if conn.dialect.name != "sqlite":
        return
    present = set(conn.scalars(text("SELECT name FROM sqlite_master")))
    for name in TRIGGERS:
        if name in present:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    if DOC not in present or FTS not in present:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {DOC}")
        for statement in TABLES:
            conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"DELETE FROM {DOC}")
    for statement in FILL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")
    for statement in TRIGGERS.values():
        conn.exec_driver_sql(statement)
