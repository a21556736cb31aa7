"""The store's SQLModel tables: what the API reads, in SQLite (embedded) or PostgreSQL.

Published tables (replaced as a whole by ``cxm publish``): ``customer``, ``source_record``,
``identifier``, ``alias``, ``interaction``, ``match_edge``, ``override`` and ``publication``.
Kept across publishes: ``api_key`` and ``audit_log``.

List and object values (emails, provenance, evidence...) are JSON text, so both backends read
them the same way. Times are timezone-aware UTC. Every lookup the API makes has an index; the
migration in ``store/migrations`` creates exactly these tables (a test compares them).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

_UTC = sa.DateTime(timezone=True)


def _utc(*, nullable: bool = True, index: bool = False) -> sa.Column[datetime]:
    return sa.Column(_UTC, nullable=nullable, index=index)


class Customer(SQLModel, table=True):
    """One unified customer: the golden record, every identifier, provenance and traits."""

    __tablename__ = "customer"

    customer_id: str = Field(primary_key=True)
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
    emails: str = "[]"
    phones: str = "[]"
    handles: str = "[]"
    external_ids: str = "[]"
    sources: str = "[]"
    departments: str = "[]"
    record_count: int = 0
    interaction_count: int = 0
    first_seen: datetime | None = Field(default=None, sa_column=_utc())
    last_seen: datetime | None = Field(default=None, sa_column=_utc())
    last_activity: datetime | None = Field(default=None, sa_column=_utc())
    provenance: str = "{}"
    traits: str = "{}"


class SourceRecord(SQLModel, table=True):
    """A source system's person record and the customer it resolved to.

    The folded ``*_norm`` columns are kept so a customer's golden record can be rebuilt in
    the store (after an agent's unlink) exactly as resolve builds it.
    """

    __tablename__ = "source_record"

    source: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    customer_id: str = Field(index=True)
    matched_by: str
    department: str
    connector: str
    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    emails: str = "[]"
    phones: str = "[]"
    handles: str = "[]"
    external_ids: str = "[]"
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    birth_date: str | None = None
    given_name_norm: str | None = None
    family_name_norm: str | None = None
    full_name_norm: str | None = None
    street_norm: str | None = None
    city_norm: str | None = None
    region_norm: str | None = None
    postal_code_norm: str | None = None
    country_norm: str | None = None
    created_at: datetime | None = Field(default=None, sa_column=_utc())
    updated_at: datetime | None = Field(default=None, sa_column=_utc())
    source_file: str
    source_row: int


class Identifier(SQLModel, table=True):
    """A normalized identifier pointing at a customer: what lookups search.

    ``kind`` is email, phone, handle, order, external_id or name (one row per folded name
    token). ``detail`` qualifies the value (the platform of a handle). The primary key starts
    with ``(kind, value)``, which is the lookup index.
    """

    __tablename__ = "identifier"

    kind: str = Field(primary_key=True)
    value: str = Field(primary_key=True)
    customer_id: str = Field(primary_key=True, index=True)
    detail: str = Field(default="", primary_key=True)


class Alias(SQLModel, table=True):
    """A merged-away customer id and the id it now means."""

    __tablename__ = "alias"

    alias_id: str = Field(primary_key=True)
    customer_id: str = Field(index=True)
    merged_at: datetime = Field(sa_column=_utc(nullable=False))
    run_id: str


class Interaction(SQLModel, table=True):
    """One event on a customer's timeline."""

    __tablename__ = "interaction"
    __table_args__ = (
        sa.Index(
            "ix_interaction_timeline", "customer_id", "occurred_at", "source", "interaction_id"
        ),
    )

    source: str = Field(primary_key=True)
    interaction_id: str = Field(primary_key=True)
    record_id: str
    customer_id: str
    department: str
    occurred_at: datetime = Field(sa_column=_utc(nullable=False))
    channel: str | None = None
    kind: str
    title: str | None = None
    text: str | None = None
    amount: float | None = None
    currency: str | None = None
    status: str | None = None
    satisfaction: float | None = None
    attributes: str | None = None
    sentiment: float | None = None


class MatchEdge(SQLModel, table=True):
    """A pair of records resolution linked (or refused to link), with its evidence."""

    __tablename__ = "match_edge"

    edge_id: int | None = Field(default=None, primary_key=True)
    customer_id: str | None = Field(default=None, index=True)
    source_a: str
    record_id_a: str
    source_b: str
    record_id_b: str
    kind: str
    rule: str | None = None
    match_weight: float
    match_probability: float
    evidence: str
    status: str
    reason: str | None = None


class Override(SQLModel, table=True):
    """An agent's link or unlink of two records, with who and when (mirrors the lake's file)."""

    __tablename__ = "override"

    override_id: str = Field(primary_key=True)
    kind: str
    source_a: str
    record_id_a: str
    source_b: str
    record_id_b: str
    actor: str
    reason: str | None = None
    created_at: datetime = Field(sa_column=_utc(nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=_utc())
    revoked_by: str | None = None


class Publication(SQLModel, table=True):
    """Each publish: which resolve run the store serves, and what it loaded."""

    __tablename__ = "publication"

    publication_id: int | None = Field(default=None, primary_key=True)
    run_id: str
    published_at: datetime = Field(sa_column=_utc(nullable=False))
    customers: int
    source_records: int
    interactions: int
    metrics: str = "{}"


class ApiKey(SQLModel, table=True):
    """An API key: shown once at creation, stored as its SHA-256 digest."""

    __tablename__ = "api_key"

    key_id: str = Field(primary_key=True)
    name: str = Field(index=True)
    scope: str
    key_hash: str = Field(unique=True, index=True)
    created_at: datetime = Field(sa_column=_utc(nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=_utc())


class AuditLog(SQLModel, table=True):
    """Who looked at which customer, and when (no other PII)."""

    __tablename__ = "audit_log"

    audit_id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc(nullable=False, index=True))
    key_name: str
    action: str
    customer_id: str | None = Field(default=None, index=True)


PUBLISHED = (
    Customer,
    SourceRecord,
    Identifier,
    Alias,
    Interaction,
    MatchEdge,
    Override,
)
