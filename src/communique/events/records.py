"""The records of stage ``code``: one event as one sentence reports it, and its actors.

Defined in :mod:`communique.records` with the pipeline's other records (a record defined here made
``communique.records`` import the coder, and so run in an import circle); kept importable from here.
"""

from __future__ import annotations

from ..records import Actor, EventMention

__all__ = ["Actor", "EventMention"]
