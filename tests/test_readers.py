"""Each reader on small fixtures, and format detection from content rather than the file name."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique import InputError, RawDocument, Settings, process
from communique.ingest import read_bytes, read_inputs, sniff
from tests.conftest import FIXTURES


def docs(paths: list[str]) -> list[RawDocument]:
    found = list(read_inputs(paths))
    assert not [item for item in found if isinstance(item, InputError)], found
    return [item for item in found if isinstance(item, RawDocument)]


def make_warc(path: Path, pages: list[tuple[str, str]], extra_non_html: bool = True) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
                )
            )
        if extra_non_html:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://x.example/logo.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG..."),
                    http_headers=headers,
                )
            )


def test_plain_text_with_header_line() -> None:
    [raw] = docs([str(FIXTURES / "wire_en.txt")])
    article = process(raw)
    assert article.title == "Ministers pledge closer energy ties"
    assert article.published == "2024-10-15"
    assert (
        article.dateline.place,
        article.dateline.country,
        article.dateline.date,
        article.dateline.agency,
    ) == ("Lima", "PER", "2024-10-14", "Andina")
    assert "(Andina/Luis Paredes)" not in article.text and "Web editor" not in article.text
    assert "10:42" not in article.text


def test_html_page_uses_trafilatura_and_page_metadata() -> None:
    [raw] = docs([str(FIXTURES / "page.html")])
    assert raw.html is not None and raw.text is None
    article = process(raw)
    assert article.title == "Chile y Japón firman un acuerdo de cooperación"
    assert article.language == "es"
    assert article.published == "2024-09-03"
    assert article.outlet == "Diario Ejemplo"
    assert article.dateline.place == "Santiago" and article.dateline.country == "CHL"
    assert article.dateline.date == "2024-09-02" and article.dateline.agency == "EFE"
    assert "Compartir" not in article.text and "Todos los derechos" not in article.text
    assert article.text.count("\n\n") == 2  # three paragraphs kept apart


def test_jsonl_fields_and_html_records() -> None:
    raws = docs([str(FIXTURES / "articles.jsonl")])
    assert [r.external_id for r in raws] == ["r1", "z1", "h1"]
    ru, zh, de = (process(r) for r in raws)
    assert ru.language == "ru" and ru.outlet == "Пример-Новости" and ru.published == "2024-10-14"
    assert (ru.dateline.place, ru.dateline.country, ru.dateline.agency) == ("Moscow", "RUS", "ТАСС")
    assert zh.language == "zh" and zh.dateline.country == "CHL" and zh.dateline.date == "2024-10-14"
    assert "，" in zh.text  # full-width punctuation is kept as written
    assert de.language == "de" and de.title == "Berlin und Hanoi vertiefen Zusammenarbeit"
    assert de.dateline.place == "Berlin" and de.dateline.agency == "dpa"
    assert de.source == "https://news.example.org/de/1"


def test_rss_and_atom_entries() -> None:
    rss = [process(r) for r in docs([str(FIXTURES / "feed.rss")])]
    assert [a.title for a in rss] == [
        "Kenya and India agree to boost maritime cooperation",
        "Ghana and Brazil sign cocoa research deal",
    ]
    assert [a.published for a in rss] == ["2024-06-12", "2024-06-13"]
    assert {a.outlet for a in rss} == {"Example Wire"}
    assert rss[0].dateline.place == "Nairobi" and rss[0].dateline.date == "2024-06-11"
    [atom] = [process(r) for r in docs([str(FIXTURES / "feed.atom")])]
    assert atom.language == "fr" and atom.published == "2024-05-21" and atom.outlet == "Fil Exemple"
    assert atom.dateline.place == "Rabat" and atom.dateline.date == "2024-05-20"


def test_warc_html_responses_only(tmp_path: Path) -> None:
    page = (FIXTURES / "page.html").read_text("utf-8")
    warc = tmp_path / "crawl.warc.gz"
    make_warc(warc, [("https://diario.example/a", page)])
    [raw] = docs([str(warc)])
    assert raw.url == "https://diario.example/a" and raw.source == raw.url
    assert process(raw).title == "Chile y Japón firman un acuerdo de cooperación"


def test_format_detected_from_content_not_name(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "page.html", tmp_path / "saved_page.txt")
    shutil.copy(FIXTURES / "feed.rss", tmp_path / "feed.xml")
    shutil.copy(FIXTURES / "articles.jsonl", tmp_path / "dump.data")
    kinds = {Path(r.source).name if r.url is None else "jsonl-or-feed": r for r in docs([str(tmp_path)])}
    assert kinds["saved_page.txt"].html is not None
    assert sniff((FIXTURES / "feed.rss").read_bytes()[:4096], "feed.xml") == "feed"
    assert sniff((FIXTURES / "articles.jsonl").read_bytes()[:4096], "dump.data") == "jsonl"
    assert sniff(b"WARC/1.0\r\n", "x.bin") == "warc"
    assert sniff(b"Plain words.\n", "x.html") == "html"  # the ending breaks a tie only


def test_folders_recursive_globs_and_stdin(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(FIXTURES / "wire_en.txt", nested / "one.txt")
    shutil.copy(FIXTURES / "wire_fr.txt", tmp_path / "a" / "two.txt")
    assert len(docs([str(tmp_path)])) == 2
    assert len(docs([str(tmp_path / "a" / "**" / "*.txt")])) == 2
    stdin = io.BytesIO((FIXTURES / "wire_fr.txt").read_bytes())
    [raw] = [r for r in read_inputs(["-"], stdin=stdin) if isinstance(r, RawDocument)]
    assert raw.source == "<stdin>" and process(raw).language == "fr"


def test_missing_path_and_empty_glob_are_errors(tmp_path: Path) -> None:
    found = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "*.none")]))
    assert [(e.code, e.source) for e in found if isinstance(e, InputError)] == [
        ("not_found", str(tmp_path / "nope.txt")),
        ("not_found", str(tmp_path / "*.none")),
    ]


def test_json_document_array(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(
        '[\n {"text": "LIMA, Oct. 14 (Andina) -- Two ministers met in Lima on Monday to talk '
        'about trade and energy."},\n {"title": "no body"}\n]',
        "utf-8",
    )
    found = list(read_bytes(str(path), path.read_bytes(), Settings()))
    assert isinstance(found[0], RawDocument)
    assert isinstance(found[1], InputError) and found[1].source == f"{path}#2"
