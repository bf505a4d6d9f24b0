"""Every string the user sees passes through :func:`tr`.

Source strings are Vietnamese. A translation catalog (JSON, source → target)
may be loaded for another language; a translation whose ``{name}`` fields
differ from the source is rejected so it can never crash formatting.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

_catalog: dict[str, str] = {}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def load_catalog(path: Path) -> list[str]:
    """Load a JSON catalog; return the source strings rejected for mismatched {name} fields."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    rejected = [src for src, dst in raw.items() if _fields(src) != _fields(dst)]
    _catalog.clear()
    _catalog.update({s: d for s, d in raw.items() if s not in rejected})
    return rejected


def reset_catalog() -> None:
    _catalog.clear()


def tr(text: str, /, **values: object) -> str:
    """Translate ``text`` and fill its ``{name}`` fields from ``values``."""
    translated = _catalog.get(text, text)
    return translated.format(**values) if values else translated
