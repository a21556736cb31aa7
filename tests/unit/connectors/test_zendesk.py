"""Zendesk connectors: users (staff excluded, big ids exact), tickets in every JSON shape
(satisfaction mapping, join by requester id) and the CSV ticket export (BOM, CRLF, Via labels)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import IngestReport, ingest

BIG = 9007199254740993  # 2^53 + 1: a float64 would read it as ...992
AGENT = 361500000107

TICKETS_CSV_HEADER = [
    "Summation column", "Id", "Requester", "Requester id", "Requester external id",
    "Requester email", "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags",
    "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at", "Assigned at",
    "Organization", "Due date", "Initially assigned at", "Solved at", "Resolution time",
    "Satisfaction Score", "Group stations", "Assignee stations", "Reopens", "Replies",
    "First reply time in minutes", "First reply time in minutes within business hours",
    "First resolution time in minutes", "First resolution time in minutes within business hours",
    "Full resolution time in minutes", "Full resolution time in minutes within business hours",
    "Agent wait time in minutes", "Agent wait time in minutes within business hours",
    "Requester wait time in minutes", "Requester wait time in minutes within business hours",
    "On hold time in minutes", "On hold time in minutes within business hours",
]  # fmt: skip


def _user(user_id: int, name: str, role: str = "end-user", **values: Any) -> dict[str, Any]:
    return {
        "id": user_id,
        "url": f"https://example.zendesk.com/api/v2/users/{user_id}.json",
        "name": name,
        "email": None,
        "created_at": "2019-04-02T16:00:00Z",
        "updated_at": "2020-06-08T22:46:00Z",
        "time_zone": "Mountain Time (US & Canada)",
        "phone": None,
        "locale": "en-US",
        "organization_id": None,
        "role": role,
        "verified": True,
        "external_id": None,
        "tags": [],
        "suspended": False,
        "user_fields": {"loyalty_number": None},
        **values,
    }


def _ticket(ticket_id: int, requester_id: int, score: str | None, **values: Any) -> dict[str, Any]:
    return {
        "url": f"https://example.zendesk.com/api/v2/tickets/{ticket_id}.json",
        "id": ticket_id,
        "external_id": None,
        "via": {"channel": "email", "source": {"from": {}, "to": {}, "rel": None}},
        "created_at": "2024-05-01T14:03:00Z",
        "updated_at": "2024-05-02T09:00:00Z",
        "type": "question",
        "subject": f"Ticket {ticket_id}",
        "description": "Where is my order?",
        "priority": "normal",
        "status": "solved",
        "requester_id": requester_id,
        "submitter_id": requester_id,
        "assignee_id": AGENT,
        "tags": ["shipping", "order"],
        "custom_fields": [{"id": 1, "value": None}],
        "satisfaction_rating": None if score is None else {"score": score},
        **values,
    }


USERS = [
    _user(361500000100, "Dana Whitfield", "admin", email="dana@northwind.example"),
    _user(AGENT, "Marcus Oyelaran", "agent", email="marcus@northwind.example"),
    _user(
        BIG,
        "Bob Smith",
        email=" Bob.Smith@Example.com",
        phone="+1 (303) 555-0123",
        external_id="0035g00000tkXMDAA2",
    ),
    _user(361500000200, "Caller +1 (720) 555-0101", phone="+17205550101"),
]

TICKETS = [
    _ticket(101, BIG, "good", via={"channel": "web"}),
    _ticket(102, BIG, "bad", priority="urgent"),
    _ticket(
        103, 361500000200, "offered", via={"channel": "voice"}, description="Called about a refund"
    ),
    _ticket(104, 361500000200, "unoffered"),
    _ticket(BIG, 361500000200, None),
]


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _ingest(tmp_path: Path, *paths: Path) -> tuple[IngestReport, Lake]:
    settings = Settings(home=tmp_path / "home")
    return ingest(list(paths), settings), Lake(settings.lake_dir)


def _ndjson(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _by(frame: pl.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


@pytest.mark.parametrize("shape", ["ndjson", "array", "object"])
def test_users_staff_excluded_and_big_ids_exact(tmp_path: Path, shape: str) -> None:
    text = {
        "ndjson": _ndjson(USERS),
        "array": json.dumps(USERS, indent=2),
        "object": json.dumps(
            {"users": USERS, "next_page": None, "previous_page": None, "count": 4}
        ),
    }[shape]
    path = _write(tmp_path, "users.json", text)
    report, lake = _ingest(tmp_path, path)
    result = report.files[0]
    assert result.connector == "zendesk_users"
    assert result.batch is not None
    assert (result.batch.rows_read, result.batch.rows_staged, result.batch.rows_quarantined) == (
        4,
        2,
        2,
    )

    people = _by(lake.read("identity_record"), "record_id")
    assert sorted(people) == ["361500000200", "9007199254740993"]
    bob = people["9007199254740993"]
    assert (bob["source"], bob["connector"], bob["department"]) == (
        "zendesk",
        "zendesk_users",
        "support",
    )
    assert (bob["full_name"], bob["given_name"], bob["family_name"]) == (
        "Bob Smith",
        "Bob",
        "Smith",
    )
    assert bob["emails"] == ["bob.smith@example.com"]
    assert bob["phones"] == ["+13035550123"]
    assert bob["external_ids"] == ["0035g00000tkXMDAA2"]
    assert bob["created_at"] == datetime(2019, 4, 2, 16, 0, tzinfo=UTC)
    assert json.loads(bob["attributes"])["role"] == "end-user"
    assert people["361500000200"]["phones"] == ["+17205550101"]

    quarantine = lake.read("quarantine").sort("row")
    assert quarantine["row"].to_list() == [1, 2]
    assert quarantine["field"].to_list() == ["role", "role"]
    assert quarantine["reason"].to_list() == [
        "excluded: staff account (Zendesk agent or admin), not a customer (role = 'admin')",
        "excluded: staff account (Zendesk agent or admin), not a customer (role = 'agent')",
    ]
    assert quarantine["file"].to_list() == [str(path), str(path)]
    assert json.loads(quarantine["raw"][1])["id"] == AGENT


@pytest.mark.parametrize("shape", ["array", "object", "ndjson"])
def test_tickets_every_json_shape_and_satisfaction(tmp_path: Path, shape: str) -> None:
    text = {
        "array": json.dumps(TICKETS, indent=2),
        "object": json.dumps(
            {"tickets": TICKETS, "next_page": None, "previous_page": None, "count": 5}
        ),
        "ndjson": _ndjson(TICKETS),
    }[shape]
    report, lake = _ingest(tmp_path, _write(tmp_path, "tickets.json", text))
    result = report.files[0]
    assert result.connector == "zendesk_tickets"
    assert result.batch is not None
    assert (result.batch.rows_read, result.batch.rows_staged, result.batch.rows_quarantined) == (
        5,
        5,
        0,
    )
    assert lake.read("identity_record").height == 0

    events = _by(lake.read("interaction"), "interaction_id")
    assert sorted(events) == [
        "ticket/101",
        "ticket/102",
        "ticket/103",
        "ticket/104",
        "ticket/9007199254740993",
    ]
    good = events["ticket/101"]
    assert (good["kind"], good["source"], good["department"]) == ("ticket", "zendesk", "support")
    assert (good["record_id"], good["title"], good["text"]) == (
        "9007199254740993",
        "Ticket 101",
        "Where is my order?",
    )
    assert (good["status"], good["channel"]) == ("solved", "web")
    assert good["occurred_at"] == datetime(2024, 5, 1, 14, 3, tzinfo=UTC)
    satisfaction = {key: event["satisfaction"] for key, event in events.items()}
    assert satisfaction == {
        "ticket/101": 1.0,
        "ticket/102": 0.0,
        "ticket/103": None,
        "ticket/104": None,
        "ticket/9007199254740993": None,
    }
    urgent = json.loads(events["ticket/102"]["attributes"])
    assert (urgent["priority"], urgent["tags"], urgent["type"]) == (
        "urgent",
        ["shipping", "order"],
        "question",
    )
    assert events["ticket/103"]["channel"] == "voice"


def test_tickets_join_their_requester_by_record_id(tmp_path: Path) -> None:
    users = _write(tmp_path, "users.json", _ndjson(USERS))
    tickets = _write(tmp_path, "tickets.json", json.dumps(TICKETS))
    _, lake = _ingest(tmp_path, users, tickets)
    people = lake.read("identity_record").select("source", "record_id", "full_name")
    events = lake.read("interaction").select("source", "record_id", "interaction_id")
    joined = events.join(people, on=["source", "record_id"], how="left").sort("interaction_id")
    assert joined["full_name"].to_list() == [
        "Bob Smith",
        "Bob Smith",
        "Caller +1 (720) 555-0101",
        "Caller +1 (720) 555-0101",
        "Caller +1 (720) 555-0101",
    ]


def _csv_ticket(
    ticket_id: str, requester_id: str, name: str, email: str, **values: str
) -> dict[str, str]:
    return {
        "Summation column": "1",
        "Id": ticket_id,
        "Requester": name,
        "Requester id": requester_id,
        "Requester email": email,
        "Requester domain": email.split("@")[-1],
        "Assignee": "Priya Raman",
        "Group": "Customer Care",
        "Subject": "Return request",
        "Tags": "returns shipping",
        "Status": "Closed",
        "Priority": "Normal",
        "Via": "Mail",
        "Ticket type": "Question",
        "Created at": "2023-01-02 12:49",
        "Updated at": "2023-01-12 12:25",
        "Satisfaction Score": "Not Offered",
        **values,
    }


def test_tickets_csv_requesters_and_tickets(tmp_path: Path) -> None:
    rows = [
        _csv_ticket("9120", "19687327705844123", "Brian Wright", "wright.brian@gmail.com", **{
            "Requester external id": "0035g00000tkXMDAA2", "Satisfaction Score": "Good",
            "Via": "Web form",
        }),
        _csv_ticket("9121", "19687327705844123", "brian", "wright.brian@gmail.com", **{
            "Satisfaction Score": "Bad", "Via": "Phone call (inbound)", "Priority": "Urgent",
        }),
        _csv_ticket("9122", "16185018749438", "Tori Nelson", "victoria_nelson@hotmail.com", **{
            "Satisfaction Score": "Offered", "Via": "Carrier pigeon",
        }),
        _csv_ticket("9123", "16185018749438", "Tori Nelson", "victoria_nelson@hotmail.com", **{
            "Created at": "someday",
        }),
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TICKETS_CSV_HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = _write(tmp_path, "tickets.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))
    report, lake = _ingest(tmp_path, path)
    result = report.files[0]
    assert result.connector == "zendesk_tickets_csv"
    assert result.batch is not None
    assert (result.batch.rows_read, result.batch.rows_staged, result.batch.rows_quarantined) == (
        4,
        3,
        1,
    )

    people = _by(lake.read("identity_record"), "record_id")
    assert sorted(people) == ["16185018749438", "19687327705844123"]
    brian = people["19687327705844123"]
    assert (brian["source"], brian["connector"]) == ("zendesk", "zendesk_tickets_csv")
    assert brian["emails"] == ["wright.brian@gmail.com"]
    assert brian["external_ids"] == ["0035g00000tkXMDAA2"]
    assert (brian["source_row"], brian["source_line"]) == (1, 2)

    events = _by(lake.read("interaction"), "interaction_id")
    assert sorted(events) == ["ticket/9120", "ticket/9121", "ticket/9122"]
    first = events["ticket/9120"]
    assert (first["kind"], first["record_id"], first["title"], first["status"]) == (
        "ticket",
        "19687327705844123",
        "Return request",
        "Closed",
    )
    assert first["occurred_at"] == datetime(2023, 1, 2, 12, 49, tzinfo=UTC)
    assert {k: (e["channel"], e["satisfaction"]) for k, e in events.items()} == {
        "ticket/9120": ("web", 1.0),
        "ticket/9121": ("voice", 0.0),
        "ticket/9122": ("carrier_pigeon", None),
    }
    assert json.loads(events["ticket/9121"]["attributes"])["Priority"] == "Urgent"

    bad = lake.read("quarantine").row(0, named=True)
    assert (bad["file"], bad["row"], bad["line"], bad["field"]) == (str(path), 4, 5, "Created at")
    assert "ticket: unparseable date in field 'Created at': 'someday'" in bad["reason"]
