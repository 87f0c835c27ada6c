"""Coding texts without storing them (``communique code``) and scoring the coder (``communique eval``)."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from .errors import CommuniqueError, InputError
from .events.coder import EventMention
from .events.ontology import PLOVER_CATEGORIES, visit_sides
from .metadata import date_bounds, plausible

if TYPE_CHECKING:
    from .nlp.base import Annotation

__all__ = ["EvalReport", "code_lines", "code_text", "evaluate", "event_record", "read_lines", "split_lines"]

#: A line longer than this is refused: no sentence batch is a megabyte of text.
MAX_LINE_BYTES = 1_000_000

_LOG = logging.getLogger(__name__)


def split_lines(text: str) -> list[str]:
    r"""``text`` cut at each ``\n`` (a ``\r`` before it dropped), and nowhere else.

    Not :meth:`str.splitlines`, which also cuts at U+2028, U+2029, form feeds, ``\x1c``-``\x1e``
    and U+0085: characters a sentence or a JSON string may hold, which would shift the line
    numbers that ``communique code`` uses as ids. A final newline ends the last line, it does not
    start another.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_lines(stream: IO[bytes]) -> Iterator[str]:
    r"""The lines of a byte stream (a file, stdin), cut as :func:`split_lines` cuts them.

    Each line is decoded on its own, so one that is not UTF-8 is one bad line (its bytes kept
    as surrogates, which :func:`code_lines` reports as ``not_utf8``), not a failed stream. A
    line is read at most one byte past :data:`MAX_LINE_BYTES`, the rest skipped: a file with
    no newline at all is one line refused as too large, not one held in memory.
    """
    first = True
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        if not raw.endswith(b"\n") and len(raw) > MAX_LINE_BYTES:
            while (rest := stream.readline(MAX_LINE_BYTES + 1)) and not rest.endswith(b"\n"):
                pass
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark is not text
            first = False
        yield raw.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8", "surrogateescape")


def event_record(event: EventMention, article_id: str | None) -> dict[str, Any]:
    """The contract's event shape for one unstored event mention."""
    actors = [{"entity_id": None, "name": a.name, "country": a.country, "role": a.role} for a in event.actors]
    visitor, host_country = visit_sides(event.plover, event.country, actors)
    return {
        "id": None,
        "plover": event.plover,
        "mode": event.mode,
        "context": event.context,
        "cameo": event.cameo,
        "date": event.date,
        "end_date": event.end_date,
        "place": event.place,
        "country": event.country,
        "actors": actors,
        "visitor": visitor,
        "host_country": host_country,
        "institution": {"entity_id": None, "name": event.institution} if event.institution else None,
        "session_number": event.session_number,
        "pledge": {"text": event.pledge_text, "areas": list(event.pledge_areas)}
        if event.pledge_text or event.pledge_areas
        else None,
        "facts": list(event.facts),
        "article_ids": [article_id] if article_id else [],
        "languages": [event.language],
        "evidence": [
            {"article_id": article_id, "sentence": event.text, "start": event.start, "end": event.end}
        ],
        "confidence": event.confidence,
    }


def code_text(text: str, language: str | None = None, when: str | None = None) -> list[EventMention]:
    """Events in a text; ``when`` (ISO date) anchors relative dates, ``language`` skips detection."""
    from .language import detect_language
    from .nlp import annotate

    lang = language or detect_language(text)[0]
    return _code_annotated(text, annotate(text, lang), when)


def _code_annotated(text: str, annotation: Annotation, when: str | None) -> list[EventMention]:
    from .entities import local_entities, mention_countries
    from .events import code_sentences

    anchor = _anchor(when) if when else None
    # As in the pipeline: the article's own entity grouping gives mentions their country
    # ("Anna Berg of Sweden ... Berg said").
    countries = mention_countries(local_entities("-", annotation))
    return code_sentences(text, annotation, anchor, anchor, countries=countries)


def _anchor(when: str, source: str | None = None) -> date:
    """A line's ``date`` as the anchor of its relative dates; refused unless it is an ISO date
    within the plausible publication range (:func:`communique.metadata.date_bounds`)."""
    try:
        anchor = date.fromisoformat(when.strip())
    except ValueError:
        raise InputError(
            f"'date' {when!r} is not a date (YYYY-MM-DD)", source=source, code="bad_date"
        ) from None
    bounds = date_bounds()
    if not plausible(anchor, bounds):
        raise InputError(
            f"'date' {anchor.isoformat()} is not plausible (accepted: {bounds[0].isoformat()} to "
            f"{bounds[1].isoformat()})",
            source=source,
            code="bad_date",
        )
    return anchor


def _parse(line: str, number: int) -> tuple[str, str, object, object]:
    """A line's id, text, and its raw ``language`` and ``date`` (checked by :func:`_fields`)."""
    where = str(number)
    try:
        size = len(line.encode("utf-8"))
    except UnicodeEncodeError:  # undecodable bytes, kept as surrogates by read_lines
        raise InputError("line is not UTF-8 text", source=where, code="not_utf8") from None
    if size > MAX_LINE_BYTES:
        raise InputError(f"line of more than {MAX_LINE_BYTES} bytes", source=where, code="too_large")
    stripped = line.strip()
    if not stripped:
        raise InputError("empty line", source=where, code="empty")
    if not stripped.startswith("{"):
        return where, stripped, None, None
    try:
        record = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON ({exc})", source=where, code="not_json") from exc
    except RecursionError:
        raise InputError("not JSON (nested too deeply)", source=where, code="not_json") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InputError("JSON line needs a non-empty 'text'", source=where, code="no_text_field")
    ident = record.get("id")
    if ident is None:
        ident = number
    elif isinstance(ident, bool) or not isinstance(ident, str | int):
        raise InputError("'id' must be a string or a whole number", source=where, code="bad_field")
    return str(ident), record["text"], record.get("language"), record.get("date")


def _fields(language: object, when: object, where: str) -> tuple[str | None, str | None]:
    """A line's ``language`` and ``date``, checked: the date must anchor (:func:`_anchor`)."""
    if language is not None and not isinstance(language, str):
        raise InputError("'language' must be a language code such as \"en\"", source=where, code="bad_field")
    if when is not None and not isinstance(when, str):
        raise InputError("'date' must be a string (YYYY-MM-DD)", source=where, code="bad_date")
    if when:
        _anchor(when, where)
    return language or None, when or None


def _error(exc: Exception, number: int, ident: str | None = None) -> dict[str, Any]:
    """The canonical error record of a line (``id``: its own id if it has one, else its number):
    a reason and a code, never an exception's class name."""
    if not isinstance(exc, CommuniqueError):
        # An unexpected failure is ours, not the line's: the record says so plainly, the details
        # go to the log (``logging`` at debug level) for whoever investigates.
        _LOG.debug("line %d could not be coded", number, exc_info=exc)
        exc = InputError("could not be coded (an internal error)", source=str(number), code="coding_failed")
    return {"id": ident or exc.source or str(number), **exc.to_dict()}


#: Lines coded together: their texts of one language are annotated in one batch of the models.
_CHUNK = 16


def code_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One output record per input line, in order: ``{"id", "events"}`` or ``{"id", "error"}``."""
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        chunk.append((number, line))
        if len(chunk) >= _CHUNK:
            yield from _code_chunk(chunk)
            chunk = []
    if chunk:
        yield from _code_chunk(chunk)


def _code_chunk(chunk: list[tuple[int, str]]) -> list[dict[str, Any]]:
    from .language import detect_language
    from .nlp import annotate_each

    out: list[dict[str, Any] | None] = []
    parsed: dict[int, tuple[int, str, str, str | None, str | None]] = {}
    for position, (number, line) in enumerate(chunk):
        ident: str | None = None
        try:
            ident, text, raw_language, raw_when = _parse(line, number)
            language, when = _fields(raw_language, raw_when, str(number))
            parsed[position] = (number, ident, text, language or detect_language(text)[0], when)
            out.append(None)
        except Exception as exc:
            out.append(_error(exc, number, ident))
    annotations = annotate_each([(text, lang) for _, _, text, lang, _ in parsed.values()])
    for (position, (number, ident, text, _, when)), annotation in zip(
        parsed.items(), annotations, strict=True
    ):
        try:
            if isinstance(annotation, Exception):
                raise annotation
            events = _code_annotated(text, annotation, when)
            out[position] = {"id": ident, "events": [event_record(e, ident) for e in events]}
        except Exception as exc:
            out[position] = _error(exc, number, ident)
    return [o for o in out if o is not None]


@dataclass(slots=True)
class EvalReport:
    """Per-category precision and recall, top-category accuracy and actor-country accuracy."""

    sentences: int = 0
    top_right: int = 0
    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    country_checked: int = 0
    country_right: int = 0
    by_language: Counter[str] = field(default_factory=Counter)
    right_by_language: Counter[str] = field(default_factory=Counter)

    @property
    def top_accuracy(self) -> float:
        """Share of sentences whose first event category (or "no event") is right."""
        return self.top_right / self.sentences if self.sentences else 0.0

    @property
    def country_accuracy(self) -> float:
        """Share of gold source and target countries found, on sentences whose category is right."""
        return self.country_right / self.country_checked if self.country_checked else 0.0

    def table(self) -> str:
        """A markdown table of the figures."""
        lines = ["| category | gold | precision | recall |", "|---|---:|---:|---:|"]
        for category in PLOVER_CATEGORIES:
            tp, fp, fn = self.true_pos[category], self.false_pos[category], self.false_neg[category]
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            lines.append(f"| {category} | {tp + fn} | {precision:.2f} | {recall:.2f} |")
        lines.append("")
        lines.append(f"top category right: {self.top_right}/{self.sentences} = {self.top_accuracy:.1%}")
        for lang in sorted(self.by_language):
            share = self.right_by_language[lang] / self.by_language[lang]
            lines.append(f"  {lang}: {self.right_by_language[lang]}/{self.by_language[lang]} = {share:.1%}")
        checked, right = self.country_checked, self.country_right
        lines.append(f"source/target country right: {right}/{checked} = {self.country_accuracy:.1%}")
        return "\n".join(lines)


def evaluate(lines: Iterable[str]) -> EvalReport:
    """Score the coder on gold lines (``evaluation/events.jsonl`` format)."""
    report = EvalReport()
    for line in lines:
        if not line.strip():
            continue
        gold = json.loads(line)
        predicted = code_text(gold["text"], gold.get("language"), gold.get("date"))
        gold_events = gold.get("events", [])
        gold_top = gold_events[0]["plover"] if gold_events else None
        pred_top = predicted[0].plover if predicted else None
        report.sentences += 1
        report.by_language[gold.get("language", "?")] += 1
        if gold_top == pred_top:
            report.top_right += 1
            report.right_by_language[gold.get("language", "?")] += 1
        gold_set = {e["plover"] for e in gold_events}
        pred_set = {e.plover for e in predicted}
        for category in gold_set & pred_set:
            report.true_pos[category] += 1
        for category in pred_set - gold_set:
            report.false_pos[category] += 1
        for category in gold_set - pred_set:
            report.false_neg[category] += 1
        if gold_events and predicted and gold_top == pred_top:
            expected = gold_events[0]
            event = predicted[0]
            source = next(
                (
                    a.country
                    for a in event.actors
                    if a.role in ("source", "visitor", "participant", "co-chair")
                ),
                None,
            )
            target = next((a.country for a in event.actors if a.country != source), None)
            for side, found in (("source", source), ("target", target)):
                wanted = (expected.get(side) or {}).get("country")
                if wanted and wanted != "IGO":
                    report.country_checked += 1
                    report.country_right += int(
                        found == wanted or (side == "target" and wanted in {a.country for a in event.actors})
                    )
    return report
