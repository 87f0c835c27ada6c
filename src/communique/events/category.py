"""The category model: a PLOVER category for a sentence no lexicon pattern reads (pure).

The trigger lexicons are precise but narrow; real news reports events in words no table lists.
For a sentence the patterns leave without an event, but whose main clause has a political actor
as its subject, a linear model over the sentence's content lemmas says which of the 16 PLOVER
categories it reports, and how sure it is. The model is package data
(``data/category_model.json``), built by ``tools/train_category_model.py`` from labelled synthetic
news stories (NGEC-2025, MIT) with scikit-learn's TF-IDF and logistic regression; applying it needs
nothing but this module. Its features are English lemmas, so it serves English; languages without a
trigger table get the cross-language model instead (:mod:`.crosslingual`, over sentence embeddings).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .._data import load_json
from ..nlp.base import Token

__all__ = ["MODEL_LANGUAGES", "Reading", "classify", "features"]

#: Languages the shipped model was trained on (its features are that language's lemmas).
MODEL_LANGUAGES = frozenset({"en"})
#: Parts of speech whose lemmas are features: the words that say what happened, not who.
_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "ADV", "ADP", "PART"})


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's category for a sentence and its probability."""

    category: str
    probability: float


def features(tokens: Sequence[Token], names: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The features of a sentence: content lemmas outside names, and pairs of neighbouring ones
    ("lift boycott", "call for"). Names are left out so the model learns verbs and nouns, not who
    happened to act in its training stories."""
    spans = list(names)
    words = [
        t.lemma.lower()
        for t in tokens
        if t.pos in _CONTENT and t.lemma.isalpha() and not any(lo <= t.start < hi for lo, hi in spans)
    ]
    return words + [f"{a} {b}" for a, b in pairwise(words)]


@dataclass(frozen=True, slots=True)
class _Model:
    classes: tuple[str, ...]
    idf: dict[str, float]
    #: Per term, its weights that matter, as (class index, weight).
    weights: dict[str, tuple[tuple[int, float], ...]]
    intercept: tuple[float, ...]


@cache
def _model() -> _Model:
    data = load_json("category_model.json")
    return _Model(
        tuple(data["classes"]),
        {term: float(v) for term, v in data["idf"].items()},
        {term: tuple((int(i), float(w)) for i, w in row) for term, row in data["weights"].items()},
        tuple(float(x) for x in data["intercept"]),
    )


def classify(terms: Sequence[str]) -> Reading | None:
    """The most probable category of a sentence's :func:`features` (None: no known feature).
    TF-IDF with sublinear counts and unit length, then a multinomial logistic regression, as
    scikit-learn computed them when the model was built."""
    model = _model()
    counts = Counter(t for t in terms if t in model.idf)
    if not counts:
        return None
    values = {t: (1.0 + math.log(n)) * model.idf[t] for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    scores = list(model.intercept)
    for term, value in values.items():
        row = model.weights.get(term)
        if row is not None:
            scaled = value / norm
            for i, w in row:
                scores[i] += w * scaled
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(scores)), key=scores.__getitem__)
    return Reading(model.classes[best], exps[best] / sum(exps))
