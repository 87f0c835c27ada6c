"""Bad input: each is reported with the input and the reason, counted, and never stops the
batch or touches what is stored."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from communique import InputError, Settings, Store, ingest
from tests.conftest import FIXTURES
from tests.test_readers import make_warc


def run(paths: list[str], db: str) -> tuple[object, list[InputError]]:
    errors: list[InputError] = []
    with Store(db) as store:
        summary = ingest(paths, store, Settings(db=db), on_error=errors.append)
    return summary, errors


@pytest.fixture()
def bad_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n \t\n")
    rng = random.Random(7)
    (folder / "garbled.txt").write_bytes(bytes(rng.randint(0x80, 0xFF) for _ in range(2000)))
    (folder / "broken.html").write_text("<html><head><title>x</title></head><body><div><p><b>", "utf-8")
    lines = (FIXTURES / "articles.jsonl").read_text("utf-8").splitlines()
    (folder / "mixed.jsonl").write_text("\n".join([lines[0], "{not json at all", lines[1]]) + "\n", "utf-8")
    page = (FIXTURES / "page.html").read_text("utf-8")
    warc = folder / "cut.warc.gz"
    make_warc(
        warc,
        [
            ("https://a.example/1", page),
            ("https://a.example/2", page.replace("Chile", "Perú").replace("12 %", "9 %")),
        ],
        extra_non_html=False,
    )
    data = warc.read_bytes()
    second = data.find(b"\x1f\x8b", 10)  # start of the second gzip member
    warc.write_bytes(data[: second + (len(data) - second) // 2])
    with (folder / "huge.txt").open("wb") as stream:
        stream.seek(50 * 1024 * 1024 - 1)
        stream.write(b"a")
    return folder


def test_every_bad_input_reported_counted_and_batch_goes_on(bad_dir: Path, db: str) -> None:
    good = bad_dir / "zz_good.txt"
    shutil.copy(FIXTURES / "wire_en.txt", good)
    summary, errors = run([str(bad_dir)], db)
    by_source = {Path(e.source or "").name.split(":")[0]: e for e in errors}
    by_source["cut.warc.gz"] = next(e for e in errors if "a.example/2" in (e.source or ""))
    assert by_source["image.png"].code == "binary"
    assert by_source["empty.txt"].code == "empty"
    assert by_source["blank.txt"].code == "empty"
    assert by_source["garbled.txt"].code == "undecodable"
    assert by_source["broken.html"].code == "no_text"
    assert by_source["huge.txt"].code == "too_large"
    assert by_source["cut.warc.gz"].code == "bad_warc"
    bad_line = [e for e in errors if e.code == "not_json"]
    assert len(bad_line) == 1 and bad_line[0].source == f"{bad_dir / 'mixed.jsonl'}:2"
    for err in errors:
        assert err.source and err.message  # names the input and the reason
    # The good file, both good JSONL lines and the WARC record before the damage were stored.
    assert summary.new == 4  # type: ignore[attr-defined]
    assert summary.failed == len(errors) == 8  # type: ignore[attr-defined]
    assert dict(summary.failures) == {  # type: ignore[attr-defined]
        "bad_warc": 1,
        "binary": 1,
        "empty": 2,
        "no_text": 1,
        "not_json": 1,
        "too_large": 1,
        "undecodable": 1,
    }


def test_bad_input_does_not_touch_the_store(bad_dir: Path, db: str) -> None:
    run([str(FIXTURES)], db)
    with Store(db) as store:
        before = [a.to_dict() for a in store.iter_articles()]
    (bad_dir / "mixed.jsonl").unlink()
    (bad_dir / "cut.warc.gz").unlink()
    summary, errors = run([str(bad_dir)], db)
    assert summary.new == 0 and len(errors) == 6  # type: ignore[attr-defined]
    with Store(db) as store:
        assert [a.to_dict() for a in store.iter_articles()] == before


def test_broken_html_with_text_is_still_read(tmp_path: Path, db: str) -> None:
    page = tmp_path / "unclosed.html"
    page.write_text(
        "<html><body><div><p>MANILA, May 3 (Example) -- The foreign ministers of the "
        "Philippines and Australia met in Manila on Friday and agreed to expand maritime "
        "cooperation.<p>They will meet again next year<div>",
        "utf-8",
    )
    summary, errors = run([str(page)], db)
    assert not errors and summary.new == 1  # type: ignore[attr-defined]


def test_oversized_jsonl_line_is_one_error(tmp_path: Path, db: str) -> None:
    path = tmp_path / "big.jsonl"
    good = (FIXTURES / "articles.jsonl").read_text("utf-8").splitlines()[0]
    path.write_text(good + "\n" + '{"text": "' + "x" * 2_000_000 + '"}\n', "utf-8")
    errors: list[InputError] = []
    with Store(db) as store:
        summary = ingest(
            [str(path)], store, Settings(db=db, max_document_bytes=1_000_000), on_error=errors.append
        )
    assert summary.new == 1 and [e.code for e in errors] == ["too_large"]
    assert errors[0].source == f"{path}:2"
