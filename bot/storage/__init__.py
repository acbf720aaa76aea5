"""Storage: SQLAlchemy Core tables, the engine and its SQLite tuning, Alembic migrations."""
