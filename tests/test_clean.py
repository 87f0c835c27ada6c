"""Cleaning rules on small cases in several languages: chrome out, text in, titles apart."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from communique import RawDocument, clean
from communique.clean import is_chrome, normalise_characters, split_paragraphs


@pytest.mark.parametrize(
    "line",
    [
        "09:09, November 28, 2023",
        "Xinhua) 08:41, March 19, 2025",
        "Xinhua | 28.11.2023 08h34",
        "Dernière mise à jour à 09h13 le 28/11",
        "Updated 14:05 GMT, 3 October 2024",
        "Обновлено 14 октября 2024, 10:15",
        "2024年10月14日 10:15",
        "Page d'accueil>>Chine",
        "Home > World > Asia",
        "Главная » Политика",
        "Foreign ministers shake hands in Lima, Oct. 14, 2024. (Andina/Luis Paredes)",
        "(Xinhua/Yan Yan)",
        "Leaders pose for a group photo. [Photo/Agencies]",
        "Photo: Reuters",
        "Фото: ТАСС",
        "图为会谈现场。",
        "(Web editor: Maria Lopez, Jan Nowak)",
        "(Rédacteurs :Ying Xie, Yishuang Liu)",
        "责任编辑：王小明",
        "Editado por: Ana Pérez",
        "By Jane Doe",
        "Share this article",
        "• Votre pseudo",
        "•",
        "Поделиться",
        "分享到",
        "Compartir",
        "Lire aussi",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "He arrived at 10:30 on Monday and left for Warsaw in the evening.",
        "By 2030, both sides aim to double bilateral trade, the minister said.",
        "Par ailleurs, les deux pays ont signé un accord sur l'énergie.",
        "Share prices in Jakarta rose 2% after the two leaders announced a new trade agreement.",
        "Photographs of the ceremony were released by the ministry later on Tuesday evening.",
        "The talks, held on 14.10.2024 in Lima, covered energy, mining and fisheries.",
        "В понедельник министры обсудили торговлю и энергетику.",
        "双方同意深化在能源、矿业和农业领域的务实合作。",
        "El comercio bilateral creció un 12 % el año pasado, según el canciller.",
    ],
)
def test_text_lines_are_kept(line: str) -> None:
    assert not is_chrome(line)


def test_hard_wrapped_text_is_joined_but_lines_stay_paragraphs() -> None:
    wrapped = (
        "The two foreign ministers met in Lima on Monday and agreed to\n"
        "deepen cooperation in energy and mining, according to a statement\n"
        "released by the ministry after the talks.\n\nSecond paragraph."
    )
    assert split_paragraphs(wrapped) == [
        "The two foreign ministers met in Lima on Monday and agreed to deepen cooperation in energy and "
        "mining, according to a statement released by the ministry after the talks.",
        "Second paragraph.",
    ]
    assert split_paragraphs("First line.\nSecond line.") == ["First line.", "Second line."]


def test_mojibake_is_fixed_and_title_split() -> None:
    broken = (
        "La coopÃ©ration se renforce\n\nLes deux pays ont signÃ© un accord de coopÃ©ration Ã©nergÃ©tique."
    )
    doc = clean(RawDocument(source="x", text=broken + "\n\nLe ministre s'est félicité de l'accord."))
    assert doc.title == "La coopération se renforce"
    assert doc.paragraphs[0] == "Les deux pays ont signé un accord de coopération énergétique."


def test_header_line_with_long_text_is_body_not_title() -> None:
    text = " date 2024-03-02 ACCRA – " + "word " * 60 + "end.\n\nSecond paragraph here."
    doc = clean(RawDocument(source="x", text=text))
    assert doc.header_date == "2024-03-02"
    assert doc.title is None and doc.paragraphs[0].startswith("ACCRA – word")


def test_given_title_is_not_repeated_in_body() -> None:
    raw = RawDocument(source="x", title="Ministers meet", text="Ministers meet\n\nBody one.\n\nBody two.")
    doc = clean(raw)
    assert doc.title == "Ministers meet" and doc.paragraphs == ("Body one.", "Body two.")


def test_a_text_that_is_only_its_title_keeps_it() -> None:
    # A one-paragraph item whose given title is that paragraph (a brief, a headline feed): dropping
    # the repeat would leave no text at all.
    text = "Ministers of Chile and Peru meet in Lima to sign a port agreement."
    doc = clean(RawDocument(source="x", title=text, text=text))
    assert doc.title == text and doc.paragraphs == (text,)


# --------------------------------------------------------------------------- real pages (issue 14)

PAGES = Path(__file__).resolve().parent / "fixtures" / ".pages"


@pytest.mark.parametrize(
    "line",
    [
        # promo, "read also" and follow lines, several languages
        "Lire aussi : Le gaz russe divise toujours les Européens",
        "Lesen Sie auch: Warum die Grenzpolizei mehr Personal braucht",
        "Читайте также: Эксперты оценили шансы на новый договор",
        "Читайте також: Як зміниться транзит газу через Україну",
        "Czytaj także: Nowe zakupy sprzętu dla armii",
        "Čtěte také: Ceny plynu v Evropě dál rostou",
        "Прочетете още: Министрите се срещнаха в София",
        "Leggi anche: I ministri si incontrano a Roma",
        "Leia também: Ministros se reúnem em Lisboa",
        "Lee también: Los cancilleres se reúnen en Lima",
        "Подписывайтесь на наш канал в Telegram",
        "Folgen Sie uns auf Twitter",
        "Sledujte nás na Facebooku a Twitteru",
        "相关阅读：中美经贸关系的新进展",
        # tag lists: capitalised items, no verb, no sentence punctuation
        "Politik, Ausland, Polen, Innere Sicherheit",
        "Политика, США, Россия, Внешняя политика",
        "Diplomatie · Union européenne · Allemagne",
        "Tagi: Polska, Litwa, wojsko",
        "Schlagworte: Polen, Grenze, Migration",
        "标签：外交 中美关系 经贸",
    ],
)
def test_promo_and_tag_lines_are_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Le sommet a été reporté.",
        "Sí lo han tocado, pero puede ganar",
        "Merkel trifft Putin, Macron reist ab, Xi kommt",
        "Paris, Berlin und Rom haben das Abkommen unterzeichnet.",
        "Agradece AMLO mensajes de Fox, Salinas y Calderón, pero insiste en quitarles pensión",
        # a closing guillemet is a quotation mark, not a breadcrumb separator
        "«ВКонтакте» подпишет антипиратский меморандум",
        "Фанаты «Спартака» отказались поддерживать команду",
        # "Follow"/"read" inside a sentence, not at its start
        "Die Regierung will den Empfehlungen folgen, sagte der Minister.",
    ],
)
def test_short_text_lines_stay(line: str) -> None:
    assert not is_chrome(line)


def test_private_use_and_invisible_characters_go() -> None:
    marks = "\ue40c\uf8ff\U000f0001"
    assert all(unicodedata.category(ch) == "Co" for ch in marks)
    text = f"{marks[0]}Первый абзац.{marks[1]}Второй{marks[2]} абзац.\u00ad\u200e\ufeff"
    assert normalise_characters(text) == " Первый абзац. Второй  абзац."
    # the joiners spell words in some scripts: kept
    assert normalise_characters("می\u200cخواهم") == "می\u200cخواهم"


def test_full_width_letters_and_digits_fold_but_cjk_punctuation_stays() -> None:
    assert normalise_characters("２０１２年７月１８日　ＡＰＥＣ") == "2012年7月18日 APEC"
    assert normalise_characters("１２：４３，３．５％") == "12:43,3.5%"
    # full-width punctuation is how Chinese is written: kept outside numbers
    assert normalise_characters("双方同意：加强合作，（见下文）！") == "双方同意：加强合作，（见下文）！"
    # no blind NFKC: superscripts and compatibility ideographs keep their meaning
    assert normalise_characters("５ m² ㈱ 豈") == "5 m² ㈱ 豈"


@pytest.mark.parametrize(
    ("text", "stamp", "rest"),
    [
        (
            "Publié le dimanche 12 Décembre 2021 à 20h30 Les deux pays ont signé.",
            "Publié le dimanche 12 Décembre 2021 à 20h30",
            "Les deux pays ont signé.",
        ),
        (
            "Opublikowano: 12 grudnia 2021 o godz. 12:43 Prezydent spotkał się z premierem.",
            "Opublikowano: 12 grudnia 2021 o godz. 12:43",
            "Prezydent spotkał się z premierem.",
        ),
        (
            "Pubblicato il 12 dicembre 2021 alle 18:34 I ministri hanno discusso.",
            "Pubblicato il 12 dicembre 2021 alle 18:34",
            "I ministri hanno discusso.",
        ),
        (
            "Публикувано на 12 декември 2021, 18:34 Министрите обсъдиха споразумението.",
            "Публикувано на 12 декември 2021, 18:34",
            "Министрите обсъдиха споразумението.",
        ),
        (
            "发布时间：2012-07-18 10:15 中国外交部发言人表示",
            "发布时间：2012-07-18 10:15",
            "中国外交部发言人表示",
        ),
    ],
)
def test_stamps_are_cut_out_of_paragraphs(text: str, stamp: str, rest: str) -> None:
    doc = clean(RawDocument(source="x", title="T", text=text + "\n\nSecond paragraph here."))
    assert doc.chrome == (stamp,)
    assert doc.paragraphs[0] == rest


@pytest.mark.parametrize(
    "text",
    [
        # a lead word followed by lower case: a sentence about a publication
        "Publié le 12 décembre 2021 par Gallimard, le livre raconte la guerre.",
        # a lead word in lower case: inside a sentence
        "Die Studie, veröffentlicht am 12. Dezember 2021 in Nature, zeigt neue Ergebnisse.",
        # a date opening a sentence, no lead word and no time: news, not a stamp
        "30 марта 2011 года состояние здоровья актрисы ухудшилось.",
        "12. Dezember 2021 Die Minister trafen sich in Berlin.",
    ],
)
def test_dates_in_the_story_are_not_stamps(text: str) -> None:
    doc = clean(RawDocument(source="x", title="T", text=text + "\n\nSecond paragraph here."))
    assert doc.paragraphs[0] == text and doc.chrome == ()


@pytest.mark.parametrize(
    ("name", "title", "chrome", "kept"),
    [
        (
            "fr_stamp.txt",
            "La France et l'Allemagne signent un accord sur l'hydrogène",
            [
                "Publié le dimanche 12 Décembre 2021 à 20h30, mis à jour le lundi 13 décembre 2021 à 08h00",
                "Lire aussi : Le gaz russe divise toujours les Européens",
                "Diplomatie, Union européenne, Allemagne, Énergie",
                "Suivez-nous sur Twitter et Facebook",
            ],
            ["Le sommet a été reporté.", "Un premier accord avait été signé le 3 mars 2020 à Paris"],
        ),
        (
            "de_stamp.txt",
            "Deutschland und Polen vereinbaren gemeinsame Grenzkontrollen",
            [
                "Veröffentlicht am Sonntag, 12. Dezember 2021, 18:34 Uhr",
                "Lesen Sie auch: Warum die Grenzpolizei mehr Personal braucht",
                "Schlagworte: Polen, Grenze, Migration",
                "Politik, Ausland, Polen, Innere Sicherheit",
            ],
            ["Die Studie, veröffentlicht am 2. November 2021 in einer Fachzeitschrift"],
        ),
        (
            "cs_stamp.txt",
            "Česko a Slovensko podepsaly dohodu o společném nákupu plynu",
            ["4. prosince 2018, 12:43", "Čtěte také: Ceny plynu v Evropě dál rostou"],
            ["Ministři zahraničí obou zemí v úterý"],
        ),
        (
            "ru_regnum.txt",
            "США и Россия договорились продлить договор о стратегических вооружениях",
            [
                "Вашингтон, 25 января 2021, 08:51 — REGNUM",
                "Политика, США, Россия, Внешняя политика",
                "Подписывайтесь на наш канал в Telegram",
            ],
            ["12 февраля 2019 года стороны в последний раз"],
        ),
        (
            "uk_stamp.txt",
            "Україна і Польща домовилися про спільні енергетичні проєкти",
            ["Опубліковано 25 січня 2021 року, 08:51", "Підписуйтесь на наш Telegram-канал"],
            ["до 2023 року"],
        ),
        (
            "pl_stamp.txt",
            "Polska i Litwa zacieśniają współpracę wojskową",
            [
                "Opublikowano: 12 grudnia 2021, 18:34",
                "Tagi: Polska, Litwa, wojsko",
                "Obserwuj nas na Twitterze",
            ],
            ["Ćwiczenia odbędą się wiosną na poligonie w Orzyszu."],
        ),
        (
            "zh_dateline.txt",
            "中美举行新一轮经贸磋商",
            ["相关阅读：中美经贸关系的新进展", "标签：外交 中美关系 经贸"],
            ["2012年7月18日北京讯 中美两国代表18日在北京", "双方同意于2012年9月在华盛顿举行下一轮磋商。"],
        ),
    ],
)
def test_pages(name: str, title: str, chrome: list[str], kept: list[str]) -> None:
    doc = clean(RawDocument(source=name, text=(PAGES / name).read_text("utf-8")))
    assert doc.title == title
    for line in chrome:
        assert line in doc.chrome
        assert line not in doc.text  # a stamp left in the text would read as an event's date
    for part in kept:
        assert part in doc.text
    assert not any(unicodedata.category(ch) == "Co" for ch in doc.text)


@pytest.mark.parametrize(
    "line", ["12 мая 2021 года, 10:00, Москва, Кремль", "2012年07月18日 10:15 来源：人民网"]
)
def test_a_stamp_keeps_its_short_tail(line: str) -> None:
    doc = clean(RawDocument(source="x", title="T", text=line + "\n\nВторой абзац, довольно длинный."))
    assert doc.chrome == (line,)


def test_a_heading_with_a_year_is_not_a_stamp() -> None:
    assert not is_chrome("Corus Chess Tournament 2006")
    assert is_chrome("Tuesday 28 November 2023")
