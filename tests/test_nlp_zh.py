"""The Chinese backend on invented reports of bilateral meetings (all names are made up)."""

from __future__ import annotations

import itertools

import pytest

from communique.nlp.base import Annotation, Mention
from communique.nlp.chinese import ChineseBackend, romanize, romanize_key, split_sentences

TEXT = (
    "国务院副总理王明与哈萨克斯坦第一副总理阿斯卡尔·别科夫在阿斯塔纳共同主持中哈合作委员会第十二次会议。\n"
    "中共中央政治局常委、国务院副总理陈国安27日在北京会见哈萨克斯坦总统努尔兰·热克舍诺夫。"
    "别科夫表示，哈方愿同中方一道推动两国关系发展！"
    "外交部发言人张华表示，中国外交部和商务部将派员出席。"
    "中国驻哈萨克斯坦大使刘立明出席签字仪式；"
    "俄罗斯外长谢尔盖·伊万诺夫同日在莫斯科会见了伊朗外长。\n"
    "王明副总理在人民大会堂出席欢迎仪式。"
    "美国国务卿约翰·史密斯抵达北京。"
    "哈萨克斯坦外长努尔兰诺夫表示，双方高度评价合作成果，中哈关系高水平运行。"
)


@pytest.fixture(scope="module")
def annotation() -> Annotation:
    return ChineseBackend().annotate(TEXT)


def _find(annotation: Annotation, text: str, sentence: int | None = None) -> Mention:
    found = [
        m for m in annotation.mentions if m.text == text and (sentence is None or m.sentence == sentence)
    ]
    assert found, f"no mention {text!r} in {[m.text for m in annotation.mentions]}"
    return found[0]


def _texts(annotation: Annotation, kind: str, sentence: int | None = None) -> list[str]:
    return [
        m.text for m in annotation.mentions if m.type == kind and (sentence is None or m.sentence == sentence)
    ]


def test_backend_name_and_language(annotation: Annotation) -> None:
    assert ChineseBackend.name == "jieba"
    assert annotation.language == "zh"


def test_sentences_split_on_chinese_punctuation_and_newlines(annotation: Annotation) -> None:
    sentences = [TEXT[s.start : s.end] for s in annotation.sentences]
    assert len(sentences) == 9
    assert sentences[0].startswith("国务院副总理王明") and sentences[0].endswith("会议。")
    assert sentences[2].endswith("发展！")
    assert sentences[4].endswith("仪式；")
    assert all("\n" not in s for s in sentences)
    assert split_sentences("") == ()
    assert [(s.start, s.end) for s in split_sentences("  甲。\n\n乙？")] == [(2, 4), (6, 8)]


def test_offsets_and_sentence_indexes(annotation: Annotation) -> None:
    assert annotation.mentions
    for mention in annotation.mentions:
        assert TEXT[mention.start : mention.end] == mention.text
        sentence = annotation.sentences[mention.sentence]
        assert sentence.start <= mention.start < mention.end <= sentence.end
    starts = [m.start for m in annotation.mentions]
    assert starts == sorted(starts)
    spans = [(m.start, m.end) for m in annotation.mentions]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "mentions overlap"


def test_persons_after_titles_with_their_country(annotation: Annotation) -> None:
    wang = _find(annotation, "王明", 0)
    assert (wang.type, wang.title, wang.country) == ("PERSON", "Vice Premier", "CHN")
    assert wang.surface == "国务院副总理王明"
    bekov = _find(annotation, "阿斯卡尔·别科夫")
    assert (bekov.type, bekov.title, bekov.country, bekov.sentence) == (
        "PERSON",
        "First Deputy Prime Minister",
        "KAZ",
        0,
    )
    assert bekov.surface == "哈萨克斯坦第一副总理阿斯卡尔·别科夫"


def test_chained_titles_take_the_office_next_to_the_name(annotation: Annotation) -> None:
    chen = _find(annotation, "陈国安")
    assert (chen.title, chen.country, chen.sentence) == ("Vice Premier", "CHN", 1)
    # jieba splits the transliterated surname (热克舍/n + 诺夫/nrt): the title rule keeps it whole.
    president = _find(annotation, "努尔兰·热克舍诺夫")
    assert (president.type, president.title, president.country) == ("PERSON", "President", "KAZ")


def test_later_mentions_reuse_the_name_and_country(annotation: Annotation) -> None:
    bekov = _find(annotation, "别科夫", 2)
    assert (bekov.type, bekov.country, bekov.title) == ("PERSON", "KAZ", None)
    wang = _find(annotation, "王明", 6)  # "王明副总理": the title after the name
    assert (wang.type, wang.title, wang.country) == ("PERSON", "Vice Premier", "CHN")
    assert wang.surface == "王明副总理"


def test_sides_countries_and_places(annotation: Annotation) -> None:
    assert _find(annotation, "哈方", 2).country == "KAZ"
    assert _find(annotation, "中方", 2).country == "CHN"
    assert _find(annotation, "阿斯塔纳", 0).type == "PLACE"
    assert _find(annotation, "阿斯塔纳", 0).country == "KAZ"
    assert _find(annotation, "莫斯科").country == "RUS"
    assert _find(annotation, "北京", 1).country == "CHN"
    venue = _find(annotation, "人民大会堂")
    assert venue.type == "PLACE"
    # "两国" (the two countries) is no place; the country in a title phrase is the person's country.
    assert "两国" not in _texts(annotation, "PLACE")
    assert "哈萨克斯坦" not in _texts(annotation, "PLACE", 0)


def test_organisations(annotation: Annotation) -> None:
    committee = _find(annotation, "中哈合作委员会")
    assert (committee.type, committee.country, committee.sentence) == ("ORG", None, 0)
    ministry = _find(annotation, "中国外交部")
    assert (ministry.type, ministry.country) == ("ORG", "CHN")
    # "和" between two bodies separates them.
    assert _find(annotation, "商务部").type == "ORG"


def test_spokesperson_and_ambassador(annotation: Annotation) -> None:
    spokesman = _find(annotation, "张华")
    assert (spokesman.type, spokesman.title) == ("PERSON", "Foreign Ministry Spokesperson")
    # "中国驻哈萨克斯坦大使": the envoy is China's; Kazakhstan is the posting.
    envoy = _find(annotation, "刘立明")
    assert (envoy.title, envoy.country) == ("Ambassador", "CHN")


def test_foreign_officials(annotation: Annotation) -> None:
    minister = _find(annotation, "谢尔盖·伊万诺夫")
    assert (minister.title, minister.country, minister.sentence) == ("Foreign Minister", "RUS", 5)
    secretary = _find(annotation, "约翰·史密斯")
    assert (secretary.title, secretary.country) == ("Foreign Minister", "USA")
    undotted = _find(annotation, "努尔兰诺夫")
    assert (undotted.type, undotted.title, undotted.country) == ("PERSON", "Foreign Minister", "KAZ")
    # "伊朗外长" with no name after it yields no person.
    assert _texts(annotation, "PERSON", 5) == ["谢尔盖·伊万诺夫"]


def test_jieba_name_tags_on_common_words_are_not_persons(annotation: Annotation) -> None:
    # jieba tags 高水平 and 祝贺 as person names; neither is one.
    assert "高水平" not in _texts(annotation, "PERSON")
    persons = _texts(ChineseBackend().annotate("大会召开之际，他致电祝贺，双方高度评价合作成果。"), "PERSON")
    assert persons == []


def test_person_without_title_found_by_jieba() -> None:
    annotation = ChineseBackend().annotate("会后，杨晓峰向记者介绍了会谈情况。")
    assert _texts(annotation, "PERSON") == ["杨晓峰"]


def test_pure_and_repeatable(annotation: Annotation) -> None:
    assert ChineseBackend().annotate(TEXT) == annotation
    empty = ChineseBackend().annotate("")
    assert empty.sentences == () and empty.mentions == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王明", "Wang Ming"),
        ("陈国安", "Chen Guo'an"),
        ("欧阳明华", "Ouyang Minghua"),
        ("曾建国", "Zeng Jianguo"),  # 曾 read as a surname (zeng), not ceng
        ("吕志", "Lü Zhi"),
        ("阿斯卡尔·别科夫", "Asikaer Biekefu"),
        ("努尔兰·热克舍诺夫", "Nuerlan Rekeshenuofu"),
        ("努尔兰诺夫", "Nuerlannuofu"),
        ("Roman  Petrov", "Roman Petrov"),
    ],
)
def test_romanize(name: str, expected: str) -> None:
    assert romanize(name) == expected


def test_romanize_key() -> None:
    assert romanize_key("王明") == romanize_key("Wang Ming") == romanize_key("WANG  Ming") == "wangming"
    assert romanize_key("陈国安") == "chenguoan"
    assert romanize_key("吕志") == "luzhi"
    assert romanize_key("阿斯卡尔·别科夫") == "asikaerbiekefu"
