"""Datelines in several languages and conventions; publication dates from stamps and headers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from communique import RawDocument, clean, language, metadata
from communique.metadata import find_dateline, parse_date
from communique.records import Document

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


# --------------------------------------------------------------------------- real pages (issue 14)

PAGES = Path(__file__).resolve().parent / "fixtures" / ".pages"


@pytest.mark.parametrize(
    ("opening", "lang", "published", "expected"),
    [
        (
            "Вашингтон, 25 января 2021, 08:51 — REGNUM Президент США подписал указ.",
            "ru",
            None,
            ("Washington", "USA", "2021-01-25", "REGNUM"),
        ),
        (
            "Київ, 25 січня 2021, 08:51 — УНІАН Президент підписав указ.",
            "uk",
            None,
            ("Kyiv", "UKR", "2021-01-25", "УНІАН"),
        ),
        (
            "БРЮССЕЛЬ, 24 июл ПРАЙМ. Еврокомиссия одобрила план.",
            "ru",
            date(2020, 7, 25),
            ("Brussels", "BEL", "2020-07-24", "ПРАЙМ"),
        ),
        ("２０１２年７月１８日北京讯 中美两国代表", "zh", None, ("Beijing", "CHN", "2012-07-18", None)),
        ("本报上海7月18日讯 记者报道", "zh", date(2012, 7, 19), ("Shanghai", "CHN", "2012-07-18", "本报")),
    ],
)
def test_datelines_with_year_time_and_agency_after(
    opening: str, lang: str, published: date | None, expected: tuple[object, ...]
) -> None:
    found = find_dateline(opening, lang, published)
    assert (found.place, found.country, found.date, found.agency) == expected


def test_year_less_dateline_gives_no_date_without_a_publication_date() -> None:
    assert find_dateline("БРЮССЕЛЬ, 24 июл ПРАЙМ. Еврокомиссия", "ru", None).date is None


@pytest.mark.parametrize(
    ("name", "lang", "published", "dateline"),
    [
        ("fr_stamp.txt", "fr", "2021-12-12", (None, None, None)),
        ("de_stamp.txt", "de", "2021-12-12", (None, None, None)),
        ("cs_stamp.txt", "cs", "2018-12-04", (None, None, None)),
        ("uk_stamp.txt", "uk", "2021-01-25", (None, None, None)),
        ("pl_stamp.txt", "pl", "2021-12-12", (None, None, None)),
        # the dateline alone on its line, dropped as a stamp, still names the place and the agency
        ("ru_regnum.txt", "ru", "2021-01-25", ("Washington", "2021-01-25", "REGNUM")),
        # a year-less dateline does not date the page
        ("ru_prime.txt", "ru", None, ("Brussels", None, "ПРАЙМ")),
        ("zh_dateline.txt", "zh", "2012-07-18", ("Beijing", "2012-07-18", None)),
    ],
)
def test_pages_are_dated_from_their_stamps(
    name: str, lang: str, published: str | None, dateline: tuple[str | None, ...]
) -> None:
    doc = metadata(language(clean(RawDocument(source=name, text=(PAGES / name).read_text("utf-8")))))
    assert doc.language == lang
    assert doc.published == published
    assert (doc.dateline.place, doc.dateline.date, doc.dateline.agency) == dateline


def _dated(text: str, published: str | None = None) -> str | None:
    raw = RawDocument(source="x", text=text, published=published)
    return metadata(language(clean(raw))).published


BODY = "\n\nLes ministres des deux pays ont signé un accord sur l'énergie, a annoncé le ministère."


def test_what_dates_the_page_when_sources_disagree() -> None:
    updated = "Mis à jour le 14 décembre 2021 à 09h00"
    published = "Publié le 12 décembre 2021 à 20h30"
    dateline = "PARIS, 11 décembre 2021 (AFP) - Les deux pays ont signé un accord."
    # "published" before "updated", whatever the order on the page
    assert _dated("Titre de la page\n\n" + updated + "\n\n" + published + BODY) == "2021-12-12"
    # a dateline that writes its year before an "updated" stamp
    assert _dated("Titre de la page\n\n" + updated + "\n\n" + dateline + BODY) == "2021-12-11"
    # an "updated" stamp is better than nothing
    assert _dated("Titre de la page\n\n" + updated + BODY) == "2021-12-14"
    # the input's own date wins over every stamp
    assert _dated("Titre de la page\n\n" + published + BODY, "2021-12-13") == "2021-12-13"


@pytest.mark.parametrize(
    ("line", "lang", "expected"),
    [
        ("Публикувано на 12 декември 2021, 18:34", "bg", "2021-12-12"),
        ("Pubblicato il 12 dicembre 2021 alle 18:34", "it", "2021-12-12"),
        ("Publicado em 12 de dezembro de 2021, às 18h34", "pt", "2021-12-12"),
        ("Publicado el 12 de diciembre de 2021 a las 18:34", "es", "2021-12-12"),
        ("Опубліковано 25 січня 2021 року, 08:51", "uk", "2021-01-25"),
        ("Veröffentlicht am Sonntag, 12. Dezember 2021", "de", "2021-12-12"),
        # the month word names its language when the detector does not
        ("4. prosince 2018, 12:43", None, "2018-12-04"),
    ],
)
def test_stamp_lines_in_many_languages(line: str, lang: str | None, expected: str) -> None:
    doc = metadata(Document(raw=RawDocument(source="x", text=""), chrome=(line,), language=lang))
    assert doc.published == expected
