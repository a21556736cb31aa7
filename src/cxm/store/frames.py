"""The rows a publish loads: the current resolution and the lake, shaped as the store's tables.

Pure polars, no database: :func:`store_frames` returns one frame per published table, columns in
the table's order. Lists become JSON text; identifiers are gathered from every source record
(so a lookup finds a customer by any value one of its records carries, junk included) plus the
order numbers of its orders and the folded tokens of its names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import polars as pl

from cxm.ingest.lake import Lake
from cxm.insight import sentiment
from cxm.insight.metrics import company_metrics
from cxm.insight.segments import Segment, with_segments
from cxm.insight.traits import complete, encode, trait_frame
from cxm.resolve.overrides import read_overrides
from cxm.resolve.resolution import Resolution
from cxm.resolve.survivorship import LIST_COLUMNS
from cxm.store.tables import Customer

_RECORD_COLUMNS = (
    "source",
    "record_id",
    "department",
    "connector",
    "full_name",
    "given_name",
    "family_name",
    "company",
    *LIST_COLUMNS,
    "street",
    "city",
    "region",
    "postal_code",
    "country",
    "birth_date",
    "given_name_norm",
    "family_name_norm",
    "full_name_norm",
    "street_norm",
    "city_norm",
    "region_norm",
    "postal_code_norm",
    "country_norm",
    "created_at",
    "updated_at",
    "source_file",
    "source_row",
)
_NAME_NORMS = ("full_name_norm", "given_name_norm", "family_name_norm")
_INTERACTION_COLUMNS = (
    "source",
    "interaction_id",
    "record_id",
    "department",
    "occurred_at",
    "channel",
    "kind",
    "title",
    "text",
    "amount",
    "currency",
    "status",
    "satisfaction",
    "attributes",
)
CUSTOMER_COLUMNS: Final = tuple(c.name for c in Customer.__table__.columns)  # type: ignore[attr-defined]
"""The ``customer`` table's columns, in order: what :func:`customer_rows` produces."""
ORDER_KINDS = ("order",)
MIN_NAME_TOKEN = 2


@dataclass(frozen=True)
class StoreFrames:
    """One frame per published table, plus what could not be placed."""

    run_id: str
    tables: dict[str, pl.DataFrame]
    unplaced_interactions: int
    metrics: dict[str, Any] = field(default_factory=dict)

    def count(self, table: str) -> int:
        """Rows of ``table`` to load."""
        return self.tables[table].height


def json_list(column: str) -> pl.Expr:
    """A list-of-strings column as JSON array text (``[]`` for empty or null)."""
    wrapped = pl.struct(pl.col(column).fill_null([]).alias("v")).struct.json_encode()
    return wrapped.str.slice(5, wrapped.str.len_chars() - 6).alias(column)


def order_key(raw: pl.Expr) -> pl.Expr:
    """How order numbers are compared: trimmed, lower-cased, without a leading ``#``."""
    return raw.str.strip_chars().str.to_lowercase().str.strip_chars_start("#").str.strip_chars()


def name_tokens(folded: pl.Expr) -> pl.Expr:
    """The tokens of a folded name worth indexing (two characters or more)."""
    tokens = folded.str.split(" ")
    return tokens.list.eval(pl.element().filter(pl.element().str.len_chars() >= MIN_NAME_TOKEN))


def _records(lake: Lake, identity_map: pl.DataFrame) -> pl.DataFrame:
    records = lake.read("identity_record", columns=list(_RECORD_COLUMNS))
    return records.join(
        identity_map.select("source", "record_id", "customer_id", "matched_by"),
        on=["source", "record_id"],
        how="inner",
    )


def identifier_rows(records: pl.DataFrame, interactions: pl.DataFrame) -> pl.DataFrame:
    """The ``identifier`` rows of records (with list columns and folded names) and events."""
    parts: list[pl.DataFrame] = []
    for column, kind in (("emails", "email"), ("phones", "phone"), ("external_ids", "external_id")):
        parts.append(
            records.select("customer_id", value=pl.col(column))
            .explode("value")
            .drop_nulls("value")
            .select(kind=pl.lit(kind), value="value", customer_id="customer_id", detail=pl.lit(""))
        )
    handles = records.select("customer_id", h=pl.col("handles")).explode("h").drop_nulls("h")
    split = pl.col("h").str.splitn(":", 2)
    parts.append(
        handles.select(
            kind=pl.lit("handle"),
            value=split.struct.field("field_1").fill_null(pl.col("h")),
            customer_id="customer_id",
            detail=pl.when(split.struct.field("field_1").is_null())
            .then(pl.lit(""))
            .otherwise(split.struct.field("field_0")),
        )
    )
    names = records.select(
        "customer_id",
        token=pl.concat_list(*(name_tokens(pl.col(c)).fill_null([]) for c in _NAME_NORMS)),
    )
    parts.append(
        names.explode("token")
        .drop_nulls("token")
        .select(kind=pl.lit("name"), value="token", customer_id="customer_id", detail=pl.lit(""))
    )
    orders = interactions.filter(pl.col("kind").is_in(ORDER_KINDS))
    parts.append(
        orders.select(
            kind=pl.lit("order"),
            value=order_key(pl.col("interaction_id")),
            customer_id="customer_id",
            detail=pl.lit(""),
        ).filter(pl.col("value").str.len_chars() > 0)
    )
    return pl.concat(parts).unique().sort("kind", "value", "customer_id", "detail")


def _interactions(lake: Lake, identity_map: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    events = lake.read("interaction", columns=list(_INTERACTION_COLUMNS))
    placed = events.join(
        identity_map.select("source", "record_id", "customer_id"),
        on=["source", "record_id"],
        how="inner",
    )
    ordered = placed.select(
        "source",
        "interaction_id",
        "record_id",
        "customer_id",
        *_INTERACTION_COLUMNS[3:],
    ).with_columns(sentiment=sentiment.scored(placed))
    # Loaded in timeline order, one customer's events sit together on disk.
    ordered = ordered.sort("customer_id", "occurred_at", "source", "interaction_id")
    return ordered, events.height - placed.height


def customer_traits(
    customer: pl.DataFrame,
    interactions: pl.DataFrame,
    as_of: datetime,
    segments: Sequence[Segment] = (),
) -> pl.DataFrame:
    """Every customer's traits as of ``as_of`` (typed columns, with ``segments``)."""
    traits = complete(customer.select("customer_id"), trait_frame(interactions, as_of))
    return with_segments(traits, list(segments))


def customer_rows(
    customer: pl.DataFrame, interactions: pl.DataFrame, traits: pl.DataFrame
) -> pl.DataFrame:
    """The ``customer`` rows: golden records plus activity counts and the encoded ``traits``
    (from :func:`customer_traits`)."""
    activity = interactions.group_by("customer_id").agg(
        interaction_count=pl.len().cast(pl.Int64),
        last_activity=pl.col("occurred_at").max(),
    )
    frame = (
        customer.join(activity, on="customer_id", how="left")
        .join(encode(traits), on="customer_id", how="left")
        .with_columns(pl.col("interaction_count").fill_null(0))
    )
    listed = {*LIST_COLUMNS, "sources", "departments"}
    return frame.select(json_list(c) if c in listed else pl.col(c) for c in CUSTOMER_COLUMNS)


def store_frames(
    lake_dir: Path,
    resolution: Resolution,
    as_of: datetime | None = None,
    segments: Sequence[Segment] = (),
) -> StoreFrames:
    """Everything ``cxm publish`` loads for ``resolution``, read from the lake at ``lake_dir``.

    Traits, segments and company metrics are computed as of ``as_of`` (default: now).
    """
    lake = Lake(lake_dir)
    identity_map = resolution.read("identity_map")
    records = _records(lake, identity_map)
    interactions, unplaced = _interactions(lake, identity_map)
    source_record = records.select(
        "source",
        "record_id",
        "customer_id",
        "matched_by",
        *(json_list(c) if c in LIST_COLUMNS else pl.col(c) for c in _RECORD_COLUMNS[2:]),
    ).with_columns(pl.col("birth_date").cast(pl.String))
    moment = as_of or datetime.now(UTC)
    golden = resolution.read("customer")
    traits = customer_traits(golden, interactions, moment, segments)
    customer = customer_rows(golden, interactions, traits)
    metrics = company_metrics(golden, traits, records, moment)
    edges = resolution.read("match_edge")
    tables = {
        "customer": customer.with_columns(pl.col("birth_date").cast(pl.String)),
        "source_record": source_record,
        "identifier": identifier_rows(records, interactions),
        "alias": resolution.read("alias").select("alias_id", "customer_id", "merged_at", "run_id"),
        "interaction": interactions,
        "match_edge": edges.select(
            "customer_id",
            "source_a",
            "record_id_a",
            "source_b",
            "record_id_b",
            "kind",
            "rule",
            "match_weight",
            "match_probability",
            "evidence",
            "status",
            "reason",
        ),
        "override": read_overrides(lake_dir),
    }
    return StoreFrames(
        run_id=resolution.run_id,
        tables=tables,
        unplaced_interactions=unplaced,
        metrics=metrics,
    )
