"""The per-article cascade: ``clean -> language -> metadata -> Article``.

Every stage is a pure function of one record, so the cascade runs the same in
process or in a pool of workers (``Settings.workers``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from .clean import clean
from .errors import CommuniqueError, InputError
from .language import language
from .metadata import metadata
from .near_duplicates import signature
from .records import Analysed, Article, Document, RawDocument
from .settings import Settings

if TYPE_CHECKING:
    from .events.coder import EventMention
    from .nlp.base import Annotation

__all__ = ["analyse", "article_id", "process", "process_many", "to_article"]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_NON_LETTER = re.compile(r"[\W\d_]+", re.UNICODE)


def article_id(text: str) -> str:
    """Content key: SHA-256 of the body with case, accents of width, spacing and
    punctuation normalised away, so a re-encoded or re-wrapped copy keys the same."""
    normal = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def to_article(doc: Document) -> Article:
    """The stored shape of a finished document."""
    return Article(
        id=article_id(doc.text),
        source=doc.raw.source,
        outlet=doc.outlet,
        language=doc.language,
        title=doc.title,
        published=doc.published,
        dateline=doc.dateline,
        text=doc.text,
        url=doc.raw.url,
    )


def process(raw: RawDocument, settings: Settings | None = None) -> Article:
    """Run every per-article stage on one raw document.

    Raises :class:`InputError` (naming the source) when nothing worth storing is left.
    """
    settings = settings or Settings()
    doc = clean(raw)
    letters = len(_NON_LETTER.sub("", doc.text[: settings.min_text_chars * 20]))
    if letters < settings.min_text_chars:
        raise InputError(
            f"only {letters} letters of text left after cleaning (minimum {settings.min_text_chars})",
            source=raw.source,
            code="no_text",
        )
    doc = language(doc, settings.min_language_score)
    doc = metadata(doc)
    return to_article(doc)


def analyse(raw: RawDocument, settings: Settings | None = None) -> Analysed:
    """:func:`process`, then ``annotate`` and the local part of ``resolve`` when the
    language has a backend (otherwise the article is kept and the reason noted)."""
    from .entities import local_entities, mention_countries
    from .nlp import UnsupportedLanguageError, annotate

    article = process(raw, settings)
    try:
        annotation = annotate(article.text, article.language)
    except UnsupportedLanguageError as err:
        return Analysed(article, (), (), err.code)
    locals_ = tuple(local_entities(article.id, annotation))
    countries = mention_countries(locals_)
    return Analysed(article, locals_, tuple(code_article(article, annotation, countries)))


def code_article(
    article: Article, annotation: Annotation, countries: dict[tuple[int, int], str] | None = None
) -> list[EventMention]:
    """Stage ``code`` for one article: dates resolve against the dateline date, else publication."""
    from .events import code_sentences

    published = date.fromisoformat(article.published) if article.published else None
    anchor = date.fromisoformat(article.dateline.date) if article.dateline.date else published
    place = (article.dateline.place, article.dateline.country)
    return code_sentences(article.text, annotation, anchor, published, place, countries)


def _safe_process(item: tuple[RawDocument, Settings]) -> Analysed | InputError:
    raw, settings = item
    try:
        analysed = analyse(raw, settings) if settings.entities else Analysed(process(raw, settings))
        return replace(analysed, signature=signature(analysed.article.text))
    except CommuniqueError as err:
        return err if isinstance(err, InputError) else InputError(err.message, source=raw.source)
    except Exception as exc:
        return InputError(
            f"could not be processed ({type(exc).__name__}: {exc})",
            source=raw.source,
            code="processing_failed",
        )


def process_many(
    items: Iterable[RawDocument | InputError], settings: Settings | None = None
) -> Iterator[Analysed | InputError]:
    """Process a stream, in order, passing reader errors through untouched."""
    settings = settings or Settings()
    if settings.workers <= 1:
        for item in items:
            yield item if isinstance(item, InputError) else _safe_process((item, settings))
        return
    # A bounded window of submitted documents keeps every worker busy while the caller
    # stores results, without reading the whole input ahead (memory stays flat).
    window: deque[Future[Analysed | InputError] | InputError] = deque()
    limit = max(2 * settings.batch_size, 4 * settings.workers)
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        for item in items:
            window.append(
                item if isinstance(item, InputError) else pool.submit(_safe_process, (item, settings))
            )
            if len(window) >= limit:
                head = window.popleft()
                yield head if isinstance(head, InputError) else head.result()
        while window:
            head = window.popleft()
            yield head if isinstance(head, InputError) else head.result()
