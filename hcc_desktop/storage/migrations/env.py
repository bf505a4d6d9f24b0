"""Alembic environment: runs on the connection handed over by ``storage.migrate``."""

from alembic import context

from hcc_desktop.storage.models import Base
from hcc_desktop.storage.search import include_name

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,  # the search index (FTS5 tables) is not a model
)
with context.begin_transaction():
    context.run_migrations()
