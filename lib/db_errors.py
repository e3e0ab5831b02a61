"""What a database error says about its cause, where the database says it."""

from django.db import IntegrityError


def constraint_broken(error: IntegrityError) -> str | None:
    """The name of the constraint PostgreSQL reports broken; None where the database names none (SQLite)."""
    return getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
