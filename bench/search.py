"""Figure (e): the first page (20 hits) of a citizen search among 1,000,000 people.

project: ``services.citizens.search(clerk, text)`` — parse and fold what was typed, the ranked
         lookups of ``storage/search.py`` (name-prefix range on ``citizen.name_folded``, then the
         FTS5 index, most recent registration first), and loading the 20 people as dataclasses —
         on a data folder opened with ``open_services`` (WAL, the program's own engine).
floor:   raw ``sqlite3``, one ``LIKE '% word%'`` scan of the folded names of the same rows that
         returns the same page: names starting with the text first (alphabetical), then names
         where every word typed starts a word, newest first, ``LIMIT 20``. Before timing, every
         query's hits from both sides are checked equal, in order.
info:    the same against a bare ``SELECT count(*) … WHERE name_folded LIKE '%text%'`` — one pass
         over the names with nothing else (no word boundaries, no ordering): the least any
         scan can cost.

The people are synthetic (Vietnamese family, middle and given names with realistic weights;
CCCD and phone numbers valid in form), written with ``executemany`` on raw ``sqlite3`` into a
database built by the project's migrations, with the index's citizen triggers dropped for the
load; ``open_services`` then finds the index incomplete and rebuilds it — the start-up repair
path — which the figure's details report. Queries are what a clerk types, unfinished words
included. Each query is timed ``repeats`` times per side, sides alternating.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import Figure, median, p90

TARGET = 0.05  # project / floor: at least 20× faster
NAME = "citizen search, first page (1,000,000)"
NAME_BARE = "  ↳ same vs bare LIKE '%x%' count (info)"
PEOPLE = 1_000_000
QUICK_PEOPLE = 200_000
SEED = 1125
PAGE = 20
QUERIES = ("nguyen thi h", "huong", "thi huong", "dang van", "khue", "le v", "van anh", "nguyen van quyet")

SURNAMES = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4.5),
            ("Vũ", 3.9), ("Võ", 3.9), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
            ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.7), ("Lò", 0.3), ("Hà", 0.6), ("Y", 0.2))
MALE_MIDDLE = ("Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Thanh", "Công", "Đình", "Văn Minh")
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Thị Thu", "Thị Ngọc", "Minh", "Mai")
MALE_GIVEN = ("An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hùng", "Huy", "Khánh", "Lâm", "Long", "Mạnh",
              "Nam", "Phong", "Phúc", "Quân", "Quyết", "Sơn", "Tài", "Thắng", "Thành", "Tuấn", "Việt", "Vinh")
FEMALE_GIVEN = ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hồng", "Hương", "Hường", "Khuê", "Lan",
                "Liên", "Linh", "Mai", "Nga", "Ngân", "Nhung", "Phương", "Quỳnh", "Thảo", "Thư", "Trang", "Yến")


def _names(rng: random.Random, n: int) -> tuple[list[str], list[str], list[str]]:
    """(full names, folded names, genders), folding each name part once (fold is per-word)."""
    from hcc_desktop.text import fold

    def picks(words, weights=None):
        return rng.choices([(w, fold(w)) for w in words], weights, k=n)

    genders = rng.choices(("male", "female"), k=n)
    sur = picks([s for s, _ in SURNAMES], [w for _, w in SURNAMES])
    middle = {"male": picks(MALE_MIDDLE), "female": picks(FEMALE_MIDDLE)}
    given = {"male": picks(MALE_GIVEN), "female": picks(FEMALE_GIVEN)}
    full, folded = [], []
    for i, (gender, (s, fs)) in enumerate(zip(genders, sur)):
        m, fm = middle[gender][i]
        g, fg = given[gender][i]
        full.append(f"{s} {m} {g}")
        folded.append(f"{fs} {fm} {fg}")
    return full, folded, genders


def _rows(n: int, device: str, start: datetime):
    """Column tuples for ``citizen``, in registration order (ids and CCCDs ascending, for a fast load)."""
    rng = random.Random(SEED)
    full, folded, genders = _names(rng, n)
    hexed = rng.randbytes(16 * n).hex()
    ids = sorted(hexed[i:i + 32] for i in range(0, 32 * n, 32))
    years = rng.choices(range(1930, 2009), k=n)
    provinces = sorted(rng.choices(range(1, 97), k=n))
    day = start.strftime("%Y-%m-%d %H:%M:%S")  # one registration per microsecond of one second
    mobile = rng.choices("35789", k=n)
    numbers = rng.choices(range(100_000_000), k=n)
    has_phone = rng.choices((True, False), (7, 3), k=n)
    for i in range(n):
        year = years[i]
        digit = (0 if year < 2000 else 2) + (genders[i] == "female")
        stamp = f"{day}.{i:06d}"
        phone = f"0{mobile[i]}{numbers[i]:08d}" if has_phone[i] else ""
        yield (ids[i], full[i], folded[i], year, genders[i], f"{provinces[i]:03d}{digit}{year % 100:02d}{i:06d}",
               phone, stamp, stamp, device)


def _load(db_file: Path, n: int, start: datetime) -> float:
    """Write ``n`` citizens with raw sqlite3, the fastest correct way; returns seconds.

    The index's citizen triggers are dropped (start-up rebuilds the index), the two plain indexes
    of ``citizen`` are dropped and created again from their own SQL after the rows (one sort instead
    of a million random inserts), and the file uses a rollback journal while loading (no WAL copy
    of every page), then WAL again as the program keeps it.
    """
    from hcc_desktop.storage import search

    began = time.perf_counter()
    con = sqlite3.connect(db_file, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA cache_size=-400000")
        device = con.execute("SELECT device_id FROM installation").fetchone()[0]
        indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'citizen' "
                              "AND sql IS NOT NULL").fetchall()
        con.execute("BEGIN")
        for name in search.TRIGGERS:
            if name.startswith("search_citizen_"):
                con.execute(f"DROP TRIGGER {name}")
        for name, _ in indexes:
            con.execute(f"DROP INDEX {name}")
        con.executemany(
            "INSERT INTO citizen (id, full_name, name_folded, birth_year, gender, cccd, phone, created_at, "
            "updated_at, device_id, birth_date, village, address, vulnerabilities, disability_type, "
            "disability_level, vneid, consent, consent_at, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', '', '', '', '', 'unknown', 0, NULL, '')",
            _rows(n, device, start))
        for _, sql in indexes:
            con.execute(sql)
        con.execute("COMMIT")
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()
    return time.perf_counter() - began


def _floor_sql(query: str) -> tuple[str, list]:
    """One LIKE scan returning the page ``CitizenService.search`` returns for a name query."""
    from hcc_desktop.storage.search import parse

    q = parse(query)
    conditions, params = [], [len(q.folded), q.folded]
    for i, word in enumerate(q.words):
        if i == len(q.words) - 1 and q.last_is_prefix:
            conditions.append("(' ' || name_folded) LIKE ?")
            params.append(f"% {word}%")
        else:
            conditions.append("(' ' || name_folded || ' ') LIKE ?")
            params.append(f"% {word} %")
    sql = (f"SELECT id, substr(name_folded, 1, ?) = ? AS starts FROM citizen "
           f"WHERE starts OR ({' AND '.join(conditions)}) "
           f"ORDER BY starts DESC, CASE WHEN starts THEN name_folded END, CASE WHEN starts THEN rowid END, "
           f"created_at DESC, id DESC LIMIT {PAGE}")
    return sql, params


def measure(repeats: int = 3, tmp_root: str | None = None, people: int = PEOPLE,
            project_repeats: int = 20) -> tuple[list[Figure], dict]:
    """``repeats`` LIKE scans per query (the first also checks the hits), ``project_repeats`` searches."""
    from hcc_desktop.app import open_services
    from hcc_desktop.services.auth import Role
    from hcc_desktop.storage import search

    if not 0 < people <= PEOPLE:
        raise ValueError(f"people must be 1 to {PEOPLE:,} (the CCCDs use a 6-digit sequence)")
    details: dict[str, float] = {}
    raw: dict = {"queries": {}}
    with tempfile.TemporaryDirectory(prefix="hcc-bench-search-", dir=tmp_root) as tmp:
        data = Path(tmp) / "data"
        with open_services(data) as services:  # the project's migrations build the database
            boss = services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
            services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, "bench-password")
        details["write people (raw sqlite3 executemany)"] = _load(
            data / "hcc.sqlite3", people, datetime(2020, 1, 1, tzinfo=timezone.utc)) * 1e3
        began = time.perf_counter()
        services = open_services(data)  # finds the index incomplete and rebuilds it
        details["open_services: index rebuilt at start-up"] = (time.perf_counter() - began) * 1e3
        floor_con = sqlite3.connect(data / "hcc.sqlite3")
        try:
            with services.db.read_core() as conn:
                if not search.index_ok(conn, count=True):
                    raise RuntimeError("the search index was not rebuilt at start-up")
            clerk = services.auth.authenticate("congchuc", "bench-password")
            floor_con.execute("PRAGMA cache_size=-400000")
            project_s, floor_s, bare_s = [], [], []
            for q in QUERIES:
                sql, params = _floor_sql(q)
                bare = (f"%{search.parse(q).folded}%",)
                mine, theirs, scan = [], [], []
                ours = [h.id.hex for h in services.citizens.search(clerk, q)]  # warm-up, and the hits to check
                for r in range(repeats):
                    t0 = time.perf_counter()
                    rows = floor_con.execute(sql, params).fetchall()
                    theirs.append((time.perf_counter() - t0) * 1e3)
                    if r == 0 and [row[0] for row in rows] != ours:
                        raise AssertionError(f"search and LIKE scan disagree for {q!r}: "
                                             f"{ours[:3]}… vs {[row[0] for row in rows][:3]}…")
                    for _ in range(project_repeats // repeats):
                        t0 = time.perf_counter()
                        services.citizens.search(clerk, q)
                        mine.append((time.perf_counter() - t0) * 1e3)
                    if r < 2:
                        t0 = time.perf_counter()
                        floor_con.execute("SELECT count(*) FROM citizen WHERE name_folded LIKE ?", bare).fetchone()
                        scan.append((time.perf_counter() - t0) * 1e3)
                project_s += mine
                floor_s += theirs
                bare_s += scan
                raw["queries"][q] = {"hits": len(ours), "project_ms": mine, "floor_ms": theirs, "bare_ms": scan}
        finally:
            floor_con.close()
            services.close()
    per_query = "; ".join(f"“{q}” {median(v['project_ms']):.2f}/{median(v['floor_ms']):.0f}"
                          for q, v in raw["queries"].items())
    figures = [
        Figure(NAME.replace("1,000,000", f"{people:,}"), median(project_s), median(floor_s), TARGET, details=details,
               note=(f"{len(QUERIES)} queries; {len(project_s)} searches and {len(floor_s)} LIKE scans, median "
                     f"per call; project p90 {p90(project_s):.2f} ms, floor p90 {p90(floor_s):.0f} ms; hits "
                     f"checked equal and in the same order for every query; per query ms (search/LIKE): "
                     f"{per_query}")),
        Figure(NAME_BARE, median(project_s), median(bare_s), None,
               note=f"bare scan median {median(bare_s):.0f} ms, p90 {p90(bare_s):.0f} ms: one pass over "
                    f"{people:,} folded names, no word boundaries, no order"),
    ]
    return figures, raw


if __name__ == "__main__":
    import sys

    from bench.__main__ import print_figures

    count = int(sys.argv[1]) if len(sys.argv) > 1 else PEOPLE
    began = time.perf_counter()
    found, _ = measure(people=count)
    print_figures(found)
    print(f"in {time.perf_counter() - began:.0f} s")
