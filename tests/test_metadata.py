"""Datelines in several languages and conventions; publication dates from stamps and headers."""

from __future__ import annotations

from datetime import date

import pytest

from communique import RawDocument, clean, language, metadata
from communique.metadata import find_dateline, parse_date

PUBLISHED = date(2024, 10, 15)


@pytest.mark.parametrize(
    ("opening", "lang", "expected"),
    [
        ("ASTANA, Nov. 27 (Xinhua) -- China stands ready", "en", ("Astana", "KAZ", "2023-11-27", "Xinhua")),
        ("MOSCOW, Oct 14 (Reuters) - Russia said", "en", ("Moscow", "RUS", "2024-10-14", "Reuters")),
        ("NEW YORK, Oct. 14 (AP) — The council", "en", ("New York City", "USA", "2024-10-14", "AP")),
        ("PARIS (AFP) - La France a", "fr", ("Paris", "FRA", None, "AFP")),
        ("ACCRA – Ghana and Brazil", "en", ("Accra", "GHA", None, None)),
        ("BRASILIA, 14 oct (EFE).- Brasil e", "es", ("Brasília", "BRA", "2024-10-14", "EFE")),
        ("Madrid, 14 de octubre (EFE).- El Gobierno", "es", ("Madrid", "ESP", "2024-10-14", "EFE")),
        ("МОСКВА, 14 октября. /ТАСС/. Министры", "ru", ("Moscow", "RUS", "2024-10-14", "ТАСС")),
        ("Берлин, 14 октября – РИА Новости. Министры", "ru", ("Berlin", "DEU", "2024-10-14", "РИА Новости")),
        ("新华社北京10月14日电 中国和智利", "zh", ("Beijing", "CHN", "2024-10-14", "新华社")),
        ("BERLIN (dpa) - Deutschland und Vietnam", "de", ("Berlin", "DEU", None, "dpa")),
        ("LIMA, Peru, Oct. 14 (Andina) -- Poland", "en", ("Lima", "PER", "2024-10-14", "Andina")),
    ],
)
def test_datelines(opening: str, lang: str, expected: tuple[object, ...]) -> None:
    published = date(2023, 11, 28) if "Xinhua" in opening else PUBLISHED
    found = find_dateline(opening, lang, published)
    assert (found.place, found.country, found.date, found.agency) == expected


@pytest.mark.parametrize(
    "opening",
    [
        "NATO leaders met on Monday – and agreed on little.",
        "The ministers met in Lima on Monday.",
        "BREAKING – markets fall",
        "Ministers (from both sides) - said nothing",
    ],
)
def test_openings_that_are_not_datelines(opening: str) -> None:
    found = find_dateline(opening, "en", PUBLISHED)
    assert found.place is None and found.agency is None


def test_dateline_without_year_rolls_back_over_new_year() -> None:
    found = find_dateline("TOKYO, Dec. 31 (Kyodo) -- Japan", "en", date(2025, 1, 2))
    assert found.date == "2024-12-31"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("28.11.2023 08h34", "fr", "2023-11-28"),
        ("09:09, November 28, 2023", "en", "2023-11-28"),
        ("Обновлено 14 октября 2024, 10:15", "ru", "2024-10-14"),
        ("2024年10月14日 10:15", "zh", "2024-10-14"),
        ("Wed, 12 Jun 2024 09:30:00 GMT", None, "2024-06-12"),
        ("2024-09-03T08:15:00-03:00", None, "2024-09-03"),
        ("le 28/11", "fr", None),
    ],
)
def test_parse_date(text: str, lang: str | None, expected: str | None) -> None:
    found = parse_date(text, lang)
    assert (found.isoformat() if found else None) == expected


def test_publication_date_from_stamp_not_from_caption() -> None:
    text = (
        "Leaders meet\n\nOfficials shake hands in Quito, Jan. 3, 2022. (Andes/Ana Ruiz)\n\n"
        "Andes | 05.03.2024 10h00\n\nQUITO, March 4 (Andes) -- Ecuador and Peru signed a border accord.\n\n"
        "The accord covers trade and security."
    )
    doc = metadata(language(clean(RawDocument(source="x", text=text))))
    assert doc.published == "2024-03-05"
    assert doc.dateline.date == "2024-03-04" and doc.dateline.place == "Quito"
