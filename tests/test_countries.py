"""Country names, demonyms and office titles across languages (general lexicons only)."""

from __future__ import annotations

import time

import pytest

from communique._data import load_json
from communique.countries import country_abbreviation_zh, country_code, country_name, is_country_word
from communique.nlp.titles import canonical_title, title_lexicon


@pytest.mark.parametrize(
    ("name", "lang", "code"),
    [
        ("Kazakhstan", None, "KAZ"),
        ("Kazakh", None, "KAZ"),
        ("Kazakhstan's", None, "KAZ"),
        ("Kazakhstan’s", "en", "KAZ"),
        ("the People's Republic of China", None, "CHN"),
        ("Chinese", None, "CHN"),
        ("chinois", "fr", "CHN"),
        ("chinoise", "fr", "CHN"),
        ("chinoises", None, "CHN"),
        ("kazakh", "fr", "KAZ"),
        ("kazakhe", "fr", "KAZ"),
        ("Chine", "fr", "CHN"),
        ("la Chine", "fr", "CHN"),
        ("l'Allemagne", "fr", "DEU"),
        ("China", None, "CHN"),
        ("China", "fr", "CHN"),
        ("Китай", "ru", "CHN"),
        ("Китая", "ru", "CHN"),
        ("Китаю", None, "CHN"),
        ("Китаем", "ru", "CHN"),
        ("Китае", "ru", "CHN"),
        ("китайский", "ru", "CHN"),
        ("китайского", "ru", "CHN"),
        ("китайская", None, "CHN"),
        ("китайскими", "ru", "CHN"),
        ("казахстанский", "ru", "KAZ"),
        ("казахстанской", "ru", "KAZ"),
        ("Казахстан", "ru", "KAZ"),
        ("Казахстана", "ru", "KAZ"),
        ("Казахстане", None, "KAZ"),
        ("России", "ru", "RUS"),
        ("Россией", "ru", "RUS"),
        ("Российской Федерации", "ru", "RUS"),
        ("Южной Кореи", "ru", "KOR"),
        ("Соединённых Штатов", "ru", "USA"),
        ("Индии", "ru", "IND"),
        ("Египта", "ru", "EGY"),
        ("США", "ru", "USA"),
        ("中国", "zh", "CHN"),
        ("中方", "zh", "CHN"),
        ("哈萨克斯坦", None, "KAZ"),
        ("哈方", "zh", "KAZ"),
        ("俄方", None, "RUS"),
        ("美方", "zh", "USA"),
        ("chino", "es", "CHN"),
        ("china", "es", "CHN"),
        ("chinas", "es", "CHN"),
        ("kazajo", "es", "KAZ"),
        ("Kazajistán", "es", "KAZ"),
        ("deutsch", "de", "DEU"),
        ("chinesischen", "de", "CHN"),
        ("Deutschland", None, "DEU"),
        ("brasileño", "es", "BRA"),
        ("brasileiro", "pt", "BRA"),
        ("chinesa", "pt", "CHN"),
        ("vietnamita", "es", "VNM"),
        ("vietnamita", "pt", "VNM"),
        ("US", None, "USA"),
        ("U.S.", None, "USA"),
        ("EE. UU.", "es", "USA"),
        ("American", None, "USA"),
        ("UK", None, "GBR"),
        ("British", None, "GBR"),
        ("Georgia", None, "GEO"),
        ("Turkey", None, "TUR"),
        ("Türkiye", None, "TUR"),
        ("Korean", None, "KOR"),
        ("North Korean", None, "PRK"),
        ("Myanmar", None, "MMR"),
        ("Burma", "en", "MMR"),
        ("Kosovo", None, "XKX"),
        ("Palestinian", None, "PSE"),
        ("Taiwanese", None, "TWN"),
        ("Hong Kong", None, "HKG"),
        ("Macanese", None, "MAC"),
        ("Island", "de", "ISL"),
        ("KAZ", None, "KAZ"),
        ("Chine", "fr-FR", "CHN"),
    ],
)
def test_country_code(name: str, lang: str | None, code: str) -> None:
    assert country_code(name, lang) == code


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("Republic", None),
        ("Central", None),
        ("Congo", None),  # two countries
        ("Congolese", None),
        ("us", None),  # the pronoun; abbreviations are case-sensitive
        ("usa", "es"),  # Spanish verb
        ("AND", None),  # not a code on its own
        ("island", None),  # German "Island" is Iceland, but only when the caller says German
        ("réunion", "fr"),  # a meeting
        ("", None),
        ("Minister", None),
        ("中", None),  # one character: only through country_abbreviation_zh
    ],
)
def test_country_code_none(name: str, lang: str | None) -> None:
    assert country_code(name, lang) is None


def test_is_country_word() -> None:
    assert is_country_word("Kazakh")
    assert is_country_word("kazakhe", "fr")
    assert not is_country_word("Central")
    assert not is_country_word("China's Minister")


def test_country_name() -> None:
    assert country_name("KAZ") == "Kazakhstan"
    assert country_name("CHN", "fr") == "Chine"
    assert country_name("CHN", "zh") == "中国"
    assert country_name("RUS", "ru") == "Россия"
    assert country_name("XKX") == "Kosovo"
    assert country_name("kaz", "xx") == "Kazakhstan"  # unknown language falls back to English
    assert country_name("ZZZ") is None


def test_country_abbreviation_zh() -> None:
    assert country_abbreviation_zh("中") == "CHN"
    assert country_abbreviation_zh("哈") == "KAZ"
    for char, code in {"俄": "RUS", "美": "USA", "日": "JPN", "韩": "KOR", "越": "VNM"}.items():
        assert country_abbreviation_zh(char) == code
    assert country_abbreviation_zh("乌") is None  # Ukraine or Uzbekistan
    assert country_abbreviation_zh("的") is None


def test_demonym_coverage() -> None:
    demonyms = load_json("demonyms.json")["demonyms"]
    assert len(demonyms) >= 198  # 193 UN members + Taiwan, Palestine, Kosovo, Hong Kong, Macau, Holy See
    for lang in ("en", "fr", "es", "de", "pt", "ru"):
        covered = sum(1 for forms in demonyms.values() if forms.get(lang))
        assert covered >= 190, lang
    assert {"chinois", "chinoise", "chinoises"} <= set(demonyms["CHN"]["fr"])
    assert {"chino", "china", "chinos", "chinas"} <= set(demonyms["CHN"]["es"])
    assert {"chinesisch", "chinesische", "chinesischen", "chinesischer"} <= set(demonyms["CHN"]["de"])
    assert {"chinês", "chinesa"} <= set(demonyms["CHN"]["pt"])


def test_every_demonym_resolves_in_its_language() -> None:
    demonyms = load_json("demonyms.json")["demonyms"]
    ambiguous = {"COG", "COD"}  # "Congolese" names both
    for code, by_lang in demonyms.items():
        if code in ambiguous:
            continue
        for lang, forms in by_lang.items():
            for form in forms:
                assert country_code(form, lang) == code, (form, lang)


def test_lookup_is_fast() -> None:
    country_code("Kazakhstan")  # builds the indexes
    words = ["Kazakh", "chinoise", "Китая", "中方", "Deutschland", "Republic", "U.S.", "brasileiro"]
    for word in words:
        country_code(word, "fr")
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        for word in words:
            country_code(word, "fr")
    per_call = (time.perf_counter() - start) / (rounds * len(words))
    assert per_call < 5e-6


@pytest.mark.parametrize(
    ("text", "lang", "canonical"),
    [
        ("vice-Premier ministre", "fr", "Vice Premier"),
        ("premier vice-Premier ministre", "fr", "First Deputy Prime Minister"),
        ("First Deputy Prime Minister", "en", "First Deputy Prime Minister"),
        ("Deputy Premier of the State Council", "en", "Vice Premier"),
        ("Vice Premier of the State Council", "en", "Vice Premier"),
        ("vice-premier", "en", "Vice Premier"),
        (
            "member of the Standing Committee of the Political Bureau of the Communist Party of China "
            "Central Committee",
            "en",
            "Member of the Standing Committee of the Political Bureau",
        ),
        (
            "member of the standing committee of the political bureau",
            "en",
            "Member of the Standing Committee of the Political Bureau",
        ),
        ("foreign secretary", "en", "Foreign Minister"),
        ("co-chairman", "en", "Co-Chair"),
        ("coprésidente", "fr", "Co-Chair"),
        ("chairman of the NPC Standing Committee", "en", "Chairman of the NPC Standing Committee"),
        ("Minister of Foreign Affairs", "en", "Foreign Minister"),
        ("spokeswoman", "en", "Spokesperson"),
        ("Premier ministre", "fr", "Prime Minister"),
        ("ministre des Affaires étrangères", "fr", "Foreign Minister"),
        ("chef de la diplomatie", "fr", "Foreign Minister"),
        ("présidente", "fr", "President"),
        ("porte-parole", "fr", "Spokesperson"),
        ("vicepresidente", "es", "Vice President"),
        ("primer ministro", "es", "Prime Minister"),
        ("canciller", "es", "Foreign Minister"),
        ("canciller alemán", "es", "Chancellor"),
        ("ministro de Relaciones Exteriores", "es", "Foreign Minister"),
        ("ministra de Asuntos Exteriores", "es", "Foreign Minister"),
        ("portavoz", "es", "Spokesperson"),
        ("Außenminister", "de", "Foreign Minister"),
        ("Außenministerin", "de", "Foreign Minister"),
        ("Kanzler", "de", "Chancellor"),
        ("Bundeskanzler", "de", "Chancellor"),
        ("Staatssekretärin", "de", "State Secretary"),
        ("Ministerpräsident", "de", "Prime Minister"),
        ("Sprecher", "de", "Spokesperson"),
        ("chanceler", "pt", "Foreign Minister"),
        ("ministro das Relações Exteriores", "pt", "Foreign Minister"),
        ("presidente", "pt", "President"),
        ("porta-voz", "pt", "Spokesperson"),
    ],
)
def test_canonical_title(text: str, lang: str, canonical: str) -> None:
    assert canonical_title(text, lang) == canonical


def test_title_negatives() -> None:
    assert canonical_title("China", "en") is None
    assert canonical_title("Chinese", "en") is None
    assert canonical_title("Kazakhstan", "fr") is None


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de", "pt"])
def test_title_lexicons(lang: str) -> None:
    pairs = title_lexicon(lang)
    assert 80 <= len(pairs) <= 230
    by_variant: dict[str, str] = {}
    for variant, canonical in pairs:
        assert canonical[:1].isupper()
        # one variant, one office: otherwise the loader's choice would be arbitrary
        assert by_variant.setdefault(variant.casefold(), canonical) == canonical, variant
