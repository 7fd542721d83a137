"""Display names: one normal form, and no member dressed up as staff or as the board."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_LENGTH = 80
# Look-alikes folded together before names are compared: digits and symbols for letters,
# and the Cyrillic and Greek letters that render like Latin ones. "i", "l", "1" and "|" all
# become "l", so "Adm1n" and "AdmIn" meet "admin" on the same skeleton.
CONFUSABLES = str.maketrans(
    {
        "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "3": "e", "4": "a", "@": "a",
        "5": "s", "$": "s", "7": "t", "8": "b", "9": "g",
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "l", "ј": "j", "ѕ": "s", "ԁ": "d",
        "ɑ": "a", "ı": "l", "α": "a", "β": "b", "ε": "e", "ι": "l", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    }
)  # fmt: skip
# Words that present a name as the board's own voice. Compared as whole words of the
# skeleton ("Badminton fan" is fine, "Adm1n" is not).
STAFF_WORDS = (
    "admin", "admins", "administrator", "administrators", "moderator", "moderators",
    "moderation", "mod", "mods", "modteam", "staff", "official", "support", "helpdesk",
    "verified", "aicb", "aicbboard", "aicboard",
)  # fmt: skip
# Letters that never occur inside an ordinary word, so they are refused anywhere.
STAFF_FRAGMENTS = ("aicb", "moderator", "administrator")
VERIFIED_MARKS = frozenset("✓✔☑✅🗸🗹🛡⍻✪")


def normalise(name: str) -> str:
    """The stored form of a display name: NFKC, no invisible format characters, one space."""
    text = unicodedata.normalize("NFKC", name or "")
    # Zero-width joiners, bidi overrides and the like (category Cf) render as nothing or
    # reorder what follows: a name is shown as its visible letters only.
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.split())


def skeleton_words(name: str) -> list[str]:
    """The name's words, case- and accent-folded, look-alike letters made one."""
    # "AveryAdmin": a capital inside a word starts a new word.
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", normalise(name))
    folded = unicodedata.normalize("NFKD", spaced.casefold())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return re.findall(r"[^\W_]+", bare.translate(CONFUSABLES))


def skeleton(name: str) -> str:
    """The name reduced to what a reader can tell apart ("Av3ry  Adm1n" → "averyadmln")."""
    return "".join(skeleton_words(name))


def _has_verified_mark(name: str) -> bool:
    for char in name:
        label = unicodedata.name(char, "")
        if char in VERIFIED_MARKS or "CHECK MARK" in label or "BALLOT BOX WITH" in label:
            return True
    return False


_STAFF_SKELETONS = frozenset(skeleton(word) for word in STAFF_WORDS)
_FRAGMENT_SKELETONS = tuple(skeleton(word) for word in STAFF_FRAGMENTS)


def impersonation_problem(name: str, staff_names: Iterable[str]) -> str | None:
    """Why `name` could pass for staff or the board (None when it cannot)."""
    if _has_verified_mark(name):
        return "Leave out check marks and badges: members' names carry no verification."
    words = skeleton_words(name)
    whole = "".join(words)
    if _STAFF_SKELETONS.intersection(words) or any(part in whole for part in _FRAGMENT_SKELETONS):
        return "Choose a name that does not suggest you speak for the board or its moderators."
    if whole and any(whole == skeleton(staff) for staff in staff_names):
        return "That name is too close to a moderator's. Choose another."
    return None
