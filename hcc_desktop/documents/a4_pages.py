"""Pages of the A4 documents: units placed on pages, and every copy's pages drawn.

A unit is never split and is at most a page tall (tables cut taller rows beforehand), so nothing is
drawn past the margins. A page repeated in several copies (liên) is drawn once as a PDF form XObject
placed on every copy's page; only the units that differ per copy are drawn on each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hcc_desktop.documents.a4_layout import Env

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

Draw = Callable[["Canvas", float, float, Env], None]  # (canvas, left x, top y, the copy's values)


@dataclass
class Unit:
    """An unbreakable piece of a page: a line, a table row, a signature row."""

    height: float
    draw: Draw | None = None
    keep: bool = False  # keep on the same page as the next unit
    dynamic: bool = False  # differs per copy: drawn on each copy's page, not in the shared form
    header: tuple[Unit, ...] = ()  # repeated above this unit when it starts a page (table headers)
    space: bool = False  # blank space, dropped at the top of a page


def paginate(units: Sequence[Unit], height: float) -> list[list[tuple[float, Unit]]]:
    """Units placed on pages of ``height`` points: (offset from the top, unit) per page."""
    pages: list[list[tuple[float, Unit]]] = [[]]
    y = 0.0
    for i, unit in enumerate(units):
        if unit.space and y == 0.0:
            continue
        need, j = unit.height, i
        while units[j].keep and j + 1 < len(units) and need < height:
            j += 1
            need += units[j].height
        if y > 0.0 and y + min(need, height) > height:
            pages.append([])
            y = 0.0
            if unit.space:
                continue
            for head in unit.header:
                pages[-1].append((y, head))
                y += head.height
        pages[-1].append((y, unit))
        y += unit.height
    return pages


def render(canvas: Canvas, pages: list[list[tuple[float, Unit]]], envs: Sequence[Env], x: float, top: float,
           decorate: Callable[[Canvas, int, int, Env], None],
           progress: Callable[[int, int], None] | None = None) -> None:
    """Every copy's pages; with several copies the parts common to all are drawn once, as forms.
    ``progress(done, total)`` is told after each page."""
    shared = len(envs) > 1
    done, total = 0, len(pages) * len(envs)
    if shared:
        for number, page in enumerate(pages):
            canvas.beginForm(f"hccpage{number}")
            for y, unit in page:
                if unit.draw and not unit.dynamic:
                    unit.draw(canvas, x, top - y, {})
            canvas.endForm()
    for env in envs:
        for number, page in enumerate(pages):
            if shared:
                canvas.doForm(f"hccpage{number}")
            for y, unit in page:
                if unit.draw and (unit.dynamic or not shared):
                    unit.draw(canvas, x, top - y, env)
            decorate(canvas, number + 1, len(pages), env)
            canvas.showPage()
            if progress is not None:
                done += 1
                progress(done, total)
