"""Search as you type: folded names (đ → d), numbers, dossier codes, ranking, a query that cannot break,
an index that follows every change and repairs itself."""

import sqlite3
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import delete, text, update

from hcc_desktop.app import open_services
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.dossiers import DossierInput
from hcc_desktop.storage import search
from hcc_desktop.storage.case_models import Citizen
from hcc_desktop.storage.search import Via

PEOPLE = [
    CitizenInput("Nguyễn Thị Hường", birth_year=1950, cccd="001150004567", phone="0912345678"),
    CitizenInput("Đặng Văn Lâm", birth_year=1980, phone="0987654321"),
    CitizenInput("Trần Thị Thu Hương", birth_year=1992, cccd="079192000123", phone="0358111222"),
    CitizenInput("Hường Văn Nguyễn", birth_year=1977),  # a name that starts with what the others end with
    CitizenInput("Lê Đức Thọ", birth_year=1960, phone="0912999888"),
]


@pytest.fixture
def people(services, clerk, clock):
    made = {}
    for data in PEOPLE:
        made[data.full_name] = services.citizens.create(clerk, data).id
        clock.advance(minutes=1)  # distinct registration times: the newest ranks first among word matches
    return made


def names(services, actor, query, **kw):
    return [hit.full_name for hit in services.citizens.search(actor, query, **kw)]



@pytest.mark.parametrize("query, expected", [
    ("nguyen thi huong", "Nguyễn Thị Hường"),
    ("NGUYEN THI HUONG", "Nguyễn Thị Hường"),
    ("Nguyễn Thị Hường", "Nguyễn Thị Hường"),
    ("dang", "Đặng Văn Lâm"),
    ("Đặng", "Đặng Văn Lâm"),
    ("đ", "Đặng Văn Lâm"),
    ("lam", "Đặng Văn Lâm"),
    ("van l", "Đặng Văn Lâm"),
    ("duc tho", "Lê Đức Thọ"),
    ("thu huong", "Trần Thị Thu Hương"),
])
def test_names_ignore_case_diacritics_and_d_bar(services, clerk, people, query, expected):
    assert expected in names(services, clerk, query)


def test_decomposed_input_finds_the_same(services, clerk, people):
    nfd = unicodedata.normalize("NFD", "Đặng Văn")
    assert nfd != "Đặng Văn"
    assert names(services, clerk, nfd) == ["Đặng Văn Lâm"]


def test_a_name_typed_with_d_bar_is_found_by_d(services, clerk, clock):
    services.citizens.create(clerk, CitizenInput("ĐINH ĐĂNG ĐỨC"))  # all caps, đ everywhere
    assert names(services, clerk, "dinh dang duc") == ["Đinh Đăng Đức"]
    assert names(services, clerk, "duc") == ["Đinh Đăng Đức"]


def test_words_must_all_match_and_the_last_may_be_unfinished(services, clerk, people):
    assert names(services, clerk, "huo") == ["Hường Văn Nguyễn", "Trần Thị Thu Hương", "Nguyễn Thị Hường"]
    assert names(services, clerk, "thi huong") == ["Trần Thị Thu Hương", "Nguyễn Thị Hường"]
    assert names(services, clerk, "thi lam") == []
    # a space after a word means the word is finished: "thu " is not "thuong"
    assert names(services, clerk, "thu ") == ["Trần Thị Thu Hương"]


def test_numbers_exact_and_prefix(services, clerk, people):
    assert names(services, clerk, "001150004567") == ["Nguyễn Thị Hường"]
    assert names(services, clerk, "001 150 004 567") == ["Nguyễn Thị Hường"]
    assert names(services, clerk, "0011") == ["Nguyễn Thị Hường"]
    assert names(services, clerk, "+84 912 345 678") == ["Nguyễn Thị Hường"]
    assert names(services, clerk, "0912") == ["Nguyễn Thị Hường", "Lê Đức Thọ"]
    assert names(services, clerk, "0912.999") == ["Lê Đức Thọ"]
    assert names(services, clerk, "07919") == ["Trần Thị Thu Hương"]
    assert names(services, clerk, "09") == []  # fewer than 3 digits: too little to go on


def test_ranking_exact_number_then_name_prefix_then_words(services, clerk, people, clock):
    # Someone whose phone is exactly what is typed comes first, whatever the name.
    services.citizens.create(clerk, CitizenInput("Phạm Văn Phone", phone="0912345679"))
    hits = services.citizens.search(clerk, "0912345679")
    assert [(h.full_name, h.via, h.rank) for h in hits] == [("Phạm Văn Phone", Via.PHONE, 0)]
    hits = services.citizens.search(clerk, "0912")
    assert [h.rank for h in hits] == [2, 2, 2] and {h.via for h in hits} == {Via.PHONE}
    # "huong": the name that starts with it first, then word matches, newest registration first.
    hits = services.citizens.search(clerk, "huong")
    assert [(h.full_name, h.rank) for h in hits] == [
        ("Hường Văn Nguyễn", 1), ("Trần Thị Thu Hương", 3), ("Nguyễn Thị Hường", 3)]
    # name prefixes in alphabetical order of the folded name
    services.citizens.create(clerk, CitizenInput("Nguyễn An"))
    assert names(services, clerk, "nguyen") == ["Nguyễn An", "Nguyễn Thị Hường", "Hường Văn Nguyễn"]


def test_limit_and_the_first_page(services, clerk, clock):
    for i in range(30):
        services.citizens.create(clerk, CitizenInput(f"Nguyễn Văn {chr(0x41 + i % 26)}{i:02d}"))
    assert len(names(services, clerk, "nguyen")) == 20
    assert len(names(services, clerk, "van", limit=25)) == 25
    assert len(names(services, clerk, "van", limit=1000)) == 30


@pytest.mark.parametrize("query", [
    '"', '""', "'", '"huong', 'huong"', "huong*", "*", "-huong", "^huong", "+huong", "name:huong", "NEAR(huong)",
    "huong AND", "AND", "OR huong", "NOT huong", "(", ")", "\\", "%", "_", "a%b_c", "{name}: huong",
    "'; DROP TABLE citizen; --",
    "\u0000huong", "huong\t", "😀", "ư" * 500, " ",
])
def test_quotes_and_operators_never_break_the_query(services, clerk, people, query):
    found = names(services, clerk, query)
    assert all(isinstance(name, str) for name in found)
    if search.parse(query).words == ("huong",):  # the operators around it are just punctuation
        assert "Nguyễn Thị Hường" in found


def test_operator_words_are_plain_words(services, clerk):
    services.citizens.create(clerk, CitizenInput("Or Not And"))
    assert names(services, clerk, "or not and") == ["Or Not And"]
    assert names(services, clerk, "NOT") == ["Or Not And"]


def test_volunteers_get_masked_numbers_in_results(services, clerk, volunteer, people):
    hit, = services.citizens.search(volunteer, "nguyen thi huong")
    assert hit.cccd == "001******567" and hit.phone == "091****678"
    hit, = services.citizens.search(clerk, "nguyen thi huong")
    assert hit.cccd == "001******567" and hit.phone == "0912345678"


def test_updating_a_name_updates_the_index(services, clerk, people):
    lam = people["Đặng Văn Lâm"]
    services.citizens.update(clerk, lam, CitizenInput("Đỗ Văn Lâm", birth_year=1980, phone="0987654321"))
    assert names(services, clerk, "dang") == []
    assert names(services, clerk, "do van") == ["Đỗ Văn Lâm"]
    assert names(services, clerk, "lam") == ["Đỗ Văn Lâm"]


def test_a_failed_write_leaves_the_index_as_it_was(services, clerk, people):
    with pytest.raises(Exception):
        services.citizens.create(clerk, CitizenInput("Trùng Số", cccd="001150004567"))
    assert names(services, clerk, "trung") == []
    _fts_is_sound(services)


def test_a_dossier_code_finds_its_citizen(services, clerk, people, clock):
    procedure = services.catalog.procedures()[0].id
    dossier = services.dossiers.receive(clerk, DossierInput(people["Đặng Văn Lâm"], procedure,
                                                            due_at=clock.now() + timedelta(days=3)))
    hits = services.citizens.search(clerk, dossier.code.lower())
    assert [(h.full_name, h.via, h.rank, h.dossier_code) for h in hits] == [
        ("Đặng Văn Lâm", Via.DOSSIER, 0, dossier.code.lower())]
    assert names(services, clerk, "hs") == []  # letters alone are a name: a code always has digits
    prefix = dossier.code[: dossier.code.rindex("-")]  # "HS-261125": every dossier of the day
    assert [(h.full_name, h.via) for h in services.citizens.search(clerk, prefix)] == [("Đặng Văn Lâm", Via.DOSSIER)]
    # the dossier's person changes: the code follows
    with services.db.write_core() as conn:
        conn.execute(text("UPDATE dossier SET citizen_id = :c WHERE id = :d"),
                     {"c": people["Lê Đức Thọ"].hex, "d": dossier.id.hex})
    assert names(services, clerk, dossier.code) == ["Lê Đức Thọ"]


def test_deleting_a_person_removes_them_from_the_index(services, clerk, people):
    with services.db.write_core() as conn:
        conn.execute(delete(Citizen.__table__).where(Citizen.__table__.c.id == people["Lê Đức Thọ"]))
    assert names(services, clerk, "tho") == []
    _fts_is_sound(services)


@pytest.mark.parametrize("query", ["huong", "nguyen", "thi h", "dang", "0912", "001150004567", "van", "zzz"])
def test_the_portable_path_gives_the_same_answers(services, clerk, people, query):
    """What a PostgreSQL installation would run (LIKE on the folded column) agrees with FTS5."""
    parsed = search.parse(query)
    with services.db.read_core() as conn:
        fts = search.find(conn, parsed, 20)
        like = search.find(conn, parsed, 20, portable=True)
    assert like == fts


def test_the_index_repairs_itself_after_a_table_rebuild(services, clerk, people, data_dir, clock):
    """A batch migration recreating `citizen` drops its triggers; start-up notices and rebuilds."""
    services.close()
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    for name in ("search_citizen_ai", "search_citizen_au"):
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE citizen SET name_folded = 'dang van lam moi', full_name = 'Đặng Văn Lâm Mới' "
                "WHERE name_folded = 'dang van lam'")
    con.commit()
    con.close()
    with open_services(data_dir, clock=clock) as reopened:
        assert names(reopened, clerk, "moi") == ["Đặng Văn Lâm Mới"]
        reopened.citizens.create(clerk, CitizenInput("Vi Thị Sáu"))
        assert names(reopened, clerk, "sau") == ["Vi Thị Sáu"]
        with reopened.db.read_core() as conn:
            assert search.index_ok(conn, count=True)
        _fts_is_sound(reopened)
        assert reopened.citizens.ensure_index() is False  # nothing to do the second time


def test_a_full_check_counts_rows(services, clerk, people, data_dir, clock):
    """Triggers removed and put back by hand around a write: only the row count can tell."""
    services.close()
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    con.execute("DROP TRIGGER search_citizen_ai")
    row = con.execute("SELECT * FROM citizen LIMIT 1").fetchone()
    columns = [d[1] for d in con.execute("PRAGMA table_info(citizen)")]
    values = dict(zip(columns, row), id="0" * 32, cccd=None, full_name="Lén Lút", name_folded="len lut")
    con.execute(f"INSERT INTO citizen ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()))
    con.execute(search.TRIGGERS["search_citizen_ai"])
    con.commit()
    con.close()
    with open_services(data_dir, clock=clock) as reopened:
        assert names(reopened, clerk, "lut") == []  # not in the index: the start-up check looks at structure only
        assert reopened.citizens.ensure_index(count=True) is True
        assert names(reopened, clerk, "lut") == ["Lén Lút"]
        assert reopened.citizens.ensure_index(count=True) is False


def test_migration_and_module_define_the_same_index(services):
    """Migrations 0004 and 0006 keep their own copy of the statements; the repair path must build the same."""
    with services.db.read_core() as conn:
        stored = set(conn.scalars(text(
            "SELECT sql FROM sqlite_master WHERE name LIKE 'search%' AND sql IS NOT NULL "
            "AND name NOT LIKE 'search_fts_%'")))
    assert stored == set(search.TABLES) | set(search.TRIGGERS.values())


def test_the_search_tables_are_hidden_from_model_comparison():
    assert not search.include_name("search_fts_data", "table", {})
    assert search.include_name("citizen", "table", {})
    assert search.include_name("search_doc", "column", {})


def test_queries_are_folded_and_split_like_the_index():
    q = search.parse('  Nguyễn  "Thị"  HƯỜ')
    assert q.words == ("nguyen", "thi", "huo") and q.last_is_prefix and q.digits == ""
    assert search.parse("nguyen ").last_is_prefix is False
    assert search.parse("+84 912-345-678").phone == "0912345678"
    assert search.parse("0084912345678").phone == "0912345678"
    assert search.fts_expression(("a", 'b"c'), True) == '"a" "b""c"*'
    assert search.fts_expression(("nguyen",), False) == '"nguyen"'


def _fts_is_sound(services):
    with services.db.write_core() as conn:
        conn.exec_driver_sql("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
        docs = conn.scalar(text("SELECT count(*) FROM search_doc WHERE kind = 'c'"))
        people = conn.scalar(text("SELECT count(*) FROM citizen"))
    assert docs == people


def test_name_folded_is_what_the_index_holds(services, clerk, people):
    with services.db.read_core() as conn:
        pairs = conn.execute(text("SELECT c.name_folded, d.name FROM citizen c JOIN search_doc d "
                                  "ON d.source_id = c.id")).all()
    assert len(pairs) == len(PEOPLE) and all(a == b for a, b in pairs)
    with services.db.write_core() as conn:
        conn.execute(update(Citizen.__table__).values(note="x"))  # other columns: index untouched
    _fts_is_sound(services)
