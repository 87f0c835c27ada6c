"""The REST API and the web pages (``communique serve``): one FastAPI app over one store.

Reads are open (on loopback by default, see :func:`check_bind`); the one write, ``POST
/api/ingest``, exists only in an app made with ``allow_ingest=True`` and a token, and wants
``Authorization: Bearer <token>``, checked before a byte of the body is read; the body is read up to
``Settings.max_ingest_bytes`` and no further (413 past it). Every error, FastAPI's own validation
errors included, has the canonical body of :meth:`CommuniqueError.to_dict`; a bad parameter is a 400
naming the parameter in ``source``, an unknown id a 404, never a 500. Whole-number parameters are the
digits 0-9 and bounded (``limit`` by :data:`MAX_LIMIT`, ``offset`` by :data:`MAX_OFFSET`); a NUL
character anywhere in the path or the query is a 400. Every response, a crash's 500 included, carries
the security headers.

JSON is written with ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e`` and ``\\u0026``: article titles
and texts are hostile input, and a response that a browser might sniff as HTML must not carry their
markup verbatim. Parsed, the JSON holds exactly the stored strings.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
import logging
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .crossdoc import add_batch
from .errors import CommuniqueError, InputError, NotFoundError, StoreError
from .params import (
    DIGITS,
    MAX_LIMIT,
    MAX_OFFSET,
    BadParameterError,
    ascii_digits,
    check_range,
    parse_countries,
    parse_plover,
    parse_whole_number,
    shown,
)
from .settings import Settings
from .store import Store, queries

# BadParameterError, the bounds and the parameter parsers live in .params, so that the pages (mounted
# here) share them without importing this module; they stay importable from here, as they always were.
__all__ = [
    "MAX_INGEST_DOCUMENTS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_SEARCH_RESULTS",
    "AuthError",
    "BadParameterError",
    "IngestDocument",
    "PayloadTooLargeError",
    "SafeJSONResponse",
    "check_bind",
    "create_app",
    "parse_countries",
    "parse_plover",
    "parse_whole_number",
    "status_of",
]

_log = logging.getLogger(__name__)

#: Most documents one ingest request may carry: a request is one transaction, and a bigger
#: batch belongs to ``communique ingest``.
MAX_INGEST_DOCUMENTS = 1000
#: Deepest a full-text search pages (``offset + limit``): the hits are read best first up to the
#: page asked for, so an unbounded offset would read every matching article for one request.
MAX_SEARCH_RESULTS = 1000


class AuthError(CommuniqueError):
    """A write was asked for without the right token (401) or while writes are off (403)."""

    code = "unauthorized"


class PayloadTooLargeError(CommuniqueError):
    """A request body over the limit (413): refused by its Content-Length, or once read past it."""

    code = "payload_too_large"


_STATUS: dict[str, int] = {
    "bad_parameter": 400,
    "not_found": 404,
    "unauthorized": 401,
    "forbidden": 403,
    "method_not_allowed": 405,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
}


def status_of(err: CommuniqueError) -> int:
    """The HTTP status of an error: by its code, 500 for a store failure, else 400 (bad input)."""
    if err.code in _STATUS:
        return _STATUS[err.code]
    return 500 if isinstance(err, StoreError) else 400


class SafeJSONResponse(JSONResponse):
    """JSON with the characters that make markup escaped (see the module's docstring)."""

    def render(self, content: Any) -> bytes:
        """Serialise ``content`` as compact UTF-8 JSON with ``<``, ``>`` and ``&`` escaped."""
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").encode("utf-8")


def check_bind(host: str, public: bool = False) -> None:
    """Refuse to bind anything but loopback unless ``public`` says the user means it: every read
    is open, so another interface publishes the whole store."""
    if public:
        return
    loopback = host == "localhost"
    # A host name other than localhost may resolve to anything: it counts as public.
    with contextlib.suppress(ValueError):
        loopback = loopback or ipaddress.ip_address(host.strip("[]")).is_loopback
    if not loopback:
        raise CommuniqueError(
            f"refusing to serve on {host}: the API and pages are readable by anyone who can reach that "
            "address; pass --public to do so on purpose, or bind 127.0.0.1",
            source=host,
            code="not_loopback",
        )


# -- errors -------------------------------------------------------------------------------------


def _wants_html(request: Request) -> bool:
    # Pages get an HTML error page; the API (and anything else, e.g. /openapi.json) gets JSON.
    path = request.url.path
    return not (path.startswith("/api") or path.startswith("/static") or path == "/openapi.json")


def error_response(request: Request, err: CommuniqueError, status: int | None = None) -> Response:
    """The canonical error body (as JSON, or as an HTML page under the web pages)."""
    status = status or status_of(err)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if _wants_html(request):
        from .web.pages import render_error

        return HTMLResponse(render_error(err, status), status_code=status, headers=headers)
    return SafeJSONResponse(err.to_dict(), status_code=status, headers=headers)


def _validation_error(errors: Sequence[Any]) -> BadParameterError:
    """FastAPI's validation errors as one bad-parameter error naming the (first) parameter."""
    first = dict(errors[0]) if errors else {}
    loc = [str(p) for p in first.get("loc", ())]
    where = loc[0] if loc else "request"
    name = ".".join(loc[1:]) if len(loc) > 1 else where
    message = str(first.get("msg", "invalid value"))
    if first.get("type") == "value_error" and "error" in first.get("ctx", {}):
        message = str(first["ctx"]["error"])  # a validator's own words, without pydantic's "Value error, "
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return BadParameterError(message, source=name)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_communique(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CommuniqueError)
        return error_response(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, _validation_error(exc.errors()), 400)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        err: CommuniqueError
        if exc.status_code == 404:
            err = NotFoundError("no such page or endpoint", source=request.url.path)
        else:
            code = {405: "method_not_allowed"}.get(exc.status_code, "http_error")
            err = CommuniqueError(str(exc.detail), source=request.url.path, code=code)
        return error_response(request, err, exc.status_code)

    async def on_crash(request: Request, exc: Exception) -> Response:
        # Only what escapes _Guard (which answers crashes itself, inside the security headers).
        return _crash_response(request, exc)

    app.add_exception_handler(CommuniqueError, on_communique)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)


def _crash_response(request: Request, exc: BaseException) -> Response:
    """A bug, not bad input: the canonical body (naming only the exception's type), a 500."""
    err = CommuniqueError(f"internal error ({type(exc).__name__})", code="internal")
    return error_response(request, err, 500)


# -- the app ------------------------------------------------------------------------------------

#: No script runs anywhere (there is none), styles come from our own file, nothing is fetched from
#: elsewhere: an injected tag could do nothing even if escaping failed.
_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_SECURITY_HEADERS = (
    ("Content-Security-Policy", _CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)


def _nul_in(request: Request) -> BadParameterError | None:
    """A NUL character in the path or in a query parameter's name or value: PostgreSQL text cannot
    hold one, and no id, name or query has one. Refused for every route at once."""
    if "\x00" in request.url.path:
        return BadParameterError("a NUL character is not allowed in the path", source="path")
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            return BadParameterError(
                "a NUL character is not allowed in a parameter", source=name.replace("\x00", "\\0")
            )
    return None


class _Guard:
    """The outermost layer of the app (inside Starlette's last-resort handler): the security headers
    on every response, a NUL in the path or query refused, and an exception that escapes every handler
    answered with the canonical 500 (logged with its traceback) instead of a dropped connection and a
    response without the headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run one request through the app with the guards above."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        request = Request(scope)
        refused = _nul_in(request)
        if refused is not None:
            await error_response(request, refused)(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            _log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # the response is half sent: nothing better than closing the connection
            await _crash_response(request, exc)(scope, receive, send_with_headers)


def get_store(request: Request) -> Store:
    """The app's store (a FastAPI dependency)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[
    int, BeforeValidator(ascii_digits), Query(ge=1, le=MAX_LIMIT, description="Most items in the page.")
]
Offset = Annotated[
    int, BeforeValidator(ascii_digits), Query(ge=0, le=MAX_OFFSET, description="Items to skip.")
]


class IngestDocument(BaseModel):
    """One document for ``POST /api/ingest`` (the fields of a JSONL input line). Strict: a field
    given as an object, a list, a number or a boolean is an error naming the field, never stored as
    its Python repr."""

    model_config = ConfigDict(strict=True)

    text: str | None = Field(None, description="Plain text (this or html).")
    html: str | None = Field(None, description="An HTML page (used when text is absent).")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="Publication date, ISO 8601.")
    language: str | None = Field(None, description="ISO 639-1 hint, used when detection is unsure.")
    outlet: str | None = None
    id: str | None = Field(None, description="The caller's own id, echoed in the result.")


def create_app(
    store: Store | str | None = None,
    *,
    settings: Settings | None = None,
    allow_ingest: bool = False,
    token: str | None = None,
) -> FastAPI:
    """The FastAPI app: JSON API under ``/api``, web pages at ``/``, CSS under ``/static``.

    ``store`` is an open store or a database path/URL (default: ``settings.db``); a store opened
    here is closed when the app shuts down. ``allow_ingest`` needs a non-empty ``token``.
    """
    settings = settings or Settings()
    if allow_ingest and not token:
        raise CommuniqueError(
            "--allow-ingest needs --token (the bearer token writers must send)", code="usage"
        )
    owned = not isinstance(store, Store)
    opened = store if isinstance(store, Store) else Store(store or settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(
        title="Communiqué",
        version=__version__,
        description="Events, entities, stories and mechanisms read out of the news, with their sources.",
        # The interactive docs pages load scripts from a CDN: off. The schema stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = opened
    app.state.settings = settings
    _install_error_handlers(app)
    app.add_middleware(_Guard)

    app.include_router(_api_router(settings, allow_ingest, token))
    from .web.pages import mount_pages

    mount_pages(app)
    return app


def _api_router(settings: Settings, allow_ingest: bool, token: str | None) -> APIRouter:
    router = APIRouter(prefix="/api")
    write_lock = threading.Lock()  # one writer at a time: SQLite has one, and batches must not interleave

    @router.get("/articles", response_class=SafeJSONResponse, tags=["articles"])
    def list_articles(
        store: StoreDep,
        q: Annotated[str | None, Query(description="Full-text query (FTS5 syntax on SQLite).")] = None,
        language: Annotated[str | None, Query(description="ISO 639-1 code.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Articles, latest first; with ``q``, full-text search results (best first, with a snippet;
        ``total`` is then null)."""
        if q is not None and q.strip():
            if offset + limit > MAX_SEARCH_RESULTS:
                raise BadParameterError(
                    f"search results are paged {MAX_SEARCH_RESULTS} deep: offset + limit must be at most "
                    f"{MAX_SEARCH_RESULTS}; narrow the query instead",
                    source="offset",
                )
            hits = store.search(q, limit + offset)[offset:]
            items = [{**hit.article.to_dict(), "snippet": hit.snippet} for hit in hits]
            return {"total": None, "limit": limit, "offset": offset, "query": q, "items": items}
        return queries.list_articles(store, limit, offset, language or None).to_dict()

    @router.get("/articles/{article_id}", response_class=SafeJSONResponse, tags=["articles"])
    def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
        """One article in the contract's shape, with the ids of its events and of its story."""
        article = store.get_article(article_id).to_dict()
        article["event_ids"] = [e["id"] for e in queries.article_events(store, article["id"])]
        article["story_id"] = queries.story_of_article(store, article["id"])
        return article

    @router.get("/events", response_class=SafeJSONResponse, tags=["events"])
    def list_events(
        store: StoreDep,
        countries: Annotated[
            str | None, Query(description="One or two ISO 3166-1 alpha-3 codes: CHN,KAZ.")
        ] = None,
        person: Annotated[str | None, Query(description="Entity id of an actor.")] = None,
        plover: Annotated[str | None, Query(description="PLOVER category, e.g. CONSULT.")] = None,
        mechanism: Annotated[str | None, Query(description="Entity id of the institution.")] = None,
        start: Annotated[date | None, Query(description="First date, YYYY-MM-DD.")] = None,
        end: Annotated[date | None, Query(description="Last date, YYYY-MM-DD.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events in the contract's shape, by date, filtered; ``total`` counts every match."""
        check_range(start, end)
        flt = queries.EventFilter(
            countries=parse_countries(countries),
            person=person or None,
            plover=parse_plover(plover),
            mechanism=mechanism or None,
            start=start,
            end=end,
        )
        return queries.list_events(store, flt, limit, offset).to_dict()

    # Routes declare dict[str, Any] and return the store's typed records (communique.shapes) as plain
    # dicts: FastAPI would take a TypedDict return type for a response model and validate every response.
    @router.get("/events/{event_id}", response_class=SafeJSONResponse, tags=["events"])
    def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
        """One event; a visit lists the meetings it ``contains``."""
        return dict(queries.get_event(store, event_id))

    @router.get("/entities", response_class=SafeJSONResponse, tags=["entities"])
    def list_entities(
        store: StoreDep,
        q: Annotated[str | None, Query(description="Part of a name or alias, any script.")] = None,
        type: Annotated[str | None, Query(description="PERSON, ORG or PLACE.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Entities, most reported first."""
        kind = type.strip().upper() if type and type.strip() else None
        if kind is not None and kind not in ("PERSON", "ORG", "PLACE"):
            raise BadParameterError(f"unknown entity type {type!r}; one of PERSON, ORG, PLACE", source="type")
        return queries.list_entities(store, q, kind, limit, offset).to_dict()

    @router.get("/entities/{entity_id}", response_class=SafeJSONResponse, tags=["entities"])
    def get_entity(store: StoreDep, entity_id: str) -> dict[str, Any]:
        """An entity with aliases, offices over time, articles and who it is mentioned with."""
        return dict(store.entity_profile(entity_id))

    @router.get("/stories", response_class=SafeJSONResponse, tags=["stories"])
    def list_stories(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Stories, latest first."""
        return queries.list_stories(store, limit, offset).to_dict()

    @router.get("/stories/{story_id}", response_class=SafeJSONResponse, tags=["stories"])
    def get_story(store: StoreDep, story_id: str) -> dict[str, Any]:
        """One story."""
        return dict(queries.get_story(store, story_id))

    @router.get("/mechanisms", response_class=SafeJSONResponse, tags=["mechanisms"])
    def list_mechanisms(store: StoreDep) -> dict[str, Any]:
        """Recurring mechanisms with their numbered sessions."""
        items = queries.list_mechanisms(store)
        return {"total": len(items), "items": items}

    @router.get("/mechanisms/{mechanism_id}", response_class=SafeJSONResponse, tags=["mechanisms"])
    def get_mechanism(store: StoreDep, mechanism_id: str) -> dict[str, Any]:
        """One mechanism (by the entity id of its institution)."""
        return dict(queries.get_mechanism(store, mechanism_id))

    @router.get("/aggregates/monthly", response_class=SafeJSONResponse, tags=["aggregates"])
    def monthly(
        store: StoreDep,
        countries: Annotated[str, Query(description="Two (or one) ISO 3166-1 alpha-3 codes: CHN,KAZ.")],
        plover: Annotated[str | None, Query(description="Only this PLOVER category.")] = None,
        start: Annotated[date | None, Query(description="First date, YYYY-MM-DD.")] = None,
        end: Annotated[date | None, Query(description="Last date, YYYY-MM-DD.")] = None,
    ) -> dict[str, Any]:
        """Events per month per PLOVER category between the countries."""
        check_range(start, end)
        flt = queries.EventFilter(
            countries=parse_countries(countries, required=True),
            plover=parse_plover(plover),
            start=start,
            end=end,
        )
        return dict(queries.monthly_counts(store, flt))

    def authorise(request: Request) -> None:
        # A route dependency, solved before the parameters; the route declares no Body, so FastAPI
        # reads nothing: without the right token a request learns nothing, not even what a valid
        # body looks like, and costs the server nothing however big its body.
        _authorise(request, allow_ingest, token)

    @router.post(
        "/ingest",
        response_class=SafeJSONResponse,
        tags=["write"],
        include_in_schema=allow_ingest,
        # A route dependency (not a parameter: this closure's names do not resolve in annotations).
        dependencies=[Depends(authorise)],
        responses={
            401: {"description": "missing or wrong token"},
            403: {"description": "writes are off"},
            413: {"description": f"body over {settings.max_ingest_bytes} bytes"},
        },
        openapi_extra={"requestBody": _INGEST_BODY},
    )
    def ingest(
        store: StoreDep, documents: Annotated[list[IngestDocument | InputError], Depends(_ingest_documents)]
    ) -> dict[str, Any]:
        """Run every stage on the documents and store them (needs ``Authorization: Bearer <token>``)."""
        return _ingest(store, documents, replace(settings, workers=1), write_lock)

    return router


def _authorise(request: Request, allow_ingest: bool, token: str | None) -> None:
    if not allow_ingest or not token:
        raise AuthError(
            "writing is off: start the server with --allow-ingest --token TOKEN",
            source="POST /api/ingest",
            code="forbidden",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    # Constant-time comparison: the token must not leak one character at a time through timing.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise AuthError("missing or wrong bearer token", source="Authorization")


_INGEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "array",
                "maxItems": MAX_INGEST_DOCUMENTS,
                "items": IngestDocument.model_json_schema(),
            }
        }
    },
}


async def _ingest_documents(request: Request) -> list[IngestDocument | InputError]:
    """The documents of ``POST /api/ingest`` (a FastAPI dependency). Only reached once the route's
    ``authorise`` dependency has passed: FastAPI solves route dependencies before parameters."""
    app_settings: Settings = request.app.state.settings
    return _documents(await _read_json(request, app_settings.max_ingest_bytes))


async def _read_json(request: Request, limit: int) -> Any:
    """The request body parsed as JSON, read only up to ``limit`` bytes: a Content-Length over it is
    refused before a byte is read, and a body streamed without one (chunked) as soon as it passes it."""
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        raise CommuniqueError(
            f"send the documents as application/json, not {shown(media)}",
            source="Content-Type",
            code="unsupported_media_type",
        )
    too_large = PayloadTooLargeError(
        f"the body is over the {limit}-byte limit; send fewer documents per request, or use "
        "'communique ingest' for a big batch",
        source="body",
    )
    declared = request.headers.get("content-length")
    if declared is not None:
        if not DIGITS.fullmatch(declared.strip()):
            raise BadParameterError(f"not a byte count: {shown(declared)}", source="Content-Length")
        if len(declared.strip().lstrip("0")) > len(str(limit)) or int(declared) > limit:
            raise too_large
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise too_large
    except ClientDisconnect:
        raise BadParameterError("the client went away before the body ended", source="body") from None
    try:
        return json.loads(body)
    except RecursionError:
        raise BadParameterError("not valid JSON: nested too deeply", source="body") from None
    except ValueError as exc:  # UnicodeDecodeError included
        raise BadParameterError(f"not valid JSON: {exc}", source="body") from None


_JSON_TYPES = {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}


def _documents(data: Any) -> list[IngestDocument | InputError]:
    """The body's documents, each an :class:`IngestDocument` or, when it is not an object or a field
    is not a string, an :class:`InputError` naming it (that document fails; the others go on)."""
    if not isinstance(data, list):
        raise BadParameterError("expected a JSON list of documents", source="body")
    if len(data) > MAX_INGEST_DOCUMENTS:
        raise BadParameterError(
            f"{len(data)} documents: at most {MAX_INGEST_DOCUMENTS} in one request", source="body"
        )
    found: list[IngestDocument | InputError] = []
    for i, item in enumerate(data):
        where = f"body[{i}]"
        if not isinstance(item, dict):
            found.append(InputError("a document must be a JSON object", source=where, code="not_an_object"))
            continue
        wrong = [
            name
            for name in IngestDocument.model_fields
            if item.get(name) is not None and not isinstance(item[name], str)
        ]
        if wrong:
            kind = _JSON_TYPES.get(type(item[wrong[0]]), "not a string")
            found.append(
                InputError(
                    f"'{wrong[0]}' must be a string (or null), not {kind}",
                    source=f"{where}.{wrong[0]}",
                    code="bad_field",
                )
            )
            continue
        try:
            found.append(IngestDocument.model_validate(item))
        except ValidationError as exc:  # not expected after the test above; kept as a document error
            found.append(
                InputError(str(exc.errors()[0].get("msg", "invalid")), source=where, code="bad_field")
            )
    return found


def _ingest(
    store: Store, documents: Sequence[IngestDocument | InputError], settings: Settings, lock: threading.Lock
) -> dict[str, Any]:
    from .pipeline import process_many
    from .records import Analysed, RawDocument
    from .runner import IngestSummary

    summary = IngestSummary()
    errors: list[dict[str, Any]] = []
    raws: list[RawDocument | InputError] = []
    ids = [doc.id if isinstance(doc, IngestDocument) else None for doc in documents]
    for i, doc in enumerate(documents):
        where = f"body[{i}]"
        if isinstance(doc, InputError):
            raws.append(doc)
            continue
        body = doc.text if doc.text else doc.html
        if not body:
            raws.append(
                InputError("document has neither 'text' nor 'html'", source=where, code="no_text_field")
            )
        elif len(body.encode("utf-8")) > settings.max_document_bytes:
            raws.append(
                InputError(
                    f"over the {settings.max_document_bytes}-byte limit for one document",
                    source=where,
                    code="too_large",
                )
            )
        else:
            raws.append(
                RawDocument(
                    source=doc.url or where,
                    text=doc.text or None,
                    html=None if doc.text else doc.html,
                    url=doc.url,
                    title=doc.title,
                    published=doc.published,
                    language=doc.language,
                    outlet=doc.outlet,
                    external_id=doc.id,
                )
            )
    results: list[dict[str, Any]] = []
    batch: list[Analysed] = []
    with lock:
        for i, result in enumerate(process_many(raws, settings)):
            summary.read += 1
            if isinstance(result, InputError):
                summary.failed += 1
                summary.failures[result.code] += 1
                errors.append(result.to_dict()["error"])
                results.append({"index": i, "id": ids[i], "article_id": None, "error": result.code})
                continue
            if result.note:
                summary.notes[result.note] += 1
            batch.append(result)
            results.append({"index": i, "id": ids[i], "article_id": result.article.id, "error": None})
        summary.add(add_batch(store, batch))
    return {**summary.to_dict(), "documents": results, "errors": errors}
