"""Validate evaluation/events.jsonl and print its counts.

Usage (from the project root):

    .venv/bin/python evaluation/validate.py [--events FILE] [--table CAMEO2PLOVER.txt] [--markdown]

Checks: every line is a JSON object of the documented shape; ids are unique and follow
``<language>-<category>-NNN``; the id's category is the PLOVER category of the first event ("none" for
sentences without events); every PLOVER category is one of the 16; every CAMEO code is in
CAMEO2PLOVER-2021.txt with that PLOVER category and that mode; countries are ISO 3166-1 alpha-3 (pycountry),
"IGO" (with the organisation's name) or null; coverage is at least 4 sentences per language x category and
25 sentences without events; no person or body from the seed articles is used. Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pycountry

HERE = Path(__file__).resolve().parent
LANGUAGES = ["en", "fr", "ru", "es", "zh"]
CATEGORIES = [
    "ACCUSE",
    "AGREE",
    "AID",
    "ASSAULT",
    "COERCE",
    "CONCEDE",
    "CONSULT",
    "COOPERATE",
    "MOBILIZE",
    "PROTEST",
    "REJECT",
    "REQUEST",
    "RETREAT",
    "SANCTION",
    "SUPPORT",
    "THREATEN",
]
# people and bodies of the seed articles (/work/shared/seeds), which this set must not reuse
BANNED = [
    "Ding Xuexiang",
    "Sklyar",
    "Tokayev",
    "Smailov",
    "Xi Jinping",
    "China-Kazakhstan Cooperation Committee",
    "Kazakhstan-China Cooperation Committee",
    "Comité de coopération Chine-Kazakhstan",
    "丁薛祥",
    "斯克利亚尔",
    "托卡耶夫",
    "斯迈洛夫",
    "习近平",
    "中哈合作委员会",
    "Дин Сюэсян",
    "Скляр",
    "Токаев",
    "Смаилов",
    "Си Цзиньпин",
]
REQUIRED = {"id", "language", "text", "date", "events"}
MIN_PER_CELL = 4
MIN_NONE = 25
MIN_TOTAL = 330


def default_table() -> Path:
    env = os.environ.get("COMMUNIQUE_CAMEO2PLOVER")
    if env:
        return Path(env)
    # the shared ontology folder sits next to the project root (../shared/ontology)
    return HERE.parent.parent / "shared" / "ontology" / "CAMEO2PLOVER-2021.txt"


def load_table(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER category, mode or None) from CAMEO2PLOVER-2021.txt."""
    table: dict[str, tuple[str, str | None]] = {}
    pattern = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,]*),([^#]*)#")
    for line in path.read_text(encoding="utf-8").splitlines():
        m = pattern.match(line)
        if m:  # header lines such as "03: AGREE" have no commas and are skipped
            table[m.group(1)] = (m.group(2), m.group(3).strip() or None)
    return table


def valid_country(code: object) -> bool:
    return isinstance(code, str) and (code == "IGO" or pycountry.countries.get(alpha_3=code) is not None)


def check_side(side: object, where: str, errors: list[str]) -> None:
    if side is None:
        return
    if not isinstance(side, dict) or set(side) != {"name", "country"}:
        errors.append(f"{where}: a side is null or an object with exactly 'name' and 'country'")
        return
    name, country = side["name"], side["country"]
    if name is not None and (not isinstance(name, str) or not name.strip()):
        errors.append(f"{where}: name must be a non-empty string or null")
    if country is not None and not valid_country(country):
        errors.append(f"{where}: country {country!r} is not ISO 3166-1 alpha-3, 'IGO' or null")
    if country == "IGO" and not name:
        errors.append(f"{where}: an IGO side needs the organisation's name")
    if name is None and country is None:
        errors.append(f"{where}: use null for the whole side when both name and country are unknown")


Record = dict[str, Any]
Counts = collections.Counter[tuple[str, str]]


def validate(events_path: Path, table_path: Path) -> tuple[list[Record], list[str]]:
    table = load_table(table_path)
    errors: list[str] = []
    records: list[Record] = []
    seen: set[str] = set()
    id_re = re.compile(r"^(en|fr|ru|es|zh)-([a-z]+)-(\d{3})$")
    for lineno, line in enumerate(events_path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {lineno}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(rec, dict):
            errors.append(f"{where}: not an object")
            continue
        records.append(rec)
        keys = set(rec)
        if not keys >= REQUIRED or keys - REQUIRED - {"note"}:
            errors.append(f"{where}: keys must be {sorted(REQUIRED)} and optionally note; got {sorted(keys)}")
            continue
        rid = rec["id"]
        where = f"line {lineno} ({rid})"
        if rid in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(rid)
        m = id_re.match(str(rid))
        if not m:
            errors.append(f"{where}: id must look like en-consult-001")
            continue
        lang, idcat = m.group(1), m.group(2)
        if rec["language"] != lang or lang not in LANGUAGES:
            errors.append(f"{where}: language {rec['language']!r} does not match the id")
        if not isinstance(rec["text"], str) or len(rec["text"]) < 10:
            errors.append(f"{where}: text missing or too short")
        else:
            text = rec["text"]
            if lang == "ru" and not re.search(r"[А-Яа-яЁё]", text):
                errors.append(f"{where}: Russian text without Cyrillic")
            if lang == "zh" and not re.search(r"[\u4e00-\u9fff]", text):
                errors.append(f"{where}: Chinese text without Han characters")
            for banned in BANNED:
                if banned.lower() in text.lower():
                    errors.append(f"{where}: uses {banned!r} from the seed articles")
        try:
            datetime.date.fromisoformat(rec["date"])
        except (TypeError, ValueError):
            errors.append(f"{where}: date {rec['date']!r} is not YYYY-MM-DD")
        if "note" in rec and (not isinstance(rec["note"], str) or not rec["note"].strip()):
            errors.append(f"{where}: note must be a non-empty string")
        evs = rec["events"]
        if not isinstance(evs, list) or len(evs) > 2:
            errors.append(f"{where}: events must be a list of at most two events")
            continue
        if idcat == "none":
            if evs:
                errors.append(f"{where}: a 'none' sentence must have no events")
            continue
        if not evs:
            errors.append(f"{where}: id says {idcat} but there are no events")
            continue
        for i, ev in enumerate(evs):
            ew = f"{where} event {i}"
            if not isinstance(ev, dict) or set(ev) != {"plover", "cameo", "mode", "source", "target"}:
                errors.append(f"{ew}: keys must be plover, cameo, mode, source, target")
                continue
            plover, cameo = ev["plover"], ev["cameo"]
            if plover not in CATEGORIES:
                errors.append(f"{ew}: {plover!r} is not one of the 16 PLOVER categories")
            if cameo not in table:
                errors.append(f"{ew}: CAMEO {cameo!r} is not in CAMEO2PLOVER-2021.txt")
            else:
                t_plover, t_mode = table[cameo]
                if t_plover != plover:
                    errors.append(f"{ew}: CAMEO {cameo} is {t_plover} in the table, not {plover}")
                if ev["mode"] != t_mode:
                    errors.append(f"{ew}: mode {ev['mode']!r} but the table gives {t_mode!r} for {cameo}")
            check_side(ev["source"], f"{ew} source", errors)
            check_side(ev["target"], f"{ew} target", errors)
            if ev["source"] is None and ev["target"] is None:
                errors.append(f"{ew}: both sides unknown")
        if evs[0].get("plover", "").lower() != idcat:
            first = evs[0].get("plover")
            errors.append(f"{where}: id category {idcat!r} differs from the first event's {first!r}")
    return records, errors


def counts(records: list[Record]) -> tuple[Counts, Counts]:
    """(sentences whose events include the category, events) per (category, language)."""
    sentences: Counts = collections.Counter()
    events: Counts = collections.Counter()
    for r in records:
        if not r.get("events"):
            sentences["none", r["language"]] += 1
            continue
        for cat in {e["plover"] for e in r["events"]}:
            sentences[cat, r["language"]] += 1
        for e in r["events"]:
            events[e["plover"], r["language"]] += 1
    return sentences, events


def markdown_table(records: list[Record]) -> str:
    sentences, events = counts(records)
    head = "| category | " + " | ".join(LANGUAGES) + " | total | events |"
    rows = [head, "| --- | " + " | ".join("---:" for _ in LANGUAGES) + " | ---: | ---: |"]
    for cat in [*CATEGORIES, "none"]:
        cells = [sentences[cat, lang] for lang in LANGUAGES]
        ev = sum(events[cat, lang] for lang in LANGUAGES) if cat != "none" else 0
        rows.append(f"| {cat} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} | {ev} |")
    per_lang = collections.Counter(r["language"] for r in records)
    n_events = sum(len(r["events"]) for r in records)
    rows.append(
        "| **sentences** | "
        + " | ".join(str(per_lang[lang]) for lang in LANGUAGES)
        + f" | **{len(records)}** | {n_events} |"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=Path, default=HERE / "events.jsonl")
    ap.add_argument(
        "--table",
        type=Path,
        default=default_table(),
        help="CAMEO2PLOVER-2021.txt (default ../shared/ontology/, or $COMMUNIQUE_CAMEO2PLOVER)",
    )
    ap.add_argument("--markdown", action="store_true", help="print only the counts table")
    args = ap.parse_args(argv)
    if not args.table.is_file():
        print(f"cannot read the CAMEO2PLOVER table at {args.table}: pass --table", file=sys.stderr)
        return 2
    records, errors = validate(args.events, args.table)
    sentences, _ = counts(records)
    for lang in LANGUAGES:
        for cat in CATEGORIES:
            if sentences[cat, lang] < MIN_PER_CELL:
                n = sentences[cat, lang]
                errors.append(f"coverage: {lang} x {cat} has {n} sentences (< {MIN_PER_CELL})")
    n_none = sum(sentences["none", lang] for lang in LANGUAGES)
    if n_none < MIN_NONE:
        errors.append(f"coverage: {n_none} sentences without events (< {MIN_NONE})")
    if len(records) < MIN_TOTAL:
        errors.append(f"coverage: {len(records)} sentences (< {MIN_TOTAL})")
    if args.markdown:
        print(markdown_table(records))
    else:
        print(markdown_table(records))
        print()
        print(f"{len(records)} sentences, {len(errors)} errors")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
