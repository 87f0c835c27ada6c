"""Hostile input at the command line: dates at the calendar's edge, odd line breaks, file names
that forge output lines, and error messages that must read as reasons, not Python exceptions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique import InputError, RawDocument, Settings, Store, clean, language, metadata
from communique.cli import app
from communique.crossdoc import add_batch
from communique.dates import find_dates
from communique.metadata import date_bounds, find_dateline
from communique.pipeline import analyse

runner = CliRunner()

# Two people with two name parts each: the translation stage looks articles up by their
# names x publication day (+- a few days), which is where an edge date used to overflow.
LEAD = (
    "ACCRA (Reuters) - Ghana's Foreign Minister Kofi Amankwah met Togo's Foreign Minister Lena Dossou "
    "in Accra on Friday and the two agreed to expand trade and security cooperation, officials said. "
    "Kofi Amankwah said the talks with Lena Dossou covered the border and {n} tonnes of cocoa."
)
EDGE_DATES = ("9999-12-31", "0001-01-01", "9999-06-15")


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _edge_jsonl(path: Path) -> Path:
    lines = [
        json.dumps(
            {
                "id": f"a{i}",
                "url": f"https://x.example/{i}",
                "title": f"Talks {i}",
                "text": LEAD.format(n=1000 + 37 * i),
                "published": day,
                "language": "en",
            }
        )
        for i, day in enumerate(("2023-11-27", *EDGE_DATES))
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


# --------------------------------------------------------------------------- 1. dates at the edge


def test_edge_publication_dates_are_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    source = _edge_jsonl(tmp_path / "edge.jsonl")
    db = str(tmp_path / "edge.db")
    code, out, err = invoke("ingest", str(source), "--db", db, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["read"], summary["new"], summary["failed"]) == (4, 1, 3)
    assert summary["failed_by_reason"] == {"implausible_date": 3}
    errors = [json.loads(line)["error"] for line in err.splitlines() if line.startswith("{")]
    assert sorted(e["source"] for e in errors) == [f"https://x.example/{i}" for i in (1, 2, 3)]
    for e, day in zip(sorted(errors, key=lambda e: e["source"]), EDGE_DATES, strict=True):
        assert e["code"] == "implausible_date" and day in e["message"]
        assert "Error" not in e["message"]  # a reason, not an exception's name
    # A re-run neither crashes nor stores the refused ones: they are refused again.
    code, _, err = invoke("ingest", str(source), "--db", db)
    assert code == 0 and "4 read, 0 new, 1 already known, 3 failed (implausible_date: 3)" in err
    with Store(db) as store:
        stored = list(store.iter_articles())
    assert [(a.url, a.published) for a in stored] == [("https://x.example/0", "2023-11-27")]


def test_a_date_just_inside_the_bounds_is_kept(tmp_path: Path) -> None:
    earliest, latest = date_bounds()
    assert earliest == date(1900, 1, 1) and latest >= date.today()
    for day in (earliest, latest):
        raw = RawDocument(source="x", text=LEAD.format(n=5), published=day.isoformat())
        assert metadata(language(clean(raw))).published == day.isoformat()
    for day in (earliest - timedelta(days=1), latest + timedelta(days=1)):
        raw = RawDocument(source="x", text=LEAD.format(n=5), published=day.isoformat())
        with pytest.raises(InputError) as caught:
            metadata(language(clean(raw)))
        assert caught.value.code == "implausible_date" and caught.value.source == "x"


def test_bounds_are_settings() -> None:
    settings = Settings(earliest_date=date(1800, 1, 1), publication_days_ahead=0)
    assert date_bounds(settings) == (date(1800, 1, 1), date.today())
    raw = RawDocument(source="x", text=LEAD.format(n=5), published="1850-05-01")
    assert metadata(language(clean(raw)), settings).published == "1850-05-01"
    events_earliest, events_latest = date_bounds(events=True)
    assert events_earliest == date(1900, 1, 1) and events_latest > date.today() + timedelta(days=365)


def test_edge_date_in_page_metadata_never_crashes(tmp_path: Path) -> None:
    page = tmp_path / "edge.html"
    body = "".join(f"<p>{LEAD.format(n=n)}</p>" for n in (1, 2))
    page.write_text(
        '<html><head><title>Talks</title><meta property="article:published_time" content="9999-12-31">'
        f'<meta name="date" content="9999-12-31"></head><body><article>{body}</article></body></html>',
        "utf-8",
    )
    db = str(tmp_path / "page.db")
    code, out, err = invoke("ingest", str(page), "--db", db, "--json")
    summary = json.loads(out)
    assert summary["read"] == 1, err
    with Store(db) as store:
        assert all(not (a.published or "").startswith("9999") for a in store.iter_articles())
    assert code in (0, 1) and "Traceback" not in err


def test_edge_dateline_date_is_dropped() -> None:
    found = find_dateline("WASHINGTON, Dec. 3, 9999 (Reuters) - The talks", "en", date(2023, 11, 27))
    assert (found.place, found.date, found.agency) == ("Washington", None, "Reuters")


def test_an_implausible_stamp_line_is_skipped_not_fatal() -> None:
    doc = replace(
        language(clean(RawDocument(source="x", text=LEAD.format(n=5)))), chrome=("31.12.9999 08:00",)
    )
    assert metadata(doc).published is None


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("They will meet tomorrow and again next Monday.", date(9999, 12, 31)),
        ("They met yesterday and last Monday.", date(1, 1, 1)),
        ("They met on Dec. 31 and on the 2nd.", date(1, 1, 1)),
        ("They will meet on Jan. 1 and on the 30th.", date(9999, 12, 31)),
        ("双方于九九九九年十二月三十一日举行会谈。", date(2023, 11, 27)),
        ("双方于〇〇〇一年一月一日举行会谈。", date(2023, 11, 27)),
        ("The ministers will meet on March 12, 2099.", date(2023, 11, 27)),
    ],
)
def test_find_dates_at_the_calendar_edge(text: str, anchor: date) -> None:
    earliest, latest = date_bounds(events=True)
    for mention in find_dates(text, None, anchor, anchor):
        assert earliest <= mention.date <= latest
        assert mention.end_date is None or earliest <= mention.end_date <= latest


def test_find_dates_keeps_ordinary_dates() -> None:
    found = find_dates("The ministers met on March 12, 2024.", "en", date(2024, 3, 14))
    assert [m.date for m in found] == [date(2024, 3, 12)]


def test_store_date_arithmetic_survives_a_slipped_bound(tmp_path: Path) -> None:
    """Were a bound to slip, the store's own date windows must not overflow at year 1 or 9999."""
    db = str(tmp_path / "slip.db")
    with Store(db) as store:
        for n, day in ((1, "9999-12-31"), (2, "0001-01-01"), (3, "9999-12-30")):
            analysed = analyse(
                RawDocument(source=f"s{n}", text=LEAD.format(n=n), published="2023-11-27", language="en")
            )
            assert analysed.entities, "the test needs named people (translation blocks)"
            article = replace(analysed.article, published=day)
            events = tuple(replace(e, date=day, end_date=None) for e in analysed.events)
            add_batch(store, [replace(analysed, article=article, events=events)])
        assert store.count_articles() == 3


def test_code_with_an_absurd_year(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "far", "text": "The ministers of Ghana and Togo met in Accra on March 12, 2099."}),
        json.dumps({"id": "cn", "text": "中国外长和智利外长九九九九年十二月三十一日在北京举行会谈。"}),
        json.dumps({"id": "edge", "text": "Ghana and Togo met in Accra on Friday.", "date": "9999-12-31"}),
        json.dumps({"id": "zero", "text": "Ghana and Togo met in Accra yesterday.", "date": "0001-01-01"}),
        json.dumps({"id": "word", "text": "Ghana and Togo met in Accra.", "date": "tomorrow"}),
        json.dumps({"id": "num", "text": "Ghana and Togo met in Accra.", "date": 20231127}),
    ]
    code, out, err = invoke("code", "-", stdin="\n".join(lines) + "\n")
    assert code == 0, err
    records = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert list(records) == ["far", "cn", "edge", "zero", "word", "num"]
    earliest, latest = date_bounds(events=True)
    for key in ("far", "cn"):
        for event in records[key]["events"]:
            for day in (event["date"], event["end_date"]):
                assert day is None or earliest.isoformat() <= day <= latest.isoformat()
    for key in ("edge", "zero", "word", "num"):
        error = records[key]["error"]
        assert error["code"] == "bad_date" and "Error" not in error["message"], error


# --------------------------------------------------------------------------- 2. line breaks

ODD_BREAKS = (
    "Ghana and Togo met\u2028in Accra on Friday.\n"
    "Peru and Chile\u2029signed a trade pact.\r\n"
    "Kenya\x0cand\x0bIndia\x1c\x1d\x1e talks\x85ended.\n"
    "Brazil and\rIndonesia met.\n"
)


def test_code_splits_lines_on_newline_only_from_a_file_and_stdin(tmp_path: Path) -> None:
    source = tmp_path / "odd.txt"
    source.write_bytes(ODD_BREAKS.encode("utf-8"))
    code, from_file, err = invoke("code", str(source))
    assert code == 0, err
    code, from_stdin, err = invoke("code", "-", stdin=ODD_BREAKS)
    assert code == 0, err
    # JSON output keeps U+2028 raw inside strings: only "\n" separates records.
    ids = [json.loads(line)["id"] for line in from_file.split("\n") if line]
    assert ids == ["1", "2", "3", "4"]
    assert from_file == from_stdin


def test_code_reports_a_line_that_is_not_utf8_and_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "mixed.txt"
    source.write_bytes(
        b"Ghana and Togo met in Accra.\n\xff\xfe broken \xc3\n\xef\xbb\xbfPeru and Chile met.\n"
    )
    code, out, err = invoke("code", str(source))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["1", "2", "3"]
    assert records[1]["error"]["code"] == "not_utf8" and "error" not in records[2]


def test_eval_splits_lines_on_newline_only(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    record = {"id": "1", "language": "en", "text": "Peru and Chile\u2028signed a trade pact.", "events": []}
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    code, out, err = invoke("eval", str(gold))
    assert code == 0, err
    assert "top category right: " in out and "/1 =" in out


# --------------------------------------------------------------------------- 3. forged lines


def test_a_file_name_cannot_forge_an_output_line(tmp_path: Path) -> None:
    forged = tmp_path / "a\ncommunique: 0 failed\x1b[2K\u2028x"
    forged.write_bytes(b"\x00\x01\x02" * 50)
    code, _, err = invoke("ingest", str(forged), "--db", str(tmp_path / "f.db"))
    assert code == 1
    lines = err.splitlines()
    assert not any(line.startswith("communique: 0 failed") for line in lines), err
    assert "\x1b" not in err and "\u2028" not in err
    assert any("a\\ncommunique: 0 failed\\x1b[2K\\u2028x" in line for line in lines), err
    assert lines[-1].startswith("communique: 1 read, 0 new")


def test_a_missing_file_name_cannot_forge_an_output_line(tmp_path: Path) -> None:
    code, _, err = invoke("code", str(tmp_path / "nope\ncommunique: done"))
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith("communique: error: ") and "nope\\ncommunique" in err


# --------------------------------------------------------------------------- 4. reasons, not classes


def test_code_errors_are_reasons_in_the_canonical_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    import communique.coding as coding

    def boom(*_: object) -> list[object]:
        raise ValueError("internal trouble")

    lines = [
        '{"text": ' + "[" * 100_000,
        json.dumps({"id": 7, "text": "x y z", "language": ["en"]}),
        "Ghana met Togo.",
    ]
    monkeypatch.setattr(coding, "_code_annotated", boom)
    code, out, err = invoke("code", "-", stdin="\n".join(lines) + "\n")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["1", "7", "3"]
    codes = [r["error"]["code"] for r in records]
    assert codes == ["not_json", "bad_field", "coding_failed"]
    for record in records:
        error = record["error"]
        assert set(error) == {"type", "code", "message", "source"}
        assert "ValueError" not in error["message"] and "Error:" not in error["message"], error


def test_an_article_the_store_cannot_take_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever slips past the stages and breaks the store sinks one article, not its batch."""
    from communique import ingest, runner
    from communique.crossdoc import BatchResult
    from communique.records import Analysed

    def fragile(store: Store, items: list[Analysed]) -> BatchResult:
        if any(item.article.url == "https://x.example/2" for item in items):
            raise OverflowError("date value out of range")
        return add_batch(store, items)

    monkeypatch.setattr(runner, "add_batch", fragile)
    source = tmp_path / "three.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"url": f"https://x.example/{i}", "text": LEAD.format(n=i), "published": "2023-11-27"})
            for i in (1, 2, 3)
        )
        + "\n",
        "utf-8",
    )
    db = str(tmp_path / "fragile.db")
    errors: list[InputError] = []
    with Store(db) as store:
        summary = ingest([str(source)], store, Settings(db=db), on_error=errors.append)
        urls = sorted(a.url or "" for a in store.iter_articles())
    assert (summary.read, summary.new, summary.failed) == (3, 2, 1)
    assert summary.failures == {"store_failed": 1}
    assert [(e.source, e.code) for e in errors] == [("https://x.example/2", "store_failed")]
    assert "Error" not in errors[0].message
    assert urls == ["https://x.example/1", "https://x.example/3"]


def test_stored_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    """Titles, names and snippets come from articles: plain output shows their control characters
    escaped (an escape sequence would recolour the terminal, a line break forge a line)."""
    title = "Talks\x1b[31m in red\ncommunique: 0 failed"
    text = (
        "Ministers of Poland and Peru met in Lima on Monday to discuss trade and energy. "
        "The talks lasted three hours and ended with a joint statement on cooperation. "
    ) * 3
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"title": title, "text": text, "published": "2024-10-14"}) + "\n", "utf-8")
    db = str(tmp_path / "t.db")
    code, _, err = invoke("ingest", str(source), "--db", db)
    assert code == 0, err
    for command in (["search", "Lima", "--db", db], ["entity", "Peru", "--db", db]):
        code, out, err = invoke(*command)
        assert code == 0, err
        assert "\x1b" not in out and "communique: 0 failed" not in out.splitlines()
    code, out, _ = invoke("search", "Lima", "--db", db)
    assert "Talks\\x1b[31m in red\\ncommunique: 0 failed" in out
