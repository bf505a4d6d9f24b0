"""Form layouts as data: ``resources/forms/<name>.toml`` read into units of the shared A4 document.

A template names its legal basis and whether it was verified, the document's title, footer and
copies (liên), the head (issuer and motto), words the program uses ([labels]) and the blocks in
order. Block kinds: ``title`` (lines), ``text`` (text, style), ``field`` (label, value), ``fields``
(pairs on one line), ``table`` (rows, columns with title/share/align/value/group), ``space`` (mm),
``signatures`` (blocks with title/hint/name/lines). Text may use ``<b>``/``<i>`` and ``{field}``s;
a form's renderer supplies the fields, and a template naming one it does not know is refused with
the field's name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from hcc_desktop.documents import a4
from hcc_desktop.documents.a4_layout import UnknownField
from hcc_desktop.documents.a4 import DOTS, Cell, Column, Signature, Slot, Unit, nfc, rich
from hcc_desktop.errors import HccError
from hcc_desktop.i18n import tr
from hcc_desktop.paths import resource_path

KINDS = {"title": ("lines",), "text": ("text",), "field": ("label", "value"), "fields": ("pairs",),
         "table": ("rows", "columns"), "space": (), "signatures": ("blocks",)}  # kind: the keys it needs


class FormTemplateError(HccError):
    """A form template cannot be read or names a field its form does not have."""


@dataclass(frozen=True)
class FormTemplate:
    path: Path
    meta: Mapping
    document: Mapping
    header: Mapping
    labels: Mapping[str, str]
    blocks: tuple[Mapping, ...]

    @classmethod
    def load(cls, path: str | Path) -> FormTemplate:
        path = Path(path)
        try:
            raw = tomllib.loads(nfc(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise FormTemplateError(tr("Không đọc được mẫu biểu “{p}”: {e}", p=path.name, e=exc)) from exc
        blocks = tuple(raw.get("blocks", ()))
        for number, block in enumerate(blocks, 1):
            kind = block.get("kind")
            if kind not in KINDS:
                raise FormTemplateError(tr("Mẫu biểu “{p}”, khối thứ {n}: loại “{k}” không có (dùng: {kinds}).",
                                           p=path.name, n=number, k=kind, kinds=", ".join(KINDS)))
            missing = [key for key in KINDS[kind] if key not in block]
            if block.get("style", "body") not in a4.STYLES:
                missing.append(f"style = {block['style']!r}")
            if missing:
                raise FormTemplateError(tr("Mẫu biểu “{p}”, khối thứ {n} ({k}): thiếu hoặc sai {keys}.",
                                           p=path.name, n=number, k=kind, keys=", ".join(missing)))
        return cls(path, raw.get("meta", {}), raw.get("document", {}), raw.get("header", {}),
                   raw.get("labels", {}), blocks)

    @property
    def copies(self) -> tuple[str, ...]:
        return tuple(self.document.get("copies", ()))

    @property
    def title(self) -> str:
        return self.document.get("title", self.meta.get("name", ""))

    def label(self, key: str, **values: object) -> str:
        return str(self.labels.get(key, key)).format(**values)

    def units(self, values: Mapping[str, object], tables: Mapping[str, Sequence[Mapping[str, object]]]) -> list[Unit]:
        """The form's units, ``{field}``s filled from ``values`` (and table rows from ``tables``)."""
        blank = self.document.get("blank", DOTS)
        fields = dict(values)
        if self.copies:
            fields["copy"] = Slot("copy", self.copies)
        try:
            return self._units(fields, tables, blank)
        except UnknownField as exc:
            raise FormTemplateError(tr("Mẫu biểu “{p}” dùng trường {{{f}}} mà mẫu này không có.",
                                       p=self.path.name, f=exc.args[0])) from None

    def _units(self, values, tables, blank) -> list[Unit]:
        def fill(text: str, empty: str = "") -> list:
            return rich(text, values, blank=empty)

        header = self.header
        units = a4.national_header([fill(t) for t in header.get("left", ())],
                                   [fill(t) for t in header.get("right", a4.MOTTO)],
                                   fill(header.get("date", ""), blank)) if header else []  # no place: a line to write it
        for block in self.blocks:
            kind, keep = block["kind"], block.get("keep", False)
            if kind == "title":
                units += a4.spacer(block.get("before", 2))
                for line in block.get("lines", ()):
                    units += a4.para(fill(line), "title", keep=True)
            elif kind == "text":
                units += a4.para(fill(block.get("text", ""), blank), block.get("style", "body"), keep=keep)
            elif kind == "field":
                units += a4.field(block["label"], fill(block.get("value", ""), blank), keep=keep)
            elif kind == "fields":
                runs = []
                for i, (label, value) in enumerate(block.get("pairs", ())):
                    runs += fill(("\u00a0" * 8 if i else "") + label + ": ")
                    runs += [replace(r, bold=True) for r in fill(value, blank)]
                units += a4.para(runs, "field", keep=keep)
            elif kind == "table":
                units += self._table(block, tables.get(block.get("rows", ""), ()), values)
            elif kind == "space":
                units += a4.spacer(float(block.get("mm", 3)))
            else:
                units += a4.signatures([Signature(fill(s.get("title", "")), fill(s.get("hint", "")),
                                                  fill(s.get("name", "")), tuple(fill(t) for t in s.get("lines", ())))
                                        for s in block.get("blocks", ())])
        return units

    @staticmethod
    def _table(block: Mapping, rows: Sequence[Mapping[str, object]], values) -> list[Unit]:
        columns = block.get("columns", ())
        grouped = any(c.get("group") for c in columns)
        top: list[Cell] = []
        lower: list[Cell] = []
        for i, column in enumerate(columns):
            group = column.get("group", "")
            if not group:
                top.append(Cell(rich(column.get("title", ""), values), rows=2 if grouped else 1))
            else:
                if i == 0 or columns[i - 1].get("group", "") != group:
                    span = next((k for k in range(i, len(columns)) if columns[k].get("group", "") != group),
                                len(columns)) - i
                    top.append(Cell(rich(group, values), cols=span))
                lower.append(Cell(rich(column.get("title", ""), values)))
        if not rows and block.get("empty"):
            return a4.para(rich(block["empty"], values), "body")
        body = [[rich(c.get("value", ""), {**values, **row}) for c in columns] for row in rows]
        return a4.table([Column(float(c.get("share", 1)), c.get("align", "left")) for c in columns],
                        [top, lower] if grouped else [top], body)


@lru_cache(maxsize=16)
def _shipped(name: str, stamp: float) -> FormTemplate:
    return FormTemplate.load(resource_path("forms", f"{name}.toml"))


def shipped(name: str) -> FormTemplate:
    """The template shipped in ``resources/forms`` (read again when the file changes)."""
    path = resource_path("forms", f"{name}.toml")
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise FormTemplateError(tr("Không tìm thấy mẫu biểu “{p}”.", p=path.name)) from exc
    return _shipped(name, stamp)
