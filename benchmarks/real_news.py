"""The coder on real news coded by people: every figure of the coder issue, from ../shared/eventdata.

    .venv/bin/python benchmarks/real_news.py                  # every set, the reported halves
    .venv/bin/python benchmarks/real_news.py --split tune     # real_en_dev's tune half (look at errors here)
    .venv/bin/python benchmarks/real_news.py --errors tune.jsonl --split tune --only real_en_dev

These files are **measure only** (../shared/eventdata/README.md): read, coded, scored; never copied into
the project, trained on or mined for lexicon lines. Errors are looked at on the ``tune`` half of
``real_en_dev.tsv`` only; the ``check`` half is the figure reported. Each text goes through
:func:`communique.coding.code_text`, the function behind ``communique code``.

Figures (as the issue defines them):

- ``real_en_dev``: the first event's PLOVER category against ``plover_root`` (``YIELD`` is CONCEDE or
  RETREAT) on rows that have one; the share of rows whose gold ``source`` words appear in the first
  event's source-side actor (rows with a source and an event whose source side has a name); rows with
  no event at all.
- ``case2021_acled_en``: macro F1 of ASSAULT / PROTEST / COERCE, the first event's category against the
  sub-type mapped to PLOVER.
- ``acep_conflict_es``: an article (title, summary, body) reports a protest or strike when any of its
  events is PROTEST; F1 against ``clas_hum`` (and the F1 of answering "yes" always).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

# tests/test_real_news.py loads this file by its path: the harness beside it is importable then too.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import EVENTDATA, parser, read_rows, require, timed

ACLED_TO_PLOVER = {
    **dict.fromkeys(
        "ARMED_CLASH AIR_STRIKE ART_MISS_ATTACK ATTACK CHEM_WEAP GRENADE REM_EXPLOS SUIC_BOMB SEX_VIOL "
        "ABDUCT_DISSAP MOB_VIOL PROPERTY_DISTRUCT".split(),
        "ASSAULT",
    ),
    **dict.fromkeys("PEACE_PROTEST PROTEST_WITH_INTER VIOL_DEMONSTR".split(), "PROTEST"),
    "FORCE_AGAINST_PROTEST": "COERCE",
    "ARREST": "COERCE",
    "AGREEMENT": "AGREE",
    "NON_VIOL_TERRIT_TRANSFER": "RETREAT",
}
_SOURCE_SIDE = ("source", "visitor", "participant", "co-chair", "host")
_WORD = re.compile(r"[^\W_]+")


def _code(item: tuple[str, str]) -> list[dict[str, Any]]:
    from communique.coding import code_text, event_record

    text, language = item
    try:
        return [event_record(e, None) for e in code_text(text, language)]
    except Exception as exc:  # a failure is a row without events, and says so
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return []


def _code_all(items: list[tuple[str, str]], workers: int) -> list[list[dict[str, Any]]]:
    if workers <= 1:
        return [_code(i) for i in items]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_code, items, chunksize=16))


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) > 1 or w.isupper()}


def _source_name(event: dict[str, Any]) -> str | None:
    return next((a["name"] for a in event["actors"] if a["role"] in _SOURCE_SIDE and a["name"]), None)


def _source_country(event: dict[str, Any]) -> str | None:
    return next((a["country"] for a in event["actors"] if a["role"] in _SOURCE_SIDE), None)


def _first_country(text: str) -> str | None:
    """The first country a text names (a country, a demonym, "U.S."), read with the project's own
    country lexicon: the gold source's country where the annotator's words name one."""
    from communique.countries import country_code

    words = re.findall(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?", text)
    for phrase in words:
        parts = phrase.split()
        for candidate in (phrase, *parts):
            code = country_code(
                candidate.rstrip(".'’s") if candidate.endswith(("'s", "’s")) else candidate, "en"
            )
            if code:
                return code
    return None


def _wanted(gold: str) -> set[str]:
    """The categories that count as right: the older PLOVER YIELD is today's CONCEDE or RETREAT."""
    return {"CONCEDE", "RETREAT"} if gold == "YIELD" else {gold}


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def real_en_dev(split: str, workers: int, errors: list[dict[str, Any]] | None) -> dict[str, Any]:
    rows = [r for r in read_rows(EVENTDATA / "real_en_dev.tsv") if r["split"] == split]
    coded = _code_all([(r["text"], "en") for r in rows], workers)
    scored = right = no_event = source_checked = source_right = 0
    country_checked = country_right = baseline_right = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for row, events in zip(rows, coded, strict=True):
        gold = row["plover_root"]
        first = events[0] if events else None
        predicted = first["plover"] if first else "-"
        if gold:
            scored += 1
            no_event += first is None
            ok = predicted in _wanted(gold)
            right += ok
            if not ok:
                confusion[(gold, predicted)] += 1
        source = _source_name(first) if first else None
        if row["source"].strip() and source:
            source_checked += 1
            found = _words(source) <= _words(row["source"])
            source_right += found
        wanted_country = _first_country(row["source"])
        if wanted_country:
            country_checked += 1
            country_right += first is not None and _source_country(first) == wanted_country
            baseline_right += _first_country(row["text"]) == wanted_country
        if errors is not None and gold and predicted not in _wanted(gold):
            errors.append({"text": row["text"], "gold": gold, "source": row["source"], "events": events})
    return {
        "set": f"real_en_dev.tsv ({split})",
        "rows": scored,
        "category": right / scored if scored else 0.0,
        "source_words": source_right / source_checked if source_checked else 0.0,
        "source_checked": source_checked,
        "no_event": no_event,
        # The gold source's country, where its words name one, against the first event's source side;
        # and the baseline of taking the first country the sentence names.
        "source_country": country_right / country_checked if country_checked else 0.0,
        "source_country_rows": country_checked,
        "first_country_baseline": baseline_right / country_checked if country_checked else 0.0,
        "confusion": confusion.most_common(15),
    }


def case2021(workers: int) -> dict[str, Any]:
    rows = read_rows(EVENTDATA / "case2021_acled_en.tsv")
    coded = _code_all([(r["EventSnippet"], "en") for r in rows], workers)
    classes = ("ASSAULT", "PROTEST", "COERCE")
    counts = {c: Counter[str]() for c in classes}
    for row, events in zip(rows, coded, strict=True):
        gold = ACLED_TO_PLOVER.get(row["SubType"])
        predicted = events[0]["plover"] if events else None
        for c in classes:
            if predicted == c and gold == c:
                counts[c]["tp"] += 1
            elif predicted == c:
                counts[c]["fp"] += 1
            elif gold == c:
                counts[c]["fn"] += 1
    f1 = {c: _f1(counts[c]["tp"], counts[c]["fp"], counts[c]["fn"]) for c in classes}
    return {"set": "case2021_acled_en.tsv", "rows": len(rows), "macro_f1": sum(f1.values()) / 3, "f1": f1}


def acep(workers: int) -> dict[str, Any]:
    rows = read_rows(EVENTDATA / "acep_conflict_es.csv", delimiter=",")
    texts = [
        "\n\n".join(p.strip() for p in (r["titulo"], r["bajada"], r["nota"]) if p and p.strip()) for r in rows
    ]
    coded = _code_all([(t, "es") for t in texts], workers)
    tp = fp = fn = positives = 0
    for row, events in zip(rows, coded, strict=True):
        gold = row["clas_hum"].strip().lower() in ("true", "1", "1.0")
        positives += gold
        found = any(e["plover"] == "PROTEST" for e in events)
        tp += found and gold
        fp += found and not gold
        fn += gold and not found
    return {
        "set": "acep_conflict_es.csv",
        "rows": len(rows),
        "protest_f1": _f1(tp, fp, fn),
        "always_yes_f1": _f1(positives, len(rows) - positives, 0),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
    }


def main(argv: Iterable[str] | None = None) -> None:
    options = parser(__doc__)
    options.add_argument("--split", default="check", choices=("check", "tune"))
    options.add_argument("--only", choices=("real_en_dev", "case2021", "acep"))
    options.add_argument("--workers", type=int, default=2)
    options.add_argument("--errors", help="write the tune half's wrong rows here (JSONL)")
    options.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = options.parse_args(list(argv) if argv is not None else None)
    require(EVENTDATA)
    if args.errors and args.split != "tune":
        sys.exit("--errors is for the tune half only (--split tune)")
    errors: list[dict[str, Any]] | None = [] if args.errors else None
    runs: dict[str, Callable[[], dict[str, Any]]] = {
        "real_en_dev": lambda: real_en_dev(args.split, args.workers, errors),
        "case2021": lambda: case2021(args.workers),
        "acep": lambda: acep(args.workers),
    }
    results = []
    for name, run in runs.items():
        if args.only and name != args.only:
            continue
        result, took = timed(run)
        result["seconds"] = round(took, 1)
        results.append(result)
        if not args.json:
            print(json.dumps(result, ensure_ascii=False, default=str))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, default=str, indent=1))
    if errors is not None:
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
        Path(args.errors).write_text(lines, "utf-8")


if __name__ == "__main__":
    main()
