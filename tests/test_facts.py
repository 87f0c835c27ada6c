"""Numeric facts (value, unit, kind, period) and dated policy facts."""

from __future__ import annotations

from datetime import date

import pytest

from communique.facts import Fact, find_facts

ANCHOR = date(2023, 11, 27)


def _one(sentence: str, lang: str | None, anchor: date | None = ANCHOR) -> Fact:
    found = find_facts(sentence, lang, anchor)
    assert len(found) == 1, found
    return found[0]


def _summary(sentence: str, lang: str | None, anchor: date | None = ANCHOR) -> list[tuple[object, ...]]:
    return [(f.kind, f.value, f.unit, f.period) for f in find_facts(sentence, lang, anchor)]


# --------------------------------------------------------------------------- seed sentences


def test_seed_growth() -> None:
    sentence = "According to Smailov, the bilateral trade between China has grown by 24% in 10 months."
    fact = _one(sentence, "en")
    assert (fact.kind, fact.value, fact.unit, fact.period) == ("growth", 24, "percent", "2023-01/2023-10")
    assert fact.text == "the bilateral trade between China has grown by 24% in 10 months"
    assert sentence[fact.start : fact.end] == fact.text


def test_seed_target() -> None:
    sentence = (
        "“I believe that at this pace, we will soon be able to achieve the goal of increasing trade turnover "
        "to $40 billion, outlined by the heads of two states,” said the Prime Minister."
    )
    fact = _one(sentence, "en")
    assert (fact.kind, fact.value, fact.unit, fact.period) == ("target", 40_000_000_000, "USD", None)
    assert fact.text.endswith("increasing trade turnover to $40 billion")


def test_seed_policy() -> None:
    sentence = (
        "He added that the visa-free regime, enacted on Nov. 10, "
        "opened a new chapter in Kazakhstan-China relations."
    )
    fact = _one(sentence, "en")
    assert (fact.kind, fact.value, fact.unit, fact.date) == ("policy", None, None, date(2023, 11, 10))
    assert fact.text == "the visa-free regime, enacted on Nov. 10"
    assert sentence[fact.start : fact.end] == fact.text


def test_seed_sentences_without_facts() -> None:
    for sentence in (
        "A mutual visa-free regime came into force.",  # no date: nothing to pin
        "Ding co-chaired the 11th Meeting of the China-Kazakhstan Cooperation Committee on Nov. 27, 2023.",
        "Over the past two years, all subcommittees have implemented agreements within their areas.",
        "He made four suggestions for future work, including law enforcement and security cooperation.",
    ):
        assert find_facts(sentence, "en", ANCHOR) == [], sentence


# --------------------------------------------------------------------------- numbers and units


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "unit"),
    [
        ("The loan is worth $40 billion.", "en", 40e9, "USD"),
        ("The EU pledged €225m for the corridor.", "en", 225e6, "EUR"),
        ("Exports reached 1,200 tonnes.", "en", 1200, "tonnes"),
        ("Investment totalled US$1.5bn.", "en", 1.5e9, "USD"),
        ("The fund holds 40 billion US dollars.", "en", 40e9, "USD"),
        ("Le fonds dispose de 40 milliards de dollars.", "fr", 40e9, "USD"),
        ("L'Union a débloqué 225 millions d'euros.", "fr", 225e6, "EUR"),
        ("Le pipeline mesure 1 500 kilomètres.", "fr", 1500, "km"),
        ("El fondo suma 10.000 millones de dólares.", "es", 10e9, "USD"),
        ("El fondo suma 40 mil millones de dólares.", "es", 40e9, "USD"),
        ("Se exportaron 1,5 millones de toneladas.", "es", 1.5e6, "tonnes"),
        ("Экспорт зерна составил 1,5 млн тонн.", "ru", 1.5e6, "tonnes"),
        ("Объем инвестиций составил $40 млрд.", "ru", 40e9, "USD"),
        ("Сделка оценивается в 300 млрд рублей.", "ru", 300e9, "RUB"),
        ("Кредит на 50 млрд тенге выдан банком.", "ru", 50e9, "KZT"),
        ("双方贸易额达到100亿美元。", "zh", 10e9, "USD"),
        ("项目投资400亿元人民币。", "zh", 40e9, "CNY"),
        ("出口粮食1.5万吨。", "zh", 15000, "tonnes"),
        ("合同金额为四百亿美元。", "zh", 40e9, "USD"),
    ],
)
def test_amounts(sentence: str, lang: str, value: float, unit: str) -> None:
    fact = _one(sentence, lang)
    assert fact.value == pytest.approx(value)
    assert fact.unit == unit
    assert fact.kind == "amount"


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Trade has grown by 24% this year.", "en"),
        ("Trade has grown by 24 percent this year.", "en"),
        ("Trade has increased by 24 per cent this year.", "en"),
        ("Les échanges ont augmenté de 24 pour cent cette année.", "fr"),
        ("Les échanges ont augmenté de 24 % cette année.", "fr"),
        ("El comercio creció un 24 por ciento este año.", "es"),
        ("Товарооборот в этом году вырос на 24 процента.", "ru"),
        ("今年双边贸易额增长24％。", "zh"),
        ("今年双边贸易额增长百分之二十四。", "zh"),
    ],
)
def test_growth_percent_in_each_language(sentence: str, lang: str) -> None:
    fact = _one(sentence, lang)
    assert (fact.kind, fact.value, fact.unit, fact.period) == ("growth", 24, "percent", "2023")


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "unit"),
    [
        ("The two sides aim to bring trade to $40 billion by 2030.", "en", 40e9, "USD"),
        ("Ils ont fixé l'objectif de porter les échanges à 40 milliards de dollars.", "fr", 40e9, "USD"),
        ("El objetivo es alcanzar 40.000 millones de dólares.", "es", 40e9, "USD"),
        ("Цель — довести товарооборот до 40 млрд долларов.", "ru", 40e9, "USD"),
        ("双方目标是贸易额达到400亿美元。", "zh", 40e9, "USD"),
    ],
)
def test_targets(sentence: str, lang: str, value: float, unit: str) -> None:
    fact = _one(sentence, lang)
    assert (fact.kind, fact.unit) == ("target", unit)
    assert fact.value == pytest.approx(value)


def test_target_deadline_is_its_period() -> None:
    fact = _one("The two sides aim to bring trade to $40 billion by 2030.", "en")
    assert fact.period == "2030"
    assert _summary("双方力争到2030年将贸易额提高到400亿美元。", "zh") == [("target", 40e9, "USD", "2030")]


def test_kinds_in_one_sentence() -> None:
    sentence = "Trade rose to $5 billion last year, up 24 percent, and 120 companies took part."
    assert _summary(sentence, "en", date(2025, 3, 1)) == [
        ("amount", 5e9, "USD", "2024"),
        ("growth", 24, "percent", "2024"),
        ("count", 120, "companies", "2024"),
    ]
    assert _summary("今年前10个月，双边贸易额增长24％，达到100亿美元，占百分之二十四。", "zh") == [
        ("growth", 24, "percent", "2023-01/2023-10"),
        ("amount", 10e9, "USD", "2023-01/2023-10"),
        ("share", 24, "percent", "2023-01/2023-10"),
    ]


def test_decline_is_negative_growth() -> None:
    assert _summary("Exports fell 5% in the first half of 2023 to 3.2 million tonnes.", "en") == [
        ("growth", -5, "percent", "2023-01/2023-06"),
        ("amount", 3.2e6, "tonnes", "2023-01/2023-06"),
    ]
    assert _summary("Imports increased by $2 billion.", "en") == [("growth", 2e9, "USD", None)]


def test_shares_and_counts() -> None:
    assert _summary("China accounts for 24% of Kazakhstan's foreign trade.", "en") == [
        ("share", 24, "percent", None)
    ]
    assert _summary("The sides signed 15 agreements and welcomed 1.3 million tourists.", "en") == [
        ("count", 15, "agreements", None),
        ("count", 1.3e6, "people", None),
    ]


def test_number_conventions() -> None:
    assert _one("Trade reached 1.500 millones de dólares.", "es").value == pytest.approx(1.5e9)
    assert _one("Trade reached 1,500 million dollars.", "en").value == pytest.approx(1.5e9)
    assert _one("Le commerce a atteint 1,5 milliard de dollars.", "fr").value == pytest.approx(1.5e9)
    assert _one("Le commerce a atteint 2 billions d'euros.", "fr").value == pytest.approx(2e12)


def test_no_facts_from_codes_ordinals_and_dates() -> None:
    for sentence in (
        "The G20 summit discussed COVID-19 and the A320 order.",
        "The 12th meeting was held on March 18, 2025.",
        "新华社北京3月18日电",
        "Il y a 27 ans, le 10 novembre 1996.",
    ):
        assert find_facts(sentence, None, ANCHOR) == [], sentence


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("sentence", "lang", "anchor", "period"),
    [
        ("Trade grew by 24% in 10 months.", "en", ANCHOR, "2023-01/2023-10"),
        ("Trade grew by 24% in 10 months.", "en", date(2024, 2, 2), "2023-01/2023-10"),
        ("Trade grew by 24% in the first nine months.", "en", ANCHOR, "2023-01/2023-09"),
        ("Trade grew by 24% in the first 10 months of 2022.", "en", ANCHOR, "2022-01/2022-10"),
        ("Trade grew by 24% in January-October.", "en", ANCHOR, "2023-01/2023-10"),
        ("Trade grew by 24% last year.", "en", date(2025, 3, 18), "2024"),
        ("Trade grew by 24% in 2022.", "en", ANCHOR, "2022"),
        ("Trade grew by 24% in the first quarter.", "en", ANCHOR, "2023-01/2023-03"),
        (
            "Les échanges ont augmenté de 24 % au cours des dix premiers mois.",
            "fr",
            ANCHOR,
            "2023-01/2023-10",
        ),
        ("Les échanges ont augmenté de 24 % l'an dernier.", "fr", ANCHOR, "2022"),
        ("El comercio creció un 24 % en los primeros nueve meses.", "es", ANCHOR, "2023-01/2023-09"),
        ("El comercio creció un 24 % el año pasado.", "es", ANCHOR, "2022"),
        ("Товарооборот за 10 месяцев вырос на 24%.", "ru", ANCHOR, "2023-01/2023-10"),
        ("Товарооборот за январь-октябрь вырос на 24%.", "ru", ANCHOR, "2023-01/2023-10"),
        ("Товарооборот в прошлом году вырос на 24%.", "ru", ANCHOR, "2022"),
        ("前10个月双边贸易额增长24%。", "zh", ANCHOR, "2023-01/2023-10"),
        ("1-10月双边贸易额增长24%。", "zh", ANCHOR, "2023-01/2023-10"),
        ("去年双边贸易额增长24%。", "zh", ANCHOR, "2022"),
        ("前三季度双边贸易额增长24%。", "zh", ANCHOR, "2023-01/2023-09"),
        ("Trade grew by 24% in 10 months.", "en", None, None),
    ],
)
def test_periods(sentence: str, lang: str, anchor: date | None, period: str | None) -> None:
    fact = _one(sentence, lang, anchor)
    assert (fact.kind, fact.period) == ("growth", period)


# --------------------------------------------------------------------------- policy


@pytest.mark.parametrize(
    ("sentence", "lang", "when"),
    [
        ("The agreement entered into force on 10 November 2023.", "en", date(2023, 11, 10)),
        ("The new tariffs took effect on Monday.", "en", ANCHOR),
        ("L'accord est entré en vigueur le 10 novembre.", "fr", date(2023, 11, 10)),
        ("El acuerdo entró en vigor el 10 de noviembre.", "es", date(2023, 11, 10)),
        ("Режим взаимного безвизового въезда вступил в силу 10 ноября.", "ru", date(2023, 11, 10)),
        ("中哈互免签证协定于11月10日正式生效。", "zh", date(2023, 11, 10)),
        ("The sanctions will take effect on Dec. 5.", "en", date(2023, 12, 5)),
    ],
)
def test_policy_facts(sentence: str, lang: str, when: date) -> None:
    fact = _one(sentence, lang)
    assert (fact.kind, fact.value, fact.unit, fact.period, fact.date) == ("policy", None, None, None, when)
    assert sentence[fact.start : fact.end] == fact.text


def test_policy_without_anchor_needs_a_written_year() -> None:
    assert _one("The agreement entered into force on 10 November 2023.", "en", None).date == date(
        2023, 11, 10
    )
    assert find_facts("The agreement entered into force on 10 November.", "en", None) == []
    assert find_facts("The committee met on Nov. 10 and adopted a plan.", "en", ANCHOR) == []


def test_empty_and_plain_sentences() -> None:
    assert find_facts("", "en") == []
    assert find_facts("The two sides discussed cooperation in trade and energy.", "en", ANCHOR) == []
