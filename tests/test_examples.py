"""The sample corpus in examples/ against its answer key (examples/answer_key.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from communique import Article, InputError, process_many, read_inputs
from communique.cli import app
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
KEY: list[dict[str, Any]] = json.loads((EXAMPLES / "answer_key.json").read_text("utf-8"))["articles"]


def _entry_sources() -> dict[str, str]:
    """JSONL ids to the source the reader gives a record (its URL)."""
    sources = {}
    for path in (EXAMPLES / "corpus" / "jsonl").glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                sources[record["id"]] = record.get("url") or ""
    return sources


@pytest.fixture(scope="module")
def by_key() -> dict[str, Article]:
    results = list(process_many(read_inputs([str(EXAMPLES / "corpus")])))
    assert not [r for r in results if isinstance(r, InputError)]
    articles = [r.article for r in results if not isinstance(r, InputError)]
    ids = _entry_sources()
    found: dict[str, Article] = {}
    for expected in KEY:
        entry = expected.get("entry")
        if entry:
            source = ids.get(entry, entry)
            match = [a for a in articles if a.source.startswith(source)]
        else:
            match = [a for a in articles if a.source.endswith(expected["file"])]
        assert len(match) == 1, expected["key"]
        found[expected["key"]] = match[0]
    return found


@pytest.mark.parametrize("expected", KEY, ids=[k["key"] for k in KEY])
def test_article_matches_answer_key(expected: dict[str, Any], by_key: dict[str, Article]) -> None:
    article = by_key[expected["key"]]
    assert article.language == expected["language"]
    assert article.title == expected["title"]
    assert article.published == expected["published"]
    dateline = expected["dateline"]
    assert (
        article.dateline.place,
        article.dateline.country,
        article.dateline.date,
        article.dateline.agency,
    ) == (
        dateline["place"],
        dateline["country"],
        dateline["date"],
        dateline["agency"],
    )
    if expected["outlet_found_in"].split()[0] in {"JSONL", "Atom", "RSS", "og:site_name"}:
        assert article.outlet == expected["outlet"]


def test_republished_copy_is_the_same_article(by_key: dict[str, Article]) -> None:
    copies = [k for k in KEY if k["duplicate_of"]]
    assert copies
    for copy in copies:
        assert by_key[copy["key"]].id == by_key[copy["duplicate_of"]].id
    edited = [k for k in KEY if k["edited_copy_of"]]
    for copy in edited:  # a lightly edited copy is a different text (near-duplicates come later)
        assert by_key[copy["key"]].id != by_key[copy["edited_copy_of"]].id


def test_corpus_covers_what_the_issue_asks(by_key: dict[str, Article]) -> None:
    assert {"en", "fr", "ru", "zh", "es"} <= {a.language for a in by_key.values()}
    assert len({k["outlet_canonical"] for k in KEY}) >= 5
    assert any(k["translation_of"] for k in KEY)


def test_demo_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", "--db", str(tmp_path / "demo.db"), "--examples", str(EXAMPLES / "corpus")]
    )
    assert result.exit_code == 0, result.stderr
    assert f"{len(KEY)} read, {len(KEY) - 1} new, 1 already known, 0 failed" in result.stdout
    copies = sum(1 for k in KEY if k.get("duplicate_of"))
    translations = sum(1 for k in KEY if k.get("translation_of"))
    assert f"links found: {copies} near-duplicate, {translations} translation" in result.stdout
    assert "Jakarta, IDN, 2024-10-14" in result.stdout
