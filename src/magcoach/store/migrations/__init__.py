"""Alembic migrations for the magcoach store (run programmatically by `open_store`)."""
