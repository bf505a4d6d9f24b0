"""Spoken calls: a chime, then "Mời số … đến …" in a Vietnamese voice, one call at a time.

Chime player and speaker are injectable (tests use fakes). The real ones, :class:`QtChime`
(QSoundEffect) and :class:`QtSpeaker` (QTextToSpeech), fall silent, logged at INFO, where the
computer has no QtMultimedia libraries, no audio output, no speech engine or no Vietnamese voice.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal, qInstallMessageHandler

from hcc_desktop.i18n import tr
from hcc_desktop.paths import resource_path

logger = logging.getLogger(__name__)
Done = Callable[[], None]
CHIME_TIMEOUT_MS = 4_000   # a step that never reports its end is stopped after this
VOICE_TIMEOUT_MS = 20_000
GAP_MS = 400               # silence between two calls, so listeners hear them apart

# Ticket codes are read character by character: the letter by its Vietnamese name, then each
# digit ("U012" → "u không một hai"). That is how codes are read aloud here (phone and ID
# numbers), it matches the printed ticket digit for digit, and it avoids both the regional
# variants of whole numbers ("linh"/"lẻ", "mốt", "lăm") and the speech engine's own guess at "U012".
LETTERS = {"A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê",
           "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ",
           "N": "en nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét xì",
           "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét"}
DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def spoken_code(code: str) -> str:
    """"U012" → "u không một hai"; "Đ003" → "đê không không ba"."""
    words = [DIGITS[int(ch)] if ch.isdigit() else LETTERS.get(ch.upper(), ch) for ch in code if not ch.isspace()]
    return " ".join(words)


def spoken_text(code: str, counter: str) -> str:
    return tr("Mời số {number} đến {counter}.", number=spoken_code(code), counter=counter)


class ChimePlayer(Protocol):  # play() and say() call done() once, when the sound is over
    def available(self) -> bool: ...
    def play(self, done: Done) -> None: ...
    def stop(self) -> None: ...


class Speaker(Protocol):
    def voice_name(self) -> str | None: ...  # the Vietnamese voice in use, None when there is none
    def say(self, text: str, done: Done) -> None: ...
    def stop(self) -> None: ...


@contextmanager
def qt_messages_to_log() -> Iterator[None]:
    """Probing audio plug-ins makes Qt warn (no PulseAudio, no speech daemon): log that at INFO instead."""
    previous = qInstallMessageHandler(lambda _kind, _context, message: logger.info("Qt: %s", message))
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


class Announcer(QObject):
    """Queues calls and plays them one after another, never two at once."""

    finished = Signal(str, str)  # one call done (code, counter), with or without sound
    idle = Signal()              # nothing left to announce

    def __init__(self, chime: ChimePlayer | None = None, speaker: Speaker | None = None,
                 parent: QObject | None = None, gap_ms: int = GAP_MS) -> None:
        super().__init__(parent)
        self._chime = chime if chime is not None else QtChime(parent=self)
        self._speaker = speaker if speaker is not None else QtSpeaker(parent=self)
        self._use_chime, self._use_voice, self._gap_ms = True, True, gap_ms
        self._queue: deque[tuple[str, str]] = deque()
        self._current: tuple[str, str] | None = None
        self._steps: list[tuple[Callable[[Done], None], Callable[[], None], int]] = []
        self._token = 0
        self._guard = QTimer(self)
        self._guard.setSingleShot(True)
        self._guard.timeout.connect(self._timed_out)
        self._stop_step: Callable[[], None] = lambda: None

    @property
    def busy(self) -> bool:
        return self._current is not None

    def set_options(self, chime: bool, voice: bool) -> None:
        self._use_chime, self._use_voice = chime, voice

    def voice_status(self) -> tuple[bool, str]:
        """Whether a Vietnamese voice is there, and a sentence saying so for the settings screen."""
        name = self._speaker.voice_name()
        if name:
            return True, tr("Có giọng đọc tiếng Việt ({name}).", name=name)
        if self._chime.available():
            return False, tr("Máy này chưa có giọng đọc tiếng Việt; chỉ phát chuông.")
        return False, tr("Máy này chưa có giọng đọc tiếng Việt và chưa có thiết bị phát âm thanh; "
                         "số được mời chỉ hiện trên bảng hiển thị.")

    def read_aloud(self, text: str) -> bool:
        """Read one sentence (a step of a guide) with the Vietnamese voice, unless a call is being announced.
        False when this computer has no Vietnamese voice."""
        if not self._speaker.voice_name():
            return False
        if self._current is None:
            self._speaker.say(text, lambda: None)
        return True

    def announce(self, code: str, counter: str) -> None:
        item = (code, counter)
        if not code or item in self._queue:  # a second press while it still waits does not repeat it
            return
        self._queue.append(item)
        if self._current is None:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._current = None
            self.idle.emit()
            return
        self._current = code, counter = self._queue.popleft()
        self._steps = []
        if self._use_chime and self._chime.available():
            self._steps.append((self._chime.play, self._chime.stop, CHIME_TIMEOUT_MS))
        if self._use_voice and self._speaker.voice_name():
            text = spoken_text(code, counter)
            self._steps.append((lambda done: self._speaker.say(text, done), self._speaker.stop, VOICE_TIMEOUT_MS))
        self._run_step()

    def _run_step(self) -> None:
        if not self._steps:
            code, counter = self._current
            self.finished.emit(code, counter)
            QTimer.singleShot(self._gap_ms if self._queue else 0, self, self._next)
            return
        start, self._stop_step, timeout = self._steps.pop(0)
        self._token += 1
        token = self._token
        self._guard.start(timeout)
        try:
            start(lambda: self._step_done(token))
        except Exception:  # noqa: BLE001 — a sound problem must never stop the calls
            logger.info("announcement step failed; going on", exc_info=True)
            self._step_done(token)

    def _step_done(self, token: int) -> None:
        if token != self._token:  # late or repeated report of a step already over
            return
        self._token += 1
        self._guard.stop()
        QTimer.singleShot(0, self, self._run_step)

    def _timed_out(self) -> None:
        logger.info("announcement step did not finish in time; stopped")
        self._stop_step()
        self._step_done(self._token)


class _QtBackend(QObject):
    """Shared by the real backends: probe once (Qt's warnings go to the log), report each end once."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._probed = self._ready = False
        self._done: Done | None = None
        self._device = None  # the QSoundEffect or QTextToSpeech, once probed

    def _ensure(self) -> bool:
        if not self._probed:
            self._probed = True
            with qt_messages_to_log():
                self._ready = self._probe()
        return self._ready

    def _begin(self, done: Done) -> bool:
        """Remember whom to tell when the sound ends; with nothing to play on, tell at once."""
        self._done = done
        if not self._ensure():
            self._finish()
        return self._ready

    def stop(self) -> None:
        self._done = None
        if self._device is not None:
            self._device.stop()

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done is not None:
            done()


class QtChime(_QtBackend):
    """The chime through QSoundEffect."""

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path or resource_path("sounds", "chime.wav")

    def available(self) -> bool:
        return self._ensure()

    def _probe(self) -> bool:
        if not self._path.is_file():
            logger.info("chime file missing (%s); calls without chime", self._path)
            return False
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:  # e.g. no libpulse on Linux
            logger.info("QtMultimedia not usable (%s); calls without chime", exc)
            return False
        if not QMediaDevices.audioOutputs():
            logger.info("no audio output; calls without chime")
            return False
        self._device = effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(self._path)))
        effect.playingChanged.connect(lambda: effect.isPlaying() or self._finish())
        effect.statusChanged.connect(self._status_changed)
        return True

    def play(self, done: Done) -> None:
        if self._begin(done):
            self._device.play()

    def _status_changed(self) -> None:
        if self._device.status() == self._device.Status.Error:
            logger.info("chime could not be played")
            self._finish()


class QtSpeaker(_QtBackend):
    """A Vietnamese voice through QTextToSpeech, from the first engine that has one.

    On Windows: "Microsoft An" (Settings → Time & language → Speech → Add voices → Vietnamese); on Linux:
    speech-dispatcher with espeak-ng. Qt's "mock" test engine is used only when named in ``engines``.
    """

    def __init__(self, parent: QObject | None = None, engines: Sequence[str] | None = None,
                 language: QLocale.Language = QLocale.Language.Vietnamese) -> None:
        super().__init__(parent)
        self._engines, self._language = engines, language
        self._name: str | None = None

    def voice_name(self) -> str | None:
        return self._name if self._ensure() else None

    def _probe(self) -> bool:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:
            logger.info("QtTextToSpeech not usable (%s); calls without voice", exc)
            return False
        for engine in self._engines or [e for e in QTextToSpeech.availableEngines() if e != "mock"]:
            tts = QTextToSpeech(engine, self)
            voices = [] if tts.state() == QTextToSpeech.State.Error else [
                v for v in tts.allVoices(None) if v.locale().language() == self._language]
            if not voices:
                logger.info("speech engine %s: no %s voice %s", engine, self._language.name, tts.errorString())
                tts.deleteLater()
                continue
            tts.setLocale(voices[0].locale())
            tts.setVoice(voices[0])
            tts.setRate(-0.15)  # a little slower than the default: easier for older listeners
            tts.stateChanged.connect(self._state_changed)
            self._device, self._name = tts, f"{voices[0].name()}, {engine}"
            logger.info("calls are spoken by %s", self._name)
            return True
        logger.info("no %s voice on this computer; calls without voice", self._language.name)
        return False

    def say(self, text: str, done: Done) -> None:
        if self._begin(done):
            self._device.say(text)
            if self._device.state() == self._device.State.Error:
                self._finish()

    def _state_changed(self, state) -> None:
        if state in (self._device.State.Ready, self._device.State.Error):
            self._finish()
