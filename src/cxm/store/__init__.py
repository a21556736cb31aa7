"""The profile store: SQLModel tables in SQLite or PostgreSQL, migrations, atomic publish, queries.

Data flows lake → :mod:`cxm.store.frames` (rows to load) → :mod:`cxm.store.publish` (one
transaction) → :mod:`cxm.store.query` (what the API reads).
"""
