"""Logging to a rotating file in the log folder, with personal data masked.

Code logs with ``logger = logging.getLogger(__name__)`` and lazy ``%s`` args.
No ID numbers or phone numbers are logged on purpose; as a second line of
defence the filter masks any long digit run that slips into a record.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

# 9+ digit runs (CCCD has 12, old CMND 9, phones 10-11), allowing spaces or dots inside; not a
# run inside a longer token of letters, digits and hyphens (a record's UUID must stay readable).
_DIGIT_RUN = re.compile(r"(?<![\dA-Za-z-])\+?\d(?:[ .]?\d){8,}(?![\dA-Za-z])")
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def mask_digits(text: str) -> str:
    return _DIGIT_RUN.sub("[đã che]", text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class _MaskingFormatter(logging.Formatter):
    """Masks tracebacks too (they quote source lines and exception messages)."""

    def format(self, record: logging.LogRecord) -> str:
        cached = record.exc_text  # another handler may have cached an unmasked traceback
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:
        return mask_digits(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return mask_digits(super().formatStack(stack_info))


_installed: list[logging.Handler] = []


def setup_logging(log_dir: Path | None, *, level: int = logging.INFO, stderr: bool = False) -> Path | None:
    """Send the program's logs to ``log_dir/hcc-desktop.log`` (rotated, 5 × 1 MiB)."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    root.setLevel(level)
    log_file = None
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            log_file = log_dir / "hcc-desktop.log"
            handlers.append(logging.handlers.RotatingFileHandler(
                log_file, maxBytes=1_048_576, backupCount=5, encoding="utf-8"))
        except OSError:
            log_file = None  # a read-only folder must not stop the program; stderr still works
    if stderr or not handlers:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(_MaskingFormatter(_FORMAT))
        handler.addFilter(PersonalDataFilter())
        root.addHandler(handler)
        _installed.append(handler)
    if not stderr:
        for handler in handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.setLevel(logging.WARNING)
    return log_file
