"""Alembic migrations of the HCC Desktop schema.

``HEAD`` names the newest revision so start-up can tell "already current"
without loading Alembic; ``tests/test_migrations.py`` keeps it equal to
Alembic's own head.
"""

HEAD = "0010"
