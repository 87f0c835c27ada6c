"""A background store written by the real cross-article stages: the link benchmark's honest background.

:func:`fill_real` fills a store with N background articles whose every row is what the stages write,
because the stages write them:

1. **Templates.** :data:`TEMPLATES` synthetic news articles (``synthetic_news.make_article``: meetings of
   invented officials of real countries in six languages, with datelines, captions and editor lines),
   analysed once by the real pipeline (``communique.pipeline.process_many``, entities, events, MinHash
   signatures) and cached with pickle.
2. **Variants.** Each background article is a template's analysed record with its person names drawn
   from a shared pool (:class:`Names`: ``synthetic_news.person_name``, the generator of the planted
   names, so that name parts, syllables and block keys overlap with the planted ones; drawn with
   Zipf weights, so some people are in many articles), every number in the text redrawn, its dates
   moved by whole weeks (weekdays stay true) into the plant's span, and a fresh id. Offsets of
   entity mentions, event sentences and actors follow the edits; names, aliases and block keys of
   the local entities are recomputed (``entities.block_keys``), and the signature is the real
   ``near_duplicates.signature`` of the edited text. Places, countries and organisations are kept:
   "Egypt" or "the United Nations" are in many articles, as in real news.
3. **Stored through the real stages.** The variants go through ``crossdoc.add_batch`` (articles,
   resolve, events, link) in batches of :data:`FILL_BATCH`: entity rows, local entities and their
   block keys, entity mentions, events, event keys, signatures and bands, name-day blocks, links and
   stories are what the stages write.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import pickle
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from communique import InputError, RawDocument, Settings, Store, crossdoc, process_many
from communique.crossdoc.resolve import Resolved, _entity_rows
from communique.entities import _fold, _org_words, block_keys, name_key
from communique.near_duplicates import signature
from communique.pipeline import article_id
from communique.records import Actor, Analysed, EventMention, LocalEntity
from communique.store.ledger import EntityRows, Ledger
from store_fill import FIRST_DAY, SPAN_DAYS
from synthetic_news import make_article, person_name, render_text

TEMPLATE_SEED = 20240701
#: Bump when the templates change, so a stale pickle is not reused.
TEMPLATE_VERSION = 1
TEMPLATES = 1000
#: Articles per ``crossdoc.add_batch`` while filling (larger batches amortise the reads of the large
#: entities every batch touches; the timed ingest uses the runner's own batch size).
FILL_BATCH = 2000
#: People in the shared pool, per script, and the Zipf exponent of how often each is drawn.
POOL = {"latin": 20_000, "cyrillic": 5_000, "han": 3_000}
ZIPF = 0.8
#: Numbers in the first characters (the dateline's day) are kept.
DATELINE_CHARS = 80


def _script(lang: str | None) -> str:
    return {"ru": "cyrillic", "zh": "han"}.get(lang or "", "latin")


# -- templates ------------------------------------------------------------------------------------


def template_raws(count: int = TEMPLATES, seed: int = TEMPLATE_SEED) -> list[RawDocument]:
    """``count`` synthetic articles as the pipeline receives them (plain text with metadata)."""
    rng = random.Random(seed)
    raws = []
    for number in range(count):
        art = make_article(rng, number)
        raws.append(
            RawDocument(
                source=f"template:{number}",
                text=render_text(art, header=False),
                title=art.title,
                published=art.published.isoformat(),
                language=art.lang,
                outlet=art.outlet,
                url=art.url,
            )
        )
    return raws


def analysed_templates(cache: Path, workers: int, reanalyse: bool = False) -> tuple[list[Analysed], float]:
    """The templates analysed by the real pipeline (from ``cache`` when there), and the seconds the
    analysis took (0 when cached)."""
    if cache.exists() and not reanalyse:
        with cache.open("rb") as stream:
            return pickle.load(stream), 0.0
    started = time.perf_counter()
    found = [
        r for r in process_many(template_raws(), Settings(workers=workers)) if not isinstance(r, InputError)
    ]
    took = time.perf_counter() - started
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as stream:
        pickle.dump(found, stream)
    return found, took


# -- the shared pool of names ---------------------------------------------------------------------


class Names:
    """People of the background, per script, drawn with Zipf weights (rank r has weight r^-ZIPF)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.people: dict[str, list[str]] = {}
        self.cumulative: dict[str, list[float]] = {}
        for script, size in POOL.items():
            lang = {"latin": "en", "cyrillic": "ru", "han": "zh"}[script]
            people: dict[str, None] = {}
            while len(people) < size:
                people[person_name(rng, lang)] = None
            self.people[script] = list(people)
            self.cumulative[script] = list(itertools.accumulate((r + 1) ** -ZIPF for r in range(size)))

    def draw(self, rng: random.Random, script: str) -> str:
        cumulative = self.cumulative[script]
        index = bisect.bisect(cumulative, rng.random() * cumulative[-1])
        return self.people[script][min(index, len(cumulative) - 1)]


# -- variants -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Edits:
    """Replacements made in a text, to move offsets: (old start, old end, new start, new end)."""

    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def at(self, position: int, end: bool = False) -> int:
        """Where ``position`` of the old text is in the new one."""
        k = bisect.bisect_right(self.starts, position) - 1
        if k < 0:
            return position
        old_start, old_end, new_start, new_end = self.spans[k]
        if position >= old_end:
            return new_end + position - old_end
        if position == old_start:
            return new_start
        return new_end if end else new_start  # inside a replaced span


def _name_pattern(names: Sequence[str], prefix: bool) -> str:
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # Cyrillic names inflect: the stem is replaced and its case ending kept.
    return rf"(?<!\w)(?:{alternation})" + ("" if prefix else r"(?!\w)")


def _shifted(value: str | None, days: int) -> str | None:
    if not value:
        return value
    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]
    except ValueError:
        return value


class Variants:
    """Background articles made from analysed templates (see the module notes)."""

    def __init__(self, templates: Sequence[Analysed], seed: int) -> None:
        self.templates = [t for t in templates if t.article.published]
        self.names = Names(seed)
        self.rng = random.Random(seed + 1)

    def article(self, number: int) -> Analysed | None:
        """Background article ``number`` (None if its edited text collides with one made before)."""
        rng = self.rng
        template = self.templates[number % len(self.templates)]
        lang = template.article.language
        script = _script(lang)
        # One pool person per person of the template, name part for name part.
        mapping: dict[str, str] = {}
        for local in template.entities:
            if local.type != "PERSON":
                continue
            new = self.names.draw(rng, script)
            if script == "han":
                mapping.setdefault(local.full_name, new)
                continue
            old_parts = [p for p in re.split(r"\s+", local.full_name) if len(p) > 1]
            new_parts = new.split()
            for k, part in enumerate(old_parts):
                mapping.setdefault(part, new_parts[min(k, len(new_parts) - 1)])
        published = date.fromisoformat(template.article.published or "")
        target = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        days = 7 * round((target - published).days / 7)
        text, edits = self._edit(template.article.text, mapping, script, rng)

        def names(value: str) -> str:
            return self._names_only(value, mapping, script)

        ident = article_id(text)
        dateline = template.article.dateline
        article = replace(
            template.article,
            id=ident,
            source=f"bg:{number}",
            url=f"{template.article.url}-{number}" if template.article.url else None,
            title=names(template.article.title) if template.article.title else None,
            published=_shifted(template.article.published, days),
            dateline=replace(dateline, date=_shifted(dateline.date, days)) if dateline.date else dateline,
            text=text,
        )
        locals_ = tuple(self._local(local, ident, text, edits, names) for local in template.entities)
        events = tuple(
            self._event(e, template.article.text, text, edits, names, days) for e in template.events
        )
        key = hashlib.sha256(f"bg:{number}".encode()).hexdigest()[:32]
        return Analysed(article, locals_, events, template.note, signature(text), key)

    def _edit(
        self, text: str, mapping: dict[str, str], script: str, rng: random.Random
    ) -> tuple[str, _Edits]:
        edits = _Edits()
        delta = 0
        if script == "han":
            pattern = "|".join(re.escape(n) for n in sorted(mapping, key=len, reverse=True))
        else:
            pattern = _name_pattern(list(mapping), script == "cyrillic") if mapping else ""
        pattern = rf"(?P<name>{pattern})|(?P<num>\d+)" if pattern else r"(?P<num>\d+)"

        def swap(match: re.Match[str]) -> str:
            nonlocal delta
            old = match.group()
            if match.group("num") is not None:
                if match.start() < DATELINE_CHARS or re.fullmatch(r"(?:19|20)\d\d", old):
                    return old  # the dateline's day, and years, stay
                new = str(rng.randint(10 ** (len(old) - 1), 10 ** len(old) - 1))
            else:
                new = mapping[old]
            start = match.start() + delta
            edits.spans.append((match.start(), match.end(), start, start + len(new)))
            edits.starts.append(match.start())
            delta += len(new) - len(old)
            return new

        return re.sub(pattern, swap, text), edits

    @staticmethod
    def _names_only(value: str, mapping: dict[str, str], script: str) -> str:
        if not mapping:
            return value
        if script == "han":
            pattern = "|".join(re.escape(n) for n in sorted(mapping, key=len, reverse=True))
        else:
            pattern = _name_pattern(list(mapping), script == "cyrillic")
        return re.sub(pattern, lambda m: mapping[m.group()], value)

    @staticmethod
    def _local(
        local: LocalEntity, ident: str, text: str, edits: _Edits, names: Callable[[str], str]
    ) -> LocalEntity:
        mentions = tuple(
            replace(
                m,
                text=text[edits.at(m.start) : edits.at(m.end, end=True)],
                start=edits.at(m.start),
                end=edits.at(m.end, end=True),
                surface=names(m.surface) if m.surface else m.surface,
            )
            for m in local.mentions
        )
        index = local.key.rsplit(":", 1)[1]
        moved = replace(
            local,
            key=f"{ident}:{index}",
            article_id=ident,
            names=tuple(dict.fromkeys(names(n) for n in local.names)),
            aliases=tuple(sorted({names(a) for a in local.aliases})),
            mentions=mentions,
        )
        return replace(moved, blocks=frozenset(block_keys(moved)))

    @staticmethod
    def _event(
        event: EventMention, source: str, text: str, edits: _Edits, names: Callable[[str], str], days: int
    ) -> EventMention:
        def actor(a: Actor) -> Actor:
            if a.start is None or a.end is None:
                return replace(a, name=names(a.name) if a.name else a.name)
            start, end = edits.at(a.start), edits.at(a.end, end=True)
            return replace(a, name=text[start:end], start=start, end=end)

        start, end = edits.at(event.start), edits.at(event.end, end=True)
        # The sentence as the coder gave it (its offsets may include the paragraph break before it).
        where = source.find(event.text, max(0, event.start - 4)) if event.text else -1
        sentence = (
            text[edits.at(where) : edits.at(where + len(event.text), end=True)]
            if where >= 0
            else names(event.text)
        )
        facts = tuple(
            {
                **fact,
                **{k: names(str(fact[k])) for k in ("text", "said_by") if fact.get(k)},
                **({"date": _shifted(str(fact["date"]), days)} if fact.get("date") else {}),
            }
            for fact in event.facts
        )
        return replace(
            event,
            start=start,
            end=end,
            text=sentence,
            date=_shifted(event.date, days),
            end_date=_shifted(event.end_date, days),
            actors=tuple(actor(a) for a in event.actors),
            institution=names(event.institution) if event.institution else None,
            institution_start=edits.at(event.institution_start)
            if event.institution_start is not None
            else None,
            pledge_text=names(event.pledge_text) if event.pledge_text else None,
            facts=facts,
        )

    def stream(self, count: int) -> Iterator[Analysed]:
        """``count`` background articles with distinct ids."""
        seen: set[str] = set()
        number = 0
        while len(seen) < count:
            item = self.article(number)
            number += 1
            if item is not None and item.article.id not in seen:
                seen.add(item.article.id)
                yield item


# -- the fill -------------------------------------------------------------------------------------


def identity(local: LocalEntity) -> tuple[str, ...]:
    """What the fill's resolution joins on: the rule of ``entities.same_entity`` for equal names (a
    place by its canonical name, a person by the key of their full name — a single name also by
    country and office —, an organisation by its content words and countries)."""
    if local.type == "PLACE":
        return ("PLACE", _fold(local.names[0]))
    if local.type == "PERSON":
        key = name_key(local.full_name)
        if len(key.split()) >= 2:
            return ("PERSON", key)
        return ("PERSON", key, local.country or "", min((t for t, _ in local.titles), default=""))
    words, countries = _org_words(local.names[0], local.language)
    return (local.type, " ".join(sorted(words)) or _fold(local.names[0]), " ".join(sorted(countries)))


class ExactResolver:
    """Stage ``resolve`` for the fill: local entities join the stored entity of their
    :func:`identity` (no block-key candidate search, whose cost grows with the store: the fill would
    take hours), and the rows are written by the stage's own code (``resolve._entity_rows``, the
    Ledger's ``add_locals``, ``replace_entities``, ``move_locals``), so they have its shapes. Entities
    that only the real resolution's spelling-variant test would join (two pool names whose every
    part is 84% alike) stay apart."""

    def __init__(self) -> None:
        self.current: dict[tuple[str, ...], str] = {}

    def __call__(self, ledger: Ledger, batch: Sequence[tuple[LocalEntity, date | None]]) -> Resolved:
        if not batch:
            return Resolved({}, set())
        new = {local.key: local for local, _ in batch}
        published = {local.key: when for local, when in batch}
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for key, local in sorted(new.items()):
            groups[identity(local)].append(key)
        touched = {self.current[g] for g in groups if g in self.current}
        stored_rows = {row.local.key: row for row in ledger.members(touched)}
        by_entity: dict[str, list[LocalEntity]] = defaultdict(list)
        for row in stored_rows.values():
            by_entity[row.entity_id].append(row.local)
        dates = {key: row.published for key, row in stored_rows.items()} | published
        rows = EntityRows([], [], [], [])
        ident_of: dict[str, str] = {}
        found: dict[tuple[str, ...], str] = {}
        for group, keys in groups.items():
            members = [new[k] for k in keys] + by_entity.get(self.current.get(group, ""), [])
            ident_of |= _entity_rows(members, dates, rows)
            found[group] = ident_of[keys[0]]
        ledger.add_locals(
            [
                (local, published[key], ident_of[key], set(local.blocks) or block_keys(local))
                for key, local in new.items()
            ]
        )
        old_ids = sorted(touched)
        shown = ledger.entity_names(old_ids)
        ledger.replace_entities(old_ids, rows)
        moved = {k: ident_of[k] for k, row in stored_rows.items() if row.entity_id != ident_of[k]}
        ledger.move_locals(moved)
        renamed = {stored_rows[k].entity_id: ident for k, ident in moved.items()}
        restated = {
            row["id"]
            for row in rows.entities
            if row["id"] in shown and shown[row["id"]] != (row["name"], row["country"])
        }
        self.current.update(found)
        return Resolved(renamed, restated)


@dataclass(slots=True)
class RealFill:
    seconds: float = 0.0
    make_seconds: float = 0.0
    batch_seconds: list[float] = field(default_factory=list)
    articles: int = 0


class Filler:
    """Background articles written into a store batch by batch, continued to larger sizes."""

    def __init__(
        self, store: Store, templates: Sequence[Analysed], seed: int, batch: int = FILL_BATCH
    ) -> None:
        self.store = store
        self.stream = Variants(templates, seed).stream(10**9)
        self.resolver = ExactResolver()
        self.batch = batch
        self.stats = RealFill()

    def fill_to(self, count: int, progress: Callable[[RealFill], None] | None = None) -> RealFill:
        """Add background articles until the store holds ``count`` of them."""
        stats = self.stats
        while stats.articles < count:
            started = time.perf_counter()
            items = list(itertools.islice(self.stream, min(self.batch, count - stats.articles)))
            stats.make_seconds += time.perf_counter() - started
            with contextlib.ExitStack() as stack:
                original = crossdoc.resolve_batch
                crossdoc.resolve_batch = self.resolver  # type: ignore[assignment]
                stack.callback(setattr, crossdoc, "resolve_batch", original)
                t0 = time.perf_counter()
                crossdoc.add_batch(self.store, items)
                stats.batch_seconds.append(time.perf_counter() - t0)
            stats.articles += len(items)
            stats.seconds += time.perf_counter() - started
            if progress:
                progress(stats)
        return stats


__all__ = [
    "ExactResolver",
    "Filler",
    "Names",
    "RealFill",
    "Variants",
    "analysed_templates",
    "identity",
]
