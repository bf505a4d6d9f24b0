"""Text for the A4 documents: styled runs from markup, line wrapping, drawing a line.

Used through :mod:`hcc_desktop.documents.a4` (units and pages: :mod:`a4_pages`). Platypus
paragraphs cost about 1 ms each in pure Python and a form has dozens, so text is laid out here:
words are measured once per process and fixed texts wrapped once (cached), a line is written as
PDF text operators, and italics are slanted Regular or Bold (no third font file to embed).
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from hcc_desktop.documents.fonts import FACE_NAMES, register_reportlab_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
OBLIQUE = math.tan(math.radians(10))
Env = Mapping[str, str]  # one copy's values for its Slots
_TAG = re.compile(r"(</?[bi]>)")
_BREAKS = re.compile(r"(\n| +)")
_FORMATTER = string.Formatter()


class UnknownField(KeyError):
    """Text names a ``{field}`` its values do not have."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Style:
    size: float = 11.0
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left | center | right
    leading: float = 1.4  # line height in font sizes
    indent: float = 0.0  # points, every line
    hang: float = 0.0  # points, added to the second and later lines
    before: float = 0.0  # points of space above the paragraph
    after: float = 0.0

    @property
    def line_height(self) -> float:
        return self.size * self.leading


@dataclass(frozen=True)
class Slot:
    """A value that differs between the copies of one document (e.g. "Liên 1: Lưu"), drawn per copy."""

    key: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    slot: Slot | None = None


def rich(markup: str, values: Mapping[str, object] | None = None, *, blank: str = "") -> list[Run]:
    """Runs from text with ``<b>``/``<i>`` tags and, given ``values``, ``{field}``s filled from them.

    Values are never read as tags. An empty value prints ``blank``; an unknown field raises UnknownField.
    """
    runs: list[Run] = []
    for literal, name, bold, italic in _parse(markup, values is not None):
        if literal:
            runs.append(Run(literal, bold, italic))
        if name is None:
            continue
        if name not in values:
            raise UnknownField(name)
        value = values[name]
        if isinstance(value, Slot):
            runs.append(Run("", bold, italic, value))
        else:
            runs.append(Run(_printable(str(value)) or blank, bold, italic))
    return [run for run in runs if run.text or run.slot]


@lru_cache(maxsize=1024)  # a template's texts are parsed once per process
def _parse(markup: str, fields: bool) -> tuple[tuple[str, str | None, bool, bool], ...]:
    """(literal, field name or None, bold, italic) pieces of the markup."""
    pieces = []
    bold = italic = False
    for part in _TAG.split(nfc(markup)):
        if _TAG.fullmatch(part):
            if part[-2] == "b":
                bold = not part.startswith("</")
            else:
                italic = not part.startswith("</")
            continue
        for literal, name, _spec, _conv in (_FORMATTER.parse(part) if fields else [(part, None, None, None)]):
            pieces.append((literal, name, bold, italic))
    return tuple(pieces)


def _printable(value: str) -> str:
    """NFC, tabs as spaces, line breaks kept, other control characters dropped, trimmed."""
    text = nfc(value).replace("\r\n", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or ch >= " ").strip()


def resolve(runs: Sequence[Run], env: Env) -> list[Run]:
    """The runs with every Slot replaced by this copy's text (its first option if the copy has none)."""
    return [replace(r, text=env.get(r.slot.key, r.slot.options[0] if r.slot.options else ""), slot=None)
            if r.slot else r for r in runs]


def slot_envs(runs: Sequence[Run]) -> list[Env]:
    slots = {r.slot for r in runs if r.slot}
    count = max((len(s.options) for s in slots), default=0)
    return [{s.key: s.options[min(i, len(s.options) - 1)] for s in slots if s.options} for i in range(count)] or [{}]


@lru_cache(maxsize=50_000)
def width(text: str, face: str) -> float:
    """Width of ``text`` at 1 pt (times the size gives points); cached, forms repeat their words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_reportlab_fonts()
    return stringWidth(text, face, 1.0)


def face(bold: bool) -> str:
    return FACE_NAMES["bold" if bold else "normal"]


@dataclass(frozen=True)
class Line:
    segments: tuple[tuple[str, bool, bool], ...]  # (text, bold, italic): a change of style each
    width: float
    first: bool


def _tokens(runs: Sequence[Run], style: Style) -> Iterator[tuple[str, str, bool, bool]]:
    for run in runs:
        bold, italic = run.bold or style.bold, run.italic or style.italic
        for chunk in _BREAKS.split(run.text):
            if chunk:
                kind = "break" if chunk == "\n" else "space" if chunk[0] == " " else "word"
                yield kind, chunk, bold, italic


def wrap(runs: Sequence[Run], avail: float, style: Style) -> tuple[Line, ...]:
    """Greedy lines no wider than ``avail`` (less the indents); a word longer than a line is cut."""
    return _wrap(tuple(runs), avail, style)


@lru_cache(maxsize=4096)  # a form's fixed texts (titles, headers, hints) are laid out once per process
def _wrap(runs: tuple[Run, ...], avail: float, style: Style) -> tuple[Line, ...]:
    size = style.size
    lines: list[Line] = []
    pieces: list[tuple[str, bool, bool]] = []
    used = 0.0
    word: list[tuple[str, bool, bool]] = []
    space: tuple[str, bool, bool] | None = None

    def room() -> float:
        return avail - style.indent - (style.hang if lines else 0.0)

    def close(force: bool = False) -> None:
        nonlocal pieces, used
        if pieces or force:
            lines.append(_merge(pieces, used, not lines))
        pieces, used = [], 0.0

    def put_word() -> None:
        nonlocal used, space
        wide = sum([width(t, face(b)) for t, b, _ in word]) * size
        gap = width(" ", face(space[1])) * size if space and pieces else 0.0
        if pieces and used + gap + wide > room():
            close()
        elif pieces and space:
            pieces.append(space)
            used += gap
        if wide <= room():
            pieces.extend(word)
            used += wide
        else:
            for text, bold, italic in word:  # longer than a line: cut between letters
                for char in text:
                    w = width(char, face(bold)) * size
                    if pieces and used + w > room():
                        close()
                    pieces.append((char, bold, italic))
                    used += w
        word.clear()
        space = None

    for kind, text, bold, italic in _tokens(runs, style):
        if kind == "word":
            word.append((text, bold, italic))
            continue
        if word:
            put_word()
        if kind == "space":
            space = (" ", bold, italic)
        else:
            close(force=True)
    if word:
        put_word()
    close()
    return tuple(lines) or (Line((), 0.0, True),)


def _merge(pieces: list[tuple[str, bool, bool]], used: float, first: bool) -> Line:
    segments: list[tuple[str, bool, bool]] = []
    for text, bold, italic in pieces:
        if segments and segments[-1][1:] == (bold, italic):
            segments[-1] = (segments[-1][0] + text, bold, italic)
        else:
            segments.append((text, bold, italic))
    return Line(tuple(segments), used, first)


def draw_line(canvas: Canvas, line: Line, x: float, y_top: float, avail: float, style: Style) -> None:
    """One line whose top is at ``y_top``, aligned within ``avail`` points from ``x``.

    Written as PDF text operators directly: reportlab's text objects format every number in pure
    Python and cost several times more; glyphs still go through the font's subsets as they do there.
    """
    from reportlab.lib.rl_accel import escapePDF
    from reportlab.pdfbase.pdfmetrics import getFont

    size = style.size
    baseline = y_top - style.line_height * 0.5 - size * 0.36
    if style.align == "center":
        x += (avail - line.width) / 2
    elif style.align == "right":
        x += avail - line.width
    else:
        x += style.indent + (0.0 if line.first else style.hang)
    ops, doc, slanted = [], canvas._doc, True
    for text, bold, italic in line.segments:
        name = face(bold)
        if italic or slanted:  # Tj moves the pen along: a new origin only to slant or to stop slanting
            ops.append(f"1 0 {OBLIQUE if italic else 0:.4f} 1 {x:.2f} {baseline:.2f} Tm")
            slanted = italic
        font = getFont(name)
        ops += [f"{font.getSubsetInternalName(subset, doc)} {size:g} Tf ({escapePDF(chunk)}) Tj"
                for subset, chunk in font.splitString(text, doc)]
        x += width(text, name) * size
    if ops:
        canvas.addLiteral("BT " + " ".join(ops) + " ET")
