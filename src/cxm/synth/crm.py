"""Sales exports: a HubSpot contacts export and a Salesforce contacts report.

HubSpot is the marketing-led CRM: informal names, mixed date formats, ``;``-joined additional
emails, duplicate contacts from repeat form fills, and the typos of people typing in their own
details. Salesforce is the older, formal CRM the B2B team still uses: legal names, household
accounts, addresses from before people moved, numbers mangled by an Excel round trip, and the
report footer Salesforce appends after the data.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, time, timedelta
from typing import Final

from cxm.synth import vocabulary as voc
from cxm.synth.formats import (
    EXPORT_DATE,
    csv_text,
    drop_typo,
    email_typo,
    phone,
    salesforce_id15,
    salesforce_id18,
    transpose_typo,
    us_date,
    us_datetime,
)
from cxm.synth.population import Person
from cxm.synth.truth import ExportContext

HUBSPOT_HEADER: Final[tuple[str, ...]] = (
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Street Address",
    "City",
    "State/Region",
    "Postal Code",
    "Country/Region",
    "Lifecycle Stage",
    "Lead Status",
    "Twitter Username",
    "Additional email addresses",
    "Associated Company",
    "Marketing contact status",
    "Create Date",
    "Last Modified Date",
    "Contact owner",
)

SALESFORCE_HEADER: Final[tuple[str, ...]] = (
    "Contact ID",
    "First Name",
    "Last Name",
    "Account Name",
    "Title",
    "Email",
    "Phone",
    "Mobile",
    "Mailing Street",
    "Mailing City",
    "Mailing State/Province",
    "Mailing Zip/Postal Code",
    "Mailing Country",
    "Birthdate",
    "Lead Source",
    "Created Date",
    "Contact Owner",
)

_LIFECYCLE: Final[tuple[tuple[str, float], ...]] = (
    ("Subscriber", 0.18),
    ("Lead", 0.25),
    ("Marketing Qualified Lead", 0.12),
    ("Sales Qualified Lead", 0.06),
    ("Opportunity", 0.05),
    ("Customer", 0.30),
    ("Evangelist", 0.04),
)
_LEAD_STATUS: Final[tuple[tuple[str, float], ...]] = (
    ("", 0.35),
    ("New", 0.18),
    ("Open", 0.12),
    ("In Progress", 0.10),
    ("Attempted to contact", 0.08),
    ("Connected", 0.07),
    ("Open Deal", 0.04),
    ("Unqualified", 0.04),
    ("Bad Timing", 0.02),
)
_LEAD_SOURCE: Final[tuple[str, ...]] = (
    "Web",
    "Phone Inquiry",
    "Partner Referral",
    "Trade Show",
    "Word of mouth",
    "Purchased List",
    "Other",
)


def _pick(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


def _moment(rng: random.Random, person: Person, *, after_days: int = 0) -> datetime:
    start = person.since + timedelta(days=after_days)
    span = max(0, (EXPORT_DATE - start).days - 1)
    day = start + timedelta(days=rng.randint(0, min(span, 900)))
    return datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59)))


def _hubspot_date(rng: random.Random, moment: datetime) -> str:
    # Some rows came in through an import that kept the sheet's US format.
    return us_datetime(moment) if rng.random() < 0.4 else moment.strftime("%Y-%m-%d %H:%M")


def render_hubspot(ctx: ExportContext) -> bytes:
    """``sales/hubspot-contacts.csv``: UTF-8 with BOM, CRLF, every value quoted."""
    rng = ctx.rng("hubspot")
    people = ctx.population.in_source("hubspot")
    duplicated = set(p.entity_id for p in rng.sample(people, min(5, len(people))))
    typo_people = set(p.entity_id for p in rng.sample(people, max(3, len(people) // 18)))
    test_email = [p.entity_id for p in rng.sample(people, 2)]
    zero_phone = rng.choice(people).entity_id
    with_unit = [p for p in people if p.address.unit]
    newline_street = (with_unit[0] if with_unit else people[0]).entity_id

    records: list[tuple[datetime, Person, list[str]]] = []
    for person in people:
        created = _moment(rng, person)
        row = _hubspot_row(rng, person, created, variant=0, typo=person.entity_id in typo_people)
        if person.entity_id in test_email:
            row[3] = "test@test.com"
        if person.entity_id == zero_phone:
            row[4] = "0000000000"
        if person.entity_id == newline_street:
            row[6] = person.address.line1() + "\n" + (person.address.unit or "Apt 2")
        records.append((created, person, row))
        if person.entity_id in duplicated:
            later = created + timedelta(days=rng.randint(30, 400), minutes=rng.randint(0, 600))
            later = min(later, datetime.combine(EXPORT_DATE, time(8, 0)))
            dup = _hubspot_row(rng, person, later, variant=1, typo=False)
            records.append((later, person, dup))

    # Record IDs grow with creation time, with gaps from deleted and merged contacts.
    records.sort(key=lambda r: (r[0], r[1].entity_id))
    next_id = 31_000_000_000 + rng.randint(0, 5_000_000)
    rows: list[list[str]] = [list(HUBSPOT_HEADER)]
    for _, person, row in records:
        next_id += rng.randint(1_000, 4_000_000)
        row[0] = str(next_id)
        ctx.truth.add("hubspot", row[0], person.entity_id)
        rows.append(row)
    text = csv_text(rows, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _hubspot_row(
    rng: random.Random, person: Person, created: datetime, *, variant: int, typo: bool
) -> list[str]:
    first = person.nickname if person.nickname and rng.random() < 0.4 else person.given_name
    last = person.family_name
    if variant == 1 and person.nickname:
        first = person.nickname if first == person.given_name else person.given_name
    if typo:
        if rng.random() < 0.5:
            first = transpose_typo(rng, first)
        else:
            last = drop_typo(rng, last) if len(last) > 4 else transpose_typo(rng, last)
    roll = rng.random()
    if roll < 0.03:
        first, last = first.upper(), last.upper()
    elif roll < 0.06:
        first, last = first.lower(), last.lower()

    emails = list(person.emails)
    if person.work_email and rng.random() < 0.45:
        emails.reverse()
    if variant == 1:
        # The duplicate came from a later form fill with the other (or a mistyped) address.
        emails = emails[1:] + emails[:1] if len(emails) > 1 else [email_typo(rng, emails[0])]
    primary, additional = emails[0], emails[1:]
    if variant == 0 and rng.random() < 0.08:
        local, _, domain = person.personal_email.partition("@")
        additional.append(f"{local}+northwind@{domain}")
    if typo and rng.random() < 0.5:
        primary = email_typo(rng, primary)
    if rng.random() < 0.06:
        primary = primary.upper()

    main_phone = person.landline or person.mobile
    phone_cell = phone(main_phone, rng.choice(["paren", "dash", "dot", "plus_space", "e164"]))
    mobile_cell = ""
    if person.landline and rng.random() < 0.7:
        mobile_cell = phone(person.mobile, rng.choice(["plus_space", "dot", "raw", "paren"]))
    if variant == 1 and rng.random() < 0.6:
        phone_cell = mobile_cell = ""

    address = person.address
    street, city, state, zip_code, country = "", "", "", "", ""
    if variant == 0 or rng.random() < 0.3:
        street = address.street_line(long_type=rng.random() < 0.3)
        city = address.city
        state = address.state if rng.random() < 0.6 else address.state_name
        zip_code = address.zip + (f"-{rng.randint(1000, 9999)}" if rng.random() < 0.1 else "")
        country = rng.choices(["United States", "USA", "US", ""], weights=[6, 2, 1, 1], k=1)[0]

    handle = ""
    if person.twitter_handle and variant == 0 and rng.random() < 0.75:
        handle = rng.choice(
            [person.twitter_handle, "@" + person.twitter_handle, person.twitter_handle.lower()]
        )
    modified = created + timedelta(days=rng.randint(0, 500), minutes=rng.randint(1, 900))
    modified = min(modified, datetime.combine(EXPORT_DATE, time(7, 45)))
    lifecycle = "Subscriber" if variant == 1 else _pick(rng, _LIFECYCLE)
    return [
        "",
        first,
        last,
        primary,
        phone_cell,
        mobile_cell,
        street,
        city,
        state,
        zip_code,
        country,
        lifecycle,
        "" if variant == 1 else _pick(rng, _LEAD_STATUS),
        handle,
        ";".join(additional),
        (person.employer or "") if primary == person.work_email else "",
        "Marketing contact" if rng.random() < 0.7 else "Non-marketing contact",
        _hubspot_date(rng, created),
        _hubspot_date(rng, modified),
        rng.choice(voc.STAFF) if rng.random() < 0.7 else "",
    ]


def render_salesforce(ctx: ExportContext) -> bytes:
    """``sales/salesforce-contacts.csv``: a Salesforce "Export Details" report, cp1252.

    Every value is double-quoted; the data is followed by Salesforce's report footer.
    """
    rng = ctx.rng("salesforce")
    people = ctx.population.in_source("salesforce")
    used: set[str] = set()

    def new_id15() -> str:
        while True:
            candidate = salesforce_id15(rng)
            if candidate.lower() not in used:
                used.add(candidate.lower())
                return candidate

    # Work contacts get a second contact under their employer's account: an in-silo duplicate.
    workers = [p for p in people if p.employer]
    duplicated = {p.entity_id for p in rng.sample(workers, min(2, len(workers)))}
    short_ids = {p.entity_id for p in rng.sample(people[2:], min(3, len(people) - 2))}
    float_phone, sci_phone = (p.entity_id for p in rng.sample(people, 2))
    with_unit = [p for p in people if (p.previous_address or p.address).unit]
    multiline = with_unit[-1].entity_id if with_unit else ""

    entries: list[tuple[str, Person, bool]] = []
    for person in people:
        entries.append((new_id15(), person, False))
        if person.entity_id in duplicated:
            entries.append((new_id15(), person, True))
    # Two different contacts whose 15-character ids differ only in letter case: only the
    # case-safe 18-character form tells them apart once case is folded.
    if len(entries) >= 4:
        twin_source = entries[1][0]
        twin = twin_source[:10] + twin_source[10:].swapcase()
        if twin == twin_source:
            twin = twin_source[:10] + "aBcDe"
        victim = next(
            i
            for i in range(len(entries) - 1, 1, -1)
            if not entries[i][2] and entries[i][1].entity_id not in short_ids
        )
        entries[victim] = (twin, entries[victim][1], False)

    rows: list[list[str]] = [list(SALESFORCE_HEADER)]
    for id15, person, work_contact in entries:
        id18 = salesforce_id18(id15)
        ctx.salesforce_ids.setdefault(person.entity_id, id18)
        shown = id15 if person.entity_id in short_ids and not work_contact else id18
        # The truth names the canonical 18-character id: that is the record id cxm stores.
        ctx.truth.add("salesforce", id18, person.entity_id)
        rows.append(
            _salesforce_row(
                rng,
                person,
                shown,
                work_contact=work_contact,
                float_phone=person.entity_id == float_phone and not work_contact,
                sci_phone=person.entity_id == sci_phone and not work_contact,
                multiline=person.entity_id == multiline and not work_contact,
            )
        )
    count = len(rows) - 1
    body = csv_text(rows, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    footer = (
        "\r\n"
        f'"Grand Totals ({count} records)"\r\n'
        "\r\n"
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n'
        '"Confidential Information - Do Not Distribute"\r\n'
        '"Generated By:  Dana Whitfield  11/20/2026 9:14 AM"\r\n'
        '"Northwind Outfitters"\r\n'
    )
    return (body + footer).encode("cp1252")


def _salesforce_row(
    rng: random.Random,
    person: Person,
    contact_id: str,
    *,
    work_contact: bool,
    float_phone: bool,
    sci_phone: bool,
    multiline: bool,
) -> list[str]:
    address = person.previous_address or person.address
    if work_contact or (person.employer and rng.random() < 0.5):
        account, title = person.employer or "", person.job_title or ""
        email = person.work_email or person.personal_email
    else:
        account = (
            f"{person.family_name} Household"
            if rng.random() < 0.55
            else "Northwind Outfitters - Individual Customers"
        )
        title, email = "", person.personal_email
    main = person.landline or person.mobile
    phone_cell = phone(main, "paren")
    if float_phone:
        phone_cell = f"1{main}.0"
    elif sci_phone:
        phone_cell = f"{int('1' + main) / 1e10:.10f}".rstrip("0") + "E+10"
    mobile_cell = phone(person.mobile, "paren") if person.landline and rng.random() < 0.6 else ""
    street = address.street_line(long_type=rng.random() < 0.5)
    if multiline:
        street = address.line1() + "\n" + address.unit
    birth = person.birthdate
    return [
        contact_id,
        person.given_name,
        person.family_name,
        account,
        title,
        email,
        phone_cell,
        mobile_cell,
        street,
        address.city,
        address.state,
        address.zip,
        rng.choice(["United States", "United States", "US"]),
        us_date(birth) if birth and rng.random() < 0.75 else "",
        rng.choice(_LEAD_SOURCE),
        us_date(min(person.since + timedelta(days=rng.randint(0, 60)), EXPORT_DATE)),
        rng.choice(voc.STAFF),
    ]
