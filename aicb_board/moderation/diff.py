"""Word-level differences between the live version of an item and a proposed edit."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class FieldChange:
    """One changed field: its label and the text as kept, removed and added pieces."""

    name: str
    label: str
    pieces: list[tuple[str, str]]  # ("equal" | "delete" | "insert", text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """`old` → `new` as pieces kept, deleted and inserted (text is escaped when shown)."""
    before, after = TOKEN.findall(old), TOKEN.findall(new)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("delete", "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(("insert", "".join(after[b1:b2])))
    return pieces


def changes(
    live: dict[str, Any], proposed: dict[str, Any], labels: dict[str, str]
) -> list[FieldChange]:
    """The fields whose values differ, each as a word diff, in the order of `labels`."""
    result = []
    for name, label in labels.items():
        old, new = _text(live.get(name)), _text(proposed.get(name, live.get(name)))
        if old != new:
            result.append(FieldChange(name, label, word_diff(old, new)))
    return result
