"""What a saved search stands for, read from a page's arguments the way the page reads them.

A filtered list is a kind and the filters its API takes (`api.params.chosen_filters`, the
API's own reading, lenient: a value it cannot use is dropped); a search is its words (bounded
like every search), an optional kind and the search filters (`FILTER_FIELDS`) whose value the
kind's vocabulary knows. The same function reads the page (to fill the Save form's hidden
fields) and the form posted back, so a forged form can save nothing a page could not show.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..api.params import chosen_filters
from ..kinds import KINDS, kind_named
from ..search.bounds import bound_query
from ..search.whoosh_backend import FILTER_FIELDS
from .models import PAGE_ONLY, SavedSearch, filter_specs, url_value

SEARCH = "search"  # the scope of a saved search, beside each kind's name for a list


@dataclass(frozen=True)
class Criteria:
    """A list (kind and filters) or a search (words, optional kind, search filters)."""

    scope: str  # a kind's name (its list) or "search"
    kind: str | None
    query: str = ""
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def filters_json(self) -> str:
        """The filters as stored: canonical JSON, sorted by name."""
        return json.dumps(self.filters, sort_keys=True, separators=(",", ":"))

    def describe(self) -> str:
        """In words, as its saved search will say it."""
        return SavedSearch(kind=self.kind, query=self.query, filters=self.filters_json).describe()

    def fields(self) -> list[tuple[str, str]]:
        """The hidden fields a Save form carries to save this again."""
        pairs = [("scope", self.scope)]
        if self.scope == SEARCH:
            pairs += [("q", self.query)] + ([("kind", self.kind)] if self.kind else [])
        elif self.query:  # a list's words, typed in its Save form
            pairs.append(("q", self.query))
        return pairs + [(name, url_value(value)) for name, value in self.filters.items()]


def from_args(scope: str, args: Mapping[str, str], *, with_words: bool = False) -> Criteria | None:
    """The criteria of the page `scope` names ("role" for /roles/, "search"), from `args`;
    None when `scope` names no page that can be saved.

    `with_words`: a list's Save form may add words (`q`) the saved list must also contain
    ("VP, remote, ≥ 200k USD, 'AI platform'"); a list page's own address takes none.
    """
    if scope == SEARCH:
        return _search(args)
    kind = kind_named(scope)
    if kind is None or kind.api is None:
        return None
    chosen = chosen_filters(kind.api.filters, args, strict=False)
    sorts = [name for name, _description in kind.api.sorts]
    sort = args.get("sort", "")
    if "sort" in PAGE_ONLY and sort in sorts[1:]:  # the default order is the page's anyway
        chosen["sort"] = sort
    words = bound_query(args.get("q", "")).text if with_words else ""
    return Criteria(kind.name, kind.name, words, dict(sorted(chosen.items())))


def _search(args: Mapping[str, str]) -> Criteria:
    """A search's words, kind and search filters (values its vocabularies know)."""
    text = bound_query(args.get("q", "")).text
    kind = args.get("kind", "")
    kind = kind if kind in KINDS else None
    specs = filter_specs(kind)
    chosen = {}
    for name in FILTER_FIELDS:
        value = args.get(name, "")
        spec = specs.get(name)
        if value and spec is not None and value in dict(spec.vocabulary):
            chosen[name] = value
    return Criteria(SEARCH, kind, text, chosen)
