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

# Families of related functions, named as a member would say them. Two functions of one
# family share much of the daily work (a go-to-market leader and an operations leader both
# run the business; product, engineering, data and design build it), so a mentor who moved
# from or into a function of the member's family has walked a nearby path. "Other" is in no
# family: it is related to nothing but itself. Mentor matching reads this, and only this.
FUNCTION_FAMILIES = {
    "the business side": ("strategy", "operations", "go-to-market"),
    "product and technology": ("product", "engineering", "data-ml", "design"),
}


def label(choices: list[tuple[str, str]], value: str | None) -> str:
    """The label of `value` in a vocabulary ("" when unknown or empty)."""
    return dict(choices).get(value or "", "")


def family_of(function: str | None) -> str:
    """The name of `function`'s family ("the business side"); "" when it has none."""
    for name, members in FUNCTION_FAMILIES.items():
        if function in members:
            return name
    return ""


def related_functions(function: str | None) -> tuple[str, ...]:
    """The other functions of `function`'s family (none for "other" or an unknown one)."""
    family = FUNCTION_FAMILIES.get(family_of(function), ())
    return tuple(member for member in family if member != function)


def function_word(function: str | None) -> str:
    """A function as it reads inside a sentence: "go-to-market", "data & ML", "product"."""
    if function == "other":
        return "another function"
    text = label(FUNCTIONS, function)
    return text[:1].lower() + text[1:]
