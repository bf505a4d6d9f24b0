"""The waiting-room display: what it shows, how big, how it refreshes, where it opens."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hcc_desktop.services.queue import Call, IssueRequest, QueueSnapshot
from hcc_desktop.services.queue_rules import QueuePolicy, Tier
from hcc_desktop.ui.application import create_application
from hcc_desktop.ui.display_board import REFRESH_MS, DisplayBoard
from hcc_desktop.ui.tasks import wait_for_tasks

CENTER = "Trung tâm Phục vụ hành chính công xã Lạc Phương"


@pytest.fixture
def app(qapp):
    return create_application()


def snapshot(clock, calls=(), counts=(1, 3, 12), policy=QueuePolicy(30, 3)):
    at = clock.now()
    recent = [Call(code, counter, tier, at - timedelta(minutes=i)) for i, (code, counter, tier) in enumerate(calls)]
    return QueueSnapshot(date(2026, 11, 25), [], [], [], recent, dict(zip(Tier, counts)), policy)


BUSY = [("U012", "Quầy 1", Tier.PRIORITY), ("T041", "Quầy 2", Tier.REGULAR), ("Đ003", "Quầy 1", Tier.HEAD),
        ("T040", "Quầy 2", Tier.REGULAR), ("U011", "Bàn hướng dẫn", Tier.PRIORITY)]


class Source:
    """A fake load_snapshot: returns what the test sets, counts the calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.fixture
def board(app, qtbot, clock):
    made = []

    def make(value, size=(1366, 768)):
        source = Source(value)
        widget = DisplayBoard(source, CENTER, clock)
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitUntil(lambda: source.calls >= 1 and not widget._loading, timeout=5_000)
        made.append(widget)
        return widget, source

    yield make
    for widget in made:
        widget.timer.stop()
    wait_for_tasks()


def texts(widget):
    return " | ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1024, 768)])
def test_the_latest_call_is_huge_with_its_counter(board, clock, size):
    widget, _ = board(snapshot(clock, BUSY), size)
    assert widget.number.text() == "U012" and widget.counter.text() == "đến Quầy 1"
    assert widget.number.font().pixelSize() >= 0.15 * widget.height()
    assert widget.number.font().bold()


def test_last_five_calls_tier_counts_rule_clock_and_center(board, clock):
    widget, _ = board(snapshot(clock, BUSY))
    rows = [(code.text(), counter.text()) for _, code, counter in widget.calls]
    assert rows == [("U012", "→ Quầy 1"), ("T041", "→ Quầy 2"), ("Đ003", "→ Quầy 1"), ("T040", "→ Quầy 2"),
                    ("U011", "→ Bàn hướng dẫn")]
    counts = [count.text() for _, count in widget.counts.values()]
    assert counts == ["Ưu tiên đặc biệt: 1", "Ưu tiên: 3", "Thường: 12"]
    assert widget.rule.text() == QueuePolicy(30, 3).describe()
    assert "Cứ sau 3 lượt ưu tiên liên tiếp" in widget.rule.text()
    assert widget.clock.text() == "08:00" and widget.date.text() == "Thứ Tư, 25/11/2026"
    assert widget.title.text() == CENTER and CENTER in widget.windowTitle()


def test_priority_and_head_numbers_are_marked_by_colour_and_symbol(board, clock):
    widget, _ = board(snapshot(clock, BUSY))
    assert widget.mark.tier == "priority" and widget.mark.accessibleName() == "Ưu tiên"
    tiers = [mark.tier for mark, _, _ in widget.calls]
    assert tiers == ["priority", "regular", "head", "regular", "priority"]
    colours = [code.styleSheet() for _, code, _ in widget.calls]
    assert colours[0] == colours[4] != colours[1] == colours[3] != colours[2] != colours[0]
    image = widget.calls[2][0].grab().toImage()  # the head-tier mark is painted, in the head colour
    painted = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert "#ff8a80" in painted
    regular = widget.calls[1][0].grab().toImage()
    assert "#ff8a80" not in {regular.pixelColor(x, y).name() for x in range(regular.width())
                             for y in range(regular.height())}


def test_a_recalled_number_is_listed_once(board, clock):
    widget, _ = board(snapshot(clock, [("U012", "Quầy 1", Tier.PRIORITY), ("T041", "Quầy 2", Tier.REGULAR),
                                       ("U012", "Quầy 1", Tier.PRIORITY)]))
    assert [code.text() for _, code, _ in widget.calls] == ["U012", "T041", "", "", ""]


def test_empty_state_before_the_first_call(board, clock):
    widget, _ = board(snapshot(clock, [], counts=(0, 0, 4)))
    assert widget.number.text() == "Chưa có số nào được mời"
    assert not widget.counter.isVisibleTo(widget) and not widget.heading.isVisibleTo(widget)
    assert [code.text() for _, code, _ in widget.calls] == [""] * 5
    assert "Thường: 4" in texts(widget)


def test_refresh_loads_again_and_shows_the_new_call(board, clock, qtbot):
    widget, source = board(snapshot(clock, []))
    assert widget.timer.isActive() and widget.timer.interval() == REFRESH_MS == 2_000
    source.value = snapshot(clock, [("T001", "Quầy 2", Tier.REGULAR)])
    widget.refresh()
    qtbot.waitUntil(lambda: widget.number.text() == "T001", timeout=5_000)
    assert widget.counter.text() == "đến Quầy 2"
    before = source.calls
    source.value = snapshot(clock, [("T002", "Quầy 1", Tier.REGULAR)])
    widget.timer.timeout.emit()  # what the 2-second timer does
    qtbot.waitUntil(lambda: widget.number.text() == "T002", timeout=5_000)
    assert source.calls > before
    widget.hide()
    assert not widget.timer.isActive()


def test_a_failed_load_keeps_the_last_picture_and_says_so(board, clock, qtbot):
    widget, source = board(snapshot(clock, BUSY))

    def broken():
        raise OSError("database is locked")

    widget._load = broken
    widget.refresh()
    qtbot.waitUntil(lambda: widget.note.isVisibleTo(widget), timeout=5_000)
    assert "đang thử lại" in widget.note.text() and widget.number.text() == "U012"
    widget._load = source
    widget.refresh()
    qtbot.waitUntil(lambda: not widget.note.isVisibleTo(widget), timeout=5_000)


def test_fonts_follow_the_window_size(board, clock, qtbot):
    widget, _ = board(snapshot(clock, BUSY), (1920, 1080))
    big = widget.number.font().pixelSize()
    widget.resize(960, 540)
    qtbot.waitUntil(lambda: widget.number.font().pixelSize() == big // 2, timeout=5_000)
    assert widget.rule.font().pixelSize() < 34


def test_a_long_counter_name_shrinks_to_fit(board, clock):
    long_name = "Quầy tiếp nhận hồ sơ đất đai và xây dựng"
    widget, _ = board(snapshot(clock, [("U012", long_name, Tier.PRIORITY)]))
    code_px = widget.calls[0][1].font().pixelSize()
    counter = widget.calls[0][2]
    assert counter.full_text == "→ " + long_name
    assert counter.font().pixelSize() < code_px and counter.fontMetrics().horizontalAdvance(counter.text()) \
        <= counter.width()


def test_show_on_screen_goes_full_screen_or_falls_back_to_a_window(app, qtbot, clock):
    widget = DisplayBoard(Source(snapshot(clock)), CENTER, clock)
    qtbot.addWidget(widget)
    widget.show_on_screen(7)  # no such screen: a normal window, no crash
    assert widget.isVisible() and not widget.isFullScreen()
    widget.show_on_screen(0)
    qtbot.waitUntil(widget.isFullScreen, timeout=5_000)
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert not widget.isFullScreen()
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton)
    assert widget.isFullScreen()
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton)
    assert not widget.isFullScreen()
    widget.timer.stop()
    wait_for_tasks()


def test_with_the_real_queue_no_name_is_ever_shown(app, qtbot, services, clerk):
    for reason, name in (("elderly", "Hoàng Thị Lan"), ("none", "Trần Văn Bình")):
        services.queue.issue(clerk, IssueRequest(reason_code=reason, citizen_name=name, seat="Ghế 3"))
    services.queue.call_next(clerk, "Quầy 1")
    widget = DisplayBoard(lambda: services.queue.snapshot(None), CENTER, services.clock)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.number.text() == "U001", timeout=5_000)
    shown = texts(widget)
    assert "Thường: 1" in shown and "Ưu tiên: 0" in shown and widget.mark.tier == "priority"
    assert "Hoàng" not in shown and "Bình" not in shown and "Ghế" not in shown
    widget.timer.stop()
    wait_for_tasks()


def test_the_running_notice_tells_the_supervisors_text_and_the_coming_days_off(app, qtbot, services, supervisor):
    """31/12/2026: New Year's Day (Thursday 1/1/2027) is within two weeks; a local day off too."""
    from datetime import datetime

    from hcc_desktop.clock import LOCAL_TZ
    from hcc_desktop.services.calendar import board_notice

    services.clock._now = datetime(2026, 12, 28, 9, 0, tzinfo=LOCAL_TZ)
    services.settings.set(supervisor, "board_notice", "Thứ Bảy 02/01: phục vụ lưu động tại thôn Đắk Mâm")
    services.calendar.set_override(supervisor, date(2027, 1, 8), "off", "Đại hội Đảng bộ xã")
    text = board_notice(services.settings.view(), services.calendar, date(2026, 12, 28))
    assert text.startswith("Thứ Bảy 02/01: phục vụ lưu động tại thôn Đắk Mâm")
    assert "Trung tâm nghỉ Thứ Sáu 01/01/2027 (" in text and "Trung tâm nghỉ Thứ Sáu 08/01/2027 (Đại hội Đảng bộ xã)" in text
    assert "Thứ Bảy 02/01/2027" not in text  # an ordinary weekend is not announced

    widget = DisplayBoard(lambda: services.queue.snapshot(None), CENTER, services.clock,
                          load_notice=lambda: text)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: widget.ticker.notice() == text, timeout=5_000)
    assert widget.ticker.isVisible() and widget.ticker.height() >= widget.ticker.fontMetrics().height()
    start = widget.ticker._offset
    qtbot.waitUntil(lambda: widget.ticker._offset > start, timeout=5_000)  # too long to stand still: it runs
    widget.timer.stop()
    wait_for_tasks()
