"""The workers analyse documents in chunks (the models annotate a chunk's texts of one language in one
batch): results come back in input order, equal to one-by-one analysis, and a document that breaks
its batch fails alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from communique import nlp
from communique.errors import InputError
from communique.pipeline import _safe_process, process_many
from communique.records import Analysed, RawDocument
from communique.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


def _docs() -> list[RawDocument | InputError]:
    en = (FIXTURES / "wire_en.txt").read_text("utf-8")
    fr = (FIXTURES / "wire_fr.txt").read_text("utf-8")
    return [
        RawDocument(source="en-1", text=en),
        InputError("unreadable", source="broken.bin", code="binary"),
        RawDocument(source="fr-1", text=fr),
        RawDocument(source="en-2", text=en.replace("Monday", "Tuesday")),
        RawDocument(source="short", text="Too short."),
    ]


def _summary(result: Analysed | InputError) -> Any:
    if isinstance(result, InputError):
        return ("error", result.source, result.code)
    return (result.article.id, [e.cameo for e in result.events], len(result.entities))


def test_chunks_equal_one_by_one_in_order() -> None:
    settings = Settings(workers=1)
    chunked = [_summary(r) for r in process_many(_docs(), settings)]
    alone = [_summary(d if isinstance(d, InputError) else _safe_process((d, settings))) for d in _docs()]
    assert chunked == alone
    assert [s[0] for s in chunked][1] == "error" and chunked[-1][0] == "error"
    assert any(s[1] for s in chunked if s[0] != "error")  # the wires report events


def test_a_document_that_breaks_its_batch_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = nlp.backend_for("en")
    real_many, real_one = backend.annotate_many, backend.annotate  # type: ignore[attr-defined]

    def many(texts: list[str]) -> Any:
        if any("Tuesday" in t for t in texts):
            raise RuntimeError("model crashed")
        return real_many(texts)

    def one(text: str) -> Any:
        if "Tuesday" in text:
            raise RuntimeError("model crashed")
        return real_one(text)

    monkeypatch.setattr(backend, "annotate_many", many)
    monkeypatch.setattr(backend, "annotate", one)
    results = list(process_many(_docs(), Settings(workers=1)))
    failed = [r for r in results if isinstance(r, InputError) and r.code == "processing_failed"]
    assert [f.source for f in failed] == ["en-2"] and "model crashed" in failed[0].message
    assert isinstance(results[0], Analysed) and results[0].events


def test_code_lines_in_chunks_keep_order_and_errors() -> None:
    from communique.coding import code_lines, code_text, event_record

    lines = [
        "Estonia's foreign minister met the Latvian premier in Riga on Monday.",
        "",
        '{"id": "fr", "text": "Le ministre estonien a rencontré le Premier ministre letton à Riga.", '
        '"language": "fr"}',
        "{not json",
    ] * 5
    out = list(code_lines(lines))
    assert len(out) == len(lines)
    assert [("error" in o) for o in out] == [False, True, False, True] * 5
    assert out[0]["events"] == [event_record(e, "1") for e in code_text(lines[0])]
    assert out[18]["id"] == "fr" and out[18]["events"]


_BRIEF = RawDocument(
    source="brief.txt",
    title="Finnish minister Aino Virtanen to visit Chile next week",
    text=(
        "The minister will meet her Chilean counterpart in Santiago on Tuesday, the foreign ministry "
        "in Helsinki said. Virtanen will also open a trade fair.\n\nThe two countries signed a "
        "research agreement last year."
    ),
    published="2024-05-02",
    language="en",
)


def _persons(analysed: Analysed | InputError) -> set[str]:
    assert isinstance(analysed, Analysed)
    return {n for local in analysed.entities if local.type == "PERSON" for n in local.names}


def test_names_in_a_sentence_case_title_are_the_articles() -> None:
    # The text calls her "Virtanen" only; the title gives her full name. Both paths (one document,
    # a chunk) read it, and no title mention is stored with offsets into the text.
    one = _safe_process((_BRIEF, Settings()))
    [chunked] = process_many([_BRIEF], Settings())
    assert "Aino Virtanen" in _persons(one) and _persons(one) == _persons(chunked)
    assert isinstance(one, Analysed)
    for local in one.entities:
        for mention in local.mentions:
            assert one.article.text[mention.start : mention.end] == mention.text
    # In headline case a capital says nothing: the title is not read.
    shouting = replace(_BRIEF, title="Finnish Minister Aino Virtanen To Visit Chile Next Week")
    assert "Aino Virtanen" not in _persons(_safe_process((shouting, Settings())))


def test_the_dateline_agency_is_an_organisation() -> None:
    raw = RawDocument(
        source="wire.txt",
        text=(
            "JAKARTA, Oct. 11 (Antara) -- Brazilian Foreign Minister Maria Tavares will visit Jakarta "
            "next week, the Indonesian foreign ministry said on Friday."
        ),
        published="2024-10-11",
        language="en",
    )
    analysed = _safe_process((raw, Settings()))
    assert isinstance(analysed, Analysed) and analysed.article.dateline.agency == "Antara"
    kinds = {n: local.type for local in analysed.entities for n in local.names}
    assert kinds.get("Antara") == "ORG" and kinds.get("Maria Tavares") == "PERSON"
