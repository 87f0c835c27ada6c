"""Events in languages without a trigger table: the cross-language category model on short articles
written for these tests (tests/languages/<lang>.txt; names invented), and what the ingest
summary says each language gets.

Each article has a headline and five sentences: a meeting, a signed agreement between two countries,
an attack and a condemnation in one sentence, the meeting negated, and the weather. The signed
agreement must come out as an event between the two countries, the negated meeting and the weather
must not.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from communique.coding import code_text
from communique.events.coder import EventMention
from communique.events.crosslingual import THRESHOLD, event_reader, reads, uses_model
from communique.runner import IngestSummary

FIXTURES = Path(__file__).resolve().parent / "languages"
ANCHOR = "2025-03-12"
#: Per language: a word of the signed-agreement sentence, its two countries, a word of the negated
#: sentence and of the weather sentence.
CASES = {
    "de": ("unterzeichneten", ("DEU", "KEN"), "nicht", "Wetter"),
    "uk": ("підписали", ("UKR", "POL"), "не зустрівся", "Погода"),
    "pl": ("podpisały", ("POL", "LTU"), "nie spotkała", "śnieg"),
    "kk": ("қол қойды.", ("RUS", "TUR"), "кездеспеді", "ауа райы"),
}


def _events(lang: str) -> list[EventMention]:
    return code_text((FIXTURES / f"{lang}.txt").read_text(encoding="utf-8"), lang, ANCHOR)


@pytest.mark.parametrize("lang", sorted(CASES))
def test_agreement_between_two_countries(lang: str) -> None:
    """The agreement the headline and the second sentence report comes out (from one of them at
    least: the model's probability for each is near its threshold in some languages), between the
    two countries, the first named as the source."""
    _, countries, _, _ = CASES[lang]
    events = [e for e in _events(lang) if tuple(a.country for a in e.actors) == countries]
    assert events, f"no event between {countries} in the {lang} article"
    agreed = [e for e in events if e.plover in {"SUPPORT", "COOPERATE", "AGREE"}]
    assert agreed and all([a.role for a in e.actors] == ["source", "target"] for e in agreed)


@pytest.mark.parametrize("lang", ["de", "pl", "kk"])
def test_signed_agreement_sentence(lang: str) -> None:
    signed, countries, _, _ = CASES[lang]
    events = [e for e in _events(lang) if signed in e.text]
    assert events and events[0].plover in {"SUPPORT", "COOPERATE"}
    assert tuple(a.country for a in events[0].actors) == countries


@pytest.mark.parametrize("lang", sorted(CASES))
def test_negated_and_eventless_sentences_give_nothing(lang: str) -> None:
    _, _, negated, weather = CASES[lang]
    texts = [e.text for e in _events(lang)]
    assert not any(negated in t for t in texts)
    assert not any(weather in t for t in texts)


@pytest.mark.parametrize("lang", sorted(CASES))
def test_model_events_carry_their_probability(lang: str) -> None:
    events = _events(lang)
    assert events
    assert all(e.confidence >= round(THRESHOLD, 2) for e in events)
    assert all(e.language == lang for e in events)


def test_german_meeting_between_two_persons() -> None:
    meetings = [e for e in _events("de") if e.plover == "CONSULT"]
    assert meetings
    names = {a.name for a in meetings[0].actors}
    assert any("Anna Berg" in n for n in names) and any("Peter Otieno" in n for n in names)


def test_headline_is_read_apart_from_the_first_sentence() -> None:
    """A headline without a full stop runs into the first sentence in the fallback's splitter; the
    model reads each line apart, so the headline's event does not swallow the meeting's."""
    events = _events("de")
    assert not any("\n" in e.text for e in events)
    assert Counter(e.sentence for e in events)[0] >= 2  # headline and first sentence: one span


def test_which_languages_read_events_how() -> None:
    assert event_reader("en") == "lexicon" and not uses_model("en")
    assert event_reader("es") == "lexicon"
    assert {event_reader(lang) for lang in ("de", "uk", "kk", "ky", "pl", "cs", "bg", "sl")} == {"model"}
    assert event_reader("xx") is None and event_reader(None) is None


def test_ingest_summary_says_what_each_language_gets() -> None:
    summary = IngestSummary(read=6, new=6)
    summary.languages.update({"de": 3, "kk": 1, "en": 1, "ja": 1})
    summary.annotated.update({"de": 3, "kk": 1, "en": 1})
    text = str(summary)
    assert "de: 3 articles, entities and events (cross-language model)" in text
    assert "kk: 1 article, entities and events (cross-language model)" in text
    assert "en: 1 article, entities and events" in text
    assert "ja: 1 article, neither entities nor events" in text
    assert reads("de", 0).startswith("neither")


def test_who_reports_is_no_side() -> None:
    """ "..., sagte ein Sprecher der Regierung Polens": a name after a reporting word in its clause
    reports the event; the names before the comma are its sides."""
    from communique.events.coder import _without_speakers
    from communique.events.triggers import tokens_of
    from communique.nlp import annotate

    text = "Russland hat die Ukraine erneut angegriffen, sagte ein Sprecher der Regierung Polens."
    annotation = annotate(text, "de")
    tokens = tokens_of(text, 0, len(text), annotation.tokens, "de")
    kept = _without_speakers(text, list(annotation.mentions), tokens, "de")
    assert {m.text for m in kept} >= {"Russland", "Ukraine"}
    assert any(m.text == "Polens" for m in annotation.mentions)  # found, and left out:
    assert not any(m.start > text.index("sagte") for m in kept)
