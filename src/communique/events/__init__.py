"""Event coding (stage ``code``) and event identity across reports (part of stage ``link``)."""

from __future__ import annotations

from .coder import Actor, EventMention, code_sentences
from .link import event_keys
from .ontology import PLOVER_CATEGORIES, Code, code_for, visit_sides

__all__ = [
    "PLOVER_CATEGORIES",
    "Actor",
    "Code",
    "EventMention",
    "code_for",
    "code_sentences",
    "event_keys",
    "visit_sides",
]
