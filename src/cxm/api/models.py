"""Response and request shapes of the API (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Golden(BaseModel):
    """The golden record: each field chosen by its survivorship rule (see ``provenance``)."""

    given_name: str | None = None
    family_name: str | None = None
    full_name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    birth_date: str | None = None


class FieldSource(BaseModel):
    """Which source record supplied a golden field, and by which rule."""

    model_config = ConfigDict(extra="allow")
    source: str
    record_id: str
    rule: str


class Identifiers(BaseModel):
    """Every identifier the customer's records carry (normalized)."""

    emails: list[str]
    phones: list[str]
    handles: list[str]
    external_ids: list[str]


class SourceRecordOut(BaseModel):
    """One source system's record of this customer."""

    source: str
    record_id: str
    matched_by: str
    department: str
    connector: str
    full_name: str | None
    given_name: str | None
    family_name: str | None
    company: str | None
    emails: list[str]
    phones: list[str]
    handles: list[str]
    external_ids: list[str]
    street: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    birth_date: str | None
    created_at: datetime | None
    updated_at: datetime | None
    source_file: str
    source_row: int


class Profile(BaseModel):
    """A unified customer profile.

    ``customer_id`` is always the current id. When the request named a merged-away id,
    ``requested_id`` holds it (and ``aliases`` lists every id that now means this customer).
    """

    customer_id: str
    requested_id: str
    aliases: list[str]
    golden: Golden
    provenance: dict[str, FieldSource]
    identifiers: Identifiers
    sources: list[str]
    departments: list[str]
    record_count: int
    interaction_count: int
    first_seen: datetime | None
    last_seen: datetime | None
    last_activity: datetime | None
    traits: dict[str, Any]
    records: list[SourceRecordOut]


class Matched(BaseModel):
    """What a lookup matched on: the field and the stored (normalized) value."""

    field: str
    value: str


class CustomerSummary(BaseModel):
    """A search result."""

    customer_id: str
    full_name: str | None
    email: str | None
    phone: str | None
    sources: list[str]
    departments: list[str]
    record_count: int
    last_activity: datetime | None
    matched: Matched
    score: float = Field(description="1.0 for an exact identifier; name similarity otherwise")


class CustomerPage(BaseModel):
    """A page of search results."""

    items: list[CustomerSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")


class Event(BaseModel):
    """One interaction on the timeline."""

    source: str
    interaction_id: str
    record_id: str
    department: str
    occurred_at: datetime
    channel: str | None
    kind: str
    title: str | None
    text: str | None
    amount: float | None
    currency: str | None
    status: str | None
    satisfaction: float | None
    sentiment: float | None = Field(
        default=None, description="VADER compound score (-1..1) of what the customer wrote"
    )


class Timeline(BaseModel):
    """A page of a customer's timeline, newest first."""

    customer_id: str
    items: list[Event]
    next_cursor: str | None


class RecordRef(BaseModel):
    """A source record: its source namespace and the source's own id."""

    source: str = Field(min_length=1, max_length=200)
    record_id: str = Field(min_length=1, max_length=500)


class ExplainRecord(BaseModel):
    """A record of the customer and how it joined."""

    source: str
    record_id: str
    matched_by: str
    full_name: str | None


class Edge(BaseModel):
    """A pair of records resolution linked or refused to link, with its evidence."""

    a: RecordRef
    b: RecordRef
    kind: str
    rule: str | None
    match_weight: float | None = Field(
        description="Fellegi-Sunter match weight; null for a rule that makes the pair certain "
        "(identical records), whose weight is unbounded"
    )
    match_probability: float
    evidence: dict[str, Any]
    status: str
    reason: str | None
    both_in_customer: bool


class Explanation(BaseModel):
    """Why these records are one customer."""

    customer_id: str
    records: list[ExplainRecord]
    edges: list[Edge]


class OverrideIn(BaseModel):
    """An agent's decision about two records."""

    a: RecordRef
    b: RecordRef
    reason: str | None = Field(default=None, max_length=2000)


class OverrideOut(BaseModel):
    """A recorded link or unlink. ``a`` and ``b`` are an unordered pair: the answer to a POST
    gives them as sent, lists give them in sorted order."""

    override_id: str
    kind: Literal["link", "unlink"]
    a: RecordRef
    b: RecordRef
    actor: str
    reason: str | None
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    detached_to: str | None = Field(
        default=None,
        description="For an unlink: the customer id record `b` was moved to in the served store",
    )


class KeyIn(BaseModel):
    """A key to create."""

    name: str = Field(min_length=1, max_length=200)
    scope: Literal["agent", "service", "analyst", "admin"]


class KeyOut(BaseModel):
    """A key's public facts (the key itself is only in the creation answer)."""

    key_id: str
    name: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None


class KeyCreated(KeyOut):
    """A new key: ``key`` is shown this once."""

    key: str


class Health(BaseModel):
    """Liveness or readiness."""

    status: str
    run_id: str | None = None
    published_at: datetime | None = None
    customers: int | None = None
