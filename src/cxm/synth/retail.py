"""Retail export: the in-house POS loyalty programme, a format no built-in connector knows.

Cashiers type members in at the till: names as ``Garcia, Maria`` or ``MARIA GARCIA``, mobiles in
whatever format, day-first birthdays, and the store's own ``info@`` address when a customer will
not give theirs (so several different members share one email).
"""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Final

from cxm.synth import vocabulary as voc
from cxm.synth.formats import EXPORT_DATE, csv_text, phone
from cxm.synth.truth import ExportContext

LOYALTY_HEADER: Final[tuple[str, ...]] = (
    "member_no",
    "full_name",
    "email_address",
    "mobile",
    "birthday",
    "joined",
    "points",
    "home_store",
)
STORE_EMAIL: Final[str] = "info@northwindoutfitters.com"
_HOME_STORES: Final[dict[str, tuple[str, ...]]] = {"CO": voc.STORES[:2], "OR": voc.STORES[2:4]}


def render_loyalty(ctx: ExportContext) -> bytes:
    """``retail/loyalty-members.csv``: ``;``-delimited, UTF-8 without BOM, LF."""
    rng = ctx.rng("loyalty")
    people = ctx.population.in_source("loyalty")
    store_email = {p.entity_id for p in rng.sample(people, min(3, len(people)))}
    zero_mobile = {p.entity_id for p in rng.sample(people, min(2, len(people)))}
    rows: list[list[str]] = [list(LOYALTY_HEADER)]
    joined_on = {
        p.entity_id: min(p.since + timedelta(days=rng.randint(0, 200)), EXPORT_DATE) for p in people
    }
    members = sorted(people, key=lambda p: (joined_on[p.entity_id], p.entity_id))
    number = 40_010_000
    for person in members:
        number += rng.randint(1, 60)
        joined = joined_on[person.entity_id]
        member_no = str(number)
        ctx.truth.add("loyalty", member_no, person.entity_id)
        given = person.informal_given if rng.random() < 0.35 else person.given_name
        style = rng.random()
        if style < 0.4:
            full_name = f"{person.family_name}, {given}"
        elif style < 0.55:
            full_name = f"{given} {person.family_name}".upper()
        else:
            full_name = f"{given} {person.family_name}"
        email = person.personal_email if rng.random() < 0.75 else ""
        if person.entity_id in store_email:
            email = STORE_EMAIL
        mobile = phone(
            person.mobile, rng.choice(["raw", "dash", "paren", "dot", "one_raw", "plus_space"])
        )
        if person.entity_id in zero_mobile:
            mobile = "0000000000"
        birthday = (
            person.birthdate.strftime("%d/%m/%Y") if person.birthdate and rng.random() < 0.7 else ""
        )
        rows.append(
            [
                member_no,
                full_name,
                email,
                mobile,
                birthday,
                joined.isoformat(),
                str(rng.randint(0, 4200)),
                rng.choice(_HOME_STORES.get(person.address.state, voc.STORES[:4])),
            ]
        )
    return csv_text(rows, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n").encode(
        "utf-8"
    )
