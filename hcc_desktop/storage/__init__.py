"""Persistence: SQLAlchemy models, the engine with its durability settings, migrations.

Everything specific to SQLite (pragmas, backup API, integrity checks, error
translation) lives in this package so a PostgreSQL URL stays possible.
"""

from pathlib import Path as _Path


def sqlite_uri(path: _Path, **params: str) -> str:
    """A ``file:`` URI for sqlite3.connect(..., uri=True): the path percent-encoded, so a folder
    name with ``?``, ``#`` or ``%`` in it (a user's Windows folder) still names the right file."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return _Path(path).resolve().as_uri() + (f"?{query}" if query else "")
