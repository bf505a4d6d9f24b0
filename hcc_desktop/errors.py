"""Typed errors raised by services and storage.

Each error carries a message meant for the person at the screen (Vietnamese,
through :mod:`hcc_desktop.i18n`). The UI shows ``str(error)`` through one
presenter; the CLI prints it and exits with ``exit_code``.
"""

from __future__ import annotations


class HccError(Exception):
    """Base class of every error a user may be shown."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(HccError):
    """Input that cannot be accepted; ``field`` names the offending field if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(HccError):
    """The record asked for does not exist."""


class PermissionDenied(HccError):
    """The acting user's role does not allow this action."""


class AuthenticationFailed(HccError):
    """Wrong user name or password, or an inactive account."""


class AccountLocked(AuthenticationFailed):
    """Too many wrong passwords in a row: log-in is refused until ``until`` (UTC)."""

    def __init__(self, message: str, until) -> None:
        super().__init__(message)
        self.until = until


class DataFolderDamaged(HccError):
    """The data folder or its database cannot be used as it is."""

    exit_code = 2


class DatabaseDamaged(DataFolderDamaged):
    """The database file itself is corrupt (a backup can take its place)."""


class StorageFull(HccError):
    """The disk is full or the data folder is read-only; nothing was written."""

    exit_code = 2
