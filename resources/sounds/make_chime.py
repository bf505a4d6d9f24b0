"""Regenerate chime.wav: a soft two-tone "ding-dong" (E5 then C5), about 1.1 s.

Run from the repository root: ``python resources/sounds/make_chime.py``.
Standard library only; the output is byte-for-byte the same every time.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
LENGTH = 1.1  # seconds
# (start s, frequency Hz, decay s): a bell-like strike, the second tone a major third lower
STRIKES = ((0.0, 659.25, 0.28), (0.38, 523.25, 0.36))
PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12))  # (frequency multiple, relative level)
ATTACK = 0.006  # seconds of fade-in, so the strike does not click
PEAK = 0.6  # of full scale: pleasant, never clipped


def sample(t: float) -> float:
    value = 0.0
    for start, freq, decay in STRIKES:
        age = t - start
        if age < 0:
            continue
        envelope = min(1.0, age / ATTACK) * math.exp(-age / decay)
        for multiple, level in PARTIALS:
            # higher partials fade faster, as on a real bell
            value += level * envelope ** multiple * math.sin(2 * math.pi * freq * multiple * age)
    return value


def render() -> bytes:
    count = int(RATE * LENGTH)
    raw = [sample(i / RATE) for i in range(count)]
    fade = int(RATE * 0.05)  # the last 50 ms fade to exact silence
    for i in range(fade):
        raw[count - fade + i] *= 1 - (i + 1) / fade
    scale = PEAK * 32767 / max(abs(v) for v in raw)
    return b"".join(struct.pack("<h", round(v * scale)) for v in raw)


def main() -> None:
    out = Path(__file__).with_name("chime.wav")
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(render())
    print(out)


if __name__ == "__main__":
    main()
