"""The per-article cascade: ``clean -> language -> metadata -> Article``.

Every stage is a pure function of one record, so the cascade runs the same in
process or in a pool of workers (``Settings.workers``).
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from types import FrameType
from typing import TYPE_CHECKING

from ._memory import settle
from .clean import clean
from .errors import CommuniqueError, InputError
from .language import language
from .metadata import metadata
from .near_duplicates import signature
from .records import Analysed, Article, Document, LocalEntity, RawDocument, input_key
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
        external_id=doc.raw.external_id,
    )


def process(raw: RawDocument, settings: Settings | None = None) -> Article:
    """Run every per-article stage on one raw document.

    Raises :class:`InputError` (naming the source) when nothing worth storing is left.
    """
    settings = settings or Settings()
    doc = clean(raw)
    if len(doc.text) > settings.max_text_chars:
        # Checked before language detection and annotation, whose cost grows with the text: the
        # same limit for every language, named in the error (never a model's own refusal).
        raise InputError(
            f"text of {len(doc.text)} characters after cleaning exceeds the "
            f"{settings.max_text_chars}-character limit for one text (setting max_text_chars)",
            source=raw.source,
            code="too_large",
        )
    letters = len(_NON_LETTER.sub("", doc.text[: settings.min_text_chars * 20]))
    if letters < settings.min_text_chars:
        raise InputError(
            f"only {letters} letters of text left after cleaning (minimum {settings.min_text_chars})",
            source=raw.source,
            code="no_text",
        )
    doc = language(doc, settings.min_language_score)
    doc = metadata(doc, settings)
    return to_article(doc)


def analyse(raw: RawDocument, settings: Settings | None = None) -> Analysed:
    """:func:`process`, then ``annotate`` and the local part of ``resolve`` when the
    language has a backend (otherwise the article is kept and the reason noted)."""
    from .nlp import UnsupportedLanguageError, annotate

    settings = settings or Settings()
    article = process(raw, settings)
    try:
        annotation = annotate(article.text, article.language, settings.max_text_chars)
    except UnsupportedLanguageError as err:
        return Analysed(article, (), (), err.code)
    headline = _headline(article)
    title = None
    if headline is not None:
        try:
            title = annotate(headline, article.language, settings.max_text_chars)
        except Exception:
            title = None  # a title the backend cannot read costs only its names
    return _analysed(article, annotation, title)


#: Share of a title's longer words written with a capital above which it is in headline case ("China
#: Vows to Enhance Ties"): there a capital says nothing about a name. Sentence case stays below it
#: even when the title is mostly names ("Finnish minister Aino Virtanen to visit Chile": 4 of 6).
_HEADLINE_CASE = 0.8


def _headline(article: Article) -> str | None:
    """The article's title when its names should be read: a title in sentence case (the first
    paragraph of many sites, and all that names some people in a brief); None for no title or a
    title in headline case."""
    title = article.title
    if not title:
        return None
    words = [w for w in re.findall(r"\w+", title) if len(w) > 3 and not w.isdigit()]
    capitals = sum(1 for w in words if w[0].isupper())
    if len(words) >= 3 and capitals / len(words) > _HEADLINE_CASE:
        return None
    return title


def _analysed(article: Article, annotation: Annotation, title: Annotation | None = None) -> Analysed:
    """The local entities and event mentions of an article. Names in its ``title`` annotation join the
    article's local entities (a headline often names someone the text calls only by surname or
    title) but are stored as names only: their mentions, which have no place in the text, are left
    out, and events are coded on the text alone."""
    from .entities import local_entities, mention_countries

    if title is None or not title.mentions or not article.title:
        locals_ = tuple(local_entities(article.id, annotation))
    else:
        # Title mentions placed before the text (negative offsets): read first, as a reader does.
        shift = -(len(article.title) + 2)
        moved = tuple(
            replace(m, start=m.start + shift, end=m.end + shift, sentence=-1) for m in title.mentions
        )
        together = replace(annotation, mentions=moved + annotation.mentions)
        locals_ = tuple(
            replace(local, mentions=tuple(m for m in local.mentions if m.start >= 0))
            for local in local_entities(article.id, together)
        )
    if article.dateline.agency:
        locals_ = tuple(_as_agency(local, article.dateline.agency) for local in locals_)
    countries = mention_countries(locals_)
    return Analysed(article, locals_, tuple(code_article(article, annotation, countries)))


def _as_agency(local: LocalEntity, agency: str) -> LocalEntity:
    """The article's own news agency, named in its dateline ("JAKARTA, Oct. 11 (Antara) --"), is an
    organisation, whatever a model read it as there (one capitalised word in brackets reads as a name)."""
    from .entities import block_keys

    if local.type == "ORG" or not any(name.casefold() == agency.casefold() for name in local.names):
        return local
    as_org = replace(local, type="ORG", titles=())
    return replace(as_org, blocks=frozenset(block_keys(as_org)))


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
        if not isinstance(exc, InputError):
            return InputError(exc.message, source=raw.source)
        # A stage's own refusal (the annotation's size check) names no input: name it.
        return exc if exc.source else InputError(exc.message, source=raw.source, code=exc.code)
    return InputError(
        f"could not be processed ({type(exc).__name__}: {exc})", source=raw.source, code="processing_failed"
    )


def _safe_process(item: tuple[RawDocument, Settings]) -> Analysed | InputError:
    raw, settings = item
    try:
        analysed = analyse(raw, settings) if settings.entities else Analysed(process(raw, settings))
        return replace(analysed, signature=signature(analysed.article.text), input_key=input_key(raw))
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
    headlines = {position: _headline(article) for position, (_, article) in articles.items()}
    titled = [position for position, headline in headlines.items() if headline is not None]
    annotations = annotate_each(
        [(article.text, article.language) for _, article in articles.values()]
        + [(headlines[p] or "", articles[p][1].language) for p in titled],
        settings.max_text_chars,
    )
    found = annotations[len(articles) :]
    titles = {p: t for p, t in zip(titled, found, strict=True) if not isinstance(t, Exception)}
    for (position, (raw, article)), annotation in zip(articles.items(), annotations, strict=False):
        try:
            if isinstance(annotation, UnsupportedLanguageError):
                analysed = Analysed(article, (), (), annotation.code)
            elif isinstance(annotation, Exception):
                raise annotation
            else:
                analysed = _analysed(article, annotation, titles.get(position))
            results[position] = replace(analysed, signature=signature(article.text), input_key=input_key(raw))
        except Exception as exc:
            results[position] = _failure(raw, exc)
    # The models of these languages are loaded in this process now: out of the collector's way.
    settle(f"nlp:{article.language}" for _, article in articles.values())
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
    chunks = _chunks(items)
    if settings.workers <= 1:
        for chunk in chunks:
            yield from _safe_chunk((chunk, settings))
        return
    if multiprocessing.get_start_method() == "fork":
        # The first chunk runs here: the models it loads (its languages' backends, the lexicons,
        # the gazetteer: seconds each) are then inherited by every worker forked after it, as spaCy's
        # own nlp.pipe(n_process=...) does, instead of being loaded again by each worker at once.
        for chunk in chunks:
            yield from _safe_chunk((chunk, settings))
            break
    # A bounded window of submitted chunks keeps every worker busy while the caller stores
    # results, without reading the whole input ahead (memory stays flat).
    window: deque[Future[list[Analysed | InputError]]] = deque()
    limit = max(2 * settings.batch_size // _CHUNK, 4 * settings.workers)
    # Under forkserver a worker's parent is the server, not this process: it watches the parent
    # it finds at start instead.
    parent = None if multiprocessing.get_start_method() == "forkserver" else os.getpid()
    # The kernel's parent-death signal follows the *thread* that forked the worker: only a
    # pool made in the main thread (which lives as long as the process) may use it.
    main = threading.current_thread() is threading.main_thread()
    pool = ProcessPoolExecutor(
        max_workers=settings.workers, initializer=_worker_init, initargs=(parent, main)
    )
    restore = _exit_on_sigterm()
    finished = False
    try:
        for chunk in chunks:
            window.append(pool.submit(_safe_chunk, (chunk, settings)))
            if len(window) >= limit:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
        finished = True
    finally:
        restore()
        if finished:
            pool.shutdown(wait=True)
        else:
            # Interrupted (SIGTERM, Ctrl-C, an error in the caller, the caller stopped reading):
            # the pending chunks' results would be thrown away, so the workers stop now rather
            # than finish them (and nothing waits for them at exit).
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()


#: Seconds between a worker's checks that its parent still lives (the portable fallback of the
#: parent-death signal): a syscall twice a second costs nothing, and a worker orphaned by a
#: SIGKILL of its parent is gone within a second.
_PARENT_POLL = 0.5
#: ``prctl`` option: the signal a process gets when its parent dies (``<linux/prctl.h>``).
_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int | None, death_signal: bool) -> None:
    """Initializer of a pool worker: it ends when its parent dies, however the parent died.

    A worker is a separate process: when the parent is killed (SIGKILL cannot be caught), nothing
    would tell it to stop, and it would hold its models' memory forever. On Linux the kernel sends
    it SIGTERM when the parent dies (``prctl(PR_SET_PDEATHSIG)``, if ``death_signal``); everywhere,
    a daemon thread watches the parent's pid and ends the worker when it changes. ``parent``: the
    pid the parent should have (None: take the one found now).
    """
    # A forked worker inherits the parent's SIGTERM handler (:func:`_exit_on_sigterm`): a worker
    # told to stop just stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if death_signal and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watching thread alone does it
    expected = os.getppid() if parent is None else parent
    if os.getppid() != expected:
        os._exit(1)  # the parent died before the signal was asked for
    threading.Thread(target=_watch_parent, args=(expected,), name="parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Poll the parent's pid; once the worker has been orphaned (reparented), end it at once."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    # Not sys.exit: that only ends this thread. No clean-up to run, nobody to report to.
    os._exit(1)


def _exit_on_sigterm() -> Callable[[], None]:
    """While a pool runs, SIGTERM ends the run as Ctrl-C would: ``SystemExit`` is raised in the
    main thread, so the caller's ``finally`` blocks run (the store closes, what was committed stays
    committed, the open batch is rolled back) and the pool's workers are stopped. Only where SIGTERM
    still has its default action and only from the main thread (signals are the application's; a
    handler it set is left alone). Returns the function that puts the default back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return lambda: None

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)

    def restore() -> None:
        if signal.getsignal(signal.SIGTERM) is stop:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

    return restore
