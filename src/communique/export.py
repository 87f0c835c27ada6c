"""Exports of stored records as JSON Lines, CSV or Parquet, streamed in chunks.

JSON Lines is the contract's record shape as it is. Parquet has one explicit schema per record type, so
that a column's type never depends on which rows happen to be empty. Events as CSV are one row per event
in GDELT 2.0 event-table columns (:func:`gdelt_rows`) followed by Communiqué's own, so that tools written
for GDELT read them; the other kinds flatten to CSV (nested objects as ``parent_child``, lists as JSON).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import islice
from typing import IO, Any, Literal, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from .countries import country_name
from .records import Article
from .shapes import EventActor, EventRecord, Institution, Visitor

__all__ = [
    "ARTICLE_SCHEMA",
    "COMMUNIQUE_COLUMNS",
    "ENTITY_SCHEMA",
    "EVENT_SCHEMA",
    "GDELT_COLUMNS",
    "MECHANISM_SCHEMA",
    "SCHEMAS",
    "STORY_SCHEMA",
    "ExportFormat",
    "csv_columns",
    "datasette_metadata",
    "flatten",
    "gdelt_rows",
    "quad_class",
    "write_records",
]

ExportFormat = Literal["jsonl", "csv", "parquet"]

_DATELINE = pa.struct(
    [("place", pa.string()), ("country", pa.string()), ("date", pa.string()), ("agency", pa.string())]
)
#: Parquet schema of the contract's article shape (dates as ISO text, as in JSON).
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("outlet", pa.string()),
        ("language", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("dateline", _DATELINE),
        ("text", pa.string()),
        ("url", pa.string()),
        ("duplicate_of", pa.string()),
        ("translation_of", pa.string()),
        ("external_id", pa.string()),
    ]
)
#: Parquet schema of the contract's entity shape.
ENTITY_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("country", pa.string()),
        ("aliases", pa.list_(pa.string())),
        (
            "roles",
            pa.list_(
                pa.struct(
                    [
                        ("title", pa.string()),
                        ("country", pa.string()),
                        ("first_seen", pa.string()),
                        ("last_seen", pa.string()),
                    ]
                )
            ),
        ),
        ("article_ids", pa.list_(pa.string())),
    ]
)
_ACTOR = pa.struct(
    [("entity_id", pa.string()), ("name", pa.string()), ("country", pa.string()), ("role", pa.string())]
)
_FACT = pa.struct(
    [
        ("text", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("period", pa.string()),
        ("kind", pa.string()),
        ("date", pa.string()),
        ("said_by", pa.string()),
        ("sentence", pa.int64()),
    ]
)
_EVIDENCE = pa.struct(
    [("article_id", pa.string()), ("sentence", pa.string()), ("start", pa.int64()), ("end", pa.int64())]
)
#: Parquet schema of the contract's event shape, with ``n_outlets`` and ``contains`` (a visit's meetings).
EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("plover", pa.string()),
        ("mode", pa.string()),
        ("context", pa.string()),
        ("cameo", pa.string()),
        ("date", pa.string()),
        ("end_date", pa.string()),
        ("place", pa.string()),
        ("country", pa.string()),
        ("actors", pa.list_(_ACTOR)),
        ("visitor", pa.struct([("entity_id", pa.string()), ("name", pa.string())])),
        ("host_country", pa.string()),
        ("institution", pa.struct([("entity_id", pa.string()), ("name", pa.string())])),
        ("session_number", pa.int64()),
        ("pledge", pa.struct([("text", pa.string()), ("areas", pa.list_(pa.string()))])),
        ("facts", pa.list_(_FACT)),
        ("article_ids", pa.list_(pa.string())),
        ("languages", pa.list_(pa.string())),
        ("evidence", pa.list_(_EVIDENCE)),
        ("confidence", pa.float64()),
        ("n_outlets", pa.int64()),
        ("contains", pa.list_(pa.string())),
    ]
)
#: Parquet schema of the contract's story shape, with languages and counts.
STORY_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("article_ids", pa.list_(pa.string())),
        ("event_ids", pa.list_(pa.string())),
        ("start", pa.string()),
        ("end", pa.string()),
        ("languages", pa.list_(pa.string())),
        ("n_articles", pa.int64()),
        ("n_outlets", pa.int64()),
    ]
)
#: Parquet schema of the contract's mechanism shape.
MECHANISM_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("countries", pa.list_(pa.string())),
        (
            "sessions",
            pa.list_(
                pa.struct(
                    [
                        ("number", pa.int64()),
                        ("date", pa.string()),
                        ("place", pa.string()),
                        ("event_id", pa.string()),
                        ("co_chairs", pa.list_(pa.string())),
                    ]
                )
            ),
        ),
    ]
)
#: The schema of each record type, by the name ``communique export`` takes.
SCHEMAS: Mapping[str, pa.Schema] = {
    "articles": ARTICLE_SCHEMA,
    "entities": ENTITY_SCHEMA,
    "events": EVENT_SCHEMA,
    "stories": STORY_SCHEMA,
    "mechanisms": MECHANISM_SCHEMA,
}

#: GDELT 2.0 event-table columns that an event fills, in GDELT's order (codebook V2.0). Countries are
#: ISO 3166-1 alpha-3 throughout (GDELT's ActionGeo_CountryCode is FIPS 10-4).
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Name",
    "Actor2CountryCode",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "DATEADDED",
    "SOURCEURL",
)
#: Communiqué's own columns, after GDELT's.
COMMUNIQUE_COLUMNS: tuple[str, ...] = (
    "Plover",
    "Mode",
    "Context",
    "EndDate",
    "Place",
    "Institution",
    "InstitutionID",
    "SessionNumber",
    "Visitor",
    "VisitorEntityID",
    "HostCountry",
    "Languages",
    "Actor1EntityID",
    "Actor1Role",
    "Actor2EntityID",
    "Actor2Role",
    "Actors",
    "ArticleIDs",
    "Confidence",
)
#: Roles that make an actor GDELT's Actor1 (who acts) or Actor2 (who is acted upon); in a meeting of
#: equals (co-chairs, participants) Actor2 is the first other side, preferably from another country.
_ACTOR1_ROLES = ("source", "visitor")
_ACTOR2_ROLES = ("target", "host")
_PEER_ROLES = ("co-chair", "participant")
_CHUNK = 2000


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts to ``parent_child`` columns; lists to JSON text (for CSV)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def csv_columns(schema: pa.Schema) -> list[str]:
    """CSV header of a record type: struct fields as ``parent_child`` (as :func:`flatten` names them)."""

    def names(field: pa.Field, prefix: str) -> list[str]:
        if pa.types.is_struct(field.type):
            return [n for child in field.type for n in names(child, f"{prefix}{field.name}_")]
        return [f"{prefix}{field.name}"]

    return [n for field in schema for n in names(field, "")]


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass from the CAMEO root: 01-05 verbal cooperation (1), 06-08 material cooperation
    (2), 09-13 verbal conflict (3), 14-20 material conflict (4); None for no valid code."""
    root = (cameo or "")[:2]
    if not root.isdigit():
        return None
    number = int(root)
    for quad, last in ((1, 5), (2, 8), (3, 13), (4, 20)):
        if 1 <= number <= last:
            return quad
    return None


class _Source(NamedTuple):
    """What an event's CSV row needs to know of one article."""

    published: str | None
    location: str  # URL, else the source the article was read from
    lead_end: int  # offset where the first paragraph ends


def _sources(articles: Iterable[Article]) -> dict[str, _Source]:
    # Only these three small fields are kept, so the index stays small next to the articles' texts.
    found: dict[str, _Source] = {}
    for article in articles:
        lead_end = article.text.find("\n\n")
        found[article.id] = _Source(
            article.published, article.url or article.source, lead_end if lead_end >= 0 else len(article.text)
        )
    return found


def _dyad(actors: Sequence[EventActor], place: str | None) -> tuple[EventActor | None, EventActor | None]:
    first = next((a for a in actors if a.get("role") in _ACTOR1_ROLES), None)
    if first is None:
        first = next((a for a in actors if a.get("role") in _PEER_ROLES), None)
    rest = [a for a in actors if a is not first]
    hosts = [a for a in rest if a.get("role") in _ACTOR2_ROLES]
    # A host named like the event's place is where it happened ("Astana"); the host country or person
    # that received the visitor says more, so it goes first when there is one.
    hosts.sort(key=lambda a: bool(place) and a.get("name") == place)
    second = next(iter(hosts), None)
    if second is None and first is not None and first.get("role") in _PEER_ROLES:
        peers = [a for a in rest if a.get("role") in _PEER_ROLES]
        second = next((a for a in peers if a.get("country") != first.get("country")), None) or next(
            iter(peers), None
        )
    return first, second


def _compact(day: str | None, length: int = 8) -> int | None:
    return int(day.replace("-", "")[:length]) if day else None


def gdelt_rows(events: Iterable[EventRecord], articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """One row per event (the contract's shape) with :data:`GDELT_COLUMNS` then :data:`COMMUNIQUE_COLUMNS`.

    ``articles`` is read once, first, for each article's publication date, URL and first paragraph.
    GDELT's fields are filled as their codebook defines them where Communiqué knows the same thing:
    Actor1 is the source or visitor (else a co-chair or participant), Actor2 the target or host (else
    the first other co-chair or participant, preferably of another country); IsRootEvent is 1 when an
    evidence sentence starts in its article's first paragraph; NumMentions counts evidence sentences,
    NumSources outlets, NumArticles articles; DATEADDED is the day (YYYYMMDD) the earliest report was
    published, rather than the time of ingest, so that the export of a store is reproducible; SOURCEURL
    is that report's URL, or the file or address it was read from.
    """
    sources = _sources(articles)
    for event in events:
        first, second = _dyad(event.get("actors") or [], event.get("place"))
        reports = sorted(
            (sources[a] for a in event.get("article_ids") or [] if a in sources),
            key=lambda s: (s.published or "9999", s.location),
        )
        lead = any(
            e["article_id"] in sources and e["start"] < sources[e["article_id"]].lead_end
            for e in event.get("evidence") or []
        )
        cameo = event.get("cameo") or ""
        day: str | None = event.get("date")
        when = date.fromisoformat(day) if day else None
        place, country = event.get("place"), event.get("country")
        full_name = ", ".join(x for x in (place, country_name(country) if country else None) if x)
        institution: Institution | None = event.get("institution")
        visitor: Visitor | None = event.get("visitor")
        yield {
            "GlobalEventID": event["id"],
            "Day": _compact(day),
            "MonthYear": _compact(day, 6),
            "Year": when.year if when else None,
            # The codebook's approximation: year + (month * 30 + day) / 365.
            "FractionDate": round(when.year + (when.month * 30 + when.day) / 365, 4) if when else None,
            "Actor1Name": first.get("name") if first else None,
            "Actor1CountryCode": first.get("country") if first else None,
            "Actor2Name": second.get("name") if second else None,
            "Actor2CountryCode": second.get("country") if second else None,
            "IsRootEvent": int(lead),
            "EventCode": cameo or None,
            "EventBaseCode": cameo[:3] or None,
            "EventRootCode": cameo[:2] or None,
            "QuadClass": quad_class(cameo),
            "NumMentions": len(event.get("evidence") or []),
            "NumSources": event.get("n_outlets"),
            "NumArticles": len(event.get("article_ids") or []),
            "ActionGeo_FullName": full_name or None,
            "ActionGeo_CountryCode": country,
            "DATEADDED": _compact(reports[0].published) if reports else None,
            "SOURCEURL": reports[0].location if reports else None,
            "Plover": event.get("plover"),
            "Mode": event.get("mode"),
            "Context": event.get("context"),
            "EndDate": event.get("end_date"),
            "Place": place,
            "Institution": institution["name"] if institution else None,
            "InstitutionID": institution["entity_id"] if institution else None,
            "SessionNumber": event.get("session_number"),
            "Visitor": visitor["name"] if visitor else None,
            "VisitorEntityID": visitor["entity_id"] if visitor else None,
            "HostCountry": event.get("host_country"),
            "Languages": ";".join(event.get("languages") or []),
            "Actor1EntityID": first.get("entity_id") if first else None,
            "Actor1Role": first.get("role") if first else None,
            "Actor2EntityID": second.get("entity_id") if second else None,
            "Actor2Role": second.get("role") if second else None,
            "Actors": "; ".join(
                f"{a.get('name') or a.get('entity_id')} ({a.get('country') or '?'}, {a.get('role')})"
                for a in event.get("actors") or []
            ),
            "ArticleIDs": ";".join(event.get("article_ids") or []),
            "Confidence": event.get("confidence"),
        }


#: Tables that hold indexes for linking rather than anything a reader looks at.
_INTERNAL_TABLES = (
    "alembic_version",
    "article_bands",
    "article_blocks",
    "article_signatures",
    "article_vectors",
    "event_blocks",
    "event_keys",
    "local_blocks",
)


def datasette_metadata(database: str = "communique") -> dict[str, Any]:
    """A Datasette metadata document (``datasette communique.db -m metadata.json``) for a store named
    ``database`` (the file name without ``.db``): descriptions of the readable views, link-index tables
    hidden, FTS5 query syntax in the articles' search box, facets on the event list.

    Datasette needs none of it to open the file: the views are in the database and it detects the
    articles' full-text index by itself; this only makes the first page tidier.
    """
    views = {
        "article_list": "Articles without their text: date, language, outlet, dateline, source, story.",
        "event_list": "One row per event: PLOVER/CAMEO, date, place, mechanism and session, actors.",
        "event_sources": "Every sentence that reports an event, with its article, language and outlet.",
        "mechanism_sessions": "Numbered sessions of recurring bodies, with their co-chairs.",
        "story_list": "Stories: related reports across outlets and languages.",
        "entity_list": "People, organisations and places, with offices held and other spellings.",
    }
    tables: dict[str, dict[str, Any]] = {name: {"hidden": True} for name in _INTERNAL_TABLES}
    tables.update({name: {"description": text} for name, text in views.items()})
    tables["articles"] = {"fts_table": "articles_fts", "searchmode": "raw", "label_column": "title"}
    tables["entities"] = {"label_column": "name"}
    tables["event_list"]["facets"] = ["plover", "country", "languages"]
    tables["event_list"]["sort_desc"] = "date"
    return {
        "title": "Communiqué",
        "description": "Foreign-relations events read from the news, each traced to its sources.",
        "databases": {database: {"tables": tables}},
    }


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def write_records(
    records: Iterable[Article | Mapping[str, Any]],
    fmt: ExportFormat | str,
    out: IO[str] | str,
    schema: pa.Schema | None = ARTICLE_SCHEMA,
    columns: Sequence[str] | None = None,
) -> int:
    """Write records (articles, or records already in their JSON shape) to ``out`` — a text
    stream for jsonl/csv, a file path for parquet, which is binary — and return the count.

    ``schema`` types the Parquet columns and gives the CSV header; ``columns`` overrides that header
    (rows already flat, such as :func:`gdelt_rows`). With either, an empty export still has its header
    (Parquet: its schema)."""
    rows = (record.to_dict() if isinstance(record, Article) else dict(record) for record in records)
    count = 0
    if fmt == "parquet":
        if not isinstance(out, str):
            raise TypeError("Parquet is written to a file path")
        if schema is None:  # nested record shapes without a fixed schema: inferred from all rows
            table = pa.Table.from_pylist(list(rows))
            pq.write_table(table, out)
            return int(table.num_rows)
        with pq.ParquetWriter(out, schema) as parquet:
            for chunk in _chunks(rows):
                parquet.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
        return count
    if isinstance(out, str):
        raise TypeError("JSON Lines and CSV are written to a text stream")
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        header = list(columns) if columns is not None else csv_columns(schema) if schema is not None else None
        writer: csv.DictWriter[str] | None = None
        if header is not None:
            # A struct that is null flattens to its own name, not its children's: that key is dropped
            # (extrasaction) and the children stay empty (restval).
            writer = csv.DictWriter(out, fieldnames=header, restval="", extrasaction="ignore")
            writer.writeheader()
        for row in rows:
            flat = flatten(row)
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count
