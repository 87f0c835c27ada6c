"""Coding texts without storing them (``communique code``) and scoring the coder (``communique eval``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import CommuniqueError, InputError
from .events.coder import EventMention
from .events.ontology import PLOVER_CATEGORIES, visit_sides

if TYPE_CHECKING:
    from .nlp.base import Annotation

__all__ = ["EvalReport", "code_lines", "code_text", "evaluate", "event_record"]

#: A line longer than this is refused: no sentence batch is a megabyte of text.
MAX_LINE_BYTES = 1_000_000


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

    anchor = date.fromisoformat(when) if when else None
    # As in the pipeline: the article's own entity grouping gives mentions their country
    # ("Anna Berg of Sweden ... Berg said").
    countries = mention_countries(local_entities("-", annotation))
    return code_sentences(text, annotation, anchor, anchor, countries=countries)


def _parse(line: str, number: int) -> tuple[str, str, str | None, str | None]:
    if len(line.encode("utf-8")) > MAX_LINE_BYTES:
        raise InputError(f"line of more than {MAX_LINE_BYTES} bytes", source=str(number), code="too_large")
    stripped = line.strip()
    if not stripped:
        raise InputError("empty line", source=str(number), code="empty")
    if not stripped.startswith("{"):
        return str(number), stripped, None, None
    try:
        record = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON ({exc})", source=str(number), code="not_json") from exc
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InputError("JSON line needs a non-empty 'text'", source=str(number), code="no_text_field")
    ident = record.get("id", number)
    return str(ident), record["text"], record.get("language"), record.get("date")


def _error(exc: Exception, number: int) -> dict[str, Any]:
    if isinstance(exc, CommuniqueError):
        return {"id": exc.source or str(number), **exc.to_dict()}
    return {"id": str(number), **InputError(f"{type(exc).__name__}: {exc}", source=str(number)).to_dict()}


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
        try:
            ident, text, language, when = _parse(line, number)
            parsed[position] = (number, ident, text, language or detect_language(text)[0], when)
            out.append(None)
        except Exception as exc:
            out.append(_error(exc, number))
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
            out[position] = _error(exc, number)
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
