"""Cleaning and in-text dates on the real corpora in /work/shared/corpora (issue 14, item 5).

For each corpus, records split in halves by position (even: ``tune``, odd: ``check``); for each half:
how many lines the cleaner drops as chrome, how many articles get a publication date from their text
alone (the records' own ``published`` field is withheld) or a dateline date, and how many of those fall
in the corpus's known collection window (the corpora carry no per-article date). ``--show`` prints the
dropped lines and the dates found, for reading by hand.

    .venv/bin/python tools/measure_cleaning.py [--split tune|check] [--show]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from communique import RawDocument, clean, language, metadata
from communique.clean import find_stamp
from communique.errors import InputError

CORPORA = Path("/work/shared/corpora")
#: Collection windows from each corpus's notes (none known for the Russian one).
WINDOWS: dict[str, tuple[date, date] | None] = {
    "de_10kgnad": (date(2015, 6, 1), date(2016, 5, 31)),
    "es_fakenewscorpus_true": (date(2017, 11, 1), date(2018, 7, 31)),
    "ru_factrueval2016": None,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("tune", "check"), default=None)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    splits = (args.split,) if args.split else ("tune", "check")
    for folder, window in WINDOWS.items():
        path = next((CORPORA / folder).glob("*.jsonl"))
        records = [json.loads(line) for line in path.open(encoding="utf-8")]
        for split in splits:
            rows = records[0 if split == "tune" else 1 :: 2]
            lines = dropped = dated = in_window = with_dateline = stamps = date_openings = 0
            for record in rows:
                raw = RawDocument(source=record["id"], text=record["text"], title=record.get("title"))
                try:
                    doc = metadata(language(clean(raw)))
                except InputError:
                    continue
                lines += len(doc.paragraphs) + len(doc.chrome)
                dropped += len(doc.chrome)
                stamps += sum(1 for line in doc.chrome if find_stamp(line))
                # Kept paragraphs that open with a full date: story text the stamp rules must leave.
                for paragraph in doc.paragraphs:
                    if find_stamp(paragraph):
                        date_openings += 1
                        if args.show:
                            print(f"  KEPT-DATE {record['id']}: {paragraph[:120]!r}")
                if args.show:
                    for line in doc.chrome:
                        print(f"  CHROME {record['id']}: {line[:160]!r}")
                found = doc.published or doc.dateline.date
                with_dateline += bool(doc.dateline.date)
                if found:
                    dated += 1
                    day = date.fromisoformat(found)
                    in_window += bool(window and window[0] <= day <= window[1])
                    if args.show:
                        print(f"  DATE {record['id']}: {found} {doc.dateline} {doc.paragraphs[0][:100]!r}")
            print(
                f"{folder} {split}: {len(rows)} articles, {lines} lines, {dropped} dropped as chrome "
                f"({stamps} of them stamps); {date_openings} kept paragraphs open with a date; "
                f"dated from text {dated} (dateline date {with_dateline}), in the collection window "
                f"{in_window if window else 'n/a'}"
            )


if __name__ == "__main__":
    main()
