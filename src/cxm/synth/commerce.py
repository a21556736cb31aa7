"""Commerce exports: Shopify's "Export orders" CSV and its customers CSV.

The orders export has one row per line item; order-level columns are filled only on an order's
first row. Guest checkouts carry only what the buyer typed (another spelling of their email, a
phone in any format), gifts ship to someone else in the household, and in-store (POS) sales often
have no email at all. The customers export prefixes ids, phones and ZIP codes with an apostrophe
so that spreadsheets keep them as text.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from cxm.synth import vocabulary as voc
from cxm.synth.formats import EXPORT_DATE, csv_text, email_typo, phone
from cxm.synth.population import Person
from cxm.synth.truth import ExportContext

ORDERS_HEADER: Final[tuple[str, ...]] = (
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
)
"""The Shopify admin orders export header, in Shopify's order."""

CONTINUATION_COLUMNS: Final[frozenset[str]] = frozenset(
    {
        "Name",
        "Email",
        "Created at",
        "Lineitem quantity",
        "Lineitem name",
        "Lineitem price",
        "Lineitem compare at price",
        "Lineitem sku",
        "Lineitem requires shipping",
        "Lineitem taxable",
        "Lineitem fulfillment status",
        "Vendor",
        "Lineitem discount",
    }
)
"""Columns Shopify repeats on an order's second and later line-item rows."""

CUSTOMERS_HEADER: Final[tuple[str, ...]] = (
    "Customer ID",
    "First Name",
    "Last Name",
    "Email",
    "Accepts Email Marketing",
    "Default Address Company",
    "Default Address Address1",
    "Default Address Address2",
    "Default Address City",
    "Default Address Province Code",
    "Default Address Country Code",
    "Default Address Zip",
    "Default Address Phone",
    "Phone",
    "Accepts SMS Marketing",
    "Total Spent",
    "Total Orders",
    "Note",
    "Tax Exempt",
    "Tags",
)
"""The Shopify admin customers export header (the 2023+ layout)."""

_TAX: Final[dict[str, tuple[str, str]]] = {
    "CO": ("CO State Tax", "0.029"),
    "WA": ("WA State Tax", "0.065"),
    "ID": ("ID State Tax", "0.06"),
    "UT": ("UT State Tax", "0.0485"),
    "WY": ("WY State Tax", "0.04"),
    "AZ": ("AZ State Tax", "0.056"),
    "NM": ("NM State Tax", "0.05125"),
    "TX": ("TX State Tax", "0.0625"),
    "MN": ("MN State Tax", "0.06875"),
    "WI": ("WI State Tax", "0.05"),
    "IL": ("IL State Tax", "0.0625"),
    "NC": ("NC State Tax", "0.0475"),
    "TN": ("TN State Tax", "0.07"),
    "VT": ("VT State Tax", "0.06"),
    "MA": ("MA State Tax", "0.0625"),
    "ME": ("ME State Tax", "0.055"),
    "NY": ("NY State Tax", "0.04"),
    "CA": ("CA State Tax", "0.0725"),
}
_CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _store_offset(moment: datetime) -> str:
    """UTC offset of the store's clock (America/Denver) at ``moment``."""
    year = moment.year
    march = date(year, 3, 8)
    dst_start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(year, 11, 1)
    dst_end = november + timedelta(days=(6 - november.weekday()) % 7)
    return "-0600" if dst_start <= moment.date() < dst_end else "-0700"


def _shopify_time(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} {_store_offset(moment)}"


def _store_for(rng: random.Random, state: str) -> str:
    stores = {"CO": voc.STORES[:2], "OR": voc.STORES[2:4]}.get(state, voc.STORES[:4])
    return rng.choice(stores)


def _token(rng: random.Random, size: int = 25) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(size))


@dataclass
class _Line:
    name: str
    sku: str
    price: Decimal
    quantity: int


@dataclass
class _Order:
    person: Person
    created: datetime
    email: str
    guest: bool
    pos: bool
    gift_to: Person | None
    lines: list[_Line] = field(default_factory=list)
    name: str = ""
    order_id: str = ""


def _guest_email(rng: random.Random, person: Person) -> str:
    local, _, domain = person.personal_email.partition("@")
    roll = rng.random()
    if domain == "gmail.com" and "." in local and roll < 0.5:
        return f"{local.replace('.', '')}@{domain}"  # Gmail ignores dots; Shopify does not.
    if domain == "gmail.com" and roll < 0.5:
        return f"{local}@googlemail.com"
    if roll < 0.7:
        return person.personal_email.capitalize()
    return email_typo(rng, person.personal_email)


def _plan_orders(ctx: ExportContext, rng: random.Random) -> list[_Order]:
    people = ctx.population.in_source("shopify")
    households = ctx.population.households()
    account_holders = {p.entity_id for p in people if rng.random() < 0.82}
    orders: list[_Order] = []
    for person in people:
        count = rng.choices([1, 2, 3, 4, 6], weights=[45, 28, 14, 8, 5], k=1)[0]
        for _ in range(count):
            start = max(person.since, date(2022, 1, 1))
            span = max(1, (EXPORT_DATE - start).days - 1)
            day = start + timedelta(days=rng.randint(0, span))
            created = datetime.combine(
                day, time(rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59))
            )
            pos = rng.random() < 0.12
            guest = person.entity_id not in account_holders or rng.random() < 0.1
            email = person.personal_email
            if guest:
                email = _guest_email(rng, person)
            if pos and rng.random() < 0.6:
                email = ""
            mates = [m for m in households.get(person.household or "", []) if m is not person]
            gift_to = rng.choice(mates) if mates and not pos and rng.random() < 0.35 else None
            order = _Order(person, created, email, guest or not email, pos, gift_to)
            size = rng.choices([1, 2, 3], weights=[60, 28, 12], k=1)[0]
            for name, sku, price in rng.sample(voc.PRODUCTS, size):
                order.lines.append(
                    _Line(name, sku, Decimal(price), rng.choices([1, 2], weights=[9, 1])[0])
                )
            orders.append(order)
    orders.sort(key=lambda o: (o.created, o.person.entity_id))
    next_id = 5_523_418_930_214
    for number, order in enumerate(orders, start=1001):
        next_id += rng.randint(20_000, 9_000_000)
        order.name, order.order_id = f"#{number}", str(next_id)
        if not order.guest:
            ctx.orders.setdefault(order.person.entity_id, []).append(order.name)
    return orders


def render_shopify(ctx: ExportContext) -> tuple[bytes, bytes]:
    """``commerce/shopify-orders.csv`` and ``commerce/shopify-customers.csv`` (UTF-8, LF)."""
    rng = ctx.rng("shopify")
    orders = _plan_orders(ctx, rng)
    rows: list[list[str]] = [list(ORDERS_HEADER)]
    spent: dict[str, Decimal] = {}
    counted: dict[str, int] = {}
    # Shopify lists the newest order first.
    for order in reversed(orders):
        total, refunded = _order_rows(rng, order, rows)
        ctx.truth.add("shopify_order", order.order_id, order.person.entity_id)
        if not order.guest:
            key = order.person.entity_id
            spent[key] = spent.get(key, Decimal(0)) + total - refunded
            counted[key] = counted.get(key, 0) + 1
    orders_csv = csv_text(rows, lineterminator="\n").encode("utf-8")
    customers_csv = _customers(ctx, rng, spent, counted)
    return orders_csv, customers_csv


def _order_rows(
    rng: random.Random, order: _Order, rows: list[list[str]]
) -> tuple[Decimal, Decimal]:
    person, address = order.person, order.person.address
    subtotal = sum((ln.price * ln.quantity for ln in order.lines), Decimal(0))
    discount_code, discount = "", Decimal(0)
    if rng.random() < 0.15:
        discount_code, pct = rng.choice(
            [("TRAIL10", "0.10"), ("WELCOME15", "0.15"), ("FRIENDS20", "0.20")]
        )
        discount = (subtotal * Decimal(pct)).quantize(_CENT, rounding=ROUND_HALF_UP)
    if order.pos:
        method, shipping = "", Decimal(0)
    elif subtotal - discount >= 75:
        method, shipping = "Free Shipping (orders over $75)", Decimal(0)
    elif rng.random() < 0.2:
        method, shipping = "Expedited (2-3 business days)", Decimal("19.95")
    else:
        method, shipping = "Standard Shipping", Decimal("8.95")
    ship_to = order.gift_to.address if order.gift_to else address
    tax_name, rate = _TAX.get(ship_to.state, ("", "0"))
    taxes = ((subtotal - discount) * Decimal(rate)).quantize(_CENT, rounding=ROUND_HALF_UP)
    total = subtotal - discount + shipping + taxes

    roll = rng.random()
    cancelled = roll < 0.04
    status = "paid"
    refunded = Decimal(0)
    if cancelled:
        status, refunded = ("refunded", total) if rng.random() < 0.6 else ("voided", Decimal(0))
    elif roll < 0.11:
        status, refunded = "refunded", total
    elif roll < 0.17:
        status = "partially_refunded"
        refunded = min(total, order.lines[0].price + taxes)
    elif roll < 0.19 and not order.pos:
        status = "pending"
    created = order.created
    paid_at = (
        "" if status in {"pending", "voided"} else _shopify_time(created + timedelta(seconds=2))
    )
    fulfilled = not cancelled and status != "pending" and (order.pos or rng.random() < 0.92)
    fulfilled_at = created + timedelta(
        days=0 if order.pos else rng.randint(1, 4), hours=rng.randint(0, 8)
    )
    fulfilled_at = min(fulfilled_at, datetime.combine(EXPORT_DATE, time(6, 0)))
    cancelled_at = _shopify_time(created + timedelta(hours=rng.randint(1, 30))) if cancelled else ""

    billing_name = person.full_name
    if order.guest and person.nickname and rng.random() < 0.5:
        billing_name = f"{person.nickname} {person.family_name}"
    if order.pos and rng.random() < 0.3:
        billing_name = billing_name.upper()
    billing_phone = phone(person.mobile, rng.choice(["paren", "dash", "e164", "raw", "dot"]))
    recipient = order.gift_to or person
    shipping_phone = phone(recipient.mobile, rng.choice(["paren", "e164", "dash"]))
    payment = "" if status == "voided" else _token(rng)
    payment_method = (
        rng.choice(["Shopify Payments", "Cash"])
        if order.pos
        else rng.choices(["Shopify Payments", "PayPal Express Checkout", "gift_card"], [75, 20, 5])[
            0
        ]
    )
    notes = ""
    if order.gift_to and rng.random() < 0.6:
        notes = (
            f"Gift for {order.gift_to.informal_given}, please don't include the receipt, thanks!"
        )
    elif not order.pos and rng.random() < 0.05:
        notes = "Leave at the side door,\nnot the front porch."

    first = {
        "Name": order.name,
        "Email": order.email,
        "Financial Status": status,
        "Paid at": paid_at,
        "Fulfillment Status": "fulfilled" if fulfilled else "unfulfilled",
        "Fulfilled at": _shopify_time(fulfilled_at) if fulfilled else "",
        "Accepts Marketing": "yes" if rng.random() < 0.45 else "no",
        "Currency": "USD",
        "Subtotal": _money(subtotal),
        "Shipping": _money(shipping),
        "Taxes": _money(taxes),
        "Total": _money(total),
        "Discount Code": discount_code,
        "Discount Amount": _money(discount),
        "Shipping Method": method,
        "Created at": _shopify_time(created),
        "Billing Name": billing_name,
        "Billing Street": address.street_line(sep=", "),
        "Billing Address1": address.line1(),
        "Billing Address2": address.unit,
        "Billing Company": (person.employer or "") if rng.random() < 0.3 else "",
        "Billing City": address.city,
        "Billing Zip": "'" + address.zip,
        "Billing Province": address.state,
        "Billing Country": "US",
        "Billing Phone": billing_phone if rng.random() < 0.85 else "",
        "Notes": notes,
        "Note Attributes": "gift_wrap: yes" if order.gift_to and rng.random() < 0.5 else "",
        "Cancelled at": cancelled_at,
        "Payment Method": payment_method,
        "Payment Reference": payment,
        "Refunded Amount": _money(refunded),
        "Outstanding Balance": "0.00",
        "Employee": rng.choice(voc.STAFF) if order.pos else "",
        "Location": _store_for(rng, address.state) if order.pos else "",
        "Device ID": str(rng.randint(1, 6)) if order.pos else "",
        "Id": order.order_id,
        "Tags": "gift" if order.gift_to else "",
        "Risk Level": "Low" if rng.random() < 0.95 else "Medium",
        "Source": "pos" if order.pos else rng.choices(["web", "shopify_draft_order"], [19, 1])[0],
        "Tax 1 Name": f"{tax_name} {(Decimal(rate) * 100).normalize()}%" if tax_name else "",
        "Tax 1 Value": _money(taxes) if tax_name else "",
        "Phone": phone(person.mobile, "e164") if not order.guest and rng.random() < 0.5 else "",
        "Receipt Number": f"{rng.randint(1, 6)}-{rng.randint(1000, 9999)}" if order.pos else "",
        "Billing Province Name": address.state_name,
        "Payment ID": payment,
        "Payment References": payment,
    }
    if not order.pos:
        first |= {
            "Shipping Name": recipient.full_name,
            "Shipping Street": ship_to.street_line(sep=", "),
            "Shipping Address1": ship_to.line1(),
            "Shipping Address2": ship_to.unit,
            "Shipping City": ship_to.city,
            "Shipping Zip": "'" + ship_to.zip,
            "Shipping Province": ship_to.state,
            "Shipping Country": "US",
            "Shipping Phone": shipping_phone,
            "Shipping Province Name": ship_to.state_name,
        }
    for index, line in enumerate(order.lines):
        values = {
            "Lineitem quantity": str(line.quantity),
            "Lineitem name": line.name,
            "Lineitem price": _money(line.price),
            "Lineitem compare at price": "",
            "Lineitem sku": line.sku,
            "Lineitem requires shipping": "false" if line.sku.startswith("NW-GIFT") else "true",
            "Lineitem taxable": "false" if line.sku.startswith("NW-GIFT") else "true",
            "Lineitem fulfillment status": "fulfilled" if fulfilled else "pending",
            "Vendor": "Northwind Outfitters",
            "Lineitem discount": "0.00",
        }
        if index == 0:
            values |= first
        else:
            values |= {"Name": order.name, "Email": order.email, "Created at": first["Created at"]}
        rows.append([values.get(column, "") for column in ORDERS_HEADER])
    return total, refunded


def _customers(
    ctx: ExportContext, rng: random.Random, spent: dict[str, Decimal], counted: dict[str, int]
) -> bytes:
    people = [p for p in ctx.population.in_source("shopify") if p.entity_id in counted]
    # Account holders without an order yet (newsletter sign-ups) are customers too.
    people += [
        p
        for p in ctx.population.in_source("shopify")
        if p.entity_id not in counted and rng.random() < 0.5
    ]
    people.sort(key=lambda p: p.entity_id)
    workers = [p for p in people if p.work_email]
    second_account = rng.choice(workers).entity_id if workers else ""
    zero_phone = rng.choice(people).entity_id
    next_id = 7_210_448_301_122
    entries: list[tuple[Person, bool]] = [(p, False) for p in people]
    entries += [(p, True) for p in people if p.entity_id == second_account]
    entries.sort(key=lambda e: (e[0].since, e[0].entity_id, e[1]))
    rows: list[list[str]] = [list(CUSTOMERS_HEADER)]
    for person, work_account in entries:
        next_id += rng.randint(1, 40_000_000)
        customer_id = str(next_id)
        if not work_account:
            ctx.shopify_customer_ids[person.entity_id] = customer_id
        ctx.truth.add("shopify_customer", customer_id, person.entity_id)
        address = person.address
        given = person.nickname if person.nickname and rng.random() < 0.2 else person.given_name
        email = person.work_email if work_account and person.work_email else person.personal_email
        address_phone = "'" + phone(
            person.landline or person.mobile, rng.choice(["paren", "dash", "raw"])
        )
        if rng.random() < 0.2:
            address_phone = ""
        if person.entity_id == zero_phone and not work_account:
            address_phone = "'0000000000"
        tags = [
            t
            for t, p in (("newsletter", 0.4), ("vip", 0.08), ("pro-deal", 0.06))
            if rng.random() < p
        ]
        if work_account:
            tags.append("team-order")
        total_orders = 0 if work_account else counted.get(person.entity_id, 0)
        total_spent = Decimal(0) if work_account else spent.get(person.entity_id, Decimal(0))
        rows.append(
            [
                "'" + customer_id,
                given,
                person.family_name,
                email.lower(),
                "yes" if rng.random() < 0.5 else "no",
                (person.employer or "") if work_account else "",
                address.line1(),
                address.unit,
                address.city,
                address.state,
                "US",
                "'" + address.zip,
                address_phone,
                "'" + phone(person.mobile, "e164") if rng.random() < 0.6 else "",
                "yes" if rng.random() < 0.2 else "no",
                _money(total_spent),
                str(total_orders),
                "Prefers pickup at the Boulder store" if rng.random() < 0.04 else "",
                "yes" if work_account and rng.random() < 0.5 else "no",
                ", ".join(tags),
            ]
        )
    return csv_text(rows, lineterminator="\n").encode("utf-8")
