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

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "communique" / "data" / "category_model.json"
DEFAULT_DATA = ROOT.parent / "shared" / "eventdata"

#: Inverse regularisation strength: chosen on the tune half of real_en_dev among 0.3, 1, 3, 10.
C = 3.0
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared eventdata folder")
    parser.add_argument("--check", action="store_true", help="only report whether the model would change")
    args = parser.parse_args(argv)
    if not (args.data / "synthetic_plover2021_en.csv").is_file():
        print(f"synthetic training data not found in {args.data}", file=sys.stderr)
        return 2
    text = build(args.data)
    old = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
    if old == text:
        print("unchanged: " + str(OUTPUT.relative_to(ROOT)))
        return 0
    if args.check:
        print("would change: " + str(OUTPUT.relative_to(ROOT)))
        return 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote: {OUTPUT.relative_to(ROOT)} ({len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
