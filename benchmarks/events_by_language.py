#!/usr/bin/env python3
"""Events per language on real news nobody here wrote, judged by hand: precision of a seeded sample.

German (10kGNAD, DER Standard; read by the cross-language category model) and Spanish
(FakeNewsCorpusSpanish, true items; read by the Spanish trigger tables) from ``../shared/corpora``.
Each corpus is split in halves by article position (even: ``tune``, odd: ``check``): errors are looked
at in the tune half, the check half's sample is the figure. The script codes every article of the
half (``communique.coding.code_text`` with the corpus's language and date), draws a seeded sample of
events, and reads the hand judgements of ``benchmarks/events_by_language_judged.tsv``:

- ``category``: 1 when the sentence reports an event of that PLOVER category (0: another category,
  or no event at all);
- ``roles``: 1 when the source is who acted and the target (if any) the other side, 0 otherwise;
  judged only where the category is right.

The judgement file keeps the article id, sentence number, category and the source and target as the
coder gave them (never the news text: the corpora's texts stay in ../shared); an event of the sample
with no judgement yet is printed with its sentence for judging (``--show``).

    .venv/bin/python benchmarks/events_by_language.py --lang de --split check
    .venv/bin/python benchmarks/events_by_language.py --lang es --split check --show
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import SHARED, parser, require, shared_records, timed

CORPORA = {"de": "de_10kgnad", "es": "es_fakenewscorpus_true"}
JUDGED = Path(__file__).resolve().parent / "events_by_language_judged.tsv"
FIELDS = ("lang", "split", "article", "sentence", "plover", "source", "target", "category", "roles", "note")
_SOURCE_SIDE = ("source", "visitor", "host", "participant", "co-chair")


def _side(event: Any, first: bool) -> str:
    """The event's source (``first``) or target as the coder named it ("" for none)."""
    actors = list(event.actors)
    if not actors:
        return ""
    if first:
        return str(actors[0].name)
    return str(actors[1].name) if len(actors) > 1 else ""


def coded(lang: str, split: str) -> list[tuple[dict[str, Any], Any]]:
    """(article, event) for every event of the split's articles."""
    from communique.coding import code_text

    records = shared_records(CORPORA[lang], 10_000)
    wanted = 0 if split == "tune" else 1
    found = []
    for position, record in enumerate(records):
        if position % 2 != wanted:
            continue
        for event in code_text(record["text"], lang, record.get("published")):
            found.append((record, event))
    return found


def read_judged() -> dict[tuple[str, str, str, str, str, str], dict[str, str]]:
    """The hand judgements by (lang, article, sentence, plover, source, target)."""
    if not JUDGED.is_file():
        return {}
    with JUDGED.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {
            (r["lang"], r["article"], r["sentence"], r["plover"], r["source"], r["target"]): r for r in rows
        }


def main() -> None:
    """Code the split, sample, and report precision from the judgements."""
    options = parser(__doc__)
    options.add_argument("--lang", choices=sorted(CORPORA), required=True)
    options.add_argument("--split", choices=("tune", "check"), default="check")
    options.add_argument("--sample", type=int, default=40, help="events drawn for judging")
    options.add_argument("--seed", type=int, default=14)
    options.add_argument("--show", action="store_true", help="print the sampled events still unjudged")
    args = options.parse_args()
    require(SHARED / "corpora" / CORPORA[args.lang])
    events, seconds = timed(lambda: coded(args.lang, args.split))
    articles = len(shared_records(CORPORA[args.lang], 10_000)) // 2
    sample = random.Random(args.seed).sample(events, min(args.sample, len(events)))
    judged = read_judged()
    right = roles = judged_count = unjudged = 0
    for record, event in sample:
        keyed = (
            args.lang,
            record["id"],
            str(event.sentence),
            event.plover,
            _side(event, True),
            _side(event, False),
        )
        row = judged.get(keyed)
        if row is None:
            unjudged += 1
            if args.show:
                print("\t".join(keyed[1:]))
                print("    " + event.text.replace("\n", " "))
            continue
        judged_count += 1
        right += row["category"] == "1"
        roles += row["category"] == "1" and row["roles"] == "1"
    print(f"{args.lang} {args.split}: {articles} articles, {len(events)} events in {seconds:.0f} s")
    print(
        "categories: " + ", ".join(f"{k} {v}" for k, v in Counter(e.plover for _, e in events).most_common())
    )
    if judged_count:
        print(
            f"sample of {len(sample)} (seed {args.seed}): {judged_count} judged, "
            f"category precision {right / judged_count:.2f} ({right}/{judged_count}), "
            f"category and roles {roles / judged_count:.2f} ({roles}/{judged_count})"
        )
    if unjudged:
        print(f"{unjudged} sampled events not judged yet (--show prints them)")


if __name__ == "__main__":
    main()
