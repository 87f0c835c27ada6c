"""The actor gazetteer (``data/actors.tsv``, from the Phoenix dictionaries) and its lookups."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from communique.actors import ActorInfo, lookup, roles
from communique.countries import country_name
from tests.conftest import ROOT, SHARED

DATA_FILE = ROOT / "src" / "communique" / "data" / "actors.tsv"
BUILD_SCRIPT = ROOT / "tools" / "build_actor_gazetteer.py"


def _rows() -> list[list[str]]:
    lines = [line for line in DATA_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0] == "name\tcountry\tsector\tstart\tend"
    return [line.split("\t") for line in lines[1:]]


# ---------------------------------------------------------------------------------------------
# Lookups


def test_a_person_resolves_to_the_country_and_office_of_the_date() -> None:
    # WILLIAM_SAMOEI_RUTO_: [KENGOVAGR 080501-100531] [KENGOVEDU >100601]
    info = lookup("William Samoei Ruto", date(2009, 3, 1))
    assert info == ActorInfo("William Samoei Ruto", "KEN", "GOVAGR", date(2008, 5, 1), date(2010, 5, 31))
    assert lookup("WILLIAM SAMOEI RUTO", date(2009, 3, 1)) == info  # case does not matter


def test_the_date_picks_the_role() -> None:
    assert lookup("William Samoei Ruto", date(2011, 1, 1)) == ActorInfo(
        "William Samoei Ruto", "KEN", "GOVEDU", date(2010, 6, 1), None
    )
    # South Korea's foreign minister, then UN Secretary-General: an international code has no country.
    before = lookup("Ban Ki-moon", date(2005, 6, 1))
    after = lookup("Ban Ki-moon", date(2012, 6, 1))
    assert before is not None and (before.country, before.sector) == ("KOR", "GOVBUS")
    assert after is not None and (after.country, after.sector) == (None, "IGOUNO")
    # Without a date: the most recent range.
    latest = lookup("Ban Ki-moon")
    assert latest is not None and latest.sector == "IGOUNO"


def test_the_date_picks_between_holders_of_a_surname() -> None:
    # Bill, Hillary (and Haiti's Harry) Clinton: only Hillary held a dated office in 2010.
    assert lookup("Clinton") is None
    info = lookup("Clinton", date(2010, 6, 1))
    assert info is not None and info.name == "Hillary Clinton"
    assert (info.country, info.sector) == ("USA", "GOV")
    assert info.start is not None and info.start <= date(2010, 6, 1)
    assert info.end is not None and date(2010, 6, 1) <= info.end


def test_a_unique_surname_resolves_alone() -> None:
    info = lookup("ruto", date(2009, 3, 1))
    assert info is not None and (info.name, info.country, info.sector) == (
        "William Samoei Ruto",
        "KEN",
        "GOVAGR",
    )
    annan = lookup("Annan")
    assert annan is not None and (annan.name, annan.country, annan.sector) == ("Kofi Annan", None, "IGOUNO")


def test_a_shared_surname_does_not_resolve_alone() -> None:
    smiths = {row[0] for row in _rows() if row[0].endswith(" Smith") and row[1]}
    assert len(smiths) > 3  # several people in the file carry it
    assert lookup("Smith") is None
    assert lookup("Smith", date(2010, 1, 1)) is None


def test_unknown_names_give_none() -> None:
    assert lookup("Zyxwv Qwertyuiop") is None
    assert lookup("Qwertyuiop") is None
    assert lookup("") is None
    assert lookup("  ") is None
    assert roles("Zyxwv Qwertyuiop") == ()
    # A surname lookup is for one word only, and an organisation's last word is no surname.
    assert lookup("Samoei Ruto") is None
    assert lookup("Army") is None


def test_roles_lists_every_code_oldest_first() -> None:
    listed = roles("william samoei ruto")
    assert [(r.sector, r.start) for r in listed] == [
        ("GOVAGR", date(2008, 5, 1)),
        ("GOVEDU", date(2010, 6, 1)),
    ]
    assert not listed[0].covers(date(2011, 1, 1)) and listed[1].covers(date(2011, 1, 1))


# ---------------------------------------------------------------------------------------------
# The shipped file


def test_the_file_is_well_formed() -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert "The MIT License" in text and "Open Event Data Alliance" in text and "@676801c" in text
    rows = _rows()
    assert len(rows) > 10_000
    assert DATA_FILE.stat().st_size < 3_000_000
    iso_date = re.compile(r"\d{4}-\d{2}-\d{2}")
    for name, country, sector, start, end in rows:
        assert name and name == name.strip() and len(name.replace(" ", "")) >= 2, name
        assert " " in name or len(re.sub(r"\W", "", name)) > 3, name  # no short single words
        assert country == "" or country_name(country) is not None, (name, country)
        assert sector or country, name
        if not country:  # international actors carry their whole code
            assert sector.startswith(("IGO", "NGO", "IMG")), (name, sector)
        for value in (start, end):
            assert value == "" or (iso_date.fullmatch(value) and date.fromisoformat(value)), (name, value)
        if start and end:
            assert start <= end, name
    assert len({tuple(row) for row in rows}) == len(rows)


def _seed_terms(gold: dict[str, Any]) -> set[str]:
    """Names, aliases and spellings of the seeds' people and bodies, and people's surnames."""
    terms: set[str] = set()
    for entity in gold["entities"]:
        if entity.get("type") not in ("PERSON", "ORG"):
            continue
        spellings = [entity["name"], *(entity.get("same_entity_as") or [])]
        aliases = entity.get("aliases") or []
        terms.update(spellings + aliases)
        if entity["type"] == "PERSON":
            terms.update(w for w in (spellings[0].split()[-1], *aliases) if " " not in w and len(w) >= 4)
    return {t.casefold() for t in terms}


def test_no_name_from_the_seeds(gold: dict[str, Any]) -> None:
    text = DATA_FILE.read_text(encoding="utf-8").casefold()
    words = re.sub(r"[\W_]+", " ", text)
    terms = _seed_terms(gold)
    assert {"ding xuexiang", "tokayev", "sklyar"} <= terms
    for term in terms:
        assert not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text), f"actors.tsv names {term!r}"
        plain = " ".join(re.sub(r"[\W_]+", " ", term).split())
        assert f" {plain} " not in f" {words} ", f"actors.tsv names {term!r} (punctuation aside)"
        assert lookup(term) is None, term
        if " " not in term and len(term) >= 6:
            assert term not in text, f"actors.tsv holds {term!r} inside a longer name"


@pytest.mark.slow
def test_the_build_script_reproduces_the_shipped_file(tmp_path: Path) -> None:
    ontology, gold = SHARED / "ontology", SHARED / "seeds" / "gold.json"
    if not (ontology / "cameo_en" / "Phoenix.Countries.actors.txt").is_file() or not gold.is_file():
        pytest.skip(f"../shared not found at {SHARED}: cannot rebuild the gazetteer")
    out = tmp_path / "actors.tsv"
    subprocess.run(
        [
            sys.executable,
            str(BUILD_SCRIPT),
            "--ontology",
            str(ontology),
            "--gold",
            str(gold),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert out.read_bytes() == DATA_FILE.read_bytes(), (
        "actors.tsv is stale: run tools/build_actor_gazetteer.py"
    )
