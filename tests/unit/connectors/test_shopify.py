"""Shopify connectors: orders (continuation rows, refunds, cancellations, offsets) and customers
(current and legacy header, apostrophe guards)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import IngestReport, ingest

# The admin's "Export orders" header, in Shopify's order.
ORDERS_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
    "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
    "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip",
    "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes",
    "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount", "Vendor",
    "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level",
    "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value",
    "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value",
    "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name",
    "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References",
]  # fmt: skip

CUSTOMERS_HEADER = [
    "Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing",
    "Default Address Company", "Default Address Address1", "Default Address Address2",
    "Default Address City", "Default Address Province Code", "Default Address Country Code",
    "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
    "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags",
]  # fmt: skip

LEGACY_CUSTOMERS_HEADER = [
    "First Name", "Last Name", "Email", "Company", "Address1", "Address2", "City", "Province",
    "Province Code", "Country", "Country Code", "Zip", "Phone", "Accepts Marketing", "Total Spent",
    "Total Orders", "Tags", "Note", "Tax Exempt",
]  # fmt: skip


def _order(name: str, order_id: str, created: str, **values: str) -> dict[str, str]:
    """The first row of an order: order-level columns plus its first line item."""
    return {
        "Name": name,
        "Email": "Jane.Doe@Example.com",
        "Financial Status": "paid",
        "Paid at": created,
        "Fulfillment Status": "fulfilled",
        "Accepts Marketing": "yes",
        "Currency": "USD",
        "Created at": created,
        "Lineitem quantity": "1",
        "Lineitem name": "Trail Mug",
        "Lineitem price": "12.50",
        "Lineitem fulfillment status": "fulfilled",
        "Billing Name": "Jane Doe",
        "Billing Address1": "12 Main St",
        "Billing Address2": "Apt 4",
        "Billing City": "Boston",
        "Billing Zip": "'02134",
        "Billing Province": "MA",
        "Billing Country": "US",
        "Billing Phone": "(617) 555-0100",
        "Shipping Phone": "'+16175550199",
        "Id": order_id,
        "Source": "web",
        **values,
    }


def _line(name: str, created: str, item: str, quantity: str, price: str) -> dict[str, str]:
    """A continuation row: Shopify repeats only Name, Email, Created at and the line columns."""
    return {
        "Name": name,
        "Email": "Jane.Doe@Example.com",
        "Created at": created,
        "Lineitem quantity": quantity,
        "Lineitem name": item,
        "Lineitem price": price,
        "Lineitem fulfillment status": "fulfilled",
    }


def _csv_bytes(
    header: list[str], rows: list[dict[str, str]], *, bom: bool = False, crlf: bool = False
) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n" if crlf else "\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _ingest(tmp_path: Path, name: str, data: bytes) -> tuple[Path, IngestReport, Lake]:
    path = tmp_path / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    settings = Settings(home=tmp_path / "home")
    report = ingest([path], settings)
    return path, report, Lake(settings.lake_dir)


def _by(frame: pl.DataFrame, key: str) -> dict[str, dict[str, object]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


ORDERS = [
    _order("#1001", "5001", "2024-01-01 11:13:25 -0500", **{
        "Lineitem quantity": "2", "Subtotal": "55.00", "Total": "59.97", "Taxes": "4.97",
    }),
    _line("#1001", "2024-01-01 11:13:25 -0500", "Camp Stove", "1", "30.00"),
    _order("#1002", "5002", "2024-06-30 23:30:00 +0200", **{
        "Email": "bob@example.com", "Billing Name": "Bob Stone", "Billing Zip": "'10115",
        "Billing Country": "DE", "Billing Phone": "'+4915112345678", "Shipping Phone": "",
        "Currency": "EUR", "Total": "12.50", "Source": "pos",
    }),
]  # fmt: skip


@pytest.mark.parametrize(("bom", "crlf"), [(False, False), (True, True)])
def test_orders_continuation_rows_get_the_order_values(
    tmp_path: Path, bom: bool, crlf: bool
) -> None:
    _, report, lake = _ingest(
        tmp_path, "orders_export.csv", _csv_bytes(ORDERS_HEADER, ORDERS, bom=bom, crlf=crlf)
    )
    result = report.files[0]
    assert result.connector == "shopify_orders"
    assert result.batch is not None
    assert (result.batch.rows_read, result.batch.rows_staged, result.batch.rows_quarantined) == (
        3,
        3,
        0,
    )

    people = _by(lake.read("identity_record"), "record_id")
    assert sorted(people) == ["5001", "5002"]
    jane = people["5001"]
    assert (jane["source"], jane["connector"], jane["department"]) == (
        "shopify_order",
        "shopify_orders",
        "commerce",
    )
    assert jane["full_name"] == "Jane Doe"
    assert jane["emails"] == ["jane.doe@example.com"]
    assert jane["phones"] == ["+16175550100", "+16175550199"]
    assert jane["street"] == "12 Main St Apt 4"
    assert (jane["city"], jane["region"], jane["postal_code"], jane["country_norm"]) == (
        "Boston",
        "MA",
        "02134",
        "US",
    )
    assert jane["source_row"] == 1 and jane["source_line"] == 2
    assert people["5002"]["phones"] == ["+4915112345678"]
    assert people["5002"]["postal_code"] == "10115"

    events = _by(lake.read("interaction"), "interaction_id")
    assert sorted(events) == ["#1001", "#1001/line/1", "#1001/line/2", "#1002", "#1002/line/1"]
    order = events["#1001"]
    assert (order["kind"], order["record_id"], order["title"], order["status"]) == (
        "order",
        "5001",
        "#1001",
        "paid",
    )
    assert (order["amount"], order["currency"], order["channel"]) == (59.97, "USD", "web")
    assert order["occurred_at"] == datetime(2024, 1, 1, 16, 13, 25, tzinfo=UTC)
    second = events["#1001/line/2"]
    # The continuation row has no Id, Currency or Source of its own: they come from its order.
    assert (second["kind"], second["record_id"], second["currency"], second["channel"]) == (
        "order_line",
        "5001",
        "USD",
        "web",
    )
    assert (second["title"], second["amount"], second["source_row"]) == ("Camp Stove", 30.0, 2)
    assert events["#1001/line/1"]["amount"] == 25.0  # 2 x 12.50
    assert events["#1002"]["occurred_at"] == datetime(2024, 6, 30, 21, 30, tzinfo=UTC)
    assert (events["#1002"]["currency"], events["#1002"]["channel"]) == ("EUR", "pos")
    assert {e["department"] for e in events.values()} == {"commerce"}


def test_orders_refunds_and_cancellations_once_per_order(tmp_path: Path) -> None:
    rows = [
        # Refunded and cancelled: both events, dated at the cancellation.
        _order("#2001", "6001", "2024-02-01 10:00:00 -0500", **{
            "Financial Status": "refunded", "Total": "40.00", "Refunded Amount": "40.00",
            "Cancelled at": "2024-02-03 09:00:00 +0100",
        }),
        _line("#2001", "2024-02-01 10:00:00 -0500", "Camp Stove", "1", "27.50"),
        # Partly refunded, not cancelled: dated at the order (the export has no refund date).
        _order("#2002", "6002", "2024-03-01 08:00:00 -0800", **{
            "Financial Status": "partially_refunded", "Total": "25.00", "Refunded Amount": "5.25",
        }),
        # "0.00" refunded is no refund.
        _order("#2003", "6003", "2024-03-02 08:00:00 -0800", **{
            "Total": "12.50", "Refunded Amount": "0.00",
        }),
    ]  # fmt: skip
    _, report, lake = _ingest(tmp_path, "orders.csv", _csv_bytes(ORDERS_HEADER, rows))
    assert report.files[0].batch is not None and report.files[0].batch.rows_quarantined == 0
    events = lake.read("interaction")
    kinds = events.group_by("kind").len().sort("kind")
    assert dict(kinds.iter_rows()) == {"cancellation": 1, "order": 3, "order_line": 4, "refund": 2}
    by_id = _by(events, "interaction_id")
    refund = by_id["#2001/refund"]
    assert (refund["kind"], refund["record_id"], refund["amount"], refund["currency"]) == (
        "refund",
        "6001",
        40.0,
        "USD",
    )
    assert refund["occurred_at"] == datetime(2024, 2, 3, 8, 0, tzinfo=UTC)
    cancel = by_id["#2001/cancellation"]
    assert (cancel["kind"], cancel["record_id"], cancel["status"]) == (
        "cancellation",
        "6001",
        "refunded",
    )
    assert cancel["occurred_at"] == datetime(2024, 2, 3, 8, 0, tzinfo=UTC)
    partial = by_id["#2002/refund"]
    assert (partial["amount"], partial["occurred_at"]) == (
        5.25,
        datetime(2024, 3, 1, 16, 0, tzinfo=UTC),
    )
    assert "#2003/refund" not in by_id


def test_orders_unparseable_created_at_is_quarantined_with_file_row_and_field(
    tmp_path: Path,
) -> None:
    rows = [
        _order("#3001", "7001", "2024-01-05 12:00:00 -0500", Total="12.50"),
        _order("#3002", "7002", "next tuesday", Total="12.50"),
        _order("#3003", "7003", "2024-01-06 12:00:00 -0500", Total="12.50"),
    ]
    path, report, lake = _ingest(tmp_path, "orders.csv", _csv_bytes(ORDERS_HEADER, rows))
    batch = report.files[0].batch
    assert batch is not None and (batch.rows_read, batch.rows_staged, batch.rows_quarantined) == (
        3,
        2,
        1,
    )
    quarantine = lake.read("quarantine")
    assert quarantine.height == 1
    bad = quarantine.row(0, named=True)
    assert (bad["file"], bad["row"], bad["line"], bad["field"]) == (str(path), 2, 3, "Created at")
    assert "unparseable date in field 'Created at': 'next tuesday'" in bad["reason"]
    assert json.loads(bad["raw"])["Name"] == "#3002"
    assert sorted(lake.read("identity_record")["record_id"]) == ["7001", "7003"]
    assert sorted(lake.read("interaction")["interaction_id"]) == [
        "#3001",
        "#3001/line/1",
        "#3003",
        "#3003/line/1",
    ]


def test_customers_current_header_strips_apostrophe_guards(tmp_path: Path) -> None:
    rows = [
        {
            "Customer ID": "'7154417123456", "First Name": "Jane", "Last Name": "Doe",
            "Email": "Jane.Doe@Example.com", "Accepts Email Marketing": "yes",
            "Default Address Address1": "12 Main St", "Default Address City": "Boston",
            "Default Address Province Code": "MA", "Default Address Country Code": "US",
            "Default Address Zip": "'02134", "Default Address Phone": "'(617) 555-0100",
            "Phone": "'+16175550199", "Total Spent": "157.94", "Total Orders": "2",
            "Tags": "newsletter, vip",
        },
        {
            "Customer ID": "'7154417123457", "First Name": "Sanne", "Last Name": "de Vries",
            "Email": "sanne@example.nl", "Default Address City": "Amsterdam",
            "Default Address Country Code": "NL", "Default Address Zip": "1012 AB",
            "Phone": "'+31612345678", "Total Spent": "0.00", "Total Orders": "0",
        },
    ]  # fmt: skip
    _, report, lake = _ingest(tmp_path, "customers_export.csv", _csv_bytes(CUSTOMERS_HEADER, rows))
    assert report.files[0].connector == "shopify_customers"
    people = _by(lake.read("identity_record"), "record_id")
    assert sorted(people) == ["7154417123456", "7154417123457"]
    jane = people["7154417123456"]
    assert jane["source"] == "shopify_customer"
    assert (jane["given_name"], jane["family_name"], jane["full_name"]) == (
        "Jane",
        "Doe",
        "Jane Doe",
    )
    assert jane["phones"] == ["+16175550199", "+16175550100"]
    assert (jane["postal_code"], jane["region"], jane["country_norm"]) == ("02134", "MA", "US")
    assert json.loads(str(jane["attributes"]))["Total Spent"] == "157.94"
    sanne = people["7154417123457"]
    assert sanne["phones"] == ["+31612345678"]
    assert (sanne["postal_code"], sanne["country_norm"]) == ("1012 AB", "NL")
    assert lake.read("interaction").height == 0


def test_customers_legacy_header_uses_email_then_phone_as_record_id(tmp_path: Path) -> None:
    rows = [
        {
            "First Name": "Jane", "Last Name": "Doe", "Email": " Jane.Doe@Example.COM ",
            "Address1": "12 Main St", "City": "Boston", "Province": "Massachusetts",
            "Province Code": "MA", "Country": "United States", "Country Code": "US",
            "Zip": "'02134", "Phone": "'+16175550199", "Accepts Marketing": "yes",
            "Total Spent": "10.00", "Total Orders": "1",
        },
        {
            "First Name": "Sanne", "Last Name": "de Vries", "Phone": "'+31612345678",
            "Country Code": "NL", "Accepts Marketing": "no", "Total Spent": "0.00",
            "Total Orders": "0",
        },
        {
            "First Name": "Nobody", "Accepts Marketing": "no", "Total Spent": "0.00",
            "Total Orders": "0",
        },
    ]  # fmt: skip
    path, report, lake = _ingest(
        tmp_path,
        "customers_export.csv",
        _csv_bytes(LEGACY_CUSTOMERS_HEADER, rows, bom=True, crlf=True),
    )
    result = report.files[0]
    assert result.connector == "shopify_customers_legacy"
    assert result.batch is not None and (
        result.batch.rows_staged,
        result.batch.rows_quarantined,
    ) == (2, 1)
    people = _by(lake.read("identity_record"), "record_id")
    assert sorted(people) == ["+31612345678", "jane.doe@example.com"]
    jane = people["jane.doe@example.com"]
    assert (jane["source"], jane["connector"]) == ("shopify_customer", "shopify_customers_legacy")
    assert (jane["emails"], jane["phones"], jane["postal_code"]) == (
        ["jane.doe@example.com"],
        ["+16175550199"],
        "02134",
    )
    assert jane["source_line"] == 2
    quarantine = lake.read("quarantine").row(0, named=True)
    assert (quarantine["file"], quarantine["row"], quarantine["line"]) == (str(path), 3, 4)
    assert quarantine["reason"] == (
        "no valid Email or Phone to identify the customer (legacy export without Customer ID)"
    )
