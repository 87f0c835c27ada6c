"""Time, memory and quality of the link stage as the store grows.

For each store size (``--sizes``, default 10k, 100k and 1M articles), in this one process:

1. creates a fresh SQLite store (``Store`` runs the migrations) and fills it fast with
   background articles by bulk SQL — articles, sources, random MinHash signatures and their
   LSH bands, person-name x day blocks, and small stories of 1-4 articles sharing an event —
   without running the NLP pipeline (the fill time is printed, not part of the figures);
2. adds a planted pool of ~600 real articles (meetings in English, French and Spanish, with
   named people, a date and numbers, analysed once by the real pipeline) with ``add_batch``;
3. times ``Store.add_batch`` of 1,000 new articles in batches of 200 — lightly edited copies of
   pool articles (duplicates), translations of pool articles, other outlets' reports of pool
   stories and unrelated fresh articles — and, inside it, ``link_batch`` (monkeypatched here
   with a timing wrapper; the package is not changed);
4. reports wall time, peak RSS and the RSS increase during the linking, the store's size,
   the ratio of each size's cost to the smallest size's, the SQL statements that took longest,
   and pairwise precision/recall of duplicates, translations and stories against the plant.

Run from the repository root::

    .venv/bin/python benchmarks/link_bench.py [--sizes 10000,100000,1000000] [--workdir DIR]

No network is used. The planted articles are generated from a fixed seed and analysed once;
the analysed batch is cached with pickle under the system temporary folder (``--reanalyse``
redoes it). Background contents are drawn from the same seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import importlib
import json
import os
import pickle
import platform
import pstats
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psutil  # type: ignore[import-untyped]
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

import communique
import communique.store as store_module
from communique import InputError, RawDocument, Settings, Store
from communique.near_duplicates import band_keys, shingles, signature
from communique.pipeline import analyse
from communique.records import Analysed
from communique.store import links as links_module
from communique.store.schema import articles, story_articles

# The ingest benchmark's vocabularies and helpers. Imported by name so that mypy does not check that
# script too (its psutil import has no stubs); the annotations below keep these names typed here.
_ingest_bench = importlib.import_module("ingest_bench")
WORDS: dict[str, dict[str, tuple[str, ...]]] = _ingest_bench.WORDS
person_name: Callable[[random.Random, str], str] = _ingest_bench.person_name
short_date: Callable[[str, date], str] = _ingest_bench.short_date
cpu_model: Callable[[], str] = _ingest_bench.cpu_model
usable_cores: Callable[[], int] = _ingest_bench.usable_cores

SEED = 20240612
#: Bump when the planted articles change, so a stale pickle is not reused.
GENERATOR_VERSION = 2
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
BATCH_SIZE = Settings().batch_size
FILL_CHUNK = 50_000
NAME_PARTS = 50_000
FIRST_DAY = date(2022, 1, 1)
SPAN_DAYS = 3 * 365
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
#: Background: languages of the filler, and the plover/cameo of its events.
BACKGROUND_LANGUAGES = ("en", "fr", "es", "de", "ru", "zh")
BACKGROUND_WEIGHTS = (0.35, 0.15, 0.15, 0.12, 0.12, 0.11)
BACKGROUND_EVENTS = (("CONSULT", "040"), ("CONSULT", "042"), ("CONSULT", "043"), ("AGREE", "030"),
                     ("COOPERATE", "057"), ("SUPPORT", "051"), ("REQUEST", "100"))  # fmt: skip
BACKGROUND_EVENT_WEIGHTS = (0.35, 0.1, 0.1, 0.2, 0.1, 0.1, 0.05)
ISO3 = ("CHN", "FRA", "DEU", "ESP", "RUS", "KAZ", "BRA", "IDN", "CHL", "VNM", "KEN", "MEX", "EGY", "IND")
SYLLABLES = ("ka", "ro", "vin", "del", "ma", "sel", "tor", "an", "li", "be", "nor", "da", "quin", "za",
             "mir", "fel", "go", "ra", "ten", "sa", "lu", "mo", "bren", "ix", "ul", "ve")  # fmt: skip


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


# -- background fill ------------------------------------------------------------------------------


def _sqlite_date(day: date) -> str:
    return day.isoformat()


def _sqlite_datetime(when: datetime) -> str:
    # SQLAlchemy's SQLite DateTime storage format.
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _vocabularies() -> dict[str, list[str]]:
    """Per-language filler words: the words of the ingest benchmark's sentence templates."""
    vocab: dict[str, list[str]] = {}
    for lang in BACKGROUND_LANGUAGES:
        text = " ".join(WORDS[lang]["sentences"])
        text = re.sub(r"\{[^}]*\}", " ", text)
        if lang == "zh":
            vocab[lang] = sorted(
                {text[i : i + 2] for i in range(0, len(text) - 1) if text[i : i + 2].isalpha()}
            )
        else:
            vocab[lang] = sorted({w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1})
    return vocab


def _name_parts(rng: random.Random) -> list[str]:
    parts: set[str] = set()
    while len(parts) < NAME_PARTS:
        parts.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    return sorted(parts)


@dataclass(slots=True)
class FillStats:
    seconds: float = 0.0
    rows: Counter[str] = field(default_factory=Counter)
    seconds_by_table: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))


#: Columns the fill writes, per table (in insertion order); the others keep their defaults (NULL).
FILL_COLUMNS = {
    "articles": ("id", "source", "url", "outlet", "language", "title", "published", "text", "ingested_at"),
    "article_sources": ("article_id", "source", "url", "outlet", "first_seen"),
    "article_signatures": ("article_id", "minhash"),
    "article_bands": ("band", "article_id"),
    "article_blocks": ("block", "article_id"),
    "events": ("id", "plover", "cameo", "date", "end_date", "place", "country", "record", "n_articles",
               "confidence", "n_outlets"),
    "event_mentions": ("event_id", "article_id", "language", "sentence", "start", "end", "data"),
    "event_keys": ("key", "event_id"),
    "event_actors": ("event_id", "position", "entity_id", "name", "country", "role"),
    # One row per actor named: the store's foreign keys want every event actor's entity to exist.
    "entities": ("id", "name", "type", "country", "first_seen", "last_seen", "n_articles"),
    "event_blocks": ("block", "event_id"),
    "stories": ("id", "title", "start", "end", "n_articles", "n_outlets", "record"),
    "story_articles": ("article_id", "story_id"),
}  # fmt: skip


def _insert(table: str, columns: Sequence[str]) -> str:
    quoted = ", ".join(f'"{column}"' for column in columns)
    # An actor drawn twice (random ids) is one entity.
    verb = "INSERT OR IGNORE" if table == "entities" else "INSERT"
    return f"{verb} INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})"


INSERTS = {table: _insert(table, columns) for table, columns in FILL_COLUMNS.items()}


def _hex(prefix: str, number: int) -> str:
    return hashlib.blake2b(f"{prefix}{number}".encode(), digest_size=8).hexdigest()


def _background_chunk(
    start: int,
    stop: int,
    rng: random.Random,
    np_rng: np.random.Generator,
    vocab: dict[str, list[str]],
    parts: list[str],
    now: str,
) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of background articles ``start`` .. ``stop - 1``, grouped into stories of 1-4."""
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    sigs = np_rng.integers(0, 2**32, size=(stop - start, 64), dtype=np.uint32).astype("<u4")
    number = start
    while number < stop:
        size = min(rng.choice((1, 1, 2, 2, 3, 4)), stop - number)
        day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        event_id = _hex("event", number)
        story_id = _hex("story", number)
        plover, cameo = rng.choices(BACKGROUND_EVENTS, BACKGROUND_EVENT_WEIGHTS)[0]
        country, country2 = rng.sample(ISO3, 2)
        actors = [(_hex("entity", rng.randrange(10**9)), person_name(rng, "en")) for _ in range(2)]
        member_days = []
        for n in range(number, number + size):
            lang = rng.choices(BACKGROUND_LANGUAGES, BACKGROUND_WEIGHTS)[0]
            words = vocab[lang]
            joiner = "" if lang == "zh" else " "
            body = joiner.join(rng.choices(words, k=140 if lang == "zh" else 45))
            title = joiner.join(rng.choices(words, k=8))
            text = f"{body}. Ref {n}."
            published = day + timedelta(days=rng.choice((0, 0, 1)))
            member_days.append(published)
            ident = _hex("article", n)
            outlet = f"Background Outlet {rng.randrange(400)}"
            url = f"https://bg{rng.randrange(400)}.example/{published:%Y/%m/%d}/{n}"
            rows["articles"].append(
                (ident, f"bg:{n}", url, outlet, lang, title, _sqlite_date(published), text, now)
            )
            rows["article_sources"].append((ident, f"bg:{n}", url, outlet, now))
            sig = sigs[n - start].tobytes()
            rows["article_signatures"].append((ident, sig))
            rows["article_bands"].extend((band, ident) for band in band_keys(sig))
            for part in rng.sample(parts, rng.randint(2, 4)):
                rows["article_blocks"].append((f"P:{part}|{published.isoformat()}", ident))
            sentence = f"{actors[0][1]} met {actors[1][1]}."
            data = json.dumps({"plover": plover, "cameo": cameo, "date": day.isoformat(), "text": sentence})
            rows["event_mentions"].append((event_id, ident, lang, sentence, 0, len(sentence), data))
            rows["story_articles"].append((ident, story_id))
        record = json.dumps({"id": event_id, "plover": plover, "cameo": cameo, "date": day.isoformat()})
        end = _sqlite_date(day + timedelta(days=2)) if cameo in ("042", "043") else None
        rows["events"].append(
            (event_id, plover, cameo, _sqlite_date(day), end, "Capital", country, record, size, 0.8, size)
        )
        rows["event_keys"].append((f"M|{day.isoformat()}|{actors[0][0]}+{actors[1][0]}", event_id))
        for position, (entity, name) in enumerate(actors):
            role = ("visitor", "host")[position] if cameo in ("042", "043") else "participant"
            rows["event_actors"].append(
                (event_id, position, entity, name, (country, country2)[position], role)
            )
            where = (country, country2)[position]
            rows["entities"].append((entity, name, "PERSON", where, _sqlite_date(day), _sqlite_date(day), 1))
        if plover == "CONSULT":  # as store/events.py's meeting_blocks: day and country pair
            pair = "|".join(sorted((country, country2)))
            rows["event_blocks"].append((f"{day.isoformat()}|{pair}", event_id))
        story = json.dumps({"id": story_id, "event_ids": [event_id], "n_articles": size})
        rows["stories"].append(
            (story_id, f"Story {number}", _sqlite_date(min(member_days)), _sqlite_date(max(member_days)),
             size, size, story)
        )  # fmt: skip
        number += size
    return rows


def fill_background(store: Store, count: int, seed: int) -> FillStats:
    """Insert ``count`` background articles (and their link-stage rows) by bulk SQL, in chunks."""
    stats = FillStats()
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    vocab = _vocabularies()
    parts = _name_parts(random.Random(seed + 1))
    now = _sqlite_datetime(datetime(2025, 7, 1, 12, 0, 0))
    started = time.perf_counter()
    for start in range(0, count, FILL_CHUNK):
        rows = _background_chunk(start, min(count, start + FILL_CHUNK), rng, np_rng, vocab, parts, now)
        with store.engine.begin() as connection:
            for table, statement in INSERTS.items():
                t0 = time.perf_counter()
                connection.exec_driver_sql(statement, rows[table])
                stats.seconds_by_table[table] += time.perf_counter() - t0
                stats.rows[table] += len(rows[table])
        del rows
        if count >= 10 * FILL_CHUNK and (start // FILL_CHUNK) % 4 == 3:
            done = min(count, start + FILL_CHUNK)
            print(f"  ... {done:,} background articles in {time.perf_counter() - started:.0f} s", flush=True)
    stats.seconds = time.perf_counter() - started
    return stats


# -- measurements ---------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size since start or the last reset (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / 1024 / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ``clear_refs`` 5), so a phase's own peak is measured."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


@dataclass(slots=True)
class Timers:
    """Seconds spent inside wrapped functions, and per SQL statement."""

    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: Counter[str] = field(default_factory=Counter)
    sql_seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    sql_calls: Counter[str] = field(default_factory=Counter)


@contextlib.contextmanager
def patched(module: Any, name: str, timers: Timers, label: str) -> Iterator[None]:
    """Replace ``module.name`` with a wrapper that adds its wall time to ``timers``."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timers.seconds[label] += time.perf_counter() - started
            timers.calls[label] += 1

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def _statement_key(statement: str) -> str:
    compact = re.sub(r"\s+", " ", statement)
    compact = re.sub(r"\(__\[POSTCOMPILE_[^)]*\]\)|\((?:\?, ?)+\?\)", "(…)", compact)
    compact = re.sub(r"IN \((?:\?, )*\?\)", "IN (…)", compact)
    return compact[:150]


@contextlib.contextmanager
def sql_timing(engine: sa.Engine, timers: Timers) -> Iterator[None]:
    """Add each statement's execution time (grouped by its text) to ``timers``."""

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        started = conn.info["bench_started"].pop()
        key = _statement_key(statement)
        timers.sql_seconds[key] += time.perf_counter() - started
        timers.sql_calls[key] += 1

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


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


def _group_pairs(labels: Iterable[tuple[str, str, str]]) -> tuple[int, int, int]:
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
    story = _pr(*_group_pairs(labels))
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


# -- one store size -------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    size: int
    fill: FillStats
    pool_seconds: float
    add_seconds: float
    batch_seconds: list[float]
    timers: Timers
    peak_mb: float
    peak_is_phase: bool
    process_peak_mb: float
    rss_before_mb: float
    rss_after_mb: float
    store_mb: float
    quality: dict[str, Quality]
    notes: list[str]
    counts: dict[str, int]


def _batches(items: Sequence[Analysed]) -> Iterator[Sequence[Analysed]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def run_size(size: int, plant: Plant, folder: Path, profile: Path | None) -> Result:
    path = folder / f"store-{size}.db"
    store = Store(str(path))
    try:
        fill = fill_background(store, size, SEED + size)
        store.engine.dispose()  # fresh connections for the measured part
        started = time.perf_counter()
        for batch in _batches(plant.pool):
            store.add_batch(batch)
        pool_seconds = time.perf_counter() - started
        timers = Timers()
        rss_before = current_rss_mb()
        process_peak = peak_rss_mb()
        phase = reset_peak_rss()
        batch_seconds: list[float] = []
        profiler = cProfile.Profile() if profile else None
        with contextlib.ExitStack() as stack:
            stack.enter_context(patched(store_module, "link_batch", timers, "link_batch"))
            stack.enter_context(patched(store_module, "resolve_batch", timers, "resolve_batch"))
            stack.enter_context(patched(store_module, "store_events", timers, "store_events"))
            for name in ("_near_duplicates", "_translations", "_stories"):
                stack.enter_context(patched(links_module, name, timers, name))
            stack.enter_context(sql_timing(store.engine, timers))
            if profiler:
                profiler.enable()
            for batch in _batches(plant.new):
                t0 = time.perf_counter()
                store.add_batch(batch)
                batch_seconds.append(time.perf_counter() - t0)
            if profiler:
                profiler.disable()
        add_seconds = sum(batch_seconds)
        peak = peak_rss_mb()
        rss_after = current_rss_mb()
        if profiler and profile:
            profile.mkdir(parents=True, exist_ok=True)
            target = profile / f"link-{size}.prof"
            profiler.dump_stats(str(target))
            print(f"cProfile of the timed phase written to {target}; top functions by cumulative time:")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        found, notes = quality(store, plant)
        with store.engine.connect() as connection:
            counts = {
                table: int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
                for table in (
                    "articles",
                    "article_bands",
                    "article_blocks",
                    "event_mentions",
                    "story_articles",
                )
            }
    finally:
        store.close()
    result = Result(
        size=size,
        fill=fill,
        pool_seconds=pool_seconds,
        add_seconds=add_seconds,
        batch_seconds=batch_seconds,
        timers=timers,
        peak_mb=peak,
        peak_is_phase=phase,
        process_peak_mb=process_peak,
        rss_before_mb=rss_before,
        rss_after_mb=rss_after,
        store_mb=store_bytes(path) / 1e6,
        quality=found,
        notes=notes,
        counts=counts,
    )
    for leftover in folder.glob(path.name + "*"):
        leftover.unlink()
    return result


# -- report ---------------------------------------------------------------------------------------


def per_thousand(seconds: float, articles: int) -> float:
    return 1000 * seconds / articles if articles else float("nan")


def print_size(result: Result, base: Result | None, new_count: int) -> None:
    fill = result.fill
    t = result.timers
    add = per_thousand(result.add_seconds, new_count)
    link = per_thousand(t.seconds["link_batch"], new_count)
    print(f"## Store of {result.size:,} background articles")
    print(
        f"fill: {fill.seconds:.1f} s by bulk SQL ({result.size / fill.seconds if fill.seconds else 0:,.0f} "
        f"articles/s); store file {result.store_mb:,.0f} MB; rows: "
        + ", ".join(f"{k} {v:,}" for k, v in result.counts.items())
    )
    slowest = sorted(fill.seconds_by_table.items(), key=lambda kv: -kv[1])[:4]
    print("fill time by table: " + ", ".join(f"{k} {v:.1f} s" for k, v in slowest))
    print(f"planted pool stored before timing (add_batch): {result.pool_seconds:.1f} s")
    print()
    print("| stage | s per 1,000 new | ratio to smallest store |")
    print("|---|---:|---:|")
    stages = [
        ("add_batch (total)", result.add_seconds),
        ("resolve_batch", t.seconds["resolve_batch"]),
        ("store_events", t.seconds["store_events"]),
        ("link_batch", t.seconds["link_batch"]),
        ("  near-duplicates", t.seconds["_near_duplicates"]),
        ("  translations", t.seconds["_translations"]),
        ("  stories", t.seconds["_stories"]),
    ]
    base_stages = dict(_stage_seconds(base)) if base else {}
    for name, seconds in stages:
        ratio = seconds / base_stages[name] if base_stages.get(name) else float("nan")
        print(f"| {name} | {per_thousand(seconds, new_count):.2f} | {ratio:.2f} |")
    print(f"batches of {BATCH_SIZE}: " + ", ".join(f"{s:.2f}" for s in result.batch_seconds) + " s")
    print(
        f"add {add:.2f} s and link {link:.2f} s per 1,000 new articles; peak RSS "
        + ("during the linking" if result.peak_is_phase else "of the process")
        + f" {result.peak_mb:.0f} MB; RSS {result.rss_before_mb:.0f} -> {result.rss_after_mb:.0f} MB "
        f"(+{result.rss_after_mb - result.rss_before_mb:.0f} MB)"
    )
    print()
    print(
        "slowest SQL statements during the timed phase (cursor execute only: SQLite computes most rows "
        "of a large result while they are fetched, which this does not count; see --profile):"
    )
    print("| s | calls | statement |")
    print("|---:|---:|---|")
    for statement, seconds in sorted(t.sql_seconds.items(), key=lambda kv: -kv[1])[:8]:
        print(f"| {seconds:.2f} | {t.sql_calls[statement]} | `{statement}` |")
    print()
    print("| relation | planted pairs | found pairs | correct | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, q in result.quality.items():
        print(f"| {name} | {q.planted} | {q.found} | {q.correct} | {q.precision:.3f} | {q.recall:.3f} |")
    for note in result.notes:
        print(note)
    print()


def _stage_seconds(result: Result | None) -> list[tuple[str, float]]:
    if result is None:
        return []
    t = result.timers.seconds
    return [
        ("add_batch (total)", result.add_seconds),
        ("resolve_batch", t["resolve_batch"]),
        ("store_events", t["store_events"]),
        ("link_batch", t["link_batch"]),
        ("  near-duplicates", t["_near_duplicates"]),
        ("  translations", t["_translations"]),
        ("  stories", t["_stories"]),
    ]


def _size_label(size: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return str(size)


def cache_key() -> str:
    """Seed, generator version and a hash of every file of the installed package (code and data)."""
    digest = hashlib.sha256()
    root = Path(communique.__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return f"{SEED}-v{GENERATOR_VERSION}-{digest.hexdigest()[:12]}"


def git_commit() -> str:
    """The repository's commit (and whether files differ from it), when run from a checkout."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src"], capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (src/ modified)" if dirty else "")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="background store sizes, comma-separated (default 10000,100000,1000000)",
    )
    parser.add_argument("--workdir", help="folder for the temporary stores (default: system temp)")
    parser.add_argument(
        "--cache",
        default=str(Path(tempfile.gettempdir()) / f"communique-link-bench-{cache_key()}.pickle"),
        help="pickle of the analysed planted articles (default: named after the seed, the generator "
        "version and a hash of the package's files, so that a changed package is analysed again)",
    )
    parser.add_argument("--reanalyse", action="store_true", help="analyse the planted articles again")
    parser.add_argument("--profile", metavar="DIR", help="cProfile the timed phase of each size into DIR")
    args = parser.parse_args(argv)
    try:
        args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes must be integers separated by commas")
    if not args.size_list or min(args.size_list) < 0:
        parser.error("--sizes must list sizes of at least 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print("## Machine")
    print(f"CPU: {cpu_model()}")
    print(f"cores: {os.cpu_count()} logical, {usable_cores()} usable by this process")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.platform()}")
    print(
        f"communique {communique.__version__} at commit {git_commit()}; "
        f"memory {psutil.virtual_memory().total / 2**30:.0f} GiB"
    )
    print()

    cache = Path(args.cache)
    plant, cached = build_plant(cache, args.reanalyse)
    kinds = Counter(plant.kind_of[item.article.id] for item in plant.new)
    languages = Counter(item.article.language for item in plant.new)
    pool_languages = Counter(item.article.language for item in plant.pool)
    print(f"## Planted articles (seed {SEED})")
    print(
        "analysed with the real pipeline "
        + (
            f"earlier (cached in {cache})"
            if cached
            else f"in {plant.analyse_seconds:.0f} s (cached to {cache})"
        )
    )
    print(
        f"pool stored before timing: {len(plant.pool)} reports of {POOL_STORIES} meetings (two outlets each; "
        + ", ".join(f"{k} {v}" for k, v in sorted(pool_languages.items(), key=lambda kv: str(kv[0])))
        + ")"
    )
    print(
        f"new batch: {len(plant.new)} articles: "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        + "; languages "
        + ", ".join(f"{k} {v}" for k, v in sorted(languages.items(), key=lambda kv: str(kv[0])))
    )
    print(
        f"planted pairs: {len(plant.duplicate_pairs)} duplicates (edited copies of pool articles), "
        f"{len(plant.translation_pairs)} translations (same story, numbers and paragraphs in another "
        f"language), {_group_pairs((a, s, s) for a, s in plant.story_of.items())[0]} same-story pairs "
        f"over {len(set(plant.story_of.values()))} stories"
    )
    if plant.failures:
        print(f"not analysed ({len(plant.failures)}): " + "; ".join(plant.failures[:5]))
    words = sorted(len(item.article.text.split()) for item in plant.pool)
    print(f"pool articles: median {words[len(words) // 2]} words ({words[0]}-{words[-1]})")
    events = sum(1 for item in plant.new if item.events)
    print(f"new articles with at least one coded event: {events}/{len(plant.new)}")
    print()

    started = time.perf_counter()
    links_module._encoder().encode("warm-up")  # load the sentence encoder once, outside the timings
    print(f"sentence encoder loaded in {time.perf_counter() - started:.1f} s (not in the timings)")
    print()

    results: list[Result] = []
    overall_peak = peak_rss_mb()
    with tempfile.TemporaryDirectory(prefix="communique-link-bench-", dir=args.workdir) as tmp:
        for size in args.size_list:
            result = run_size(size, plant, Path(tmp), Path(args.profile) if args.profile else None)
            overall_peak = max(overall_peak, result.peak_mb, result.process_peak_mb)
            results.append(result)
            print_size(result, results[0] if len(results) > 1 else None, len(plant.new))
            sys.stdout.flush()

    base = results[0]
    print("## README table")
    print(
        f"| store articles | link {len(plant.new):,} new (s) | of which link stage (s) | "
        f"ratio to {_size_label(base.size)} | peak RSS MB | dup P/R | translation P/R | story P/R |"
    )
    print("|---:|---:|---:|---:|---:|---|---|---|")
    for r in results:
        ratio = r.add_seconds / base.add_seconds if base.add_seconds else float("nan")
        q = r.quality
        print(
            f"| {r.size:,} | {r.add_seconds:.2f} | {r.timers.seconds['link_batch']:.2f} | {ratio:.2f} | "
            f"{r.peak_mb:.0f} | {q['duplicates'].cell()} | {q['translations'].cell()} | "
            f"{q['stories'].cell()} |"
        )
    print()
    print(
        f"peak RSS column: peak during the {len(plant.new):,} new articles' add_batch (kernel mark reset "
        f"before); whole process peak, fill included: {max(overall_peak, peak_rss_mb()):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
