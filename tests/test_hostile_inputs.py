"""Hostile and damaged input: a WARC cut at every byte, gzip bombs, stray and foreign encodings,
folders that loop or cannot be read, JSON fields of the wrong type. Each is an error in the
stream (naming the input and the reason) or a correct reading, never an exception, and never
a run that holds the input's inflated size in memory."""

from __future__ import annotations

import io
import json
import logging
import os
import tracemalloc
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique import InputError, RawDocument, Settings, Store, ingest
from communique.ingest import expand_paths, read_bytes, read_inputs
from tests.conftest import FIXTURES

PAGES = [
    (
        "https://a.example/1",
        "<html><body><p>LIMA, May 3 -- The foreign ministers of Peru and Chile met in Lima on "
        "Friday and agreed to expand trade in copper and energy (café).</p></body></html>",
    ),
    (
        "https://a.example/2",
        "<html><body><p>QUITO, May 4 -- Ecuador and Colombia signed a border cooperation "
        "agreement on Saturday, their ministers said in Quito (Zürich).</p></body></html>",
    ),
]


def build_warc(gz: bool) -> tuple[bytes, list[tuple[int, bool]]]:
    """A small WARC (warcinfo, two HTML responses, an image) and each record's (end, is_html)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    ends: list[tuple[int, bool]] = []
    writer.write_record(writer.create_warcinfo_record("t.warc", {"software": "test"}))
    ends.append((buf.tell(), False))
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    for url, page in PAGES:
        payload = io.BytesIO(page.encode("utf-8"))
        writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=html))
        ends.append((buf.tell(), True))
    png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    payload = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    writer.write_record(
        writer.create_warc_record("https://a.example/p.png", "response", payload=payload, http_headers=png)
    )
    ends.append((buf.tell(), False))
    return buf.getvalue(), ends


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_warc_cut_at_every_byte(gz: bool) -> None:
    data, ends = build_warc(gz)
    name = "cut.warc.gz" if gz else "cut.warc"
    full = [d.html for d in read_bytes(name, data, Settings()) if isinstance(d, RawDocument)]
    assert full == [page for _, page in PAGES]
    boundaries = {0} | {end for end, _ in ends}
    for cut in range(len(data)):
        found = list(read_bytes(name, data[:cut], Settings()))  # never raises
        docs = [d.html for d in found if isinstance(d, RawDocument)]
        errors = [e for e in found if isinstance(e, InputError)]
        complete = sum(1 for end, is_html in ends if is_html and end <= cut)
        # Only documents from before the damage, each whole.
        assert docs == full[: len(docs)], cut
        if cut in boundaries:  # a shorter valid WARC (or an empty file)
            assert len(docs) == complete and [e.code for e in errors] == ([] if cut else ["empty"]), cut
        else:
            assert len(docs) in (complete, complete + 1), cut  # +1: cut in a record's closing CRLFs
            assert [e.code for e in errors] == ["bad_warc"], (cut, errors)
            # The file is named: as the source, or in the message when the damage is in a
            # record, whose URL is then the source (as for a record's other errors).
            assert name in str(errors[0]) and "WARC" in errors[0].message, errors


def test_cut_warc_is_counted_in_the_run(tmp_path: Path, db: str) -> None:
    data, ends = build_warc(gz=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: (ends[1][0] + ends[2][0]) // 2])  # inside the second page's member
    later = tmp_path / "z_later.txt"
    later.write_bytes((FIXTURES / "wire_en.txt").read_bytes())
    errors: list[InputError] = []
    with Store(db) as store:
        summary = ingest([str(path), str(later)], store, Settings(db=db), on_error=errors.append)
    assert [e.code for e in errors] == ["bad_warc"] and "cut short" in errors[0].message
    assert summary.failed == 1 and summary.new == 2  # the page before the cut, and the later input


def test_response_without_target_uri_is_read(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    for url, page in PAGES:
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(page.encode("utf-8")), http_headers=html
        )
        if url.endswith("1"):
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    found = list(read_bytes("x.warc", buf.getvalue(), Settings()))
    assert [(type(d).__name__, d.source) for d in found] == [
        ("RawDocument", "x.warc#1"),
        ("RawDocument", "https://a.example/2"),
    ]


def gzip_of(prefix: bytes, zeros: int, suffix: bytes = b"") -> bytes:
    """``prefix``, ``zeros`` zero bytes, ``suffix``, gzipped a megabyte at a time (never held inflated)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(prefix)]
    block = bytes(1 << 20)
    parts.extend(compressor.compress(block) for _ in range(zeros >> 20))
    parts.append(compressor.compress(bytes(zeros % (1 << 20)) + suffix))
    parts.append(compressor.flush())
    return b"".join(parts)


def peak_of(name: str, data: bytes) -> tuple[list[RawDocument | InputError], int]:
    tracemalloc.start()
    try:
        found = list(read_bytes(name, data, Settings()))
        return found, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


BOMB = 200 * 1024 * 1024
#: Peak memory allowed while reading a 200 MB bomb: a document (8 MB), a copy of it while
#: joining, one inflated block. It was 1.8 GB for 64 KB of gzip before.
PEAK = 40 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefix", "code", "reason"),
    [
        (b"", "unsupported", "not a WARC"),  # zeros: no WARC at all
        (b"WARC/1.0\r\nX-Pad: ", "bad_warc", "headers longer than"),  # one endless header line
        (
            b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 209715200\r\n\r\n",
            "too_large",
            "inflates past",
        ),  # a valid record of 200 MB: the inflation limit
    ],
    ids=["zeros", "endless-header", "valid-record"],
)
def test_gzip_bomb_memory_stays_small(prefix: bytes, code: str, reason: str) -> None:
    data = gzip_of(prefix, BOMB)
    assert len(data) < 300_000
    found, peak = peak_of("bomb.warc.gz", data)
    assert [(e.code, e.source) for e in found if isinstance(e, InputError)] == [(code, "bomb.warc.gz")]
    assert reason in str(found[0]) and len(str(found[0])) < 400
    assert peak < PEAK, peak


@pytest.mark.slow
def test_bomb_inside_an_html_record_is_bounded() -> None:
    inner = gzip_of(b"<html><body><p>", BOMB)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + inner
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/\r\n"
        + b"Content-Length: %d\r\n\r\n" % len(http)
        + http
        + b"\r\n\r\n"
    )
    found, peak = peak_of("bomb.warc", record)
    assert [(e.code, e.source) for e in found if isinstance(e, InputError)] == [
        ("too_large", "https://x.example/")
    ]
    assert peak < PEAK, peak


def test_inflation_limit_follows_settings() -> None:
    data = gzip_of(b"WARC/1.0\r\nContent-Length: 5000000\r\n\r\n", 5_000_000, b"\r\n\r\n")
    settings = Settings(max_document_bytes=1_000_000, max_gzip_ratio=10)
    [error] = list(read_bytes("b.warc.gz", data, settings))
    assert isinstance(error, InputError) and error.code == "too_large"
    assert f"{1_000_000 + 10 * len(data)} bytes" in error.message
    # The same file inflates fine under the defaults (a real archive is read whole).
    assert list(read_bytes("b.warc.gz", data, Settings())) == []


def test_gzip_that_is_not_warc_says_so(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl.gz"
    path.write_bytes(zlib.compress(b'{"text": "x"}\n' * 5, wbits=31))
    [error] = list(read_inputs([str(path)]))
    assert isinstance(error, InputError) and error.code == "unsupported"
    assert error.source == str(path) and "not a WARC" in error.message


def test_error_messages_do_not_quote_unbounded_input() -> None:
    line = b"GARBAGE" * 200_000
    for name, data in [("x.warc", line), ("x.warc.gz", zlib.compress(line, wbits=31))]:
        [error] = list(read_bytes(name, data, Settings()))
        assert isinstance(error, InputError) and len(error.message) < 300, name


SPANISH = (
    "El presidente González se reunió con la ministra de Relaciones Exteriores en Bogotá "
    "el lunes; según la cancillería, acordaron más cooperación. "
) * 4
FRENCH = (
    "Le ministre des Affaires étrangères a rencontré son homologue à Genève, "
    "où ils ont évoqué la coopération. "
)


def text_of(data: bytes) -> str:
    [raw] = list(read_bytes("a.txt", data, Settings()))
    assert isinstance(raw, RawDocument) and raw.text is not None, raw
    return raw.text


def test_stray_byte_in_utf8_is_replaced_not_mojibake(caplog: pytest.LogCaptureFixture) -> None:
    data = SPANISH.encode("utf-8")
    with caplog.at_level(logging.WARNING, logger="communique.ingest"):
        text = text_of(data[:100] + b"\xff" + data[100:])
    assert "González" in text and text.count("\ufffd") == 1
    assert "Bogotá" in text and "Ã" not in text and "ﾃ" not in text
    assert "a.txt" in caplog.text and "replaced" in caplog.text  # the repair is visible
    # An English article whose only non-ASCII is a few curly quotes, plus one stray byte.
    english = "The minister’s visit “went well,” aides said. " * 3
    assert text_of(english.encode("utf-8") + b"\x92 end.").startswith(english)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SPANISH, "latin-1"),
        (FRENCH * 3, "latin-1"),
        ("Der Außenminister traf „Herrn Müller“ – in Köln. " * 3, "cp1252"),
    ],
    ids=["es-latin1", "fr-latin1", "de-cp1252"],
)
def test_west_european_legacy_text(text: str, encoding: str) -> None:
    assert text_of(text.encode(encoding)) == text


def test_other_legacy_code_pages_keep_their_reading() -> None:
    russian = "Министр иностранных дел встретился с коллегой в Москве и обсудил сотрудничество. " * 3
    polish = "Minister spraw zagranicznych Polski spotkał się w środę z ministrem w Warszawie. " * 3
    assert text_of(russian.encode("cp1251")) == russian
    assert text_of(polish.encode("cp1250")) == polish
    # Czech scores exactly like cp1252 in the detector; the language identifier settles it.
    czech = (
        "Ministr zahraničí řekl, že obě země budou společně řešit otázky energetiky. "
        "Příští jednání bude v Praze. "
    )
    assert text_of(czech.encode("cp1250")) == czech
    portuguese = "O ministro das Relações Exteriores reuniu-se com o seu homólogo português em Lisboa. "
    assert text_of((portuguese * 2).encode("cp1252")) == portuguese * 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_byte_order_mark_is_honoured(encoding: str) -> None:
    data = SPANISH.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert text_of(data) == SPANISH


def test_html_declared_latin1_is_windows_1252() -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>L’accord “signé” à Genève</p></body>"
    [raw] = list(read_bytes("p.html", page.encode("cp1252"), Settings()))
    assert isinstance(raw, RawDocument) and raw.html is not None and "L’accord “signé”" in raw.html


def test_folder_loops_and_unreadable_entries_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "news"
    (root / "a").mkdir(parents=True)
    (root / "locked").mkdir()
    (root / "a" / "one.txt").write_text("one", "utf-8")
    (root / "z.txt").write_text("z", "utf-8")
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "nowhere")
    os.mkfifo(root / "pipe")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:  # root reads anything: fail as chmod 000 would
        if Path(path) == root / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(expand_paths([str(root)]))
    files = [item for item in found if isinstance(item, str)]
    errors = {(Path(e.source or "").name, e.code) for e in found if isinstance(e, InputError)}
    assert files == [str(root / "a" / "one.txt"), str(root / "z.txt")]
    assert errors == {
        ("loop", "unreadable"),
        ("dangling.txt", "unreadable"),
        ("locked", "unreadable"),
        ("pipe", "unreadable"),
    }
    messages = " ".join(str(e) for e in found if isinstance(e, InputError))
    assert "loop" in messages and "Permission denied" in messages and "link to nothing" in messages


def test_json_fields_must_be_strings(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        {"id": 7, "text": "A good line about ministers meeting in Lima."},
        {"text": {"body": "nested"}},
        {"text": "fine", "title": ["a", "list"]},
        {"text": 12345},
        {"id": 8, "text": "Another good line about ministers meeting in Quito."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n" + "[" * 100_000 + "\n", "utf-8")
    found = list(read_inputs([str(path)]))
    assert [(type(f).__name__, f.source) for f in found] == [
        ("RawDocument", f"{path}:1"),
        ("InputError", f"{path}:2"),
        ("InputError", f"{path}:3"),
        ("InputError", f"{path}:4"),
        ("RawDocument", f"{path}:5"),
        ("InputError", f"{path}:6"),
    ]
    errors = [f for f in found if isinstance(f, InputError)]
    assert [e.message for e in errors[:3]] == [
        "field 'text' must be a string, not an object",
        "field 'title' must be a string, not an array",
        "field 'text' must be a string, not a number",
    ]
    assert errors[3].code == "not_json" and "nested" in errors[3].message
    assert [f.external_id for f in found if isinstance(f, RawDocument)] == ["7", "8"]


def test_endless_jsonl_line_is_not_held_in_memory() -> None:
    data = b'{"text": "ok line here"}\n{"text": "' + b"x" * 20_000_000 + b'"}\n{"text": "last"}\n'
    tracemalloc.start()
    try:
        found = list(read_bytes("big.jsonl", data, Settings(max_document_bytes=1_000_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [getattr(f, "code", "doc") for f in found] == ["doc", "too_large", "doc"]
    assert peak < 8_000_000, peak
