"""Small wording helpers shared by messages and reports."""

from __future__ import annotations


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """'1 day', '2 days', '1.5 drinks': the count with the word that agrees with it."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:g} {word}"
