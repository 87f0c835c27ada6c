"""A store filled fast by bulk SQL: the background of the link and API benchmarks.

:func:`fill_background` inserts N articles without running the NLP pipeline: articles in six
languages whose words are drawn from the ingest benchmark's sentence templates
(``synthetic_news.WORDS``), their sources, random MinHash signatures and LSH bands, person-name x
day blocks, and small stories of 1-4 articles sharing one event (with its actors, mentions, keys
and blocks), from a fixed seed. The articles' insert trigger fills the full-text index.

:func:`enrich_records` rewrites every event's stored record into the contract's full shape from the
rows the fill wrote (the fill stores a stub record), as the API benchmark needs.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from communique import Store
from communique.events.ontology import code_for
from communique.near_duplicates import band_keys
from synthetic_news import WORDS, person_name

FILL_CHUNK = 50_000
NAME_PARTS = 50_000
FIRST_DAY = date(2022, 1, 1)
SPAN_DAYS = 3 * 365
#: Background: languages of the filler, and the plover/cameo of its events.
BACKGROUND_LANGUAGES = ("en", "fr", "es", "de", "ru", "zh")
BACKGROUND_WEIGHTS = (0.35, 0.15, 0.15, 0.12, 0.12, 0.11)
BACKGROUND_EVENTS = (("CONSULT", "040"), ("CONSULT", "042"), ("CONSULT", "043"), ("AGREE", "030"),
                     ("COOPERATE", "057"), ("SUPPORT", "051"), ("REQUEST", "100"))  # fmt: skip
BACKGROUND_EVENT_WEIGHTS = (0.35, 0.1, 0.1, 0.2, 0.1, 0.1, 0.05)
ISO3 = ("CHN", "FRA", "DEU", "ESP", "RUS", "KAZ", "BRA", "IDN", "CHL", "VNM", "KEN", "MEX", "EGY", "IND")
SYLLABLES = ("ka", "ro", "vin", "del", "ma", "sel", "tor", "an", "li", "be", "nor", "da", "quin", "za",
             "mir", "fel", "go", "ra", "ten", "sa", "lu", "mo", "bren", "ix", "ul", "ve")  # fmt: skip


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


def enrich_records(store: Store) -> None:
    """Give every event the record the store would build (``store/events.py``'s ``_aggregate``
    shape) from its stored actors and mentions: the fill stores only id, category and date."""
    actors: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions: defaultdict[str, list[tuple[str, str, str, int, int]]] = defaultdict(list)
    with store.engine.begin() as connection:
        for event_id, entity_id, name, country, role in connection.exec_driver_sql(
            "SELECT event_id, entity_id, name, country, role FROM event_actors ORDER BY event_id, position"
        ):
            actors[event_id].append({"entity_id": entity_id, "name": name, "country": country, "role": role})
        for event_id, article_id, language, sentence, start, end in connection.exec_driver_sql(
            'SELECT event_id, article_id, language, sentence, start, "end" FROM event_mentions'
        ):
            mentions[event_id].append((article_id, language, sentence, start, end))
        updates = []
        for event_id, plover, cameo, day, end_date, place, country, confidence in connection.exec_driver_sql(
            "SELECT id, plover, cameo, date, end_date, place, country, confidence FROM events"
        ):
            code = code_for(cameo)
            mode, context = (code.mode, code.context) if code else (None, None)
            found = sorted(mentions[event_id])
            record = {
                "id": event_id,
                "plover": plover,
                "mode": mode,
                "context": context,
                "cameo": cameo,
                "date": day,
                "end_date": end_date,
                "place": place,
                "country": country,
                "actors": actors[event_id],
                "institution": None,
                "session_number": None,
                "pledge": None,
                "facts": [],
                "article_ids": sorted({m[0] for m in found}),
                "languages": sorted({m[1] for m in found if m[1]}),
                "evidence": [
                    {"article_id": a, "sentence": s, "start": start, "end": end}
                    for a, _, s, start, end in found
                ],
                "confidence": confidence,
                "n_outlets": len(found),
            }
            updates.append((json.dumps(record, ensure_ascii=False), mode, context, event_id))
        connection.exec_driver_sql(
            "UPDATE events SET record = ?, mode = ?, context = ? WHERE id = ?", updates
        )
