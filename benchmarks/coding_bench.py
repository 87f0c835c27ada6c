"""Event coding throughput: sentences/s and articles/s on one core, annotation apart from coding.

    .venv/bin/python benchmarks/coding_bench.py

Sentences: the project's evaluation set (evaluation/events.jsonl, five languages). Articles: the
sample corpus and test articles (plus ../shared/seeds when present). For each, the time of the
backends' annotation (the baseline every coder needs) is reported next to the time of the coder on
top of it, in the same process.
"""

from __future__ import annotations

import json
from datetime import date

from communique.events import code_sentences
from communique.nlp import annotate
from harness import ROOT, parser, sample_articles, table, timed


def main() -> None:
    parser(__doc__).parse_args()
    lines = (ROOT / "evaluation" / "events.jsonl").read_text("utf-8").splitlines()
    gold = [json.loads(line) for line in lines]
    articles = [a for a in sample_articles() if a.language in {"en", "fr", "es", "ru", "zh"}]
    for item in gold[:5] + [{"text": a.text, "language": a.language} for a in articles[:5]]:
        annotate(item["text"], item["language"])  # load every model before timing

    annotated, annotate_s = timed(lambda: [(g, annotate(g["text"], g["language"])) for g in gold])
    events, code_s = timed(
        lambda: sum(
            len(code_sentences(g["text"], a, date.fromisoformat(g["date"]), None)) for g, a in annotated
        )
    )

    annotated_articles, article_annotate_s = timed(
        lambda: [(a, annotate(a.text, a.language)) for a in articles]
    )
    sentences = sum(len(ann.sentences) for _, ann in annotated_articles)

    def code_articles() -> None:
        for article, ann in annotated_articles:
            published = date.fromisoformat(article.published) if article.published else None
            code_sentences(article.text, ann, published, published)

    article_code_s = timed(code_articles)[1]

    runs = [
        ("evaluation sentences", len(gold), annotate_s, code_s),
        (f"articles ({sentences} sentences)", len(articles), article_annotate_s, article_code_s),
    ]
    header = ("input", "items", "annotate (s)", "code (s)", "coded items/s", "annotate + code items/s")
    rows = [
        (
            name,
            count,
            f"{ann_s:.2f}",
            f"{cod_s:.2f}",
            f"{count / cod_s:,.0f}",
            f"{count / (ann_s + cod_s):,.1f}",
        )
        for name, count, ann_s, cod_s in runs
    ]
    print(table(header, rows))
    print(f"events coded from the evaluation sentences: {events}")


if __name__ == "__main__":
    main()
