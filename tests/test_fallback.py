"""The fallback backend on the cased languages without a model (issue 14): one test per error."""

from __future__ import annotations

import pytest

from communique.nlp.fallback import FallbackBackend
from communique.places import lookup_place


def names(lang: str, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in FallbackBackend(lang).annotate(text).mentions]


def test_kazakh_capitals_outside_russian_alphabet() -> None:
    found = names("kk", "Бүгін Қасым-Жомарт Тоқаев Астанада сөйледі. Қазақстанның саясаты өзгермейді.")
    assert ("Қасым-Жомарт Тоқаев", "PERSON") in found
    assert ("Қазақстанның", "PLACE") in found
    assert ("Астанада", "PLACE") in found


def test_kazakh_surname_said_again_with_a_case_suffix() -> None:
    found = names("kk", "Бүгін Қасым-Жомарт Тоқаев сөйледі. Тоқаевтың сапары аяқталды.")
    assert ("Тоқаевтың", "PERSON") in found


def test_ukrainian_sentence_initial_capitals_i_and_ie() -> None:
    found = names("uk", "Італія та Ірландія підтримали Єврокомісію.")
    assert ("Італія", "PLACE") in found and ("Ірландія", "PLACE") in found


@pytest.mark.parametrize(
    ("lang", "text", "word"),
    [
        ("sl", "Po srečanju so ministri odšli domov.", "Po"),
        ("pl", "Po spotkaniu ministrowie wyjechali.", "Po"),
        ("ky", "Буга чейин президент сүйлөдү.", "Буга"),
        ("de", "Auch der Minister kam nicht.", "Auch"),
        ("de", "Man sagte nichts dazu.", "Man"),
    ],
)
def test_function_word_is_never_a_place(lang: str, text: str, word: str) -> None:
    assert lookup_place(word, lang) is None
    assert all(word not in name for name, _ in names(lang, text))


def test_stop_list_keeps_a_capital() -> None:
    # spaCy's Kyrgyz stop words hold the capital's name; it stays a place.
    assert ("Бишкекте", "PLACE") in names("ky", "Президент кечээ Бишкекте сүйлөдү.")


def test_ukrainian_genitive_country_splits_from_person() -> None:
    found = names("uk", "Прем'єр-міністр Великобританії Терези Мей прибула вчора.")
    assert ("Великобританії", "PLACE") in found
    assert ("Терези Мей", "PERSON") in found


def test_bulgarian_definite_and_czech_inflected_places() -> None:
    assert ("Bruselu", "PLACE") in names("cs", "Včera odjel Andrej Babiš do Bruselu.")
    assert ("Andrej Babiš", "PERSON") in names("cs", "Včera odjel Andrej Babiš do Bruselu.")


@pytest.mark.parametrize(
    ("lang", "text", "org"),
    [
        (
            "uk",
            "Учора Міністерство закордонних справ України заявило протест.",
            "Міністерство закордонних справ України",
        ),
        ("cs", "Evropská komise schválila plán.", "Evropská komise"),
        ("pl", "Wczoraj Rada Bezpieczeństwa ONZ przyjęła rezolucję.", "Rada Bezpieczeństwa ONZ"),
        ("sl", "Včeraj je Evropska komisija sprejela načrt.", "Evropska komisija"),
        (
            "bg",
            "Министерството на външните работи на България осъди нападението.",
            "Министерството на външните работи на България",
        ),
        (
            "de",
            "Ein Bericht der Organisation für das Verbot von Chemiewaffen liegt vor.",
            "Organisation für das Verbot von Chemiewaffen",
        ),
    ],
)
def test_organisations_with_lower_case_inner_words(lang: str, text: str, org: str) -> None:
    assert (org, "ORG") in names(lang, text)


def test_german_surname_beats_a_town_of_that_name() -> None:
    found = names("de", "Gestern sagte Marco Rubio, er trete nicht an. Danach sagte Rubio nichts.")
    assert found.count(("Rubio", "PERSON")) == 1 and ("Marco Rubio", "PERSON") in found


def test_german_noun_before_a_name_is_left_out() -> None:
    found = names("de", "Gefechte in der Provinz Aleppo, berichtete die Nachrichtenagentur Xinhua.")
    assert ("Aleppo", "PLACE") in found and ("Xinhua", "ORG") in found


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Islamabad", "PAK"),
        ("Исламабад", "PAK"),
        ("New Delhi", "IND"),
        ("Calcutta", "IND"),
        ("Odessa", "UKR"),
    ],
)
def test_a_capital_keeps_its_own_name(name: str, country: str) -> None:
    # GeoNames lists "Islamabad" as a former name of a larger city (Chattogram): a capital's own name
    # names the capital, while an exonym of a big city still beats a small namesake (Calcutta, Odessa).
    from communique.places import lookup_place

    found = lookup_place(name)
    assert found is not None and found.country == country


def test_a_latin_word_in_a_cyrillic_text_is_an_organisation() -> None:
    # Companies and outlets keep their Latin spelling in Ukrainian text; people are transliterated.
    from communique.nlp.fallback import FallbackBackend

    text = "Сторінку заблокувала мережа Facebook, повідомив Олег Коваленко з Києва."
    kinds = {m.text: m.type for m in FallbackBackend("uk").annotate(text).mentions}
    assert kinds.get("Facebook") == "ORG" and kinds.get("Олег Коваленко") == "PERSON"
    # In a Latin-script language one capitalised word says nothing of its kind.
    polish = FallbackBackend("pl").annotate("Stronę zablokowała sieć Facebook, poinformował rzecznik.")
    assert all(m.type != "ORG" for m in polish.mentions if m.text == "Facebook")
