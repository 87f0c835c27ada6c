"""Date phrases in sentences, resolved against the dateline / publication date."""

from __future__ import annotations

from datetime import date

import pytest

from communique.dates import DateMention, chinese_numeral, find_dates, has_written_year, month_number

ANCHOR = date(2023, 11, 27)  # a Monday: the dateline of the 2023 seed articles
PUBLISHED = date(2023, 11, 28)


def _one(
    text: str, lang: str | None, anchor: date = ANCHOR, published: date | None = PUBLISHED
) -> DateMention:
    found = find_dates(text, lang, anchor, published)
    assert len(found) == 1, found
    return found[0]


def _dates(
    text: str, lang: str | None, anchor: date = ANCHOR, published: date | None = PUBLISHED
) -> list[str]:
    return [
        m.date.isoformat() + (f"/{m.end_date.isoformat()}" if m.end_date else "")
        for m in find_dates(text, lang, anchor, published)
    ]


# --------------------------------------------------------------------------- seed sentences


def test_seed_on_monday_is_the_dateline_day() -> None:
    sentence = (
        "China stands ready to work with Kazakhstan to enhance the role of the institutional platform of "
        "their cooperation committee, said Chinese Vice Premier Ding Xuexiang on Monday."
    )
    m = _one(sentence, "en")
    assert (m.text, m.date, m.end_date, m.relative, m.future) == ("Monday", ANCHOR, None, True, False)
    assert sentence[m.start : m.end] == "Monday"


def test_seed_visit_range() -> None:
    sentence = (
        "Ding, who paid a visit to Kazakhstan from Nov. 26 to 27, made the remarks when meeting Tokayev."
    )
    m = _one(sentence, "en")
    assert m.text == "Nov. 26 to 27"
    assert (m.date, m.end_date) == (date(2023, 11, 26), date(2023, 11, 27))
    assert not m.relative and not m.future


def test_seed_policy_date_and_captions() -> None:
    assert _dates("He added that the visa-free regime, enacted on Nov. 10, opened a new chapter.", "en") == [
        "2023-11-10"
    ]
    caption = (
        "meets with Kazakh President Kassym-Jomart Tokayev in Astana, Kazakhstan, Nov. 27, 2023. (Xinhua)"
    )
    m = _one(caption, "en")
    assert (m.text, m.date) == ("Nov. 27, 2023", ANCHOR)
    assert has_written_year(m)
    assert _dates(
        "BEIJING, March 18 (Xinhua) -- Ding met Sklyar in Beijing on Tuesday.", "en", date(2025, 3, 18)
    ) == [
        "2025-03-18",
        "2025-03-18",
    ]
    assert _dates("in Beijing, capital of China, March 18, 2025.", "en", ANCHOR) == ["2025-03-18"]
    assert _dates("a déclaré lundi le vice-Premier ministre chinois Ding Xuexiang.", "fr") == ["2023-11-27"]


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # English
        ("The talks were held on Tuesday.", "en", ["2023-11-21"]),
        (
            "He arrived yesterday and leaves tomorrow; today he met the premier.",
            "en",
            ["2023-11-26", "2023-11-28", "2023-11-27"],
        ),
        ("The forum opened on 27 November 2023 in Astana.", "en", ["2023-11-27"]),
        ("The 27th of November was chosen.", "en", ["2023-11-27"]),
        (
            "Talks on Nov. 26-27 and on 26-27 November.",
            "en",
            ["2023-11-26/2023-11-27", "2023-11-26/2023-11-27"],
        ),
        ("Sessions on Nov. 3 and 17.", "en", ["2023-11-03", "2023-11-17"]),
        ("Monday, Nov. 27, the ministers met.", "en", ["2023-11-27"]),
        ("Dated 27.11.2023, 2023-11-27 and 11/27/2023.", "en", ["2023-11-27", "2023-11-27", "2023-11-27"]),
        # French
        ("Il s'est rendu au Kazakhstan du 26 au 27 novembre.", "fr", ["2023-11-26/2023-11-27"]),
        ("La réunion s'est tenue le 27 novembre 2023, hier.", "fr", ["2023-11-27", "2023-11-26"]),
        ("Les entretiens ont eu lieu les 26 et 27 novembre.", "fr", ["2023-11-26/2023-11-27"]),
        ("Du 30 novembre au 2 décembre 2023.", "fr", ["2023-11-30/2023-12-02"]),
        ("Il a signé le 1er novembre.", "fr", ["2023-11-01"]),
        # Spanish
        ("El martes, los cancilleres se reunieron.", "es", ["2023-11-21"]),
        ("La visita fue del 26 al 27 de noviembre.", "es", ["2023-11-26/2023-11-27"]),
        ("Ayer, el 27 de noviembre de 2023, hubo reunión.", "es", ["2023-11-26", "2023-11-27"]),
        ("Este lunes los ministros firmaron.", "es", ["2023-11-27"]),
        ("Santo Domingo recibió a la delegación por la mañana.", "es", []),
        # Russian
        ("Переговоры прошли в понедельник в Астане.", "ru", ["2023-11-27"]),
        ("Визит состоялся с 26 по 27 ноября.", "ru", ["2023-11-26/2023-11-27"]),
        ("Вчера, 26 ноября 2023 года, министры встретились.", "ru", ["2023-11-26", "2023-11-26"]),
        ("Об этом сообщили в среду.", "ru", ["2023-11-22"]),
        ("Окружающая среда важна для обеих стран.", "ru", []),
        # German
        ("Am Montag, 27. November 2023, trafen sich die Minister.", "de", ["2023-11-27"]),
        ("Der Besuch dauerte vom 26. bis 27. November.", "de", ["2023-11-26/2023-11-27"]),
        ("Gestern sagte er, heute Morgen sei alles ruhig.", "de", ["2023-11-26", "2023-11-27"]),
        # Chinese
        ("新华社阿斯塔纳11月27日电 丁薛祥27日在阿斯塔纳会见托卡耶夫。", "zh", ["2023-11-27", "2023-11-27"]),
        ("丁薛祥于11月26日至27日访问哈萨克斯坦。", "zh", ["2023-11-26/2023-11-27"]),
        ("2023年11月27日，双方举行会谈。昨天，总理会见了代表团。", "zh", ["2023-11-27", "2023-11-26"]),
        ("会谈于周一举行，星期二双方签署协议。", "zh", ["2023-11-27", "2023-11-21"]),
        ("十一月二十七日", "zh", ["2023-11-27"]),
        ("每周一次的例会", "zh", []),
    ],
)
def test_languages(text: str, lang: str, expected: list[str]) -> None:
    assert _dates(text, lang) == expected


def test_unknown_language_uses_every_table() -> None:
    assert _dates("le 27 novembre, 27 ноября, Nov. 27, 11月27日", None) == ["2023-11-27"] * 4
    assert _dates("le 27 novembre", "fr-FR") == ["2023-11-27"]


# --------------------------------------------------------------------------- rules


def test_chinese_day_only_means_the_anchor_month() -> None:
    m = _one("丁薛祥27日在阿斯塔纳同斯克利亚尔共同主持会议。", "zh")
    assert (m.text, m.date, m.relative) == ("27日", ANCHOR, True)
    # On Dec. 1, "30日" is the last day of the month before.
    assert _dates("总理30日会见了代表团。", "zh", date(2023, 12, 1), date(2023, 12, 1)) == ["2023-11-30"]
    assert _dates("双方26日至27日举行会谈。", "zh") == ["2023-11-26/2023-11-27"]


def test_never_after_publication() -> None:
    # A year-less date after publication is last year's; a weekday is never later than the anchor.
    assert _dates("The ministers met on Nov. 30.", "en") == ["2022-11-30"]
    assert _dates("The ministers met on Wednesday.", "en") == ["2023-11-22"]
    assert _dates("Les ministres se sont réunis mercredi.", "fr") == ["2023-11-22"]
    assert _dates("The ministers met on Nov. 28.", "en") == ["2023-11-28"]  # publication day is fine
    for m in find_dates("On Friday and on Dec. 15 the ministers met.", "en", ANCHOR, PUBLISHED):
        assert m.date <= PUBLISHED and not m.future


def test_reported_speech_is_not_future() -> None:
    sentence = "China will continue to deepen cooperation with Kazakhstan, Wang said on Tuesday."
    m = _one(sentence, "en")
    assert (m.date, m.future) == (date(2023, 11, 21), False)
    assert _dates("He said on Tuesday that China will host the forum.", "en") == ["2023-11-21"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("He will visit Beijing on Wednesday.", "en", "2023-11-29"),
        ("On Wednesday, he will visit Beijing.", "en", "2023-11-29"),
        ("The leaders will meet next Monday.", "en", "2023-12-04"),
        ("The summit is scheduled for Dec. 5.", "en", "2023-12-05"),
        ("Il se rendra à Pékin lundi prochain.", "fr", "2023-12-04"),
        ("Le sommet va se tenir mercredi.", "fr", "2023-11-29"),
        ("El canciller visitará Pekín el próximo lunes.", "es", "2023-12-04"),
        ("La cumbre se celebrará el 5 de diciembre.", "es", "2023-12-05"),
        ("Переговоры будут проходить в среду.", "ru", "2023-11-29"),
        ("Визит состоится в следующий понедельник.", "ru", "2023-12-04"),
        ("双方将于下周二举行会谈。", "zh", "2023-12-05"),
        ("他将于12月5日访问北京。", "zh", "2023-12-05"),
        ("Die Minister werden sich am Mittwoch treffen.", "de", "2023-11-29"),
    ],
)
def test_explicit_future(text: str, lang: str, expected: str) -> None:
    m = _one(text, lang)
    assert m.date.isoformat() == expected
    assert m.future


def test_adjacent_past_modifiers() -> None:
    assert _dates("They met last Monday.", "en") == ["2023-11-20"]
    assert _dates("Se reunieron el pasado lunes.", "es") == ["2023-11-20"]
    assert _dates("Ils se sont rencontrés le 10 novembre dernier.", "fr") == ["2023-11-10"]
    assert _dates("双方上周一举行会谈。", "zh") == ["2023-11-20"]


def test_year_rollover() -> None:
    jan2 = date(2024, 1, 2)
    assert _dates("The ministers met on Dec. 31.", "en", jan2, jan2) == ["2023-12-31"]
    assert _dates("Les ministres se sont réunis le 31 décembre.", "fr", jan2, jan2) == ["2023-12-31"]
    assert _dates("双方12月31日举行会谈。", "zh", jan2, jan2) == ["2023-12-31"]
    # With a future marker the nearest occurrence wins: early January of next year.
    m = _one("The summit will be held on Jan. 5.", "en", date(2023, 12, 20), date(2023, 12, 20))
    assert (m.date, m.future) == (date(2024, 1, 5), True)
    # A range across the new year.
    assert _dates("The visit lasted from Dec. 30 to Jan. 2.", "en", jan2, jan2) == ["2023-12-30/2024-01-02"]


def test_tomorrow_is_future_and_offsets_are_exact() -> None:
    m = _one("The delegation leaves tomorrow.", "en")
    assert (m.date, m.relative, m.future) == (date(2023, 11, 28), True, True)
    assert _dates("Позавчера и послезавтра.", "ru") == ["2023-11-25", "2023-11-29"]


def test_weekday_beside_a_date_picks_the_year() -> None:
    # Nov. 27 was a Monday in 2023, a Wednesday in 2024.
    m = _one("On Wednesday, Nov. 27, the talks opened.", "en", date(2025, 1, 10), date(2025, 1, 10))
    assert m.date == date(2024, 11, 27)
    assert not m.relative


def test_vague_and_non_dates_are_skipped() -> None:
    for text in (
        "Trade grew 24% in 10 months and reached $40 billion last week.",
        "The 11th meeting of the committee was held in 2023.",
        "Bilateral trade may 5 times exceed the target.",
        "Nothing to see here.",
        "USA Today reported the story.",
        "",
    ):
        assert find_dates(text, "en", ANCHOR, PUBLISHED) == [], text


def test_offsets_point_into_the_text() -> None:
    text = "Du 26 au 27 novembre, puis lundi prochain et hier."
    for m in find_dates(text, "fr", ANCHOR, PUBLISHED):
        assert text[m.start : m.end] == m.text


def test_many_sentences_without_dates() -> None:
    sentences = [
        "The vice premier encouraged the two sides to actively explore cooperation in modern agriculture.",
        "Trade between the two countries reached 24 billion US dollars, up 30 percent, and 120 firms joined.",
        "Le Kazakhstan attache une grande importance à son partenariat stratégique global avec la Chine.",
        "Стороны обсудили сотрудничество в области торговли, энергетики и транспорта.",
        "双方同意深化各领域务实合作。",
    ] * 200
    assert not any(find_dates(s, lang, ANCHOR, PUBLISHED) for s in sentences for lang in ("en", None))


def test_helpers() -> None:
    assert chinese_numeral("二十七") == 27
    assert chinese_numeral("十一") == 11
    assert chinese_numeral("一万五千") == 15000
    assert chinese_numeral("二〇二三") == 2023
    assert chinese_numeral("abc") is None
    assert month_number("Nov.") == 11
    assert month_number("ноября", "ru") == 11
    assert month_number("août", "fr") == 8
    assert month_number("nope") is None
