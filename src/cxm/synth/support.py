"""Support exports from Zendesk: users (NDJSON), tickets (JSON array) and an older tickets CSV.

The help desk knows people by whatever they typed in an email signature (``Bob``), by the name
Zendesk invents for a phone-only caller (``Caller +1 (303) 555-0123``) or by the local part of
their email. Some users carry the Salesforce Contact ID as ``external_id``: a real link between
systems. The 2023 CSV export predates a clean-up, so it has requesters that no longer exist.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Final

from cxm.synth import vocabulary as voc
from cxm.synth.formats import EXPORT_DATE, csv_text, iso_z, phone
from cxm.synth.population import Person
from cxm.synth.truth import ExportContext

BRAND_DOMAIN: Final[str] = "northwindoutfitters.com"
SUBDOMAIN_URL: Final[str] = "https://northwindoutfitters.zendesk.com/api/v2"

TICKETS_CSV_HEADER: Final[tuple[str, ...]] = (
    "Summation column",
    "Id",
    "Requester",
    "Requester id",
    "Requester external id",
    "Requester email",
    "Requester domain",
    "Submitter",
    "Assignee",
    "Group",
    "Subject",
    "Tags",
    "Status",
    "Priority",
    "Via",
    "Ticket type",
    "Created at",
    "Updated at",
    "Assigned at",
    "Organization",
    "Due date",
    "Initially assigned at",
    "Solved at",
    "Resolution time",
    "Satisfaction Score",
    "Group stations",
    "Assignee stations",
    "Reopens",
    "Replies",
    "First reply time in minutes",
    "First reply time in minutes within business hours",
    "First resolution time in minutes",
    "First resolution time in minutes within business hours",
    "Full resolution time in minutes",
    "Full resolution time in minutes within business hours",
    "Agent wait time in minutes",
    "Agent wait time in minutes within business hours",
    "Requester wait time in minutes",
    "Requester wait time in minutes within business hours",
    "On hold time in minutes",
    "On hold time in minutes within business hours",
)
"""Zendesk's CSV ticket export header (Admin Center > Account > Tools > Reports > Export)."""

_CHANNELS: Final[tuple[tuple[str, float], ...]] = (
    ("email", 0.5),
    ("web", 0.25),
    ("voice", 0.1),
    ("chat", 0.1),
    ("api", 0.05),
)
_CSV_VIA: Final[dict[str, str]] = {
    "email": "Mail",
    "web": "Web form",
    "voice": "Phone call (inbound)",
    "chat": "Chat",
    "api": "API",
}
_GROUPS: Final[tuple[tuple[int, str], ...]] = (
    (360001234511, "Customer Care"),
    (360001234512, "Returns & Warranty"),
)


@dataclass
class _User:
    person: Person | None
    user_id: int
    name: str
    email: str | None
    phone: str | None
    external_id: str | None
    role: str
    created: datetime
    legacy_only: bool


def _agents() -> list[_User]:
    agents = []
    for index, name in enumerate(voc.STAFF):
        local = name.lower().replace(" ", ".")
        agents.append(
            _User(
                None,
                361_500_000_100 + index * 7,
                name,
                f"{local}@{BRAND_DOMAIN}",
                None,
                None,
                "admin" if index == 0 else "agent",
                datetime(2019, 4, 2, 16, 0) + timedelta(days=index * 40),
                legacy_only=False,
            )
        )
    return agents


def _display_name(
    rng: random.Random, person: Person, email: str | None, phone_e164: str | None
) -> str:
    roll = rng.random()
    if email is None and phone_e164:
        # Zendesk names a user created from an inbound call after the caller's number.
        return f"Caller +1 {phone(phone_e164[2:], 'paren')}"
    if roll < 0.5:
        return person.full_name
    if roll < 0.8:
        return f"{person.informal_given} {person.family_name}"
    if roll < 0.9 and email:
        return email.split("@")[0]
    return person.informal_given.lower()


def _plan_users(ctx: ExportContext, rng: random.Random) -> list[_User]:
    users: list[_User] = []
    used: set[int] = set()
    people = ctx.population.in_source("zendesk")
    na_person = rng.choice(people).entity_id
    for person in people:
        legacy_only = rng.random() < 0.18
        while True:
            user_id = (
                rng.randint(361_600_000_000, 399_999_999_999)
                if legacy_only
                else rng.randint(10_000_000_000_000, 19_999_999_999_999)
            )
            if user_id not in used:
                used.add(user_id)
                break
        email: str | None = (
            person.work_email if person.work_email and rng.random() < 0.3 else person.personal_email
        )
        if rng.random() < 0.06:
            email = None
        phone_e164 = f"+1{person.mobile}" if email is None or rng.random() < 0.45 else None
        name = _display_name(rng, person, email, phone_e164)
        if person.entity_id == na_person and email:
            name = "n/a"
        external = None
        sf_id = ctx.salesforce_ids.get(person.entity_id)
        if sf_id and rng.random() < 0.6:
            # The 2023 integration stored the 15-character id, the current one the 18-character id.
            external = sf_id[:15] if legacy_only else sf_id
        start = datetime.combine(person.since, time(9, 0))
        created = start + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 600))
        created = min(created, datetime.combine(EXPORT_DATE, time(5, 0)) - timedelta(days=3))
        users.append(
            _User(
                person, user_id, name, email, phone_e164, external, "end-user", created, legacy_only
            )
        )
    return users


def render_zendesk(ctx: ExportContext) -> tuple[bytes, bytes, bytes]:
    """``support/``: ``zendesk-users.json`` (NDJSON), ``zendesk-tickets.json`` and ``-2023.csv``."""
    rng = ctx.rng("zendesk")
    agents = _agents()
    users = _plan_users(ctx, rng)
    system_user = _User(
        None,
        361_500_000_999,
        "Northwind Outfitters",
        f"noreply@{BRAND_DOMAIN}",
        None,
        None,
        "end-user",
        datetime(2019, 4, 2, 16, 5),
        legacy_only=False,
    )
    current = [u for u in users if not u.legacy_only]
    lines = []
    for user in sorted([*agents, system_user, *current], key=lambda u: u.user_id):
        if user.person is not None:
            ctx.truth.add("zendesk", str(user.user_id), user.person.entity_id)
            ctx.zendesk_user_ids[user.person.entity_id] = str(user.user_id)
        lines.append(json.dumps(_user_json(rng, user), ensure_ascii=False))
    users_ndjson = ("\n".join(lines) + "\n").encode("utf-8")

    # Ticket ids grow with creation time; an automated notification that landed in the queue is
    # requested by the brand's own no-reply address.
    planned: list[tuple[datetime, int, _User]] = []
    for user in [*current, system_user]:
        for _ in range(rng.choices([1, 2, 3], weights=[60, 30, 10], k=1)[0]):
            created = user.created + timedelta(
                days=rng.randint(0, 500), minutes=rng.randint(0, 900)
            )
            created = min(created, datetime.combine(EXPORT_DATE, time(3, 0)) - timedelta(days=1))
            planned.append((created, user.user_id, user))
    planned.sort(key=lambda t: (t[0], t[1]))
    tickets = []
    ticket_id = 24_000
    for created, _, user in planned:
        ticket_id += rng.randint(1, 40)
        tickets.append(_ticket_json(ctx, rng, ticket_id, created, user, agents))
    tickets_json = (json.dumps(tickets, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    csv_rows: list[list[str]] = [list(TICKETS_CSV_HEADER)]
    old_requesters = [u for u in users if u.legacy_only or rng.random() < 0.45]
    old_tickets: list[tuple[datetime, int, _User]] = []
    for user in old_requesters:
        assert user.person is not None
        ctx.truth.add("zendesk", str(user.user_id), user.person.entity_id)
        for _ in range(rng.choices([1, 2], weights=[75, 25], k=1)[0]):
            created = datetime(2023, 1, 2, 8, 0) + timedelta(
                days=rng.randint(0, 360), minutes=rng.randint(0, 600)
            )
            old_tickets.append((created, user.user_id, user))
    old_tickets.sort(key=lambda t: (t[0], t[1]))
    old_id = 9_100
    for created, _, user in old_tickets:
        old_id += rng.randint(1, 25)
        csv_rows.append(_csv_ticket(rng, old_id, created, user, agents))
    tickets_csv = csv_text(csv_rows, lineterminator="\n").encode("utf-8")
    return users_ndjson, tickets_json, tickets_csv


def _user_json(rng: random.Random, user: _User) -> dict[str, Any]:
    updated = user.created + timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 900))
    updated = min(updated, datetime.combine(EXPORT_DATE, time(4, 0)))
    staff = user.role != "end-user"
    return {
        "id": user.user_id,
        "url": f"{SUBDOMAIN_URL}/users/{user.user_id}.json",
        "name": user.name,
        "email": user.email,
        "created_at": iso_z(user.created),
        "updated_at": iso_z(updated),
        "time_zone": "Mountain Time (US & Canada)",
        "iana_time_zone": "America/Denver",
        "phone": user.phone,
        "shared_phone_number": None if user.phone is None else False,
        "photo": None,
        "locale_id": 1,
        "locale": "en-US",
        "organization_id": None,
        "role": user.role,
        "verified": staff or rng.random() < 0.7,
        "external_id": user.external_id,
        "tags": [] if staff else rng.choice([[], [], ["vip"], ["wholesale"], ["loyalty_member"]]),
        "alias": "",
        "active": True,
        "shared": False,
        "shared_agent": False,
        "last_login_at": iso_z(updated) if staff or rng.random() < 0.3 else None,
        "two_factor_auth_enabled": None,
        "signature": None,
        "details": "",
        "notes": "",
        "role_type": None,
        "custom_role_id": None,
        "moderator": staff,
        "ticket_restriction": None if staff else "requested",
        "only_private_comments": False,
        "restricted_agent": not staff,
        "suspended": False,
        "default_group_id": _GROUPS[0][0] if staff else None,
        "report_csv": staff,
        "user_fields": {"loyalty_number": None},
    }


def _subject(ctx: ExportContext, rng: random.Random, person: Person | None) -> tuple[str, str]:
    subject, body = rng.choice(voc.SUPPORT_SUBJECTS)
    orders = ctx.orders.get(person.entity_id, []) if person else []
    order = rng.choice(orders) if orders else f"#{rng.randint(1001, 1300)}"
    product = rng.choice([p for p in voc.PRODUCTS if not p[1].startswith("NW-GIFT")])[0]
    return subject, body.format(order=order, product=product)


def _ticket_json(
    ctx: ExportContext,
    rng: random.Random,
    ticket_id: int,
    created: datetime,
    user: _User,
    agents: list[_User],
) -> dict[str, Any]:
    updated = min(
        created + timedelta(hours=rng.randint(1, 200)), datetime.combine(EXPORT_DATE, time(4, 0))
    )
    channel = rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS], k=1)[0]
    if user.email is None:
        channel = "voice"
    if user.person is None:
        channel = "api"
    subject, body = _subject(ctx, rng, user.person)
    if user.person is None:
        subject, body = (
            "Order #1187 could not be captured",
            "Payment capture failed. This is an automated message.",
        )
    agent = rng.choice(agents)
    status = rng.choices(
        ["closed", "solved", "open", "pending", "hold", "new"], [45, 25, 12, 10, 3, 5]
    )[0]
    score = "unoffered"
    comment = None
    if status in {"closed", "solved"} and user.person is not None:
        score = rng.choices(["good", "bad", "offered", "unoffered"], [45, 10, 30, 15])[0]
        if score == "good" and rng.random() < 0.4:
            comment = rng.choice(
                ["Super quick, thank you!", "Dana was great.", "Problem solved 👍"]
            )
        elif score == "bad":
            comment = rng.choice(["Took a week to hear back.", "Still no refund."])
    source: dict[str, Any] = {"from": {}, "to": {}, "rel": None}
    if channel == "email" and user.email:
        source["from"] = {"address": user.email, "name": user.name}
        source["to"] = {"name": "Northwind Outfitters", "address": f"support@{BRAND_DOMAIN}"}
    elif channel == "voice" and user.phone:
        source["from"] = {"phone": user.phone, "formatted_phone": phone(user.phone[2:], "paren")}
    submitter = user.user_id if channel != "voice" else agent.user_id
    tags = sorted(
        {rng.choice(["shipping", "returns", "warranty", "sizing", "refund", "loyalty"])}
        | ({"vip"} if rng.random() < 0.05 else set())
    )
    return {
        "url": f"{SUBDOMAIN_URL}/tickets/{ticket_id}.json",
        "id": ticket_id,
        "external_id": None,
        "via": {"channel": channel, "source": source},
        "created_at": iso_z(created),
        "updated_at": iso_z(updated),
        "type": rng.choice(["question", "incident", "problem", None]),
        "subject": subject,
        "raw_subject": subject,
        "description": body,
        "priority": rng.choice(["low", "normal", "normal", "high", "urgent", None]),
        "status": status,
        "recipient": f"support@{BRAND_DOMAIN}" if channel == "email" else None,
        "requester_id": user.user_id,
        "submitter_id": submitter,
        "assignee_id": agent.user_id if status != "new" else None,
        "organization_id": None,
        "group_id": rng.choice(_GROUPS)[0],
        "collaborator_ids": [],
        "follower_ids": [],
        "email_cc_ids": [],
        "forum_topic_id": None,
        "problem_id": None,
        "has_incidents": False,
        "is_public": True,
        "due_at": None,
        "tags": tags,
        "custom_fields": [],
        "satisfaction_rating": {"score": score, "comment": comment}
        if comment
        else {"score": score},
        "sharing_agreement_ids": [],
        "fields": [],
        "followup_ids": [],
        "ticket_form_id": 360000112233,
        "brand_id": 360000045678,
        "allow_channelback": False,
        "allow_attachments": True,
        "from_messaging_channel": False,
    }


def _csv_ticket(
    rng: random.Random, ticket_id: int, created: datetime, user: _User, agents: list[_User]
) -> list[str]:
    channel = (
        "voice"
        if user.email is None
        else rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])[0]
    )
    agent = rng.choice(agents)
    reply = rng.randint(4, 2400)
    full = reply + rng.randint(10, 9000)
    solved = created + timedelta(minutes=full)
    subject, _ = rng.choice(voc.SUPPORT_SUBJECTS)
    score = rng.choices(["Good", "Bad", "Offered", "Not Offered"], [40, 8, 30, 22])[0]
    fmt = "%Y-%m-%d %H:%M"
    email = user.email or ""
    group = rng.choice(_GROUPS)[1]
    name = user.name
    if user.person is not None and rng.random() < 0.3:
        name = user.person.informal_given.lower()  # before the names were cleaned up
    return [
        "1",
        str(ticket_id),
        name,
        str(user.user_id),
        user.external_id or "",
        email,
        email.split("@")[1] if email else "",
        name if channel != "voice" else agent.name,
        agent.name,
        group,
        subject,
        " ".join(sorted({rng.choice(["shipping", "returns", "warranty", "sizing", "refund"])})),
        "Closed",
        rng.choice(["Low", "Normal", "Normal", "High", "Urgent"]),
        _CSV_VIA[channel],
        rng.choice(["Question", "Incident", "Problem", "-"]),
        created.strftime(fmt),
        (solved + timedelta(days=4)).strftime(fmt),
        (created + timedelta(minutes=rng.randint(1, reply))).strftime(fmt),
        "",
        "",
        (created + timedelta(minutes=rng.randint(1, reply))).strftime(fmt),
        solved.strftime(fmt),
        str(max(0, (solved - created).days)),
        score,
        str(rng.randint(1, 2)),
        str(rng.randint(1, 2)),
        str(rng.choice([0, 0, 0, 1])),
        str(rng.randint(1, 5)),
        str(reply),
        str(int(reply * 0.6)),
        str(full),
        str(int(full * 0.6)),
        str(full),
        str(int(full * 0.6)),
        str(rng.randint(0, reply)),
        str(rng.randint(0, reply // 2)),
        str(rng.randint(0, full)),
        str(rng.randint(0, full // 2)),
        "0",
        "0",
    ]
