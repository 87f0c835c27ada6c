"""The model's attribute rules applied through their cache give the model's own result, token for token."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import process, read_inputs
from communique.nlp.spacy_backend import _AFTER_ANNOTATION, _finish, _load

ROOT = Path(__file__).resolve().parents[1]


def _texts(lang: str) -> list[str]:
    paths = [
        str(ROOT / "examples" / "corpus"),
        str(ROOT / "tests" / "articles"),
        str(ROOT / "tests" / "fixtures"),
    ]
    found = []
    for raw in read_inputs(paths):
        try:
            article = process(raw)  # type: ignore[arg-type]
        except Exception:
            continue
        if article.language == lang:
            found.append(article.text)
    return found


@pytest.mark.filterwarnings("error::UserWarning")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cached_attribute_rules_are_the_models(lang: str) -> None:
    texts = _texts(lang)
    assert len(texts) >= 3, f"the repository needs {lang} articles for this check"
    nlp = _load(lang)
    reference = list(nlp.pipe(texts, disable=["parser"]))
    cached = [_finish(lang, doc) for doc in nlp.pipe(texts, disable=_AFTER_ANNOTATION)]
    compared = 0
    for ref, ours in zip(reference, cached, strict=True):
        assert [t.text for t in ref] == [t.text for t in ours]
        for a, b in zip(ref, ours, strict=True):
            assert (a.pos_, a.tag_, str(a.morph), a.lemma_) == (b.pos_, b.tag_, str(b.morph), b.lemma_), (
                a.text
            )
            compared += 1
    # The rules did something: parts of speech come from them, so none may be left unset.
    assert compared > 500 and all(t.pos_ for doc in cached for t in doc)
