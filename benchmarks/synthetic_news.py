"""The synthetic news corpus of the ingest benchmark, and the vocabularies the other benchmarks reuse.

:func:`generate` writes, from a fixed seed, news articles of 150-600 words in six languages (en, fr,
es, ru, zh, de) and four formats: plain text with and without a metadata header line (60%), full
HTML pages with navigation, captions and related links (20%), JSON Lines records (15%) and RSS
entries (the rest), about 5% of each format exact duplicates of another document. The articles
report meetings between invented officials of real countries, with datelines, page stamps and
editor credits as real pages carry them.

:data:`WORDS` (per-language countries, titles, topics, sentence templates ...), :func:`person_name`
and :func:`short_date` are also the material of ``link_plant.py`` and ``store_fill.py``.
"""

from __future__ import annotations

import html
import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from random import Random

SEED = 20240601
#: Share of each input format (the rest of the count goes to RSS entries).
SHARE_TXT, SHARE_HTML, SHARE_JSONL = 0.60, 0.20, 0.15
SHARE_DUPLICATES = 0.05
JSONL_FILES, RSS_FILES = 3, 2
LANGUAGES = ("en", "fr", "es", "ru", "zh", "de")
LANGUAGE_WEIGHTS = (0.35, 0.14, 0.14, 0.12, 0.13, 0.12)
FIRST_DAY, LAST_DAY = date(2022, 1, 1), date(2025, 6, 30)

# -- vocabularies ---------------------------------------------------------------------------------

LATIN_SYLLABLES = (
    "ka",
    "ro",
    "vin",
    "del",
    "ma",
    "sel",
    "tor",
    "an",
    "li",
    "be",
    "nor",
    "da",
    "quin",
    "za",
    "mir",
    "fel",
    "go",
    "ra",
    "ten",
    "sa",
    "lu",
    "mo",
    "bren",
    "ix",
    "ul",
    "ve",
)
CYRILLIC_SYLLABLES = (
    "ка",
    "ро",
    "вин",
    "дел",
    "ма",
    "сел",
    "тор",
    "ан",
    "ли",
    "бе",
    "нор",
    "да",
    "за",
    "мир",
    "го",
    "ра",
    "тен",
    "са",
    "лу",
    "мо",
)
CJK_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡林郭何高罗"
CJK_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚海林华建国文"

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "countries": (
            "China",
            "Kazakhstan",
            "France",
            "Germany",
            "Brazil",
            "Indonesia",
            "Chile",
            "Russia",
            "Vietnam",
            "Kenya",
            "Spain",
            "Mexico",
            "Egypt",
            "India",
            "Japan",
            "Turkey",
        ),
        "cities": (
            "BEIJING",
            "ASTANA",
            "PARIS",
            "BERLIN",
            "BRASILIA",
            "JAKARTA",
            "SANTIAGO",
            "MOSCOW",
            "HANOI",
            "NAIROBI",
            "MADRID",
            "CAIRO",
            "NEW DELHI",
            "TOKYO",
            "ANKARA",
        ),
        "agencies": ("Xinhua", "AFP", "Reuters", "AP", "Antara"),
        "titles": (
            "Foreign Minister",
            "Prime Minister",
            "President",
            "Deputy Prime Minister",
            "Trade Minister",
            "Vice Premier",
            "Defence Minister",
        ),
        "topics": (
            "trade",
            "energy",
            "security",
            "infrastructure",
            "agriculture",
            "public health",
            "green hydrogen",
            "digital economy",
            "tourism",
            "education",
        ),
        "weekdays": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "months": (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        "outlets": ("Global Wire", "Asia Ledger", "The Daily Courier", "World Affairs Today"),
        "nav": ("Home", "World", "Politics", "Business", "Sports", "Opinion"),
        "related": ("Related stories",),
        "sentences": (
            "{title} {person} of {country} met with {title2} {person2} on {weekday} to discuss {topic}.",
            "The two sides agreed to expand cooperation in {topic} and {topic2}, according to a joint "
            "statement released after the talks.",
            "{person} said that {country} stands ready to work with {country2} to deepen {topic} and "
            "bring more benefits to both peoples.",
            "Bilateral trade between {country} and {country2} reached {num} billion dollars last year, "
            "up {pct} percent from a year earlier.",
            "The delegation of {small} officials will also visit {city} and meet representatives of "
            "local businesses.",
            "Officials signed {small} agreements covering {topic}, {topic2} and education.",
            "{person2} welcomed the visit and called for closer coordination on {topic} at the "
            "United Nations.",
            "Analysts in {country2} said the meeting could open the way for a free trade agreement "
            "within {small} years.",
            "The next round of talks is expected to take place in {city} in {month}.",
            "According to the ministry, more than {big} people took part in exchange programmes between "
            "the two countries in {year}.",
            "Neither side gave details of the financing, but officials put the value of the projects "
            "at about {num} million dollars.",
            '"We have reached a new level of mutual trust," {person} told reporters after the meeting.',
        ),
        "headlines": (
            "{country} and {country2} pledge to deepen {topic} cooperation",
            "{country} vows to enhance ties with {country2}",
            "{title} {person} visits {country2} for talks on {topic}",
            "{country}, {country2} sign {small} agreements on {topic}",
        ),
        "caption": ("{title} {person} of {country} meets {person2} in {city}, {country2}, {day}. ",),
    },
    "fr": {
        "countries": (
            "la Chine",
            "le Kazakhstan",
            "la France",
            "l'Allemagne",
            "le Brésil",
            "l'Indonésie",
            "le Chili",
            "la Russie",
            "le Vietnam",
            "le Kenya",
            "l'Espagne",
            "le Mexique",
            "l'Égypte",
            "l'Inde",
            "le Japon",
            "la Turquie",
        ),
        "cities": ("PARIS", "PÉKIN", "MOSCOU", "BERLIN", "BRASILIA", "ALGER", "DAKAR", "GENÈVE", "BRUXELLES"),
        "agencies": ("AFP", "Xinhua", "Reuters"),
        "titles": (
            "le ministre des Affaires étrangères",
            "le Premier ministre",
            "le président",
            "le vice-Premier ministre",
            "la ministre du Commerce",
        ),
        "topics": (
            "le commerce",
            "l'énergie",
            "la sécurité",
            "les infrastructures",
            "l'agriculture",
            "la santé publique",
            "l'hydrogène vert",
            "l'économie numérique",
            "le tourisme",
        ),
        "weekdays": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        "months": (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        "outlets": ("L'Écho diplomatique", "Le Courrier du monde", "La Dépêche internationale"),
        "nav": ("Accueil", "Monde", "Politique", "Économie", "Culture", "Sports"),
        "related": ("À lire aussi",),
        "sentences": (
            "{title_cap} {person} a rencontré {weekday} {person2} pour évoquer {topic} et {topic2}.",
            "Les deux parties ont convenu d'élargir leur coopération dans {topic}, selon un communiqué "
            "commun publié à l'issue des entretiens.",
            "{person} a déclaré que {country} est prête à travailler avec {country2} pour approfondir "
            "{topic} au bénéfice des deux peuples.",
            "Les échanges commerciaux entre {country} et {country2} ont atteint {num} milliards de dollars "
            "l'an dernier, en hausse de {pct} % sur un an.",
            "La délégation, forte de {small} responsables, doit également se rendre à {city} pour "
            "rencontrer des représentants des entreprises locales.",
            "Les responsables ont signé {small} accords portant sur {topic}, {topic2} et l'éducation.",
            "{person2} a salué cette visite et appelé à une coordination plus étroite sur {topic} aux "
            "Nations unies.",
            "Selon des analystes, la rencontre pourrait ouvrir la voie à un accord de libre-échange d'ici "
            "{small} ans.",
            "La prochaine série de discussions devrait avoir lieu à {city} en {month}.",
            "Selon le ministère, plus de {big} personnes ont participé à des programmes d'échange entre "
            "les deux pays en {year}.",
            "« Nous avons atteint un nouveau niveau de confiance mutuelle », a déclaré {person} à la presse.",
        ),
        "headlines": (
            "{country_cap} et {country2} veulent renforcer leur coopération",
            "{country_cap} souhaite approfondir ses liens avec {country2}",
            "Visite de {person} : {country} et {country2} signent {small} accords",
        ),
        "caption": ("{title_cap} {person} rencontre {person2} à {city}, le {day}. ",),
    },
    "es": {
        "countries": (
            "China",
            "Kazajistán",
            "Francia",
            "Alemania",
            "Brasil",
            "Indonesia",
            "Chile",
            "Rusia",
            "Vietnam",
            "Kenia",
            "España",
            "México",
            "Egipto",
            "India",
            "Japón",
            "Turquía",
        ),
        "cities": ("MADRID", "PEKÍN", "MOSCÚ", "BERLÍN", "BRASILIA", "YAKARTA", "SANTIAGO", "BOGOTÁ", "LIMA"),
        "agencies": ("EFE", "Xinhua", "AFP", "Europa Press"),
        "titles": (
            "el ministro de Relaciones Exteriores",
            "el primer ministro",
            "el presidente",
            "la canciller",
            "el ministro de Comercio",
        ),
        "topics": (
            "el comercio",
            "la energía",
            "la seguridad",
            "la infraestructura",
            "la agricultura",
            "la salud pública",
            "el hidrógeno verde",
            "la economía digital",
            "el turismo",
        ),
        "weekdays": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        "months": (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        "outlets": ("Agencia Noticias del Sur", "Diario Internacional", "El Observador Global"),
        "nav": ("Inicio", "Internacional", "Política", "Economía", "Cultura", "Deportes"),
        "related": ("Noticias relacionadas",),
        "sentences": (
            "{title_cap} {person} se reunió este {weekday} con {person2} para tratar {topic} y {topic2}.",
            "Ambas partes acordaron ampliar la cooperación en {topic}, según un comunicado conjunto "
            "difundido tras las conversaciones.",
            "{person} afirmó que {country} está dispuesta a trabajar con {country2} para profundizar "
            "{topic} en beneficio de ambos pueblos.",
            "El comercio bilateral entre {country} y {country2} alcanzó {num} mil millones de dólares el "
            "año pasado, un {pct} % más que el año anterior.",
            "La delegación, integrada por {small} funcionarios, visitará también {city} y se reunirá con "
            "empresarios locales.",
            "Los funcionarios firmaron {small} acuerdos sobre {topic}, {topic2} y educación.",
            "{person2} celebró la visita y pidió una coordinación más estrecha sobre {topic} en las "
            "Naciones Unidas.",
            "Según analistas, el encuentro podría abrir el camino a un tratado de libre comercio en "
            "{small} años.",
            "La próxima ronda de conversaciones se celebrará en {city} en {month}.",
            "De acuerdo con el ministerio, más de {big} personas participaron en programas de intercambio "
            "entre los dos países en {year}.",
        ),
        "headlines": (
            "{country} y {country2} se fijan la meta de {num} mil millones de dólares en comercio",
            "{country} y {country2} acuerdan ampliar la cooperación en {topic}",
            "{person} visita {country2} para impulsar {topic}",
        ),
        "caption": ("{title_cap} {person} y {person2} este {weekday} en {city}. ",),
    },
    "ru": {
        "countries": (
            "Китай",
            "Казахстан",
            "Франция",
            "Германия",
            "Бразилия",
            "Индонезия",
            "Чили",
            "Россия",
            "Вьетнам",
            "Кения",
            "Испания",
            "Мексика",
            "Египет",
            "Индия",
            "Япония",
            "Турция",
        ),
        "cities": ("МОСКВА", "ПЕКИН", "АСТАНА", "БЕРЛИН", "ПАРИЖ", "ТЕГЕРАН", "МИНСК", "ХАНОЙ"),
        "agencies": ("ТАСС", "РИА Новости", "Интерфакс"),
        "titles": (
            "министр иностранных дел",
            "премьер-министр",
            "президент",
            "вице-премьер",
            "министр торговли",
        ),
        "topics": (
            "торговли",
            "энергетики",
            "безопасности",
            "инфраструктуры",
            "сельского хозяйства",
            "здравоохранения",
            "цифровой экономики",
            "туризма",
            "образования",
        ),
        "weekdays": (
            "в понедельник",
            "во вторник",
            "в среду",
            "в четверг",
            "в пятницу",
            "в субботу",
            "в воскресенье",
        ),
        "months": (
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
        "outlets": ("Международный вестник", "Новости мира", "Дипломатический обозреватель"),
        "nav": ("Главная", "В мире", "Политика", "Экономика", "Спорт"),
        "related": ("Читайте также",),
        "sentences": (
            "{title_cap} {person} {weekday} провел переговоры с {person2}, в ходе которых стороны обсудили "
            "вопросы {topic} и {topic2}.",
            "Стороны договорились расширять сотрудничество в области {topic}, говорится в совместном "
            "заявлении по итогам встречи.",
            "{person} заявил, что страна готова работать с партнерами над углублением {topic} на благо "
            "народов двух стран.",
            "Товарооборот между странами в прошлом году достиг {num} млрд долларов, увеличившись на {pct} "
            "процентов.",
            "Делегация из {small} человек также посетит {city_title} и встретится с представителями "
            "местного бизнеса.",
            "Стороны подписали {small} соглашений в сфере {topic} и {topic2}.",
            "{person2} приветствовал визит и призвал к более тесной координации в ООН.",
            "По мнению аналитиков, встреча может открыть путь к соглашению о свободной торговле в течение "
            "{small} лет.",
            "Следующий раунд переговоров планируется провести в {month_nom}.",
            "По данным министерства, более {big} человек приняли участие в программах обмена в {year} году.",
        ),
        "headlines": (
            "{country} и {country2} договорились углублять сотрудничество",
            "{person} обсудил с партнерами вопросы {topic}",
            "{country} намерена расширять связи с {country2_inst}",
        ),
        "caption": ("{title_cap} {person} и {person2} во время встречи в {city_prep}. ",),
    },
    "zh": {
        "countries": (
            "中国",
            "哈萨克斯坦",
            "法国",
            "德国",
            "巴西",
            "印度尼西亚",
            "智利",
            "俄罗斯",
            "越南",
            "肯尼亚",
            "西班牙",
            "墨西哥",
            "埃及",
            "印度",
            "日本",
            "土耳其",
        ),
        "cities": ("北京", "莫斯科", "雅加达", "巴黎", "柏林", "开罗", "内罗毕", "河内"),
        "agencies": ("新华社", "中新社"),
        "titles": ("外长", "总理", "总统", "副总理", "商务部长"),
        "topics": ("经贸", "能源", "安全", "基础设施", "农业", "卫生", "绿色氢能", "数字经济", "旅游"),
        "weekdays": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
        "months": ("1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"),
        "outlets": ("新华网", "人民网", "环球时报"),
        "nav": ("首页", "国际", "时政", "财经", "体育"),
        "related": ("相关新闻",),
        "sentences": (
            "{country}{title}{person}{weekday}与{country2}{title2}{person2}举行会谈，双方就{topic}和{topic2}"
            "合作深入交换意见。",
            "双方同意进一步扩大{topic}领域合作，会后发表了联合声明。",
            "{person}表示，{country}愿同{country2}一道，深化{topic}合作，更好造福两国人民。",
            "去年{country}与{country2}双边贸易额达到{num}亿美元，同比增长{pct}%。",
            "代表团一行{small}人还将访问{city}，并与当地企业代表会面。",
            "双方签署了{small}项合作文件，涉及{topic}、{topic2}和教育等领域。",
            "{person2}欢迎此次访问，并呼吁双方在联合国等多边框架内加强{topic}协调。",
            "分析人士认为，此次会晤有望为两国在{small}年内达成自由贸易协定铺平道路。",
            "据悉，下一轮会谈将于{month}在{city}举行。",
            "据该部介绍，{year}年两国共有{big}余人参加了人文交流项目。",
        ),
        "headlines": (
            "{country}与{country2}力争双边贸易额达{num}亿美元",
            "{country}愿同{country2}深化{topic}合作",
            "{person}会见{country2}{title2}",
        ),
        "caption": ("{day}，在{city}，{country}{title}{person}（右）与{person2}握手。",),
    },
    "de": {
        "countries": (
            "China",
            "Kasachstan",
            "Frankreich",
            "Deutschland",
            "Brasilien",
            "Indonesien",
            "Chile",
            "Russland",
            "Vietnam",
            "Kenia",
            "Spanien",
            "Mexiko",
            "Ägypten",
            "Indien",
            "Japan",
            "die Türkei",
        ),
        "cities": ("Berlin", "Peking", "Moskau", "Paris", "Santiago", "Brüssel", "Wien", "Genf"),
        "agencies": ("dpa", "AFP", "Reuters"),
        "titles": ("Außenminister", "Ministerpräsident", "Präsident", "Staatssekretärin", "Handelsminister"),
        "topics": (
            "Handel",
            "Energie",
            "Sicherheit",
            "Infrastruktur",
            "Landwirtschaft",
            "Gesundheit",
            "grünem Wasserstoff",
            "Digitalisierung",
            "Tourismus",
        ),
        "weekdays": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        "months": (
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ),
        "outlets": ("Deutsche Rundschau", "Weltspiegel Aktuell", "Nachrichten am Morgen"),
        "nav": ("Startseite", "Politik", "Ausland", "Wirtschaft", "Sport"),
        "related": ("Mehr zum Thema",),
        "sentences": (
            "{title} {person} traf am {weekday} mit {person2} zusammen, um über {topic} und {topic2} zu "
            "sprechen.",
            "Beide Seiten vereinbarten, die Zusammenarbeit bei {topic} auszubauen, wie es in einer "
            "gemeinsamen Erklärung hieß.",
            "{person} sagte, {country} sei bereit, mit {country2} die Zusammenarbeit bei {topic} zu "
            "vertiefen.",
            "Der bilaterale Handel zwischen {country} und {country2} erreichte im vergangenen Jahr {num} "
            "Milliarden Dollar, ein Plus von {pct} Prozent.",
            "Die Delegation aus {small} Vertretern wird auch {city} besuchen und sich mit Unternehmern "
            "treffen.",
            "Die Regierungen unterzeichneten {small} Abkommen zu {topic}, {topic2} und Bildung.",
            "{person2} begrüßte den Besuch und forderte eine engere Abstimmung bei den Vereinten Nationen.",
            "Nach Einschätzung von Beobachtern könnte das Treffen den Weg zu einem Freihandelsabkommen "
            "innerhalb von {small} Jahren ebnen.",
            "Die nächste Verhandlungsrunde soll im {month} in {city} stattfinden.",
            "Nach Angaben des Ministeriums nahmen im Jahr {year} mehr als {big} Menschen an "
            "Austauschprogrammen teil.",
        ),
        "headlines": (
            "{country} und {country2} wollen Zusammenarbeit vertiefen",
            "{title} {person} reist mit Wirtschaftsdelegation nach {country2}",
            "{country} und {country2} unterzeichnen {small} Abkommen",
        ),
        "caption": ("{title} {person} und {person2} am {weekday} in {city}. ",),
    },
}

RU_CITY_TITLE = {
    "МОСКВА": "Москву",
    "ПЕКИН": "Пекин",
    "АСТАНА": "Астану",
    "БЕРЛИН": "Берлин",
    "ПАРИЖ": "Париж",
    "ТЕГЕРАН": "Тегеран",
    "МИНСК": "Минск",
    "ХАНОЙ": "Ханой",
}
RU_CITY_PREP = {
    "МОСКВА": "Москве",
    "ПЕКИН": "Пекине",
    "АСТАНА": "Астане",
    "БЕРЛИН": "Берлине",
    "ПАРИЖ": "Париже",
    "ТЕГЕРАН": "Тегеране",
    "МИНСК": "Минске",
    "ХАНОЙ": "Ханое",
}
RU_MONTHS_NOMINATIVE = (
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)
EN_AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
ES_SHORT_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
ZH_SOURCES = ("新华网", "人民网", "中国新闻网")


# -- article generation ---------------------------------------------------------------------------


@dataclass(slots=True)
class Synthetic:
    """One generated article, before it is rendered in a file format."""

    lang: str
    title: str
    published: date
    hour: int
    minute: int
    outlet: str
    url: str
    paragraphs: list[str]
    stamp: str | None = None
    breadcrumb: str | None = None
    caption: str | None = None
    editor: str | None = None
    related: list[str] = field(default_factory=list)


def person_name(rng: Random, lang: str) -> str:
    """An invented person name in the script of ``lang``."""
    if lang == "zh":
        return rng.choice(CJK_SURNAMES) + "".join(rng.choices(CJK_GIVEN, k=rng.randint(1, 2)))
    syllables = CYRILLIC_SYLLABLES if lang == "ru" else LATIN_SYLLABLES

    def part(n: int) -> str:
        return "".join(rng.choices(syllables, k=n)).capitalize()

    last = part(rng.randint(2, 3)) + ("ов" if lang == "ru" and rng.random() < 0.5 else "")
    return f"{part(2)} {last}"


def short_date(lang: str, day: date) -> str:
    """Day and month as a dateline writes them."""
    if lang == "en":
        return f"{EN_AP_MONTHS[day.month - 1]} {day.day}"
    if lang == "es":
        return f"{day.day} {ES_SHORT_MONTHS[day.month - 1]}"
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    if lang == "de":
        return f"{day.day}. {WORDS['de']['months'][day.month - 1]}"
    return f"{day.day} {WORDS[lang]['months'][day.month - 1]}"


def dateline(rng: Random, lang: str, city: str, day: date) -> str:
    """An opening dateline, e.g. ``PARIS, Oct. 3 (AFP) -- ``."""
    agency = rng.choice(WORDS[lang]["agencies"])
    when = short_date(lang, day)
    if lang == "en":
        return f"{city}, {when} ({agency}) -- "
    if lang == "fr":
        return f"{city}, {when} ({agency}) - "
    if lang == "es":
        return f"{city}, {when} ({agency}).- "
    if lang == "ru":
        return f"{city}, {when} /{agency}/. "
    if lang == "zh":
        return f"{agency}{city}{when}电（记者{person_name(rng, 'zh')}）"
    return f"{city} ({agency}) - "


def page_stamp(rng: Random, lang: str, day: date, hour: int, minute: int) -> str:
    """A page-chrome time stamp line such as ``09:09, November 28, 2023``."""
    hm = f"{hour:02d}:{minute:02d}"
    if lang == "en":
        return f"{hm}, {WORDS['en']['months'][day.month - 1]} {day.day}, {day.year}"
    if lang == "fr":
        return (
            f"{rng.choice(WORDS['fr']['agencies'])} | {day:%d.%m.%Y} {hour:02d}h{minute:02d}"
            if rng.random() < 0.5
            else f"Dernière mise à jour à {hour:02d}h{minute:02d} le {day:%d/%m}"
        )
    if lang == "es":
        return f"{day.day} {ES_SHORT_MONTHS[day.month - 1]}. {day.year} - {hm} CEST"
    if lang == "ru":
        return f"{day.day} {WORDS['ru']['months'][day.month - 1]} {day.year}, {hm}"
    if lang == "zh":
        return f"{day.isoformat()} {hm}:{rng.randint(0, 59):02d} 来源：{rng.choice(ZH_SOURCES)}"
    return f"{day:%d.%m.%Y}, {hm} Uhr"


def editor_line(rng: Random, lang: str) -> str:
    """A closing editor credit such as ``(Web editor: X, Y)``."""
    a, b = person_name(rng, lang), person_name(rng, lang)
    if lang == "zh":
        return f"(责任编辑：{a}、{b})"
    if lang == "fr" and rng.random() < 0.5:
        return f"(Rédacteurs : {a}, {b})"
    return f"(Web editor: {a}, {b})"


def fill(rng: Random, lang: str, template: str, slots: dict[str, str]) -> str:
    """A template with its per-sentence random slots (numbers, topics) drawn fresh."""
    vocab = WORDS[lang]
    topic, topic2 = rng.sample(vocab["topics"], 2)
    fresh = {
        "topic": topic,
        "topic2": topic2,
        "num": str(rng.randint(2, 480)),
        "pct": str(rng.randint(1, 35)),
        "small": str(rng.randint(2, 24)),
        "big": f"{rng.randint(1, 90) * 1000:,}".replace(",", " " if lang in ("fr", "ru") else ","),
        "year": str(rng.randint(2019, 2024)),
        "month": rng.choice(vocab["months"]),
        "month_nom": rng.choice(RU_MONTHS_NOMINATIVE),
        "weekday": rng.choice(vocab["weekdays"]),
    }
    return template.format(**slots, **fresh)


def word_count(text: str, lang: str) -> int:
    """Words in ``text``; Chinese is counted as two characters a word."""
    return len(text) // 2 if lang == "zh" else len(text.split())


def make_article(rng: Random, number: int) -> Synthetic:
    """One synthetic article of 150-600 words in a random language."""
    lang = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
    vocab = WORDS[lang]
    country, country2 = rng.sample(vocab["countries"], 2)
    city = rng.choice(vocab["cities"])
    published = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    filed = published - timedelta(days=rng.choice((0, 0, 0, 1)))
    title, title2 = rng.sample(vocab["titles"], 2)
    slots = {
        "country": country,
        "country2": country2,
        "country_cap": country[:1].upper() + country[1:],
        "country2_inst": country2,
        "person": person_name(rng, lang),
        "person2": person_name(rng, lang),
        "title": title,
        "title2": title2,
        "title_cap": title[:1].upper() + title[1:],
        "city": city.title() if lang in ("en", "fr", "es") else city,
        "city_title": RU_CITY_TITLE.get(city, city),
        "city_prep": RU_CITY_PREP.get(city, city),
        "day": short_date(lang, filed),
    }
    target = rng.randint(150, 600)
    paragraphs: list[str] = []
    words = 0
    joiner = "" if lang == "zh" else " "
    while words < target:
        sentences = [fill(rng, lang, rng.choice(vocab["sentences"]), slots) for _ in range(rng.randint(1, 3))]
        paragraph = joiner.join(sentences)
        if not paragraphs and rng.random() < 0.75:
            paragraph = dateline(rng, lang, city, filed) + paragraph
        paragraphs.append(paragraph)
        words += word_count(paragraph, lang)
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    outlet = rng.choice(vocab["outlets"])
    domain = "".join(ch for ch in outlet.lower() if ch.isascii() and ch.isalnum()) or f"news{lang}"
    art = Synthetic(
        lang=lang,
        title=fill(rng, lang, rng.choice(vocab["headlines"]), slots),
        published=published,
        hour=hour,
        minute=minute,
        outlet=outlet,
        url=f"https://www.{domain}.example/{lang}/{published:%Y/%m/%d}/story-{number:06d}",
        paragraphs=paragraphs,
    )
    if rng.random() < 0.6:
        art.stamp = page_stamp(rng, lang, published, hour, minute)
    if rng.random() < 0.2:
        art.breadcrumb = " >> ".join(rng.sample(vocab["nav"], 2))
    if rng.random() < 0.5:
        credit = f"({rng.choice(vocab['agencies'])}/{person_name(rng, 'en' if lang != 'ru' else 'ru')})"
        art.caption = fill(rng, lang, vocab["caption"][0], slots) + credit
    if rng.random() < 0.4:
        art.editor = editor_line(rng, lang)
    art.related = [fill(rng, lang, rng.choice(vocab["headlines"]), slots) for _ in range(3)]
    return art


# -- rendering ------------------------------------------------------------------------------------


def render_text(art: Synthetic, header: bool) -> str:
    """A plain-text page as in the seeds: optional `` date YYYY-MM-DD Title`` line, chrome inline."""
    lines = [f" date {art.published.isoformat()} {art.title}" if header else art.title]
    lines += [x for x in (art.stamp, art.breadcrumb) if x]
    if art.caption:
        lines.append(art.caption)
    lines += art.paragraphs
    if art.editor:
        lines.append(art.editor)
    return "\n\n".join(lines) + "\n"


def render_html(art: Synthetic) -> str:
    """A full news page: head metadata, navigation, article body, related links, footer."""
    e = html.escape
    nav = "\n".join(
        f'      <li><a href="/{i}/">{e(item)}</a></li>' for i, item in enumerate(WORDS[art.lang]["nav"])
    )
    body = "\n".join(f"    <p>{e(p)}</p>" for p in art.paragraphs)
    stamp = art.stamp or f"{art.published.isoformat()} {art.hour:02d}:{art.minute:02d}"
    figure = (
        f'    <figure><img src="/img/{art.published:%Y%m%d}.jpg" alt="">'
        f"<figcaption>{e(art.caption)}</figcaption></figure>\n"
        if art.caption
        else ""
    )
    editor = f'    <p class="editor">{e(art.editor)}</p>\n' if art.editor else ""
    related = "\n".join(f'      <li><a href="/r/{i}">{e(r)}</a></li>' for i, r in enumerate(art.related))
    when = f"{art.published.isoformat()}T{art.hour:02d}:{art.minute:02d}:00+00:00"
    return f"""<!DOCTYPE html>
<html lang="{art.lang}">
<head>
<meta charset="utf-8">
<title>{e(art.title)} | {e(art.outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(art.title)}">
<meta property="og:site_name" content="{e(art.outlet)}">
<meta property="og:url" content="{art.url}">
<meta property="article:published_time" content="{when}">
<link rel="canonical" href="{art.url}">
<link rel="stylesheet" href="/assets/main.css">
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">{e(art.outlet)}</a>
  <nav class="main-nav">
    <ul>
{nav}
    </ul>
  </nav>
</header>
<main>
  <article class="post">
    <h1 class="entry-title">{e(art.title)}</h1>
    <div class="entry-meta"><time datetime="{when}">{e(stamp)}</time></div>
{figure}{body}
{editor}  </article>
  <aside class="related">
    <h2>{e(WORDS[art.lang]["related"][0])}</h2>
    <ul>
{related}
    </ul>
  </aside>
</main>
<footer class="site-footer">
  <p>© {art.published.year} {e(art.outlet)}. All rights reserved.</p>
  <ul><li><a href="/about/">About</a></li><li><a href="/contact/">Contact</a></li></ul>
</footer>
</body>
</html>
"""


def jsonl_record(art: Synthetic, key: str, url: str) -> dict[str, str]:
    """A JSON Lines record; the text keeps the photo caption a scraper would have kept."""
    paragraphs = ([art.caption] if art.caption else []) + art.paragraphs
    return {
        "id": key,
        "url": url,
        "title": art.title,
        "text": "\n\n".join(paragraphs),
        "published": art.published.isoformat(),
        "language": art.lang,
        "outlet": art.outlet,
    }


def rss_item(art: Synthetic, url: str) -> str:
    """An RSS 2.0 item whose description is the article as HTML paragraphs."""
    when = datetime(
        art.published.year, art.published.month, art.published.day, art.hour, art.minute, tzinfo=UTC
    )
    content = "".join(f"<p>{html.escape(p)}</p>" for p in art.paragraphs)
    return (
        f"<item><title>{html.escape(art.title)}</title><link>{url}</link>"
        f'<guid isPermaLink="true">{url}</guid><pubDate>{format_datetime(when)}</pubDate>'
        f"<description><![CDATA[{content}]]></description></item>"
    )


def rss_file(title: str, items: list[str]) -> str:
    """A whole RSS 2.0 feed."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{html.escape(title)}</title><link>https://wire.example/</link>"
        "<description>Synthetic wire feed</description>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


@dataclass(slots=True)
class Corpus:
    """What was generated, for comparison with what the pipeline reports."""

    documents: int = 0
    duplicates: int = 0
    by_format: Counter[str] = field(default_factory=Counter)
    by_language: Counter[str] = field(default_factory=Counter)
    files: int = 0
    bytes: int = 0
    html_files: list[Path] = field(default_factory=list)


def split_counts(count: int) -> dict[str, int]:
    """Documents per format for ``count`` documents in all."""
    n_txt, n_html, n_jsonl = round(count * SHARE_TXT), round(count * SHARE_HTML), round(count * SHARE_JSONL)
    return {"txt": n_txt, "html": n_html, "jsonl": n_jsonl, "rss": max(0, count - n_txt - n_html - n_jsonl)}


def generate(folder: Path, count: int, seed: int = SEED) -> Corpus:
    """Write ``count`` documents (about 5% of them exact duplicates) under ``folder``."""
    rng = Random(seed)
    corpus = Corpus()
    plan = split_counts(count)
    number = 0

    def new_article(fmt: str) -> Synthetic:
        nonlocal number
        number += 1
        art = make_article(rng, number)
        corpus.by_language[art.lang] += 1
        corpus.by_format[fmt] += 1
        return art

    # Single-file formats: slots shuffled so that .txt and .html files interleave in sorted order,
    # each duplicate slot later receives a byte-identical copy of an earlier unique file.
    slots: list[tuple[str, bool]] = []
    for fmt in ("txt", "html"):
        dups = round(plan[fmt] * SHARE_DUPLICATES) if plan[fmt] > 1 else 0
        slots += [(fmt, False)] * (plan[fmt] - dups) + [(fmt, True)] * dups
    rng.shuffle(slots)
    written: dict[str, list[Path]] = {"txt": [], "html": []}
    pending_dups: list[tuple[str, Path]] = []
    for position, (fmt, is_dup) in enumerate(slots):
        path = folder / f"{position:05d}.{fmt}"
        if is_dup:
            pending_dups.append((fmt, path))
            continue
        art = new_article(fmt)
        text = render_text(art, header=rng.random() < 0.5) if fmt == "txt" else render_html(art)
        path.write_text(text, encoding="utf-8")
        written[fmt].append(path)
    for fmt, path in pending_dups:
        shutil.copyfile(rng.choice(written[fmt]), path)
        corpus.by_format[fmt] += 1
    corpus.duplicates += len(pending_dups)
    corpus.html_files = written["html"] + [p for fmt, p in pending_dups if fmt == "html"]

    # JSON Lines records, in a few files; a duplicate has its own id and URL but the same body.
    records: list[dict[str, str]] = []
    dups = round(plan["jsonl"] * SHARE_DUPLICATES) if plan["jsonl"] > 1 else 0
    for i in range(plan["jsonl"] - dups):
        art = new_article("jsonl")
        records.append(jsonl_record(art, f"rec-{i:06d}", art.url))
    for i in range(dups):
        copy = dict(rng.choice(records[: plan["jsonl"] - dups]))
        copy.update(id=f"dup-{i:06d}", url=copy["url"] + f"?mirror={i}")
        records.append(copy)
        corpus.by_format["jsonl"] += 1
    corpus.duplicates += dups
    rng.shuffle(records)
    for k in range(JSONL_FILES if records else 0):
        part = records[k::JSONL_FILES]
        (folder / f"records_{k}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8"
        )

    # RSS entries in a couple of feeds.
    items: list[tuple[Synthetic, str]] = []
    dups = round(plan["rss"] * SHARE_DUPLICATES) if plan["rss"] > 1 else 0
    for _ in range(plan["rss"] - dups):
        art = new_article("rss")
        items.append((art, art.url))
    for i in range(dups):
        art, url = rng.choice(items[: plan["rss"] - dups])
        items.append((art, f"{url}?syndicated={i}"))
        corpus.by_format["rss"] += 1
    corpus.duplicates += dups
    rng.shuffle(items)
    for k in range(RSS_FILES if items else 0):
        feed = rss_file(f"Wire Feed {k + 1}", [rss_item(art, url) for art, url in items[k::RSS_FILES]])
        (folder / f"wire_{k}.rss").write_text(feed, encoding="utf-8")

    corpus.documents = sum(corpus.by_format.values())
    for path in folder.iterdir():
        corpus.files += 1
        corpus.bytes += path.stat().st_size
    return corpus
