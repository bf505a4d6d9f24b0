"""Spoken calls: one at a time and in order, options respected, silent where there is no sound."""

import wave

import pytest
from PySide6.QtCore import QTimer

from hcc_desktop.paths import resource_path
from hcc_desktop.ui.announcer import Announcer, QtChime, QtSpeaker, spoken_code, spoken_text


class Log:
    """What the fake backends did, and how many sounds were playing at once at most."""

    def __init__(self):
        self.events, self.playing, self.most = [], 0, 0

    def start(self, what):
        self.events.append(("start", what))
        self.playing += 1
        self.most = max(self.most, self.playing)

    def end(self, what):
        self.events.append(("end", what))
        self.playing -= 1


class FakeChime:
    def __init__(self, log, ms=30, available=True):
        self.log, self.ms, self._available = log, ms, available

    def available(self):
        return self._available

    def play(self, done):
        self.log.start("chime")
        QTimer.singleShot(self.ms, lambda: (self.log.end("chime"), done()))

    def stop(self):
        self.log.events.append(("stop", "chime"))


class FakeSpeaker:
    def __init__(self, log, ms=50, voice="Giọng thử"):
        self.log, self.ms, self.voice = log, ms, voice

    def voice_name(self):
        return self.voice

    def say(self, text, done):
        self.log.start(text)
        QTimer.singleShot(self.ms, lambda: (self.log.end(text), done()))

    def stop(self):
        self.log.events.append(("stop", "voice"))


class SilentSpeaker(FakeSpeaker):
    """A speaker that never reports the end of its sentence."""

    def say(self, text, done):
        self.log.start(text)


@pytest.fixture
def log():
    return Log()


def _announcer(qtbot, chime, speaker):
    announcer = Announcer(chime, speaker, gap_ms=10)
    announcer.finished.connect(lambda code, counter: chime.log.events.append(("finished", code)))
    return announcer


def _starts(log):
    return [what for kind, what in log.events if kind == "start"]


def test_codes_are_read_letter_by_letter_and_digit_by_digit():
    assert spoken_code("U012") == "u không một hai"
    assert spoken_code("Đ003") == "đê không không ba"
    assert spoken_code("T105") == "tê một không năm"
    assert spoken_text("U012", "Quầy 1") == "Mời số u không một hai đến Quầy 1."


def test_calls_play_in_order_one_at_a_time(qtbot, log):
    announcer = _announcer(qtbot, FakeChime(log), FakeSpeaker(log))
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("U012", "Quầy 1")
        announcer.announce("T041", "Quầy 2")
        announcer.announce("Đ001", "Quầy 1")
        assert announcer.busy
    assert log.most == 1 and log.playing == 0
    assert _starts(log) == ["chime", spoken_text("U012", "Quầy 1"), "chime", spoken_text("T041", "Quầy 2"),
                            "chime", spoken_text("Đ001", "Quầy 1")]
    assert [what for kind, what in log.events if kind == "finished"] == ["U012", "T041", "Đ001"]
    assert not announcer.busy


def test_a_call_made_while_one_plays_waits_its_turn(qtbot, log):
    announcer = _announcer(qtbot, FakeChime(log, ms=60), FakeSpeaker(log))
    announcer.announce("U012", "Quầy 1")
    qtbot.waitUntil(lambda: log.playing == 1)
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("T041", "Quầy 2")
        announcer.announce("T041", "Quầy 2")  # pressed twice while waiting: said once
    assert log.most == 1
    assert _starts(log)[2:] == ["chime", spoken_text("T041", "Quầy 2")]


def test_options_turn_the_chime_or_the_voice_off(qtbot, log):
    announcer = _announcer(qtbot, FakeChime(log), FakeSpeaker(log))
    announcer.set_options(chime=False, voice=True)
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("U012", "Quầy 1")
    assert _starts(log) == [spoken_text("U012", "Quầy 1")]
    log.events.clear()
    announcer.set_options(chime=True, voice=False)
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("T041", "Quầy 2")
    assert _starts(log) == ["chime"]
    log.events.clear()
    announcer.set_options(chime=False, voice=False)
    with qtbot.waitSignal(announcer.finished, timeout=5_000) as signal:
        announcer.announce("T042", "Quầy 2")
    assert signal.args == ["T042", "Quầy 2"] and _starts(log) == []


def test_without_a_vietnamese_voice_only_the_chime_plays(qtbot, log):
    announcer = _announcer(qtbot, FakeChime(log), FakeSpeaker(log, voice=None))
    assert announcer.voice_status() == (False, "Máy này chưa có giọng đọc tiếng Việt; chỉ phát chuông.")
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("U012", "Quầy 1")
    assert _starts(log) == ["chime"]


def test_voice_status_names_the_voice_or_says_there_is_no_sound(qtbot, log):
    assert _announcer(qtbot, FakeChime(log), FakeSpeaker(log, voice="An, winrt")).voice_status() == (
        True, "Có giọng đọc tiếng Việt (An, winrt).")
    available, text = _announcer(qtbot, FakeChime(log, available=False), FakeSpeaker(log, voice=None)).voice_status()
    assert not available and "chưa có thiết bị phát âm thanh" in text


def test_a_step_that_never_ends_is_stopped_and_the_next_call_goes_on(qtbot, log, monkeypatch):
    monkeypatch.setattr("hcc_desktop.ui.announcer.VOICE_TIMEOUT_MS", 100)
    announcer = _announcer(qtbot, FakeChime(log), SilentSpeaker(log))
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("U012", "Quầy 1")
        announcer.announce("T041", "Quầy 2")
    assert ("stop", "voice") in log.events
    assert [what for kind, what in log.events if kind == "finished"] == ["U012", "T041"]


def test_a_backend_that_raises_does_not_stop_the_calls(qtbot, log):
    class BrokenChime(FakeChime):
        def play(self, done):
            raise RuntimeError("no device")

    announcer = _announcer(qtbot, BrokenChime(log), FakeSpeaker(log))
    with qtbot.waitSignal(announcer.idle, timeout=5_000):
        announcer.announce("U012", "Quầy 1")
    assert _starts(log) == [spoken_text("U012", "Quầy 1")]


def test_real_backends_stay_silent_without_sound_and_warn_nothing(qtbot, tmp_path, caplog):
    """This machine and CI have no audio device (often not even libpulse) and no speech engine."""
    caplog.set_level("INFO", logger="hcc_desktop.ui.announcer")
    announcer = Announcer()  # the real QtChime and QtSpeaker
    available, text = announcer.voice_status()
    assert text  # a sentence either way; a developer's PC may have a voice
    chime = QtChime(tmp_path / "missing.wav")
    assert not chime.available()
    ended = []
    chime.play(lambda: ended.append("chime"))
    assert ended == ["chime"] and "chime file missing" in caplog.text


def test_real_speaker_finds_a_voice_by_language_and_reports_the_end(qtbot):
    """Qt's mock engine stands in for a real one (it has no Vietnamese voice, so ask for Finnish)."""
    tts = pytest.importorskip("PySide6.QtTextToSpeech", exc_type=ImportError)
    if "mock" not in tts.QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock speech engine is not installed")
    from PySide6.QtCore import QLocale

    assert QtSpeaker(engines=["mock"]).voice_name() is None  # no Vietnamese voice there
    speaker = QtSpeaker(engines=["mock"], language=QLocale.Language.Finnish)
    assert speaker.voice_name().endswith(", mock")
    ended = []
    speaker.say("Mời số u không một hai đến Quầy 1.", lambda: ended.append(True))
    qtbot.waitUntil(lambda: ended == [True], timeout=10_000)


def test_the_chime_file_is_a_short_mono_16_bit_wav():
    with wave.open(str(resource_path("sounds", "chime.wav"))) as chime:
        assert (chime.getnchannels(), chime.getsampwidth(), chime.getframerate()) == (1, 2, 22050)
        assert 0.8 <= chime.getnframes() / chime.getframerate() <= 1.5
