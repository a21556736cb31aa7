"""Routes under ``/v1/customers``: lookup, profile, timeline, explain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cxm.api.auth import READ, SECURITY, authorized, presented_key
from cxm.api.fastjson import dumps, json_response
from cxm.api.models import CustomerPage, Explanation, Profile, Timeline
from cxm.api.problem import ApiProblem
from cxm.store import lookup as norm
from cxm.store import query
from cxm.store.raw import Raw

router = APIRouter(prefix="/v1/customers", tags=["customers"])


def _invalid(detail: str) -> ApiProblem:
    return ApiProblem(422, "Invalid request", detail)


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        (text,) = query.decode_cursor(cursor, 1)
        offset = int(text)
    except ValueError as err:
        raise _invalid("cursor is not one this API issued") from err
    if offset < 0:
        raise _invalid("cursor is not one this API issued")
    return offset


def _guess(request: Request, conn: Raw, value: str) -> list[query.Match]:
    """Anything an agent typed: try what it can be, most specific first."""
    region = request.app.state.settings.default_region
    text = value.strip()
    if "@" in text.strip("@") and norm.email_key(text) is not None:
        return _matches(request, conn, {"email": text})
    if text.startswith("@") or "://" in text or text.split(":", 1)[0].lower() in norm.PLATFORMS:
        platform, handle = norm.handle_key(text)
        if handle:
            return query.find_by_identifier(conn, "handle", [handle], platform)
    found: list[query.Match] = []
    if ":" in text:
        source, _, record_id = text.partition(":")
        found = query.find_by_record(conn, source.strip(), record_id.strip())
        if found:
            return found
    digits = sum(ch.isdigit() for ch in text)
    if text.startswith("#") or (digits and digits == len(text) and digits < norm.MIN_PHONE_DIGITS):
        return query.find_by_identifier(conn, "order", [norm.order_number(text)])
    if digits >= norm.MIN_PHONE_DIGITS and digits >= len(text.replace(" ", "")) // 2:
        phone = norm.phone_key(text, region)
        if phone is not None:
            found += query.find_by_identifier(conn, "phone", [phone])
        if digits == len(text):  # a long order number is digits only too
            found += query.find_by_identifier(conn, "order", [norm.order_number(text)])
        return found
    found = query.find_by_identifier(conn, "external_id", norm.external_id_keys(text))
    if found:
        return found
    folded, tokens = norm.name_query(text)
    return query.find_by_name(conn, folded, tokens) if tokens else []


def _matches(request: Request, conn: Raw, given: dict[str, str]) -> list[query.Match]:
    settings = request.app.state.settings
    field, value = next(iter(given.items()))
    if field == "q":
        return _guess(request, conn, value)
    if field == "email":
        email = norm.email_key(value)
        if email is None:
            raise _invalid(f"email: {value!r} is not an email address")
        return query.find_by_identifier(conn, "email", [email])
    if field == "phone":
        phone = norm.phone_key(value, settings.default_region)
        if phone is None:
            raise _invalid(f"phone: {value!r} cannot be a phone number")
        return query.find_by_identifier(conn, "phone", [phone])
    if field == "order":
        number = norm.order_number(value)
        if not number:
            raise _invalid("order: give an order number such as #1042")
        return query.find_by_identifier(conn, "order", [number])
    if field == "handle":
        platform, handle = norm.handle_key(value)
        if not handle:
            raise _invalid(f"handle: {value!r} is not a social handle")
        return query.find_by_identifier(conn, "handle", [handle], platform)
    if field == "external_id":
        return query.find_by_identifier(conn, "external_id", norm.external_id_keys(value))
    if field == "name":
        folded, tokens = norm.name_query(value)
        if not tokens:
            raise _invalid(f"name: {value!r} has no name in it")
        return query.find_by_name(conn, folded, tokens)
    source, record_id = value.split("\x1f", 1)
    return query.find_by_record(conn, source, record_id)


def _selector(
    selectors: dict[str, str | None], source: str | None, record_id: str | None
) -> dict[str, str]:
    """The one lookup a request asks for, or a 422 problem."""
    if (source is None) != (record_id is None):
        raise _invalid("source and record_id go together")
    record = None if source is None else f"{source}\x1f{record_id}"
    candidates = {**selectors, "record": record}
    given = {f: v.strip() for f, v in candidates.items() if v is not None}
    if len(given) != 1:
        detail = (
            "give exactly one of: email, phone, name, order, handle, external_id, q, "
            "or source+record_id"
        )
        raise _invalid(detail)
    if not next(iter(given.values())).strip("\x1f"):
        raise _invalid(f"{next(iter(given))}: empty value")
    return given


@router.get(
    "",
    response_model=CustomerPage,
    summary="Find customers by an identifier or name",
    openapi_extra=SECURITY,
)
async def lookup(
    request: Request,
    email: Annotated[str | None, Query(max_length=320)] = None,
    phone: Annotated[str | None, Query(max_length=64)] = None,
    name: Annotated[str | None, Query(max_length=200)] = None,
    order: Annotated[str | None, Query(max_length=100)] = None,
    handle: Annotated[str | None, Query(max_length=300)] = None,
    external_id: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[
        str | None,
        Query(max_length=320, description="Anything an agent typed; cxm works out what it is"),
    ] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    record_id: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Exactly one of ``email``, ``phone``, ``name``, ``order``, ``handle``, ``external_id``,
    ``q`` or the pair ``source`` + ``record_id``. Values are normalized as ingest normalizes
    them; names match fuzzily and are ranked by similarity (``score``). ``q`` takes anything an
    agent typed and tries, in order: email, handle (``@jane``, ``twitter:jane``, a profile URL),
    ``source:record_id``, order number (``#1042``, or digits too short for a phone), phone,
    external id, name."""
    selectors = {
        "email": email,
        "phone": phone,
        "name": name,
        "order": order,
        "handle": handle,
        "external_id": external_id,
        "q": q,
    }
    state = request.app.state
    key_text = presented_key(request.headers)
    with authorized(state.reader, key_text, READ) as (key, db):  # the key before the parameters
        given = _selector(selectors, source, record_id)
        offset = _offset(cursor)
        matches = _matches(request, db, given)
        page = matches[offset : offset + limit]
        items = query.summaries(db, page)
    state.audit.record(key.name, f"lookup:{next(iter(given))}", None)
    more = offset + limit < len(matches)
    next_cursor = query.encode_cursor([str(offset + limit)]) if more else None
    return json_response({"items": items, "next_cursor": next_cursor})


@router.get(
    "/{customer_id}",
    response_model=Profile,
    summary="A customer's unified profile",
    openapi_extra=SECURITY,
)
async def get_profile(request: Request, customer_id: str) -> Response:
    """The golden record with provenance, every identifier, the source records and traits.
    A merged-away id answers with the current customer (``customer_id`` differs from
    ``requested_id``); it is never a 404."""
    return json_response(
        profile_json(request.app.state, presented_key(request.headers), customer_id)
    )


def profile_json(state: Any, key: str | None, customer_id: str) -> bytes:
    """The body of a profile answer; raises what the route turns into a problem answer.

    ``state`` is the app's (``reader``, ``audit``). The route and the fast path in
    :mod:`cxm.api.hot` both answer with it.
    """
    with authorized(state.reader, key, READ) as (caller, db):
        found = query.profile(db, customer_id, json_text=True)
    body = dumps(found)
    state.audit.record(caller.name, "profile", found["customer_id"])
    return body


def _time(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as err:
        raise _invalid(f"{name}: {value!r} is not an ISO 8601 time") from err
    try:
        # Compared in UTC, where an offset can push a time past year 1 or 9999.
        return moment if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError as err:
        raise _invalid(f"{name}: {value!r} is out of range (years 1 to 9999 in UTC)") from err


@router.get(
    "/{customer_id}/timeline",
    response_model=Timeline,
    summary="A customer's timeline",
    openapi_extra=SECURITY,
)
async def get_timeline(
    request: Request,
    customer_id: str,
    channel: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    department: Annotated[list[str] | None, Query()] = None,
    since: Annotated[str | None, Query(description="ISO 8601; events at or after")] = None,
    until: Annotated[str | None, Query(description="ISO 8601; events before")] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Every interaction across departments, newest first. ``channel``, ``kind`` and
    ``department`` may repeat. Follow ``next_cursor`` for older events; cursors stay correct
    while new data is published."""
    asked = TimelineQuery(
        tuple(channel or ()),
        tuple(kind or ()),
        tuple(department or ()),
        since,
        until,
        cursor,
        limit,
    )
    key = presented_key(request.headers)
    return json_response(timeline_json(request.app.state, key, customer_id, asked))


@dataclass(frozen=True)
class TimelineQuery:
    """A timeline request's parameters, as given (validated by :func:`timeline_json`)."""

    channels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    cursor: str | None = None
    limit: int = 50


def timeline_json(state: Any, key: str | None, customer_id: str, asked: TimelineQuery) -> bytes:
    """The body of a timeline answer (see :func:`profile_json`)."""
    with authorized(state.reader, key, READ) as (caller, db):  # the key before the parameters
        filters = query.TimelineFilter(
            channels=asked.channels,
            kinds=asked.kinds,
            departments=asked.departments,
            since=_time("since", asked.since),
            until=_time("until", asked.until),
        )
        current = query.require_customer(db, customer_id)
        try:
            items, next_cursor = query.timeline(
                db, current, filters, limit=asked.limit, cursor=asked.cursor
            )
        except ValueError as err:
            raise _invalid(str(err)) from err
        except OverflowError as err:  # a forged cursor whose time is out of range in UTC
            raise _invalid("cursor is not one this API issued") from err
    body = dumps({"customer_id": current, "items": items, "next_cursor": next_cursor})
    state.audit.record(caller.name, "timeline", current)
    return body


@router.get(
    "/{customer_id}/explain",
    response_model=Explanation,
    summary="Why these records are one customer",
    openapi_extra=SECURITY,
)
async def get_explain(request: Request, customer_id: str) -> Response:
    """The edges (rules or model scores, with per-comparison evidence) holding the customer
    together, and the unions that guardrails refused."""
    state = request.app.state
    with authorized(state.reader, presented_key(request.headers), READ) as (key, db):
        found = query.explain(db, customer_id)
    state.audit.record(key.name, "explain", found["customer_id"])
    return json_response(found)
