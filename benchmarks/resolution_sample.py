"""A fixed random sample of resolved entities, printed for checking by hand (issue 14, item 4).

Two samples from one store, both drawn with a fixed seed so that a rerun on the same store prints the
same list:

* **entities** — people and organisations that have more than one name or more than one article
  (the only ones resolution can have over-joined). Each is printed with every member: the names,
  country, offices and language its article gives, and the article's first words. The question for
  each: does it join two different real-world things?
* **pairs** — two stored entities that look alike: people whose surnames are the same name
  (same phonetic key, or across scripts the same consonant classes, :func:`communique.romanize.sound_classes`)
  and whose countries do not contradict; organisations sharing a word key. The question for each:
  are they one real thing left split?

Places are left out: they join by the place gazetteer's canonical name (``places.lookup_place``), not
by the comparison this benchmark is about.

Verdicts are read from a JSON file (``--judgements``: ``{"entities": {"id@sig": "ok"|"over"|"junk"},
"pairs": {"id1@sig1 id2@sig2": "split"|"different"|"unsure"}}``, plus free-text notes; ``sig`` hashes the
entity's members, so a verdict is read back only for the very same entity) and the shares printed for
what is judged, by half (an entity's first article id, hex digit even: tune, odd: check); anything not
judged yet is printed with ``?``. "junk" (not a real entity, a tagger's error) and "unsure" do not count.
A census of the whole store follows: people named in two scripts, organisations holding two names that
share no word, people holding two given names on one surname — every case listed, to check by hand.

Measured (issue 14, item 4; ru+de+es corpora, seeds and examples, 875 articles; seed 14):

========================================  ===================  ===================
                                          before (ecb2139)     after
========================================  ===================  ===================
(a) over-joined, tune / check / all       2/55, 6/45, 8/100    2/62, 1/38, 3/100
(b) split look-alike pairs (all)          24/85 of 1277 pairs  28/92 of 1157 pairs
people in two scripts (all checked)       16 (1 wrong)         25 (0 wrong)
organisations, two names no shared word   17 (5 wrong)         14 (1 wrong: PP)
two given names on one surname            16 (7 two people)    3 (0)
========================================  ===================  ===================

Run from the repository root::

    .venv/bin/python benchmarks/resolution_sample.py --db X.db [--n 100] [--seed 14]
        [--judgements benchmarks/resolution_judgements_before.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from communique.entities import name_key
from communique.romanize import script, sound_classes


def _members(db: sqlite3.Connection) -> dict[str, list[tuple[str, ...]]]:
    rows = db.execute(
        "SELECT l.entity_id, l.name, l.names, coalesce(l.country, ''), l.titles, coalesce(l.language, ''),"
        " l.article_id, substr(replace(coalesce(a.title, a.text), char(10), ' '), 1, 70)"
        " FROM local_entities l JOIN articles a ON a.id = l.article_id ORDER BY l.key"
    )
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in rows:
        found[row[0]].append(tuple(str(v) for v in row[1:]))
    return found


def _surname_keys(name: str) -> set[str]:
    parts = name_key(name).split()
    if not parts:
        return set()
    keys = {f"K:{parts[-1]}"}
    last = name.split()[-1] if script(name) != "han" else name
    classes = sound_classes(last)
    if len(classes) >= 3:  # two consonant classes are shared by far too many names to be a cue
        keys.add(f"F:{classes}")
    return keys


def _signature(rows: list[tuple[str, ...]]) -> str:
    """A short hash of an entity's members (name and article of each): a verdict is read back only for
    the very same entity, whatever its id, so judgements survive a re-ingest that changes nothing."""
    members = sorted(f"{m[6]}|{m[0]}" for m in rows)
    return hashlib.sha1("\n".join(members).encode()).hexdigest()[:8]


def _scripts(rows: list[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(script(m[0]) for m in rows)


def _half(ident: str, members: dict[str, list[tuple[str, ...]]]) -> str:
    """ "tune" or "check": by the first article of the entity (a hash, so fixed and even)."""
    first = min(m[5] for m in members[ident])
    return "tune" if int(first[-1], 16) % 2 == 0 else "check"


def _shares(label: str, verdicts: dict[str, str], keys: list[str], bad: str, halves: list[str]) -> None:
    for half in ("tune", "check", "all"):
        chosen = [k for k, h in zip(keys, halves, strict=True) if half in ("all", h)]
        done = [k for k in chosen if verdicts.get(k, "unsure") != "unsure"]
        n_bad = sum(verdicts[k] == bad for k in done)
        print(
            f"{label} {half}: {n_bad} of {len(done)} judged ({n_bad / max(len(done), 1):.1%}),"
            f" unjudged {len(chosen) - len(done)}"
        )


def main() -> None:
    """Print the two samples and the shares of what is judged."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--db", required=True)
    args.add_argument("--n", type=int, default=100)
    args.add_argument("--seed", type=int, default=14)
    args.add_argument("--judgements", type=Path)
    opts = args.parse_args()
    db = sqlite3.connect(opts.db)
    entities = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT id, name, type, coalesce(country, ''), n_articles FROM entities"
            " WHERE type IN ('PERSON', 'ORG')"
        )
    }
    members = _members(db)
    verdicts = json.loads(opts.judgements.read_text()) if opts.judgements and opts.judgements.exists() else {}
    judged_e: dict[str, str] = verdicts.get("entities", {})
    judged_p: dict[str, str] = verdicts.get("pairs", {})

    eligible = sorted(
        ident
        for ident, (_, _, _, n) in entities.items()
        if n > 1 or len({m[0] for m in members.get(ident, [])}) > 1
    )
    rng = random.Random(opts.seed)
    sample = sorted(rng.sample(eligible, min(opts.n, len(eligible))), key=lambda i: entities[i][0])
    print(f"# {len(sample)} of {len(eligible)} eligible entities (seed {opts.seed})\n")
    sig = {ident: f"{ident}@{_signature(members[ident])}" for ident in entities if ident in members}
    for ident in sample:
        name, kind, country, n = entities[ident]
        print(
            f"[{judged_e.get(sig[ident], '?')}] {sig[ident]} {_half(ident, members)} {kind} {name!r}"
            f" {country} articles={n}"
        )
        for m in members[ident]:
            print(f"    {m[0]!r} names={m[1]} {m[2]} {m[3]} {m[4]} {m[5]} | {m[6]}")
    print()
    _shares(
        "(a) over-joined", judged_e, [sig[i] for i in sample], "over", [_half(i, members) for i in sample]
    )
    print()

    # Pairs of entities that look alike.
    index: dict[str, set[str]] = defaultdict(set)
    for ident, (_, kind, _, _) in entities.items():
        for m in members.get(ident, []):
            if kind == "PERSON" and len(m[0].split()) >= 1:
                for key in _surname_keys(m[0]):
                    index[key].add(ident)
            elif kind == "ORG":
                index[f"O:{name_key(m[0])}"].add(ident)
    pairs: set[tuple[str, str]] = set()
    for key, idents in index.items():
        if len(idents) > 40:  # a name shared by that many entities is a first name or a word: no cue
            continue
        for a, b in combinations(sorted(idents), 2):
            ca, cb = entities[a][2], entities[b][2]
            if ca and cb and ca != cb:
                continue
            # Sound classes are a cue only across scripts: within one, the surname key is.
            # and only for people of one country ("same-country persons with matching surnames").
            if key.startswith("F:") and (
                _scripts(members[a]) == _scripts(members[b]) or not (ca and ca == cb)
            ):
                continue
            pairs.add((a, b))
    pair_list = sorted(pairs)
    chosen = sorted(rng.sample(pair_list, min(opts.n, len(pair_list))))
    print(f"# {len(chosen)} of {len(pair_list)} look-alike pairs (seed {opts.seed})\n")
    for a, b in chosen:
        key = f"{sig[a]} {sig[b]}"
        print(f"[{judged_p.get(key, '?')}] {key}")
        for ident in (a, b):
            name, kind, country, n = entities[ident]
            print(f"    {kind} {name!r} {country} articles={n}")
            for m in members[ident][:4]:
                print(f"        {m[0]!r} names={m[1]} {m[2]} {m[3]} {m[4]} | {m[6]}")
    print()
    keys = [f"{sig[a]} {sig[b]}" for a, b in chosen]
    _shares("(b) split", judged_p, keys, "split", [_half(a, members) for a, _ in chosen])
    census(entities, members)


def census(entities: dict[str, tuple[str, ...]], members: dict[str, list[tuple[str, ...]]]) -> None:
    """Whole-store counts of the three error kinds of issue 14 (every case listed, to check by hand):
    people named in two scripts or more (joins across scripts), organisations holding two names that
    share no word (joined on initials or a letter), people holding two full names with the same
    surname and different given names (joined through a bare surname)."""
    scripts, disjoint, namesakes = [], [], []
    for ident, (name, kind, _, n) in sorted(entities.items(), key=lambda e: e[1][0]):
        rows = members.get(ident, [])
        full = sorted({m[0] for m in rows})
        if kind == "PERSON" and len({script(f) for f in full}) > 1:
            scripts.append(f"{name} ({n}): {', '.join(full)}")
        if kind == "ORG":
            words = [set(name_key(f).split()) for f in full]
            if any(not (a & b) for a, b in combinations(words, 2)):
                disjoint.append(f"{name} ({n}): {', '.join(full)}")
        if kind == "PERSON":
            # In one script, neither name the end of the other ("Peña Nieto" in "Enrique Peña Nieto").
            keys = [(script(f), name_key(f).split()) for f in full]
            if any(
                sa == sb
                and min(len(a), len(b)) >= 2
                and a[-1] == b[-1]
                and a[0] != b[0]
                and a[-len(b) :] != b
                and b[-len(a) :] != a
                for (sa, a), (sb, b) in combinations(keys, 2)
            ):
                namesakes.append(f"{name} ({n}): {', '.join(full)}")
    for label, found in (
        ("people in two scripts or more", scripts),
        ("organisations with two names sharing no word", disjoint),
        ("people with two given names on one surname", namesakes),
    ):
        print(f"\n## {label}: {len(found)}")
        for line in found:
            print("   ", line[:160])


if __name__ == "__main__":
    main()
