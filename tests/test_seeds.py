"""The ``articles`` section of ../shared/seeds/gold.json, field by field, for all five seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from communique import Article, RawDocument, process
from communique.ingest import read_inputs

SEED_NAMES = [
    "000_7b67f15a46ce2f41.txt",
    "001_3e0eacd6df2d452c.txt",
    "002_9a7eacf1fb6f2d73.txt",
    "003_afd099f1755bb6c4.txt",
    "004_8d1a7445dcdafbbb.txt",
]

# Text that must be gone after cleaning, per seed: the gold's "boilerplate_to_drop" entries
# written as the literal strings they describe.
BOILERPLATE = {
    "000_7b67f15a46ce2f41.txt": ["09:09, November 28, 2023", "(Xinhua/Yan Yan)", "holds talks and co-chairs"],
    "001_3e0eacd6df2d452c.txt": ["(Xinhua/Yan Yan)", "(Xinhua/Li Tao)", "meets with Kazakh Prime Minister"],
    "002_9a7eacf1fb6f2d73.txt": [
        "Xinhua) 08:41, March 19, 2025",
        "(Web editor: Zhang Kaiwei, Zhong Wenxing)",
        "(Xinhua/Yao Dawei)",
        "Web editor",
    ],
    "003_afd099f1755bb6c4.txt": [],
    "004_8d1a7445dcdafbbb.txt": [
        "Dernière mise à jour à 09h13 le 28/11",
        "Page d'accueil>>Chine",
        "(Xinhua/Yan Yan)",
        "(Rédacteurs :Ying Xie, Yishuang Liu)",
        "Votre pseudo",
        "•",
    ],
}
# Sentences that must survive cleaning (the article body is not thrown out with the chrome).
KEPT = {
    "000_7b67f15a46ce2f41.txt": [
        "ASTANA, Nov. 27 (Xinhua) -- China stands ready",
        "lift bilateral relations",
    ],
    "001_3e0eacd6df2d452c.txt": ["During his visit to Kazakhstan, Ding also met"],
    "002_9a7eacf1fb6f2d73.txt": ["BEIJING, March 18 (Xinhua) --", "advance new achievements"],
    "003_afd099f1755bb6c4.txt": ["ASTANA – Bringing bilateral relations", "tourism development"],
    "004_8d1a7445dcdafbbb.txt": ["La Chine est prête à travailler", "à un nouveau niveau."],
}


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for raw in read_inputs([str(seeds_dir / name) for name in SEED_NAMES]):
        assert isinstance(raw, RawDocument), raw
        found[Path(raw.source).name] = process(raw)
    return found


@pytest.mark.parametrize("name", SEED_NAMES)
def test_article_fields_match_gold(
    name: str, seed_articles: dict[str, Article], gold: dict[str, Any]
) -> None:
    expected = gold["articles"][name]
    article = seed_articles[name]
    assert article.language == expected["language"]
    assert article.title == expected["title"]
    assert article.published == expected["published"]
    dateline = article.dateline
    assert {
        "place": dateline.place,
        "country": dateline.country,
        "date": dateline.date,
        "agency": dateline.agency,
    } == expected["dateline"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_boilerplate_gone_and_body_kept(name: str, seed_articles: dict[str, Article]) -> None:
    article = seed_articles[name]
    for chrome in BOILERPLATE[name]:
        assert chrome not in article.text, chrome
    for sentence in KEPT[name]:
        assert sentence in article.text, sentence
    if article.title:
        assert article.title not in article.text
    # Paragraph breaks survive: one paragraph per blank-line-separated block of the source.
    assert "\n\n" in article.text
    assert not article.text.startswith(" date ")


def test_title_kept_apart_from_body(seed_articles: dict[str, Article]) -> None:
    body = seed_articles["000_7b67f15a46ce2f41.txt"].text
    assert body.splitlines()[0].startswith("ASTANA, Nov. 27 (Xinhua)")
