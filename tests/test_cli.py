"""The ``communique`` command: documented, thin, honest about what is not there yet."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from communique.cli import app
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert commands >= {"ingest", "export", "search", "show", "demo", "code", "serve"}
    for name in commands:
        assert re.search(rf"`communique {name}\b", readme), f"'communique {name}' is not in the README"


def test_ingest_search_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, out, err = invoke("ingest", str(FIXTURES), "--db", db, "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "read": 9,
        "new": 9,
        "already_known": 0,
        "failed": 0,
        "failed_by_reason": {},
        "without_entities": {},
        "duplicates": 0,
        "translations": 0,
    }
    code, out, err = invoke("ingest", str(FIXTURES), "--db", db)
    assert code == 0 and "9 read, 0 new, 9 already known, 0 failed" in err

    code, out, _ = invoke("search", "maritime", "--db", db, "--json")
    hit = json.loads(out.splitlines()[0])
    assert hit["title"] == "Kenya and India agree to boost maritime cooperation"

    code, out, _ = invoke("show", hit["id"][:6], "--db", db)
    shown = json.loads(out)
    assert set(shown) == {
        "id",
        "source",
        "outlet",
        "language",
        "title",
        "published",
        "dateline",
        "text",
        "url",
        "duplicate_of",
        "translation_of",
        "external_id",
    }
    assert shown["dateline"] == {
        "place": "Nairobi",
        "country": "KEN",
        "date": "2024-06-11",
        "agency": "Example Wire",
    }

    code, out, _ = invoke("export", "articles", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 9 and rows == sorted(rows, key=lambda r: (r["published"] or "", r["id"]))

    code, out, _ = invoke("export", "articles", "--format", "csv", "--db", db)
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 9 and "dateline_country" in table[0]

    target = tmp_path / "a.parquet"
    code, _, err = invoke("export", "articles", "-f", "parquet", "-o", str(target), "--db", db)
    assert code == 0 and "9 articles written" in err
    parquet = pq.read_table(target).to_pylist()
    assert {r["id"] for r in parquet} == {r["id"] for r in rows}
    assert parquet[0]["dateline"].keys() == {"place", "country", "date", "agency"}


def test_stdin_and_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, _, err = invoke("ingest", "-", "--db", db, stdin=(FIXTURES / "wire_fr.txt").read_text("utf-8"))
    assert code == 0 and "1 new" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", "utf-8")
    code, _, err = invoke("ingest", str(bad), "--db", db)
    assert code == 1  # nothing at all could be ingested
    assert f"communique: error: {bad}:1: not JSON" in err
    code, _, err = invoke("ingest", str(bad), "--db", db, "--json")
    error = json.loads(err.splitlines()[0])
    assert error["error"]["code"] == "not_json" and error["error"]["source"] == f"{bad}:1"
    code, _out, err = invoke("ingest", str(bad), str(FIXTURES / "wire_en.txt"), "--db", db, "--quiet")
    assert code == 0 and err == ""


def test_serve_documents_its_options() -> None:
    code, out, _ = invoke("serve", "--help")
    assert code == 0
    for option in ("--db", "--host", "--port", "--public", "--allow-ingest", "--token"):
        assert option in out
    assert "127.0.0.1" in out


def test_show_unknown_id(tmp_path: Path) -> None:
    code, _, err = invoke("show", "ffffffffffffffff", "--db", str(tmp_path / "x.db"))
    assert code == 1 and "no article with that id" in err


def test_parquet_needs_a_file(tmp_path: Path) -> None:
    code, _, err = invoke("export", "articles", "-f", "parquet", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "-o" in err


def test_env_var_selects_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("COMMUNIQUE_DB", str(db))
    code, _, _ = invoke("ingest", str(FIXTURES / "wire_en.txt"))
    assert code == 0 and db.exists()


def test_code_command_codes_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "Peru stands ready to work with Chile to deepen trade, the minister said.",
                "date": "2024-10-14",
                "language": "en",
            }
        ),
        "",
        "{not json",
        json.dumps({"id": "big", "text": "x" * 1_100_000}),
        "The foreign ministers of Ghana and Togo met in Accra on Monday.",
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, _ = invoke("code", str(source))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 5
    assert records[0]["id"] == "a" and records[0]["events"][0]["plover"] == "AGREE"
    actors = records[0]["events"][0]["actors"]
    assert [(a["country"], a["role"]) for a in actors] == [("PER", "source"), ("CHL", "target")]
    assert [r.get("error", {}).get("code") for r in records[1:4]] == ["empty", "not_json", "too_large"]
    assert records[4]["events"][0]["plover"] == "CONSULT"


def test_eval_command_prints_the_table(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "1",
                "language": "en",
                "date": "2024-10-14",
                "text": "Peru stands ready to work with Chile to deepen trade, the minister said.",
                "events": [
                    {
                        "plover": "AGREE",
                        "cameo": "030",
                        "source": {"country": "PER"},
                        "target": {"country": "CHL"},
                    }
                ],
            }
        )
        + "\n",
        "utf-8",
    )
    code, out, _ = invoke("eval", str(gold))
    assert code == 0 and "| AGREE | 1 | 1.00 | 1.00 |" in out
    assert "top category right: 1/1 = 100.0%" in out and "country right: 2/2" in out


def test_version_and_bare_command() -> None:
    from communique import __version__

    code, out, _ = invoke("--version")
    assert code == 0 and out.strip() == __version__
