"""Persistence: SQLAlchemy models, the engine with its durability settings, migrations.

Everything specific to SQLite (pragmas, backup API, integrity checks, error
translation) lives in this package so a PostgreSQL URL stays possible.
"""
