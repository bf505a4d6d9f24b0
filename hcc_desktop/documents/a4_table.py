"""Ruled tables for the A4 documents: a header of spanning cells repeated on every page, wrapping body rows.

Used through :func:`hcc_desktop.documents.a4.table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from hcc_desktop.documents.a4_layout import Line, Run, Style, draw_line, wrap
from hcc_desktop.documents.a4_pages import Unit

PAD = 3.0  # cell padding, points


@dataclass(frozen=True)
class Column:
    share: float  # of the table's width (shares are scaled to add up to 1)
    align: str = "left"  # of the body cells: left | center | right


@dataclass(frozen=True)
class Cell:
    """A header cell; ``cols``/``rows`` span as in HTML (a cell never sits where a span above reaches)."""

    text: object  # markup (str) or runs
    cols: int = 1
    rows: int = 1


def _place(head: Sequence[Sequence[Cell]]) -> list[tuple[int, int, Cell]]:
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(head):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rows) for dc in range(cell.cols))
            c += cell.cols
    return placed


def _edges(columns: Sequence[Column], width: float) -> list[float]:
    total = sum(c.share for c in columns) or 1.0
    edges = [0.0]
    for column in columns:
        edges.append(edges[-1] + column.share / total * width)
    return edges


def _header(head: Sequence[Sequence[Cell]], edges: list[float], style: Style) -> Unit | None:
    if not head:
        return None
    lh = style.line_height
    cells = [(r, c, cell, wrap(cell.text, edges[c + cell.cols] - edges[c] - 2 * PAD, style))
             for r, c, cell in _place(head)]
    heights = [0.0] * len(head)
    for r, _c, cell, lines in sorted(cells, key=lambda item: item[2].rows):
        need, last = len(lines) * lh + 2 * PAD, min(r + cell.rows, len(head)) - 1
        heights[last] += max(0.0, need - sum(heights[r:last + 1]))
    tops = [sum(heights[:r]) for r in range(len(head) + 1)]

    def draw(canvas, x, y, env) -> None:
        canvas.setLineWidth(0.6)
        for r, c, cell, lines in cells:
            last = min(r + cell.rows, len(head))
            left, span = x + edges[c], edges[c + cell.cols] - edges[c]
            tall = tops[last] - tops[r]
            canvas.rect(left, y - tops[last], span, tall, stroke=1, fill=0)
            first = y - tops[r] - (tall - len(lines) * lh) / 2
            for i, line in enumerate(lines):
                draw_line(canvas, line, left + PAD, first - i * lh, span - 2 * PAD, style)

    return Unit(tops[-1], draw, keep=True)


def _row(cells: list[list[Line]], edges: list[float], styles: list[Style], start: int, count: int,
         header: tuple[Unit, ...]) -> Unit:
    lh = styles[0].line_height

    def draw(canvas, x, y, env) -> None:
        canvas.setLineWidth(0.6)
        for i, lines in enumerate(cells):
            left, span = x + edges[i], edges[i + 1] - edges[i]
            canvas.rect(left, y - count * lh - 2 * PAD, span, count * lh + 2 * PAD, stroke=1, fill=0)
            for k, line in enumerate(lines[start:start + count]):
                draw_line(canvas, line, left + PAD, y - PAD - k * lh, span - 2 * PAD, styles[i])

    return Unit(count * lh + 2 * PAD, draw, header=header)


def grid(columns: Sequence[Column], head: Sequence[Sequence[Cell]], rows: Sequence[Sequence[Sequence[Run]]], *,
         width: float, cell: Style, head_style: Style, max_height: float) -> list[Unit]:
    edges = _edges(columns, width)
    header = _header(head, edges, head_style)
    repeat = (header,) if header else ()
    styles = [replace(cell, align=column.align) for column in columns]
    room = max_height - (header.height if header else 0.0) - 2 * PAD
    per_unit = max(1, int(room // cell.line_height))
    units = list(repeat)
    for row in rows:
        cells = [wrap(row[i] if i < len(row) else [], edges[i + 1] - edges[i] - 2 * PAD, styles[i])
                 for i in range(len(columns))]
        count = max(len(lines) for lines in cells)
        for start in range(0, count, per_unit):
            units.append(_row(cells, edges, styles, start, min(per_unit, count - start), repeat))
    return units
