"""Vocabularies every kind shares, each as (value, label) pairs."""

from __future__ import annotations

# The business functions a role is in, and a person moves from and to (mentors, stories).
FUNCTIONS = [
    ("product", "Product"),
    ("engineering", "Engineering"),
    ("data-ml", "Data & ML"),
    ("strategy", "Strategy"),
    ("operations", "Operations"),
    ("go-to-market", "Go-to-market"),
    ("design", "Design"),
    ("other", "Other"),
]


def label(choices: list[tuple[str, str]], value: str | None) -> str:
    """The label of `value` in a vocabulary ("" when unknown or empty)."""
    return dict(choices).get(value or "", "")
