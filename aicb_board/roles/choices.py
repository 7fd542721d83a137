"""The fixed vocabularies of a role posting, each as (value, label) pairs."""

from __future__ import annotations

import pycountry

from ..vocabulary import FUNCTIONS, label  # noqa: F401  (a role's vocabularies, in one place)

WORKPLACES = [("onsite", "On-site"), ("hybrid", "Hybrid"), ("remote", "Remote")]
SENIORITIES = [
    ("director", "Director"),
    ("senior-director", "Senior Director"),
    ("vp", "VP"),
    ("svp", "SVP"),
    ("head-of", "Head of"),
    ("principal", "Principal / Staff"),
    ("c-level", "C-level"),
]
EMPLOYMENT_TYPES = [
    ("full-time", "Full-time"),
    ("part-time", "Part-time"),
    ("contract", "Contract"),
    ("fractional", "Fractional"),
    ("advisory", "Advisory"),
]
SALARY_PERIODS = [
    ("year", "per year"),
    ("month", "per month"),
    ("day", "per day"),
    ("hour", "per hour"),
]
CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SGD", "INR", "JPY", "SEK", "NOK", "DKK",
              "NZD", "PLN", "AED", "BRL", "ZAR", "HKD", "ILS", "MXN"]  # fmt: skip

COUNTRIES = sorted(
    (
        (country.alpha_2, getattr(country, "common_name", country.name))
        for country in pycountry.countries
    ),
    key=lambda pair: pair[1],
)

# schema.org JobPosting employmentType for each of ours.
SCHEMA_EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "fractional": "PART_TIME",
    "advisory": "OTHER",
}
SCHEMA_SALARY_UNITS = {"year": "YEAR", "month": "MONTH", "day": "DAY", "hour": "HOUR"}


def values(choices: list[tuple[str, str]]) -> list[str]:
    """The stored values of a vocabulary."""
    return [value for value, _label in choices]


def country_name(code: str | None) -> str:
    """The English name of an ISO 3166 alpha-2 code."""
    return dict(COUNTRIES).get((code or "").upper(), "")
