"""Text hygiene at the service boundary, and folding for search.

Vietnamese typed on some keyboards (or pasted from the web) arrives decomposed
(NFD); stored text is always NFC so it compares, sorts and prints correctly.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CONTROL = {c for c in map(chr, range(32)) if c not in "\n\t"}


def clean(value: str | None, *, multiline: bool = False) -> str:
    """NFC-normalize, drop control characters, trim, and fold runs of spaces.

    ``multiline`` keeps line breaks (notes); single-line fields fold them too.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(ch for ch in text if ch not in _CONTROL)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return _SPACES.sub(" ", text).strip()


def clean_name(value: str | None) -> str:
    """A person's name: cleaned, and ALL-CAPS input turned into title case."""
    text = clean(value)
    if text and text == text.upper() and any(ch.isalpha() for ch in text):
        text = " ".join(word.capitalize() for word in text.split(" "))
    return text


def fold(value: str | None) -> str:
    """Lower-case, strip diacritics, and map đ/Đ to d: the key search compares."""
    text = clean(value).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
