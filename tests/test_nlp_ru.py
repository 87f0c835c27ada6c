"""The Russian backend on invented bilateral meetings: types, titles, countries, offsets, forms.

Every person and body below is invented; only titles, countries and places are real. natasha's
models ship inside the package, so these tests run offline (about two seconds to load).
"""

from __future__ import annotations

import pytest

from communique.nlp.base import Annotation, Backend, Mention, Sentence
from communique.nlp.russian import RussianBackend, normal_form, transliterate

SENTENCES = [
    "Вице-премьер Госсовета КНР Чжан Мин прибыл в Астану с официальным визитом.",
    "Китайский вице-премьер Ли Вэньлун провёл переговоры с первым вице-премьером Казахстана "
    "Аскаром Бекжановым.",
    "Президент Казахстана Нурлан Абаев принял министра иностранных дел России Игоря Светлова.",
    "Глава МИД Вьетнама Ву Минь Кхоа встретился с послом Монголии Батом Эрдэнэ.",
    "Стороны провели заседание Межправительственной комиссии по сотрудничеству в Пекине.",
    "Министерство иностранных дел России и казахстанское Министерство торговли и интеграции "
    "подписали меморандум.",
    "Премьер-министр Монголии Баяр Цэрэн вручил награду председателю Сената Парламента Казахстана "
    "Марату Жумабаеву.",
    "Российский МИД приветствовал итоги переговоров вице-премьера Чжан Мина и премьер-министра Бекжанова.",
    "Посол Казахстана во Вьетнаме Ерлан Сапаров вручил верительные грамоты в Ханое.",
    "Кандидат в президенты Монголии Ганбат Тулга посетил Улан-Батор.",
    "После встречи Абаев вылетел в Москву.",
]
TEXT = " ".join(SENTENCES)


@pytest.fixture(scope="module")
def annotation() -> Annotation:
    return RussianBackend().annotate(TEXT)


def find(annotation: Annotation, text: str, sentence: int | None = None) -> Mention:
    """The one mention written ``text`` (in ``sentence``, if given)."""
    found = [m for m in annotation.mentions if m.text == text and sentence in (None, m.sentence)]
    assert len(found) == 1, (text, [(m.text, m.sentence) for m in annotation.mentions])
    return found[0]


def test_backend_protocol() -> None:
    backend: Backend = RussianBackend()
    assert backend.name == "natasha"
    empty = backend.annotate("  \n ")
    assert empty.language == "ru" and empty.sentences == () and empty.mentions == ()


def test_sentences_and_offsets(annotation: Annotation) -> None:
    assert annotation.language == "ru"
    assert [TEXT[s.start : s.end] for s in annotation.sentences] == SENTENCES
    assert len(annotation.mentions) > 30
    for mention in annotation.mentions:
        assert TEXT[mention.start : mention.end] == mention.text
        sentence = annotation.sentences[mention.sentence]
        assert sentence.start <= mention.start < mention.end <= sentence.end
    starts = [m.start for m in annotation.mentions]
    assert starts == sorted(starts)


def test_pure(annotation: Annotation) -> None:
    assert RussianBackend().annotate(TEXT) == annotation


@pytest.mark.parametrize(
    ("text", "sentence", "title", "country"),
    [
        # title and country after it, through an organisation ("Госсовета КНР")
        ("Чжан Мин", 0, "Vice Premier", "CHN"),
        # demonym before the title
        ("Ли Вэньлун", 1, "Vice Premier", "CHN"),
        # inflected multi-word title, inflected name
        ("Аскаром Бекжановым", 1, "First Deputy Prime Minister", "KAZ"),
        ("Нурлан Абаев", 2, "President", "KAZ"),
        ("Игоря Светлова", 2, "Foreign Minister", "RUS"),
        ("Ву Минь Кхоа", 3, "Foreign Minister", "VNM"),  # "Глава МИД Вьетнама"
        ("Батом Эрдэнэ", 3, "Ambassador", "MNG"),
        ("Баяр Цэрэн", 6, "Prime Minister", "MNG"),
        # the country at the end of a chain of bodies: "председателю Сената Парламента Казахстана"
        ("Марату Жумабаеву", 6, "Chairman", "KAZ"),
        ("Чжан Мина", 7, "Vice Premier", None),
        ("Бекжанова", 7, "Prime Minister", None),
        # an ambassador's country is the sending one, not the host after "во"
        ("Ерлан Сапаров", 8, "Ambassador", "KAZ"),
        # a candidate for president holds no office; "После" is not "посол"
        ("Ганбат Тулга", 9, None, None),
        ("Абаев", 10, None, None),
    ],
)
def test_people(
    annotation: Annotation, text: str, sentence: int, title: str | None, country: str | None
) -> None:
    mention = find(annotation, text, sentence)
    assert (mention.type, mention.title, mention.country) == ("PERSON", title, country)


@pytest.mark.parametrize(
    ("text", "sentence", "kind", "country"),
    [
        ("Госсовета", 0, "ORG", "CHN"),
        ("КНР", 0, "PLACE", "CHN"),
        ("Астану", 0, "PLACE", None),
        ("Казахстана", 1, "PLACE", "KAZ"),
        ("МИД", 3, "ORG", "VNM"),
        # natasha stops at "комиссии"; the name goes on to the end of its "по" phrase
        ("Межправительственной комиссии по сотрудничеству", 4, "ORG", None),
        ("Пекине", 4, "PLACE", None),
        ("Министерство иностранных дел", 5, "ORG", "RUS"),
        # a lower-case demonym gives the country and stays out of the name
        ("Министерство торговли и интеграции", 5, "ORG", "KAZ"),
        ("Сената", 6, "ORG", "KAZ"),
        ("МИД", 7, "ORG", "RUS"),  # "Российский МИД"
        ("Ханое", 8, "PLACE", None),
        ("Улан-Батор", 9, "PLACE", None),
    ],
)
def test_organisations_and_places(
    annotation: Annotation, text: str, sentence: int, kind: str, country: str | None
) -> None:
    mention = find(annotation, text, sentence)
    assert (mention.type, mention.title, mention.country) == (kind, None, country)


def test_no_titles_or_demonyms_inside_names(annotation: Annotation) -> None:
    lowered = {m.text.split()[0].lower() for m in annotation.mentions}
    assert not lowered & {"вице-премьер", "китайский", "российский", "казахстанское", "президент"}


def _spans(text: str) -> list[tuple[str, str]]:
    return [(m.type, m.text) for m in RussianBackend().annotate(text).mentions]


def test_natasha_slips_are_repaired() -> None:
    from communique.nlp import russian

    def fix(kind: str, text: str, start: str, end: str) -> list[tuple[str, str, str | None]]:
        """Run a rule on a span natasha could have produced, from word ``start`` to ``end``."""
        tokens = russian._tokens_of(text, [Sentence(0, len(text))])
        first, last = tokens.words.index(start), tokens.words.index(end)
        rule = russian._fix_person if kind == "PERSON" else russian._fix_org
        spans = rule(russian._Span(first, last, kind), tokens)  # type: ignore[arg-type]
        return [(s.type, " ".join(tokens.words[s.first : s.last + 1]), s.country) for s in spans]

    # a title swallowed into a PER span at the start of a sentence
    assert fix("PERSON", "Вице-премьер Чжан Мин заявил", "Вице-премьер", "Мин") == [
        ("PERSON", "Чжан Мин", None)
    ]
    assert fix("PERSON", "Китайский вице-премьер Ли Вэньлун", "Китайский", "Вэньлун") == [
        ("PERSON", "Ли Вэньлун", None)
    ]
    # a country merged into a PER span
    assert fix("PERSON", "премьер Казахстана Аскар Бекжанов", "Казахстана", "Бекжанов") == [
        ("PLACE", "Казахстана", "KAZ"),
        ("PERSON", "Аскар Бекжанов", None),
    ]
    # a surname that looks like a country's stem is still a person ("Ливан" is Lebanon)
    assert fix("PERSON", "министр Олег Ливанов", "Олег", "Ливанов") == [("PERSON", "Олег Ливанов", None)]
    # a demonym opening an ORG span: out before an abbreviation, kept when it opens the official name
    assert fix("ORG", "Российский МИД заявил", "Российский", "МИД") == [("ORG", "МИД", "RUS")]
    assert fix("ORG", "Русская православная церковь", "Русская", "церковь") == [
        ("ORG", "Русская православная церковь", "RUS")
    ]
    # a bare country tagged ORG is a place; in quotes it is a name ("банк «Россия»")
    assert fix("ORG", "заявила Монголия", "Монголия", "Монголия") == [("PLACE", "Монголия", "MNG")]
    assert fix("ORG", "банк «Россия»", "Россия", "Россия") == [("ORG", "Россия", None)]


def test_bodies_natasha_tags_as_places() -> None:
    spans = _spans("Делегация ЕС встретилась в Москве с представителями Пентагона.")
    assert ("ORG", "ЕС") in spans and ("PLACE", "Москве") in spans


def test_po_extension_stops_at_circumstances() -> None:
    spans = _spans("Об этом сообщил Совет безопасности по итогам встречи в Женеве.")
    assert ("ORG", "Совет безопасности") in spans


@pytest.mark.parametrize(
    ("written", "kind", "normal"),
    [
        ("Лаврова", "PERSON", "Лавров"),
        ("Аскаром Бекжановым", "PERSON", "Аскар Бекжанов"),
        ("Марату Жумабаеву", "PERSON", "Марат Жумабаев"),
        ("Игоря Светлова", "PERSON", "Игорь Светлов"),
        ("Нурлан Абаев", "PERSON", "Нурлан Абаев"),  # not "Абаи": a person's name is singular
        ("Ву Минь Кхоа", "PERSON", "Ву Минь Кхоа"),  # does not decline
        (
            "Межправительственной комиссии по сотрудничеству",
            "ORG",
            "Межправительственная комиссия по сотрудничеству",
        ),
        ("Министерства иностранных дел России", "ORG", "Министерство иностранных дел России"),
        ("Республики Казахстан", "PLACE", "Республика Казахстан"),
        ("Астану", "PLACE", "Астана"),
    ],
)
def test_normal_form(written: str, kind: str, normal: str) -> None:
    assert normal_form(written, kind) == normal  # type: ignore[arg-type]


def test_normal_form_in_context(annotation: Annotation) -> None:
    # The sentence tells the case the name alone does not ("Батом" alone reads as nominative).
    mention = find(annotation, "Батом Эрдэнэ", 3)
    assert normal_form(mention.text, "PERSON", context=TEXT, start=mention.start) == "Бат Эрдэнэ"
    mention = find(annotation, "Чжан Мина", 7)
    assert normal_form(mention.text, "PERSON", context=TEXT, start=mention.start) == "Чжан Мин"
    # the case forms of one person meet in one normal form
    forms = {normal_form(m.text, "PERSON", context=TEXT, start=m.start) for m in annotation.mentions}
    assert {"Чжан Мин", "Аскар Бекжанов", "Нурлан Абаев"} <= forms
    # a wrong offset falls back to the name alone
    assert normal_form("Лаврова", context="нет такого", start=0) == "Лавров"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Сергей Абаев", "Sergey Abaev"),
        ("Дмитрий", "Dmitry"),
        ("Юрий Щукин", "Yury Shchukin"),
        ("Марат Жумабаев", "Marat Zhumabaev"),
        ("Ерлан Сапаров", "Erlan Saparov"),
        ("Чжан Мин", "Chzhan Min"),
        ("Ёлкин", "Yolkin"),
        ("МИД", "MID"),
        ("Нұрлан", "Nurlan"),  # Kazakh letters
        ("Ли Wei 2", "Li Wei 2"),  # Latin, digits and spaces pass through
    ],
)
def test_transliterate(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


def test_a_name_and_its_spelling_in_brackets_are_two_names() -> None:
    """natasha runs one span over "Имя Фамилия (Name Surname)" and over lists; names hold neither."""
    text = (
        "Об этом заявил представитель комитета Джон Смитсон (John Smithson). "
        "Сборная выступала в Бахрейне • Барбадосе • Бермудах."
    )
    mentions = RussianBackend().annotate(text).mentions
    written = {m.text for m in mentions}
    assert not any(c in w for w in written for c in "()•")
    assert {"Джон Смитсон", "John Smithson"} <= written


def test_a_number_keeps_its_comma() -> None:
    """A comma with no space after it is inside a number ("95,2 FM"), not between two names."""
    from communique.nlp.russian import _Span, _split_separated, _tokens_of

    text = "Радио 95,2 FM"
    tokens = _tokens_of(text, [Sentence(0, len(text))])
    span = _Span(1, len(tokens.words) - 1, "ORG")
    assert _split_separated(span, tokens, text) == [span]


def test_a_country_is_read_through_russian_names_only() -> None:
    """The word "Британия" is a qualifier in another Cyrillic language's name of the British Virgin Islands;
    a Russian text's word gets no country from it, while Russian names and their case forms do."""
    annotation = RussianBackend().annotate(
        "Британия ввела санкции против России. Делегация Германии прибыла."
    )
    countries = {m.text: m.country for m in annotation.mentions}
    assert countries.get("Британия") != "VGB"
    assert countries.get("России") == "RUS"
    assert countries.get("Германии") == "DEU"


def test_the_media_are_no_organisation() -> None:
    """A plural-only common abbreviation ("СМИ", the media) names no one body; "ООН" still does."""
    from communique.nlp.russian import _common_plural_abbreviation

    assert _common_plural_abbreviation("СМИ")
    assert not any(_common_plural_abbreviation(w) for w in ("ООН", "ОБСЕ", "США", "МИД"))
