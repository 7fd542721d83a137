"""Where a remote role can be done from: regions of countries, and single countries.

A role stores its chosen codes as a comma list (`RolePosting.remote_from`): region codes are
lower case ("emea"), countries their ISO 3166 alpha-2 code ("GB"), so the two never collide.
Filtering by a country finds a remote role whose regions hold that country.
"""

from __future__ import annotations

from . import choices


def _countries(codes: str) -> frozenset[str]:
    return frozenset(codes.split())


EUROPE = _countries(
    "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE "
    "LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA"
)
MIDDLE_EAST = _countries("AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE")
AFRICA = _countries(
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA "
    "MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"
)
NORTH_AMERICA = _countries("US CA MX BM GL PM")
LATIN_AMERICA = _countries(
    "MX BZ CR SV GT HN NI PA AR BO BR CL CO EC FK GF GY PE PY SR UY VE "
    "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI"
)
ASIA_PACIFIC = _countries(
    "AU NZ FJ PG SB VU NC PF WS TO KI FM MH NR PW TV CK NU AS GU MP "
    "BD BN BT CN HK ID IN JP KH KP KR LA LK MM MN MO MV MY NP PH PK SG TH TL TW VN"
)
EVERY_COUNTRY = frozenset(code for code, _name in choices.COUNTRIES)

# (code, label, countries), in the order the form offers them.
REGIONS: list[tuple[str, str, frozenset[str]]] = [
    ("worldwide", "Worldwide", EVERY_COUNTRY),
    ("americas", "Americas", NORTH_AMERICA | LATIN_AMERICA),
    ("north-america", "North America", NORTH_AMERICA),
    ("latin-america", "Latin America", LATIN_AMERICA),
    ("emea", "EMEA", EUROPE | MIDDLE_EAST | AFRICA),
    ("europe", "Europe", EUROPE),
    ("uk-ireland", "UK & Ireland", frozenset({"GB", "IE"})),
    ("dach", "DACH (Germany, Austria, Switzerland)", frozenset({"DE", "AT", "CH"})),
    ("nordics", "Nordics", frozenset({"DK", "FI", "IS", "NO", "SE"})),
    ("apac", "APAC", ASIA_PACIFIC),
    ("anz", "Australia & New Zealand", frozenset({"AU", "NZ"})),
]
REGION_COUNTRIES = {code: countries for code, _label, countries in REGIONS}
# What the form offers: the regions first, then every country.
PLACES = [(code, label) for code, label, _countries in REGIONS] + choices.COUNTRIES
PLACE_LABELS = dict(PLACES)


def codes(stored: str | None) -> list[str]:
    """The known codes of a stored comma list, in the stored order."""
    return [code for code in (stored or "").split(",") if code in PLACE_LABELS]


def joined(chosen: list[str]) -> str:
    """Codes as stored: known ones only, each once, in the vocabulary's order."""
    return ",".join(code for code, _label in PLACES if code in set(chosen))


def describe(chosen: list[str]) -> str:
    """The codes in words: "EMEA, United States"."""
    return ", ".join(PLACE_LABELS[code] for code in chosen if code in PLACE_LABELS)


def covering(country: str) -> list[str]:
    """The codes under which a role is workable from `country`: itself and its regions."""
    return [
        country,
        *(code for code, countries in REGION_COUNTRIES.items() if country in countries),
    ]


def countries(chosen: list[str]) -> set[str]:
    """Every country the codes stand for."""
    found: set[str] = set()
    for code in chosen:
        found |= REGION_COUNTRIES.get(code, {code} if code in EVERY_COUNTRY else set())
    return found
