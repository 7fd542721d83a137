"""Bounds on the work one search may ask for: the same rules for every backend and the API.

A query is words, "phrases" and prefixes such as `strat*`. Anything costlier is simplified
before it reaches an index, and the member is told what was searched instead:

- a wildcard needs `MIN_PREFIX` letters before it (`*a*` and a lone `*` would read every
  word of the index) and only ends a word (`str?tegy` is searched as `str*`);
- at most `MAX_PREFIXES` words of a query end in `*`, and it keeps its first `MAX_WORDS`
  words;
- wildcards inside quotes are dropped: a phrase is words in order;
- fuzzy and slop marks (`word~2`, `"a phrase"~5`) are dropped: not supported, on any backend.

How many indexed words one prefix may stand for is bounded by each backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..validators import one_line

MAX_QUERY_LENGTH = 200
MIN_PREFIX = 2  # letters or digits before a *
MAX_PREFIXES = 3  # words ending in * in one query
MAX_WORDS = 10  # words in one query, phrases included

PHRASE = re.compile(r'"[^"]*"?')  # closed or left open at the end
WILDCARD_WORD = re.compile(r"[\w*?]*[*?][\w*?]*")
WORD = re.compile(r"\w+")
LETTERS = re.compile(r"[^\W_]")
FUZZY = re.compile(r"~\d*")

SHORT_PREFIX = f"Wildcards need at least {MIN_PREFIX} letters before *."
INNER_WILDCARD = "A * only ends a word, and ? is not a wildcard here."
TOO_MANY_PREFIXES = f"At most {MAX_PREFIXES} words may end in *."
TOO_MANY_WORDS = f"A search reads its first {MAX_WORDS} words."
QUOTED_WILDCARD = "Wildcards do not work inside quotes."


@dataclass(frozen=True)
class BoundedQuery:
    """The query a backend runs, and why it differs from what was typed (if it does)."""

    text: str
    notices: tuple[str, ...] = ()

    @property
    def simplified(self) -> bool:
        """Whether the typed query was changed to keep its cost bounded."""
        return bool(self.notices)


def clean_query(text: str | None) -> str:
    """Any string becomes a query: control characters gone, length bounded."""
    return one_line(text, MAX_QUERY_LENGTH)


def bound_query(text: str | None) -> BoundedQuery:
    """`text` as a query of bounded cost; running it again through here changes nothing."""
    notices: list[str] = []
    prefixes = 0

    def unwild(match: re.Match) -> str:
        nonlocal prefixes
        word = match.group()
        literal = WORD.match(word)
        literal = literal.group() if literal else ""
        letters_only = re.sub(r"[*?]", "", word)
        if len(LETTERS.findall(literal)) < MIN_PREFIX:
            notices.append(SHORT_PREFIX)
            return f" {letters_only} " if letters_only else " "
        if prefixes == MAX_PREFIXES:
            notices.append(TOO_MANY_PREFIXES)
            return letters_only
        prefixes += 1
        if word != f"{literal}*":
            notices.append(INNER_WILDCARD)
        return f"{literal}*"

    def part(piece: str, quoted: bool) -> str:
        if quoted:
            plain = re.sub(r"[*?]", " ", piece)
            if plain != piece:
                notices.append(QUOTED_WILDCARD)
            return plain
        return WILDCARD_WORD.sub(unwild, FUZZY.sub(" ", piece))

    cleaned = clean_query(text)
    pieces, last = [], 0
    for phrase in PHRASE.finditer(cleaned):
        pieces += [part(cleaned[last : phrase.start()], False), part(phrase.group(), True)]
        last = phrase.end()
    pieces.append(part(cleaned[last:], False))
    bounded = _first_words(" ".join("".join(pieces).split()), notices)
    if not WORD.search(bounded):
        bounded = ""
    return BoundedQuery(bounded, tuple(dict.fromkeys(notices)))


def _first_words(text: str, notices: list[str]) -> str:
    """The text up to its `MAX_WORDS`th word, with a quote left open closed again."""
    words = list(WORD.finditer(text))
    if len(words) <= MAX_WORDS:
        return text
    notices.append(TOO_MANY_WORDS)
    kept = text[: words[MAX_WORDS].start()].rstrip()
    if kept.count('"') % 2:  # a phrase was cut: close it, or drop a quote that opens nothing
        kept = kept[:-1].rstrip() if kept.endswith('"') else kept + '"'
    return kept
