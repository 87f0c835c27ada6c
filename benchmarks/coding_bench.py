"""Event coding throughput: sentences/s and articles/s on one core, annotation apart from coding.

    .venv/bin/python benchmarks/coding_bench.py

Sentences: the project's evaluation set (evaluation/events.jsonl, five languages). Articles: the
sample corpus and test articles (plus ../shared/seeds when present). For each, the time of the
backends' annotation (the baseline every coder needs) is reported next to the time of the coder on
top of it, in the same process.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from communique import InputError, Settings, process_many, read_inputs
    from communique.events import code_sentences
    from communique.nlp import annotate

    gold = [
        json.loads(line) for line in (ROOT / "evaluation" / "events.jsonl").read_text("utf-8").splitlines()
    ]
    sources = [str(ROOT / "examples" / "corpus"), str(ROOT / "tests" / "articles")]
    if (ROOT.parent / "shared" / "seeds").is_dir():
        sources.append(str(ROOT.parent / "shared" / "seeds" / "*.txt"))
    articles = [
        r.article
        for r in process_many(read_inputs(sources), Settings(entities=False))
        if not isinstance(r, InputError) and r.article.language in {"en", "fr", "es", "ru", "zh"}
    ]
    for item in gold[:5] + [{"text": a.text, "language": a.language} for a in articles[:5]]:
        annotate(item["text"], item["language"])  # load every model before timing

    start = time.perf_counter()
    annotated = [(g, annotate(g["text"], g["language"])) for g in gold]
    annotate_s = time.perf_counter() - start
    start = time.perf_counter()
    events = sum(len(code_sentences(g["text"], a, date.fromisoformat(g["date"]), None)) for g, a in annotated)
    code_s = time.perf_counter() - start

    start = time.perf_counter()
    annotated_articles = [(a, annotate(a.text, a.language)) for a in articles]
    article_annotate_s = time.perf_counter() - start
    sentences = sum(len(ann.sentences) for _, ann in annotated_articles)
    start = time.perf_counter()
    for article, ann in annotated_articles:
        published = date.fromisoformat(article.published) if article.published else None
        code_sentences(article.text, ann, published, published)
    article_code_s = time.perf_counter() - start

    rows = [
        ("evaluation sentences", len(gold), annotate_s, code_s),
        (f"articles ({sentences} sentences)", len(articles), article_annotate_s, article_code_s),
    ]
    print("| input | items | annotate (s) | code (s) | coded items/s | annotate + code items/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, annotate_time, code_time in rows:
        print(
            f"| {name} | {count} | {annotate_time:.2f} | {code_time:.2f} | {count / code_time:,.0f} | "
            f"{count / (annotate_time + code_time):,.1f} |"
        )
    print(f"events coded from the evaluation sentences: {events}")


if __name__ == "__main__":
    main()
