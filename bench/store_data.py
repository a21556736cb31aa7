"""A synthetic profile store for the API benchmark: customers, their records and timelines.

:func:`synthetic_frames` draws :class:`~cxm.store.frames.StoreFrames` for ``customers`` unified
customers column-wise with numpy and polars (no per-row Python): one to three source records
each across the departments' systems (HubSpot, Salesforce, Zendesk, Shopify, Meta, X), with
realistic names, emails, E.164 phones, handles, addresses and the folded ``*_norm`` columns
ingest adds; the identifiers a lookup searches (emails, phones, handles, external ids, folded
name tokens, order numbers); match edges, a few aliases; and a skewed timeline:
:data:`HEAVY_SHARE` of the customers have at least :data:`HEAVY_MIN_EVENTS` events (a long
tail above), the rest a couple each, about 9 events per customer overall. Traits are cxm's own
(:func:`cxm.insight.traits.customer_traits`, as of :data:`AS_OF`). Everything follows from
``seed``.

Customers are drawn :data:`CHUNK_CUSTOMERS` at a time, and each chunk's interactions are in
lake order (by source, then time), like the batches of a lake: one customer's events are
scattered through the table as in a real store, not stored side by side.

:func:`build_store` publishes the frames with :func:`cxm.store.publish.write_store` into a
SQLite file under ``bench/out/api/`` keyed by generator version, table schema, size and seed,
written under a temporary name and renamed once complete, so reruns reuse it (and a schema
change builds a new one). Run as a script it builds (or finds) the store and prints one JSON
line; 1M customers take about 1 minute to draw and 6 to 8 to publish, at a peak RSS near 7 GiB::

    python bench/store_data.py --customers 1000000
    python bench/store_data.py --customers 1000000 --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import polars as pl
import sqlalchemy as sa

from cxm.ingest import normalize as nz
from cxm.insight.sentiment import score_texts
from cxm.insight.traits import EVENT_COLUMNS, customer_traits, empty_traits
from cxm.resolve.survivorship import GOLDEN_COLUMNS
from cxm.store.frames import StoreFrames, json_list, name_tokens, order_key
from cxm.store.tables import PUBLISHED
from cxm.synth import vocabulary as voc

HERE: Final = Path(__file__).resolve().parent
OUT: Final = HERE / "out" / "api"
GENERATOR_VERSION: Final = 5  # bump when the data changes, so cached stores are rebuilt

DEFAULT_CUSTOMERS: Final = 1_000_000
HEAVY_SHARE: Final = 0.10
HEAVY_MIN_EVENTS: Final = 60
HEAVY_EXTRA_MEAN: Final = 15.0
LIGHT_MEAN: Final = 1.8
RECORDS_PER_CUSTOMER: Final = (0.45, 0.35, 0.20)  # P(1), P(2), P(3) source records
TRAIT_PARTS: Final = 2
CHUNK_CUSTOMERS: Final = 250_000

_US = 1_000_000
_DAY = 86_400 * _US
_START: Final = 1_514_764_800 * _US  # 2018-01-01 UTC
_END: Final = 1_780_272_000 * _US  # 2026-06-01 UTC
_UTC_US: Final = pl.Datetime("us", "UTC")
AS_OF: Final = datetime(2026, 6, 1, tzinfo=UTC)  # traits are computed as of the data's end

# (source, department, connector, export file, share of records, record id prefix)
SOURCES: Final = (
    ("hubspot", "sales", "hubspot_contacts", "sales/hubspot-contacts.csv", 0.22, "31"),
    ("salesforce", "sales", "salesforce_contacts", "sales/salesforce-contacts.csv", 0.08, "0035g"),
    ("zendesk", "support", "zendesk_users", "support/zendesk-users.json", 0.20, "38"),
    ("shopify_customer", "commerce", "shopify_customers", "commerce/customers.csv", 0.18, "72"),
    ("shopify_order", "commerce", "shopify_orders", "commerce/shopify-orders.csv", 0.22, "55"),
    ("meta", "social", "meta_messages", "social/meta-messages.json", 0.05, "psid_"),
    ("twitter", "social", "twitter_direct_messages", "social/direct-messages.js", 0.05, "14"),
)

# Event types per source: (source, channel, kind, title, id prefix, statuses, kind of content).
# Content: "order" (amount, title = order number), "ticket" (subject, body, CSAT), "message"
# (short text), "" (title only). A type listed twice is drawn twice as often.
EVENT_TYPES: Final = (
    ("hubspot", "crm", "contact_created", "Contact created", "hs_c", ("",), ""),
    ("hubspot", "email", "email_open", "Opened: Spring gear guide", "hs_o", ("",), ""),
    ("hubspot", "email", "email_click", "Clicked: Trail season sale", "hs_k", ("",), ""),
    ("hubspot", "email", "email_open", "Opened: Member rewards", "hs_m", ("",), ""),
    ("hubspot", "crm", "deal", "Team order quote", "hs_d", ("open", "won", "lost"), ""),
    ("salesforce", "crm", "contact_created", "Contact created", "sf_c", ("",), ""),
    ("salesforce", "phone", "call", "Call logged", "sf_l", ("completed",), "message"),
    ("salesforce", "crm", "opportunity", "Pro deal", "sf_o", ("open", "closed_won"), ""),
    (
        "zendesk",
        "email",
        "ticket",
        "",
        "",
        ("new", "open", "pending", "solved", "closed"),
        "ticket",
    ),
    ("zendesk", "web", "ticket", "", "", ("open", "solved", "closed"), "ticket"),
    ("zendesk", "chat", "ticket", "", "", ("solved", "closed"), "ticket"),
    ("zendesk", "api", "ticket", "", "", ("open", "hold", "closed"), "ticket"),
    ("shopify_customer", "web", "account_created", "Account created", "sc_a", ("",), ""),
    ("shopify_customer", "web", "marketing_opt_in", "Subscribed to email", "sc_m", ("",), ""),
    ("shopify_order", "web", "order", "", "#", ("paid", "paid", "pending", "refunded"), "order"),
    ("shopify_order", "web", "order", "", "#", ("paid", "partially_refunded"), "order"),
    ("shopify_order", "pos", "order", "", "#", ("paid",), "order"),
    ("shopify_order", "web", "order_line", "Order line", "ol_", ("paid",), "order"),
    ("shopify_order", "web", "refund", "Refund", "rf_", ("refunded",), "order"),
    ("shopify_order", "web", "cancellation", "Order cancelled", "cx_", ("voided",), ""),
    ("meta", "messenger", "message", "Messenger message", "mid.", ("",), "message"),
    ("meta", "instagram", "message", "Instagram DM", "igm.", ("",), "message"),
    ("twitter", "twitter_dm", "message", "Direct message", "dm", ("",), "message"),
    ("twitter", "twitter", "mention", "Mentioned @northwind", "tw", ("",), "message"),
)

MESSAGES: Final = (
    "Hi! Do you have the Trailhead 40L in stock at the Boulder store?",
    "Thanks, the replacement arrived today.",
    "Can I still use my member discount on sale items?",
    "What are your holiday opening hours?",
    "Love the new down jacket, perfect for the weekend trip.",
    "Is the Ridgeline tent freestanding?",
    "My order hasn't shipped yet, any update?",
    "Customer asked about pro deal eligibility; sent the form.",
    "Following up on the warranty claim from last week.",
    "Do you price match?",
)

_GIVEN: Final = [*voc.FEMALE_NAMES, *voc.MALE_NAMES]
_PLANTED_SHARE: Final = 0.01
_EVIDENCE: Final = {
    "email_exact": '{"email":{"level":"exact","weight":9.412},"family_name":{"level":"exact","weight":6.229}}',
    "phone_and_name": '{"given_name":{"level":"exact","weight":4.527},"family_name":{"level":"exact","weight":5.907},"phone":{"level":"exact","weight":7.543}}',
    "model": '{"given_name":{"level":"very_similar","weight":5.378},"family_name":{"level":"exact","weight":6.229},"email":{"level":"typo","weight":7.591}}',
}


def table_columns(table: str) -> list[str]:
    """The columns a frame for ``table`` carries: the table's, less autoincrement keys."""
    model = next(m for m in PUBLISHED if m.__tablename__ == table)
    return [c.name for c in model.__table__.columns if c.name != "edge_id"]  # type: ignore[union-attr]


def _hex_ids(prefix: str, keys: np.ndarray, salt: int) -> pl.Series:
    """``prefix`` + 16 hex digits of a bijective 64-bit mix of ``keys`` (so ids never collide)."""
    with np.errstate(over="ignore"):
        z = keys.astype(np.uint64) + np.uint64(salt) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    shifts = np.arange(60, -1, -4, dtype=np.uint64)
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[(z[:, None] >> shifts) & 15]
    text = pl.Series(np.ascontiguousarray(digits).view("S16").ravel()).cast(pl.String)
    return (prefix + text) if prefix else text


def _pick(values: list[Any] | tuple[Any, ...], index: np.ndarray) -> pl.Series:
    return pl.Series(list(values)).gather(index)


def _zfill(values: np.ndarray | pl.Expr, width: int) -> pl.Expr:
    expr = values if isinstance(values, pl.Expr) else pl.lit(pl.Series(values))
    return expr.cast(pl.String).str.zfill(width)


def _customers(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    """One row per person: the true name, contact points and address every record copies."""
    given = rng.integers(0, len(_GIVEN), n)
    family = rng.integers(0, len(voc.LAST_NAMES), n)
    given_names = _pick(_GIVEN, given)
    family_names = _pick(voc.LAST_NAMES, family)
    planted = rng.random(n) < _PLANTED_SHARE
    which = rng.integers(0, len(voc.PLANTED_NAMES), n)
    given_names = pl.select(
        pl.when(pl.lit(planted))
        .then(_pick([p[0] for p in voc.PLANTED_NAMES], which))
        .otherwise(given_names)
    ).to_series()
    family_names = pl.select(
        pl.when(pl.lit(planted))
        .then(_pick([p[1] for p in voc.PLANTED_NAMES], which))
        .otherwise(family_names)
    ).to_series()
    domains = [d for d, _ in voc.PERSONAL_DOMAINS]
    weights = np.array([w for _, w in voc.PERSONAL_DOMAINS])
    city = rng.integers(0, len(voc.CITIES), n)
    area = pl.Series([c[4] for c in voc.CITIES]).gather(city).list.get(0)
    zips = pl.Series([c[3] for c in voc.CITIES]).gather(city).list.get(0)
    street_type = rng.integers(0, len(voc.STREET_TYPES), n)
    employer = rng.integers(0, len(voc.EMPLOYERS), n)
    frame = pl.DataFrame(
        {
            "given_name": given_names,
            "family_name": family_names,
            "domain": _pick(domains, rng.choice(len(domains), n, p=weights / weights.sum())),
            "style": rng.integers(0, 4, n, dtype=np.int8),
            "number": rng.integers(1, 1000, n),
            "area": area,
            "exchange": rng.integers(200, 1000, n),
            "line": rng.integers(0, 10_000, n),
            "intl": rng.random(n),
            "has_company": rng.random(n) < 0.3,
            "company": _pick([e[0] for e in voc.EMPLOYERS], employer),
            "work_domain": _pick([e[1] for e in voc.EMPLOYERS], employer),
            "house": rng.integers(1, 9999, n),
            "street_name": _pick(voc.STREET_NAMES, rng.integers(0, len(voc.STREET_NAMES), n)),
            "street_type": _pick([s[0] for s in voc.STREET_TYPES], street_type),
            "city": _pick([c[0] for c in voc.CITIES], city),
            "region": _pick([c[2] for c in voc.CITIES], city),
            "postal_code": zips,
            "has_birth_date": rng.random(n) < 0.25,
            "birth_day": rng.integers(-15_000, 11_000, n),  # days from 1970
            "since": rng.integers(_START, _END - 365 * _DAY, n),
        }
    )
    local = pl.col("given_name").str.to_lowercase().str.replace_all(r"[^a-z]", "")
    family_local = pl.col("family_name").str.to_lowercase().str.replace_all(r"[^a-z]", "")
    local = (
        pl.when(pl.col("style") == 0)
        .then(pl.concat_str(local, pl.lit("."), family_local))
        .when(pl.col("style") == 1)
        .then(pl.concat_str(local.str.slice(0, 1), family_local, pl.col("number").cast(pl.String)))
        .when(pl.col("style") == 2)
        .then(pl.concat_str(local, family_local, pl.col("number").cast(pl.String)))
        .otherwise(
            pl.concat_str(local, pl.lit("_"), family_local, pl.col("number").cast(pl.String))
        )
    )
    phone = (
        pl.when(pl.col("intl") < 0.03)
        .then(
            pl.concat_str(pl.lit("+447"), _zfill(pl.col("exchange") * 10_000 + pl.col("line"), 9))
        )
        .when(pl.col("intl") < 0.05)
        .then(
            pl.concat_str(pl.lit("+316"), _zfill(pl.col("exchange") * 10_000 + pl.col("line"), 8))
        )
        .otherwise(
            pl.concat_str(
                pl.lit("+1"), "area", pl.col("exchange").cast(pl.String), _zfill(pl.col("line"), 4)
            )
        )
    )
    return frame.select(
        customer_id=_hex_ids("cus_", np.arange(start, start + n), salt=1),
        given_name="given_name",
        family_name="family_name",
        full_name=pl.concat_str("given_name", pl.lit(" "), "family_name"),
        email=pl.concat_str(local, pl.lit("@"), "domain"),
        work_email=pl.concat_str(local.str.slice(0, 1), family_local, pl.lit("@"), "work_domain"),
        phone=phone,
        company=pl.when("has_company").then("company"),
        street=pl.concat_str(
            pl.col("house").cast(pl.String), pl.lit(" "), "street_name", pl.lit(" "), "street_type"
        ),
        city="city",
        region="region",
        postal_code="postal_code",
        country=pl.lit("United States"),
        birth_date=pl.when("has_birth_date").then(
            pl.col("birth_day").cast(pl.Date).cast(pl.String)
        ),
        handle=pl.concat_str(local.str.replace_all(r"[._]", ""), pl.col("number").cast(pl.String)),
        since=pl.col("since"),
    )


def _records(rng: np.random.Generator, people: pl.DataFrame, first_record: int) -> pl.DataFrame:
    """Each customer's source records (1-3), with the variations real systems show."""
    n = people.height
    per = rng.choice(3, n, p=RECORDS_PER_CUSTOMER) + 1
    total = int(per.sum())
    owner = np.repeat(np.arange(n), per)
    rank = np.arange(total) - np.repeat(np.cumsum(per) - per, per)
    shares = np.array([s[4] for s in SOURCES])
    source = rng.choice(len(SOURCES), total, p=shares / shares.sum())
    created = people["since"].to_numpy()[owner] + rng.integers(0, 365 * _DAY, total)
    updated = np.minimum(created + rng.integers(0, 600 * _DAY, total), _END)
    email_kind = rng.random(total)
    phone_kind = rng.random(total)
    social = np.isin(
        source, [i for i, s in enumerate(SOURCES) if s[2].startswith(("meta", "twitter"))]
    )
    frame = pl.DataFrame(
        {
            "owner": owner,
            "rank": rank,
            "src": source.astype(np.int8),
            "created_at": pl.Series(created).cast(_UTC_US),
            "updated_at": pl.Series(updated).cast(_UTC_US),
            "upper": rng.random(total) < 0.08,
            "email_kind": email_kind,
            "phone_kind": phone_kind,
            "has_address": rng.random(total) < 0.6,
            "handle_kind": np.where(social, 1.0, rng.random(total)),
            "external": rng.random(total) < 0.12,
            "merge_rule": rng.choice(3, total, p=(0.45, 0.35, 0.20)).astype(np.int8),
        }
    ).with_columns(
        source=_pick([s[0] for s in SOURCES], source),
        record_id=pl.concat_str(
            _pick([s[5] for s in SOURCES], source),
            _zfill(np.arange(first_record, first_record + total), 9),
        ),
    )
    p = people.select(pl.all().gather(pl.lit(pl.Series(owner))))
    frame = pl.concat([frame, p], how="horizontal")
    upper = pl.col("upper")
    name = {
        c: pl.when(upper).then(pl.col(c).str.to_uppercase()).otherwise(pl.col(c))
        for c in ("given_name", "family_name", "full_name")
    }
    email = (
        pl.when((pl.col("rank") == 0) | (pl.col("email_kind") < 0.7))
        .then("email")
        .when(pl.col("email_kind") < 0.9)
        .then("work_email")
    )
    phone = (
        pl.when(pl.col("phone_kind") < 0.75)
        .then("phone")
        .when(pl.col("phone_kind") < 0.8)
        .then(pl.concat_str(pl.col("phone").str.slice(0, 9), pl.col("record_id").str.slice(-3, 3)))
    )
    platform = (
        pl.when(pl.col("source") == "meta").then(pl.lit("instagram")).otherwise(pl.lit("twitter"))
    )
    handle = pl.when(pl.col("handle_kind") > 0.95).then(
        pl.concat_str(platform, pl.lit(":"), "handle")
    )
    external = pl.when("external").then(
        pl.concat_str(pl.lit("40"), pl.col("record_id").str.slice(-8, 8))
    )
    address = pl.col("has_address")
    records = frame.select(
        "source",
        "record_id",
        customer_id="customer_id",
        matched_by=pl.when(pl.len().over("customer_id") == 1)
        .then(pl.lit("singleton"))
        .otherwise(
            pl.when(pl.col("merge_rule") == 2).then(pl.lit("model")).otherwise(pl.lit("rule"))
        ),
        department=_pick([s[1] for s in SOURCES], frame["src"].to_numpy()),
        connector=_pick([s[2] for s in SOURCES], frame["src"].to_numpy()),
        full_name=name["full_name"],
        given_name=name["given_name"],
        family_name=name["family_name"],
        company=pl.when(pl.col("email_kind").is_between(0.7, 0.9)).then("company"),
        emails=pl.concat_list(email).list.drop_nulls(),
        phones=pl.concat_list(phone).list.drop_nulls(),
        handles=pl.concat_list(handle).list.drop_nulls(),
        external_ids=pl.concat_list(external).list.drop_nulls(),
        street=pl.when(address).then("street"),
        city=pl.when(address).then("city"),
        region=pl.when(address).then("region"),
        postal_code=pl.when(address).then("postal_code"),
        country=pl.when(address).then("country"),
        birth_date=pl.when(pl.col("rank") == 0).then("birth_date"),
        created_at="created_at",
        updated_at="updated_at",
        source_file=_pick([s[3] for s in SOURCES], frame["src"].to_numpy()),
        source_row=pl.lit(0, dtype=pl.Int64),  # numbered over the whole export at the end
        _owner="owner",
        _rank="rank",
        _src="src",
        _rule="merge_rule",
    )
    return _with_norms(records)


def _with_norms(records: pl.DataFrame) -> pl.DataFrame:
    """The folded columns ingest adds, computed once per distinct value (as ingest does)."""
    folds = {
        "given_name": nz.normalize_name,
        "family_name": nz.normalize_name,
        "street": nz.normalize_street,
        "city": nz.fold_text,
        "region": nz.normalize_region,
        "country": nz.normalize_country,
    }
    for column, fold in folds.items():
        distinct = records.select(pl.col(column).unique()).drop_nulls()
        mapping = distinct.with_columns(fold(pl.col(column)).alias(f"{column}_norm"))
        records = records.join(mapping, on=column, how="left", maintain_order="left")
    postal = records.select("postal_code", "country_norm").unique().drop_nulls("postal_code")
    postal = postal.with_columns(
        postal_code_norm=nz.normalize_postal_code(pl.col("postal_code"), pl.col("country_norm"))
    )
    records = records.join(
        postal,
        on=["postal_code", "country_norm"],
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    full = pl.concat_str(["given_name_norm", "family_name_norm"], separator=" ", ignore_nulls=True)
    return records.with_columns(full_name_norm=full.replace("", None))


def _event_counts(rng: np.random.Generator, n: int) -> np.ndarray:
    heavy = rng.random(n) < HEAVY_SHARE
    extra = rng.geometric(1.0 / (HEAVY_EXTRA_MEAN + 1.0), n) - 1
    light = rng.poisson(LIGHT_MEAN, n)
    return np.where(heavy, HEAVY_MIN_EVENTS + extra, light).astype(np.int64)


def _interactions(
    rng: np.random.Generator, records: pl.DataFrame, per_customer: np.ndarray, first_event: int
) -> pl.DataFrame:
    """The timeline: events drawn per customer, each from one of its records' systems.

    Events are put in the order ``cxm publish`` loads them (customer, then time: one
    customer's timeline sits together on disk) before any text column exists, and text
    columns are gathered from small lookup series by index (a null index gives null), so no
    multi-gigabyte frame is ever sorted or copied.
    """
    n = per_customer.size
    owners = records["_owner"].to_numpy()
    first = np.searchsorted(owners, np.arange(n))
    count = np.bincount(owners, minlength=n)
    m = int(per_customer.sum())
    who = np.repeat(np.arange(n), per_customer)
    record = first[who] + (rng.random(m) * count[who]).astype(np.int64)
    del who
    created = records["created_at"].dt.epoch("us").to_numpy()[record]
    occurred = created + (rng.random(m) * (_END - created)).astype(np.int64)
    del created
    src = records["_src"].to_numpy()[record]
    order = np.lexsort((occurred, owners[record]))
    record, occurred, src = record[order], occurred[order], src[order]
    del order

    source_of = {s[0]: i for i, s in enumerate(SOURCES)}
    type_source = np.array([source_of[t[0]] for t in EVENT_TYPES])
    type_first = np.searchsorted(type_source, np.arange(len(SOURCES)))
    type_count = np.bincount(type_source, minlength=len(SOURCES))
    etype = type_first[src] + (rng.random(m) * type_count[src]).astype(np.int64)
    del src
    contents = [t[6] for t in EVENT_TYPES]
    is_order = np.isin(etype, [i for i, c in enumerate(contents) if c == "order"])
    is_ticket = np.isin(etype, [i for i, c in enumerate(contents) if c == "ticket"])
    is_message = np.isin(etype, [i for i, c in enumerate(contents) if c == "message"])
    statuses = [t[5] for t in EVENT_TYPES]
    sizes = np.array([len(s) for s in statuses])
    status_first = np.cumsum(sizes) - sizes
    status = status_first[etype] + (rng.random(m) * sizes[etype]).astype(np.int64)
    subject = rng.integers(0, len(voc.SUPPORT_SUBJECTS), m)
    products = [p[0] for p in voc.PRODUCTS]
    bodies = [
        body.format(order=f"#{1001 + i}", product=products[i % len(products)])
        for i, (_, body) in enumerate(voc.SUPPORT_SUBJECTS)
    ]
    titles = pl.Series([t[3] or None for t in EVENT_TYPES] + [s for s, _ in voc.SUPPORT_SUBJECTS])
    texts = pl.Series([*bodies, *MESSAGES])
    title = np.where(is_ticket, len(EVENT_TYPES) + subject, etype)
    text = np.where(is_ticket, subject, len(bodies) + rng.integers(0, len(MESSAGES), m))
    del subject
    amount = np.where(is_order, np.round(rng.lognormal(4.6, 0.7, m), 2), np.nan)
    # Ratings on the store's 0..1 scale (1 to 5 stars).
    csat = np.where(is_ticket & (rng.random(m) < 0.3), (rng.integers(1, 6, m) - 1) / 4, np.nan)
    attributes = _attributes(rng, occurred, is_order, is_ticket, is_message)
    number = pl.Series(np.arange(m) + first_event + 1001).cast(pl.String)
    interaction_id = _pick([t[4] for t in EVENT_TYPES], etype) + number
    del number
    picked = records.select(
        pl.col("source", "record_id", "customer_id", "department").gather(pl.Series(record))
    )
    del record
    return picked.select(
        "source",
        interaction_id=interaction_id,
        record_id="record_id",
        customer_id="customer_id",
        department="department",
        occurred_at=pl.Series(occurred).cast(_UTC_US),
        channel=_pick([t[1] for t in EVENT_TYPES], etype),
        kind=_pick([t[2] for t in EVENT_TYPES], etype),
        title=titles.gather(pl.Series(title)).fill_null(interaction_id),
        text=texts.gather(_masked(text, is_ticket | is_message)),
        amount=pl.Series(amount, nan_to_null=True),
        currency=pl.Series(["USD"]).gather(_masked(np.zeros(m, np.int64), is_order)),
        status=pl.Series([s or None for g in statuses for s in g]).gather(pl.Series(status)),
        satisfaction=pl.Series(csat, nan_to_null=True),
        attributes=attributes,
        # Scored once per distinct text, as publish does; only tickets and messages carry text.
        sentiment=score_texts(texts).gather(_masked(text, is_ticket | is_message)),
    )


def _attributes(
    rng: np.random.Generator,
    occurred: np.ndarray,
    is_order: np.ndarray,
    is_ticket: np.ndarray,
    is_message: np.ndarray,
) -> pl.Series:
    """The small JSON object of source-specific fields an event keeps (or null)."""
    m = occurred.size
    solved = pl.Series(occurred + rng.integers(600, 96 * 3600, m) * _US).cast(_UTC_US)
    frame = pl.DataFrame(
        {
            "solved": solved,
            "ticket": is_ticket,
            "message": is_message,
            "order": is_order,
            "from_customer": rng.random(m) < 0.8,
            "items": rng.integers(1, 6, m),
        }
    )
    speaker = pl.when("from_customer").then(pl.lit("true")).otherwise(pl.lit("false"))
    solved_at = pl.col("solved").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return frame.select(
        pl.when("ticket")
        .then(pl.concat_str(pl.lit('{"priority":"normal","solved_at":"'), solved_at, pl.lit('"}')))
        .when("message")
        .then(pl.concat_str(pl.lit('{"from_customer":'), speaker, pl.lit("}")))
        .when("order")
        .then(pl.concat_str(pl.lit('{"line_items":'), pl.col("items").cast(pl.String), pl.lit("}")))
    ).to_series()


def _masked(index: np.ndarray, keep: np.ndarray) -> pl.Series:
    """``index`` with null where ``keep`` is false (a gather then yields null there)."""
    return pl.select(pl.when(pl.Series(keep)).then(pl.Series(index))).to_series()


def _identifiers(records: pl.DataFrame, interactions: pl.DataFrame) -> pl.DataFrame:
    """What lookups search, gathered from every record as ``cxm publish`` does."""
    parts = [
        records.select("customer_id", value=pl.col(column))
        .explode("value")
        .drop_nulls("value")
        .select(kind=pl.lit(kind), value="value", customer_id="customer_id", detail=pl.lit(""))
        for column, kind in (
            ("emails", "email"),
            ("phones", "phone"),
            ("external_ids", "external_id"),
        )
    ]
    handles = records.select("customer_id", h=pl.col("handles")).explode("h").drop_nulls("h")
    split = pl.col("h").str.splitn(":", 2)
    parts.append(
        handles.select(
            kind=pl.lit("handle"),
            value=split.struct.field("field_1"),
            customer_id="customer_id",
            detail=split.struct.field("field_0"),
        )
    )
    norms = ("full_name_norm", "given_name_norm", "family_name_norm")
    names = records.select(
        "customer_id", token=pl.concat_list(*(name_tokens(pl.col(c)).fill_null([]) for c in norms))
    )
    parts.append(
        names.explode("token")
        .drop_nulls("token")
        .select(kind=pl.lit("name"), value="token", customer_id="customer_id", detail=pl.lit(""))
    )
    parts.append(
        interactions.select("kind", "interaction_id", "customer_id")
        .filter(pl.col("kind") == "order")
        .select(
            kind=pl.lit("order"),
            value=order_key(pl.col("interaction_id")),
            customer_id="customer_id",
            detail=pl.lit(""),
        )
    )
    return pl.concat([p.lazy() for p in parts]).unique().collect()


def _provenance(records: pl.DataFrame) -> pl.Expr:
    """Golden fields all come from the first record here; null fields are left out."""
    supplier = pl.concat_str(
        pl.lit('{"source":"'),
        "_src0",
        pl.lit('","record_id":"'),
        "_rid0",
        pl.lit('","rule":"source_priority"}'),
    )
    fields = [
        pl.concat_str(
            pl.when(pl.col(c).is_not_null()).then(pl.lit(f',"{c}":')), supplier
        ).fill_null("")
        for c in GOLDEN_COLUMNS
    ]
    whole = pl.concat_str([pl.lit("{"), *fields, pl.lit("}")])
    return whole.str.replace("{,", "{", literal=True)


def _customer_table(
    people: pl.DataFrame, records: pl.DataFrame, interactions: pl.DataFrame
) -> pl.DataFrame:
    lists = records.group_by("customer_id").agg(
        *(
            pl.col(c).list.explode().unique(maintain_order=True)
            for c in ("emails", "phones", "handles", "external_ids")
        ),
        sources=pl.col("source").unique().sort(),
        departments=pl.col("department").unique().sort(),
        record_count=pl.len().cast(pl.Int64),
        first_seen=pl.col("created_at").min(),
        last_seen=pl.col("updated_at").max(),
        _src0=pl.col("source").first(),
        _rid0=pl.col("record_id").first(),
    )
    activity = interactions.group_by("customer_id").agg(
        interaction_count=pl.len().cast(pl.Int64),
        last_activity=pl.col("occurred_at").max(),
    )
    # Traits are per customer, so computing them a slice of customers at a time is exact and
    # keeps the working set of the trait expressions to a fraction of the events.
    part = pl.col("customer_id").hash(seed=0) % TRAIT_PARTS
    traits = pl.concat(
        customer_traits(interactions.select(EVENT_COLUMNS).filter(part == k), AS_OF)
        for k in range(TRAIT_PARTS)
    )
    frame = (
        people.select("customer_id", *GOLDEN_COLUMNS)
        .join(lists, on="customer_id", how="left")
        .join(activity, on="customer_id", how="left")
        .join(traits, on="customer_id", how="left")
        .with_columns(
            pl.col("interaction_count").fill_null(0), pl.col("traits").fill_null(empty_traits())
        )
    )
    frame = frame.with_columns(provenance=_provenance(frame))
    return frame.select(
        *(
            json_list(c)
            if c in {"emails", "phones", "handles", "external_ids", "sources", "departments"}
            else pl.col(c)
            for c in table_columns("customer")
        )
    ).sort("customer_id")


def _match_edges(records: pl.DataFrame) -> pl.DataFrame:
    anchors = records.filter(pl.col("_rank") == 0).select(
        "customer_id", source_a="source", record_id_a="record_id"
    )
    rules = ["email_exact", "phone_and_name", "model"]
    joined = records.filter(pl.col("_rank") > 0).join(anchors, on="customer_id")
    rule = pl.col("_rule")
    weight = pl.when(rule == 2).then(pl.lit(14.5)).otherwise(pl.lit(22.0)) + pl.col("_rank")
    return joined.select(
        "customer_id",
        "source_a",
        "record_id_a",
        source_b="source",
        record_id_b="record_id",
        kind=pl.when(rule == 2).then(pl.lit("model")).otherwise(pl.lit("rule")),
        rule=pl.when(rule == 2).then(None).otherwise(pl.lit(pl.Series(rules)).gather(rule)),
        match_weight=weight.cast(pl.Float64),
        match_probability=(1.0 / (1.0 + (2.0**-weight))).cast(pl.Float64),
        evidence=pl.lit(pl.Series([_EVIDENCE[r] for r in rules])).gather(rule),
        status=pl.lit("merged"),
        reason=pl.lit(None, dtype=pl.String),
    )


def _aliases(
    rng: np.random.Generator, customers: pl.DataFrame, start: int, run_id: str
) -> pl.DataFrame:
    n = customers.height
    chosen = np.flatnonzero(rng.random(n) < 0.005)
    return pl.DataFrame(
        {
            "alias_id": _hex_ids("cus_", chosen + start, salt=2),
            "customer_id": customers["customer_id"].gather(chosen),
            "merged_at": pl.Series(rng.integers(_START, _END, chosen.size)).cast(_UTC_US),
            "run_id": pl.Series([f"{run_id}-prev"] * chosen.size, dtype=pl.String),
        }
    )


def _empty_overrides() -> pl.DataFrame:
    schema: dict[str, Any] = dict.fromkeys(table_columns("override"), pl.String)
    schema["created_at"] = schema["revoked_at"] = _UTC_US
    return pl.DataFrame(schema=schema)


def _chunk(
    rng: np.random.Generator, start: int, n: int, first_record: int, first_event: int, run_id: str
) -> dict[str, pl.DataFrame]:
    """The tables' rows for customers ``start`` .. ``start + n`` (ids unique across chunks)."""
    people = _customers(rng, start, n)
    records = _records(rng, people, first_record)
    interactions = _interactions(rng, records, _event_counts(rng, n), first_event)
    identifiers = _identifiers(records, interactions)
    customer = _customer_table(people, records, interactions)
    del people
    return {
        "customer": customer,
        "source_record": records.select(
            json_list(c) if c in {"emails", "phones", "handles", "external_ids"} else pl.col(c)
            for c in table_columns("source_record")
        ),
        "identifier": identifiers,
        "alias": _aliases(rng, customer, start, run_id),
        "interaction": interactions,
        "match_edge": _match_edges(records),
    }


def synthetic_frames(customers: int = DEFAULT_CUSTOMERS, seed: int = 0) -> StoreFrames:
    """Store frames for ``customers`` synthetic customers, deterministic in ``seed``.

    Customers are drawn :data:`CHUNK_CUSTOMERS` at a time (each chunk with its own seeded
    generator), so the working memory of one chunk comes on top of the finished rows rather
    than that of the whole population; each chunk's events are in lake order, like the
    batches of a lake.

    Examples
    --------
    >>> frames = synthetic_frames(2_000, seed=1)
    >>> frames.count("customer")
    2000
    >>> frames.count("interaction") > 10_000
    True
    """
    run_id = f"bench-{customers}-{seed}"
    parts: dict[str, list[pl.DataFrame]] = {}
    first_record = first_event = 0
    for index, start in enumerate(range(0, customers, CHUNK_CUSTOMERS)):
        rng = np.random.default_rng([seed, index])
        n = min(CHUNK_CUSTOMERS, customers - start)
        chunk = _chunk(rng, start, n, first_record, first_event, run_id)
        first_record += chunk["source_record"].height
        first_event += chunk["interaction"].height
        for name, frame in chunk.items():
            parts.setdefault(name, []).append(frame)
        del chunk
    tables = {name: pl.concat(frames, rechunk=False) for name, frames in parts.items()}
    del parts
    tables["source_record"] = tables["source_record"].with_columns(
        source_row=(pl.int_range(pl.len()).over("source") + 2).cast(pl.Int64)
    )
    tables["identifier"] = tables["identifier"].sort("kind", "value", "customer_id", "detail")
    tables["override"] = _empty_overrides()
    tables = {name: tables[name] for name in (m.__tablename__ for m in PUBLISHED)}
    for name, frame in tables.items():
        if frame.columns != table_columns(name):
            msg = f"synthetic {name} has columns {frame.columns}, the table {table_columns(name)}"
            raise AssertionError(msg)
    return StoreFrames(run_id=run_id, tables=tables, unplaced_interactions=0)


def schema_tag() -> str:
    """A short digest of the published tables' columns: a schema change means a new store."""
    shape = [(m.__tablename__, table_columns(m.__tablename__)) for m in PUBLISHED]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:8]


def store_path(customers: int, seed: int) -> Path:
    """Where the cached SQLite store for ``customers`` and ``seed`` lives."""
    tag = f"v{GENERATOR_VERSION}-{schema_tag()}"
    return OUT / f"store-{tag}-n{customers}-s{seed}.sqlite"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _publish(url: str, customers: int, seed: int) -> dict[str, Any]:
    from cxm.store.engine import make_engine
    from cxm.store.publish import write_store

    started = time.perf_counter()
    frames = synthetic_frames(customers, seed)
    generate_seconds = time.perf_counter() - started
    engine = make_engine(url)
    try:
        report = write_store(engine, frames)
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    finally:
        engine.dispose()
    return {
        "customers": customers,
        "seed": seed,
        "run_id": frames.run_id,
        "counts": report.counts,
        "customers_with_50_events": int(
            (frames.tables["customer"]["interaction_count"] >= 50).sum()
        ),
        "generate_seconds": round(generate_seconds, 2),
        "publish_seconds": round(report.seconds, 2),
        "build_peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _published_run(url: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.text("SELECT run_id FROM publication ORDER BY publication_id DESC LIMIT 1")
            ).scalar_one_or_none()
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def build_store(
    customers: int, seed: int = 0, *, url: str | None = None, force: bool = False
) -> dict[str, Any]:
    """Generate and publish the store, or find it already there; return what it took.

    Without ``url`` the store is the cached SQLite file :func:`store_path`, built under a
    temporary name and renamed when complete. With ``url`` (e.g. PostgreSQL) the frames are
    published there unless its latest publication is already this size and seed.
    """
    run_id = f"bench-{customers}-{seed}"
    if url is not None:
        if not force and _published_run(url) == run_id:
            return {"customers": customers, "seed": seed, "run_id": run_id, "cached": True}
        return {**_publish(url, customers, seed), "cached": False}
    path = store_path(customers, seed)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not force:
        return {**json.loads(meta_path.read_text()), "cached": True}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    meta = _publish(f"sqlite:///{tmp}", customers, seed)
    meta["store_mb"] = round(tmp.stat().st_size / 2**20, 1)
    os.replace(tmp, path)
    meta_tmp = meta_path.with_name(meta_path.name + ".tmp")
    meta_tmp.write_text(json.dumps(meta))
    os.replace(meta_tmp, meta_path)
    return {**meta, "cached": False}


def sample_ids(url: str | sa.URL, *, min_events: int = 0) -> list[str]:
    """Customer ids in the store at ``url`` with at least ``min_events`` interactions."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT customer_id FROM customer WHERE interaction_count >= :m"),
                {"m": min_events},
            )
            return [r[0] for r in rows]
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", help="publish there instead of the cached SQLite file")
    parser.add_argument("--force", action="store_true", help="rebuild even if already there")
    args = parser.parse_args()
    meta = build_store(args.customers, args.seed, url=args.database_url, force=args.force)
    where = args.database_url or str(store_path(args.customers, args.seed))
    print(json.dumps({"bench": "api_store", "cores": os.cpu_count(), "store": where, **meta}))


if __name__ == "__main__":
    main()
