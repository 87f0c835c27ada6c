"""Cleaning rules on small cases in several languages: chrome out, text in, titles apart."""

from __future__ import annotations

import pytest

from communique import RawDocument, clean
from communique.clean import is_chrome, split_paragraphs


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
