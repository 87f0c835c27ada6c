"""The planted articles of the link benchmark, and how the links found score against them.

The plant, from a fixed seed: ``POOL_STORIES`` meetings (named people of two countries, a city, a
day, topics and figures), each reported by two outlets in English, French or Spanish (the pool,
stored before timing), and 1,000 new articles: lightly edited copies of pool articles (duplicates),
translations of pool articles (same story, numbers and paragraphs, another language, German
included), other outlets' reports of pool stories, and fresh stories (pairs and singles). The
sentences are ``synthetic_news.WORDS``' templates, aligned across languages. :func:`build_plant`
analyses every article once with the real pipeline and caches the result with pickle.

:func:`quality` gives pairwise precision and recall of duplicates, translations and stories
against the plant, and lines that break the recall down.
"""

from __future__ import annotations

import hashlib
import pickle
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import communique
from communique import InputError, RawDocument, Store
from communique.near_duplicates import shingles, signature
from communique.pipeline import analyse
from communique.records import Analysed
from communique.store.schema import articles, story_articles
from store_fill import FIRST_DAY, SPAN_DAYS
from synthetic_news import WORDS, person_name, short_date

SEED = 20240612
#: Bump when the planted articles change, so a stale pickle is not reused.
GENERATOR_VERSION = 2
#: The plant: pool stories (two reports each, stored before timing) and the 1,000 new articles.
POOL_STORIES = 300
N_DUPLICATES = 200
N_TRANSLATIONS = 100
N_OTHER_REPORTS = 300
FRESH_PAIRS = 120
FRESH_SINGLES = 160
NEW_TOTAL = N_DUPLICATES + N_TRANSLATIONS + N_OTHER_REPORTS + 2 * FRESH_PAIRS + FRESH_SINGLES

#: Languages the event coder has triggers for report the pool stories (so that other outlets'
#: reports can be linked through their events); German appears as translations and fresh articles.
STORY_LANGUAGES = ("en", "fr", "es")
STORY_WEIGHTS = (0.45, 0.3, 0.25)
ALL_LANGUAGES = ("en", "fr", "es", "de")
#: Indices of WORDS[lang]["titles"] that mean the same office in en, fr, es and de.
ALIGNED_TITLES = (0, 1, 2, 4)
#: Aligned topics are the first nine of every language.
ALIGNED_TOPICS = 9
#: WORDS[lang]["sentences"][1:10] say the same thing in en, fr, es and de.
BODY_SENTENCES = tuple(range(1, 10))
#: Which number a sentence's ``{small}`` is.
SMALL_OF = {4: "delegation", 5: "agreements", 7: "years"}
CITIES = {
    "en": (
        "Paris",
        "Berlin",
        "Madrid",
        "Hanoi",
        "Tokyo",
        "Nairobi",
        "Santiago",
        "Jakarta",
        "Moscow",
        "Beijing",
    ),
    "fr": (
        "Paris",
        "Berlin",
        "Madrid",
        "Hanoï",
        "Tokyo",
        "Nairobi",
        "Santiago",
        "Jakarta",
        "Moscou",
        "Pékin",
    ),
    "es": ("París", "Berlín", "Madrid", "Hanói", "Tokio", "Nairobi", "Santiago", "Yakarta", "Moscú", "Pekín"),
    "de": (
        "Paris",
        "Berlin",
        "Madrid",
        "Hanoi",
        "Tokio",
        "Nairobi",
        "Santiago",
        "Jakarta",
        "Moskau",
        "Peking",
    ),
}
#: Opening sentences that report the meeting (three wordings, aligned across languages).
LEADS = {
    "en": (
        "{title} {person} of {country} met with {title2} {person2} of {country2} in {city} on {weekday}.",
        "{title2} {person2} of {country2} received {title} {person} of {country} in {city} on {weekday}.",
        "{person} and {person2} held talks in {city} on {weekday} on {topic} and {topic2}.",
    ),
    "fr": (
        "{title_cap} {person} s'est entretenu {weekday} à {city} avec {title2} {person2}.",
        "{title2_cap} {person2} a reçu {weekday} à {city} {title} {person}.",
        "{person} et {person2} ont eu des entretiens {weekday} à {city} sur {topic} et {topic2}.",
    ),
    "es": (
        "{title_cap} {person} se reunió este {weekday} en {city} con {title2} {person2} para tratar "
        "{topic} y {topic2}.",
        "{title2_cap} {person2} recibió el {weekday} en {city} {a_title} {person}.",
        "{person} y {person2} mantuvieron conversaciones el {weekday} en {city} sobre {topic} y {topic2}.",
    ),
    "de": (
        "{title} {person} traf am {weekday} in {city} mit {title2} {person2} zusammen.",
        "{title2} {person2} empfing am {weekday} in {city} {title} {person}.",
        "{person} und {person2} führten am {weekday} in {city} Gespräche über {topic} und {topic2}.",
    ),
}
CLOSING = {
    "en": "This article was updated with additional reporting.",
    "fr": "Cet article a été mis à jour avec des informations complémentaires.",
    "es": "Este artículo fue actualizado con información adicional.",
    "de": "Dieser Artikel wurde mit zusätzlichen Informationen aktualisiert.",
}
#: Words a light edit puts in place of a couple of the original's.
EDIT_WORDS = {
    "en": ("also", "further", "notably", "reportedly", "meanwhile", "indeed"),
    "fr": ("aussi", "notamment", "également", "ensuite", "toutefois", "ainsi"),
    "es": ("también", "además", "asimismo", "luego", "incluso", "así"),
    "de": ("auch", "zudem", "ebenfalls", "danach", "jedoch", "somit"),
}
AGENCY_OUTLETS = {
    "en": ("Wire Services Daily", "Capital Herald", "Evening Dispatch"),
    "fr": ("Le Journal du soir", "La Gazette du monde", "Le Quotidien diplomatique"),
    "es": ("La Crónica Global", "El Heraldo Internacional", "Noticias al Día"),
    "de": ("Abendblatt Aktuell", "Der Weltbote", "Tagesanzeiger International"),
}


# -- the plant ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Story:
    """One meeting: who, where, when, and the figures every report of it quotes."""

    key: str
    day: date
    person: str
    person2: str
    country: int
    country2: int
    title: int
    title2: int
    city: int
    topics: tuple[int, int]
    numbers: tuple[tuple[str, int], ...]

    def number(self, name: str) -> int:
        return dict(self.numbers)[name]


@dataclass(frozen=True, slots=True)
class Report:
    """One article about a story: its language, wording and paragraph structure."""

    key: str
    story: Story
    lang: str
    lead: int
    #: Paragraphs as tuples of sentence indices (0 is the lead sentence).
    paragraphs: tuple[tuple[int, ...], ...]
    outlet: str
    agency: str
    published: date
    #: The dateline's date: the day the story was filed (a translation keeps its original's).
    filed: date
    with_dateline: bool
    headline: int


@dataclass(slots=True)
class Plant:
    """The planted articles (analysed) and what was planted, by article id."""

    pool: list[Analysed] = field(default_factory=list)
    new: list[Analysed] = field(default_factory=list)
    #: article id -> planted story key
    story_of: dict[str, str] = field(default_factory=dict)
    duplicate_pairs: set[tuple[str, str]] = field(default_factory=set)
    translation_pairs: set[tuple[str, str]] = field(default_factory=set)
    kind_of: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    analyse_seconds: float = 0.0


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slots(story: Story, lang: str, sentence: int) -> dict[str, str]:
    vocab = WORDS[lang]
    title = vocab["titles"][ALIGNED_TITLES[story.title]]
    title2 = vocab["titles"][ALIGNED_TITLES[story.title2]]
    big = story.number("big")
    separator = {"en": ",", "fr": " ", "es": ".", "de": "."}[lang]
    return {
        "title": title,
        "title2": title2,
        "title_cap": _cap(title),
        "title2_cap": _cap(title2),
        "a_title": "al " + title[3:] if title.startswith("el ") else "a " + title,
        "person": story.person,
        "person2": story.person2,
        "country": vocab["countries"][story.country],
        "country2": vocab["countries"][story.country2],
        "country_cap": _cap(vocab["countries"][story.country]),
        "city": CITIES[lang][story.city],
        "weekday": vocab["weekdays"][story.day.weekday()],
        "topic": vocab["topics"][story.topics[0]],
        "topic2": vocab["topics"][story.topics[1]],
        "num": str(story.number("trade")),
        "pct": str(story.number("pct")),
        "small": str(story.number(SMALL_OF.get(sentence, "agreements"))),
        "big": f"{big // 1000}{separator}{big % 1000:03d}" if big >= 1000 else str(big),
        "year": str(story.number("year")),
        "month": vocab["months"][story.number("month")],
    }


def render(report: Report) -> RawDocument:
    """The report as the pipeline receives it (plain text with a title, date, language, outlet)."""
    story, lang = report.story, report.lang
    sentences = WORDS[lang]["sentences"]
    paragraphs = []
    for group in report.paragraphs:
        parts = [
            (LEADS[lang][report.lead] if index == 0 else sentences[index]).format(
                **_slots(story, lang, index)
            )
            for index in group
        ]
        paragraphs.append(" ".join(parts))
    if report.with_dateline:
        city = CITIES[lang][story.city].upper()
        dash = {"en": "--", "fr": "-", "es": ".-", "de": "-"}[lang]
        paragraphs[0] = f"{city}, {short_date(lang, report.filed)} ({report.agency}) {dash} " + paragraphs[0]
    headlines = WORDS[lang]["headlines"]
    title = headlines[report.headline % len(headlines)].format(**_slots(story, lang, 5))
    domain = re.sub(r"[^a-z]", "", report.outlet.lower().encode("ascii", "ignore").decode()) or "news"
    return RawDocument(
        source=f"bench:{report.key}",
        text="\n\n".join(paragraphs),
        title=title,
        published=report.published.isoformat(),
        language=lang,
        outlet=report.outlet,
        url=f"https://{domain}.example/{report.published:%Y/%m/%d}/{report.key}",
    )


def edited_copy(raw: RawDocument, key: str, rng: random.Random, outlet: str, published: date) -> RawDocument:
    """A republished copy: a couple of words changed, a closing sentence added, another outlet."""
    lang = raw.language or "en"
    text = raw.text or ""
    words = list(re.finditer(r"\b[^\W\d]{4,}\b", text))
    lowercase = [m for m in words if m.group()[0].islower()]
    for match in sorted(rng.sample(lowercase, 2), key=lambda m: -m.start()):
        text = text[: match.start()] + rng.choice(EDIT_WORDS[lang]) + text[match.end() :]
    text = text + " " + CLOSING[lang]
    domain = re.sub(r"[^a-z]", "", outlet.lower().encode("ascii", "ignore").decode()) or "news"
    return replace(
        raw,
        source=f"bench:{key}",
        text=text,
        outlet=outlet,
        published=published.isoformat(),
        url=f"https://{domain}.example/{published:%Y/%m/%d}/{key}",
    )


def _new_story(rng: random.Random, key: str) -> Story:
    country, country2 = rng.sample(range(16), 2)
    title, title2 = rng.sample(range(len(ALIGNED_TITLES)), 2)
    topic, topic2 = rng.sample(range(ALIGNED_TOPICS), 2)
    return Story(
        key=key,
        day=FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS)),
        person=person_name(rng, "en"),
        person2=person_name(rng, "en"),
        country=country,
        country2=country2,
        title=title,
        title2=title2,
        city=rng.randrange(len(CITIES["en"])),
        topics=(topic, topic2),
        numbers=(
            ("trade", rng.randint(2, 480)),
            ("pct", rng.randint(1, 35)),
            ("delegation", rng.randint(5, 60)),
            ("agreements", rng.randint(2, 24)),
            ("years", rng.randint(2, 10)),
            ("big", rng.randint(2, 90) * 1000 + rng.randint(0, 9) * 100),
            ("year", rng.randint(2019, 2024)),
            ("month", rng.randrange(12)),
        ),
    )


def _structure(rng: random.Random, count: int) -> tuple[tuple[int, ...], ...]:
    """``count`` paragraphs: the lead alone, then body sentences one or two to a paragraph."""
    body = rng.sample(BODY_SENTENCES, rng.randint(count - 1, min(len(BODY_SENTENCES), 2 * (count - 1))))
    cuts = sorted(rng.sample(range(1, len(body)), count - 2)) if count > 2 else []
    groups: list[tuple[int, ...]] = [(0,)]
    start = 0
    for cut in [*cuts, len(body)]:
        groups.append(tuple(body[start:cut]))
        start = cut
    return tuple(groups)


def _report(
    rng: random.Random,
    key: str,
    story: Story,
    lang: str,
    taken_counts: set[int],
    used_outlets: set[str],
) -> Report:
    """A report with a paragraph count none of the story's other reports has, by another outlet."""
    count = rng.choice([n for n in range(3, 9) if n not in taken_counts])
    taken_counts.add(count)
    outlets = [o for o in (*WORDS[lang]["outlets"], *AGENCY_OUTLETS[lang]) if o not in used_outlets]
    outlet = rng.choice(outlets)
    used_outlets.add(outlet)
    published = story.day + timedelta(days=rng.choice((0, 0, 1)))
    return Report(
        key=key,
        story=story,
        lang=lang,
        lead=rng.randrange(3),
        paragraphs=_structure(rng, count),
        outlet=outlet,
        agency=rng.choice(WORDS[lang]["agencies"]),
        published=published,
        filed=published,
        with_dateline=rng.random() < 0.7,
        headline=rng.randrange(10),
    )


@dataclass(slots=True)
class Planned:
    """The plant before analysis: raw documents with their planted relations (by key)."""

    pool: list[tuple[str, RawDocument]] = field(default_factory=list)
    new: list[tuple[str, RawDocument]] = field(default_factory=list)
    story_of: dict[str, str] = field(default_factory=dict)
    kind_of: dict[str, str] = field(default_factory=dict)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    translations: list[tuple[str, str]] = field(default_factory=list)


def plan(seed: int = SEED) -> Planned:
    """The pool (two reports per story) and the 1,000 new articles, from a fixed seed."""
    rng = random.Random(seed)
    out = Planned()
    stories = [_new_story(rng, f"story-{i:04d}") for i in range(POOL_STORIES)]
    counts: dict[str, set[int]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, Report] = {}
    for story in stories:
        for n in range(2):
            lang = rng.choices(STORY_LANGUAGES, STORY_WEIGHTS)[0]
            report = _report(
                rng, f"pool-{story.key[6:]}-{n}", story, lang, counts[story.key], outlets[story.key]
            )
            reports[report.key] = report
            out.pool.append((report.key, render(report)))
            out.story_of[report.key] = story.key
            out.kind_of[report.key] = "pool"
    pool_keys = [key for key, _ in out.pool]
    raw_of = dict(out.pool)
    chosen = rng.sample(pool_keys, N_DUPLICATES + N_TRANSLATIONS)
    for i, source in enumerate(chosen[:N_DUPLICATES]):
        report = reports[source]
        key = f"dup-{i:04d}"
        outlet = rng.choice([o for o in AGENCY_OUTLETS[report.lang] if o != report.outlet])
        published = report.published + timedelta(days=rng.choice((0, 1)))
        out.new.append((key, edited_copy(raw_of[source], key, rng, outlet, published)))
        out.duplicates.append((source, key))
        out.story_of[key] = report.story.key
        out.kind_of[key] = "duplicate"
    for i, source in enumerate(chosen[N_DUPLICATES:]):
        report = reports[source]
        key = f"tr-{i:04d}"
        lang = rng.choice([x for x in ALL_LANGUAGES if x != report.lang])
        translated = replace(
            report,
            key=key,
            lang=lang,
            outlet=rng.choice(WORDS[lang]["outlets"]),
            agency=rng.choice(WORDS[lang]["agencies"]),
            published=report.published + timedelta(days=rng.choice((0, 1))),
        )
        out.new.append((key, render(translated)))
        out.translations.append((source, key))
        out.story_of[key] = report.story.key
        out.kind_of[key] = "translation"
    for i in range(N_OTHER_REPORTS):
        story = stories[i % len(stories)]
        lang = rng.choices(STORY_LANGUAGES, STORY_WEIGHTS)[0]
        report = _report(rng, f"other-{i:04d}", story, lang, counts[story.key], outlets[story.key])
        out.new.append((report.key, render(report)))
        out.story_of[report.key] = story.key
        out.kind_of[report.key] = "other report"
    for i in range(FRESH_PAIRS + FRESH_SINGLES):
        story = _new_story(rng, f"fresh-{i:04d}")
        languages = STORY_LANGUAGES if i < FRESH_PAIRS else ALL_LANGUAGES
        taken: set[int] = set()
        used: set[str] = set()
        for n in range(2 if i < FRESH_PAIRS else 1):
            lang = rng.choice(languages)
            report = _report(rng, f"fresh-{i:04d}-{n}", story, lang, taken, used)
            out.new.append((report.key, render(report)))
            out.story_of[report.key] = story.key
            out.kind_of[report.key] = "fresh"
    rng.shuffle(out.new)
    assert len(out.new) == NEW_TOTAL
    return out


def _analyse_all(items: Sequence[tuple[str, RawDocument]], plant: Plant) -> dict[str, Analysed]:
    found: dict[str, Analysed] = {}
    for key, raw in items:
        try:
            item = analyse(raw)
        except InputError as err:
            plant.failures.append(f"{key}: {err}")
            continue
        found[key] = replace(item, signature=signature(item.article.text))
    return found


def build_plant(cache: Path, reanalyse: bool) -> tuple[Plant, bool]:
    """The analysed plant, from the pickle cache when it is there. Returns (plant, from cache)."""
    if cache.exists() and not reanalyse:
        with cache.open("rb") as stream:
            cached = pickle.load(stream)
        if isinstance(cached, dict) and set(cached) == {f.name for f in fields(Plant)}:
            return Plant(**cached), True
    planned = plan()
    plant = Plant()
    started = time.perf_counter()
    pool = _analyse_all(planned.pool, plant)
    new = _analyse_all(planned.new, plant)
    plant.analyse_seconds = time.perf_counter() - started
    ident = {key: item.article.id for key, item in (pool | new).items()}
    plant.pool = list(pool.values())
    plant.new = list(new.values())
    plant.story_of = {ident[k]: s for k, s in planned.story_of.items() if k in ident}
    plant.kind_of = {ident[k]: s for k, s in planned.kind_of.items() if k in ident}
    plant.duplicate_pairs = {
        _pair(ident[a], ident[b]) for a, b in planned.duplicates if a in ident and b in ident
    }
    plant.translation_pairs = {
        _pair(ident[a], ident[b]) for a, b in planned.translations if a in ident and b in ident
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as stream:
        # A plain dict of package records: loadable whichever module runs this file.
        pickle.dump({f.name: getattr(plant, f.name) for f in fields(Plant)}, stream)
    return plant, False


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(slots=True)
class Quality:
    precision: float
    recall: float
    planted: int
    found: int
    correct: int

    def cell(self) -> str:
        return f"{self.precision:.2f}/{self.recall:.2f}"


def _pr(planted: int, found: int, correct: int) -> Quality:
    return Quality(
        precision=correct / found if found else float("nan"),
        recall=correct / planted if planted else float("nan"),
        planted=planted,
        found=found,
        correct=correct,
    )


def _pairs_of(groups: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for article, group in groups.items():
        members[group].append(article)
    return {_pair(a, b) for ids in members.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}


def group_pairs(labels: Iterable[tuple[str, str, str]]) -> tuple[int, int, int]:
    """(planted pairs, found pairs, pairs in both) from (article, planted group, found group)."""
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for _article, truth, predicted in labels:
        planted[truth] += 1
        found[predicted] += 1
        both[(truth, predicted)] += 1

    def pairs(counter: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counter)

    return pairs(planted.values()), pairs(found.values()), pairs(both.values())


def quality(store: Store, plant: Plant) -> tuple[dict[str, Quality], list[str]]:
    """Pairwise precision and recall of duplicates, translations and stories, over the plant, and
    lines that break the recall down (by the planted pair's Jaccard, languages, kind of article)."""
    ids = sorted(plant.story_of)
    rows: dict[str, Any] = {}
    story_of: dict[str, str] = {}
    with store.engine.connect() as connection:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in connection.execute(
                sa.select(articles.c.id, articles.c.duplicate_of, articles.c.translation_of).where(
                    articles.c.id.in_(chunk)
                )
            ):
                rows[row.id] = row
            for article_id, story_id in connection.execute(
                sa.select(story_articles.c.article_id, story_articles.c.story_id).where(
                    story_articles.c.article_id.in_(chunk)
                )
            ):
                story_of[article_id] = story_id
    found_dups = _pairs_of({a: (r.duplicate_of or a) for a, r in rows.items()})
    found_translations = {_pair(a, r.translation_of) for a, r in rows.items() if r.translation_of}
    dup = _pr(len(plant.duplicate_pairs), len(found_dups), len(found_dups & plant.duplicate_pairs))
    translation = _pr(
        len(plant.translation_pairs),
        len(found_translations),
        len(found_translations & plant.translation_pairs),
    )
    labels = [(a, plant.story_of[a], story_of.get(a, f"none:{a}")) for a in ids]
    story = _pr(*group_pairs(labels))
    return {"duplicates": dup, "translations": translation, "stories": story}, _breakdown(
        plant, found_dups, found_translations, story_of
    )


def exact_jaccard(a: str, b: str) -> float:
    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right) if left or right else 1.0


def _breakdown(
    plant: Plant,
    found_dups: set[tuple[str, str]],
    found_translations: set[tuple[str, str]],
    story_of: dict[str, str],
) -> list[str]:
    text = {item.article.id: item.article.text for item in (*plant.pool, *plant.new)}
    language = {item.article.id: item.article.language or "?" for item in (*plant.pool, *plant.new)}
    buckets: dict[str, list[int]] = {}
    for a, b in sorted(plant.duplicate_pairs):
        score = exact_jaccard(text[a], text[b])
        name = next(
            n for n, low in (("≥0.9", 0.9), ("0.8-0.9", 0.8), ("0.7-0.8", 0.7), ("<0.7", 0.0)) if score >= low
        )
        counts = buckets.setdefault(name, [0, 0])
        counts[0] += (a, b) in found_dups
        counts[1] += 1
    by_languages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in sorted(plant.translation_pairs):
        counts = by_languages["-".join(sorted((language[a], language[b])))]
        counts[0] += (a, b) in found_translations
        counts[1] += 1
    members: dict[str, set[str]] = defaultdict(set)
    for article, planted in plant.story_of.items():
        members[planted].add(article)
    joined: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in plant.new:
        article = item.article.id
        others = members[plant.story_of[article]] - {article}
        if not others:
            continue
        counts = joined[plant.kind_of[article]]
        mine = story_of.get(article)
        counts[0] += mine is not None and any(story_of.get(o) == mine for o in others)
        counts[1] += 1

    def line(parts: dict[str, list[int]]) -> str:
        return ", ".join(f"{name} {found}/{total}" for name, (found, total) in parts.items())

    return [
        "duplicates found, by the planted pair's exact 5-shingle Jaccard: "
        + line({k: buckets[k] for k in ("<0.7", "0.7-0.8", "0.8-0.9", "≥0.9") if k in buckets}),
        "translations found, by languages: " + line(dict(sorted(by_languages.items()))),
        "new articles in one stored story with another article of their planted story, by kind: "
        + line(dict(sorted(joined.items()))),
    ]


def cache_key() -> str:
    """Seed, generator version and a hash of every file of the installed package (code and data)."""
    digest = hashlib.sha256()
    root = Path(communique.__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return f"{SEED}-v{GENERATOR_VERSION}-{digest.hexdigest()[:12]}"
