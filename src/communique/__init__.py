"""Communiqué: one sourced record of each foreign-relations event, from raw news.

The public Python API. Everything else lives in modules that follow the data
flow (``ingest`` -> ``clean`` -> ``language`` -> ``metadata`` -> ... per article, then
``crossdoc`` -> ``store`` per batch).
"""

from __future__ import annotations

__version__ = "0.1.0"

from .clean import clean
from .crossdoc import BatchResult, add_batch
from .errors import CommuniqueError, InputError, NotFoundError, StoreError
from .ingest import read_inputs
from .language import detect_language, language
from .metadata import metadata
from .pipeline import article_id, process, process_many
from .records import Article, Dateline, Document, RawDocument
from .runner import IngestSummary, ingest
from .settings import Settings
from .store import SearchHit, Store

__all__ = [
    "Article",
    "BatchResult",
    "CommuniqueError",
    "Dateline",
    "Document",
    "IngestSummary",
    "InputError",
    "NotFoundError",
    "RawDocument",
    "SearchHit",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "add_batch",
    "article_id",
    "clean",
    "detect_language",
    "ingest",
    "language",
    "metadata",
    "process",
    "process_many",
    "read_inputs",
]
