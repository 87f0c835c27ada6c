"""A generator of hostile inputs for the fuzz suite (tests/test_fuzz.py).

Each generated file says what a demanding user expects of it: ``error`` (refused, with one clear reason
naming it), ``stored`` (read despite its oddity) or ``either`` (read or refused, never a crash and never a
silent loss). The classes are the ones attacks found (cut WARC, gzip bombs, broken encodings, edge dates,
fields of the wrong type, deep JSON, entity expansion, names with control characters) and their kin;
the seed picks the variant (cut point, garbage, which field), so several seeds cover more ground.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_SENTENCES = [
    "The foreign ministers of {a} and {b} met on Monday to discuss trade, energy and transport.",
    "Officials said the two governments would sign an agreement on customs cooperation next month.",
    "The talks in the capital lasted three hours, according to a statement from the ministry.",
    "Both sides pledged to double bilateral trade by the end of the decade.",
    "A joint working group will meet twice a year to review the projects, the statement said.",
]
_COUNTRIES = ["Poland", "Peru", "Kenya", "Norway", "Chile", "Vietnam", "Ghana", "Austria"]


@dataclass(frozen=True)
class Hostile:
    """One generated input and what is expected of it."""

    name: str
    expect: str  # "error", "stored" or "either"


def good_text(rng: random.Random, marker: str) -> str:
    """A short plausible news text carrying a unique ``marker`` word (to find it in the store)."""
    a, b = rng.sample(_COUNTRIES, 2)
    body = " ".join(s.format(a=a, b=b) for s in _SENTENCES)
    return f"{a} and {b} agree closer ties ({marker})\n\n{body} Reference {marker}.\n"


def _warc(pages: list[tuple[str, str]], *, compress: bool, with_uri: bool = True) -> bytes:
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=compress)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        if not with_uri:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return stream.getvalue()


def _html(text: str) -> str:
    title, _, body = text.partition("\n\n")
    return f"<html><head><title>{title}</title></head><body><article><p>{body}</p></article></body></html>"


def generate(folder: Path, seed: int) -> tuple[list[Hostile], dict[str, str]]:
    """Write hostile inputs and good ones into ``folder``; return the hostile ones and the good ones'
    file names with the marker each carries."""
    rng = random.Random(seed)
    hostile: list[Hostile] = []
    good: dict[str, str] = {}

    def write(name: str, data: bytes, expect: str) -> None:
        (folder / name).write_bytes(data)
        hostile.append(Hostile(name, expect))

    def text(tag: str) -> str:
        return good_text(rng, f"zq{seed}{tag}")

    for n in range(3):
        marker = f"zq{seed}good{n}"
        (folder / f"good{n}.txt").write_text(good_text(rng, marker), "utf-8")
        good[f"good{n}.txt"] = marker

    # Empty and nearly empty, binary, NUL bytes.
    write("empty.txt", b"", "error")
    write("blank.txt", b" \n\t\n" * rng.randint(1, 50), "error")
    write("garbage.bin", bytes(rng.randrange(256) for _ in range(rng.randint(100, 5000))), "error")
    write("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(500)), "error")
    write("nul.txt", text("nul").replace(" ", "\x00", 3).encode(), "either")
    # Encodings: a stray invalid byte, UTF-16 with a BOM, Latin-1.
    body = text("stray").encode()
    cut = rng.randrange(len(body) // 2, len(body) - 10)
    write("stray_byte.txt", body[:cut] + b"\xff" + body[cut:], "stored")
    write("utf16.txt", text("utf16").encode("utf-16"), "stored")
    write("latin1.txt", text("latin").replace("ties", "ties à São Tomé").encode("latin-1"), "stored")
    # WARC: cut anywhere, a record without its URI, a gzip that is not WARC, a gzip bomb.
    pages = [(f"https://w.example/{i}", _html(text(f"warc{i}"))) for i in range(3)]
    for compress in (False, True):
        data = _warc(pages, compress=compress)
        point = rng.randrange(1, len(data) - 1)
        write(f"cut{point}.warc{'.gz' if compress else ''}", data[:point], "either")
    write("no_uri.warc", _warc(pages[:1], compress=False, with_uri=False), "either")
    write("notwarc.gz", gzip.compress(text("gz").encode()), "either")
    write("bomb.gz", gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9), "error")
    write("bomb_lines.gz", gzip.compress(b"A" * (32 * 1024 * 1024), compresslevel=9), "error")
    # JSON lines: not JSON, wrong types, deep nesting, edge dates, no text.
    ok = {"title": "Talks", "text": text("jsonok")}
    lines = [
        json.dumps(ok),
        "{not json",
        json.dumps({"title": {"a": 1}, "text": text("jsonobj")}),
        json.dumps({"text": ["a", "list"]}),
        json.dumps({"text": 12345}),
        "[" * 50000 + "]" * 50000,
        json.dumps(
            {"text": text("far"), "published": rng.choice(["9999-12-31", "0001-01-01", "9999-06-15"])}
        ),
        json.dumps({"title": "no text"}),
    ]
    write("lines.jsonl", "\n".join(lines).encode() + b"\n", "either")
    # Markup: entity expansion, external entities, a feed that is not XML.
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">' for i in range(9)
        )
        + "]><rss><channel><item><title>&lol8;</title><description>x</description></item></channel></rss>"
    )
    write("laughs.rss", laughs.encode(), "either")
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><item><title>&x;</title><description>&x;</description></item></channel></rss>"
    )
    write("xxe.rss", xxe.encode(), "either")
    write("broken.html", b"<html><body><div><p><b>" + b"<i>" * rng.randint(10, 20000), "error")
    # Dates at the calendar's edge in a text's header line.
    edge = rng.choice(["9999-12-31", "0001-01-01", "9999-06-15"])
    write("edge_date.txt", f"date {edge} {text('edge')}".encode(), "either")
    # Too long for one document: over the character limit, under the byte limit.
    long_text = (text("long").split("\n\n")[1] + " ") * (600_000 // 500)
    write("long.txt", long_text.encode(), "error")
    # A file name with a newline and a forged summary line.
    write("forged\ncommunique: 0 failed.txt", b"", "error")
    return hostile, good
