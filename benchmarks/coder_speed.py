"""The per-article pipeline on event-dense English news against bare spaCy NER, in one process.

    .venv/bin/python benchmarks/coder_speed.py [--articles N]

Texts: the sentences of ``../shared/eventdata/real_en_dev.tsv`` (real news, measure only: read and
timed, nothing kept) joined 12 to an article, so every sentence reports an event and passes the
coder's gate: the worst case for the parse. Baseline: ``en_core_web_sm`` with NER only (the tagger,
attribute ruler, lemmatiser and parser off), one text at a time, on the same texts. Printed: seconds
of each and the ratio (baseline / pipeline; 1.0 would be bare NER's speed).
"""

from __future__ import annotations

from communique.pipeline import process_many
from communique.records import RawDocument
from communique.settings import Settings
from harness import EVENTDATA, bare_spacy_ner, best_of, parser, read_rows, require


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--articles", type=int, default=0, help="use the first N articles (0: all)")
    args = options.parse_args()
    path = EVENTDATA / "real_en_dev.tsv"
    require(path, "this figure needs")

    sentences = [row["text"] for row in read_rows(path)]
    texts = [" ".join(sentences[i : i + 12]) for i in range(0, len(sentences), 12)]
    texts = texts[: args.articles] if args.articles else texts
    raws = [
        RawDocument(source=f"a{i}", text=t, language="en", published="2020-01-15")
        for i, t in enumerate(texts)
    ]
    settings = Settings(workers=1)
    list(process_many(raws[:3], settings))  # models loaded before timing
    ner = bare_spacy_ner(sentencizer=True)

    (_, bare), (results, full) = best_of(
        [lambda: [ner(t) for t in texts], lambda: list(process_many(raws, settings))]
    )
    events = sum(len(r.events) for r in results if hasattr(r, "events"))
    print(
        f"articles {len(texts)}  bare NER {bare:.1f} s  pipeline (1 worker, every stage) {full:.1f} s  "
        f"ratio {bare / full:.2f}  event mentions {events}"
    )


if __name__ == "__main__":
    main()
