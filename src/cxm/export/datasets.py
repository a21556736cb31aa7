"""The analyst datasets: what each one's rows are, read from the published store in batches.

The store is the one customer view the API serves, so an export holds exactly what agents see.
Each dataset's columns, types and row order are documented in ``schemas/export_*.v1.json``
(the single source of truth, read through :func:`cxm.schema.table_schema`); every batch is
conformed to that schema before it is written.

========================  ===============  =================================================
dataset                   store table      rows, in this order
========================  ===============  =================================================
``profiles``              customer         one per customer, by customer_id
``identity-map``          source_record    one per source record, by source and record_id
``timeline``              interaction      one per event, by customer_id, occurred_at, source,
                                           interaction_id
``traits``                customer         one per customer, by customer_id: the traits JSON
                                           flattened into one typed column per trait
========================  ===============  =================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Final

import polars as pl
import sqlalchemy as sa

from cxm.errors import ExportError, SchemaError
from cxm.schema import conform, table_schema
from cxm.store.scan import BATCH_ROWS, scan_table
from cxm.store.tables import Customer, Interaction, SourceRecord

_LISTS: Final = ("emails", "phones", "handles", "external_ids", "sources", "departments")
_ORDER_TIME: Final = "%Y-%m-%dT%H:%M:%SZ"  # how traits.py writes first/last_order_at


@dataclass(frozen=True)
class Dataset:
    """One export: its name, schema document, the store table it reads and how rows are shaped.

    ``shape`` turns a batch of store rows (``read`` columns, times parsed) into the export's
    columns; :func:`read_dataset` then conforms it to the schema.
    """

    name: str
    schema_table: str
    table: sa.Table
    read: tuple[str, ...]
    order_by: tuple[str, ...]
    shape: Callable[[pl.DataFrame], pl.DataFrame]
    sort: bool = False

    @property
    def schema(self) -> pl.Schema:
        """The export's polars schema (column order and types), from ``schemas/``."""
        return table_schema(self.schema_table).polars


def _profiles(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        *(pl.col(c).str.json_decode(pl.List(pl.String)) for c in _LISTS),
        pl.col("birth_date").str.to_date("%Y-%m-%d"),
    )


def _same(frame: pl.DataFrame) -> pl.DataFrame:
    return frame


def _trait_dtype() -> pl.Struct:
    """The traits JSON as polars decodes it: the export's columns, order times as text."""
    columns = {n: t for n, t in table_schema("export_traits").polars.items() if n != "customer_id"}
    return pl.Struct(
        {n: pl.String() if isinstance(t, pl.Datetime) else t for n, t in columns.items()}
    )


def _traits(frame: pl.DataFrame) -> pl.DataFrame:
    decoded = frame.select(
        "customer_id", pl.col("traits").str.json_decode(_trait_dtype()).struct.unnest()
    )
    times = [n for n, t in table_schema("export_traits").polars.items() if t == pl.Datetime]
    return decoded.with_columns(
        pl.col(n).str.to_datetime(_ORDER_TIME, time_zone="UTC", time_unit="us") for n in times
    )


_customer_t: Final[sa.Table] = Customer.__table__  # type: ignore[attr-defined]
_record_t: Final[sa.Table] = SourceRecord.__table__  # type: ignore[attr-defined]
_interaction_t: Final[sa.Table] = Interaction.__table__  # type: ignore[attr-defined]

DATASETS: Final[dict[str, Dataset]] = {
    d.name: d
    for d in (
        Dataset(
            name="profiles",
            schema_table="export_profiles",
            table=_customer_t,
            read=tuple(table_schema("export_profiles").polars),
            order_by=("customer_id",),
            shape=_profiles,
        ),
        Dataset(
            name="identity-map",
            schema_table="export_identity_map",
            table=_record_t,
            read=("source", "record_id", "customer_id", "matched_by"),
            order_by=("source", "record_id"),
            shape=_same,
        ),
        Dataset(
            name="timeline",
            schema_table="export_timeline",
            table=_interaction_t,
            read=tuple(table_schema("export_timeline").polars),
            order_by=("customer_id", "occurred_at", "source", "interaction_id"),
            shape=_same,
            sort=True,  # published in lake order (source, time), not timeline order
        ),
        Dataset(
            name="traits",
            schema_table="export_traits",
            table=_customer_t,
            read=("customer_id", "traits"),
            order_by=("customer_id",),
            shape=_traits,
        ),
    )
}


def dataset(name: str) -> Dataset:
    """The dataset called ``name``; :class:`ExportError` listing the known ones otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        msg = f"unknown export {name!r}; the datasets are: {', '.join(DATASETS)}"
        raise ExportError(msg) from None


def read_dataset(
    conn: sa.Connection, name: str, *, batch_rows: int = BATCH_ROWS
) -> Iterator[pl.DataFrame]:
    """The rows of dataset ``name`` from the store, in batches conformed to its schema.

    ``conn`` comes from :func:`cxm.store.engine.snapshot`, so every batch is of one publish.
    Raises :class:`ExportError` naming the dataset and table when a row does not fit the
    schema (a stored value that cannot be parsed, a required value missing).
    """
    spec = dataset(name)
    scan = scan_table(
        conn, spec.table, spec.read, spec.order_by, sort=spec.sort, batch_rows=batch_rows
    )
    with closing(scan) as batches:  # the cursor closes here, whatever stops the loop
        for batch in batches:
            try:
                yield conform(spec.shape(batch), spec.schema_table)
            except (pl.exceptions.PolarsError, SchemaError) as err:
                first = batch.row(0, named=True)
                where = ", ".join(f"{k}={first[k]!r}" for k in spec.order_by)
                msg = (
                    f"export {name}: store table {spec.table.name} holds rows that do not fit "
                    f"schemas/{spec.schema_table}.v1.json (batch starting at {where}): {err}"
                )
                raise ExportError(msg) from err
