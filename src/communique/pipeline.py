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
    from .nlp import UnsupportedLanguageError, annotate

    article = process(raw, settings)
    try:
        annotation = annotate(article.text, article.language)
    except UnsupportedLanguageError as err:
        return Analysed(article, (), (), err.code)
    return _analysed(article, annotation)


def _analysed(article: Article, annotation: Annotation) -> Analysed:
    from .entities import local_entities, mention_countries

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


def _failure(raw: RawDocument, exc: Exception) -> InputError:
    """The canonical error for a document a stage failed on: it names the input, the batch goes on."""
    if isinstance(exc, CommuniqueError):
        return exc if isinstance(exc, InputError) else InputError(exc.message, source=raw.source)
    return InputError(
        f"could not be processed ({type(exc).__name__}: {exc})", source=raw.source, code="processing_failed"
    )


def _safe_process(item: tuple[RawDocument, Settings]) -> Analysed | InputError:
    raw, settings = item
    try:
        analysed = analyse(raw, settings) if settings.entities else Analysed(process(raw, settings))
        return replace(analysed, signature=signature(analysed.article.text))
    except Exception as exc:
        return _failure(raw, exc)


def _safe_chunk(item: tuple[list[RawDocument | InputError], Settings]) -> list[Analysed | InputError]:
    """Several documents at once, in order: the models annotate the chunk's texts of one language in
    one batch. A document that fails is an error of its own; the others go on."""
    chunk, settings = item
    if not settings.entities:
        return [d if isinstance(d, InputError) else _safe_process((d, settings)) for d in chunk]
    from .nlp import UnsupportedLanguageError, annotate_each

    results: list[Analysed | InputError | None] = []
    articles: dict[int, tuple[RawDocument, Article]] = {}
    for position, item_ in enumerate(chunk):
        if isinstance(item_, InputError):
            results.append(item_)
            continue
        try:
            articles[position] = (item_, process(item_, settings))
            results.append(None)
        except Exception as exc:
            results.append(_failure(item_, exc))
    annotations = annotate_each([(article.text, article.language) for _, article in articles.values()])
    for (position, (raw, article)), annotation in zip(articles.items(), annotations, strict=True):
        try:
            if isinstance(annotation, UnsupportedLanguageError):
                analysed = Analysed(article, (), (), annotation.code)
            elif isinstance(annotation, Exception):
                raise annotation
            else:
                analysed = _analysed(article, annotation)
            results[position] = replace(analysed, signature=signature(article.text))
        except Exception as exc:
            results[position] = _failure(raw, exc)
    return [r for r in results if r is not None]


#: Documents a worker analyses at once: enough for the models' batches, few enough that results
#: stream to the store steadily.
_CHUNK = 16


def _chunks(items: Iterable[RawDocument | InputError]) -> Iterator[list[RawDocument | InputError]]:
    chunk: list[RawDocument | InputError] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_many(
    items: Iterable[RawDocument | InputError], settings: Settings | None = None
) -> Iterator[Analysed | InputError]:
    """Process a stream, in order, passing reader errors through untouched."""
    settings = settings or Settings()
    if settings.workers <= 1:
        for chunk in _chunks(items):
            yield from _safe_chunk((chunk, settings))
        return
    # A bounded window of submitted chunks keeps every worker busy while the caller stores
    # results, without reading the whole input ahead (memory stays flat).
    window: deque[Future[list[Analysed | InputError]]] = deque()
    limit = max(2 * settings.batch_size // _CHUNK, 4 * settings.workers)
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        for chunk in _chunks(items):
            window.append(pool.submit(_safe_chunk, (chunk, settings)))
            if len(window) >= limit:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
