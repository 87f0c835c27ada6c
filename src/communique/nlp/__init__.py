"""Language backends behind one small interface, looked up by ISO 639-1 code.

Each backend is built on first use and kept for the life of the process (models
load once). A language no backend can read raises
:class:`UnsupportedLanguageError`: Communiqué says so rather than guess.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..errors import CommuniqueError, InputError
from .base import Annotation, Arc, Backend, EntityType, Mention, Sentence

__all__ = [
    "Annotation",
    "Arc",
    "Backend",
    "EntityType",
    "Mention",
    "Sentence",
    "UnsupportedLanguageError",
    "annotate",
    "annotate_each",
    "backend_for",
    "backend_name",
    "check_size",
    "parse",
    "registered_languages",
]


class UnsupportedLanguageError(CommuniqueError):
    """No backend reads this language."""

    code = "unsupported_language"


def _spacy(lang: str) -> Callable[[], Backend]:
    def build() -> Backend:
        from .spacy_backend import SpacyBackend

        return SpacyBackend(lang)

    return build


def _russian() -> Backend:
    from .russian import RussianBackend

    return RussianBackend()


def _chinese() -> Backend:
    from .chinese import ChineseBackend

    return ChineseBackend()


def _spanish() -> Backend:
    from .spanish import SpanishBackend

    return SpanishBackend()


_REGISTRY: dict[str, Callable[[], Backend]] = {
    "en": _spacy("en"),
    "fr": _spacy("fr"),
    "ru": _russian,
    "zh": _chinese,
    "es": _spanish,
}


#: The module under ``communique.nlp`` of each dedicated backend (a language profile's backend part).
_MODULES: dict[str, str] = {
    "en": "spacy_backend",
    "fr": "spacy_backend",
    "ru": "russian",
    "zh": "chinese",
    "es": "spanish",
}


def backend_name(language: str) -> str:
    """The module under ``communique.nlp`` that reads ``language``'s entities: its dedicated
    backend's, or ``"fallback"`` (the rule-based fallback, which reads any language)."""
    return _MODULES[language] if language in _REGISTRY else "fallback"


def registered_languages() -> tuple[str, ...]:
    """Languages with a dedicated backend."""
    return tuple(sorted(_REGISTRY))


@cache
def backend_for(language: str | None) -> Backend:
    """The dedicated backend for a language (built once per process)."""
    if not language or language not in _REGISTRY:
        raise UnsupportedLanguageError(
            f"no entity backend reads language {language!r} (supported: {', '.join(registered_languages())})"
        )
    return _REGISTRY[language]()


@cache
def _fallback(language: str) -> Backend:
    from .fallback import FallbackBackend

    return FallbackBackend(language)


def _default_limit() -> int:
    from ..settings import Settings

    return Settings().max_text_chars


def check_size(text: str, max_chars: int | None = None) -> None:
    """Refuse a text longer than ``max_chars`` characters (default:
    :attr:`~communique.settings.Settings.max_text_chars`) with an :class:`InputError` of code
    ``too_large`` that names the limit: the same limit for every language, checked before any
    model sees the text (annotation and coding cost grow with it, and a model's own refusal,
    such as spaCy's E088, would say nothing about our setting)."""
    limit = _default_limit() if max_chars is None else max_chars
    if len(text) > limit:
        raise InputError(
            f"text of {len(text)} characters exceeds the {limit}-character limit for one text "
            "(setting max_text_chars)",
            code="too_large",
        )


def annotate(text: str, language: str | None, max_chars: int | None = None) -> Annotation:
    """Sentences and mentions of ``text``: the language's backend, else capitalisation rules
    for a cased script; any other language raises :class:`UnsupportedLanguageError`. A text
    longer than ``max_chars`` (default: the setting ``max_text_chars``) raises an
    :class:`~communique.errors.InputError` of code ``too_large`` (:func:`check_size`)."""
    check_size(text, max_chars)
    if language in _REGISTRY:
        return backend_for(language).annotate(text)
    from .fallback import has_letter_case

    if language and has_letter_case(text):
        return _fallback(language).annotate(text)
    raise UnsupportedLanguageError(
        f"language {language!r} has no entity backend and its script has no letter case to go by"
    )


def annotate_each(
    items: list[tuple[str, str | None]], max_chars: int | None = None
) -> list[Annotation | Exception]:
    """:func:`annotate` for several ``(text, language)`` pairs, in order: each language's texts in one
    batch where the backend batches (spaCy's ``pipe``); a text that breaks its batch is annotated
    alone, so that only it fails. A failure comes back as its exception, not raised; a text longer
    than ``max_chars`` (default: the setting ``max_text_chars``) fails as ``too_large``."""
    limit = _default_limit() if max_chars is None else max_chars
    results: list[Annotation | Exception | None] = [None] * len(items)
    by_language: dict[str | None, list[int]] = {}
    for position, (text, language) in enumerate(items):
        try:
            check_size(text, limit)
        except InputError as exc:
            results[position] = exc
            continue
        by_language.setdefault(language, []).append(position)
    for language, positions in by_language.items():
        texts = [items[p][0] for p in positions]
        found: list[Annotation | Exception]
        try:
            many = getattr(backend_for(language), "annotate_many", None) if language in _REGISTRY else None
            found = list(many(texts)) if many is not None else [annotate(t, language, limit) for t in texts]
        except Exception:
            found = []
            for text in texts:
                try:
                    found.append(annotate(text, language, limit))
                except Exception as exc:
                    found.append(exc)
        for position, annotation in zip(positions, found, strict=True):
            results[position] = annotation
    return [r for r in results if r is not None]


def parse(text: str, spans: list[Sentence], language: str) -> list[tuple[Arc, ...]] | None:
    """Dependency parses of the given sentences, or None when the language's backend has no parser
    (the coder then reads roles from word order)."""
    if language not in _REGISTRY:
        return None
    backend = backend_for(language)
    method = getattr(backend, "parse", None)
    if method is None or not spans:
        return None
    found: list[tuple[Arc, ...]] = method(text, spans)
    return found
