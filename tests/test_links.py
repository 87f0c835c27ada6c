"""Stage ``link``: near-duplicates, translations and stories (the ``clusters`` of gold.json,
the sample corpus in examples/, arrival order, a story that grows)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from communique import Settings, Store, ingest, process, read_inputs
from communique.near_duplicates import THRESHOLD, band_keys, jaccard, signature
from tests.conftest import store_corpus

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _prefixes(paths: list[str]) -> dict[str, str]:
    return {process(raw).id: Path(raw.source).name[:3] for raw in read_inputs(paths)}  # type: ignore[arg-type]


def _clusters(db: str, paths: list[str], prefix: dict[str, str]) -> dict[str, Any]:
    with Store(db) as store:
        ingest(paths, store, Settings(db=db))
        articles = list(store.iter_articles())
        stories = list(store.iter_stories())
    return {
        "translations": sorted(
            sorted((prefix[a.translation_of], prefix[a.id])) for a in articles if a.translation_of
        ),
        "duplicates": sorted((prefix[a.duplicate_of], prefix[a.id]) for a in articles if a.duplicate_of),
        "stories": sorted(sorted(prefix[a] for a in s["article_ids"]) for s in stories),
        "records": stories,
    }


def test_signatures_find_edited_copies_not_other_reports() -> None:
    text = " ".join(f"word{i} of the report number {i % 7}" for i in range(120))
    edited = text.replace("word5 ", "term5 ").replace("word60 ", "term60 ") + " A closing line added."
    other = " ".join(f"token{i} in another story {i % 5}" for i in range(120))
    assert jaccard(signature(text), signature(edited)) >= THRESHOLD
    assert jaccard(signature(text), signature(other)) < 0.2
    assert set(band_keys(signature(text))) & set(band_keys(signature(edited)))
    assert len(signature(text)) == 256 and signature(text) == signature(text)


def test_seed_clusters_are_exact(seeds_dir: Path, gold: dict[str, Any], tmp_path: Path) -> None:
    paths = [str(p) for p in sorted(seeds_dir.glob("*.txt"))]
    found = _clusters(str(tmp_path / "seeds.db"), paths, _prefixes(paths))
    assert found["translations"] == sorted(sorted(pair) for pair in gold["clusters"]["translations"])
    assert found["stories"] == sorted(sorted(s) for s in gold["clusters"]["same_visit_or_story"])
    assert found["duplicates"] == []
    [big] = [s for s in found["records"] if len(s["article_ids"]) == 4]
    assert big["languages"] == ["en", "fr"] and big["start"] == "2023-11-26" and big["end"] == "2023-11-27"
    assert big["event_ids"] and big["title"]


def test_sample_corpus_duplicates_and_translations(tmp_path: Path) -> None:
    key = json.loads((EXAMPLES / "answer_key.json").read_text("utf-8"))
    db = str(tmp_path / "examples.db")
    with Store(db) as store:
        summary = ingest([str(EXAMPLES / "corpus")], store, Settings(db=db))
        by_url = {a.url: a for a in store.iter_articles() if a.url}
        by_title = {a.title: a for a in store.iter_articles()}
    assert summary.known >= 1  # the republished copy (A4) is the same text as A1: stored once
    articles = {a["key"]: a for a in key["articles"]}

    def stored(k: str) -> Any:
        return by_title[articles[k]["title"]]

    [[original, edited]] = key["clusters"]["near_duplicates"]
    assert stored(edited).duplicate_of == stored(original).id
    assert stored(original).duplicate_of is None
    [[source, translation]] = key["clusters"]["translations"]
    assert stored(translation).translation_of == stored(source).id
    # Nothing else is linked: other outlets' reports of the same meeting are not translations.
    assert sum(1 for a in by_title.values() if a.translation_of) == 1
    assert sum(1 for a in by_title.values() if a.duplicate_of) == 1
    assert by_url  # URLs kept for outlets


def test_links_do_not_depend_on_arrival_order(tmp_path: Path) -> None:
    paths = (
        store_corpus()
        + [str(EXAMPLES / "corpus" / "jsonl" / "sample.jsonl")]
        + [
            str(EXAMPLES / "corpus" / "html" / name)
            for name in ("echodiplomatique_fr_2025-03-12_chili-allemagne-edited.html",)
        ]
        + [str(EXAMPLES / "corpus" / "text" / "afp_fr_2025-03-11_allemagne-chili-lithium.txt")]
    )
    prefix = _prefixes(paths)
    results = []
    for seed in (0, 1, 2):
        order = paths[:]
        random.Random(seed).shuffle(order)
        db = str(tmp_path / f"order{seed}.db")
        with Store(db) as store:
            for path in order:  # one article per batch: the most incremental arrival
                ingest([path], store, Settings(db=db))
            results.append(
                (
                    sorted((a.id, a.duplicate_of, a.translation_of) for a in store.iter_articles()),
                    sorted((s["id"], tuple(s["article_ids"])) for s in store.iter_stories()),
                )
            )
    assert results[0] == results[1] == results[2]
    assert any(dup for _, dup, _ in results[0][0]) and any(tr for _, _, tr in results[0][0])
    assert len(prefix) == sum(1 for _ in read_inputs(paths))  # every document read became an article


def test_a_story_grows_as_reports_arrive(tmp_path: Path) -> None:
    db = str(tmp_path / "grow.db")
    # The 12th meeting's report last: the five reports of the 11th meeting's visit join one story as
    # they arrive, the later meeting stands apart.
    reports = sorted(store_corpus(), key=lambda path: "twelfth" in Path(path).name)
    sizes = []
    with Store(db) as store:
        for path in reports:
            ingest([path], store, Settings(db=db))
            sizes.append(sorted(len(s["article_ids"]) for s in store.iter_stories()))
    assert sizes == [[1], [2], [3], [4], [5], [1, 5]]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_stories(tmp_path: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    db = str(tmp_path / "export.db")
    with Store(db) as store:
        ingest(store_corpus(), store, Settings(db=db))
    result = CliRunner().invoke(app, ["export", "stories", "--format", fmt, "--db", db])
    assert result.exit_code == 0
    if fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert sorted(len(r["article_ids"]) for r in records) == [1, 5]
        assert {"id", "title", "article_ids", "event_ids", "start", "end", "n_outlets"} <= set(records[0])
    else:
        assert result.stdout.splitlines()[0].startswith("id,") and len(result.stdout.splitlines()) == 3


def test_sample_corpus_stories_never_mix(tmp_path: Path) -> None:
    key = json.loads((EXAMPLES / "answer_key.json").read_text("utf-8"))
    title_of = {a["key"]: a["title"] for a in key["articles"]}
    gold = {title_of[k]: i for i, story in enumerate(key["clusters"]["same_visit_or_story"]) for k in story}
    db = str(tmp_path / "stories.db")
    with Store(db) as store:
        ingest([str(EXAMPLES / "corpus")], store, Settings(db=db))
        titles = {a.id: a.title for a in store.iter_articles()}
        found = [[gold[titles[a]] for a in s["article_ids"]] for s in store.iter_stories()]
    assert all(len(set(story)) == 1 for story in found)  # precision: one gold story each
    # The visit announced in advance, its meeting and three reports of it in four languages: one story.
    assert sorted(len(s) for s in found if s[0] == 2) == [len(key["clusters"]["same_visit_or_story"][2])]
    assert max(len(s) for s in found) >= 6


TRAVELS = Path(__file__).resolve().parent / "stories" / "travels.jsonl"


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_stories_stay_bounded_for_a_busy_traveller(tmp_path: Path, order: str) -> None:
    # A minister announces a trip to Japan (1 March), makes it (20 March), goes on to Seoul (5 April)
    # and meets the Japanese minister again in Warsaw in September: the announcement and its first trip
    # make one story; the next trip and the later meeting are stories of their own. One article per
    # batch, in both orders: the second order stores the Seoul trip before the Tokyo one, so the
    # announcement first pairs with Seoul and must let it go when Tokyo arrives.
    lines = TRAVELS.read_text("utf-8").splitlines()
    db = str(tmp_path / "travels.db")
    with Store(db) as store:
        for number, line in enumerate(lines if order == "forward" else lines[::-1]):
            path = tmp_path / f"{number}.jsonl"
            path.write_text(line + "\n", "utf-8")
            ingest([str(path)], store, Settings(db=db))
        titles = {a.id: a.title for a in store.iter_articles()}
        stories = sorted(sorted(titles[a] for a in s["article_ids"]) for s in store.iter_stories())
    assert stories == [
        ["Japanese minister in Warsaw"],
        ["Polish and Japanese ministers meet in Tokyo", "Polish minister to visit Japan"],
        ["Polish minister in Seoul"],
    ]


def test_an_article_joins_the_story_only_of_events_it_reports_as_news() -> None:
    from datetime import date

    from communique.crossdoc.links import REPORT_DAYS, _reported
    from communique.store.ledger import EventSpan

    published = {"today": date(2024, 9, 10), "undated": None}
    spans = {
        "this_week": EventSpan("this_week", "040", date(2024, 9, 9), None, "POL"),
        "last_spring": EventSpan("last_spring", "040", date(2024, 3, 20), None, "JPN"),
        "long_visit": EventSpan("long_visit", "042", date(2024, 8, 1), date(2024, 9, 5), "JPN"),
        "undated": EventSpan("undated", "040", None, None, None),
        "edge": EventSpan("edge", "040", date(2024, 9, 10 + REPORT_DAYS), None, None),
    }
    pairs = {("today", e) for e in spans} | {("undated", "last_spring")}
    assert _reported(pairs, published, spans) == {
        ("today", "this_week"),
        ("today", "long_visit"),  # ended within the window
        ("today", "undated"),
        ("today", "edge"),
        ("undated", "last_spring"),
    }


def _efe_pair(tmp_path: Path, undated: tuple[int, ...], neutral: bool = False) -> list[Any]:
    """The sample corpus's Spanish wire and its English edition, some without a publication date;
    ``neutral``: without the outlet names and URLs that mark the English one as an edition."""
    rows = [
        json.loads(line) for line in (EXAMPLES / "corpus" / "jsonl" / "sample.jsonl").open(encoding="utf-8")
    ][:2]
    path = tmp_path / "pair.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number, row in enumerate(rows):
            if number in undated:
                row.pop("published")
            if neutral:
                row.pop("outlet")
                row["url"] = f"https://news.example/item/{number}"
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    db = str(tmp_path / "pair.db")
    with Store(db) as store:
        ingest([str(path)], store, Settings(db=db))
        return sorted(store.iter_articles(), key=lambda a: a.language or "")


@pytest.mark.parametrize("undated", [(0, 1), (0,), (1,)])
def test_translations_without_publication_dates(tmp_path: Path, undated: tuple[int, ...]) -> None:
    english, spanish = _efe_pair(tmp_path, undated)
    assert all(a.published is None for n, a in enumerate((spanish, english)) if n in undated)
    assert english.translation_of == spanish.id and spanish.translation_of is None


def test_the_original_is_told_by_evidence_not_by_language_order(tmp_path: Path) -> None:
    # No dates, no edition marks: the dateline (Santiago de Chile) is where Spanish is spoken, so the
    # Spanish version is the original although English comes first in the tie-breaking order.
    english, spanish = _efe_pair(tmp_path, (0, 1), neutral=True)
    assert english.translation_of == spanish.id and spanish.translation_of is None


def test_copies_join_a_story_only_near_in_time() -> None:
    from datetime import date

    from communique.crossdoc.links import REPORT_DAYS, _near_in_time

    day = date(2024, 3, 1)
    assert _near_in_time(day, date(2024, 3, 1 + REPORT_DAYS))
    assert not _near_in_time(day, date(2024, 3, 2 + REPORT_DAYS))  # a re-run weeks later
    assert _near_in_time(None, day) and _near_in_time(day, None)


def test_the_evidence_of_an_outlets_own_version() -> None:
    from communique.crossdoc.links import _home_evidence
    from communique.store.ledger import ArticleInfo

    def evidence(url: str, lang: str, dateline: str | None = None, outlet: str | None = None) -> int:
        return _home_evidence(ArticleInfo("a", None, lang, "", None, outlet, url, dateline))

    assert evidence("https://news.example.ru/a", "ru", "RUS") == 2  # the outlet's and the dateline's language
    assert evidence("https://news.example.ru/a", "en") == -1  # an English page of a Russian outlet
    assert evidence("https://www.example.co.uk/a", "en") == 1  # ".uk" is Great Britain
    assert evidence("https://startup.io/a", "en") == 0  # a generic use of a country domain says nothing
    assert evidence("https://wire.example/en/a", "en", outlet="Wire English") == -1  # a language edition
